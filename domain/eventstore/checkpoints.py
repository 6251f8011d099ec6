"""The chain of signed checkpoints: taken automatically, kept both in the store and in files, and checked.

Each checkpoint signs (position, head hash, time, previous), where `previous` is the digest of the checkpoint
before it, so the checkpoints form a chain of their own: deleting one breaks the link of the next.
They are kept twice: in the store (table ``secretariat_checkpoints``, beside the events, so any copy of the
store carries them) and as files under the data directory (``checkpoints/<store id>/``, on the signer's
machine, out of reach of whoever can only write the database). Deleting the newest checkpoint from the
store is caught by its file, and the other way round.

Automatic checkpoints are taken where a signing key already exists (an administrator's installation):
after a command once the head is `every` events past the last checkpoint (SECRETARIAT_CHECKPOINT_EVERY,
default 1000), at the end of an administrator's session, after a rebuild and after a demo load. Taking one
re-walks only the chain after the previous checkpoint.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from domain.errors import Message, StoreError
from domain.eventstore.chain import GENESIS
from domain.eventstore.integrity import (
    Checkpoint,
    check_signature,
    make_checkpoint,
    read_checkpoint,
    verify_snapshot,
    write_checkpoint,
)
from domain.eventstore.keys import KEY_FILE, data_dir
from domain.eventstore.snapshot import ChainSnapshot, snapshot_of

TABLE = "secretariat_checkpoints"
DEFAULT_EVERY = 1000
_COLUMNS = ("position", "head_hash", "time", "public_key", "signature", "previous")
_DDL = ("CREATE TABLE IF NOT EXISTS {t} (position BIGINT PRIMARY KEY, head_hash TEXT NOT NULL, "
        "time TEXT NOT NULL, public_key TEXT NOT NULL, signature TEXT NOT NULL, previous TEXT NOT NULL)")


def every() -> int:
    """Events between automatic checkpoints (SECRETARIAT_CHECKPOINT_EVERY; 0 turns them off)."""
    text = os.environ.get("SECRETARIAT_CHECKPOINT_EVERY", "")
    return int(text) if text.isdigit() else DEFAULT_EVERY


def can_sign() -> bool:
    return (data_dir() / KEY_FILE).is_file()


# --- where they are kept -----------------------------------------------------------------------------


def _sqlite_path(config: Any) -> Path:
    assert config.path is not None
    return config.path


@contextmanager
def _write_connection(config: Any) -> Iterator[tuple[Any, str, str]]:
    """(connection, table name, placeholder) in a write transaction that excludes other checkpointers."""
    if config.kind == "sqlite":
        conn = sqlite3.connect(str(_sqlite_path(config)), timeout=10, isolation_level=None)
        try:
            conn.execute("BEGIN IMMEDIATE")
            conn.execute(_DDL.format(t=TABLE))
            yield conn, TABLE, "?"
            conn.execute("COMMIT")
        except BaseException:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
        finally:
            conn.close()
        return
    import psycopg

    table = f'"{config.schema or "public"}".{TABLE}'
    with psycopg.connect(config.conninfo) as pg, pg.transaction():
        pg.execute(_DDL.format(t=table))
        pg.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")
        yield pg, table, "%s"


def stored(snap: Any) -> list[Checkpoint]:
    """The checkpoints kept in the store, in position order (none if the table does not exist yet)."""
    if isinstance(snap.conn, sqlite3.Connection):
        return _rows(snap.conn, TABLE)
    rendered = snap.table.as_string(snap.conn)  # "schema"."secretariat_events": the same schema
    return _rows(snap.conn, rendered.rsplit(".", 1)[0] + f".{TABLE}")


def _rows(conn: Any, table: str) -> list[Checkpoint]:
    query = f"SELECT {', '.join(_COLUMNS)} FROM {table} ORDER BY position"
    try:
        if isinstance(conn, sqlite3.Connection):
            if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (TABLE,)).fetchone():
                return []
            rows = conn.execute(query).fetchall()
        else:
            from psycopg.rows import tuple_row

            with conn.cursor(row_factory=tuple_row) as cur:
                cur.execute("SELECT to_regclass(%s)", (table,))
                if cur.fetchone()[0] is None:
                    return []
                cur.execute(query)
                rows = cur.fetchall()
    except sqlite3.DatabaseError as e:
        raise StoreError("the store's checkpoints cannot be read: {e}", e=e) from None
    return [Checkpoint(int(r[0]), str(r[1]), str(r[2]), str(r[3]), str(r[4]), str(r[5] or "")) for r in rows]


def store_id(snap: ChainSnapshot) -> str | None:
    """A name for this store's checkpoint files: from the chain hash of its first event (None if empty)."""
    first = snap.hash_at(1)
    return hashlib.sha256(first).hexdigest()[:16] if first else None


def files_dir(identity: str) -> Path:
    return data_dir() / "checkpoints" / identity


def kept_files(identity: str | None) -> list[Checkpoint]:
    if identity is None:
        return []
    folder = files_dir(identity)
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("checkpoint-*.json")):
        try:
            found.append(read_checkpoint(path))
        except StoreError:
            continue  # an unreadable file is reported as missing from the chain by the store's copy
    return sorted(found, key=lambda c: c.position)


# --- taking one --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Taken:
    checkpoint: Checkpoint
    file: Path


