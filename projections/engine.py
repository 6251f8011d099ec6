"""The projection engine: registers as SQL tables kept up to date exactly once, rebuilt blue/green.

A `Projection` declares a name, a version, its tables and a handler per event class. Handlers see a
`Rows` store and never SQL, so the same code maintains a register incrementally (rows read and
written through SQL, committed with the projection's position in one transaction) and rebuilds it
(rows folded in memory, bulk-written into shadow tables, swapped for the live ones in one
transaction).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cached_property
from operator import itemgetter
from typing import Any, ClassVar, overload
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.eventstore.mapper import fast_decoder
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


@overload
def text(value: None) -> None: ...


@overload
def text(value: UUID | date | str | int) -> str: ...


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

    @cached_property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c for c, _ in self.columns)

    @property
    def stored_columns(self) -> tuple[str, ...]:
        """The columns written: the declared ones, and FOLDED when the table is searchable."""
        return (*self.column_names, FOLDED) if self.search else self.column_names

    @cached_property
    def stored_types(self) -> tuple[tuple[str, str], ...]:
        return (*self.columns, (FOLDED, "text")) if self.search else self.columns

    def stored_row(self, row: dict[str, Any]) -> tuple[Any, ...]:
        """A row's values for `stored_columns`: the search form is computed here, on every write path."""
        values = self._columns_of(row)
        if not self.search:
            return values
        return (*values, search_form(_SEPARATOR.join([str(v) for v in self._search_of(row) if v is not None])))

    def stored_values(self, values: tuple[Any, ...]) -> tuple[Any, ...]:
        """`stored_row` of a row kept as its values in `column_names` order (a rebuild's compact rows)."""
        if not self.search:
            return values
        return (*values, search_form(_SEPARATOR.join([str(v) for v in self._search_of_values(values)
                                                      if v is not None])))

    @cached_property
    def _search_of_values(self) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
        getter = itemgetter(*(self.column_names.index(c) for c in self.search))
        return getter if len(self.search) > 1 else lambda values: (getter(values),)

    @cached_property
    def key_of_values(self) -> Callable[[tuple[Any, ...]], tuple[Any, ...]]:
        """A row's key from its values in `column_names` order."""
        getter = itemgetter(*(self.column_names.index(c) for c in self.key))
        return getter if len(self.key) > 1 else lambda values: (getter(values),)

    @cached_property
    def _columns_of(self) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
        getter = itemgetter(*self.column_names)
        return getter if len(self.column_names) > 1 else lambda row: (getter(row),)

    @cached_property
    def _search_of(self) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
        getter = itemgetter(*self.search)
        return getter if len(self.search) > 1 else lambda row: (getter(row),)

    @cached_property
    def values(self) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
        """A row dict as the tuple written (`stored_columns`); itemgetter when there is no search form."""
        if self.search:
            return self.stored_row
        getter = itemgetter(*self.column_names)
        return getter if len(self.column_names) > 1 else lambda row: (getter(row),)

    @cached_property
    def row_key(self) -> Callable[[dict[str, Any]], tuple[Any, ...]]:
        getter = itemgetter(*self.key)
        return getter if len(self.key) > 1 else lambda row: (getter(row),)

    def bare_ddl(self, physical: str) -> str:
        """The table without any index, for a bulk load (its key becomes a unique index afterwards)."""
        return f"CREATE TABLE {physical} ({', '.join(f'{c} {_SQL_TYPES[t]}' for c, t in self.stored_types)})"

    def key_ddl(self, physical: str, generation: int) -> str:
        return f"CREATE UNIQUE INDEX pk_{self.name}_g{generation} ON {physical} ({', '.join(self.key)})"

    def ddl(self, physical: str, generation: int) -> str:
        # The key constraint is named per generation: PostgreSQL keeps a constraint's name when its
        # table is renamed at the swap, so the next shadow table needs a different one.
        cols = ", ".join(f"{c} {_SQL_TYPES[t]}" for c, t in self.columns) + (f", {FOLDED} TEXT" if self.search else "")
        return (f"CREATE TABLE {physical} ({cols}, "
                f"CONSTRAINT pk_{self.name}_g{generation} PRIMARY KEY ({', '.join(self.key)}))")

    def index_ddl(self, physical: str, generation: int) -> list[str]:
        return [f"CREATE INDEX ix_{self.name}_{'_'.join(cols)}_g{generation} ON {physical} ({', '.join(cols)})"
                for cols in self.indexes]

    def search_table(self, generation: int) -> str:
        """The trigram index of this table's generation. Named by generation, not after the table, so a
        swap never renames it (renaming an FTS5 table renames five tables and re-reads the schema each time)."""
        return f"{self.name}_search_g{generation}"

    def search_ddl(self, physical: str, generation: int) -> list[str]:
        """SQLite only: a trigram full-text index beside the table (filled from the table's rows)."""
        if not self.search:
            return []
        s = self.search_table(generation)
        return [f"DROP TABLE IF EXISTS {s}", f"CREATE VIRTUAL TABLE {s} USING fts5({FOLDED}, tokenize='trigram')",
                f"INSERT INTO {s} (rowid, {FOLDED}) SELECT rowid, {FOLDED} FROM {physical}"]

    def search_triggers(self, physical: str, generation: int) -> list[str]:
        """SQLite only: keep the trigram index in step with every write to the table."""
        if not self.search:
            return []
        cols, new, sets = FOLDED, f"new.{FOLDED}", f"{FOLDED} = new.{FOLDED}"
        name, s = f"{self.name}_g{generation}", self.search_table(generation)
        return [
            f"CREATE TRIGGER {name}_ai AFTER INSERT ON {physical} BEGIN "
            f"INSERT INTO {s} (rowid, {cols}) VALUES (new.rowid, {new}); END",
            f"CREATE TRIGGER {name}_au AFTER UPDATE ON {physical} BEGIN "
            f"UPDATE {s} SET {sets} WHERE rowid = old.rowid; END",
            f"CREATE TRIGGER {name}_ad AFTER DELETE ON {physical} BEGIN DELETE FROM {s} WHERE rowid = old.rowid; END",
        ]

    def drop_triggers(self, generation: int) -> list[str]:
        if not self.search:
            return []
        return [f"DROP TRIGGER IF EXISTS {self.name}_g{generation}_{t}" for t in ("ai", "au", "ad")]

    def drop_search(self, generation: int) -> list[str]:
        if not self.search:
            return []
        return [*self.drop_triggers(generation), f"DROP TABLE IF EXISTS {self.search_table(generation)}"]

    def upsert(self, physical: str) -> str:
        cols = self.stored_columns
        updates = (", ".join(f"{c} = excluded.{c}" for c in cols if c not in self.key)
                   or f"{self.key[0]} = excluded.{self.key[0]}")
        return (f"INSERT INTO {physical} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))}) "
                f"ON CONFLICT ({', '.join(self.key)}) DO UPDATE SET {updates}")


