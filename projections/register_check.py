"""Checking the live registers against the history: `verify --registers`.

Each register is folded afresh from the events up to the position it claims to have reached, into a scratch
database (as the as-of view does), and compared row by row with the live tables, read in one snapshot
together with that position. The first differing row is named (register, table, key, column, both values).
A position beyond the head of the history is a fault of its own: such a register silently stops updating.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from projections.asof import as_of
from projections.db import Database
from projections.engine import STATE_TABLE, Projection
from projections.runner import all_projections


@dataclass(frozen=True)
class RegisterCheck:
    register: str
    position: int
    rows: int  # rows compared
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def check_registers(app: Any, names: list[str] | None = None,
                    progress: Callable[[str], None] | None = None) -> list[RegisterCheck]:
    """One check per register (all, or those named), stopping at each register's first difference."""
    db = Database(app.store_config)
    conn = db.connect()
    try:
        projections = [p for p in all_projections() if names is None or p.name in names]
        return [_check_one(app, db, conn, p, progress) for p in projections]
    finally:
        db.close(conn)


def _check_one(app: Any, db: Database, conn: Any, p: Projection,
               progress: Callable[[str], None] | None) -> RegisterCheck:
    if progress:
        progress(p.name)
    with _snapshot(db, conn):
        state = db.execute(conn, f"SELECT position FROM {STATE_TABLE} WHERE name = ?", (p.name,)) \
            if db.table_exists(conn, STATE_TABLE) else []
        if not state:
            return RegisterCheck(p.name, 0, 0, "not set up (open the store once, or rebuild it)")
        position = int(state[0][0])
        head = db.head(conn)
        if position > head:
            return RegisterCheck(p.name, position, 0, f"its position {position} is beyond the head of the history "
                                 f"({head}): it would stop updating; rebuild it")
        live = {t.name: db.execute(conn, f"SELECT {', '.join(t.column_names)} FROM {t.name} "
                                   f"ORDER BY {', '.join(t.key)}") for t in p.tables}
    _scratch, sconn = as_of(app, position, [p])
    try:
        compared = 0
        for t in p.tables:
            expected = sconn.execute(f"SELECT {', '.join(t.column_names)} FROM {t.name} "
                                     f"ORDER BY {', '.join(t.key)}").fetchall()
            problem, n = _first_difference(t, live[t.name], expected)
            compared += n
            if problem:
                return RegisterCheck(p.name, position, compared, problem)
        return RegisterCheck(p.name, position, compared)
    finally:
        sconn.close()


def _snapshot(db: Database, conn: Any) -> Any:
    """One consistent read of the position and the tables (PostgreSQL: REPEATABLE READ)."""
    if db.kind == "sqlite":
        return db.read(conn)
    from contextlib import contextmanager

    @contextmanager
    def repeatable() -> Iterator[Any]:
        with conn.transaction():
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield conn
    return repeatable()


def _first_difference(table: Any, live: list[tuple[Any, ...]], expected: list[tuple[Any, ...]]
                      ) -> tuple[str | None, int]:
    columns = table.column_names
    keys = [columns.index(k) for k in table.key]
    i = j = 0
    while i < len(live) or j < len(expected):
        a = live[i] if i < len(live) else None
        b = expected[j] if j < len(expected) else None
        key_a = tuple(_norm(a[k]) for k in keys) if a else None
        key_b = tuple(_norm(b[k]) for k in keys) if b else None
        if a is not None and (b is None or (key_a != key_b and _before(key_a, key_b))):
            return f"table {table.name}: row {_key_text(table, a)} is not in the history (added or left over)", i
        if b is not None and (a is None or key_a != key_b):
            return f"table {table.name}: row {_key_text(table, b)} is missing (deleted)", i
        assert a is not None and b is not None
        for c, name in enumerate(columns):
            if _norm(a[c]) != _norm(b[c]):
                return (f"table {table.name}: row {_key_text(table, a)}: {name} is {a[c]!r}, "
                        f"the history says {b[c]!r}"), i
        i += 1
        j += 1
    return None, i


def _before(a: tuple[Any, ...] | None, b: tuple[Any, ...] | None) -> bool:
    try:
        return a is not None and b is not None and a < b
    except TypeError:
        return str(a) < str(b)


def _key_text(table: Any, row: tuple[Any, ...]) -> str:
    columns = table.column_names
    return ", ".join(f"{k}={row[columns.index(k)]!r}" for k in table.key)


def _norm(value: Any) -> Any:
    """Values as both databases hand them over compare equal (PostgreSQL's Decimal and dates, SQLite's text)."""
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int | float | Decimal):
        return Decimal(str(value)).normalize()
    if isinstance(value, bytes | memoryview):
        return bytes(value)
    return value if value is None or isinstance(value, str) else str(value)
