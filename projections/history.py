"""A record's own history: every event of one stream, oldest first, with its envelope and the fields
each event changed (the record's state before and after, compared)."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from domain.errors import Refused
from domain.records import Record
from projections.db import Database
from projections.engine import decode
from projections.eventlog import event_type


@dataclass(frozen=True)
class HistoryEntry:
    position: int
    version: int
    type: str
    envelope: Any
    changes: dict[str, tuple[Any, Any]]


def _state(record: Record | None) -> dict[str, Any]:
    return record.declared_state() if record is not None else {}


def history(app: Any, stream: UUID | str) -> list[HistoryEntry]:
    try:
        stream_id = stream if isinstance(stream, UUID) else UUID(str(stream))
    except ValueError:
        raise Refused("not a record id: {stream!r}", stream=stream) from None
    db = Database(app.store_config)
    conn = db.connect()
    try:
        key: Any = stream_id.hex if db.kind == "sqlite" else stream_id
        rows = db.execute(conn, f"SELECT {db.position}, originator_id, originator_version, topic, state "
                          f"FROM {db.events_table} WHERE originator_id = ? ORDER BY originator_version", (key,))
    finally:
        db.close(conn)
    entries: list[HistoryEntry] = []
    record: Any = None
    for row in rows:
        position, topic, event = decode(row)
        before = _state(record)
        record = event.mutate(copy.deepcopy(record) if record is not None else None)
        after = _state(record)
        changes = {k: (before.get(k), after.get(k)) for k in sorted(set(before) | set(after))
                   if before.get(k) != after.get(k)}
        entries.append(HistoryEntry(position, event.originator_version, event_type(topic),
                                    getattr(event, "envelope", None), changes))
    return entries