def on(*event_classes: type) -> Callable[[Handler], Handler]:
    """Mark a projection method as the handler of these event classes."""
    def mark(fn: Handler) -> Handler:
        vars(fn)["__handles__"] = event_classes  # read by the projection's class when it collects its handlers
        return fn
    return mark


class Projection:
    name: ClassVar[str]
    version: ClassVar[int]
    tables: ClassVar[tuple[Table, ...]]
    handlers: ClassVar[dict[str, Handler]]
    # Tables a rebuild streams into its shadow tables in chunks while folding instead of holding them in
    # memory: their handlers only put and delete rows, never get them. `appended`: every row is put once
    # and never replaced or deleted (plain inserts, COPY on PostgreSQL); `streamed`: upserts and deletes.
    appended: ClassVar[tuple[str, ...]] = ()
    streamed: ClassVar[tuple[str, ...]] = ()
    # A projection whose rows, once written for a position, never change may declare how its tables stood
    # at an earlier position: table -> a WHERE clause over the live table, every `?` that position. An as-of
    # view then cuts them from the live tables (when they have reached the position) instead of folding.
    cut: ClassVar[dict[str, str]] = {}
    # Registers that are views (name, columns) over the event table and the projection's tables, made by
    # `create_views` when the tables are made and again at each rebuild's swap.
    views: ClassVar[tuple[tuple[str, tuple[str, ...]], ...]] = ()

    def create_views(self, db: Database, conn: Any) -> None:
        """(Re)create this projection's views, in the caller's write transaction."""

    def drop_views(self, db: Database, conn: Any) -> None:
        """Drop them (PostgreSQL binds a view to its tables: before those are renamed or dropped)."""

    def has_views(self, db: Database, conn: Any) -> bool:
        return True

    def scratch_views(self, source: Database, source_conn: Any, scratch: Database, conn: Any, position: int,
                      attached: bool) -> bool:
        """Make the views in an as-of scratch database holding this projection's tables as of `position`; whether
        they read the store attached to it (`attached`), which then stays attached."""
        return False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.handlers = {}
        for klass in reversed(cls.__mro__):
            for attr in vars(klass).values():
                for event_class in getattr(attr, "__handles__", ()):
                    cls.handlers[get_topic(event_class)] = attr

    @classmethod
    def topics(cls) -> list[str]:
        """The topics this projection folds; empty for every topic."""
        return sorted(cls.handlers)

    def subscribes(self, topic: str) -> bool:
        return topic in self.handlers or not self.topics()

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

    # Handlers folding every event (the event log) use these: a rebuild answers them without making a dict.
    def get_values(self, table: Table, *key: Any) -> tuple[Any, ...] | None:
        """A row as its values in `table.column_names` order, or None."""
        row = self.get(table.name, *key)
        return None if row is None else table._columns_of(row)

    def has(self, table: str, *key: Any) -> bool:
        return self.get(table, *key) is not None

    def put_values(self, table: Table, values: tuple[Any, ...]) -> None:
        """Put a row given as its values in `table.column_names` order."""
        self.put(table.name, dict(zip(table.column_names, values, strict=True)))


