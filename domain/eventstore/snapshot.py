"""Reading the hash chain in one consistent snapshot, up to the head seen when the snapshot began.

Writers go on appending while `verify`, `checkpoint` and `export` read: each reader opens one read
transaction (SQLite WAL snapshot; PostgreSQL REPEATABLE READ, READ ONLY), reads the head and the lowest
position in it, and then streams rows up to that head on one cursor. Rows appended meanwhile are simply
not part of the snapshot. A SQLite file that cannot be written (an archived, read-only copy) is opened
read-only, or immutable when even its WAL index cannot be created.

Rows come as plain tuples. For the fast path each row is ``(position, chain_hash, preimage)`` where the
preimage is every byte the link hashes after the previous chain hash (see `chain.link`): PostgreSQL
builds it in SQL, in one piece; for SQLite (no way to pack integers in its SQL) it is packed here.
"""

from __future__ import annotations

import itertools
import sqlite3
import stat
import struct
from collections.abc import Callable, Generator, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from domain.errors import StoreError
from domain.eventstore.chain import ChainRow

FETCH = 10_000  # rows per fetch from the cursor
_HEAD = struct.Struct(">QQI")
_LEN = struct.Struct(">I")
_NAMES = itertools.count()


class ChainSnapshot(Protocol):
    head: int  # highest position in the snapshot (0 if empty)
    low: int  # lowest position in the snapshot (0 if empty)
    conn: Any  # the connection it reads through (attachments read their contents in the same snapshot)

    def preimages(self, start: int = 0) -> Generator[tuple[Any, Any, Any], None, None]:
        """(position, stored chain hash, preimage or None) for positions start+1..head, in order."""
        ...

    def rows(self, start: int = 0, end: int | None = None) -> Iterator[ChainRow]:
        """Whole rows for positions start+1..min(end, head), in order (typed as stored)."""
        ...

    def hash_at(self, position: int) -> bytes | None: ...


# --- SQLite ------------------------------------------------------------------------------------------


@dataclass
class _SQLiteSnapshot:
    conn: sqlite3.Connection
    table: str
    head: int = 0
    low: int = 0

    def preimages(self, start: int = 0) -> Generator[tuple[Any, Any, Any], None, None]:
        cursor = self.conn.execute(
            f"SELECT rowid, chain_hash, originator_id, originator_version, topic, state FROM {self.table} "
            "WHERE rowid > ? AND rowid <= ? ORDER BY rowid", (start, self.head))
        head, length, join = _HEAD.pack, _LEN.pack, b"".join
        while batch := cursor.fetchmany(FETCH):
            for position, stored, stream, version, topic, state in batch:
                try:
                    s, t = stream.encode(), topic.encode()
                    preimage = join((head(position, version, len(s)), s, length(len(t)), t,
                                     length(len(state)), state))
                except (AttributeError, TypeError, struct.error):
                    preimage = None  # a column nulled or retyped: the slow path says which
                yield position, stored, preimage

    def rows(self, start: int = 0, end: int | None = None) -> Iterator[ChainRow]:
        end = self.head if end is None else min(end, self.head)
        cursor = self.conn.execute(
            f"SELECT rowid, originator_id, originator_version, topic, state, chain_hash FROM {self.table} "
            "WHERE rowid > ? AND rowid <= ? ORDER BY rowid", (start, end))
        while batch := cursor.fetchmany(FETCH):
            for r in batch:
                yield ChainRow(*r)

    def hash_at(self, position: int) -> bytes | None:
        row = self.conn.execute(f"SELECT chain_hash FROM {self.table} WHERE rowid = ?", (position,)).fetchone()
        return bytes(row[0]) if row and isinstance(row[0], bytes) else None


def _sqlite_connect(path: Path) -> sqlite3.Connection:
    """A read-only connection. A file marked read-only with no pending WAL (an archived copy) is opened
    immutable, so that not even a WAL index is created beside it; else read-only, falling back to
    immutable when the WAL index cannot be created."""
    if not path.is_file():
        raise StoreError("no store at {path}", path=path)
    uri = path.resolve().as_uri()
    wal = path.with_name(path.name + "-wal")
    archived = not (path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) and not (
        wal.exists() and wal.stat().st_size)
    last: sqlite3.Error | None = None
    for flags in (("mode=ro&immutable=1",) if archived else ("mode=ro", "mode=ro&immutable=1")):
        try:
            conn = sqlite3.connect(f"{uri}?{flags}", uri=True, isolation_level=None, check_same_thread=False)
            conn.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
            return conn
        except sqlite3.Error as e:
            last = e
    raise StoreError("cannot read store {path}: {last}", path=path, last=last)


