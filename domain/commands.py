"""Commands: the typed requests a user makes, what they may do, and the context they run in.

Every command is a msgspec Struct (its fields are the typed schema forms are built from), declares
which roles may run it and whether a reason is required, and `execute`s against a Context that
loads aggregates and collects the ones it changed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from typing import Any, ClassVar, TypeVar
from uuid import UUID

import msgspec

from domain.envelope import Envelope
from domain.errors import N_, Message, Refused
from domain.records import Record
from domain.roles import OFFICE_STAFF

R = TypeVar("R", bound=Record)

COMMANDS: dict[str, type[Command]] = {}


class Outcome(msgspec.Struct, frozen=True, kw_only=True):
    """What a command produced: a message for the user and the records it created or changed."""

    message: str
    record_ids: list[UUID] = []


class Context:
    """One command's unit of work: loads aggregates once, tracks the ones that changed."""

    def __init__(self, load: Callable[[UUID], Record | None], envelope: Envelope, *,
                 unread: Callable[[UUID], bool] | None = None) -> None:
        self._load = load
        self.envelope = envelope
        self._seen: dict[UUID, Record] = {}
        self.clashed: list[Record] = []
        # Whether loading a record would read the store: such a record being added is not looked for, the
        # insert itself refuses one that exists (the caller then runs the command again without `unread`).
        self._unread = unread
        self.assumed_new: list[UUID] = []

    def find(self, cls: type[R], record_id: UUID | None) -> R | None:
        if record_id is None:  # a reference not set (a central commission's election): nothing to find
            return None
        found = self._seen.get(record_id)  # never holds None: one hash of the id
        if found is None:
            found = self._load(record_id)
            if found is not None:
                self._seen[record_id] = found
        if found is not None and not isinstance(found, cls):
            return None
        return found

    def get(self, cls: type[R], record_id: UUID | None, missing: str) -> R:
        found = self.find(cls, record_id)
        if found is None:
            raise Refused(missing)
        return found

    def add(self, record: R) -> R:
        if record.id not in self._seen and self._unread is not None and self._unread(record.id):
            self.assumed_new.append(record.id)
        elif self.find(type(record), record.id) is not None:
            self.clashed.append(record)  # created meanwhile by another command: the caller may run again
            raise Refused("{name} already exists", name=type(record).__name__.lower())
        self._seen[record.id] = record
        return record

    def changed(self) -> list[Record]:
        return [r for r in self._seen.values() if r.pending_events]


class Command(msgspec.Struct, frozen=True, kw_only=True):
    name: ClassVar[str] = ""
    title: ClassVar[str] = ""
    roles: ClassVar[frozenset[str]] = OFFICE_STAFF
    needs_reason: ClassVar[bool] = False
    money_out: ClassVar[str] = ""  # the field holding an amount this command pays out (two-person rule)
    # Optional fields that a rule requires in some cases, with the case in words ("unless confidential").
    required_when: ClassVar[dict[str, str]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if cls.name:
            COMMANDS[cls.name] = cls

    def execute(self, ctx: Context) -> Outcome:
        raise NotImplementedError


def role_refusal(roles: Collection[str], command: type[Command]) -> str | None:
    """Why a user with these roles may not run the command, in words (its title, not its internal name);
    None when one of the roles may."""
    if set(roles) & command.roles:
        return None
    template = N_("'{command}' is for {allowed}; your roles are {roles}") if len(roles) > 1 else \
        N_("'{command}' is for {allowed}; your role is {roles}")
    return Message(template, command=command.title or command.name, allowed=" or ".join(sorted(command.roles)),
                   roles=", ".join(roles))
