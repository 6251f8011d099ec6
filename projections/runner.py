"""Keeping registers current: creation, exactly-once catch-up, waiting for a position, following other
processes, status, and blue/green rebuilds with progress.

Every write to a register happens in a transaction that first locks the projection's state row
(SQLite: the database write lock), reads its position there, applies the next events and moves the
position, so two processes catching up the same register never apply an event twice.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator, Sequence
from collections.abc import Set as AbstractSet
from contextlib import ExitStack, contextmanager
from typing import Any

from domain.errors import Refused
from projections.db import Database, Row
from projections.engine import (
    STATE_DDL,
    STATE_TABLE,
    BuildRows,
    Progress,
    Projection,
    RebuildSummary,
    Router,
    SqlRows,
    Status,
    Table,
    decode,
    fold_routed,
    now_text,
)
from projections.prefetch import locked_positions_and_events, pipelined_write, prefetch, relax_commit
from projections.rebuild_lock import drop_leftover_shadows, rebuilding
from projections.rowcounts import unwatch, watch, watch_missing
from projections.snapshots import SNAPSHOT_EVERY, SnapshotWriter

SHADOW = "__shadow"
RETIRED = "__retired"  # a live table replaced by a swap, dropped right after it
SMALL_TABLE = 20_000  # rows: a live table this small is dropped at the swap rather than retired


class RebuildCancelled(Exception):
    """Raised from a progress callback to stop a rebuild; the live registers stay as they were."""
READ_PAGE = 20_000
CATCH_UP_BATCH = 2_000
INSERT_CHUNK = 10_000  # rows a rebuild buffers per streamed table: 50k cost 28 MB more at the same speed (100k store)


@contextmanager
def no_cyclic_gc() -> Iterator[None]:
    """The cyclic garbage collector off while a rebuild folds: it holds hundreds of thousands of row tuples and
    the collector's passes over them cost a quarter of the CPU of a 100k rebuild (the rows hold no cycles;
    reference counting frees everything else)."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def all_projections() -> list[Projection]:
    from projections.catalogue import projections

    return projections()


