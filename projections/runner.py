"""Keeping registers current: creation, exactly-once catch-up, waiting for a position, following other
processes, status, and blue/green rebuilds with progress.

Every write to a register happens in a transaction that first locks the projection's state row
(SQLite: the database write lock), reads its position there, applies the next events and moves the
position, so two processes catching up the same register never apply an event twice.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

from domain.errors import Refused
from projections.db import Database
from projections.engine import (
    STATE_DDL,
    STATE_TABLE,
    MemoryRows,
    Progress,
    Projection,
    RebuildSummary,
    SqlRows,
    Status,
    fold,
    now_text,
)

SHADOW = "__shadow"


class RebuildCancelled(Exception):
    """Raised from a progress callback to stop a rebuild; the live registers stay as they were."""
READ_PAGE = 20_000
CATCH_UP_BATCH = 2_000
INSERT_CHUNK = 5_000


def all_projections() -> list[Projection]:
    from projections.catalogue import projections

    return projections()


class Registers:
    def __init__(self, app: Any, projections: Sequence[Projection] | None = None) -> None:
        self.app = app
        self.db = Database(app.store_config)
        self.projections = list(projections) if projections is not None else all_projections()
        self.conn = self.db.connect()

    def close(self) -> None:
        self.db.close(self.conn)

    def projection(self, name: str) -> Projection:
        for p in self.projections:
            if p.name == name:
                return p
        raise Refused(f"unknown register {name!r}; registers are {', '.join(p.name for p in self.projections)}")

    # ---- state --------------------------------------------------------------------------------

    def _state(self, conn: Any, name: str, lock: bool = False) -> tuple[int, int, int] | None:
        suffix = " FOR UPDATE" if lock and self.db.kind == "postgresql" else ""
        rows = self.db.execute(conn, f"SELECT version, position, generation FROM {STATE_TABLE} WHERE name = ?"
                               + suffix, (name,))
        return (int(rows[0][0]), int(rows[0][1]), int(rows[0][2])) if rows else None

    def setup(self, user: str | None = None, progress: Callable[[Progress], None] | None = None
              ) -> list[RebuildSummary]:
        """Create missing registers; rebuild (and record) those whose declared version changed."""
        with self.db.write(self.conn):
            self.db.execute(self.conn, STATE_DDL)
            stale = []
            for p in self.projections:
                state = self._state(self.conn, p.name, lock=True)
                if state is None:
                    for t in p.tables:
                        self.db.execute(self.conn, f"DROP TABLE IF EXISTS {t.name}")
                        for ddl in [t.ddl(t.name, 0), *t.index_ddl(t.name, 0), *self._search(t, t.name, 0)]:
                            self.db.execute(self.conn, ddl)
                    self.db.execute(self.conn, f"INSERT INTO {STATE_TABLE} (name, version, position, generation) "
                                    "VALUES (?, ?, 0, 0)", (p.name, p.version))
                elif state[0] != p.version:
                    stale.append(p.name)
        if not stale:
            return []
        return self.rebuild(stale, progress=progress, user=user,
                            reason="register version changed; rebuilt on start")

    def _search(self, table: Any, physical: str, generation: int) -> list[str]:
        if self.db.kind != "sqlite":
            return []
        return [*table.drop_search(physical, generation), *table.search_ddl(physical),
                *table.search_triggers(physical, generation)]

    def status(self) -> list[Status]:
        head = self.db.head(self.conn)
        out = []
        for p in self.projections:
            rows = self.db.execute(self.conn, f"SELECT version, position, rebuilt_at FROM {STATE_TABLE} "
                                   "WHERE name = ?", (p.name,)) if self.db.table_exists(self.conn, STATE_TABLE) else []
            version, position, rebuilt_at = rows[0] if rows else (None, 0, None)
            out.append(Status(p.name, p.version, version, int(position), head, rebuilt_at))
        return out

    # ---- incremental --------------------------------------------------------------------------

    def catch_up(self, batch: int = CATCH_UP_BATCH) -> int:
        """Bring every register up to the head; returns how many events were applied."""
        applied = 0
        for p in self.projections:
            while True:
                with self.db.write(self.conn):
                    state = self._state(self.conn, p.name, lock=True)
                    if state is None:
                        raise Refused(f"register {p.name} is not set up")
                    position = state[1]
                    head = self.db.head(self.conn)
                    if position >= head:
                        break
                    rows = self.db.event_rows(self.conn, position, head, batch, p.topics())
                    upto = rows[-1][0] if len(rows) == batch else head
                    sql_rows = SqlRows(self.db, self.conn, p.tables)
                    applied += fold(p, sql_rows, rows)
                    sql_rows.flush()
                    self.db.execute(self.conn, f"UPDATE {STATE_TABLE} SET position = ? WHERE name = ?",
                                    (upto, p.name))
        return applied

    def positions(self) -> dict[str, int]:
        rows = self.db.execute(self.conn, f"SELECT name, position FROM {STATE_TABLE}")
        return {name: int(pos) for name, pos in rows}

    def wait(self, position: int, timeout: float = 10.0) -> bool:
        """Catch up until every register has applied `position`; False if that takes too long."""
        deadline = time.monotonic() + timeout
        while True:
            self.catch_up()
            if min(self.positions().get(p.name, 0) for p in self.projections) >= position:
                return True
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)

    def wait_for_change(self, known_head: int, timeout: float) -> int:
        """Block until the store's head moves past `known_head` (another process wrote) or timeout;
        returns the head. PostgreSQL wakes on NOTIFY from the recorder; SQLite polls."""
        deadline = time.monotonic() + timeout
        if self.db.kind == "postgresql":
            import psycopg

            listener = self.db.connect()
            try:
                listener.execute("LISTEN secretariat_events")
                head = self.db.head(listener)
                while head <= known_head and time.monotonic() < deadline:
                    for _ in listener.notifies(timeout=max(deadline - time.monotonic(), 0.01), stop_after=1):
                        break
                    head = self.db.head(listener)
                return head
            except psycopg.Error:
                return self.db.head(self.conn)
            finally:
                listener.close()
        head = self.db.head(self.conn)
        while head <= known_head and time.monotonic() < deadline:
            time.sleep(0.2)
            head = self.db.head(self.conn)
        return head

    # ---- rebuild ------------------------------------------------------------------------------

    def rebuild(self, names: Sequence[str] | None = None, *, progress: Callable[[Progress], None] | None = None,
                user: str | None = None, reason: str = "") -> list[RebuildSummary]:
        selected = [self.projection(n) for n in names] if names else list(self.projections)
        summaries = []
        for p in selected:
            summary = self._rebuild_one(p, progress)
            summaries.append(summary)
            if user:
                self.app.record_rebuild(user, p.name, summary.from_version, summary.to_version,
                                        summary.events, summary.rows, summary.seconds, reason)
        return summaries

    def _rebuild_one(self, p: Projection, progress: Callable[[Progress], None] | None) -> RebuildSummary:
        started = time.perf_counter()
        conn = self.db.connect()
        try:
            def report(phase: str, done: int, total: int) -> None:
                if progress:
                    elapsed = time.perf_counter() - started
                    progress(Progress(p.name, phase, done, total, done / elapsed if elapsed > 0 else 0.0))

            state = self._state(conn, p.name)
            from_version, generation = (state[0], state[2] + 1) if state else (None, 1)
            with self.db.write(conn):
                for t in p.tables:  # what a killed rebuild left behind
                    if self.db.kind == "sqlite":
                        for ddl in t.drop_search(t.name + SHADOW, generation):
                            self.db.execute(conn, ddl)
                    self.db.execute(conn, f"DROP TABLE IF EXISTS {t.name}{SHADOW}")
            head = self.db.head(conn)
            memory = MemoryRows(p.tables)
            position, events = 0, 0
            report("reading", 0, head)
            topics = p.topics()
            while position < head:
                rows = self.db.event_rows(conn, position, head, READ_PAGE, topics)
                events += fold(p, memory, rows)
                position = rows[-1][0] if len(rows) == READ_PAGE else head
                report("reading", position, head)
            # Each chunk commits on its own, so clerks' writes interleave with a long rebuild; the shadow
            # tables are invisible to readers until the swap, and a killed rebuild's are dropped next time.
            with self.db.write(conn):
                for t in p.tables:
                    self.db.execute(conn, t.ddl(t.name + SHADOW, generation))
            for t in p.tables:
                shadow = t.name + SHADOW
                values = [t.stored_row(r) for r in memory.data[t.name].values()]
                insert = (f"INSERT INTO {shadow} ({', '.join(t.stored_columns)}) "
                          f"VALUES ({', '.join('?' * len(t.stored_columns))})")
                for i in range(0, len(values), INSERT_CHUNK):
                    with self.db.write(conn):
                        self.db.executemany(conn, self.db.sql(insert), values[i:i + INSERT_CHUNK])
                    report("writing", position, head)
                with self.db.write(conn):
                    for ddl in [*t.index_ddl(shadow, generation), *self._search(t, shadow, generation)]:
                        self.db.execute(conn, ddl)
            del memory
            while True:
                with self.db.write(conn):
                    self._state(conn, p.name, lock=True)  # clerks' catch-up waits while we swap
                    tail_head = self.db.head(conn)
                    tail = self.db.event_rows(conn, position, tail_head, CATCH_UP_BATCH, topics)
                    shadow_rows = SqlRows(self.db, conn, p.tables, suffix=SHADOW)
                    events += fold(p, shadow_rows, tail)
                    shadow_rows.flush()
                    position = tail[-1][0] if len(tail) == CATCH_UP_BATCH else tail_head
                    report("catching-up", position, tail_head)
                    if len(tail) == CATCH_UP_BATCH:
                        continue  # a long tail: commit this part, keep the live tables, go on
                    for t in p.tables:
                        if self.db.kind == "sqlite":
                            for ddl in [*t.drop_search(t.name, generation - 1),
                                        *t.drop_search(t.name + SHADOW, generation)[:3]]:
                                self.db.execute(conn, ddl)
                        self.db.execute(conn, f"DROP TABLE IF EXISTS {t.name}")
                        self.db.execute(conn, f"ALTER TABLE {t.name}{SHADOW} RENAME TO {t.name}")
                        if self.db.kind == "sqlite" and t.search:
                            self.db.execute(conn, f"ALTER TABLE {t.name}{SHADOW}_search RENAME TO {t.name}_search")
                            for ddl in t.search_triggers(t.name, generation):
                                self.db.execute(conn, ddl)
                    seconds = time.perf_counter() - started
                    row_count = sum(int(self.db.execute(conn, f"SELECT COUNT(*) FROM {t.name}")[0][0])
                                    for t in p.tables)
                    self.db.execute(conn, f"DELETE FROM {STATE_TABLE} WHERE name = ?", (p.name,))
                    self.db.execute(conn, f"INSERT INTO {STATE_TABLE} (name, version, position, generation, "
                                    "rebuilt_at, rebuild_events, rebuild_rows, rebuild_seconds) "
                                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                    (p.name, p.version, position, generation, now_text(), events, row_count,
                                     f"{seconds:.3f}"))
                    break
            report("swapped", position, position)
            return RebuildSummary(p.name, from_version, p.version, events, row_count,
                                  time.perf_counter() - started)
        finally:
            self.db.close(conn)
