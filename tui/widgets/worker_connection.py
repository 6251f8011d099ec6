"""A database connection owned by a widget or screen and used by its thread workers.

A worker thread may still be reading when its screen is dismissed or the app quits. Closing a SQLite
connection from the UI thread while another thread runs a statement on it can crash the whole process, so
the connection is closed only when no read is using it: `close()` closes it at once if idle, otherwise the
read in progress closes it as it ends (and any later read closes its own as it ends). The UI thread never
waits for a read to finish.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any


class WorkerConnection:
    """One connection, opened on first use, used by one read at a time, dropped after a failed read."""

    def __init__(self, database: Callable[[], Any]) -> None:
        self._database = database  # builds the `projections.db.Database` on first use (off the event loop)
        self.db: Any = None
        self._conn: Any = None
        self._lock = threading.Lock()  # held by the read in progress
        self._state = threading.Lock()  # guards `_busy` and `_closed` (held for microseconds only)
        self._busy = False
        self._closed = False  # once closed, any later read closes its connection as it ends

    @contextmanager
    def use(self) -> Iterator[Any]:
        """The connection for one read (reads queue up one after the other). An exception drops the
        connection (a busy, vanished or dropped store: the next read opens a new one) and goes on up."""
        with self._lock:
            with self._state:
                self._busy = True
            try:
                if self._conn is None:
                    if self.db is None:
                        self.db = self._database()
                    self._conn = self.db.connect()
                try:
                    yield self._conn
                except BaseException:
                    self._drop()
                    raise
            finally:
                with self._state:
                    self._busy = False
                    closed = self._closed
                if closed:
                    self._drop()

    def close(self) -> None:
        """Close now if no read is using the connection; otherwise the read closes it as it ends."""
        with self._state:
            self._closed = True
            if self._busy:
                return
        if self._lock.acquire(blocking=False):  # idle: nobody can start using it while we hold the lock
            try:
                self._drop()
            finally:
                self._lock.release()
        # else a read has just taken the lock: it sees `_closed` as it ends and closes the connection

    def _drop(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                self.db.close(conn)
            except Exception:  # already broken
                pass
