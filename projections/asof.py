"""Registers as they stood at a position or a date-time. The live registers are not changed.

Only the projections owning the registers asked for are folded up to the position, into a scratch database in
memory; rows of streamed tables go there in chunks while folding. Asked for by register name (what people
view), a projection starts from its nearest snapshot at or below the position (`projections.snapshots`, written
by rebuilds) and folds only the events after it; and a projection whose rows never change once written (the
event log) is not folded at all: its live tables are cut at the position (`Projection.cut`). Asked for by
projection (`verify --registers`, which checks the registers against a fold), everything is folded from the
start: derived data is never taken as the answer there.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from domain.errors import Refused
from projections.db import Database, Row
from projections.engine import STATE_TABLE, BuildRows, Projection, Router, Table, fold_routed
from projections.runner import INSERT_CHUNK, READ_PAGE, all_projections
from projections.snapshots import nearest, restore


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


def owning(registers: Sequence[str]) -> list[Projection]:
    """The projections that keep these registers (by register name)."""
    from projections.registers import register

    wanted = {register(name).projection for name in registers}
    return [p for p in all_projections() if p.name in wanted]


def as_of(app: Any, position: int, projections: Sequence[Projection] | None = None,
          registers: Sequence[str] | None = None) -> tuple[Database, Any]:
    """A scratch database holding the registers as of `position` (inclusive): those of `registers` (names)
    or `projections`, else all of them."""
    head = app.head()
    if position < 0 or position > head:
        raise Refused("position {position} is outside the history (1 to {head})", position=position, head=head)
    selected = owning(registers) if registers else list(projections or all_projections())
    scratch = Database.memory()
    conn = scratch.connect()
    source = Database(app.store_config)
    source_conn = source.connect()
    reader = source.connect() if source.kind == "postgresql" else source_conn
    attached = any(p.cut for p in selected) and _attach(source, conn) if registers else False
    keep: list[Projection] = []
    conn.execute("BEGIN")  # the scratch database is filled in one transaction (a statement each: 2.5x slower)
    try:
        # Only for registers asked for by name (what people view): `verify --registers` checks the live
        # tables against a fold, so it never takes them as the answer.
        cut = [p for p in selected if registers and _cut(p, attached, source, source_conn, scratch, conn, position)]
        folded = [p for p in selected if p not in cut]

        def spill(t: Table, rows: list[Row], deletes: list[Row], appended: bool) -> None:
            scratch.delete_rows(conn, t.name, t.key, deletes)
            scratch.upsert_rows(conn, t.name, t.stored_types, t.key, rows)

        for p in folded:  # keys after a snapshot's rows are in (a bulk insert then an index: 2x faster)
            for t in p.tables:
                conn.execute(t.bare_ddl(t.name))
        builds = {p.name: BuildRows(p, INSERT_CHUNK, spill) for p in folded}
        after = _from_snapshots(folded if registers else [], source, source_conn, builds, scratch, conn, position)
        for p in folded:
            for t in p.tables:
                conn.execute(t.key_ddl(t.name, 0))
        router = Router(folded)
        if folded and min(after.values()) < position:
            fold_routed(router, builds, source.stream_events(
                reader, min(after.values()), position, router.topics(), READ_PAGE),
                after if max(after.values()) else None)
        for build in builds.values():
            build.flush()
            for t, rows in build.in_memory():
                spill(t, rows, [], True)
        # the event log: over the event rows up to the position (reading the attached store: it stays attached)
        keep = [p for p in selected if p.views and p.scratch_views(source, source_conn, scratch, conn, position,
                                                                   attached)]
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    finally:
        if attached and not keep:
            conn.execute("DETACH DATABASE store")
        if reader is not source_conn:
            source.close(reader)
        source.close(source_conn)
    return scratch, conn


def _from_snapshots(projections: Sequence[Projection], source: Database, source_conn: Any,
                    builds: dict[str, BuildRows], scratch: Database, conn: Any, position: int) -> dict[str, int]:
    """Each build's position to fold from: its projection's nearest snapshot at or below `position`, restored
    into the build and the scratch tables, or 0 (none, or gone meanwhile)."""
    after = dict.fromkeys(builds, 0)
    for p in projections:
        at = nearest(source, source_conn, p, position)
        if at and restore(source, source_conn, p, at, builds[p.name], scratch, conn):
            after[p.name] = at
    return after


def _cut(p: Projection, attached: bool, source: Database, source_conn: Any, scratch: Database, conn: Any,
         position: int) -> bool:
    """Whether `p` was cut from its live tables into the scratch database (else it is folded)."""
    if not p.cut:
        return False
    if attached:
        return _cut_in_sql(p, conn, position)
    return _cut_from_live(p, source, source_conn, scratch, conn, position)


def _attach(source: Database, conn: Any) -> bool:
    """SQLite: attach the store's file to the scratch database as `store`, so cut tables are copied by SQL
    alone (no row passes through Python: 500k event-log rows in a third of the time); False where it cannot
    be attached (PostgreSQL, a file SQLite will not open a second time) and the rows are copied through Python."""
    if source.kind != "sqlite" or source.config.path is None:
        return False
    try:
        conn.execute("ATTACH DATABASE ? AS store", (str(source.config.path),))
    except sqlite3.Error:
        return False
    return True


def _cut_in_sql(p: Projection, conn: Any, position: int) -> bool:
    """`_cut_from_live` with the store attached to the scratch database: the state checked and every table
    copied in the scratch database's one transaction (one consistent read of the store). The cut conditions'
    subqueries read the scratch copy of the event log, cut first, at the same position."""
    if not p.cut:
        return False
    found = conn.execute("SELECT 1 FROM store.sqlite_master WHERE type = 'table' AND name = ?",
                         (STATE_TABLE,)).fetchall()
    state = conn.execute(f"SELECT version, position FROM store.{STATE_TABLE} WHERE name = ?",
                         (p.name,)).fetchall() if found else []
    if not state or int(state[0][0]) != p.version or int(state[0][1]) < position:
        return False
    for t in p.tables:
        conn.execute(t.bare_ddl(f"main.{t.name}"))
        where = p.cut[t.name]
        columns = ", ".join(t.stored_columns)
        conn.execute(f"INSERT INTO main.{t.name} ({columns}) SELECT {columns} FROM store.{t.name} WHERE {where}",
                     (position,) * where.count("?"))
        conn.execute(t.key_ddl(t.name, 0))  # an index goes in its table's schema: main
    return True


def _cut_from_live(p: Projection, source: Database, source_conn: Any, scratch: Database, conn: Any,
                   position: int) -> bool:
    """Fill the scratch tables of a projection that declares `cut` from its live tables as they stood at
    `position`, when the live register is of the declared version and has reached it; False otherwise (the
    projection is folded instead)."""
    if not p.cut:
        return False
    with source.read(source_conn):
        state = source.execute(source_conn, f"SELECT version, position FROM {STATE_TABLE} WHERE name = ?",
                               (p.name,)) if source.table_exists(source_conn, STATE_TABLE) else []
        if not state or int(state[0][0]) != p.version or int(state[0][1]) < position:
            return False
        for t in p.tables:
            conn.execute(t.bare_ddl(t.name))  # its key once the rows are in (2x faster than inserting into it)
            where = p.cut[t.name]
            columns = ", ".join(t.stored_columns)
            cursor = source_conn.execute(source.sql(f"SELECT {columns} FROM {t.name} WHERE {where}"),
                                         (position,) * where.count("?"))
            insert = f"INSERT INTO {t.name} ({columns}) VALUES ({', '.join('?' * len(t.stored_columns))})"
            while rows := cursor.fetchmany(INSERT_CHUNK):
                scratch.executemany(conn, insert, rows)
            conn.execute(t.key_ddl(t.name, 0))
    return True
