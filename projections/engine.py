"""The projection engine: registers as SQL tables kept up to date exactly once, rebuilt blue/green.

A `Projection` declares a name, a version, its tables and a handler per event class. Handlers see a
`Rows` store and never SQL, so the same code maintains a register incrementally (rows read and
written through SQL, committed with the projection's position in one transaction) and rebuilds it
(rows folded in memory, bulk-written into shadow tables, swapped for the live ones in one
transaction).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.eventstore.mapper import decode_state, resolve_event_class
from domain.folding import fold as search_form
from projections.db import Database, Row

Handler = Callable[[Any, "Rows", int, Any], None]
STATE_TABLE = "projection_state"
STATE_DDL = (f"CREATE TABLE IF NOT EXISTS {STATE_TABLE} (name TEXT PRIMARY KEY, version BIGINT NOT NULL, "
             "position BIGINT NOT NULL, generation BIGINT NOT NULL, rebuilt_at TEXT, rebuild_events BIGINT, "
             "rebuild_rows BIGINT, rebuild_seconds TEXT)")
_SQL_TYPES = {"text": "TEXT", "int": "BIGINT"}
FOLDED = "search_folded"  # a searchable table's hidden column: its search columns' text in fold()'s search form
_SEPARATOR = "\x1f"  # between the values in FOLDED, so a filter never matches across two of them


def text(value: Any) -> str | None:
    """A typed event value as register text: UUIDs as hex, dates ISO, None kept."""
    if value is None:
        return None
    if isinstance(value, UUID):
        return value.hex
    if isinstance(value, datetime | date):
        return value.isoformat()
    return str(value)


@dataclass(frozen=True)
class Table:
    name: str
    columns: tuple[tuple[str, str], ...]
    key: tuple[str, ...]
    indexes: tuple[tuple[str, ...], ...] = ()
    search: tuple[str, ...] = ()  # text columns a trigram index serves substring filters from (SQLite)

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.columns)

    @property
    def stored_columns(self) -> tuple[str, ...]:
        """The columns written: the declared ones, and FOLDED when the table is searchable."""
        return (*self.column_names, FOLDED) if self.search else self.column_names

    def stored_row(self, row: dict[str, Any]) -> tuple[Any, ...]:
        """A row's values for `stored_columns`: the search form is computed here, on every write path."""
        values = tuple(row[c] for c in self.column_names)
        if not self.search:
            return values
        return (*values, search_form(_SEPARATOR.join(str(row[c]) for c in self.search if row[c] is not None)))

    def ddl(self, physical: str, generation: int) -> str:
        # The key constraint is named per generation: PostgreSQL keeps a constraint's name when its
        # table is renamed at the swap, so the next shadow table needs a different one.
        cols = ", ".join(f"{c} {_SQL_TYPES[t]}" for c, t in self.columns) + (f", {FOLDED} TEXT" if self.search else "")
        return (f"CREATE TABLE {physical} ({cols}, "
                f"CONSTRAINT pk_{self.name}_g{generation} PRIMARY KEY ({', '.join(self.key)}))")

    def index_ddl(self, physical: str, generation: int) -> list[str]:
        return [f"CREATE INDEX ix_{self.name}_{'_'.join(cols)}_g{generation} ON {physical} ({', '.join(cols)})"
                for cols in self.indexes]

    def search_ddl(self, physical: str) -> list[str]:
        """SQLite only: a trigram full-text index beside the table (filled from the table's rows)."""
        if not self.search:
            return []
        return [f"CREATE VIRTUAL TABLE {physical}_search USING fts5({FOLDED}, tokenize='trigram')",
                f"INSERT INTO {physical}_search (rowid, {FOLDED}) SELECT rowid, {FOLDED} FROM {physical}"]

    def search_triggers(self, physical: str, generation: int) -> list[str]:
        """SQLite only: keep the trigram index in step with every write to the table."""
        if not self.search:
            return []
        cols, new, sets = FOLDED, f"new.{FOLDED}", f"{FOLDED} = new.{FOLDED}"
        name, s = f"{self.name}_g{generation}", f"{physical}_search"
        return [
            f"CREATE TRIGGER {name}_ai AFTER INSERT ON {physical} BEGIN "
            f"INSERT INTO {s} (rowid, {cols}) VALUES (new.rowid, {new}); END",
            f"CREATE TRIGGER {name}_au AFTER UPDATE ON {physical} BEGIN "
            f"UPDATE {s} SET {sets} WHERE rowid = old.rowid; END",
            f"CREATE TRIGGER {name}_ad AFTER DELETE ON {physical} BEGIN DELETE FROM {s} WHERE rowid = old.rowid; END",
        ]

    def drop_search(self, physical: str, generation: int) -> list[str]:
        if not self.search:
            return []
        return [f"DROP TRIGGER IF EXISTS {self.name}_g{generation}_{t}" for t in ("ai", "au", "ad")] + [
            f"DROP TABLE IF EXISTS {physical}_search"]

    def upsert(self, physical: str) -> str:
        cols = self.stored_columns
        updates = (", ".join(f"{c} = excluded.{c}" for c in cols if c not in self.key)
                   or f"{self.key[0]} = excluded.{self.key[0]}")
        return (f"INSERT INTO {physical} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) "
                f"ON CONFLICT ({', '.join(self.key)}) DO UPDATE SET {updates}")


def on(*event_classes: type) -> Callable[[Handler], Handler]:
    """Mark a projection method as the handler of these event classes."""
    def mark(fn: Handler) -> Handler:
        fn.__handles__ = event_classes  # type: ignore[attr-defined]
        return fn
    return mark


