"""The envelope's columns on the event rows: when, who (name, role, office), why and as part of what command
each event was recorded, written by the recorders at insert, so the event log is read from the event table
itself (filtered through its indexes) and nothing has to copy or rebuild it.

They repeat what the stored state already holds (the hash chain covers the state, not these columns: they are
derived, and `verify` judges the state). A store written before them gets them on open (`missing_columns`,
then the recorder fills the old rows once, in the transaction that adds the columns).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import msgspec

# In the order the recorders write them, after the library's own columns.
COLUMNS = ("recorded_at", "actor", "role", "office", "reason", "command", "command_id")
# What the event log filters and sorts on, each index ending with the position (SQLite adds the rowid itself).
INDEXED = (("actor",), ("office",), ("recorded_at",), ("topic",))
ATTRIBUTE = "envelope_columns"  # set by the mapper on the stored events it makes (no decoding at insert)
FILL_CHUNK = 20_000

Columns = tuple[str | None, str | None, str | None, str | None, str | None, str | None, str | None]
_NONE: Columns = (None, None, None, None, None, None, None)


class _Envelope(msgspec.Struct):
    actor_name: str | None = None
    role: str | None = None
    office: str | None = None
    reason: str | None = None
    command: str | None = None
    command_id: str | None = None
    recorded_at: datetime | None = None


class _State(msgspec.Struct):
    envelope: _Envelope | None = None
    timestamp: datetime | None = None


_decode = msgspec.json.Decoder(_State).decode


def of_event(event: Any) -> Columns:
    """The columns of a domain event about to be stored."""
    env = getattr(event, "envelope", None)
    if env is None:
        stamp = getattr(event, "timestamp", None)
        return (stamp.isoformat() if isinstance(stamp, datetime) else None, *_NONE[1:])
    return (env.recorded_at.isoformat(), env.actor_name, env.role, env.office, env.reason, env.command,
            env.command_id)


def of_state(state: Any) -> Columns:
    """The columns read back from stored state bytes (rows stored before the columns, or events made by other
    code than the mapper); all None for state that is not an event's."""
    try:
        found = _decode(state)
    except (msgspec.DecodeError, msgspec.ValidationError, TypeError):
        return _NONE
    env = found.envelope
    if env is None:
        return (found.timestamp.isoformat() if found.timestamp is not None else None, *_NONE[1:])
    return (env.recorded_at.isoformat() if env.recorded_at is not None else None, env.actor_name, env.role,
            env.office, env.reason, env.command, env.command_id)


def of_stored(stored: Any) -> Columns:
    """The columns of a stored event about to be inserted: as the mapper noted them, else from its state."""
    found = stored.__dict__.get(ATTRIBUTE)
    return found if found is not None else of_state(stored.state)


def missing_columns(present: Sequence[str]) -> list[str]:
    """Of COLUMNS, those not in a table with these columns."""
    have = {c.lower() for c in present}
    return [c for c in COLUMNS if c not in have]


def index_name(table: str, columns: Sequence[str]) -> str:
    return f"{table}_by_{'_'.join(columns)}"
