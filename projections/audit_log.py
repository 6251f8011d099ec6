"""The event-log register: one row per stored event with its envelope, for auditors to page and filter
(by date range, actor, office, event type, register and record) without decoding a million events.

The log is a view of the event table (`event_log`): the recorders write each event's envelope columns on its
row (`domain.eventstore.envelopes`), so there is no copy to keep or rebuild. This projection folds only what is
derived from the history: each topic's parts, each record's number, and the confidential marks.

Each row also names its record the way people do, by its business number or code (APL-2026-00041, an
employee, inventory, badge or warrant number, a unit code, a user name), taken from the event that created
the record and kept per stream in `event_log_records`: free text finds the events of APL-2026-00041, and
`secretariat history APL-2026-00041` finds the record (`streams_labelled`)."""

from __future__ import annotations

from typing import Any, ClassVar

from domain.eventstore import envelopes
from domain.eventstore.chain import stream_key
from domain.folding import fold
from domain.readpolicy import CONFIDENTIAL, is_confidential_event
from domain.roles import AUDIT_READERS
from projections.db import Database
from projections.engine import Projection, Rows, Table
from projections.registers import Register
from projections.rowcounts import ROWS_TABLE, unwatch

# Every table's `since`: the position of the event that made its row (the event log's cut as of a position).
# A record's number names the events of its stream; `listed` 0: a number only reserved by its own record, which
# names another (its alias), so `streams_labelled` finds that other record.
RECORDS = Table("event_log_records", (("stream", "text"), ("label", "text"), ("folded", "text"), ("since", "int"),
                                      ("listed", "int")), key=("stream",), indexes=(("folded",), ("label",)))
# Numbers that name another record: a badge number (its own record only reserves it) names the accredited person.
ALIASES = Table("event_log_aliases", (("folded", "text"), ("stream", "text"), ("label", "text"), ("since", "int")),
                key=("folded", "stream"))
# Each topic's parts the log shows and filters on (type:, kind:, event:, register:), once per topic.
TOPICS = Table("event_log_topics", (("topic", "text"), ("type", "text"), ("register", "text"), ("aggregate", "text"),
                                    ("event", "text"), ("since", "int")),
               key=("topic",), indexes=(("type",), ("register",), ("aggregate",), ("event",)))
_LABELS = ("warrant", "inventory", "number", "document", "label", "code", "name")  # the first one found names it
_OWNERS = ("individual_id",)  # a created record whose number belongs to the record this field names


def label_of(event: Any) -> str | None:
    """The business number or code a record is known by, from the event that created it."""
    values = vars(event)
    if isinstance(values.get("unit_code"), str) and isinstance(values.get("code"), str):
        return f"{values['unit_code']}/{values['code']}"  # a post: HR/CLK-2
    if isinstance(values.get("election_code"), str) and isinstance(values.get("constituency"), int):
        precinct = values.get("precinct")
        return f"{values['election_code']}/{values['constituency']:03d}" + (
            f"-{precinct:04d}" if isinstance(precinct, int) else "")
    for name in _LABELS:
        value = values.get(name)
        if isinstance(value, str) and value.strip():
            return value
    return None


def streams_labelled(db: Database, conn: Any, label: str) -> list[tuple[str, str]]:
    """(stream, label) of the records known by this number or code, in any case or spelling fold() equates."""
    key = fold(label.strip())
    rows = db.execute(conn, "SELECT stream, label FROM event_log_records WHERE folded = ? AND listed = 1 "
                      "UNION SELECT stream, label FROM event_log_aliases WHERE folded = ? ORDER BY 1", (key, key))
    return [(str(s), str(lb)) for s, lb in rows]


def register_of(topic: str) -> str:
    """'domain.organisation:Unit.Renamed' -> 'organisation' (the bounded context that wrote it)."""
    return topic.split(":", 1)[0].rsplit(".", 1)[-1]


# Records (streams) found confidential, and the commands that touched one: every event of such a command
# is confidential (they share its envelope and reason), including those stored before the one that told.
CONFIDENTIAL_STREAMS = Table("event_log_confidential", (("stream", "text"), ("since", "int")), key=("stream",))
CONFIDENTIAL_COMMANDS = Table("event_log_confidential_commands", (("command_id", "text"), ("since", "int")),
                              key=("command_id",))


# The event log's columns, in the order of the register tables of versions before 5.
LOG_COLUMNS = ("position", "recorded_at", "actor", "role", "office", "type", "register", "stream", "version",
               "reason", "command", "aggregate", "event", "record", "confidential", "command_id")