class MemoryRows(Rows):
    """Rows folded in memory during a rebuild or an as-of view."""

    def __init__(self, tables: Sequence[Table]) -> None:
        self.keys = {t.name: t.key for t in tables}
        self.row_key = {t.name: t.row_key for t in tables}
        self.data: dict[str, dict[tuple[Any, ...], dict[str, Any]]] = {t.name: {} for t in tables}

    def get(self, table: str, *key: Any) -> dict[str, Any] | None:
        return self.data[table].get(key)

    def put(self, table: str, row: dict[str, Any]) -> None:
        self.data[table][self.row_key[table](row)] = row

    def delete(self, table: str, *key: Any) -> None:
        self.data[table].pop(key, None)

    def count(self) -> int:
        return sum(len(rows) for rows in self.data.values())


Spill = Callable[[Table, list[tuple[Any, ...]], list[tuple[Any, ...]], bool], None]


class CompactRows:
    """A rebuild's in-memory rows, each kept as a tuple of its values in `column_names` order (a dict per row
    took three to four times the memory: a 1M-event rebuild held 134k event-log records and 131k commissions)."""

    def __init__(self, tables: Sequence[Table]) -> None:
        self.data: dict[str, dict[tuple[Any, ...], tuple[Any, ...]]] = {t.name: {} for t in tables}

    def count(self) -> int:
        return sum(len(rows) for rows in self.data.values())


