"""The event-log register: one row per stored event with its envelope, for auditors to page and filter
(by date range, actor, office, event type, register and record) without decoding a million events."""

from __future__ import annotations

from typing import Any

from domain.eventstore.chain import stream_key
from domain.readpolicy import CONFIDENTIAL, is_confidential_event
from projections.engine import Projection, Rows, Table, text
from projections.registers import ADMINS, Register

EVENT_LOG = Table("event_log", (
    ("position", "int"), ("recorded_at", "text"), ("actor", "text"), ("role", "text"), ("office", "text"),
    ("type", "text"), ("register", "text"), ("stream", "text"), ("version", "int"), ("reason", "text"),
    ("command", "text"), ("aggregate", "text"), ("event", "text"), ("confidential", "int"), ("command_id", "text"),
), key=("position",), indexes=(("recorded_at",), ("actor", "position"), ("office", "position"), ("type", "position"),
                               ("register", "position"), ("stream", "position"), ("aggregate", "position"),
                               ("event", "position"), ("role", "position"), ("reason",)))


def register_of(topic: str) -> str:
    """'domain.organisation:Unit.Renamed' -> 'organisation' (the bounded context that wrote it)."""
    return topic.split(":", 1)[0].rsplit(".", 1)[-1]


# Records (streams) found confidential, and the commands that touched one: every event of such a command
# is confidential (they share its envelope and reason), including those stored before the one that told.
CONFIDENTIAL_STREAMS = Table("event_log_confidential", (("stream", "text"),), key=("stream",))
CONFIDENTIAL_COMMANDS = Table("event_log_confidential_commands", (("command_id", "text"),), key=("command_id",))


class EventLogProjection(Projection):
    name = "event-log"
    # 2: the type split into aggregate and event, each indexed, for type: filters;
    # 3: events of confidential records marked, for the read policy
    version = 3
    tables = (EVENT_LOG, CONFIDENTIAL_STREAMS, CONFIDENTIAL_COMMANDS)

    @classmethod
    def topics(cls) -> list[str]:
        return []  # every event

    def apply(self, rows: Rows, position: int, topic: str, event: Any) -> None:
        env = getattr(event, "envelope", None)
        stream = stream_key(event.originator_id)
        if is_confidential_event(event):
            rows.put("event_log_confidential", {"stream": stream})
        command_id = env.command_id if env else None
        secret = rows.get("event_log_confidential", stream) is not None or (
            command_id is not None and rows.get("event_log_confidential_commands", command_id) is not None)
        if secret and command_id is not None and rows.get("event_log_confidential_commands", command_id) is None:
            rows.put("event_log_confidential_commands", {"command_id": command_id})
            earlier = rows.get("event_log", position - 1)
            while earlier is not None and earlier["command_id"] == command_id and not earlier["confidential"]:
                rows.put("event_log", {**earlier, "confidential": 1, "reason": CONFIDENTIAL})
                earlier = rows.get("event_log", earlier["position"] - 1)
        rows.put("event_log", {
            "position": position,
            "recorded_at": text(env.recorded_at if env else event.timestamp),
            "actor": env.actor_name if env else None, "role": env.role if env else None,
            "office": env.office if env else None, "type": topic.split(":", 1)[-1], "register": register_of(topic),
            "stream": stream_key(event.originator_id), "version": event.originator_version,
            # a confidential record's reasons only on the event screen, for cleared readers (the read policy)
            "reason": CONFIDENTIAL if secret else env.reason if env else None, "command": env.command if env else None,
            "aggregate": topic.split(":", 1)[-1].split(".")[0], "event": topic.rsplit(".", 1)[-1],
            "confidential": 1 if secret else 0, "command_id": command_id,
        })


PROJECTIONS = (EventLogProjection,)
REGISTERS = (
    Register("event-log", "event-log", "event_log", ("position",),
             ("position", "recorded_at", "actor", "role", "office", "type", "register", "reason"), "Event log",
             record="position", key=("position",), kind="event", roles=ADMINS, descending=True,
             office=("office",),
             fields={"actor": "actor = ?", "office": "office = ?",
                     "type": "type = ?", "event": "event = ?", "kind": "aggregate = ?", "register": "register = ?",
                     "record": "stream = ?", "since": "recorded_at >= ?", "until": "recorded_at <= ?"}),
)


def confidential_at(db: Any, conn: Any, position: int) -> bool:
    """Whether the event at `position` is confidential by the event-log register (its record, or its
    command, touched a confidential record); True while the register has not reached it, to be safe."""
    rows = db.execute(conn, "SELECT confidential FROM event_log WHERE position = ?", (position,))
    return bool(rows[0][0]) if rows else True
