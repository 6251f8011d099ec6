"""Register maintenance facts: each rebuild of a register is recorded as an event (who, which register,
from and to which version, how many events and rows, how long); and who may rebuild registers on demand."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import field

from domain.envelope import Envelope
from domain.errors import Message
from domain.records import Record
from domain.roles import ADMINISTRATORS

# Who may rebuild registers on demand (the start-up rebuild of a register whose version changed is maintenance
# any user's start-up does).
REBUILDERS = ADMINISTRATORS


def rebuild_refusal(name: str, roles: Collection[str]) -> str | None:
    """Why a user with these roles may not rebuild registers, in words; None when they may."""
    if set(roles) & REBUILDERS:
        return None
    return (Message("only {rebuilders} rebuild registers; {name} is {value}",
                    rebuilders=' or '.join(f'{r}s' for r in sorted(REBUILDERS)), name=name,
                    value=', '.join(roles) or 'without a role'))


class RegisterRebuild(Record):
    # field(): without it the metaclass's `register` (ABCMeta.register) would become the field's default
    register: str = field()
    from_version: int | None
    to_version: int
    events: int
    rows: int
    seconds: float

    class Recorded(Record.Created):
        register: str
        from_version: int | None
        to_version: int
        events: int
        rows: int
        seconds: float

        def apply(self, r: RegisterRebuild) -> None:
            r.register, r.from_version, r.to_version = self.register, self.from_version, self.to_version
            r.events, r.rows, r.seconds = self.events, self.rows, self.seconds

    @classmethod
    def record(cls, register: str, from_version: int | None, to_version: int, events: int, rows: int,
               seconds: float, envelope: Envelope) -> RegisterRebuild:
        return cls._create(cls.Recorded, id=uuid.uuid4(), register=register, from_version=from_version,
                           to_version=to_version, events=events, rows=rows, seconds=round(seconds, 3),
                           envelope=envelope)
