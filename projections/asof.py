"""Registers as they stood at a position or a date-time, built by replaying the history up to that
point into a scratch database in memory. The live registers are not touched."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from domain.errors import Refused
from projections.db import Database
from projections.engine import MemoryRows, Projection, fold
from projections.runner import READ_PAGE, all_projections


def recorded_at(app: Any, position: int) -> datetime:
    n = app.recorder.select_notifications(position, 1)[0]
    event = app.mapper.to_domain_event(n)
    envelope = getattr(event, "envelope", None)
    return envelope.recorded_at if envelope is not None else event.timestamp


def position_at(app: Any, when: datetime) -> int:
    """The last position recorded at or before `when` (0 if none), by binary search over positions."""
    low, high = 0, app.head()
    while low < high:
        mid = (low + high + 1) // 2
        if recorded_at(app, mid) <= when:
            low = mid
        else:
            high = mid - 1
    return low


def as_of(app: Any, position: int, projections: Sequence[Projection] | None = None) -> tuple[Database, Any]:
    """A scratch database holding the registers as of `position` (inclusive)."""
    head = app.head()
    if position < 0 or position > head:
        raise Refused(f"position {position} is outside the history (1 to {head})")
    source = Database(app.store_config)
    source_conn = source.connect()
    scratch = Database.memory()
    conn = scratch.connect()
    try:
        for p in projections or all_projections():
            memory = MemoryRows(p.tables)
            done = 0
            while done < position:
                rows = source.event_rows(source_conn, done, position, READ_PAGE, p.topics())
                fold(p, memory, rows)
                done = rows[-1][0] if len(rows) == READ_PAGE else position
            for t in p.tables:
                conn.execute(t.ddl(t.name, 0))
                conn.executemany(f"INSERT INTO {t.name} ({', '.join(t.stored_columns)}) "
                                 f"VALUES ({', '.join('?' * len(t.stored_columns))})",
                                 [t.stored_row(r) for r in memory.data[t.name].values()])
    finally:
        source.close(source_conn)
    return scratch, conn
