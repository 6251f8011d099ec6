"""Card actions, notes and form hints for the Commission's sessions (merged into the card and the forms by
tui.plugins). What a session allows is read from the record's state; the rules themselves stay in the domain."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain.acts import awaiting_decision
from domain.rules import allows
from domain.sessions import ATTENDANCE, ITEM_KINDS, MAJORITIES, SESSION_KINDS, SESSION_RULES, Session, quorum
from projections.sessions import allowing
from tui.i18n.catalogue import N_, _
from tui.screens.card import Action
from tui.widgets.fields import Reference

GROUP = "The Commission"


def _act(key: str, label: str, command: str, values: dict[str, Any], *fixed: str) -> Action:
    return Action(key, label, command, values, frozenset(fixed))


def session_actions(s: Any) -> list[Action]:
    ref = {"session": s.number}
    today = date.today().isoformat()
    out = [_act(key, label, command, {**ref, **values}, "session", *fixed) for key, label, command, values, fixed in (
        ("m", N_("Record the minutes"), "sessions.minutes", {"on": today}, ()),
        ("n", N_("Send a notice"), "sessions.notify", {"sent_on": today}, ()),
        ("i", N_("Add an agenda item"), "sessions.add-item", {}, ()),
        ("r", N_("Take the roll call"), "sessions.roll-call", {}, ()),
        ("t", N_("Mark attendance"), "sessions.attendance", {}, ()),
        ("o", N_("Open (checks the quorum)"), "sessions.open", {"on": s.held_on.isoformat()}, ("on",)),
        ("v", N_("Record a vote"), "sessions.vote",
         {"item": next(iter(s.items_unvoted()), None)}, ())) if s.allows(command) is None]
    if allows(s, "decisions.register") is None:  # the acts context's rule: an adopted item awaits its decision
        out.append(_act("d", N_("Register the decision"), "decisions.register",
                        {**ref, "item": awaiting_decision(s)[0]}, "session"))
    out += [_act(key, label, command, {**ref, "on": on}, "session") for key, label, command, on in (
        ("j", N_("Adjourn"), "sessions.adjourn", today), ("c", N_("Close"), "sessions.close", today),
        ("u", N_("Continue (checks the quorum)"), "sessions.continue", (s.continues_on or s.held_on).isoformat()))
        if s.allows(command) is None]
    return out


ACTIONS: dict[str, Callable[[Any], list[Action]]] = {"Session": session_actions}


def session_notes(secretariat: Any, s: Any) -> list[str]:
    notes = []
    if s.allows("sessions.open") is None:  # convened: it opens with a quorum
        present = len(s.present())
        notes.append(_("{present} member(s) marked present; the session opens only with a quorum (two thirds of the "
                       "membership on the day, present in person)", present=present))
    if s.roster:
        notes.append(_("membership on the day: {roster_count}; quorum {quorum}", roster_count=len(s.roster),
                       quorum=quorum(len(s.roster))))
    pending = [str(n) for n in s.items_unvoted()]
    if pending and s.allows("sessions.open") is not None:  # past convening
        notes.append(_("items not yet voted: {pending}", pending=', '.join(pending)))
    unregistered = [str(n) for n in awaiting_decision(s)]
    if unregistered:
        notes.append(_("adopted items without a registered decision: {unregistered}",
                       unregistered=', '.join(unregistered)))
    if s.allows("sessions.continue") is None:  # adjourned
        notes.append(_("adjourned; continues on {continues_on}", continues_on=s.continues_on))
    if s.minutes:
        files = "; ".join(f"{r['file']} sha256 {r['sha256']}" for r in s.minutes["recordings"]) or "no recordings"
        notes.append(_("minutes {number} of {on}: {files}", number=s.minutes['number'], on=s.minutes['on'],
                       files=files))
    return notes


NOTES: dict[str, Callable[[Any, Any], list[str]]] = {"Session": session_notes}

MEMBER = Reference("commission_members", "member", "role", active_only=False, where="commission_label = 'CEC'")
GUEST = Reference("accreditations", "document", "name", active_only=False,
                  where="level = 'individual' AND status = 'accredited' AND category <> 'party agent'")
COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {
    **{(c, "session"): Reference("sessions", "number", "held_on", active_only=False, where=allowing(Session, c))
       for c in SESSION_RULES},
    ("sessions.convene", "chair"): MEMBER,
    ("sessions.notify", "member"): MEMBER,
    ("sessions.attendance", "member"): MEMBER,
    ("sessions.attendance", "proxy"): MEMBER,
    ("sessions.notify", "document"): GUEST,
}
COMMAND_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("sessions.convene", "kind"): SESSION_KINDS,
    ("sessions.add-item", "item_kind"): ITEM_KINDS,
    ("sessions.attendance", "status"): ATTENDANCE,
    ("sessions.set-majority", "item_kind"): ITEM_KINDS,
    ("sessions.set-majority", "majority"): MAJORITIES,
}
COMMAND_LABELS = {
    ("sessions.notify", "member"): "Member (or leave blank for an invited person)",
    ("sessions.notify", "document"): "Invited person's accreditation document",
    ("sessions.attendance", "reason"): "Reason of absence",
    ("sessions.roll-call", "absent"): "Absent (Name=reason; ...)",
    ("sessions.attendance", "proxy"): "Proxy held by (a member present)",
    ("sessions.vote", "ballots"): "Per member (Name=for; Name=against; ...), or leave blank",
    ("sessions.minutes", "recordings"): "Recordings (file-name sha256; ...)",
    ("sessions.add-item", "drafts"): "Draft documents (separated by ;)",
}
LABELS = {"held_on": "Held on", "item_title": "Title", "item_kind": "Kind", "votes_for": "For",
          "continues_on": "Continues on", "sent_on": "Sent on"}
CREATE = {"sessions": "sessions.convene", "agenda-items": "sessions.add-item"}
