"""Card actions, notes and form hints for correspondence, appeals, receptions, disposal acts and the working
calendar (merged into the card and the forms by tui.plugins)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain.appeals import CHANNELS, KINDS, ON_TERM, OPEN
from domain.calendar import weekend_text
from domain.correspondence import CLASSIFICATIONS, CONTROL, DEFAULT_WORKING_DAYS
from tui.screens.card import Action
from tui.widgets.fields import Reference

# ---- card actions --------------------------------------------------------------------------------


def _today() -> str:
    return date.today().isoformat()


def _act(key: str, label: str, command: str, values: dict[str, Any], *fixed: str) -> Action:
    return Action(key, label, command, values, frozenset(fixed))


def document_actions(d: Any) -> list[Action]:
    if d.status == "disposed":
        return []
    on = _today()
    ref = {"document": d.number}
    out: list[Action] = []
    if d.direction == "incoming" and d.status in ("registered", "under control"):
        out.append(_act("r", "Resolve to a unit", "correspondence.resolve",
                        {**ref, "on": on, "unit": d.unit or "", "working_days": DEFAULT_WORKING_DAYS}, "document"))
    if d.status == "under control":
        out.append(_act("e", "Report execution", "correspondence.report-execution", {**ref, "on": on}, "document"))
    if d.direction == "incoming":
        out.append(_act("y", "Reply", "correspondence.send",
                        {"in_reply_to": d.number, "addressee": d.correspondent, "sent_on": on,
                         "subject": f"Re: {d.subject}" if d.subject else "",
                         "classification": d.classification, "control": "end"}, "in_reply_to"))
    if d.confidential and d.holder is None and d.status != "filed":
        out.append(_act("h", "Hand over against a receipt", "correspondence.hand-over", {**ref, "on": on},
                        "document"))
    if d.holder is not None:
        out.append(_act("t", "Take back", "correspondence.return", {**ref, "employee": d.holder, "on": on},
                        "document", "employee"))
    if d.status not in ("filed", "under control") and d.holder is None:
        out.append(_act("f", "File into a case file", "correspondence.file", {**ref, "on": on}, "document"))
    if d.status == "filed":
        out.append(_act("d", "Dispose of (approved act)", "correspondence.dispose", {**ref, "on": on}, "document"))
    return out


def appeal_actions(a: Any) -> list[Action]:
    on = _today()
    ref = {"appeal": a.number}
    out: list[Action] = []
    if a.status == "received":
        out += [_act("a", "Assign (chairman)", "appeals.assign", {**ref, "on": on}, "appeal"),
                _act("i", "Declare inadmissible", "appeals.declare-inadmissible", {**ref, "on": on}, "appeal"),
                _act("o", "Refer out", "appeals.refer-out", {**ref, "on": on}, "appeal")]
    if a.status == "assigned":
        out.append(_act("s", "Start review", "appeals.start-review", {**ref, "on": on}, "appeal"))
    if a.status == "under review":
        out.append(_act("x", "Expert opinion", "appeals.expert-opinion", {**ref, "on": on}, "appeal"))
    if a.status in ("under review", "expert opinion"):
        out.append(_act("d", "Decide", "appeals.decide", {**ref, "on": on}, "appeal"))
    if a.status in ("decided", "inadmissible"):
        out.append(_act("w", "Answer (link the outgoing response)", "appeals.answer", {**ref, "on": on}, "appeal"))
    if a.status in ON_TERM:
        out.append(_act("e", "Extend the term", "appeals.extend", ref, "appeal"))
    if a.status in OPEN:
        out.append(_act("u", "Escalate to a higher body", "appeals.escalate", {**ref, "on": on}, "appeal"))
    if a.status in ("answered", "referred out", "escalated"):
        out.append(_act("c", "Close", "appeals.close", {**ref, "on": on}, "appeal"))
    return out


def reception_actions(r: Any) -> list[Action]:
    return [_act("p", "Register an appeal from this reception", "appeals.register",
                 {"reception": r.number, "channel": "reception", "applicant": r.citizen, "contact": r.contact,
                  "received_on": r.held_on.isoformat(), "subject": r.topic}, "reception", "channel")]


def act_actions(a: Any) -> list[Action]:
    if a.status == "draft":
        return [_act("a", "Approve (chairman)", "correspondence.approve-disposal-act", {"act": a.number,
                                                                                       "on": _today()}, "act")]
    return []


def calendar_actions(c: Any) -> list[Action]:
    return [_act("h", "Declare a holiday", "calendar.declare-holiday", {}),
            _act("r", "Remove a holiday", "calendar.remove-holiday", {}),
            _act("w", "Set the weekend", "calendar.set-weekend", {"weekend": weekend_text(c.weekend)})]


ACTIONS: dict[str, Callable[[Any], list[Action]]] = {
    "Document": document_actions, "Appeal": appeal_actions, "Reception": reception_actions,
    "DisposalAct": act_actions, "Calendar": calendar_actions,
}


# ---- notes -----------------------------------------------------------------------------------------


def document_notes(secretariat: Any, d: Any) -> list[str]:
    notes = []
    today = date.today()
    if d.direction == "incoming" and d.status == "registered" and not d.sealed and d.case_file is None:
        notes.append("awaits the chairman's resolution (a head resolves it to an executing unit), or file it if it "
                     "is for information only")
    if d.status == "under control" and d.due is not None:
        if d.due < today:
            notes.append(f"overdue by {(today - d.due).days} days: due {d.due}, executing unit {d.unit}")
        else:
            notes.append(f"under control: {d.unit} must report execution by {d.due}")
        notes.append("cannot be filed until its execution is reported; a reply (y) with control 'end' reports it")
    if d.sealed:
        notes.append("logged unopened; hand it over to the addressee against a receipt")
    if d.holder is not None:
        notes.append(f"held by employee {d.holder} against receipt {d.receipt}; take it back before filing")
    if d.status == "filed":
        notes.append(f"filed in {d.case_file}; disposed of only under an approved disposal act")
    return notes


def act_notes(secretariat: Any, a: Any) -> list[str]:
    if a.status == "draft":
        return ["documents are disposed of under this act only once the chairman approves it"]
    files = ", ".join(a.case_files) if a.case_files else "none yet"
    return [f"{a.documents} document(s) disposed of; case files: {files}"]


def appeal_notes(secretariat: Any, a: Any) -> list[str]:
    notes = []
    today = date.today()
    if a.status in ON_TERM and a.due is not None:
        if a.due < today:
            notes.append(f"overdue by {(today - a.due).days} days: due {a.due}, lead unit {a.lead_unit}")
        else:
            notes.append(f"due {a.due} ({(a.due - today).days} days left), lead unit {a.lead_unit}")
    if a.status != "closed" and not a.response:
        notes.append("cannot close yet: no registered outgoing response or referral notice is linked")
    if a.extensions:
        notes.append(f"term extended {a.extensions} time(s)")
    return notes


NOTES: dict[str, Callable[[Any, Any], list[str]]] = {"Document": document_notes, "Appeal": appeal_notes,
                                                     "DisposalAct": act_notes}


# ---- form hints ------------------------------------------------------------------------------------


def _documents(where: str) -> Reference:
    return Reference("correspondence", "number", "subject", active_only=False, where=where,
                     confidential="confidential")


def _appeals(where: str) -> Reference:
    return Reference("appeals", "number", "applicant", active_only=False, where=where)


UNIT = Reference("units", "code", "name")
# Personnel's register "staff" lives in the table "employees" (projections/personnel.py).
EMPLOYEE = Reference("employees", "number", "full_name", active_only=False, where="status <> 'separated'")
INCOMING = _documents("direction = 'incoming' AND status NOT IN ('disposed')")
OUTGOING = _documents("direction = 'outgoing' AND status <> 'disposed'")
_OPEN = "status IN ('received', 'assigned', 'under review', 'expert opinion', 'decided')"

COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {
    ("correspondence.resolve", "document"): _documents(
        "direction = 'incoming' AND status IN ('registered', 'sealed', 'under control')"),
    ("correspondence.report-execution", "document"): _documents("status = 'under control'"),
    ("correspondence.send", "in_reply_to"): INCOMING,
    ("correspondence.hand-over", "document"): _documents(
        "confidential = 1 AND holder IS NULL AND status NOT IN ('filed', 'disposed')"),
    ("correspondence.hand-over", "employee"): EMPLOYEE,
    ("correspondence.return", "document"): _documents("holder IS NOT NULL"),
    ("correspondence.return", "employee"): Reference("employees", "number", "full_name", active_only=False,
                                                     where="holdings > 0"),
    ("correspondence.file", "document"): _documents("status NOT IN ('filed', 'disposed', 'under control')"),
    ("correspondence.dispose", "document"): _documents("status = 'filed'"),
    ("correspondence.dispose", "act"): Reference("disposal_acts", "number", "basis", active_only=False,
                                                 where="status = 'approved'"),
    ("correspondence.approve-disposal-act", "act"): Reference("disposal_acts", "number", "basis",
                                                              active_only=False, where="status = 'draft'"),
    ("appeals.register", "reception"): Reference("receptions", "number", "citizen", active_only=False),
    ("appeals.assign", "appeal"): _appeals("status = 'received'"),
    ("appeals.assign", "lead_unit"): UNIT,
    ("appeals.start-review", "appeal"): _appeals("status = 'assigned'"),
    ("appeals.expert-opinion", "appeal"): _appeals("status = 'under review'"),
    ("appeals.decide", "appeal"): _appeals("status IN ('under review', 'expert opinion')"),
    ("appeals.extend", "appeal"): _appeals("status IN ('assigned', 'under review', 'expert opinion', 'decided')"),
    ("appeals.answer", "appeal"): _appeals("status IN ('decided', 'inadmissible')"),
    ("appeals.answer", "response"): OUTGOING,
    ("appeals.declare-inadmissible", "appeal"): _appeals("status = 'received'"),
    ("appeals.refer-out", "appeal"): _appeals("status = 'received'"),
    ("appeals.refer-out", "notice"): OUTGOING,
    ("appeals.escalate", "appeal"): _appeals(_OPEN),
    ("appeals.escalate", "notice"): OUTGOING,
    ("appeals.close", "appeal"): _appeals("status IN ('answered', 'referred out', 'escalated')"),
}
COMMAND_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("appeals.register", "kind"): KINDS,
    ("appeals.register", "channel"): CHANNELS,
    ("correspondence.receive", "classification"): CLASSIFICATIONS,
    ("correspondence.send", "classification"): CLASSIFICATIONS,
    ("correspondence.send", "control"): CONTROL,
}
COMMAND_PATTERNS: dict[tuple[str, str], tuple[str, str]] = {
    ("appeals.assign", "co_units"): (r"^[A-Za-z0-9-]+(\s*[,;]\s*[A-Za-z0-9-]+)*$", "unit codes separated by commas"),
}
LABELS = {
    "received_on": "Received on", "sent_on": "Sent on", "their_number": "Sender's own number",
    "their_date": "Sender's date", "in_reply_to": "In reply to (incoming number)", "lead_unit": "Lead unit",
    "co_units": "Co-units (codes, comma-separated)", "working_days": "Working days", "case_file": "Case file",
    "holiday_name": "Holiday", "held_on": "Held on", "drafted_on": "Drafted on", "body": "Body (addressee)",
    "notice": "Notice (outgoing number)", "response": "Response (outgoing number)",
    "employee": "Employee (personnel number)", "receipt": "Receipt number", "act": "Disposal act",
    "official": "Official receiving", "contact": "Address or contact", "weekend": "Weekend days (e.g. sat,sun)",
    "control": "Control of the letter answered (end: executed by this reply; keep: an interim reply)",
}
# What the shell's "n" (new) key could run on each of these registers (see the report: tui/app.py's CREATE).
CREATE = {"correspondence": "correspondence.receive", "appeals": "appeals.register",
          "receptions": "appeals.reception", "disposal-acts": "correspondence.draft-disposal-act",
          "holidays": "calendar.declare-holiday"}
