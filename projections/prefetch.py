"""Fewer round trips for a catch-up on PostgreSQL: its statements pipelined, the new events read together with
the registers' locked positions, and the register rows the events' streams will touch read ahead in one
round trip; its commit not waited for on disk.

On SQLite every statement is a function call in the process, so all of this is a no-op there.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping, Sequence
from typing import Any
from uuid import UUID

from projections.db import Database, Row
from projections.engine import STATE_TABLE, Router, SqlRows


@contextlib.contextmanager
def pipelined_write(db: Database, conn: Any) -> Iterator[None]:
    """A write transaction (`Database.write`); on PostgreSQL its statements pipelined, BEGIN sent with the first
    and COMMIT with the last: a read of an answer waits for all that were sent before it, the end for the rest."""
    if db.kind != "postgresql":
        with db.write(conn):
            yield
        return
    from domain.eventstore.postgres_recorder import pipelined_transaction

    with pipelined_transaction(conn):
        yield


def relax_commit(db: Database, conn: Any) -> None:
    """PostgreSQL: this transaction's commit does not wait for its WAL flush. Registers are derived: a crash
    may lose the last catch-up's commit, rows and position together, and the next catch-up applies those
    events again; nothing is applied twice, and the events themselves are committed synchronously."""
    if db.kind == "postgresql":
        db.execute(conn, "SET LOCAL synchronous_commit TO OFF")


def locked_positions_and_events(db: Database, conn: Any, names: Sequence[str], topics: Sequence[str], limit: int
                                ) -> tuple[dict[str, tuple[int, int, int]], int, list[Row]]:
    """Lock the state rows of these registers (PostgreSQL; on SQLite the write transaction holds the lock) and
    read them with the head, then the events after the lowest of their positions up to that head (at most
    `limit`): one round trip on PostgreSQL, where the events' read is sent before the lock is granted and runs
    right after it, seeing the positions as they are once locked (it may see a newer head: its rows past
    the locked head are dropped here)."""
    marks = ", ".join("?" * len(names))
    lock = " FOR UPDATE OF s" if db.kind == "postgresql" else ""
    cursor = conn.cursor()
    cursor.execute(db.sql(f"SELECT name, version, position, generation, (SELECT MAX({db.position}) FROM "
                          f"{db.events_table}) FROM {STATE_TABLE} s WHERE name IN ({marks}) ORDER BY name{lock}"),
                   tuple(names))
    where = (f"{db.position} > (SELECT COALESCE(MIN(position), 0) FROM {STATE_TABLE} WHERE name IN ({marks})) "
             f"AND {db.position} <= (SELECT COALESCE(MAX({db.position}), 0) FROM {db.events_table})")
    params: list[Any] = list(names)
    if topics:
        where += f" AND topic IN ({', '.join('?' * len(topics))})"
        params += list(topics)
    events = conn.cursor()
    if db.kind == "postgresql":  # sent now, answered with the lock's rows; SQLite runs it after they are read
        events.execute(db.sql(f"SELECT {db.position}, originator_id, originator_version, topic, state FROM "
                              f"{db.events_table} WHERE {where} ORDER BY {db.position} LIMIT ?"), (*params, limit))
    rows = cursor.fetchall()
    states = {r[0]: (int(r[1]), int(r[2]), int(r[3])) for r in rows}
    head = int(rows[0][4] or 0) if rows else 0
    if db.kind != "postgresql":
        events.execute(db.sql(f"SELECT {db.position}, originator_id, originator_version, topic, state FROM "
                              f"{db.events_table} WHERE {where} ORDER BY {db.position} LIMIT ?"), (*params, limit))
    found = [tuple(r) for r in events.fetchall()]
    return states, head, [r for r in found if r[0] <= head]


def prefetch(db: Database, conn: Any, router: Router, stores: Mapping[str, SqlRows], rows: Sequence[Row]) -> None:
    """PostgreSQL: read ahead, in one round trip, the rows keyed by the new events' streams in the tables of the
    registers those events are routed to (a register's row of a record is usually keyed by its id), into
    each register's row cache; what a projection asks for besides is still read when it asks. Only read while
    the registers' state rows are locked: nobody else writes their tables meanwhile."""
    if db.kind != "postgresql" or not rows:
        return
    streams: dict[str, list[str]] = {}
    for raw in rows:
        for p in router(raw[3]):
            stream = raw[1].hex if isinstance(raw[1], UUID) else str(raw[1])
            found = streams.setdefault(p.name, [])
            if stream not in found:
                found.append(stream)
    reads: list[tuple[SqlRows, str, tuple[str, ...], list[str], Any]] = []
    for name, keys in streams.items():
        store = stores.get(name)
        if store is None:
            continue
        for t in store.tables.values():
            if len(t.key) != 1 or dict(t.columns).get(t.key[0]) != "text":
                continue
            cursor = conn.cursor()
            cursor.execute(f"SELECT {', '.join(t.column_names)} FROM {t.name}{store.suffix} "
                           f"WHERE {t.key[0]} = ANY(%s)", (keys,))
            reads.append((store, t.name, t.column_names, keys, cursor))
    for store, table, columns, keys, cursor in reads:
        got = {str(r[columns.index(store.tables[table].key[0])]): dict(zip(columns, r, strict=True))
               for r in cursor.fetchall()}
        for key in keys:
            store.cache.setdefault((table, (key,)), got.get(key))

