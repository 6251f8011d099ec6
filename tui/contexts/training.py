"""Card actions, notes and form hints for training programmes and sessions (merged into the card and the forms
by tui.plugins)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain import training
from projections.conditions import allowing
from tui.i18n.catalogue import N_, _
from tui.screens.card import Action
from tui.widgets.fields import Reference

GROUP = "Training"


def programme_actions(p: Any) -> list[Action]:
    return [Action("s", N_("Schedule a session"), "training.schedule-session", {"programme": p.code},
                   frozenset({"programme"}))]


def session_actions(s: Any) -> list[Action]:
    this, fixed = {"session": s.code}, frozenset({"session"})
    offered = (Action("e", N_("Enrol a trainee"), "training.enrol", this, fixed),
               Action("a", N_("Record attendance"), "training.attendance", {**this, "on": max(s.starts, date.today())},
                      fixed),
               Action("t", N_("Record a test score"), "training.score", this, fixed),
               Action("c", N_("Issue a certificate"), "training.certify", {**this, "on": max(s.ends, date.today())},
                      fixed))
    return [a for a in offered if s.allows(a.command) is None]


def session_notes(secretariat: Any, s: Any) -> list[str]:
    notes = [_("{enrolled} of {capacity} places taken; trainers: {trainers}", enrolled=s.enrolled,
               capacity=s.capacity, trainers=s.trainers)]
    for key, t in sorted(s.trainees.items()):
        attended = {True: _("attended"), False: _("absent"), None: _("attendance not recorded")}[t["attended"]]
        line = _("  {who} — {name}: {attended}", who=key.split(":", 1)[1], name=t["name"], attended=attended)
        if t["score"] is not None:
            line += _(", score {score}", score=t["score"])
        if t["certificate"]:
            line += _(", certificate {certificate}", certificate=t["certificate"])
        notes.append(line)
    return notes


PROGRAMME = Reference("training_programmes", "code", "title", active_only=False)
ACTIONS: dict[str, Callable[[Any], list[Action]]] = {"Programme": programme_actions, "Session": session_actions}
NOTES: dict[str, Callable[[Any, Any], list[str]]] = {"Session": session_notes}
CREATE = {"trainings": "training.add-programme", "training-sessions": "training.schedule-session",
          "trainees": "training.enrol"}
COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {
    ("training.schedule-session", "programme"): PROGRAMME,
    ("training.schedule-session", "line"): Reference("budget_lines", "code", "description", active_only=False),
    **{(name, "session"): Reference("training_sessions", "code", "place", active_only=False,
                                    where=allowing(training.Session, name)) for name in training.Session.STATE_RULES},
}
COMMAND_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("training.add-programme", "audience"): training.AUDIENCES, ("training.enrol", "kind"): training.KINDS}
NEW_NAMES = {("training.add-programme", "code")}
LABELS = {"programme_title": "Title", "curriculum": "Curriculum", "materials": "Materials", "pass_mark": "Pass mark",
          "trainers": "Trainers", "capacity": "Capacity", "cost": "Cost", "line": "Budget line (when it costs)",
          "trainee": "Trainee (personnel number, or PE26/001-0003:NAME)", "score": "Score (0-100)",
          "attended": "Attended"}