def take(config: Any, *, create_key: bool = True) -> Taken:
    """Verify the chain after the last checkpoint, sign its head naming the last checkpoint, keep it in the
    store and in a file. Refused (StoreError) if the chain or the last checkpoint does not hold. The walk
    runs on a snapshot, without holding any lock; only the insert excludes other checkpointers."""
    with snapshot_of(config) as snap:
        kept = stored(snap)
        last = kept[-1] if kept else None
        start = (0, GENESIS)
        if last is not None:
            at = snap.hash_at(last.position)
            if at is None or at.hex() != last.head_hash:
                raise StoreError("refusing to sign: the chain at position {last_position} no longer matches the last "
                                 "checkpoint (history rewritten or truncated); run 'secretariat verify'",
                                 last_position=last.position)
            start = (last.position, at)
        report = verify_snapshot(snap, start=start)
        if not report.ok:
            raise StoreError("refusing to sign a broken chain: position {report_bad_position}: {report_problem}",
                             report_bad_position=report.bad_position, report_problem=report.problem)
        if report.head_position == 0:
            raise StoreError("the store holds no events; nothing to sign")
        identity = store_id(snap)
    with _write_connection(config) as (conn, table, mark):
        now = _rows(conn, table)
        latest = now[-1] if now else None
        if latest is not None and latest.position >= report.head_position:
            checkpoint = latest  # someone signed this far meanwhile: that one covers the head
        else:
            if latest != last:  # another checkpoint came in between: it must be on the chain just walked
                assert latest is not None
                row = conn.execute(_hash_query(config, mark), (latest.position,)).fetchone()
                if row is None or bytes(row[0]).hex() != latest.head_hash:
                    raise StoreError("refusing to sign: the checkpoint at position {latest_position} does not match "
                                     "the chain; run 'secretariat verify'", latest_position=latest.position)
            checkpoint = make_checkpoint(report, latest.digest if latest else "", create_key=create_key)
            conn.execute(f"INSERT INTO {table} ({', '.join(_COLUMNS)}) VALUES ({', '.join([mark] * 6)})",
                         tuple(getattr(checkpoint, c) for c in _COLUMNS))
    assert identity is not None
    folder = files_dir(identity)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"checkpoint-{checkpoint.position:012d}.json"
    if not path.exists():
        write_checkpoint(checkpoint, path)
    return Taken(checkpoint, path)


def _hash_query(config: Any, mark: str) -> str:
    if config.kind == "sqlite":
        return f"SELECT chain_hash FROM stored_events WHERE rowid = {mark}"
    return f'SELECT chain_hash FROM "{config.schema or "public"}".secretariat_events WHERE notification_id = {mark}'


def take_if_due(config: Any, head: int, last_position: int | None = None, *, force: bool = False) -> Taken | None:
    """An automatic checkpoint, if a signing key exists here and it is due (or forced: the end of an
    administrator's session, a rebuild). Never creates a key; any failure is left for 'verify' to report."""
    if not can_sign() or (every() == 0 and not force):
        return None
    if not force and last_position is not None and head - last_position < every():
        return None
    try:
        return take(config, create_key=False)
    except (StoreError, OSError, sqlite3.Error):
        return None


def last_position(config: Any) -> int:
    try:
        with snapshot_of(config) as snap:
            kept = stored(snap)
    except StoreError:
        return 0
    return kept[-1].position if kept else 0


# --- checking them -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckpointReport:
    count: int  # checkpoints in the chain of checkpoints
    last_position: int  # position the last signed checkpoint covers (0 if none)
    uncovered: int  # events after it
    problem: str | None = None
    checked: bool = True  # False when no trusted key was available to check signatures

    @property
    def ok(self) -> bool:
        return self.problem is None

    def describe(self) -> str:
        if self.problem:
            return Message("checkpoints: {problem}", problem=self.problem)
        if self.count == 0:
            return Message("no signed checkpoint yet: all events are covered by the chain alone ({uncovered})",
                           uncovered=self.uncovered)
        if not self.checked:
            return Message("signed checkpoints: {count}, the last at position {last}; events not yet covered by a "
                           "signed checkpoint: {uncovered} (signatures not checked: no trusted key here; pass "
                           "--public-key)", count=self.count, last=self.last_position, uncovered=self.uncovered)
        return Message("signed checkpoints: {count}, the last at position {last}; events not yet covered by a signed "
                       "checkpoint: {uncovered}", count=self.count, last=self.last_position, uncovered=self.uncovered)


def check(snap: ChainSnapshot, head: int, trusted: bytes | None) -> CheckpointReport:
    """The chain of checkpoints kept in the store, against the chain itself and against this machine's files."""
    kept = stored(snap)
    files = kept_files(store_id(snap))
    last = kept[-1].position if kept else 0

    def fault(problem: str) -> CheckpointReport:
        return CheckpointReport(len(kept), last, max(head - last, 0), problem, trusted is not None)

    previous = ""
    for cp in kept:
        if trusted is not None:
            problem = check_signature(cp, trusted)
            if problem:
                return fault(Message("the checkpoint at position {position} in the store: {problem}",
                                     position=cp.position, problem=problem))
        if cp.previous != previous:
            return fault(Message("the checkpoint at position {position} does not follow the one before it "
                                 "(a checkpoint was deleted or replaced)", position=cp.position))
        if cp.position > head:
            return fault(Message("history truncated: a checkpoint covers position {position} but the store ends "
                                 "at {head}", position=cp.position, head=head))
        at = snap.hash_at(cp.position)
        if at is None or at.hex() != cp.head_hash:
            return fault(Message("history rewritten: the chain hash at position {position} differs from its "
                                 "signed checkpoint", position=cp.position))
        previous = cp.digest
    in_store = {cp.digest for cp in kept}
    for cp in files:
        if cp.digest not in in_store and (trusted is None or check_signature(cp, trusted) is None):
            return fault(Message("the checkpoint at position {position} kept in {folder} is missing from the "
                                 "store (deleted)", position=cp.position, folder=str(files_dir(store_id(snap) or ''))))
    return CheckpointReport(len(kept), last, max(head - last, 0), None, trusted is not None)


