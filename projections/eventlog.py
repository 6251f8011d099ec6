"""The global event log: every stored event in position order, decoded, with its envelope and payload,
filtered by time, actor, event type and stream. Used by `secretariat log`."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

import msgspec

from domain.eventstore.chain import stream_key
from domain.eventstore.mapper import MsgspecMapper

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
    payload: dict[str, Any]

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


def entries(app: Any, flt: LogFilter | None = None, page: int = 5_000, after: int | None = None
            ) -> Iterator[LogEntry]:
    """Matching events in position order, from the one after position `after` (the first by default)."""
    mapper: MsgspecMapper = app.mapper
    start: int | None = after if after and after > 0 else None
    flt = flt or LogFilter()
    while True:
        batch = app.recorder.select_notifications(start, page, inclusive_of_start=False)
        if not batch:
            return
        for n in batch:
            event = mapper.to_domain_event(n)
            env = getattr(event, "envelope", None)
            payload = {k: v for k, v in vars(event).items() if k not in _HIDDEN}
            entry = LogEntry(
                position=n.id, recorded_at=env.recorded_at if env else event.timestamp,
                actor=env.actor_name if env else "", role=env.role if env else "",
                office=env.office if env else None, stream=stream_key(n.originator_id),
                version=n.originator_version, type=event_type(n.topic),
                reason=env.reason if env else "", command_id=env.command_id if env else "",
                payload=payload,
            )
            if flt.matches(entry):
                yield entry
        start = batch[-1].id
