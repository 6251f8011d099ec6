"""Attachment contents (blobs), stored by their sha256 beside the events, and checked against the events naming them.

A blob lives in one of two places:

- the store's own table ``secretariat_blobs`` (sha256, size, content), written by the chain recorders in the same
  transaction as the event that names it, so an attachment's event and its content commit together or not at all;
- a folder the administrator names (the store setting an event ending ``.BlobFolderSet`` records, its state's
  ``folder``): ``<folder>/<first two hex digits>/<sha256>``, written (to a temporary name, synced, renamed) before
  the event commits. A content written there whose event then failed is an unreferenced file, never a reference
  without content.

The event store knows no aggregate: events naming a blob are found by their class name (a topic ending
``.FileAttached``) and read for ``sha256``, ``size``, ``filename`` and ``record_label`` in their state. The same
content is stored once, however many records it is attached to (the table's key, the folder's file name).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import msgspec

from domain.errors import Message, StoreError

TABLE = "secretariat_blobs"
BLOB_EVENT_SUFFIX = ".FileAttached"  # the class name of every event naming a blob
FOLDER_EVENT_SUFFIX = ".BlobFolderSet"  # the class name of the event setting the blob folder ("" = the table)
_DDL = "CREATE TABLE IF NOT EXISTS {t} (sha256 TEXT PRIMARY KEY, size BIGINT NOT NULL, content {b} NOT NULL)"


def blob_table_ddl(kind: str) -> str:
    """The table's CREATE statement: SQLite as it is; PostgreSQL with `{}.{}` for schema and table."""
    if kind == "sqlite":
        return _DDL.format(t=TABLE, b="BLOB")
    return _DDL.format(t="{}.{}", b="bytea")