class BuildRows(Rows):
    """The rows of a rebuild: held in memory as tuples, except the projection's appended and streamed tables,
    whose rows go to `spill` (which writes them to the shadow table) every `chunk` rows, so memory stays flat.
    Handlers still see dicts: `get` makes one from the tuple, `put` keeps the dict's column values."""

    def __init__(self, projection: Projection, chunk: int, spill: Spill) -> None:
        self.tables = {t.name: t for t in projection.tables}
        self.appended: dict[str, list[tuple[Any, ...]]] = {n: [] for n in projection.appended}
        # a streamed table's buffered rows as their values (None: deleted), by key
        self.streamed: dict[str, dict[tuple[Any, ...], tuple[Any, ...] | None]] = {n: {} for n in projection.streamed}
        held = [t for t in projection.tables if t.name not in self.appended and t.name not in self.streamed]
        self.memory = CompactRows(held)
        self._names = {t.name: t.column_names for t in held}
        self._key = {t.name: t.row_key for t in held}
        self._values = {t.name: t._columns_of for t in held}
        self.chunk, self.spill = chunk, spill
        self.rows = 0

    def get(self, table: str, *key: Any) -> dict[str, Any] | None:
        held = self.memory.data.get(table)
        if held is None:
            raise AssertionError(f"table {table} is streamed by rebuilds: its handlers may not read it")
        values = held.get(key)
        return None if values is None else dict(zip(self._names[table], values, strict=True))

    def get_values(self, table: Table, *key: Any) -> tuple[Any, ...] | None:
        held = self.memory.data.get(table.name)
        if held is None:
            raise AssertionError(f"table {table.name} is streamed by rebuilds: its handlers may not read it")
        return held.get(key)

    def has(self, table: str, *key: Any) -> bool:
        held = self.memory.data.get(table)
        if held is None:
            raise AssertionError(f"table {table} is streamed by rebuilds: its handlers may not read it")
        return key in held

    def put_values(self, table: Table, values: tuple[Any, ...]) -> None:
        name = table.name
        held = self.memory.data.get(name)
        if held is not None:
            held[table.key_of_values(values)] = values
            return
        appended = self.appended.get(name)
        if appended is not None:
            appended.append(table.stored_values(values))
            if len(appended) >= self.chunk:
                self.flush(name)
            return
        streamed = self.streamed.get(name)
        if streamed is not None:
            streamed[table.key_of_values(values)] = values
            if len(streamed) >= self.chunk:
                self.flush(name)
            return
        raise KeyError(name)

    def put(self, table: str, row: dict[str, Any]) -> None:
        held = self.memory.data.get(table)
        if held is not None:  # the common case first: a row held in memory
            held[self._key[table](row)] = self._values[table](row)
            return
        appended = self.appended.get(table)
        if appended is not None:
            appended.append(self.tables[table].values(row))
            if len(appended) >= self.chunk:
                self.flush(table)
            return
        streamed = self.streamed.get(table)
        if streamed is not None:
            t = self.tables[table]
            streamed[t.row_key(row)] = t._columns_of(row)
            if len(streamed) >= self.chunk:
                self.flush(table)
            return
        raise KeyError(table)

    def delete(self, table: str, *key: Any) -> None:
        if table in self.appended:
            raise AssertionError(f"table {table} is append-only in rebuilds: its rows are never deleted")
        streamed = self.streamed.get(table)
        if streamed is not None:
            streamed[key] = None
            return
        held = self.memory.data.get(table)
        if held is None:
            raise KeyError(table)
        held.pop(key, None)

    def flush(self, table: str | None = None) -> None:
        """Send the buffered rows of one streamed table (or all) to `spill`."""
        for name in [table] if table else [*self.appended, *self.streamed]:
            t = self.tables[name]
            if name in self.appended:
                rows, self.appended[name] = self.appended[name], []
                if rows:
                    self.rows += len(rows)
                    self.spill(t, rows, [], True)
                continue
            buffered, self.streamed[name] = self.streamed[name], {}
            stored = t.stored_values
            rows = [stored(r) for r in buffered.values() if r is not None]
            deletes = [k for k, r in buffered.items() if r is None]
            if rows or deletes:
                self.spill(t, rows, deletes, False)

    def in_memory(self) -> Iterable[tuple[Table, list[tuple[Any, ...]]]]:
        """Each in-memory table's rows as tuples, a chunk at a time (emptying the table as it goes)."""
        for name, rows in self.memory.data.items():
            t = self.tables[name]
            stored = t.stored_values
            batch: list[tuple[Any, ...]] = []
            for values in rows.values():
                batch.append(stored(values))
                if len(batch) >= self.chunk:
                    yield t, batch
                    batch = []
            yield t, batch
            rows.clear()


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
        """Write the changed rows; tables without changes cost nothing (a catch-up flushes every register
        behind, most of which the new events did not touch)."""
        dirty: dict[str, list[tuple[Any, ...]]] = {}
        for name, key in self.dirty:
            dirty.setdefault(name, []).append(key)
        for name, keys in dirty.items():
            t = self.tables[name]
            upserts = [t.stored_row(row) for k in keys if (row := self.cache[(name, k)]) is not None]
            deletes = [k for k in keys if self.cache[(name, k)] is None]
            upsert, delete = _write_sql(self.db, t, name + self.suffix)
            if upserts:
                self.db.executemany(self.conn, upsert, upserts)
            if deletes:
                self.db.executemany(self.conn, delete, deletes)
        written = len(self.dirty)
        self.dirty.clear()
        return written