class EventLogProjection(Projection):
    name = "event-log"
    # 2: the type split into aggregate and event, each indexed, for type: filters; 3: the record's number;
    # 4: events of confidential records (and of the commands that touched one) marked, for the read policy;
    # 5: the log itself a view of the event table (its envelope columns): only labels, topics and marks folded
    version = 5
    tables = (RECORDS, ALIASES, TOPICS, CONFIDENTIAL_STREAMS, CONFIDENTIAL_COMMANDS)
    # Every row is decided by the event that made it and never changes after: as of a position, each table is
    # its live table cut at that position, and the log's view reads the event rows up to it.
    cut: ClassVar[dict[str, str]] = {t.name: "since <= ?" for t in tables}
    views = (("event_log", LOG_COLUMNS),)

    @classmethod
    def topics(cls) -> list[str]:
        return []  # every event

    def apply(self, rows: Rows, position: int, topic: str, event: Any) -> None:
        # Every stored event passes here (a rebuild folds millions): most need two lookups and nothing written.
        if not rows.has("event_log_topics", topic):
            rows.put_values(TOPICS, (topic, *_topic_parts(topic), position))
        values = vars(event)
        stream = stream_key(values["originator_id"])
        if values["originator_version"] == 1 and not rows.has("event_log_records", stream):
            label = label_of(event)
            owner = next((getattr(event, f) for f in _OWNERS if getattr(event, f, None) is not None), None)
            if label:
                # the number names its own events in the log either way
                rows.put_values(RECORDS, (stream, label, fold(label), position, 0 if owner is not None else 1))
                if owner is not None:
                    rows.put_values(ALIASES, (fold(label), stream_key(owner), label, position))
        secret = rows.has("event_log_confidential", stream)
        if not secret and is_confidential_event(event):
            rows.put_values(CONFIDENTIAL_STREAMS, (stream, position))
            secret = True
        env = values.get("envelope")
        if secret and env is not None and not rows.has("event_log_confidential_commands", env.command_id):
            # the rest of this command's events follow (the application stores a confidential record's first)
            rows.put_values(CONFIDENTIAL_COMMANDS, (env.command_id, position))

    def create_views(self, db: Database, conn: Any) -> None:
        """The event log's view over the event table, replacing the table older versions kept (in the caller's
        write transaction)."""
        self.drop_views(db, conn)
        db.execute(conn, f"CREATE VIEW event_log AS {log_select(db.kind, db.events_table, db.position)}")

    def drop_views(self, db: Database, conn: Any) -> None:
        if db.kind == "sqlite":
            kind = db.execute(conn, "SELECT type FROM sqlite_master WHERE name = 'event_log'")
        else:
            kind = db.execute(conn, "SELECT CASE table_type WHEN 'VIEW' THEN 'view' ELSE 'table' END FROM "
                              "information_schema.tables WHERE table_name = 'event_log' "
                              "AND table_schema = current_schema()")
        if kind and kind[0][0] == "table":  # the register of versions before 5, with its kept count
            db.execute_all(conn, [*unwatch(db, "event_log"), "DROP TABLE event_log"])
            if db.table_exists(conn, ROWS_TABLE):
                db.execute(conn, f"DELETE FROM {ROWS_TABLE} WHERE name = 'event_log'")
        elif kind:
            db.execute(conn, "DROP VIEW event_log")

    def has_views(self, db: Database, conn: Any) -> bool:
        if db.kind == "sqlite":
            return bool(db.execute(conn, "SELECT 1 FROM sqlite_master WHERE type = 'view' AND name = 'event_log'"))
        return bool(db.execute(conn, "SELECT 1 FROM information_schema.views WHERE table_name = 'event_log' "
                               "AND table_schema = current_schema()"))

    def scratch_views(self, source: Database, source_conn: Any, scratch: Database, conn: Any, position: int,
                      attached: bool) -> bool:
        """The log as of `position` in an as-of scratch database (SQLite): with the store attached, a view of its
        event rows up to the position (nothing copied: the rows below a position never change); else those rows'
        envelope columns copied in and a view of them. Both over the scratch copies of this projection's tables."""
        if attached:
            conn.execute(f"CREATE TEMP VIEW event_log AS "
                         f"{log_select('sqlite', f'store.{source.events_table}', 'rowid', 'main.', position)}")
            return True
        columns = ", ".join(envelopes.COLUMNS)
        conn.execute(f"CREATE TABLE {_SCRATCH_EVENTS} (position INTEGER PRIMARY KEY, originator_id TEXT, "
                     f"originator_version INTEGER, topic TEXT, {', '.join(f'{c} TEXT' for c in envelopes.COLUMNS)})")
        wanted = f"originator_id, originator_version, topic, {columns}"
        with source.read(source_conn):
            cursor = source_conn.execute(source.sql(
                f"SELECT {source.position}, {wanted} FROM {source.events_table} WHERE {source.position} <= ? "
                f"ORDER BY {source.position}"), (position,))
            insert = f"INSERT INTO {_SCRATCH_EVENTS} VALUES ({', '.join('?' * (4 + len(envelopes.COLUMNS)))})"
            while rows := cursor.fetchmany(20_000):
                scratch.executemany(conn, insert, [(r[0], stream_key(r[1]), *r[2:]) for r in rows])
        conn.execute(f"CREATE INDEX {_SCRATCH_EVENTS}_stream ON {_SCRATCH_EVENTS} (originator_id)")
        conn.execute(f"CREATE VIEW event_log AS {log_select('sqlite', _SCRATCH_EVENTS, 'position')}")
        return False


