"""Raw SQL on a store's event table, behind the application's back: how the tamper tests forge history."""

from __future__ import annotations

import sqlite3
from typing import Any

from domain.eventstore.store import parse_store_url


class RawEvents:
    def __init__(self, url: str) -> None:
        self.config = parse_store_url(url)
        self.pos = "rowid" if self.config.kind == "sqlite" else "notification_id"
        sqlite = self.config.kind == "sqlite"
        self.table = "stored_events" if sqlite else f"{self.config.schema}.secretariat_events"

    def execute(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        sql = sql.replace("{t}", self.table).replace("{pos}", self.pos)
        if self.config.kind == "sqlite":
            conn = sqlite3.connect(str(self.config.path))
            try:
                rows = conn.execute(sql, params).fetchall()
                conn.commit()
                return rows
            finally:
                conn.close()
        import psycopg

        with psycopg.connect(self.config.conninfo, autocommit=True) as pg:
            # A forger with the server's superuser rights switches the append-only trigger off first.
            pg.execute("SET session_replication_role = replica")
            cur = pg.execute(sql.replace("?", "%s"), params)
            return cur.fetchall() if cur.description else []

    def rows(self) -> list[tuple[Any, ...]]:
        return self.execute("SELECT {pos}, originator_id, originator_version, topic, state, chain_hash "
                            "FROM {t} ORDER BY {pos}")

    def move(self, old: int, new: int) -> None:
        self.execute("UPDATE {t} SET {pos} = ? WHERE {pos} = ?", (new, old))
