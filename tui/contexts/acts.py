"""Card actions, notes and form hints for decisions, normative acts, the Chairman's orders, extracts and their
execution control (merged into the card and the forms by tui.plugins)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain.acts import MEDIA, ORDER_KINDS, ORDER_STATUSES, Decision
from domain.control import DEFAULT_CONTROL_DAYS
from domain.personnel import EMPLOYED
from domain.sessions import Session
from projections import acts, sessions
from tui.i18n.catalogue import N_, _
from tui.screens.card import Action
from tui.widgets.fields import EMPLOYEE, Reference, with_status

GROUP = "The Commission"


def _act(key: str, label: str, command: str, values: dict[str, Any], *fixed: str) -> Action:
    return Action(key, label, command, values, frozenset(fixed))


def _control(record: str, r: Any) -> list[Action]:
    today = date.today().isoformat()
    out = [_act("u", N_("Put under control (executing unit)"), "control.assign",
                {"record": record, "on": today, "working_days": DEFAULT_CONTROL_DAYS}, "record")]
    open_units = [u for u, a in r.control.items() if a["executed_on"] is None]
    if open_units:
        out.append(_act("e", N_("Report execution"), "control.report", {"record": record, "unit": open_units[0],
                                                                     "on": today}, "record"))
    return out


def decision_actions(d: Any) -> list[Action]:
    today = date.today().isoformat()
    ref = {"decision": d.number}
    out = [_act("x", N_("Issue a certified extract"), "extracts.issue", {**ref, "issued_on": today}, "decision")]
    out += _control(d.number, d)
    missing = [m for m in MEDIA if m not in d.publications]
    if d.allows("decisions.publish") is None:
        out.append(_act("p", N_("Record a publication"), "decisions.publish",
                        {**ref, "medium": missing[0], "on": today}, "decision"))
    if d.allows("decisions.send-to-state-register") is None:
        out.append(_act("s", N_("Send to the State Register"), "decisions.send-to-state-register", {**ref, "on": today},
                        "decision"))
    if d.allows("decisions.state-registered") is None:
        out.append(_act("g", N_("Record the State Register's number"), "decisions.state-registered",
                        {**ref, "on": today}, "decision"))
    if d.allows("acts.repeal") is None:
        out += [_act("a", N_("Amend by a later act"), "acts.amend", {"act": d.number, "effective": today}, "act"),
                _act("r", N_("Repeal by a later act"), "acts.repeal", {"act": d.number, "effective": today}, "act")]
    return out


def order_actions(o: Any) -> list[Action]:
    today = date.today().isoformat()
    ref = {"order": o.number or o.draft}
    steps = [_act(key, label, command, {**ref, "on": today}, "order") for key, label, command in _ORDER_STEPS
             if o.allows(command) is None]
    return steps or _control(o.number, o)


_ORDER_STEPS = (("b", N_("Submit to the Law department"), "orders.submit"),
                ("v", N_("Give the Law department's visa"), "orders.visa"),
                ("r", N_("Return with remarks"), "orders.return"),
                ("s", N_("Sign and register (Chairman)"), "orders.sign"))


ACTIONS: dict[str, Callable[[Any], list[Action]]] = {"Decision": decision_actions, "Order": order_actions}


def _control_notes(r: Any) -> list[str]:
    today = date.today()
    notes = []
    for unit, a in r.control.items():
        if a["executed_on"] is not None:
            late = " (late)" if a["executed_on"] > a["due"] else ""
            notes.append(_("{unit} executed on {executed_on}{late}: {report}", unit=unit,
                           executed_on=a['executed_on'], late=late, report=a['report']))
        elif a["due"] < today:
            notes.append(_("overdue by {days} days: {unit}, due {due} ({instruction})", days=(today - a['due']).days,
                           unit=unit, due=a['due'], instruction=a['instruction']))
        else:
            notes.append(_("under control: {unit} by {due} ({instruction})", unit=unit, due=a['due'],
                           instruction=a['instruction']))
    if r.controlled_until:
        notes.append(_("controlled until {controlled_until}", controlled_until=r.controlled_until))
    return notes


def decision_notes(secretariat: Any, d: Any) -> list[str]:
    notes = [_("adopted at {session}, item {item}, votes {votes} (for-against-abstained)", session=d.session,
               item=d.item, votes=d.votes)]
    if d.normative:
        if d.repealed:
            notes.append(_("repealed by {by} from {effective}", by=d.repealed['by'],
                           effective=d.repealed['effective']))
        elif d.amendments:
            notes.append(_("in force in its edition {amendments_count}, from {effective}",
                           amendments_count=len(d.amendments) + 1, effective=d.amendments[-1]['effective']))
        if d.state_register is None:
            notes.append(_("not yet sent to the State Register of legal acts"))
    return notes + _control_notes(d)


def order_notes(secretariat: Any, o: Any) -> list[str]:
    notes = []
    if o.allows("orders.submit") is None or o.allows("orders.visa") is None:  # before the visa
        notes.append(_("an order is signed only after the Law department's visa"))
    notes += [_("returned: {remark}", remark=r) for r in o.remarks]
    if o.visa:
        notes.append(_("visa of {lawyer} on {on}: {opinion}", lawyer=o.visa["lawyer"], on=o.visa["on"],
                       opinion=o.visa["opinion"]) if o.visa["opinion"] else
                     _("visa of {lawyer} on {on}", lawyer=o.visa["lawyer"], on=o.visa["on"]))
    return notes + _control_notes(o)


NOTES: dict[str, Callable[[Any, Any], list[str]]] = {"Decision": decision_notes, "Order": order_notes}

DECISION = Reference("decisions", "number", "title", active_only=False)
ACT = Reference("decisions", "number", "title", active_only=False, where="normative = 1")
LAWYER = Reference("employees", "number", "full_name", active_only=False,
                   where=f"{with_status(EMPLOYED)} AND unit_code = 'LEGAL'")


def _decisions(command: str) -> Reference:
    return Reference("decisions", "number", "title", active_only=False, where=acts.allowing(Decision, command))


def _orders(where: str) -> Reference:
    return Reference("orders", "draft", "title", active_only=False, where=where)


COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {
    # the records whose state allows each command, as the domain declares it (the registers' filters)
    ("decisions.register", "session"): Reference("sessions", "number", "held_on", active_only=False,
                                                 where=sessions.allowing(Session, "decisions.register")),
    **{(name, "decision"): _decisions(name)
       for name in ("decisions.publish", "decisions.send-to-state-register", "decisions.state-registered")},
    ("acts.amend", "act"): _decisions("acts.amend"), ("acts.amend", "by"): ACT,
    ("acts.repeal", "act"): _decisions("acts.repeal"), ("acts.repeal", "by"): ACT,
    ("extracts.issue", "decision"): DECISION,
    ("extracts.issue", "certified_by"): EMPLOYEE,
    **{(name, "order"): _orders("status IN ({})".format(", ".join(f"'{s}'" for s in statuses)))
       for name, statuses in ORDER_STATUSES.items()},
    ("orders.visa", "lawyer"): LAWYER,
    ("orders.return", "lawyer"): LAWYER,
}
COMMAND_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("decisions.publish", "medium"): MEDIA,
    ("orders.draft", "order_kind"): tuple(ORDER_KINDS),
}
COMMAND_LABELS = {
    ("control.assign", "record"): "Decision or order (DEC-, ORD-, PER-, DCR- number)",
    ("control.report", "record"): "Decision or order (DEC-, ORD-, PER-, DCR- number)",
    ("acts.amend", "by"): "Amended by (a later act)",
    ("acts.repeal", "by"): "Repealed by (a later act)",
    ("extracts.issue", "certified_by"): "Certified by (personnel number)",
    ("orders.visa", "lawyer"): "Lawyer of the Law department (personnel number)",
    ("orders.return", "lawyer"): "Lawyer of the Law department (personnel number)",
}
LABELS = {"decision_title": "Title (blank: the item's)", "order_title": "Title", "order_kind": "Kind",
          "registration_number": "State Register number", "issued_on": "Issued on"}
CREATE = {"orders": "orders.draft", "decisions": "decisions.register", "extracts": "extracts.issue",
          "execution-control": "control.assign"}
