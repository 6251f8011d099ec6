"""Card actions, notes and form hints for correspondence (incoming, outgoing and confidential documents) and
disposal acts (merged into the card and the forms by tui.plugins)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain.correspondence import CLASSIFICATIONS, CONTROL, DEFAULT_WORKING_DAYS, DOCUMENT_RULES, DisposalAct, Document
from projections.correspondence import allowing
from tui.i18n.catalogue import N_, _, ngettext
from tui.screens.card import Action
from tui.widgets.fields import EMPLOYEE, Reference

GROUP = "General department"

# ---- card actions --------------------------------------------------------------------------------


def _today() -> str:
    return date.today().isoformat()


def _act(key: str, label: str, command: str, values: dict[str, Any], *fixed: str) -> Action:
    return Action(key, label, command, values, frozenset(fixed))


def document_actions(d: Any) -> list[Action]:
    """The document's actions its state allows (Document.allows), in the order the card shows them."""
    on = _today()
    ref = {"document": d.number}
    offered = (
        _act("r", N_("Resolve to a unit"), "correspondence.resolve",
             {**ref, "on": on, "unit": d.unit or "", "working_days": DEFAULT_WORKING_DAYS}, "document"),
        _act("e", N_("Report execution"), "correspondence.report-execution", {**ref, "on": on}, "document"),
        _act("y", N_("Reply"), "correspondence.send",
             {"in_reply_to": d.number, "addressee": d.correspondent, "sent_on": on,
              "subject": f"Re: {d.subject}" if d.subject else "",
              "classification": d.classification, "control": "end"}, "in_reply_to"),
        _act("h", N_("Hand over against a receipt"), "correspondence.hand-over", {**ref, "on": on}, "document"),
        _act("t", N_("Take back"), "correspondence.return", {**ref, "employee": d.holder or "", "on": on},
             "document", "employee"),
        _act("f", N_("File into a case file"), "correspondence.file", {**ref, "on": on}, "document"),
        _act("d", N_("Dispose of (approved act)"), "correspondence.dispose", {**ref, "on": on}, "document"),
    )
    return [a for a in offered if d.allows(a.command) is None]


def act_actions(a: Any) -> list[Action]:
    if a.allows("correspondence.approve-disposal-act") is not None:
        return []
    return [_act("a", N_("Approve (chairman)"), "correspondence.approve-disposal-act",
                 {"act": a.number, "on": _today()}, "act")]


ACTIONS: dict[str, Callable[[Any], list[Action]]] = {"Document": document_actions, "DisposalAct": act_actions}


# ---- notes -----------------------------------------------------------------------------------------


def document_notes(secretariat: Any, d: Any) -> list[str]:
    notes = []
    today = date.today()
    if d.direction == "incoming" and d.status == "registered" and not d.sealed and d.case_file is None:
        notes.append(_("awaits the chairman's resolution (a head resolves it to an executing unit), or file it if it "
                     "is for information only"))
    if d.allows("correspondence.report-execution") is None and d.due is not None:  # under control
        if d.due < today:
            notes.append(_("overdue by {days} days: due {due}, executing unit {unit}", days=(today - d.due).days,
                           due=d.due, unit=d.unit))
        else:
            notes.append(_("under control: {unit} must report execution by {due}", unit=d.unit, due=d.due))
        notes.append(_("cannot be filed until its execution is reported; a reply (y) with control 'end' reports it"))
    if d.sealed:
        notes.append(_("logged unopened; hand it over to the addressee against a receipt"))
    if d.holder is not None:
        notes.append(_("held by employee {holder} against receipt {receipt}; take it back before filing",
                       holder=d.holder, receipt=d.receipt))
    if d.allows("correspondence.dispose") is None:  # filed
        notes.append(_("filed in {case_file}; disposed of only under an approved disposal act",
                       case_file=d.case_file))
    return notes


def act_notes(secretariat: Any, a: Any) -> list[str]:
    if a.allows("correspondence.approve-disposal-act") is None:  # a draft
        return [_("documents are disposed of under this act only once the chairman approves it")]
    files = ", ".join(a.case_files) if a.case_files else _("none yet")
    return [ngettext("{n} document disposed of; case files: {files}", "{n} documents disposed of; case files: {files}",
                     a.documents, n=a.documents, files=files)]


NOTES: dict[str, Callable[[Any, Any], list[str]]] = {"Document": document_notes, "DisposalAct": act_notes}


# ---- form hints ------------------------------------------------------------------------------------


def _documents(command: str) -> Reference:
    """The documents whose state the domain allows `command` on (its declared condition)."""
    return Reference("correspondence", "number", "subject", active_only=False,
                     where=allowing(Document, command), confidential="confidential")


COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {
    **{(command, "document"): _documents(command) for command in DOCUMENT_RULES if command != "correspondence.send"},
    ("correspondence.send", "in_reply_to"): _documents("correspondence.send"),  # the letter a reply answers
    ("correspondence.hand-over", "employee"): EMPLOYEE,
    # Personnel's register "staff" lives in the table "employees" (projections/personnel.py).
    ("correspondence.return", "employee"): Reference("employees", "number", "full_name", active_only=False,
                                                     where="holdings > 0"),
    ("correspondence.dispose", "act"): Reference("disposal_acts", "number", "basis", active_only=False,
                                                 where="status = 'approved'"),
    ("correspondence.approve-disposal-act", "act"): Reference(
        "disposal_acts", "number", "basis", active_only=False,
        where=allowing(DisposalAct, "correspondence.approve-disposal-act")),
}
COMMAND_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("correspondence.receive", "classification"): CLASSIFICATIONS,
    ("correspondence.send", "classification"): CLASSIFICATIONS,
    ("correspondence.send", "control"): CONTROL,
}
LABELS = {
    "received_on": "Received on", "sent_on": "Sent on", "their_number": "Sender's own number",
    "their_date": "Sender's date", "in_reply_to": "In reply to (incoming number)",
    "working_days": "Working days", "case_file": "Case file", "drafted_on": "Drafted on",
    "employee": "Employee (personnel number)", "receipt": "Receipt number", "act": "Disposal act",
    "control": "Control of the letter answered (end: executed by this reply; keep: an interim reply)",
}
CREATE = {"correspondence": "correspondence.receive", "disposal-acts": "correspondence.draft-disposal-act"}
# Enter on a report's row opens the register behind it, filtered to that row's records (a filter template).
DRILL = {"incoming-journal": ("correspondence", "{number}"), "outgoing-journal": ("correspondence", "{number}"),
         "documents-under-control": ("correspondence", "{number}")}
