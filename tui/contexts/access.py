"""Card actions and the create command for users: roles, clearance, account, deactivation; and for payments
awaiting a second user's approval: approve, reject (merged into the card and the shell by tui.plugins)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.preferences import CALENDARS, DIGIT_SETS, LANGUAGES
from tui.i18n.catalogue import N_
from tui.screens.card import Action

GROUP = "Organisation"


def user_actions(u: Any) -> list[Action]:
    who = {"user": u.name}
    fixed = frozenset({"user"})
    offered = (("g", N_("Grant role"), "users.grant"), ("v", N_("Revoke role"), "users.revoke"),
               ("c", N_("Set clearance"), "users.clearance"), ("l", N_("Map to an account"), "users.login"),
               ("x", N_("Deactivate"), "users.deactivate"))
    out = [Action(key, label, command, who, fixed) for key, label, command in offered if u.allows(command) is None]
    if u.allows("users.preferences") is None:
        chosen = {"language": u.language or None, "calendar": u.calendar, "digits": u.digits}
        out.append(Action("p", N_("Language, calendar, digits"), "users.preferences", who | chosen, fixed))
    return out


def approval_actions(p: Any) -> list[Action]:
    entry = {"entry": str(p.id)}
    fixed = frozenset({"entry"})
    offered = (("a", N_("Approve (the payment is made)"), "approvals.approve"), ("r", N_("Reject"), "approvals.reject"))
    return [Action(key, label, command, entry, fixed) for key, label, command in offered if p.allows(command) is None]


ACTIONS: dict[str, Callable[[Any], list[Action]]] = {"User": user_actions, "PendingPayment": approval_actions}
CREATE = {"users": "users.add"}
CHOICES = {"language": LANGUAGES, "calendar": CALENDARS, "digits": DIGIT_SETS}
