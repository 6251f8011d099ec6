"""Register maintenance facts: each rebuild of a register is recorded as an event (who, which register,
from and to which version, how many events and rows, how long)."""

from __future__ import annotations

import uuid

from domain.envelope import Envelope
from domain.records import Record


class RegisterRebuild(Record):
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
