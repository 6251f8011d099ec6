"""Command receipts: one per client command id, saved atomically with the command's own events.

A re-sent command finds its receipt and gets the first outcome back; two copies racing each other
collide on the receipt's id, so only one of them is ever recorded.
"""

from __future__ import annotations

import hashlib
import uuid
from uuid import UUID

import msgspec

from domain.commands import Outcome
from domain.envelope import Envelope
from domain.records import Record, require

_NS = uuid.UUID("a4d0c0b9-1b7e-4d59-9f4e-7b0f6c2d8e33")


def receipt_id(command_id: str) -> UUID:
    return uuid.uuid5(_NS, command_id)


class CommandReceipt(Record):
    command: str
    fingerprint: str
    outcome: Outcome
    actor: UUID

    class Recorded(Record.Created):
        command: str
        fingerprint: str
        outcome: Outcome

        def apply(self, receipt: CommandReceipt) -> None:
            receipt.command = self.command
            receipt.fingerprint = self.fingerprint
            receipt.outcome = self.outcome
            receipt.actor = self.envelope.actor

    @classmethod
    def record(cls, command: str, fingerprint: str, outcome: Outcome, envelope: Envelope) -> CommandReceipt:
        # stored as the plain English sentence (a Message's template is for showing it, not for the history)
        stored = msgspec.structs.replace(outcome, message=str(outcome.message))
        return cls._create(cls.Recorded, id=receipt_id(envelope.command_id), command=command,
                           fingerprint=fingerprint, outcome=stored, envelope=envelope)

    def answer(self, command: str, fingerprint: str, actor: UUID) -> Outcome:
        """The first outcome, for a faithful re-send; a different command under the same id is refused."""
        require(command == self.command and fingerprint == self.fingerprint and actor == self.actor,
                "this command id was already used for a different command; nothing was recorded")
        return self.outcome


def fingerprint(command: object) -> str:
    """A digest of a command's name and fields, to tell a re-send from a different command."""
    return hashlib.sha256(type(command).__name__.encode() + msgspec.json.encode(command)).hexdigest()
