"""Card actions and form hints for the working calendar (holidays and the weekend), merged into the card and
the forms by tui.plugins."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.calendar import COUNTRIES, weekend_text
from tui.i18n.catalogue import N_
from tui.screens.card import Action

GROUP = "General department"


def _act(key: str, label: str, command: str, values: dict[str, Any], *fixed: str) -> Action:
    return Action(key, label, command, values, frozenset(fixed))


def calendar_actions(c: Any) -> list[Action]:
    return [_act("h", N_("Declare a holiday"), "calendar.declare-holiday", {}),
            _act("r", N_("Remove a holiday"), "calendar.remove-holiday", {}),
            _act("w", N_("Set the weekend"), "calendar.set-weekend", {"weekend": weekend_text(c.weekend)}),
            _act("l", N_("Load a year's public holidays"), "calendar.load-holidays", {})]


ACTIONS: dict[str, Callable[[Any], list[Action]]] = {"Calendar": calendar_actions}
LABELS = {"holiday_name": "Holiday", "weekend": "Weekend days (e.g. sat,sun)"}
COMMAND_CHOICES = {("calendar.load-holidays", "country"): tuple(COUNTRIES)}
COMMAND_LABELS = {("calendar.load-holidays", "country"): "Country (AF Afghanistan, AZ Azerbaijan)",
                  ("calendar.load-holidays", "names_in"): "Names in (e.g. en_US, fa_AF, ps_AF, az)"}
CREATE = {"holidays": "calendar.declare-holiday"}
