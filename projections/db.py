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

from domain.eventstore.store import StoreConfig

Row = tuple[Any, ...]


class Database:
    def __init__(self, config: StoreConfig) -> None:
        self.config = config
        self.kind = config.kind
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
            memory = getattr(self, "_memory", None)
            if memory is not None:
                return memory
            conn = sqlite3.connect(str(self.config.path), timeout=30, isolation_level=None,
                                   check_same_thread=False)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            return conn
        import psycopg

        conn = psycopg.connect(self.config.conninfo, autocommit=True)
        if self.config.schema:
            conn.execute(f"SET search_path TO {self.config.schema}")
        return conn

    def close(self, conn: Any) -> None:
        if conn is not getattr(self, "_memory", None):
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
        return list(cur.fetchall()) if cur.description else []

    def executemany(self, conn: Any, statement: str, rows: Sequence[Sequence[Any]]) -> None:
        if not rows:
            return
        if self.kind == "sqlite":
            conn.executemany(statement, rows)
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

    def head(self, conn: Any) -> int:
        if not self.table_exists(conn, self.events_table):
            return 0
        rows = self.execute(conn, f"SELECT MAX({self.position}) FROM {self.events_table}")
        return int(rows[0][0] or 0)

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
