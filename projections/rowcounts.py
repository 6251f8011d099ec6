"""Row counts kept with the registers (`register_rows`: a table's name and its number of rows), so opening a
register never counts a large table.

The database keeps them: each live register table has a trigger adding one per inserted row and taking one
per deleted row, so whatever writes the table (a catch-up, a rebuild's tail, a repair) keeps its count right.
Counts are set from COUNT(*) where a table's rows come from elsewhere: when it is created or first watched
(setup, a store from before the counts), and when a rebuild swaps its new table in (`watch`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from projections.db import Database

ROWS_TABLE = "register_rows"
ROWS_DDL = f"CREATE TABLE IF NOT EXISTS {ROWS_TABLE} (name TEXT PRIMARY KEY, n BIGINT NOT NULL)"
PG_FUNCTION = "register_rows_count"


def _trigger_ddl(db: Database, conn: Any, table: str) -> list[str]:
    if db.kind == "sqlite":
        return [*unwatch(db, table),
                f"CREATE TRIGGER {table}_rows_ai AFTER INSERT ON {table} BEGIN "
                f"UPDATE {ROWS_TABLE} SET n = n + 1 WHERE name = '{table}'; END",
                f"CREATE TRIGGER {table}_rows_ad AFTER DELETE ON {table} BEGIN "
                f"UPDATE {ROWS_TABLE} SET n = n - 1 WHERE name = '{table}'; END"]
    function = [] if db.execute(conn, f"SELECT to_regprocedure('{PG_FUNCTION}()')")[0][0] else [
        f"CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"UPDATE {ROWS_TABLE} SET n = n + CASE WHEN TG_OP = 'INSERT' THEN 1 ELSE -1 END "
        "WHERE name = TG_ARGV[0]; RETURN NULL; END $$"]
    return [*function,
            f"DROP TRIGGER IF EXISTS {table}_rows ON {table}",
            f"CREATE TRIGGER {table}_rows AFTER INSERT OR DELETE ON {table} FOR EACH ROW "
            f"EXECUTE FUNCTION {PG_FUNCTION}('{table}')"]


def unwatch(db: Database, table: str) -> list[str]:
    """SQLite: drop a table's counting triggers (their names are the schema's, and a table retired at a swap
    keeps its own). PostgreSQL keeps triggers per table: nothing to drop."""
    if db.kind != "sqlite":
        return []
    return [f"DROP TRIGGER IF EXISTS {table}_rows_ai", f"DROP TRIGGER IF EXISTS {table}_rows_ad"]


def watch(db: Database, conn: Any, tables: Iterable[str]) -> dict[str, int]:
    """Count these live tables' rows now and keep counting them (in the caller's write transaction); returns
    the counts."""
    db.execute(conn, ROWS_DDL)
    counts = {}
    for table in tables:
        db.execute_all(conn, _trigger_ddl(db, conn, table))
        counts[table] = int(db.execute(conn, f"SELECT COUNT(*) FROM {table}")[0][0])
        db.execute(conn, f"DELETE FROM {ROWS_TABLE} WHERE name = ?", (table,))
        db.execute(conn, f"INSERT INTO {ROWS_TABLE} (name, n) VALUES (?, ?)", (table, counts[table]))
    db._has_row_counts = True
    return counts


def watch_missing(db: Database, conn: Any, tables: Iterable[str]) -> None:
    """Watch the live tables that have no count yet (a new register, a store from before the counts)."""
    db.execute(conn, ROWS_DDL)
    known = {str(r[0]) for r in db.execute(conn, f"SELECT name FROM {ROWS_TABLE}")}
    missing = [t for t in tables if t not in known]
    if missing:
        watch(db, conn, missing)
    db._has_row_counts = True


def row_count(db: Database, conn: Any, table: str) -> int | None:
    """A register table's kept count; None where there is none (a scratch database, a register not set up)."""
    if not db._has_row_counts:
        if not db.table_exists(conn, ROWS_TABLE):
            return None
        db._has_row_counts = True
    found = db.execute(conn, f"SELECT n FROM {ROWS_TABLE} WHERE name = ?", (table,))
    return int(found[0][0]) if found else None
