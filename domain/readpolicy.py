"""The one read policy: for an actor, which registers, which rows and which event fields they may read.

Every way of reading (the command line's `show`, `show --as-of`, `log`, `history`, `report`, `export`;
the UI's tables, as-of view, replay, event detail, history, reports and type-ahead) asks this module:

- a register or report is read only by the roles it declares (`register_refusal`);
- confidential records (and the events of their streams) only by users cleared `confidential`;
  an uncleared reader sees a confidential event's envelope (who, when, type, position) and the word
  `confidential` in place of its fields and reason (`event_view`);
- office scope (`domain.access.office_scope`): a provincial user reads the rows of their provincial
  office only, in every register with a unit column; headquarters users and auditors read all;
- the event log is for auditors and administrators; an export for outside auditors carries every
  record, so it needs clearance for confidential records.

It decides; the read side turns its answers into SQL conditions and redactions.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.access import User, in_scope, office_scope, record_units
from domain.errors import Message
from domain.roles import AUDIT_READERS

CONFIDENTIAL = "confidential"  # what an uncleared reader sees in place of a confidential event's fields


@dataclass(frozen=True)
class Reader:
    """What the policy needs to know about whoever reads."""

    name: str
    roles: frozenset[str]
    cleared: bool
    offices: frozenset[str] | None  # the unit codes whose rows they read; None: every unit

    def sees_unit(self, code: str | None) -> bool:
        """Whether a row or record of unit `code` is in scope (a row without a unit is headquarters')."""
        if self.offices is None:
            return True
        return code is not None and code.upper() in self.offices


def reader(actor: User, find: Callable[[UUID], Any]) -> Reader:
    """The policy's view of `actor`; `find` loads records (units) to work out their office scope."""
    return Reader(actor.name, frozenset(actor.roles), actor.clearance == "confidential",
                  office_scope(actor, find))


def register_refusal(who: Reader, register: str, roles: Iterable[str]) -> str | None:
    """Why `who` may not read the register (or report) `register` open to `roles`; None when they may."""
    allowed = frozenset(roles)
    if who.roles & allowed:
        return None
    return Message("{register} is for {allowed}; {who_name} is {who_roles}", register=register,
                   allowed=', '.join(sorted(allowed)), who_name=who.name, who_roles=', '.join(sorted(who.roles)))


def log_refusal(who: Reader) -> str | None:
    """The event log (every event of every office) is for auditors and headquarters administrators."""
    if not who.roles & AUDIT_READERS:
        return Message("the event log is for auditors and administrators; {who_name} is {who_roles}",
                       who_name=who.name, who_roles=', '.join(sorted(who.roles)))
    if who.offices is not None:
        return Message("the event log covers every office; {who_name} sees only their own office's records",
                       who_name=who.name)
    return None


def export_refusal(who: Reader) -> str | None:
    """An export for outside auditors carries every event as stored (the chain hashes cover them whole,
    so nothing can be left out or blanked): auditors and administrators cleared for confidential records."""
    if not who.roles & AUDIT_READERS:
        return Message("exports are for auditors and administrators; {who_name} is {who_roles}", who_name=who.name,
                       who_roles=', '.join(sorted(who.roles)))
    if who.offices is not None:
        return Message("an export carries every office's records; {who_name} sees only their own office's",
                       who_name=who.name)
    if not who.cleared:
        return (Message("an export carries confidential records as stored; {who_name} is not cleared for "
                        "confidential records", who_name=who.name))
    return None


def report_refusal(who: Reader, report: str, roles: Iterable[str]) -> str | None:
    """Reports are for the roles they declare; a reader limited to one office gets them computed from
    that office's rows only (the read side shadows each register table with their rows)."""
    return register_refusal(who, f"report {report}", roles)


def record_refusal(who: Reader, record: Any, label: str) -> str | None:
    """Why `who` may not read one record (its history, its card): confidential and not cleared, or of a
    unit outside their office."""
    if record is None:
        return None
    if getattr(record, "confidential", False) and not who.cleared:
        return Message("record {label} is confidential and {who_name} is not cleared for it", label=label,
                       who_name=who.name)
    units = record_units(record)
    if not in_scope(who.offices, units):
        named = ", ".join(u for u in units or () if u) or "headquarters"
        return Message("record {label} belongs to {named}; {who_name} sees only their own office's records",
                       label=label, named=named, who_name=who.name)
    return None


def is_confidential_event(event: Any) -> bool:
    """Whether this event makes its record confidential (a document registered in the CONF series)."""
    return getattr(event, "confidential", False) is True


class ConfidentialStreams:
    """Follows a history in position order and knows which records (streams) are confidential so far.

    One command's events share their envelope (its reason among them) whichever records they change, so a
    command that touched a confidential record is confidential as a whole: `group` answers for all of them.
    """

    def __init__(self) -> None:
        self.streams: set[UUID] = set()

    def see(self, event: Any) -> bool:
        """Note `event`; whether it belongs to a confidential record."""
        if is_confidential_event(event):
            self.streams.add(event.originator_id)
        return event.originator_id in self.streams

    def group(self, events: Iterable[Any]) -> bool:
        """Note one command's events; whether any of them belongs to a confidential record."""
        return any([self.see(e) for e in events])  # a list: every event is noted


def event_view(who: Reader, confidential: bool, payload: Mapping[str, Any], reason: str
               ) -> tuple[dict[str, Any] | str, str]:
    """The payload and reason `who` may read of one event: as stored, or `confidential` for both."""
    if confidential and not who.cleared:
        return CONFIDENTIAL, CONFIDENTIAL
    return dict(payload), reason