def sha256_hex(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


# --- writing, inside the event's transaction ----------------------------------------------------------


def insert_sqlite(cursor: Any, blobs: Mapping[str, bytes]) -> None:
    """Store `blobs` (sha256 -> content) in the SQLite store's table, in the caller's (event) transaction."""
    if not blobs:
        return
    cursor.execute(_DDL.format(t=TABLE, b="BLOB"))
    cursor.executemany(f"INSERT OR IGNORE INTO {TABLE} (sha256, size, content) VALUES (?, ?, ?)",
                       [(sha, len(content), content) for sha, content in blobs.items()])


def insert_postgres(cursor: Any, schema: str, blobs: Mapping[str, bytes]) -> None:
    """Store `blobs` in the PostgreSQL store's table, in the caller's (event) transaction."""
    if not blobs:
        return
    from psycopg.sql import SQL, Identifier

    table = SQL("{}.{}").format(Identifier(schema), Identifier(TABLE))
    cursor.execute(SQL(_DDL.format(t="{}", b="bytea")).format(table))
    for sha, content in blobs.items():
        cursor.execute(SQL("INSERT INTO {} (sha256, size, content) VALUES (%s, %s, %s) "
                           "ON CONFLICT (sha256) DO NOTHING").format(table), (sha, len(content), content))


def folder_path(folder: Path, sha: str) -> Path:
    return folder / sha[:2] / sha


def write_to_folder(folder: Path, sha: str, content: bytes) -> Path:
    """Put `content` into the blob folder under its hash (a no-op when an intact copy is there already)."""
    path = folder_path(folder, sha)
    if path.is_file() and _file_hash(path) == sha:
        return path
    try:
        path.parent.mkdir(mode=0o770, parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(content)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(temporary, 0o640)
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as e:
        raise StoreError("cannot write to the attachment folder {folder}: {value}; nothing recorded", folder=folder,
                         value=e.strerror or e) from None
    return path


def _file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- reading ---------------------------------------------------------------------------------------------


def _sqlite_table_exists(conn: sqlite3.Connection) -> bool:
    found = conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (TABLE,)).fetchone()
    return found is not None


def _pg_table(conn: Any, schema: str) -> Any:
    """The quoted blob table of `schema`, or None if it was never created."""
    from psycopg.sql import SQL, Identifier

    row = conn.execute("SELECT to_regclass(%s)", (f'"{schema}".{TABLE}',)).fetchone()
    found = row[0] if isinstance(row, tuple) else next(iter(row.values()))
    return SQL("{}.{}").format(Identifier(schema), Identifier(TABLE)) if found else None


def read_from(conn: Any, schema: str | None, sha: str) -> bytes | None:
    """The content stored in the table under `sha` on this connection (sqlite3 or psycopg), None if not there."""
    if isinstance(conn, sqlite3.Connection):
        if not _sqlite_table_exists(conn):
            return None
        row = conn.execute(f"SELECT content FROM {TABLE} WHERE sha256 = ?", (sha,)).fetchone()
        return bytes(row[0]) if row else None
    from psycopg.sql import SQL

    table = _pg_table(conn, schema or "public")
    if table is None:
        return None
    row = conn.execute(SQL("SELECT content FROM {} WHERE sha256 = %s").format(table), (sha,)).fetchone()
    if not row:
        return None
    return bytes(row[0] if isinstance(row, tuple) else row["content"])


def stored_in_table(conn: Any, schema: str | None) -> Iterator[tuple[str, bytes]]:
    """Every (sha256, content) in the table, in hash order."""
    if isinstance(conn, sqlite3.Connection):
        if _sqlite_table_exists(conn):
            yield from ((str(s), bytes(c)) for s, c in
                        conn.execute(f"SELECT sha256, content FROM {TABLE} ORDER BY sha256"))
        return
    from psycopg.sql import SQL

    table = _pg_table(conn, schema or "public")
    if table is None:
        return
    for row in conn.execute(SQL("SELECT sha256, content FROM {} ORDER BY sha256").format(table)).fetchall():
        sha, content = (row[0], row[1]) if isinstance(row, tuple) else (row["sha256"], row["content"])
        yield str(sha), bytes(content)


def snapshot_schema(snap: Any) -> str | None:
    """The PostgreSQL schema a snapshot reads (None for SQLite)."""
    if isinstance(snap.conn, sqlite3.Connection):
        return None
    rendered = snap.table.as_string(snap.conn)  # "schema"."secretariat_events"
    return rendered.rsplit(".", 1)[0].strip('"')


# --- the events that name blobs ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BlobReference:
    """One event naming a blob: where it is in the history and what it says the content is."""

    position: int
    sha256: str
    size: int
    filename: str
    record_label: str


class _Named(msgspec.Struct):
    sha256: str
    size: int
    filename: str = ""
    record_label: str = ""


class _Folder(msgspec.Struct):
    folder: str = ""


_named = msgspec.json.Decoder(_Named)
_folder = msgspec.json.Decoder(_Folder)


def _rows_ending(snap: Any, suffix: str) -> list[tuple[int, bytes]]:
    """(position, state) of the snapshot's events whose topic ends with `suffix`, up to its head, in order."""
    if isinstance(snap.conn, sqlite3.Connection):
        return [(int(p), bytes(s)) for p, s in snap.conn.execute(
            f"SELECT rowid, state FROM {snap.table} WHERE topic LIKE ? AND rowid <= ? ORDER BY rowid",
            (f"%{suffix}", snap.head))]
    from psycopg.rows import tuple_row
    from psycopg.sql import SQL

    with snap.conn.cursor(row_factory=tuple_row) as cur:
        cur.execute(SQL("SELECT notification_id, state FROM {} WHERE topic LIKE %s AND notification_id <= %s "
                        "ORDER BY notification_id").format(snap.table), (f"%{suffix}", snap.head))
        return [(int(p), bytes(s)) for p, s in cur.fetchall()]


def references(snap: Any) -> list[BlobReference]:
    """Every event of the snapshot naming a blob, in position order."""
    found = []
    for position, state in _rows_ending(snap, BLOB_EVENT_SUFFIX):
        try:
            named = _named.decode(state)
        except msgspec.MsgspecError:
            raise StoreError("the attachment event at position {position} cannot be read", position=position) from None
        found.append(BlobReference(position, named.sha256, named.size, named.filename, named.record_label))
    return found


def folders_of(snap: Any) -> list[Path]:
    """Every blob folder the snapshot's settings ever named, the latest first: contents stay where they were
    written when the setting changes, so each is still read there."""
    found: list[Path] = []
    for _, state in reversed(_rows_ending(snap, FOLDER_EVENT_SUFFIX)):
        try:
            folder = _folder.decode(state).folder
        except msgspec.MsgspecError:
            continue
        if folder and Path(folder) not in found:
            found.append(Path(folder))
    return found


def read_blob(conn: Any, schema: str | None, folders: Sequence[Path], sha: str) -> bytes | None:
    """A blob's content, from the table or else a folder; None where none holds it."""
    content = read_from(conn, schema, sha)
    for folder in folders if content is None else ():
        path = folder_path(folder, sha)
        try:
            content = path.read_bytes() if path.is_file() else None
        except OSError:
            content = None
        if content is not None:
            break
    return content


def blob_problem(reference: BlobReference, content: bytes | None) -> str | None:
    """Why a blob does not match the event naming it, in one sentence naming the record; None when it does."""
    named = {"name": repr(reference.filename), "record": reference.record_label, "sha": reference.sha256[:16],
             "position": reference.position}
    if content is None:
        return Message("the attachment {name} of record {record} (sha256 {sha}…), recorded at position {position}, "
                       "is missing from the store", **named)
    if len(content) != reference.size or sha256_hex(content) != reference.sha256:
        return Message("the attachment {name} of record {record} (sha256 {sha}…), recorded at position {position}, "
                       "was altered: its stored content no longer has the hash the event recorded", **named)
    return None


@dataclass(frozen=True)
class BlobReport:
    checked: int
    problem: str | None = None
    problems: int = 0

    @property
    def ok(self) -> bool:
        return self.problem is None

    def describe(self) -> str:
        if self.ok:
            return Message("attachments matching their hashes: {checked}", checked=self.checked)
        if self.problems > 1:
            return Message("{problem} (other attachment problems: {more})", problem=self.problem,
                           more=self.problems - 1)
        return Message("{problem}", problem=self.problem)


def check_blobs(snap: Any) -> BlobReport:
    """Every blob the snapshot's events name, read and hashed: the first missing or altered one named."""
    schema, folders = snapshot_schema(snap), folders_of(snap)
    first, problems, checked, seen = None, 0, 0, set()
    for reference in references(snap):
        if reference.sha256 in seen:
            continue
        seen.add(reference.sha256)
        checked += 1
        problem = blob_problem(reference, read_blob(snap.conn, schema, folders, reference.sha256))
        if problem:
            problems += 1
            first = first or problem
    return BlobReport(checked, first, problems)
