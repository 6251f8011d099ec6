"""Read audit: opening a confidential record records who viewed it and when, as an event of its own;
so do reading the event log, exporting for outside auditors and signing a checkpoint (`AuditRead`).

Viewing changes nothing, so it needs no role beyond being a known, active user; the fact of the view is
what auditors need to see in the log.
"""

from __future__ import annotations

import uuid
from typing import Any
from uuid import UUID

from domain.envelope import Envelope
from domain.errors import Message, Refused
from domain.records import Record


class RecordView(Record):
    record_id: UUID
    record_kind: str

    class Viewed(Record.Created):
        record_id: UUID
        record_kind: str

        def apply(self, view: RecordView) -> None:
            view.record_id, view.record_kind = self.record_id, self.record_kind

    @classmethod
    def record(cls, record_id: UUID, record_kind: str, envelope: Envelope) -> RecordView:
        return cls._create(cls.Viewed, id=uuid.uuid4(), record_id=record_id, record_kind=record_kind,
                           envelope=envelope)


def is_confidential(record: Any) -> bool:
    return bool(getattr(record, "confidential", False))


def record_view(app: Any, user: str, record: Any) -> int | None:
    """Record that `user` opened `record` if it is confidential; returns the event's position."""
    if not is_confidential(record):
        return None
    actor = app.actor(user)
    envelope = app._envelope(actor.id, actor.name, actor.roles[0], actor.office, "", uuid.uuid4().hex,
                             "records.view", None, None)
    view = RecordView.record(record.id, type(record).__name__, envelope)
    return app._save([view], _outcome(record)).position


def _outcome(record: Any) -> Any:
    from domain.commands import Outcome

    return Outcome(message=Message("{name} viewed", name=type(record).__name__), record_ids=[record.id])


class AuditRead(Record):
    """One reading of the whole history: the event log read, an export written, a checkpoint signed."""

    action: str
    detail: str

    class Recorded(Record.Created):
        action: str  # "log.read", "export", "checkpoint.sign"
        detail: str  # what was read or written: the filters, the range, the file

        def apply(self, read: AuditRead) -> None:
            read.action, read.detail = self.action, self.detail

    @classmethod
    def record(cls, action: str, detail: str, envelope: Envelope) -> AuditRead:
        return cls._create(cls.Recorded, id=uuid.uuid4(), action=action, detail=detail, envelope=envelope)


def check_recordable(app: Any) -> None:
    """Readings of the whole history are recorded: on a server that cannot be written (a standby) they are
    refused before anything is read, rather than read unrecorded."""
    if getattr(app, "read_only", None):
        raise Refused("reading the whole history is recorded, and this server cannot record it ({app_read_only}); "
                      "read it on the primary", app_read_only=app.read_only)


def record_reading(app: Any, user: str, action: str, detail: str) -> int | None:
    """Record that `user` read the history as `action` ("log.read", "export", "checkpoint.sign")."""
    from domain.commands import Outcome

    check_recordable(app)
    actor = app.actor(user)
    envelope = app._envelope(actor.id, actor.name, actor.roles[0], actor.office, "", uuid.uuid4().hex,
                             action, None, None)
    read = AuditRead.record(action, detail[:500], envelope)
    return app._save([read], Outcome(message=Message("{action} recorded", action=action),
                                     record_ids=[read.id])).position
