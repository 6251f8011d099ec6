"""Register snapshots: a projection's rows as they stood at a position, kept so that an as-of view starts
from the nearest snapshot below the position it asks for instead of folding the history from its start.

A rebuild writes one for each projection it folds every `SNAPSHOT_EVERY` positions (the rows as of the last
multiple of it that the read has passed). A snapshot is keyed by the projection's name and declared version:
an as-of view reads only those of the version it folds, and a rebuild deletes those of other versions (a
version change invalidates them). Each snapshot is written in one transaction, its rows encoded with msgpack
and compressed in chunks, and a marker row (part '') says it is complete.

Rows of tables held in memory while folding are kept as their declared columns; rows of the tables a
rebuild streams into its shadow tables (`Projection.appended`, `streamed`) as their stored columns (the
search form included), read back from the shadow table. Projections that declare `cut` (the event log) are
not snapshotted: an as-of view cuts their live tables instead.
"""

from __future__ import annotations

import sqlite3
import zlib
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import msgspec

from projections.db import Database
from projections.engine import BuildRows, Projection, Table

SNAPSHOT_EVERY = 100_000  # positions between two snapshots of a register
SNAPSHOT_TABLE = "register_snapshots"
_CHUNK = 20_000  # rows per stored blob
_MARKER = ""


def ddl(db: Database) -> str:
    blob = "BLOB" if db.kind == "sqlite" else "BYTEA"
    return (f"CREATE TABLE IF NOT EXISTS {SNAPSHOT_TABLE} (name TEXT NOT NULL, version BIGINT NOT NULL, "
            f"position BIGINT NOT NULL, part TEXT NOT NULL, chunk BIGINT NOT NULL, data {blob} NOT NULL, "
            "PRIMARY KEY (name, version, position, part, chunk))")


def _stored_value(value: Any) -> Any:
    """A value msgpack does not carry, as the register would store it (text)."""
    if isinstance(value, UUID):
        return value.hex
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    raise NotImplementedError(f"a register value of type {type(value).__name__}")


_pack = msgspec.msgpack.Encoder(enc_hook=_stored_value).encode
_unpack = msgspec.msgpack.Decoder(list[tuple[Any, ...]]).decode


def _encode(rows: list[tuple[Any, ...]]) -> bytes:
    """Rows as msgpack, compressed (zlib's fastest level: a register's rows repeat a lot, about 5x smaller)."""
    return zlib.compress(_pack(rows), 1)


def _decode(data: bytes) -> list[tuple[Any, ...]]:
    return _unpack(zlib.decompress(data))


def _database_errors(db: Database) -> tuple[type[Exception], ...]:
    if db.kind == "sqlite":
        return (sqlite3.Error,)
    import psycopg

    return (psycopg.Error,)


def snapshotted(projections: Iterable[Projection]) -> list[Projection]:
    """The projections that keep snapshots (not those an as-of view cuts from their live tables)."""
    return [p for p in projections if not p.cut]


