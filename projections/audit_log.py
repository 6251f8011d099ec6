"""The event-log register: one row per stored event with its envelope, for auditors to page and filter
(by date range, actor, office, event type, register and record) without decoding a million events.

Each row also names its record the way people do, by its business number or code (APL-2026-00041, an
employee, inventory, badge or warrant number, a unit code, a user name), taken from the event that created
the record and kept per stream in `event_log_records`: free text finds the events of APL-2026-00041, and
`secretariat history APL-2026-00041` finds the record (`streams_labelled`)."""

from __future__ import annotations

from typing import Any, ClassVar

from domain.eventstore.chain import stream_key
from domain.folding import fold
from domain.readpolicy import CONFIDENTIAL, is_confidential_event
from domain.roles import AUDIT_READERS
from projections.db import Database
from projections.engine import Projection, Rows, Table, text
from projections.registers import Register

EVENT_LOG = Table("event_log", (
    ("position", "int"), ("recorded_at", "text"), ("actor", "text"), ("role", "text"), ("office", "text"),
    ("type", "text"), ("register", "text"), ("stream", "text"), ("version", "int"), ("reason", "text"),
    ("command", "text"), ("aggregate", "text"), ("event", "text"), ("record", "text"), ("confidential", "int"),
    ("command_id", "text"),
), key=("position",), indexes=(("recorded_at",), ("actor", "position"), ("office", "position"), ("type", "position"),
                               ("register", "position"), ("stream", "position"), ("aggregate", "position"),
                               ("event", "position"), ("role", "position"), ("reason",), ("record", "position")))
# EventLogProjection.apply writes its rows as tuples in this order
assert EVENT_LOG.column_names == ("position", "recorded_at", "actor", "role", "office", "type", "register", "stream",
                                  "version", "reason", "command", "aggregate", "event", "record", "confidential",
                                  "command_id")
RECORDS = Table("event_log_records", (("stream", "text"), ("label", "text"), ("folded", "text")),
                key=("stream",), indexes=(("folded",),))
# Numbers that name another record: a badge number (its own record only reserves it) names the accredited person.
ALIASES = Table("event_log_aliases", (("folded", "text"), ("stream", "text"), ("label", "text")),
                key=("folded", "stream"))
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
    rows = db.execute(conn, "SELECT stream, label FROM event_log_records WHERE folded = ? "
                      "UNION SELECT stream, label FROM event_log_aliases WHERE folded = ? ORDER BY 1", (key, key))
    return [(str(s), str(lb)) for s, lb in rows]


def register_of(topic: str) -> str:
    """'domain.organisation:Unit.Renamed' -> 'organisation' (the bounded context that wrote it)."""
    return topic.split(":", 1)[0].rsplit(".", 1)[-1]


# Records (streams) found confidential, and the commands that touched one: every event of such a command
# is confidential (they share its envelope and reason), including those stored before the one that told.
CONFIDENTIAL_STREAMS = Table("event_log_confidential", (("stream", "text"),), key=("stream",))
CONFIDENTIAL_COMMANDS = Table("event_log_confidential_commands", (("command_id", "text"),), key=("command_id",))


class EventLogProjection(Projection):
    name = "event-log"
    # 2: the type split into aggregate and event, each indexed, for type: filters; 3: the record's number;
    # 4: events of confidential records (and of the commands that touched one) marked, for the read policy
    version = 4
    tables = (EVENT_LOG, RECORDS, ALIASES, CONFIDENTIAL_STREAMS, CONFIDENTIAL_COMMANDS)
    appended = ("event_log",)  # one row per position, put once: rebuilds stream it to the shadow table
    # Every row is decided by the events up to its own position and never changes after: as of a position,
    # each table is its live table cut by the positions of the events that made its rows.
    cut: ClassVar[dict[str, str]] = {
        "event_log": "position <= ?",
        # a record's number comes from its first event
        "event_log_records": "stream IN (SELECT stream FROM event_log WHERE position <= ? AND version = 1)",
        # an alias from the first event of the record that carries the number
        "event_log_aliases": "label IN (SELECT record FROM event_log WHERE position <= ? AND version = 1)",
        # a record turns confidential at its confidential event, the first of its rows marked so
        "event_log_confidential": "stream IN (SELECT stream FROM event_log WHERE position <= ? AND confidential = 1)",
        "event_log_confidential_commands": "command_id IN (SELECT command_id FROM event_log WHERE position <= ? "
                                           "AND confidential = 1)",
    }

    @classmethod
    def topics(cls) -> list[str]:
        return []  # every event

    def apply(self, rows: Rows, position: int, topic: str, event: Any) -> None:
        # Every stored event passes here (a rebuild folds millions): rows are read and written as value
        # tuples, the event's attributes read from its __dict__ once.
        values = vars(event)
        env = values.get("envelope")
        stream = stream_key(values["originator_id"])
        version = values["originator_version"]
        known = rows.get_values(RECORDS, stream)
        label = known[1] if known is not None else None
        if known is None and version == 1:
            label = label_of(event)
            owner = next((getattr(event, f) for f in _OWNERS if getattr(event, f, None) is not None), None)
            if label and owner is not None:
                rows.put_values(ALIASES, (fold(label), stream_key(owner), label))
            elif label:
                rows.put_values(RECORDS, (stream, label, fold(label)))
        if is_confidential_event(event):
            rows.put_values(CONFIDENTIAL_STREAMS, (stream,))
        command_id = env.command_id if env is not None else None
        secret = rows.has("event_log_confidential", stream)
        if command_id is not None:
            if rows.has("event_log_confidential_commands", command_id):
                secret = True
            elif secret:
                # the rest of this command's events follow (the application stores a confidential record's first)
                rows.put_values(CONFIDENTIAL_COMMANDS, (command_id,))
        kind = _TOPIC_PARTS.get(topic) or _topic_parts(topic)
        if env is None:
            recorded_at, actor, role, office, reason, command = text(event.timestamp), None, None, None, None, None
        else:
            # a confidential record's reasons only on the event screen, for cleared readers (the read policy)
            recorded_at, actor, role, office = env.recorded_at.isoformat(), env.actor_name, env.role, env.office
            reason, command = CONFIDENTIAL if secret else env.reason, env.command
        # in EVENT_LOG's column order
        rows.put_values(EVENT_LOG, (position, recorded_at, actor, role, office, kind[0], kind[1], stream, version,
                                    reason, command, kind[2], kind[3], label, 1 if secret else 0, command_id))


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
                     "record": "(stream = ? OR record = ? OR record = ?)",  # an id, or a number as typed or upper
                     "since": "recorded_at >= ?", "until": "recorded_at <= ?"},
             timestamps=("recorded_at",)),
)


def confidential_at(db: Any, conn: Any, position: int) -> bool:
    """Whether the event at `position` is confidential by the event-log register (its record, or its
    command, touched a confidential record); True while the register has not reached it, to be safe."""
    rows = db.execute(conn, "SELECT confidential FROM event_log WHERE position = ?", (position,))
    return bool(rows[0][0]) if rows else True