class Projection:
    name: ClassVar[str]
    version: ClassVar[int]
    tables: ClassVar[tuple[Table, ...]]
    handlers: ClassVar[dict[str, Handler]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.handlers = {}
        for klass in reversed(cls.__mro__):
            for attr in vars(klass).values():
                for event_class in getattr(attr, "__handles__", ()):
                    cls.handlers[get_topic(event_class)] = attr

    @classmethod
    def topics(cls) -> list[str]:
        return sorted(cls.handlers)

    def apply(self, rows: Rows, position: int, topic: str, event: Any) -> None:
        self.handlers[topic](self, rows, position, event)

    def table(self, name: str) -> Table:
        return next(t for t in self.tables if t.name == name)


class Rows:
    """What handlers read and write: rows by table and key."""

    def get(self, table: str, *key: Any) -> dict[str, Any] | None:
        raise NotImplementedError

    def put(self, table: str, row: dict[str, Any]) -> None:
        raise NotImplementedError

    def delete(self, table: str, *key: Any) -> None:
        raise NotImplementedError


class MemoryRows(Rows):
    """Rows folded in memory during a rebuild or an as-of view."""

    def __init__(self, tables: Sequence[Table]) -> None:
        self.keys = {t.name: t.key for t in tables}
        self.data: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {t.name: {} for t in tables}

    def get(self, table: str, *key: Any) -> dict[str, Any] | None:
        return self.data[table].get(key)

    def put(self, table: str, row: dict[str, Any]) -> None:
        self.data[table][tuple(row[k] for k in self.keys[table])] = row

    def delete(self, table: str, *key: Any) -> None:
        self.data[table].pop(key, None)

    def count(self) -> int:
        return sum(len(rows) for rows in self.data.values())


class SqlRows(Rows):
    """Rows read through SQL on demand and written back at `flush`, inside the caller's transaction."""

    def __init__(self, db: Database, conn: Any, tables: Sequence[Table], suffix: str = "") -> None:
        self.db, self.conn, self.suffix = db, conn, suffix
        self.tables = {t.name: t for t in tables}
        self.cache: dict[tuple[str, tuple[Any, ...]], dict[str, Any] | None] = {}
        self.dirty: set[tuple[str, tuple[Any, ...]]] = set()

    def get(self, table: str, *key: Any) -> dict[str, Any] | None:
        ck = (table, key)
        if ck not in self.cache:
            t = self.tables[table]
            where = " AND ".join(f"{k} = ?" for k in t.key)
            found = self.db.execute(self.conn, f"SELECT {', '.join(t.column_names)} FROM {table}{self.suffix} "
                                    f"WHERE {where}", key)
            self.cache[ck] = dict(zip(t.column_names, found[0], strict=True)) if found else None
        row = self.cache[ck]
        return row

    def put(self, table: str, row: dict[str, Any]) -> None:
        key = tuple(row[k] for k in self.tables[table].key)
        self.cache[(table, key)] = row
        self.dirty.add((table, key))

    def delete(self, table: str, *key: Any) -> None:
        self.cache[(table, key)] = None
        self.dirty.add((table, key))

    def flush(self) -> int:
        for name, t in self.tables.items():
            keys = [k for (tn, k) in self.dirty if tn == name]
            upserts = [t.stored_row(self.cache[(name, k)])  # type: ignore[arg-type]
                       for k in keys if self.cache[(name, k)] is not None]
            deletes = [k for k in keys if self.cache[(name, k)] is None]
            self.db.executemany(self.conn, self.db.sql(t.upsert(name + self.suffix)), upserts)
            where = " AND ".join(f"{k} = ?" for k in t.key)
            self.db.executemany(self.conn, self.db.sql(f"DELETE FROM {name}{self.suffix} WHERE {where}"), deletes)
        written = len(self.dirty)
        self.dirty.clear()
        return written


def decode(row: Row) -> tuple[int, str, Any]:
    """(position, topic, event) from a raw event row, decoded with the class's typed msgspec decoder."""
    position, stream, version, topic, state = row
    cls = resolve_event_class(topic, position)
    values = decode_state(cls, bytes(state), f"position {position}")
    values["originator_id"] = UUID(stream) if isinstance(stream, str) else stream
    values["originator_version"] = version
    event = object.__new__(cls)
    object.__setattr__(event, "__dict__", values)
    return position, topic, event


def fold(projection: Projection, rows: Rows, events: Iterable[Row]) -> int:
    n = 0
    for raw in events:
        position, topic, event = decode(raw)
        projection.apply(rows, position, topic, event)
        n += 1
    return n


@dataclass(frozen=True)
class Progress:
    register: str
    phase: str  # reading, writing, catching-up, swapped
    done: int
    total: int
    events_per_second: float

    @property
    def eta_seconds(self) -> float | None:
        if self.events_per_second <= 0 or self.done >= self.total:
            return 0.0 if self.done >= self.total else None
        return (self.total - self.done) / self.events_per_second


@dataclass(frozen=True)
class RebuildSummary:
    register: str
    from_version: int | None
    to_version: int
    events: int
    rows: int
    seconds: float

    @property
    def events_per_second(self) -> float:
        return self.events / self.seconds if self.seconds > 0 else 0.0

    def to_json(self) -> dict[str, Any]:
        return {"register": self.register, "from_version": self.from_version, "to_version": self.to_version,
                "events": self.events, "rows": self.rows, "seconds": round(self.seconds, 3),
                "events_per_second": round(self.events_per_second, 1)}


@dataclass(frozen=True)
class Status:
    name: str
    declared_version: int
    version: int | None
    position: int
    head: int
    rebuilt_at: str | None

    @property
    def lag(self) -> int:
        return max(self.head - self.position, 0)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "version": self.version, "declared_version": self.declared_version,
                "position": self.position, "head": self.head, "lag": self.lag, "rebuilt_at": self.rebuilt_at}


def now_text() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