class Registers:
    snapshot_every = SNAPSHOT_EVERY  # positions between the register snapshots a rebuild writes (0: none)

    def __init__(self, app: Any, projections: Sequence[Projection] | None = None) -> None:
        self.app = app
        self.db = Database(app.store_config)
        self.projections = list(projections) if projections is not None else all_projections()
        self.conn = self.db.connect()
        self._state_table = False
        self._caught_up = 0  # the head the last catch-up of this object brought every register to

    def close(self) -> None:
        self.db.close(self.conn)

    def projection(self, name: str) -> Projection:
        for p in self.projections:
            if p.name == name:
                return p
        raise Refused("unknown register {name!r}; registers are {projections}", name=name,
                      projections=', '.join(p.name for p in self.projections))

    # ---- state --------------------------------------------------------------------------------

    def _state(self, conn: Any, name: str, lock: bool = False) -> tuple[int, int, int] | None:
        suffix = " FOR UPDATE" if lock and self.db.kind == "postgresql" else ""
        rows = self.db.execute(conn, f"SELECT version, position, generation FROM {STATE_TABLE} WHERE name = ?"
                               + suffix, (name,))
        return (int(rows[0][0]), int(rows[0][1]), int(rows[0][2])) if rows else None

    def setup(self, user: str | None = None, progress: Callable[[Progress], None] | None = None
              ) -> list[RebuildSummary]:
        """Create missing registers; rebuild (and record) those whose declared version changed."""
        ensure = getattr(self.app.recorder, "ensure_envelope_columns", None)
        if ensure is not None and not getattr(self.app, "read_only", None):
            ensure()  # a store from before the envelope's columns gets them (the event log's view reads them)
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
                    watch(self.db, self.conn, [t.name for t in p.tables])  # new and empty: counted from 0
                    self.db.execute(self.conn, f"INSERT INTO {STATE_TABLE} (name, version, position, generation) "
                                    "VALUES (?, ?, 0, 0)", (p.name, p.version))
                elif state[0] != p.version:
                    stale.append(p.name)
            for p in self.projections:
                if p.views and p.name not in stale and not p.has_views(self.db, self.conn):
                    p.create_views(self.db, self.conn)
            # a stale one's tables may differ from those of its stored version: its rebuild counts them
            watch_missing(self.db, self.conn, [t.name for p in self.projections if p.name not in stale
                                               for t in p.tables])
        drop_leftover_shadows(self.db, self.conn, self.projections)  # a killed rebuild's, if nobody is rebuilding
        if not stale:
            return []
        return self.rebuild(stale, progress=progress, user=user,
                            reason="register version changed; rebuilt on start", on_start=True)

    def _search(self, table: Table, physical: str, generation: int) -> list[str]:
        if self.db.kind != "sqlite":
            return []
        return [*table.drop_triggers(generation), *table.search_ddl(physical, generation),
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
        """Bring every register up to the head; returns how many (event, register) applications it made.

        Positions and the head are first read without any lock, so a catch-up with nothing to do writes
        nothing. Then one transaction per batch locks the state rows of the registers that are behind,
        reads the new events once, folds each into the registers subscribed to its topic, and moves their
        positions together with their rows. On PostgreSQL that transaction is pipelined, reads ahead the
        rows of the events' records and does not wait for its commit's flush (`projections.prefetch`):
        after a command, about four round trips in all."""
        applied = self._catch_up(batch)
        if applied:  # SQLite: the WAL grew; it is copied back in the background, not by a later commit
            wake = getattr(self.app.recorder, "checkpoint_soon", None)
            if wake is not None:
                wake()
        return applied

    def _catch_up(self, batch: int) -> int:
        applied = 0
        # After a command of this process past where the last catch-up left the registers, they are behind: no
        # need to look first (a round trip on PostgreSQL); the locked read below says how far.
        look = not 0 < self._caught_up < getattr(self.app, "last_written", 0)
        while True:
            if look:
                head, known = self._head_and_positions()
                for p in self.projections:
                    if p.name not in known:
                        raise Refused("register {name} is not set up", name=p.name)
                behind = [p for p in self.projections if known[p.name] < head]
                if not behind:
                    self._caught_up = head
                    return applied
            else:
                behind = list(self.projections)
            look = True
            with pipelined_write(self.db, self.conn):
                relax_commit(self.db, self.conn)
                router = Router(behind)
                states, head, rows = locked_positions_and_events(self.db, self.conn, [p.name for p in behind],
                                                                 router.topics(), batch)
                for p in behind:
                    if p.name not in states:
                        raise Refused("register {name} is not set up", name=p.name)
                behind = [p for p in behind if states[p.name][1] < head]
                if not behind:  # another process caught them up meanwhile, to a head at least as new as ours
                    self._caught_up = head
                    return applied
                after = {p.name: states[p.name][1] for p in behind}
                router = Router(behind)
                upto = rows[-1][0] if len(rows) == batch else head
                stores = {p.name: SqlRows(self.db, self.conn, p.tables) for p in behind}
                prefetch(self.db, self.conn, router, stores, rows)
                counts = dict.fromkeys(after, 0)
                fold_routed(router, stores, rows, after, counts)
                for store in stores.values():
                    store.flush()
                # Every register behind is below `upto` (locked above): one statement moves them all.
                names = sorted(after)
                self.db.execute(self.conn, f"UPDATE {STATE_TABLE} SET position = ? WHERE name IN "
                                f"({', '.join('?' * len(names))}) AND position < ?", (upto, *names, upto))
                applied += sum(counts.values())
            if upto >= head:  # up to the head seen under the lock: what came since is the next call's
                self._caught_up = head
                return applied

    def _lock(self, conn: Any, names: Sequence[str], required: bool = True) -> dict[str, tuple[int, int, int]]:
        """The state rows of these registers, locked for this transaction (PostgreSQL; on SQLite the
        transaction already holds the write lock)."""
        suffix = " FOR UPDATE" if self.db.kind == "postgresql" else ""
        rows = self.db.execute(conn, f"SELECT name, version, position, generation FROM {STATE_TABLE} "
                               f"WHERE name IN ({', '.join('?' * len(names))}) ORDER BY name{suffix}", names)
        found = {r[0]: (int(r[1]), int(r[2]), int(r[3])) for r in rows}
        for name in names if required else ():
            if name not in found:
                raise Refused("register {name} is not set up", name=name)
        return found

    def _head_and_positions(self) -> tuple[int, dict[str, int]]:
        """The store's head and every register's position, read without a lock, in one round trip."""
        if not self._state_table or not self.db._has_events:
            return self.db.head(self.conn), self._known_positions()
        rows = self.db.execute(self.conn, f"SELECT name, position, (SELECT MAX({self.db.position}) FROM "
                               f"{self.db.events_table}) FROM {STATE_TABLE}")
        head = int(rows[0][2] or 0) if rows else self.db.head(self.conn)
        return head, {name: int(pos) for name, pos, _ in rows}

    def _lock_with_head(self, conn: Any, names: Sequence[str]) -> tuple[dict[str, tuple[int, int, int]], int]:
        """The state rows of these registers locked for this transaction (as `_lock`), and the head read after
        the lock was granted, in one round trip."""
        suffix = " FOR UPDATE OF s" if self.db.kind == "postgresql" else ""
        rows = self.db.execute(conn, f"SELECT name, version, position, generation, (SELECT MAX({self.db.position}) "
                               f"FROM {self.db.events_table}) FROM {STATE_TABLE} s WHERE name IN "
                               f"({', '.join('?' * len(names))}) ORDER BY name{suffix}", names)
        found = {r[0]: (int(r[1]), int(r[2]), int(r[3])) for r in rows}
        for name in names:
            if name not in found:
                raise Refused("register {name} is not set up", name=name)
        return found, int(rows[0][4] or 0)

    def _known_positions(self) -> dict[str, int]:
        if not self._state_table:
            self._state_table = self.db.table_exists(self.conn, STATE_TABLE)
            if not self._state_table:
                return {}
        return self.positions()

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
                user: str | None = None, reason: str = "", on_start: bool = False) -> list[RebuildSummary]:
        """Rebuild these registers (all by default) blue/green, in one pass over the events. With a `user`, the
        domain decides first whether they may (administrators; anyone's start-up `on_start`) and each rebuild is
        recorded under their name."""
        selected = [self.projection(n) for n in names] if names else list(self.projections)
        if user and not on_start:
            self.app.check_rebuild(user)
        summaries = self._rebuild(selected, progress)
        if user:
            for summary in summaries:
                self.app.record_rebuild(user, summary.register, summary.from_version, summary.to_version,
                                        summary.events, summary.rows, summary.seconds, reason, on_start=on_start)
        return summaries

    def _rebuild(self, selected: Sequence[Projection], progress: Callable[[Progress], None] | None
                 ) -> list[RebuildSummary]:
        """Hold the rebuild lock of every selected register (one rebuild of a register at a time, across
        processes; refused in words otherwise), then rebuild them."""
        lock_conn = self.db.connect()
        try:
            with ExitStack() as locks:
                for p in selected:
                    locks.enter_context(rebuilding(self.db, lock_conn, p.name))
                with no_cyclic_gc():
                    return self._rebuild_locked(selected, progress)
        finally:
            self.db.close(lock_conn)

    def _rebuild_locked(self, selected: Sequence[Projection], progress: Callable[[Progress], None] | None
                        ) -> list[RebuildSummary]:
        """One read of the event table feeds every selected projection, each event decoded once and folded
        only into the projections subscribed to its topic. Rows are folded in memory, except streamed
        tables, written to their shadow tables in chunks as they come; the other tables are written after
        the read; keys, indexes and search indexes are built once the rows are in; then the tail that
        arrived meanwhile is folded into the shadow tables and they are swapped in, all in one transaction.

        Each chunk commits on its own, so clerks' writes interleave with a long rebuild; the shadow tables
        are invisible to readers until the swap, and a killed rebuild's are dropped by the next one."""
        started = time.perf_counter()
        label = ", ".join(p.name for p in selected)
        conn = self.db.connect()
        reader = self.db.connect() if self.db.kind == "postgresql" else conn
        try:
            def report(phase: str, done: int, total: int) -> None:
                if progress:
                    elapsed = time.perf_counter() - started
                    progress(Progress(label, phase, done, total, done / elapsed if elapsed > 0 else 0.0))

            self._drop_retired(conn, selected, {})
            states = {p.name: self._state(conn, p.name) for p in selected}
            generations = {p.name: (state[2] + 1) if (state := states[p.name]) else 1 for p in selected}
            self._fresh_shadows(conn, selected, generations)
            head = self.db.head(conn)
            report("reading", 0, head)

            def spill(t: Table, rows: list[Row], deletes: list[Row], appended: bool) -> None:
                with self.db.write(conn):
                    shadow = t.name + SHADOW
                    if appended:
                        self.db.insert_rows(conn, shadow, t.stored_columns, rows)
                    else:
                        self.db.delete_rows(conn, shadow, t.key, deletes)
                        self.db.upsert_rows(conn, shadow, t.stored_types, t.key, rows)
                report("writing", position, head)

            builds = {p.name: BuildRows(p, INSERT_CHUNK, spill) for p in selected}
            snapshots = SnapshotWriter(self.db, conn, selected, builds, SHADOW, self.snapshot_every)
            snapshot_after = snapshots.next or head  # the next position past which the read writes snapshots
            counts = dict.fromkeys((p.name for p in selected), 0)
            router = Router(selected)
            position = 0
            copied: set[str] = set()
            with self.db.bulk_load(conn):
                since_report = 0
                events = self.db.stream_events(reader, 0, head, router.topics(), READ_PAGE)
                for raw in events:
                    if raw[0] > snapshot_after:
                        snapshots.before(raw[0])
                        snapshot_after = snapshots.next or head
                    targets = router(raw[3])
                    if targets:
                        position, topic, event = decode(raw)
                        for p in targets:
                            p.apply(builds[p.name], position, topic, event)
                            counts[p.name] += 1
                    since_report += 1
                    if since_report >= READ_PAGE:
                        since_report = 0
                        report("reading", raw[0], head)
                position = head
                snapshots.before(head + 1)
                report("reading", head, head)
                for p in selected:
                    copied |= self._write_shadows(conn, p, builds.pop(p.name), generations[p.name], states[p.name],
                                                  lambda: report("writing", head, head))
                del builds
                return self._swap(conn, selected, states, generations, position, counts, started, report, copied)
        finally:
            if reader is not conn:
                self.db.close(reader)
            self.db.close(conn)

    def _fresh_shadows(self, conn: Any, selected: Sequence[Projection], generations: dict[str, int]) -> None:
        """Empty shadow tables for the rebuild (dropping what a killed rebuild left behind), in one transaction."""
        with self.db.write(conn):
            statements: list[str] = []
            for p in selected:
                generation = generations[p.name]
                for t in p.tables:
                    if self.db.kind == "sqlite":
                        statements += t.drop_search(generation)
                    statements += [f"DROP TABLE IF EXISTS {t.name}{SHADOW}", t.bare_ddl(t.name + SHADOW)]
                    if t.name in p.streamed:  # upserted while loading: its key is needed from the start
                        statements.append(t.key_ddl(t.name + SHADOW, generation))
            self.db.execute_all(conn, statements)

    def _write_shadows(self, conn: Any, p: Projection, build: BuildRows, generation: int,
                       state: tuple[int, int, int] | None, report: Callable[[], None]) -> set[str]:
        """After the read: a projection's buffered rows, then its in-memory tables, keys and indexes in one
        transaction (a transaction per table cost 200 commits for all the registers); returns `_index_shadows`'."""
        build.flush()
        with self.db.write(conn):
            for t, rows in build.in_memory():
                self.db.insert_rows(conn, t.name + SHADOW, t.stored_columns, rows)
                report()
            del build.memory
            copied = self._index_shadows(conn, p, generation, state)
        report()
        return copied

    def _index_shadows(self, conn: Any, p: Projection, generation: int, state: tuple[int, int, int] | None
                       ) -> set[str]:
        """Keys, indexes and search indexes of a projection's loaded shadow tables, in the caller's transaction;
        returns the tables the swap copies into their live ones (whose indexes serve: only the key, for the tail)."""
        copied: set[str] = set()
        statements: list[str] = []
        for t in p.tables:
            shadow = t.name + SHADOW
            if t.name not in p.streamed:
                statements.append(t.key_ddl(shadow, generation))
            if self._copied_at_swap(conn, p, t, state):
                copied.add(t.name)
            else:
                statements += [*t.index_ddl(shadow, generation), *self._search(t, shadow, generation)]
        self.db.execute_all(conn, statements)
        return copied

    def _copied_at_swap(self, conn: Any, p: Projection, t: Table, state: tuple[int, int, int] | None) -> bool:
        """SQLite: whether the swap copies this table's shadow rows into the live table instead of renaming
        the shadow table. A rename re-reads the whole schema (a thousand entries with the search indexes: a
        tenth of a second each, 25 s for all the registers), a copy of a small table takes milliseconds. Only
        for a small table whose live table has the same declaration (the same register version)."""
        if self.db.kind != "sqlite" or state is None or state[0] != p.version or not self.db.table_exists(conn, t.name):
            return False
        found = self.db.execute(conn, f"SELECT COUNT(*) FROM (SELECT 1 FROM {t.name}{SHADOW} LIMIT ?) AS n",
                                (SMALL_TABLE,))
        return int(found[0][0]) < SMALL_TABLE

    def _copy_into_live(self, conn: Any, t: Table, generation: int) -> None:
        """SQLite, inside the swap: the live table's rows replaced by its shadow's (its triggers are already
        dropped, so the delete is a truncate), the shadow dropped, the search index of `generation` built."""
        columns = ", ".join(t.stored_columns)
        self.db.execute(conn, f"DELETE FROM {t.name}")
        self.db.execute(conn, f"INSERT INTO {t.name} ({columns}) SELECT {columns} FROM {t.name}{SHADOW}")
        self.db.execute(conn, f"DROP TABLE {t.name}{SHADOW}")
        for ddl in self._search(t, t.name, generation):
            self.db.execute(conn, ddl)

    def _drop_retired(self, conn: Any, selected: Sequence[Projection], swapped: dict[str, int]) -> None:
        """Drop the tables a swap retired (or a killed rebuild left retired), one transaction each; after a
        swap to generation g (`swapped`), also the search index of g - 1 (and one of before generations)."""
        existing = self.db.table_names(conn)  # most tables have nothing retired: no transaction for them
        for p in selected:
            for t in p.tables:
                statements = [f"DROP TABLE IF EXISTS {t.name}{RETIRED}"] if f"{t.name}{RETIRED}" in existing else []
                if self.db.kind == "sqlite" and t.search and p.name in swapped:
                    statements += [f"DROP TABLE IF EXISTS {name}" for name in (t.search_table(swapped[p.name] - 1),
                                                                     f"{t.name}_search") if name in existing]
                if statements:
                    with self.db.write(conn):
                        self.db.execute_all(conn, statements)

    def _swap_tables(self, conn: Any, p: Projection, generation: int, copied: AbstractSet[str]) -> None:
        """A projection's shadow tables into place (in the swap's transaction)."""
        for t in p.tables:
            old = t.name + RETIRED
            if self.db.kind == "sqlite":
                for ddl in [*t.drop_triggers(generation - 1), *t.drop_triggers(generation),
                            *unwatch(self.db, t.name)]:
                    self.db.execute(conn, ddl)
            if t.name in copied:
                self._copy_into_live(conn, t, generation)
                continue
            # A large old table is renamed now and dropped after the swap commits (dropping it
            # frees every page of it, too long to hold the write lock for); a small one is dropped
            # (a rename re-reads the whole schema).
            if self.db.table_exists(conn, t.name):
                large = self.db.execute(conn, f"SELECT COUNT(*) FROM (SELECT 1 FROM {t.name} "
                                        "LIMIT ?) AS n", (SMALL_TABLE,))[0][0] >= SMALL_TABLE
                self.db.execute(conn, f"ALTER TABLE {t.name} RENAME TO {old}" if large
                                else f"DROP TABLE {t.name}")
            self.db.execute(conn, f"ALTER TABLE {t.name}{SHADOW} RENAME TO {t.name}")
            if self.db.kind == "sqlite":
                for ddl in t.search_triggers(t.name, generation):
                    self.db.execute(conn, ddl)

    def _swap(self, conn: Any, selected: Sequence[Projection], states: dict[str, tuple[int, int, int] | None],
              generations: dict[str, int], position: int, counts: dict[str, int], started: float,
              report: Callable[[str, int, int], None], copied: AbstractSet[str] = frozenset()
              ) -> list[RebuildSummary]:
        """Fold what arrived since the read into the shadow tables, then swap them in with the new state:
        renamed into place, or (small SQLite tables, `copied`) their rows copied into the live table."""
        router = Router(selected)
        while True:
            with self.db.write(conn):
                self._lock(conn, [p.name for p in selected], required=False)  # clerks' catch-up waits while we swap
                tail_head = self.db.head(conn)
                tail = self.db.event_rows(conn, position, tail_head, CATCH_UP_BATCH, router.topics())
                stores = {p.name: SqlRows(self.db, conn, p.tables, suffix=SHADOW) for p in selected}
                fold_routed(router, stores, tail, counts=counts)
                for store in stores.values():
                    store.flush()
                position = tail[-1][0] if len(tail) == CATCH_UP_BATCH else tail_head
                report("catching-up", position, tail_head)
                if len(tail) == CATCH_UP_BATCH:
                    continue  # a long tail: commit this part, keep the live tables, go on
                seconds = time.perf_counter() - started
                summaries = []
                if self.db.kind == "sqlite":  # renames need not re-check other tables' triggers: ours are redone
                    self.db.execute(conn, "PRAGMA legacy_alter_table = ON")
                for p in selected:
                    p.drop_views(self.db, conn)  # made again over the new tables below
                for p in selected:
                    self._swap_tables(conn, p, generations[p.name], copied)
                    p.create_views(self.db, conn)
                    row_count = sum(watch(self.db, conn, [t.name for t in p.tables]).values())  # counted, kept
                    self.db.execute(conn, f"DELETE FROM {STATE_TABLE} WHERE name = ?", (p.name,))
                    self.db.execute(conn, f"INSERT INTO {STATE_TABLE} (name, version, position, generation, "
                                    "rebuilt_at, rebuild_events, rebuild_rows, rebuild_seconds) "
                                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                                    (p.name, p.version, position, generations[p.name], now_text(), counts[p.name],
                                     row_count, f"{seconds:.3f}"))
                    state = states[p.name]
                    summaries.append(RebuildSummary(p.name, state[0] if state else None, p.version,
                                                    counts[p.name], row_count, seconds))
                if self.db.kind == "sqlite":
                    self.db.execute(conn, "PRAGMA legacy_alter_table = OFF")
                break
        self._drop_retired(conn, selected, generations)
        report("swapped", position, position)
        return summaries