@contextmanager
def sqlite_snapshot(path: Path, table: str = "stored_events") -> Iterator[ChainSnapshot]:
    conn = _sqlite_connect(path)
    try:
        conn.execute("BEGIN")  # deferred: the first SELECT fixes the snapshot for every later one
        try:
            low, high = conn.execute(f"SELECT MIN(rowid), MAX(rowid) FROM {table}").fetchone()
        except sqlite3.DatabaseError as e:
            raise StoreError("store {path} is corrupt or not a Secretariat store: {e}", path=path, e=e) from None
        yield _SQLiteSnapshot(conn, table, int(high or 0), int(low or 0))
        conn.execute("COMMIT")
    finally:
        conn.close()


# --- PostgreSQL --------------------------------------------------------------------------------------


@dataclass
class _PostgresSnapshot:
    conn: Any
    table: Any  # a composed, quoted schema.table
    uuid_ids: bool
    head: int = 0
    low: int = 0

    def _stream_text(self) -> str:
        # The chain hashes a UUID as its 32 hex digits (UUID.hex); PostgreSQL prints it with dashes.
        return "replace(originator_id::text, '-', '')" if self.uuid_ids else "originator_id::text"

    def _cursor(self, query: Any, params: tuple[Any, ...]) -> Iterator[tuple[Any, ...]]:
        from psycopg.rows import tuple_row

        with self.conn.cursor(name=f"secretariat_chain_{next(_NAMES)}", row_factory=tuple_row,
                              binary=True) as cur:
            cur.itersize = FETCH
            cur.execute(query, params)
            yield from cur

    def preimages(self, start: int = 0) -> Generator[tuple[Any, Any, Any], None, None]:
        from psycopg.sql import SQL

        s = self._stream_text()
        query = SQL(
            "SELECT notification_id, chain_hash, int8send(notification_id) || int8send(originator_version) "
            f"|| int4send(octet_length(convert_to({s}, 'UTF8'))) || convert_to({s}, 'UTF8') "
            "|| int4send(octet_length(convert_to(topic, 'UTF8'))) || convert_to(topic, 'UTF8') "
            "|| int4send(octet_length(state)) || state "
            "FROM {} WHERE notification_id > %s AND notification_id <= %s ORDER BY notification_id"
        ).format(self.table)
        yield from self._cursor(query, (start, self.head))

    def rows(self, start: int = 0, end: int | None = None) -> Iterator[ChainRow]:
        from psycopg.sql import SQL

        end = self.head if end is None else min(end, self.head)
        query = SQL(
            f"SELECT notification_id, {self._stream_text()}, originator_version, topic, state, chain_hash "
            "FROM {} WHERE notification_id > %s AND notification_id <= %s ORDER BY notification_id"
        ).format(self.table)
        for r in self._cursor(query, (start, end)):
            yield ChainRow(r[0], r[1], r[2], r[3], _bytes(r[4]), _bytes(r[5]))

    def hash_at(self, position: int) -> bytes | None:
        from psycopg.sql import SQL

        row = self.conn.execute(SQL("SELECT chain_hash FROM {} WHERE notification_id = %s").format(self.table),
                                (position,)).fetchone()
        if not row:
            return None
        value = row[0] if isinstance(row, tuple) else next(iter(row.values()))
        return bytes(value) if value is not None else None


@contextmanager
def postgres_snapshot(connection: AbstractContextManager[Any], schema: str, table: str,
                      uuid_ids: bool = True) -> Iterator[ChainSnapshot]:
    from psycopg.rows import tuple_row
    from psycopg.sql import SQL, Identifier

    with connection as conn:
        ident = SQL("{}.{}").format(Identifier(schema), Identifier(table))
        with conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            with conn.cursor(row_factory=tuple_row) as cur:
                cur.execute(SQL("SELECT MIN(notification_id), MAX(notification_id) FROM {}").format(ident))
                low, high = cur.fetchone() or (0, 0)
            yield _PostgresSnapshot(conn, ident, uuid_ids, int(high or 0), int(low or 0))


# --- choosing ----------------------------------------------------------------------------------------


def snapshot_of(source: Any) -> AbstractContextManager[ChainSnapshot]:
    """A snapshot of a store, given its chain recorder or its StoreConfig (no application needed)."""
    from domain.eventstore.store import StoreConfig

    if isinstance(source, StoreConfig):
        if source.kind == "sqlite":
            assert source.path is not None
            return sqlite_snapshot(source.path)
        import psycopg

        return postgres_snapshot(psycopg.connect(source.conninfo), source.schema or "public", "secretariat_events")
    datastore = source.datastore
    if hasattr(datastore, "pool") and hasattr(datastore.pool, "db_name"):
        return sqlite_snapshot(Path(datastore.pool.db_name), source.events_table_name)
    return postgres_snapshot(datastore.get_connection(), datastore.schema, source.events_table_name,
                             datastore.originator_id_type == "uuid")


Opener = Callable[[], AbstractContextManager[ChainSnapshot]]


def _bytes(column: Any) -> Any:
    """A bytea column as bytes; a nulled one as read (verification names such a row malformed)."""
    return bytes(column) if column is not None else None
