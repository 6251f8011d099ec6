"""The Secretariat application: runs commands for a known actor, once per command id, and stores
their events through the chain recorder and the msgspec mapper.

Role checks and reason checks live here, not in the UI: every way in (CLI, TUI, tests) goes
through `Secretariat.handle`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, RecordConflictError
from eventsourcing.utils import get_topic

from domain import access, organisation  # noqa: F401  (registers their commands)
from domain.access import User, check_name, user_id
from domain.commands import COMMANDS, Command, Context, Outcome
from domain.envelope import Envelope
from domain.errors import Conflict, NotPermitted, Refused, UnknownActor
from domain.maintenance import RegisterRebuild
from domain.mapper import MsgspecMapper
from domain.receipts import CommandReceipt, fingerprint, receipt_id
from domain.records import Record, optional


@dataclass(frozen=True)
class Result:
    """What `handle` returns: the outcome, the store position of its last event, and whether it
    was a re-sent command answered from its receipt."""

    outcome: Outcome
    position: int | None
    replayed: bool = False

    @property
    def message(self) -> str:
        return self.outcome.message


class Secretariat(Application[UUID]):
    name = "Secretariat"
    env = {"MAPPER_TOPIC": get_topic(MsgspecMapper), "IS_SNAPSHOTTING_ENABLED": "n"}

    # ---- reading ------------------------------------------------------------------------------

    def find(self, record_id: UUID) -> Record | None:
        try:
            return self.repository.get(record_id)  # type: ignore[return-value]
        except AggregateNotFoundError:
            return None

    def user(self, name: str) -> User | None:
        found = self.find(user_id(name))
        return found if isinstance(found, User) else None

    def head(self) -> int:
        return self.recorder.max_notification_id() or 0

    def is_empty(self) -> bool:
        return self.head() == 0

    # ---- acting -------------------------------------------------------------------------------

    def actor(self, name: str) -> User:
        user = self.user(name) if name else None
        if user is None:
            raise UnknownActor(f"unknown user {name!r}; an administrator must add you first")
        if not user.active:
            raise UnknownActor(f"user {user.name} is deactivated")
        return user

    def bootstrap(self, name: str, full_name: str = "") -> Result:
        """Make the acting user the first administrator of an empty store."""
        if not self.is_empty():
            raise Refused("the store is already initialised")
        name = check_name(name)
        # One fixed command id: two racing first starts collide on its receipt, so only one wins.
        envelope = self._envelope(user_id(name), name, "administrator", None,
                                  "first administrator of a new store", "init", "users.init", None, None)
        user = User.add(name, "administrator", None, full_name, envelope)
        outcome = Outcome(message=f"store initialised; {user.name} is its first administrator",
                          record_ids=[user.id])
        receipt = CommandReceipt.record("users.init", "", outcome, envelope)
        try:
            return self._save([user, receipt], outcome)
        except (IntegrityError, RecordConflictError):
            raise Refused("the store is already initialised") from None

    def handle(self, command: Command, *, user: str, command_id: str | None = None, reason: str = "",
               correlation_id: UUID | None = None, causation_id: UUID | None = None) -> Result:
        command_id = (command_id or "").strip() or uuid.uuid4().hex
        actor = self.actor(user)
        digest = fingerprint(command)
        earlier = self.find(receipt_id(command_id))
        if isinstance(earlier, CommandReceipt):
            return Result(earlier.answer(command.name, digest, actor.id), None, replayed=True)
        role = self.permitted_role(actor, type(command))
        reason = optional(reason, "reason", 500)
        if type(command).needs_reason and not reason:
            raise Refused(f"'{command.name}' needs a reason")
        envelope = self._envelope(actor.id, actor.name, role, actor.office, reason, command_id,
                                  command.name, correlation_id, causation_id)
        ctx = Context(self.find, envelope)
        outcome = command.execute(ctx)
        receipt = CommandReceipt.record(command.name, digest, outcome, envelope)
        try:
            return self._save([*ctx.changed(), receipt], outcome)
        except (IntegrityError, RecordConflictError):
            again = self.find(receipt_id(command_id))
            if isinstance(again, CommandReceipt):
                return Result(again.answer(command.name, digest, actor.id), None, replayed=True)
            raise Conflict("another user changed the same record at the same moment; "
                           "nothing was recorded, please try again") from None

    def record_rebuild(self, user: str, register: str, from_version: int | None, to_version: int,
                       events: int, rows: int, seconds: float, reason: str) -> Result:
        """Record that a register was rebuilt. Maintenance of the read side, not a change to any record,
        so any known active user's start-up may record it; explicit rebuilds are checked by the caller."""
        actor = self.actor(user)
        envelope = self._envelope(actor.id, actor.name, actor.roles[0], actor.office, reason,
                                  uuid.uuid4().hex, "registers.rebuild", None, None)
        record = RegisterRebuild.record(register, from_version, to_version, events, rows, seconds, envelope)
        return self._save([record], Outcome(message=f"register {register} rebuilt"))

    @staticmethod
    def permitted_role(actor: User, command: type[Command]) -> str:
        for role in actor.roles:
            if role in command.roles:
                return role
        if set(actor.roles) <= {"auditor"}:
            raise NotPermitted(f"auditors can read everything but change nothing: "
                               f"'{command.name}' refused for {actor.name}")
        raise NotPermitted(f"{actor.name} ({', '.join(actor.roles)}) may not run '{command.name}'; "
                           f"it needs {' or '.join(sorted(command.roles))}")

    def command(self, name: str, fields: dict[str, Any]) -> Command:
        """Build a command by name from loosely typed fields (CLI, forms); bad values are Refused."""
        import msgspec

        cls = COMMANDS.get(name)
        if cls is None:
            raise Refused(f"unknown command {name!r}")
        try:
            return msgspec.convert(fields, cls, strict=False)
        except msgspec.ValidationError as e:
            raise Refused(f"{name}: {e}") from None

    @staticmethod
    def _envelope(actor: UUID, actor_name: str, role: str, office: str | None, reason: str,
                  command_id: str, command: str, correlation_id: UUID | None,
                  causation_id: UUID | None) -> Envelope:
        return Envelope(actor=actor, actor_name=actor_name, role=role, office=office, reason=reason,
                        correlation_id=correlation_id or uuid.uuid4(), causation_id=causation_id,
                        command_id=command_id, command=command, recorded_at=datetime.now(UTC))

    def _save(self, records: list[Record], outcome: Outcome) -> Result:
        recordings = self.save(*records)
        position = max((r.notification.id for r in recordings if r.notification.id), default=None)
        return Result(outcome, position)
