"""Card actions and the create command for users: roles, clearance, deactivation (merged into the card and the
shell by tui.plugins)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tui.screens.card import Action

GROUP = "Organisation"


def user_actions(u: Any) -> list[Action]:
    if not u.active:
        return []
    who = {"user": u.name}
    fixed = frozenset({"user"})
    return [Action("g", "Grant role", "users.grant", who, fixed),
            Action("v", "Revoke role", "users.revoke", who, fixed),
            Action("c", "Set clearance", "users.clearance", who, fixed),
            Action("x", "Deactivate", "users.deactivate", who, fixed)]


ACTIONS: dict[str, Callable[[Any], list[Action]]] = {"User": user_actions}
CREATE = {"users": "users.add"}
