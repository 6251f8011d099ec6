"""Each event row carries its envelope's columns, written at insert; a store written before them gets them on
open, filled once from the stored states, and goes on appending (and refusing updates, on PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest

from domain.application import open_store
from domain.eventstore import envelopes
from domain.eventstore.chain import check_chain
from domain.organisation import EstablishUnit, RenameUnit
from projections.db import Database

COLUMNS = ", ".join(envelopes.COLUMNS)


def _rows(app: Any) -> list[tuple[Any, ...]]:
    db = Database(app.store_config)
    conn = db.connect()
    try:
        return [tuple(r) for r in db.execute(conn, f"SELECT {db.position}, {COLUMNS} FROM {db.events_table} "
                                             f"ORDER BY {db.position}")]
    finally:
        db.close(conn)


def _envelope(app: Any, position: int) -> tuple[Any, ...]:
    event = app.mapper.to_domain_event(app.recorder.select_notifications(position, 1)[0])
    env = event.envelope
    return (position, env.recorded_at.isoformat(), env.actor_name, env.role, env.office, env.reason, env.command,
            env.command_id)


def test_each_event_row_carries_its_envelope(app: Any) -> None:
    app.handle(EstablishUnit(code="KBL", unit_name="Kabul", kind="provincial"), user="admin")
    app.handle(RenameUnit(code="KBL", unit_name="Kabul province"), user="admin", reason="the decree's name")
    rows = _rows(app)
    assert rows == [_envelope(app, position) for position, *_ in rows]
    assert rows[-2][5] == "the decree's name" and rows[-2][2] == "admin"  # the rename, before its receipt


def _drop_columns(app: Any) -> None:
    """Make the store as a Secretariat before the envelope's columns wrote it."""
    db = Database(app.store_config)
    conn = db.connect()
    try:
        with db.write(conn):
            db.execute(conn, "DROP VIEW IF EXISTS event_log")  # the registers' (a store of then had none)
            for columns in (*envelopes.INDEXED, ("stream",)):
                db.execute(conn, f"DROP INDEX IF EXISTS {envelopes.index_name(db.events_table, columns)}")
            for column in envelopes.COLUMNS:
                db.execute(conn, f"ALTER TABLE {db.events_table} DROP COLUMN {column}")
    finally:
        db.close(conn)


def test_a_store_from_before_the_columns_gets_them_filled_on_open(app: Any, store_url: str) -> None:
    app.handle(EstablishUnit(code="KBL", unit_name="Kabul", kind="provincial"), user="admin")
    app.handle(RenameUnit(code="KBL", unit_name="Kabul province"), user="admin", reason="the decree's name")
    written = _rows(app)
    app.close()
    old = open_store(store_url)
    _drop_columns(old)
    old.close()
    reopened = open_store(store_url)
    try:
        reopened.recorder.ensure_envelope_columns()
        assert _rows(reopened) == written
        reopened.handle(RenameUnit(code="KBL", unit_name="Kabul"), user="admin", reason="back")
        after = _rows(reopened)
        assert after[: len(written)] == written and after[len(written)][5] == "back"
        assert check_chain(reopened.recorder.select_chain()).ok  # the chain covers the state, not these columns
        if reopened.store_config.kind == "postgresql":  # the fill held the append-only guard off only meanwhile
            db = Database(reopened.store_config)
            conn = db.connect()
            try:
                with pytest.raises(Exception, match="append-only"), db.write(conn):
                    db.execute(conn, f"UPDATE {db.events_table} SET actor = 'x'")
            finally:
                db.close(conn)
    finally:
        reopened.close()


def test_columns_are_read_back_from_any_state() -> None:
    assert envelopes.of_state(b"not json") == (None,) * len(envelopes.COLUMNS)
    assert envelopes.of_state(b'{"timestamp": "2026-01-02T03:04:05Z"}')[0] == "2026-01-02T03:04:05+00:00"
    assert envelopes.of_state(b"[1, 2]") == (None,) * len(envelopes.COLUMNS)