_WRITE_SQL: dict[tuple[str, str, str], tuple[str, str]] = {}


def _write_sql(db: Database, table: Table, physical: str) -> tuple[str, str]:
    """The upsert and delete statements of a table, in the store's dialect, built once."""
    ck = (db.kind, table.name, physical)
    found = _WRITE_SQL.get(ck)
    if found is None:
        where = " AND ".join(f"{k} = ?" for k in table.key)
        found = _WRITE_SQL[ck] = (db.sql(table.upsert(physical)), db.sql(f"DELETE FROM {physical} WHERE {where}"))
    return found


_STREAMS: dict[Any, UUID] = {}
_STREAM_CACHE = 20_000


def decode(row: Row) -> tuple[int, str, Any]:
    """(position, topic, event) from a raw event row, decoded once with the class's typed msgspec decoder.
    Stream ids are turned into UUIDs through a bounded cache: a stream's events usually come together."""
    position, stream, version, topic, state = row
    values, cls = fast_decoder(topic, position)(state, position)
    if isinstance(stream, UUID):
        values["originator_id"] = stream
    else:
        uid = _STREAMS.get(stream)
        if uid is None:
            if len(_STREAMS) >= _STREAM_CACHE:
                _STREAMS.clear()
            uid = _STREAMS[stream] = UUID(stream)
        values["originator_id"] = uid
    values["originator_version"] = version
    event: Any = object.__new__(cls)
    object.__setattr__(event, "__dict__", values)
    return position, topic, event


class Router:
    """Which of some projections fold an event of a topic, decided once per topic."""

    def __init__(self, projections: Sequence[Projection]) -> None:
        self.projections = list(projections)
        self.routes: dict[str, list[Projection]] = {}

    def __call__(self, topic: str) -> list[Projection]:
        found = self.routes.get(topic)
        if found is None:
            found = self.routes[topic] = [p for p in self.projections if p.subscribes(topic)]
        return found

    def topics(self) -> list[str]:
        """The topics to read (empty: all of them)."""
        wanted: set[str] = set()
        for p in self.projections:
            topics = p.topics()
            if not topics:
                return []
            wanted.update(topics)
        return sorted(wanted)


def fold(projection: Projection, rows: Rows, events: Iterable[Row]) -> int:
    n = 0
    for raw in events:
        position, topic, event = decode(raw)
        projection.apply(rows, position, topic, event)
        n += 1
    return n


def fold_routed(router: Router, stores: Mapping[str, Rows], events: Iterable[Row],
                after: dict[str, int] | None = None, counts: dict[str, int] | None = None) -> None:
    """Fold each event once decoded into every projection subscribed to its topic (and, with `after`, only
    those that have not applied its position yet)."""
    for raw in events:
        targets = router(raw[3])
        if not targets:
            continue
        position, topic, event = decode(raw)
        for p in targets:
            if after is not None and after[p.name] >= position:
                continue
            p.apply(stores[p.name], position, topic, event)
            if counts is not None:
                counts[p.name] += 1


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