def _chunks(rows: Iterable[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    batch: list[tuple[Any, ...]] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= _CHUNK:
            yield batch
            batch = []
    if batch:
        yield batch


class SnapshotWriter:
    """Writes the snapshots of a rebuild's projections as its read passes multiples of `every`."""

    def __init__(self, db: Database, conn: Any, projections: Iterable[Projection], builds: dict[str, BuildRows],
                 shadow_suffix: str, every: int = SNAPSHOT_EVERY) -> None:
        self.db, self.conn, self.builds, self.suffix = db, conn, builds, shadow_suffix
        self.projections = snapshotted(projections)
        self.every = every
        self.next = every if self.projections and every > 0 else None  # the next multiple to write at
        if self.next is not None:
            try:
                with db.write(conn):
                    db.execute(conn, ddl(db))
                    names = [p.name for p in self.projections]
                    # Snapshots of another version are invalid; those of this one are written again below.
                    db.execute(conn, f"DELETE FROM {SNAPSHOT_TABLE} WHERE name IN "
                               f"({', '.join('?' * len(names))})", names)
            except _database_errors(db):
                self.next = None  # snapshots are a shortcut: a store that refuses them is rebuilt without

    def before(self, position: int) -> None:
        """Called before the event at `position` is folded: every event below it has been. Writes the rows as
        of the last multiple of `every` below `position`, if the read has passed one since the last call (and
        stops writing any if the store refuses one: the rebuild goes on without)."""
        if self.next is None or position <= self.next:
            return
        at = (position - 1) // self.every * self.every
        try:
            self.write(at)
        except _database_errors(self.db):
            self.next = None
            return
        self.next = at + self.every

    def write(self, at: int) -> None:
        for p in self.projections:
            build = self.builds[p.name]
            build.flush()  # the streamed tables' buffered rows into their shadow tables
            with self.db.write(self.conn):
                self.db.execute(self.conn, f"DELETE FROM {SNAPSHOT_TABLE} WHERE name = ? AND position = ?",
                                (p.name, at))
                for t in p.tables:
                    held = build.memory.data.get(t.name)
                    if held is not None:
                        self._store(p, at, t.name, held.values())
                    else:
                        self._store(p, at, t.name, self._shadow_rows(t))
                self._insert(p, at, _MARKER, 0, b"")

    def _shadow_rows(self, t: Table) -> Iterator[tuple[Any, ...]]:
        select = f"SELECT {', '.join(t.stored_columns)} FROM {t.name}{self.suffix}"
        if self.db.kind == "sqlite":
            cursor = self.conn.execute(select)
        else:
            cursor = self.conn.cursor(name=f"snapshot_{t.name}")
            cursor.itersize = _CHUNK
            cursor.execute(select)
        try:
            while rows := cursor.fetchmany(_CHUNK):
                yield from rows
        finally:
            cursor.close()

    def _store(self, p: Projection, at: int, part: str, rows: Iterable[tuple[Any, ...]]) -> None:
        for n, chunk in enumerate(_chunks(rows)):
            self._insert(p, at, part, n, _encode(chunk))

    def _insert(self, p: Projection, at: int, part: str, n: int, data: bytes) -> None:
        self.db.execute(self.conn, f"INSERT INTO {SNAPSHOT_TABLE} (name, version, position, part, chunk, data) "
                        "VALUES (?, ?, ?, ?, ?, ?)", (p.name, p.version, at, part, n, data))


def nearest(db: Database, conn: Any, p: Projection, position: int) -> int:
    """The position of the latest complete snapshot of `p` (of its declared version) at or below `position`;
    0 if there is none."""
    if p.cut or not db.table_exists(conn, SNAPSHOT_TABLE):
        return 0
    try:
        found = db.execute(conn, f"SELECT MAX(position) FROM {SNAPSHOT_TABLE} WHERE name = ? AND version = ? "
                           "AND position <= ? AND part = ?", (p.name, p.version, position, _MARKER))
    except _database_errors(db):  # not the table this module writes: no snapshots
        return 0
    return int(found[0][0] or 0)


def restore(db: Database, conn: Any, p: Projection, at: int, build: BuildRows, scratch: Database,
            scratch_conn: Any) -> bool:
    """Put the rows of `p`'s snapshot at `at` where an as-of fold keeps them: the tables held in memory into
    `build`, the streamed ones into their scratch tables (already created). False, with nothing put, if the
    snapshot is gone (a rebuild replaced it since `nearest` found it): the caller folds from the start."""
    tables = {t.name: t for t in p.tables}
    complete = False
    for part, data in _snapshot_parts(db, conn, p, at):
        if part == _MARKER:  # sorts first: seen before any row is put
            complete = True
            continue
        if not complete:
            return False
        t = tables.get(part)
        if t is None:
            continue
        rows = _decode(bytes(data))
        held = build.memory.data.get(part)
        if held is not None:
            key = t.key_of_values
            for values in rows:
                held[key(values)] = values
        else:
            columns = t.stored_columns
            scratch.executemany(scratch_conn, f"INSERT INTO {part} ({', '.join(columns)}) VALUES "
                                f"({', '.join('?' * len(columns))})", rows)
    return complete


def _snapshot_parts(db: Database, conn: Any, p: Projection, at: int) -> Iterator[tuple[str, bytes]]:
    """The (table, blob) rows of a snapshot, a few at a time (a server-side cursor on PostgreSQL)."""
    select = (f"SELECT part, data FROM {SNAPSHOT_TABLE} WHERE name = ? AND version = ? AND position = ? "
              "ORDER BY part, chunk")
    params = (p.name, p.version, at)
    if db.kind == "sqlite":
        yield from conn.execute(select, params)
        return
    with conn.transaction(), conn.cursor(name="snapshot_read") as cursor:
        cursor.itersize = 8
        cursor.execute(db.sql(select), params)
        yield from cursor