_SCRATCH_EVENTS = "event_log_events"  # an as-of scratch database's copy of the event rows' envelope columns


def log_select(kind: str, events: str, position: str, tables: str = "", upto: int | None = None) -> str:
    """The event log: one row per stored event, its envelope from the event row's own columns, its topic's parts,
    its record's number and its confidential mark (its record confidential, or its command touching one, at its
    position) from this projection's tables (in schema `tables`, if given); up to position `upto`, if given.
    `position` is the event table's position column (SQLite: rowid)."""
    stream = "e.originator_id" if kind == "sqlite" else "replace(e.originator_id::text, '-', '')"
    secret = (f"(EXISTS (SELECT 1 FROM {tables}event_log_confidential c WHERE c.stream = {stream} "
              f"AND c.since <= e.{position}) OR EXISTS (SELECT 1 FROM {tables}event_log_confidential_commands k "
              f"WHERE k.command_id = e.command_id AND k.since <= e.{position}))")
    rowid = f"e.{position} AS rowid, " if kind == "sqlite" else ""  # the register pages by rowid on SQLite
    return (f"SELECT {rowid}e.{position} AS position, e.recorded_at, e.actor, e.role, e.office, t.type, t.register, "
            f"{stream} AS stream, e.originator_version AS version, "
            f"CASE WHEN {secret} THEN '{CONFIDENTIAL}' ELSE e.reason END AS reason, e.command, t.aggregate, t.event, "
            f"r.label AS record, CASE WHEN {secret} THEN 1 ELSE 0 END AS confidential, e.command_id "
            f"FROM {events} e LEFT JOIN {tables}event_log_topics t ON t.topic = e.topic "
            f"LEFT JOIN {tables}event_log_records r ON r.stream = {stream}"
            + (f" WHERE e.{position} <= {int(upto)}" if upto is not None else ""))


_TOPIC_PARTS: dict[str, tuple[str, str, str, str]] = {}


def _topic_parts(topic: str) -> tuple[str, str, str, str]:
    """(type, register, aggregate, event) of a topic, worked out once per topic (a rebuild sees millions)."""
    kind = topic.split(":", 1)[-1]
    parts = _TOPIC_PARTS[topic] = (kind, register_of(topic), kind.split(".")[0], topic.rsplit(".", 1)[-1])
    return parts


PROJECTIONS = (EventLogProjection,)
REGISTERS = (
    Register("event-log", "event-log", "event_log", ("position",),
             ("position", "recorded_at", "actor", "role", "office", "type", "record", "register", "reason"),
             "Event log", record="position", key=("position",), kind="event", roles=AUDIT_READERS, descending=True,
             office=("office",),
             fields={"actor": "actor = ?", "office": "office = ?",
                     "type": "type = ?", "event": "event = ?", "kind": "aggregate = ?", "register": "register = ?",
                     # an id, or a number as typed or upper
                     "record": "stream IN (SELECT CAST(? AS TEXT) UNION SELECT stream FROM event_log_records "
                               "WHERE label IN (?, ?))",
                     "since": "recorded_at >= ?", "until": "recorded_at <= ?"},
             timestamps=("recorded_at",),
             count="SELECT COALESCE(MAX(last), 0) FROM (SELECT position AS last FROM event_log ORDER BY position DESC "
                   "LIMIT 1) AS head"),
)


def confidential_at(db: Any, conn: Any, position: int) -> bool:
    """Whether the event at `position` is confidential by the event-log register (its record, or its
    command, touched a confidential record); True while the register has not reached it, to be safe."""
    rows = db.execute(conn, "SELECT confidential FROM event_log WHERE position = ?", (position,))
    return bool(rows[0][0]) if rows else True
