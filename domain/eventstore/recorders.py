"""Application recorders for SQLite and PostgreSQL that write the hash chain inside the insert.

Both assign positions 1, 2, 3 ... themselves while holding the store's write lock (SQLite
``BEGIN IMMEDIATE``; PostgreSQL ``LOCK TABLE ... IN EXCLUSIVE MODE``), read the previous row's
``chain_hash``, and insert each row with its position and chain hash in the same transaction.
A failed insert therefore leaves no gap and no half-written chain.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.sqlite import (
    SQLiteApplicationRecorder,
    SQLiteConnection,
    SQLiteCursor,
    SQLiteDatastore,
    SQLiteTransaction,
)

from domain.eventstore import envelopes
from domain.eventstore.blobs import blob_table_ddl
from domain.eventstore.blobs import insert_sqlite as insert_blobs
from domain.eventstore.chain import GENESIS, ChainRow, Linker

WRITER_CACHE_KIB = 64 * 1024  # page cache of the SQLite connection that appends events
# Commands' commits copy the WAL back into the database only past this many pages (SQLite's own default is
# 1000): a background thread checkpoints after writes instead, so a clerk's save rarely pays for one.
DEFAULT_AUTOCHECKPOINT = 8000
BACKGROUND_CHECKPOINT_SECONDS = 0.5
IDLE_CHECKPOINTER_SECONDS = 10.0
_checkpointer_lock = threading.Lock()
BULK_CHECKPOINT_SECONDS = 0.2
# Held while a background thread is inside SQLite (connecting, checkpointing) and across a fork: a process forked
# while that thread held one of SQLite's own mutexes would hang in its child at the first SQLite call.
_in_sqlite = threading.Lock()
_RECORDERS: weakref.WeakSet[Any] = weakref.WeakSet()  # recorders whose checkpointer a fork leaves behind


def _before_fork() -> None:
    _in_sqlite.acquire()
    _checkpointer_lock.acquire()


def _after_fork_in_parent() -> None:
    _checkpointer_lock.release()
    _in_sqlite.release()


def _after_fork_in_child() -> None:
    global _checkpointer_lock, _in_sqlite
    _checkpointer_lock, _in_sqlite = threading.Lock(), threading.Lock()
    for recorder in list(_RECORDERS):  # their threads are not in the child: a write there starts its own
        recorder._written = recorder._checkpointer = None


os.register_at_fork(before=_before_fork, after_in_parent=_after_fork_in_parent, after_in_child=_after_fork_in_child)

# The PRAGMAs each pooled writer connection was last set to: each is run when it changes, not per transaction.
_PRAGMAS: weakref.WeakKeyDictionary[SQLiteConnection, dict[str, Any]] = weakref.WeakKeyDictionary()


class FreshReads(NamedTuple):
    """What a command reads first, in one go (`command_reads`): the store's head, the (stream, version) of every
    event after a given position up to it (None when there are more than asked for), and the events of some
    streams after given versions."""

    head: int
    changes: list[tuple[UUID, int]] | None
    streams: dict[UUID, list[StoredEvent]]


class _ImmediateTransaction(SQLiteTransaction):
    """A write transaction that takes SQLite's write lock at BEGIN, so reading the chain head
    and appending to it cannot interleave with another writer."""

    def __init__(self, connection: Any, *, commit: bool = False, autocheckpoint: int = DEFAULT_AUTOCHECKPOINT,
                 synchronous: str = "FULL"):
        super().__init__(connection, commit=commit)
        self.autocheckpoint = autocheckpoint
        self.synchronous = synchronous

    def __enter__(self) -> SQLiteCursor:
        cursor = self.connection.cursor()
        pragmas = _PRAGMAS.setdefault(self.connection, {})
        if not pragmas.get("cache_sized"):
            # SQLite's default page cache (2 MiB) is smaller than a bulk insert, which then spills dirty
            # pages mid-transaction and costs about twice as much per row. Sized once per connection.
            cursor.execute(f"PRAGMA cache_size = -{WRITER_CACHE_KIB}")
            pragmas["cache_sized"] = True
        # Set on a connection's first transaction too: a new connection has SQLite's defaults (1000 pages), not ours.
        if pragmas.get("autocheckpoint") != self.autocheckpoint:
            cursor.execute(f"PRAGMA wal_autocheckpoint = {self.autocheckpoint}")
            pragmas["autocheckpoint"] = self.autocheckpoint
        if pragmas.get("synchronous") != self.synchronous:
            cursor.execute(f"PRAGMA synchronous = {self.synchronous}")
            pragmas["synchronous"] = self.synchronous
        cursor.execute("BEGIN IMMEDIATE")
        return cursor


class ChainSQLiteApplicationRecorder(SQLiteApplicationRecorder):
    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name)
        t = self.events_table_name
        self.insert_events_statement = (
            f"INSERT INTO {t} (rowid, originator_id, originator_version, topic, state, chain_hash, "
            f"{', '.join(envelopes.COLUMNS)}) VALUES (?,?,?,?,?,?{',?' * len(envelopes.COLUMNS)})"
        )
        self.select_head_statement = (
            f"SELECT rowid, chain_hash FROM {t} ORDER BY rowid DESC LIMIT 1"
        )

    def construct_create_table_statements(self) -> list[str]:
        return [
            f"CREATE TABLE IF NOT EXISTS {self.events_table_name} ("
            "originator_id TEXT, originator_version INTEGER, topic TEXT, state BLOB, "
            "chain_hash BLOB NOT NULL, "
            + "".join(f"{c} TEXT, " for c in envelopes.COLUMNS) +
            "PRIMARY KEY (originator_id, originator_version))",
            blob_table_ddl("sqlite"),  # attachments' contents, beside the events (a store created before: on first use)
        ]

    autocheckpoint = DEFAULT_AUTOCHECKPOINT
    synchronous = "FULL"  # every commit synced to disk; a bulk load relaxes this (see bulk_checkpoints)

    _envelopes_ready = False  # the envelope's columns and their indexes are known to be there
    _written: threading.Event | None = None
    _checkpointer: threading.Thread | None = None
    _closed = False
    _stopped: threading.Event | None = None  # set to end the running checkpointer

    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any
                      ) -> Sequence[int] | None:
        with (
            self.datastore.get_connection(commit=True) as conn,
            _ImmediateTransaction(conn, commit=True, autocheckpoint=self.autocheckpoint,
                                  synchronous=self.synchronous) as curs,
            curs,
        ):
            positions = self._insert_events(curs, stored_events, **kwargs)
        self._wrote()
        return positions

    def checkpoint_soon(self) -> None:
        """Another connection of this process wrote (the registers' catch-up): checkpoint in the background."""
        self._wrote()

    def _wrote(self) -> None:
        """Tell the background checkpointer that the WAL has grown; it is started by a write and ends after
        IDLE_CHECKPOINTER_SECONDS without one (so a closed store leaves no thread behind for long)."""
        with _checkpointer_lock:
            if self._closed:
                return
            written = self._written
            if written is None:
                written = self._written = threading.Event()
                path = self.datastore.pool.db_name
                if path and path != ":memory:" and "mode=memory" not in path:
                    _RECORDERS.add(self)
                    self._stopped = threading.Event()
                    thread = threading.Thread(target=self._checkpoints, args=(path, written, self._stopped),
                                              name="wal-checkpoints", daemon=True)
                    thread.start()
                    self._checkpointer = thread  # once started: a close may join it
        written.set()

    def stop_checkpoints(self, wait: bool = True) -> None:
        """Ends the background checkpointer and (if `wait`) waits for it, so nothing touches the store's files once
        it is closed (a checkpoint running after the files were removed would create them again). Takes no lock:
        it may run from a garbage collection inside `_wrote`, which holds the checkpointers' lock (then without
        waiting, see Secretariat.__del__)."""
        self._closed = True
        thread, written, stopped = self._checkpointer, self._written, self._stopped
        if stopped is not None:
            stopped.set()
        if written is not None:
            written.set()
        if wait and thread is not None and thread is not threading.current_thread():
            thread.join()

    @staticmethod
    def wait_for_stopped_checkpointers() -> None:
        """Wait for the checkpointers of closed stores to end (a store closed by the garbage collector only told
        its own to stop): their connection's close copies the WAL back into the file, which must not happen
        after the caller is done with it."""
        for recorder in list(_RECORDERS):
            thread = recorder._checkpointer
            if recorder._closed and thread is not None and thread is not threading.current_thread():
                thread.join()

    def _checkpoints(self, path: str, written: threading.Event, stopped: threading.Event) -> None:
        try:
            with _in_sqlite:
                conn = sqlite3.connect(path, timeout=1, check_same_thread=False)
        except sqlite3.Error:  # the store's folder is gone (or unreadable): nothing to checkpoint; a write retries
            with _checkpointer_lock:
                self._written = None
            return
        try:
            while not stopped.is_set():
                if not written.wait(IDLE_CHECKPOINTER_SECONDS):
                    with _checkpointer_lock:
                        if not written.is_set():
                            self._written = None
                            return
                written.clear()
                if stopped.is_set():
                    return
                try:
                    with _in_sqlite:
                        conn.execute("PRAGMA wal_checkpoint(PASSIVE)")  # never waits for readers or writers
                except sqlite3.Error:
                    pass  # busy: the next write asks again
                stopped.wait(BACKGROUND_CHECKPOINT_SECONDS)  # a close need not wait this out
        finally:
            with _in_sqlite:
                conn.close()

    @contextmanager
    def bulk_checkpoints(self) -> Iterator[None]:
        """For a bulk load: the writer stops copying the WAL back into the database at its commits, and a
        second connection does it (PASSIVE, never blocking the writer) in a background thread, so the
        disk work overlaps with building the next batch. Its commits are synced at those checkpoints rather
        than one by one (synchronous=NORMAL, SQLite's advice for WAL): a crash of the process loses nothing
        committed and nothing can corrupt the store, but a power cut during the load may lose its last
        batches, which a demo load can afford. Ordinary commands keep synchronous=FULL."""
        path = self.datastore.pool.db_name
        stop = threading.Event()

        def checkpoint() -> None:
            with _in_sqlite:
                conn = sqlite3.connect(path, timeout=1, check_same_thread=False)
            try:
                while not stop.wait(BULK_CHECKPOINT_SECONDS):
                    with _in_sqlite:
                        conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
                with _in_sqlite:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            except sqlite3.Error:
                pass  # a busy database: the writer's own checkpoints resume after the load
            finally:
                with _in_sqlite:
                    conn.close()

        worker = threading.Thread(target=checkpoint, name="bulk-checkpoints", daemon=True)
        self.autocheckpoint, self.synchronous = 0, "NORMAL"
        worker.start()
        try:
            yield
        finally:
            self.autocheckpoint, self.synchronous = DEFAULT_AUTOCHECKPOINT, "FULL"
            stop.set()
            worker.join()

    def ensure_envelope_columns(self) -> None:
        """Give a store written before the envelope's columns those columns, filled for its old rows, and their
        indexes (once; `envelopes`). Run on opening the registers and before this recorder's first insert."""
        if self._envelopes_ready:
            return
        with (
            self.datastore.get_connection(commit=True) as conn,
            _ImmediateTransaction(conn, commit=True, autocheckpoint=self.autocheckpoint,
                                  synchronous=self.synchronous) as curs,
            curs,
        ):
            self._ensure_envelopes(curs)

    def _ensure_envelopes(self, c: SQLiteCursor) -> None:
        """In the caller's write transaction: the columns added and filled where missing, the indexes made."""
        t = self.events_table_name
        c.execute(f"PRAGMA table_info({t})")
        missing = envelopes.missing_columns([r[1] for r in c.fetchall()])
        for column in missing:
            c.execute(f"ALTER TABLE {t} ADD COLUMN {column} TEXT")
        if missing:
            update = (f"UPDATE {t} SET {', '.join(f'{col} = ?' for col in envelopes.COLUMNS)} WHERE rowid = ?")
            position = 0
            while True:
                c.execute(f"SELECT rowid, state FROM {t} WHERE rowid > ? ORDER BY rowid LIMIT ?",
                          (position, envelopes.FILL_CHUNK))
                rows = c.fetchall()
                if not rows:
                    break
                c.executemany(update, [(*envelopes.of_state(state), rowid) for rowid, state in rows])
                position = rows[-1][0]
        for columns in envelopes.INDEXED:
            c.execute(f"CREATE INDEX IF NOT EXISTS {envelopes.index_name(t, columns)} ON {t} ({', '.join(columns)})")
        self._envelopes_ready = True

    def _insert_events(self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], *,
                       blobs: Mapping[str, bytes] | None = None, **_: Any) -> Sequence[int] | None:
        if not self._envelopes_ready:
            self._ensure_envelopes(c)
        insert_blobs(c, blobs or {})  # attachments' contents commit with the events naming them
        c.execute(self.select_head_statement)
        head = c.fetchone()
        position, previous = (head[0], bytes(head[1])) if head else (0, GENESIS)
        params = []
        link = Linker()
        of_stored = envelopes.of_stored
        for s in stored_events:
            position += 1
            oid = s.originator_id.hex if isinstance(s.originator_id, UUID) else s.originator_id
            previous = link(previous, position, oid, s.originator_version, s.topic, s.state)
            params.append((position, oid, s.originator_version, s.topic, s.state, previous, *of_stored(s)))
        c.executemany(self.insert_events_statement, params)
        return [p[0] for p in params]

    @contextmanager
    def stream_reader(self) -> Iterator[Callable[[UUID], list[StoredEvent]]]:
        """A function reading whole streams, all on one connection in one read transaction (one snapshot).

        For a batch of commands: the library's `select_events` takes a pooled connection and runs
        BEGIN, SELECT and ROLLBACK per call, re-preparing the SELECT each time (its connections cache
        one statement), which costs several times the query itself."""
        statement = self.select_events_statement + "ORDER BY originator_version"
        with self.datastore.transaction(commit=False) as c:
            def read(originator_id: UUID) -> list[StoredEvent]:
                c.execute(statement, (originator_id.hex,))
                return [StoredEvent(originator_id=originator_id, originator_version=r["originator_version"],
                                    topic=r["topic"], state=r["state"]) for r in c.fetchall()]
            yield read

    def command_reads(self, since: int, limit: int, streams: Sequence[tuple[UUID, int]]) -> FreshReads:
        """The head, the events after `since` (at most `limit`) and the given streams past the given versions,
        in one read transaction (see `FreshReads`)."""
        t = self.events_table_name
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT rowid, originator_id, originator_version FROM {t} WHERE rowid > ? ORDER BY rowid "
                      "LIMIT ?", (since, limit + 1))
            rows = c.fetchall()
            if len(rows) > limit:
                c.execute(f"SELECT MAX(rowid) FROM {t}")
                head, changes = int(c.fetchone()[0] or 0), None
            else:
                head = int(rows[-1][0]) if rows else since
                changes = [(UUID(r[1]), int(r[2])) for r in rows]
            found: dict[UUID, list[StoredEvent]] = {}
            for originator_id, gt in streams:
                c.execute(f"SELECT originator_version, topic, state FROM {t} WHERE originator_id = ? "
                          "AND originator_version > ? ORDER BY originator_version", (originator_id.hex, gt))
                found[originator_id] = [StoredEvent(originator_id=originator_id, originator_version=r[0],
                                                    topic=r[1], state=r[2]) for r in c.fetchall()]
        return FreshReads(head, changes, found)

    def select_chain(self, start: int = 0, limit: int = 10_000) -> list[ChainRow]:
        """Rows with position > start, in position order, with their stored chain hashes."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(
                f"SELECT rowid, originator_id, originator_version, topic, state, chain_hash "
                f"FROM {self.events_table_name} WHERE rowid > ? ORDER BY rowid LIMIT ?",
                (start, limit),
            )
            return [ChainRow(r[0], r[1], r[2], r[3], r[4], r[5]) for r in c.fetchall()]

    def chain_bounds(self) -> tuple[int, int, int]:
        """(count, lowest position, highest position) of all stored rows."""
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT COUNT(*), MIN(rowid), MAX(rowid) FROM {self.events_table_name}")
            count, low, high = c.fetchone()
            return int(count), int(low or 0), int(high or 0)

    def chain_hash_at(self, position: int) -> bytes | None:
        with self.datastore.transaction(commit=False) as c:
            c.execute(f"SELECT chain_hash FROM {self.events_table_name} WHERE rowid = ?",
                      (position,))
            row = c.fetchone()
            return bytes(row[0]) if row else None


POSTGRES_RECORDER_TOPIC = "domain.eventstore.postgres_recorder:ChainPostgresApplicationRecorder"


def __getattr__(name: str) -> Any:
    # The PostgreSQL recorder lives in its own module, so a SQLite store never imports psycopg.
    if name == "ChainPostgresApplicationRecorder":
        from domain.eventstore.postgres_recorder import ChainPostgresApplicationRecorder

        return ChainPostgresApplicationRecorder
    raise AttributeError(name)
