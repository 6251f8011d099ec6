"""The projection side's own connection to the store's database, and the SQL dialect differences.

Registers live in the same database as the events (the same SQLite file, or the same PostgreSQL
database and schema), so a batch of register rows and the projection's position commit together.
SQL is written with `?` placeholders and portable types; `Database.sql` adapts it for PostgreSQL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from domain.eventstore.recorders import DEFAULT_AUTOCHECKPOINT as AUTOCHECKPOINT
from domain.eventstore.store import StoreConfig

Row = tuple[Any, ...]


def _returns_rows(statement: str) -> bool:
    """Whether a statement answers with rows (for a pipelined one, whose description is not known yet)."""
    upper = statement.lstrip().upper()
    return upper.startswith(("SELECT", "WITH", "VALUES", "SHOW", "TABLE")) or " RETURNING " in upper


class Database:
    def __init__(self, config: StoreConfig) -> None:
        self.config = config
        self.kind = config.kind
        self._memory: sqlite3.Connection | None = None  # the one connection of an in-memory database
        self._has_events = False
        self._has_row_counts = False  # the registers' row counts exist (projections.rowcounts)
        if self.kind == "sqlite":
            self.events_table, self.position = "stored_events", "rowid"
        else:
            self.events_table, self.position = "secretariat_events", "notification_id"

    @classmethod
    def memory(cls) -> Database:
        """A scratch SQLite database in memory (as-of views)."""
        db = cls(StoreConfig("sqlite", path=None))
        db._memory = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        return db

    def connect(self) -> Any:
        if self.kind == "sqlite":
            if self._memory is not None:
                return self._memory
            conn = sqlite3.connect(str(self.config.path), timeout=30, isolation_level=None,
                                   check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            # As the event recorder's: checkpoints run in a background thread after writes (the recorder's
            # `checkpoint_soon`), a commit does one itself only once the WAL has grown past this bound.
            conn.execute(f"PRAGMA wal_autocheckpoint = {AUTOCHECKPOINT}")
            return conn
        import psycopg

        pg = psycopg.connect(self.config.conninfo, autocommit=True)
        if self.config.schema:
            pg.execute(f"SET search_path TO {self.config.schema}")
        return pg

    def close(self, conn: Any) -> None:
        if conn is not self._memory:
            conn.close()

    def sql(self, statement: str) -> str:
        return statement if self.kind == "sqlite" else statement.replace("?", "%s")

    @contextmanager
    def write(self, conn: Any) -> Iterator[Any]:
        """One write transaction holding the database's write lock (SQLite) from its first statement."""
        if self.kind == "sqlite":
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        else:
            with conn.transaction():
                yield conn

    @contextmanager
    def read(self, conn: Any) -> Iterator[Any]:
        """One consistent snapshot for several reads."""
        if self.kind == "sqlite":
            conn.execute("BEGIN")
            try:
                yield conn
            finally:
                conn.execute("ROLLBACK")
        else:
            with conn.transaction():
                yield conn

    def execute(self, conn: Any, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        cur = conn.execute(self.sql(statement), tuple(params))
        if self.kind == "postgresql" and cur.pgresult is None:  # pipeline mode: the answer is not read yet
            return list(cur.fetchall()) if _returns_rows(statement) else []  # reading it waits for it
        return list(cur.fetchall()) if cur.description else []

    def execute_all(self, conn: Any, statements: Sequence[str]) -> None:
        """Statements without parameters (DDL), in order, in the caller's transaction: one round trip on
        PostgreSQL (a rebuild creates and indexes a hundred tables), one call each on SQLite."""
        if not statements:
            return
        if self.kind == "sqlite":
            for statement in statements:
                conn.execute(statement)
            return
        conn.execute("; ".join(statements))

    def executemany(self, conn: Any, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        if self.kind == "sqlite":
            conn.executemany(statement, rows)
        elif conn.pgconn.pipeline_status:  # already pipelined: executemany's own pipeline would wait for its rows
            with conn.cursor() as cur:
                for row in rows:
                    cur.execute(self.sql(statement), row, prepare=True)
        else:
            with conn.cursor() as cur:
                cur.executemany(self.sql(statement), rows)

    def table_exists(self, conn: Any, name: str) -> bool:
        if self.kind == "sqlite":
            found = self.execute(conn, "SELECT 1 FROM sqlite_master WHERE type='table' AND name=?", (name,))
        else:
            found = self.execute(conn, "SELECT 1 FROM information_schema.tables WHERE table_name = ? "
                                 "AND table_schema = current_schema()", (name,))
        return bool(found)

    def table_names(self, conn: Any) -> set[str]:
        """The names of every table in the store's database (its schema on PostgreSQL)."""
        if self.kind == "sqlite":
            rows = self.execute(conn, "SELECT name FROM sqlite_master WHERE type = 'table'")
        else:
            rows = self.execute(conn, "SELECT table_name FROM information_schema.tables "
                                "WHERE table_schema = current_schema()")
        return {str(r[0]) for r in rows}

    def head(self, conn: Any) -> int:
        if not self._has_events:  # once it exists, the events table stays: one query fewer per catch-up
            if not self.table_exists(conn, self.events_table):
                return 0
            self._has_events = True
        rows = self.execute(conn, f"SELECT MAX({self.position}) FROM {self.events_table}")
        return int(rows[0][0] or 0)

    def stream_events(self, conn: Any, after: int, upto: int, topics: Sequence[str] = (),
                      page: int = 20_000) -> Iterator[Row]:
        """Every (position, stream, version, topic, state) in (after, upto], oldest first, without holding
        them all: SQLite reads pages by position; PostgreSQL one server-side cursor (`conn` must be a
        connection of its own, in no transaction)."""
        if self.kind == "sqlite":
            while after < upto:
                rows = self.event_rows(conn, after, upto, page, topics)
                yield from rows
                if len(rows) < page:
                    return
                after = rows[-1][0]
            return
        where = f"{self.position} > %s AND {self.position} <= %s"
        params: list[Any] = [after, upto]
        if topics:
            where += " AND topic = ANY(%s)"
            params.append(list(topics))
        with conn.transaction(), conn.cursor(name="secretariat_events_read") as cur:
            cur.itersize = page
            cur.execute(f"SELECT {self.position}, originator_id, originator_version, topic, state "
                        f"FROM {self.events_table} WHERE {where} ORDER BY {self.position}", params)
            yield from cur

    @contextmanager
    def bulk_load(self, conn: Any) -> Iterator[None]:
        """SQLite: no WAL checkpoints on this connection's commits and a larger page cache while a rebuild
        loads its shadow tables; the checkpoint runs once, after the swap."""
        if self.kind != "sqlite":
            yield
            return
        conn.execute("PRAGMA wal_autocheckpoint = 0")
        conn.execute("PRAGMA cache_size = -16384")
        try:
            yield
        finally:
            conn.execute(f"PRAGMA wal_autocheckpoint = {AUTOCHECKPOINT}")
            conn.execute("PRAGMA cache_size = -2000")
            try:
                conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            except sqlite3.Error:
                pass  # busy: the next commit's automatic checkpoint does it

    def insert_rows(self, conn: Any, table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
        """Plain inserts into a table being loaded: executemany on SQLite, COPY on PostgreSQL."""
        if not rows:
            return
        if self.kind == "sqlite":
            conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                             rows)
            return
        with conn.cursor() as cur, cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)

    def upsert_rows(self, conn: Any, table: str, columns: Sequence[tuple[str, str]], key: Sequence[str],
                    rows: Sequence[Row]) -> None:
        """Insert or replace rows by key: executemany on SQLite; one statement over arrays on PostgreSQL
        (psycopg's executemany sends a statement per row)."""
        if not rows:
            return
        names = [c for c, _ in columns]
        updates = (", ".join(f"{c} = excluded.{c}" for c in names if c not in key)
                   or f"{key[0]} = excluded.{key[0]}")
        conflict = f"ON CONFLICT ({', '.join(key)}) DO UPDATE SET {updates}"
        if self.kind == "sqlite":
            conn.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
                             f"{conflict}", rows)
            return
        arrays = ", ".join(f"%s::{'bigint' if t == 'int' else 'text'}[]" for _, t in columns)
        conn.execute(f"INSERT INTO {table} ({', '.join(names)}) SELECT * FROM unnest({arrays}) {conflict}",
                     [list(col) for col in zip(*rows, strict=True)])

    def delete_rows(self, conn: Any, table: str, key: Sequence[str], keys: Sequence[Row]) -> None:
        if keys:
            where = " AND ".join(f"{k} = ?" for k in key)
            self.executemany(conn, self.sql(f"DELETE FROM {table} WHERE {where}"), keys)

    def event_rows(self, conn: Any, after: int, upto: int, limit: int, topics: Sequence[str] = ()
                   ) -> list[Row]:
        """(position, stream, version, topic, state) for positions in (after, upto], oldest first."""
        where = f"{self.position} > ? AND {self.position} <= ?"
        params: list[Any] = [after, upto]
        if topics:
            where += f" AND topic IN ({','.join('?' * len(topics))})"
            params += list(topics)
        return self.execute(conn, f"SELECT {self.position}, originator_id, originator_version, topic, state "
                            f"FROM {self.events_table} WHERE {where} ORDER BY {self.position} LIMIT ?",
                            [*params, limit])
