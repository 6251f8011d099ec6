"""The event-log register: one row per stored event with its envelope, for auditors to page and filter
(by date range, actor, office, event type, register and record) without decoding a million events."""

from __future__ import annotations

from typing import Any

from domain.eventstore.chain import stream_key
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

    @classmethod
    def topics(cls) -> list[str]:
        return []  # every event

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
