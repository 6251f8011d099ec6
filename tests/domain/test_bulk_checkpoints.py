"""A bulk load moves SQLite's WAL checkpoints off the writer's commits onto a background connection, and
puts them back afterwards; the history is complete and verifies."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from domain.access import AddUser
from domain.application import open_store
from domain.eventstore.integrity import verify_chain
from domain.eventstore.recorders import DEFAULT_AUTOCHECKPOINT


def _writer_autocheckpoint(app: Any) -> int:
    with app.recorder.datastore.get_connection(commit=True) as conn:
        return int(conn._sqlite_conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0])


def test_bulk_checkpoints_are_moved_and_restored(tmp_path: Path) -> None:
    app = open_store(str(tmp_path / "bulk.db"), create=True)
    app.bootstrap("admin")
    with app.recorder.bulk_checkpoints():
        for n in range(300):
            app.handle(AddUser(user=f"user{n:03d}", role="clerk"), user="admin")
        assert _writer_autocheckpoint(app) == 0  # the writer no longer checkpoints at its commits
    app.handle(AddUser(user="after", role="clerk"), user="admin")
    assert _writer_autocheckpoint(app) == DEFAULT_AUTOCHECKPOINT
    report = verify_chain(app.recorder)
    assert report.ok and report.count == app.head() == 2 + 301 * 2
    app.close()
    # Everything is in the database file itself once the WAL is checkpointed by a plain reader.
    conn = sqlite3.connect(tmp_path / "bulk.db")
    assert conn.execute("SELECT COUNT(*) FROM stored_events").fetchone()[0] == 604
    conn.close()
