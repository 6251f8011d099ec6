"""A worker's connection is never closed under a read in progress (closing a SQLite connection while another
thread runs a statement on it can kill the process: a CI worker died so when a test ended mid-read)."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from tui.widgets.worker_connection import WorkerConnection


class _Db:
    def __init__(self) -> None:
        self.opened: list[object] = []
        self.closed: list[object] = []

    def connect(self) -> object:
        conn = object()
        self.opened.append(conn)
        return conn

    def close(self, conn: object) -> None:
        self.closed.append(conn)


def _reading(connection: WorkerConnection, started: threading.Event, release: threading.Event,
              seen: list[Any]) -> threading.Thread:
    def read() -> None:
        with connection.use() as conn:
            started.set()
            assert release.wait(10)
            seen.append(conn)

    thread = threading.Thread(target=read)
    thread.start()
    assert started.wait(10)
    return thread


def test_close_during_a_read_waits_for_the_read_to_end_and_never_blocks() -> None:
    db = _Db()
    connection = WorkerConnection(lambda: db)
    started, release, seen = threading.Event(), threading.Event(), []
    thread = _reading(connection, started, release, seen)
    connection.close()  # returns at once although the read holds the connection
    assert db.closed == []  # not closed under the reader
    release.set()
    thread.join(10)
    assert seen == db.opened and db.closed == db.opened  # the read closed it as it ended


def test_close_when_idle_closes_at_once_and_a_later_read_does_not_leak() -> None:
    db = _Db()
    connection = WorkerConnection(lambda: db)
    with connection.use():
        pass
    assert db.closed == []  # kept for the next read
    connection.close()
    assert db.closed == db.opened
    with connection.use():  # a read that started after the close (a worker already queued)
        pass
    assert len(db.opened) == 2 and db.closed == db.opened


def test_a_failed_read_drops_the_connection_and_the_next_read_opens_a_new_one() -> None:
    db = _Db()
    connection = WorkerConnection(lambda: db)
    with pytest.raises(RuntimeError), connection.use():
        raise RuntimeError("the store went away")
    assert db.closed == db.opened
    with connection.use() as conn:
        assert conn is db.opened[-1] and len(db.opened) == 2
