"""Card actions, notes and form hints for the election plan's activities (merged into the card and the forms by
tui.plugins)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain import plan
from projections.conditions import allowing
from tui.i18n.catalogue import N_, _
from tui.screens.card import Action
from tui.widgets.fields import Reference

GROUP = "Planning"


def _this(a: Any) -> dict[str, Any]:
    return {"election": a.election_code, "code": a.code}


def activity_actions(a: Any) -> list[Action]:
    this, fixed = _this(a), frozenset({"election", "code"})
    today = date.today()
    steps = (("p", N_("Report progress"), "plan.report-progress", {"on": today, "percent": a.progress}),
             ("c", N_("Complete"), "plan.complete", {"on": today}),
             ("r", N_("Reschedule"), "plan.reschedule", {"starts": a.starts, "ends": a.ends}))
    return [Action(key, label, command, {**this, **values}, fixed) for key, label, command, values in steps
            if a.allows(command) is None]


def activity_notes(secretariat: Any, a: Any) -> list[str]:
    today = date.today()
    notes = []
    if a.depends_on:
        notes.append(_("depends on {depends_on}: it starts only once they are completed",
                       depends_on=', '.join(a.depends_on)))
    if a.dependants:
        notes.append(_("{dependants} wait for it", dependants=', '.join(a.dependants)))
    if a.legal:
        notes.append(_("a legal deadline: moved only by a Commission decision named in the reason"))
    if a.is_late(today) and a.completed_on is None:
        notes.append(_("LATE by {days} day(s): ended {ends}, {progress}% reported", days=(today - a.ends).days,
                       ends=a.ends, progress=a.progress))
    elif a.is_late(today):
        notes.append(_("completed late: {completed_on}, due {ends}", completed_on=a.completed_on, ends=a.ends))
    if a.code in plan.DEADLINES:
        notes.append(_("its end is the deadline for {plan_deadlines}", plan_deadlines=plan.DEADLINES[a.code]))
    return notes


ACTIONS: dict[str, Callable[[Any], list[Action]]] = {"Activity": activity_actions}
NOTES: dict[str, Callable[[Any, Any], list[str]]] = {"Activity": activity_notes}
CREATE = {"election-plan": "plan.add-activity"}
COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {  # a code like DISPUTES names an activity in every plan
    (name, "code"): Reference("plan_activities", "code", "title", active_only=False,
                              where=allowing(plan.Activity, name), scope=("election_code", "election"))
    for name in plan.Activity.STATE_RULES}
COMMAND_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {("plan.add-activity", "phase"): plan.PHASES}
NEW_NAMES = {("plan.add-activity", "code")}
LABELS = {"activity_title": "Title", "starts": "Starts", "ends": "Ends (deadline)", "legal": "Legal deadline",
          "depends_on": "Depends on (activity codes, comma-separated)", "percent": "Progress (%)"}
