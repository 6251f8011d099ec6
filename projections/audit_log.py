"""The event-log register: one row per stored event with its envelope, for auditors to page and filter
(by date range, actor, office, event type, register and record) without decoding a million events."""

from __future__ import annotations

from typing import Any

from domain.eventstore.chain import stream_key
from projections.db import Database
from projections.engine import Projection, Rows, Table, text
from projections.registers import ADMINS, Register

EVENT_LOG = Table("event_log", (
    ("position", "int"), ("recorded_at", "text"), ("actor", "text"), ("role", "text"), ("office", "text"),
    ("type", "text"), ("register", "text"), ("stream", "text"), ("version", "int"), ("reason", "text"),
    ("command", "text"), ("aggregate", "text"), ("event", "text"),
), key=("position",), indexes=(("recorded_at",), ("actor", "position"), ("office", "position"), ("type", "position"),
                               ("register", "position"), ("stream", "position"), ("aggregate", "position"),
                               ("event", "position"), ("role", "position"), ("reason",)))


def register_of(topic: str) -> str:
    """'domain.organisation:Unit.Renamed' -> 'organisation' (the bounded context that wrote it)."""
    return topic.split(":", 1)[0].rsplit(".", 1)[-1]


class EventLogProjection(Projection):
    name = "event-log"
    version = 2  # 2: the type split into aggregate and event, each indexed, for type: filters
    tables = (EVENT_LOG,)
    appended = ("event_log",)

    @classmethod
    def topics(cls) -> list[str]:
        return []  # every event

    def fill(self, db: Database, conn: Any, shadow: str, after: int, upto: int) -> int:
        """A rebuild's fast path: the log rows of positions (after, upto] straight from the event table, in
        SQL, without decoding an event in Python; the same values `apply` gives (the property test checks)."""
        cols = ", ".join(c for c, _ in EVENT_LOG.columns)
        if db.kind == "sqlite":
            conn.create_function("log_register", 1, register_of, deterministic=True)
            conn.create_function("log_event", 1, lambda topic: topic.rsplit(".", 1)[-1], deterministic=True)
            sql = (
                f"INSERT INTO {shadow} ({cols}) SELECT position, CASE WHEN substr(at, -1) = 'Z' "
                "THEN substr(at, 1, length(at) - 1) || '+00:00' ELSE at END, actor, role, office, "
                "type, log_register(topic), stream, version, reason, command, "
                "CASE WHEN instr(type, '.') THEN substr(type, 1, instr(type, '.') - 1) ELSE type END, "
                "log_event(topic) FROM (SELECT position, topic, stream, version, substr(topic, instr(topic, ':') + 1) "
                "AS type, coalesce(json_extract(j, '$.envelope.recorded_at'), json_extract(j, '$.timestamp')) AS at, "
                "json_extract(j, '$.envelope.actor_name') AS actor, json_extract(j, '$.envelope.role') AS role, "
                "json_extract(j, '$.envelope.office') AS office, json_extract(j, '$.envelope.reason') AS reason, "
                "json_extract(j, '$.envelope.command') AS command FROM (SELECT rowid AS position, topic, "
                "originator_id AS stream, originator_version AS version, CAST(state AS TEXT) AS j "
                "FROM stored_events WHERE rowid > ? AND rowid <= ?))")
            return conn.execute(sql, (after, upto)).rowcount
        sql = (
            f"INSERT INTO {shadow} ({cols}) SELECT position, regexp_replace(at, 'Z$', '+00:00'), actor, role, office, "
            "type, regexp_replace(split_part(topic, ':', 1), '^.*[.]', ''), stream, version, reason, command, "
            "split_part(type, '.', 1), regexp_replace(topic, '^.*[.]', '') FROM (SELECT position, topic, stream, "
            "version, split_part(topic, ':', 2) AS type, coalesce(j->'envelope'->>'recorded_at', j->>'timestamp') "
            "AS at, j->'envelope'->>'actor_name' AS actor, j->'envelope'->>'role' AS role, "
            "j->'envelope'->>'office' AS office, j->'envelope'->>'reason' AS reason, "
            "j->'envelope'->>'command' AS command FROM (SELECT notification_id AS position, topic, "
            "replace(originator_id::text, '-', '') AS stream, originator_version AS version, "
            f"convert_from(state, 'UTF8')::json AS j FROM {db.events_table} "
            "WHERE notification_id > %s AND notification_id <= %s) AS e) AS l")
        return conn.execute(sql, (after, upto)).rowcount

    def apply(self, rows: Rows, position: int, topic: str, event: Any) -> None:
        env = getattr(event, "envelope", None)
        rows.put("event_log", {
            "position": position,
            "recorded_at": text(env.recorded_at if env else event.timestamp),
            "actor": env.actor_name if env else None, "role": env.role if env else None,
            "office": env.office if env else None, "type": topic.split(":", 1)[-1], "register": register_of(topic),
            "stream": stream_key(event.originator_id), "version": event.originator_version,
            "reason": env.reason if env else None, "command": env.command if env else None,
            "aggregate": topic.split(":", 1)[-1].split(".")[0], "event": topic.rsplit(".", 1)[-1],
        })


PROJECTIONS = (EventLogProjection,)
REGISTERS = (
    Register("event-log", "event-log", "event_log", ("position",),
             ("position", "recorded_at", "actor", "role", "office", "type", "register", "reason"), "Event log",
             record="position", key=("position",), kind="event", roles=ADMINS, descending=True,
             fields={"actor": "actor = ?", "office": "office = ?",
                     "type": "type = ?", "event": "event = ?", "kind": "aggregate = ?", "register": "register = ?",
                     "record": "stream = ?", "since": "recorded_at >= ?", "until": "recorded_at <= ?"}),
)
