"""Command receipts: one per client command id, saved atomically with the command's own events.

A re-sent command finds its receipt and gets the first outcome back; two copies racing each other
collide on the receipt's id, so only one of them is ever recorded.
"""

from __future__ import annotations

import uuid
from uuid import UUID

from domain.commands import Outcome
from domain.envelope import Envelope
from domain.records import Record

_NS = uuid.UUID("a4d0c0b9-1b7e-4d59-9f4e-7b0f6c2d8e33")


def receipt_id(command_id: str) -> UUID:
    return uuid.uuid5(_NS, command_id)


class CommandReceipt(Record):
    class Recorded(Record.Created):
        command: str
        outcome: Outcome

        def apply(self, receipt: CommandReceipt) -> None:
            receipt.command = self.command
            receipt.outcome = self.outcome

    @classmethod
    def record(cls, command: str, outcome: Outcome, envelope: Envelope) -> CommandReceipt:
        return cls._create(cls.Recorded, id=receipt_id(envelope.command_id), command=command,
                           outcome=outcome, envelope=envelope)
