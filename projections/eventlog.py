"""The global event log: every stored event in position order, decoded, with its envelope and payload,
filtered by time, actor, event type and stream, and shown to a reader as the read policy allows (an
uncleared reader gets `confidential` in place of a confidential record's fields). Used by `secretariat log`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec

from domain.eventstore.chain import stream_key
from domain.eventstore.mapper import MsgspecMapper
from domain.readpolicy import ConfidentialStreams, Reader, event_view

_HIDDEN = {"originator_id", "originator_version", "timestamp", "originator_topic", "envelope"}


@dataclass(frozen=True)
class LogEntry:
    position: int
    recorded_at: datetime
    actor: str
    role: str
    office: str | None
    stream: str
    version: int
    type: str
    reason: str
    command_id: str
    payload: dict[str, Any] | str  # `confidential` where the reader may not see the fields

    def to_json(self) -> dict[str, Any]:
        return msgspec.to_builtins({
            "position": self.position, "recorded_at": self.recorded_at, "actor": self.actor,
            "role": self.role, "office": self.office, "stream": self.stream, "version": self.version,
            "type": self.type, "reason": self.reason, "command_id": self.command_id,
            "payload": self.payload,
        })


@dataclass(frozen=True)
class LogFilter:
    since: datetime | None = None
    until: datetime | None = None
    actor: str | None = None
    type: str | None = None
    stream: str | None = None

    def matches(self, e: LogEntry) -> bool:
        if self.since and e.recorded_at < self.since:
            return False
        if self.until and e.recorded_at > self.until:
            return False
        if self.actor and e.actor != self.actor.strip().lower():
            return False
        if self.type and not (e.type == self.type or e.type.endswith("." + self.type)):
            return False
        return not (self.stream and e.stream != _stream_text(self.stream))


def _stream_text(value: str) -> str:
    try:
        return UUID(value).hex
    except ValueError:
        return value


def event_type(topic: str) -> str:
    """'domain.access:User.Added' -> 'User.Added'."""
    return topic.split(":", 1)[-1]


def entries(app: Any, flt: LogFilter | None = None, page: int = 5_000, after: int | None = None,
            reader: Reader | None = None) -> Iterator[LogEntry]:
    """Matching events in position order, from the one after position `after` (the first by default),
    each as `reader` may see it (whole when no reader is given: trusted code only). One command's events
    are judged together: a command that touched a confidential record is confidential in all its events
    (they share its envelope and reason). For an uncleared reader the history is followed from its first
    position, whatever `after`, so that every confidential record is known before its events."""
    mapper: MsgspecMapper = app.mapper
    first = after if after and after > 0 else 0
    start: int | None = first if first and (reader is None or reader.cleared) else None
    flt = flt or LogFilter()
    confidential = ConfidentialStreams()
    group: list[tuple[Any, Any]] = []

    def flush() -> Iterator[LogEntry]:
        secret = confidential.group(e for _, e in group)
        for n, event in group:
            entry = _entry(n, event, secret, reader)
            if n.id > first and flt.matches(entry):
                yield entry
        group.clear()

    while True:
        batch = app.recorder.select_notifications(start, page, inclusive_of_start=False)
        if not batch:
            yield from flush()
            return
        for n in batch:
            event = mapper.to_domain_event(n)
            if group and _command_id(group[-1][1]) != _command_id(event):
                yield from flush()
            group.append((n, event))
        start = batch[-1].id


def _command_id(event: Any) -> Any:
    env = getattr(event, "envelope", None)
    return env.command_id if env is not None else object()  # no envelope: a group of its own


def _entry(n: Any, event: Any, secret: bool, reader: Reader | None) -> LogEntry:
    env = getattr(event, "envelope", None)
    fields = {k: v for k, v in vars(event).items() if k not in _HIDDEN}
    payload: dict[str, Any] | str = fields
    reason = env.reason if env else ""
    if reader is not None:
        payload, reason = event_view(reader, secret, fields, reason)
    return LogEntry(
        position=n.id, recorded_at=env.recorded_at if env else event.timestamp,
        actor=env.actor_name if env else "", role=env.role if env else "",
        office=env.office if env else None, stream=stream_key(n.originator_id),
        version=n.originator_version, type=event_type(n.topic),
        reason=reason, command_id=env.command_id if env else "",
        payload=payload,
    )
