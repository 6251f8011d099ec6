"""Moving a store's history, byte for byte: backups, restores and copies between SQLite and PostgreSQL.

Every path keeps positions, record ids, versions, topics, state bytes and chain hashes exactly, so the head
hash is the same and signed checkpoints taken before verify against the copy. The source is read in one
snapshot up to the head seen at the start (writers may go on), its chain is verified before anything is
written, and each written row's link is re-checked on the way. Rows go in in batches that each commit, so a
killed copy leaves a target that is a verified prefix of the source: running the copy again checks that the
target's head matches the source at that position and continues from there.

- backup of a SQLite store: SQLite's online backup API into a new file, then its chain is verified;
- backup of a PostgreSQL store: the auditors' export format (domain/eventstore/export.py) up to the head;
- restore: from a SQLite backup file or a (whole-history) export folder into a new, empty store;
- copy: from the open store into another store URL of either kind (COPY on PostgreSQL).

Attachments' contents (domain/eventstore/blobs.py) go with the history: the SQLite backup copies the whole file,
an export folder carries them in ``blobs/``, and restore and copy write every content the source holds into the
target's blob table after the events (a content kept in the administrator's folder stays there: the copied
setting names the same folder).
"""

from __future__ import annotations

import base64
import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from domain.errors import StoreError
from domain.eventstore import envelopes
from domain.eventstore.blobs import insert_postgres, insert_sqlite, sha256_hex, snapshot_schema, stored_in_table
from domain.eventstore.chain import GENESIS, ChainRow, link, stream_key
from domain.eventstore.files import LINE_LIMIT, shown
from domain.eventstore.integrity import verify_snapshot
from domain.eventstore.snapshot import snapshot_of

BATCH = 20_000
Progress = Callable[[int, int, float], None]  # (done, total, events per second)


@dataclass(frozen=True)
class Moved:
    events: int  # rows written now
    head_position: int
    head_hash: str
    resumed_from: int = 0


# --- backup ------------------------------------------------------------------------------------------


OpenStore = Callable[..., Any]  # url, create=... -> the application on that store (domain/application.py)


def backup(config: Any, out: Path, open_store: OpenStore) -> Moved:
    """A consistent copy of the store at `out` (a new file for SQLite, a new folder for PostgreSQL)."""
    if out.exists() or out.is_symlink():
        if not (out.is_dir() and not any(out.iterdir())):
            raise StoreError("{shown} already exists; back up into a new file or an empty folder", shown=shown(out))
    if config.kind == "sqlite":
        return _backup_sqlite(config.path, out)
    from domain.eventstore.export import export_store

    app = open_store(_url(config))
    try:
        summary = export_store(app, out)
    finally:
        app.close()
    return Moved(summary.count, summary.last_position, summary.head_hash)


def _backup_sqlite(path: Path, out: Path) -> Moved:
    if out.is_dir():
        raise StoreError("{shown} is a folder; a SQLite store is backed up into a new file", shown=shown(out))
    part = out.with_name(out.name + ".part")
    try:
        source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        target = sqlite3.connect(str(part))
        try:
            source.backup(target, pages=4096)  # copies in steps: writers are not held off for the whole copy
        finally:
            target.close()
            source.close()
        with snapshot_of(_sqlite_config(part)) as snap:
            report = verify_snapshot(snap)
        if not report.ok:
            raise StoreError("the backup's chain does not verify at position {report_bad_position}: {report_problem}",
                             report_bad_position=report.bad_position, report_problem=report.problem)
        part.rename(out)
    except sqlite3.Error as e:
        raise StoreError("cannot back up to {shown}: {e}", shown=shown(out), e=e) from None
    except OSError as e:
        raise StoreError("cannot back up to {shown}: {value}", shown=shown(out), value=e.strerror or e) from None
    finally:
        part.unlink(missing_ok=True)
    return Moved(report.count, report.head_position, report.head_hash.hex())


def _sqlite_config(path: Path) -> Any:
    from domain.eventstore.store import StoreConfig

    return StoreConfig("sqlite", path=path)


def _url(config: Any) -> str:
    if config.kind == "sqlite":
        return str(config.path)
    from urllib.parse import quote

    password = f":{quote(config.password, safe='')}" if config.password else ""
    schema = f"?schema={config.schema}" if config.schema else ""
    return f"postgresql://{quote(config.user, safe='')}{password}@{config.host}:{config.port}/{config.dbname}{schema}"


# --- sources -----------------------------------------------------------------------------------------


class _Source:
    """Rows of a history to restore or copy: head, hash at a position, rows after a position."""

    head: int

    def hash_at(self, position: int) -> bytes | None:
        raise NotImplementedError

    def rows(self, after: int) -> Iterator[ChainRow]:
        raise NotImplementedError

    def blobs(self) -> Iterator[tuple[str, bytes]]:
        raise NotImplementedError


class _StoreSource(_Source):
    def __init__(self, snap: Any) -> None:
        self.snap, self.head = snap, snap.head

    def hash_at(self, position: int) -> bytes | None:
        return self.snap.hash_at(position)

    def rows(self, after: int) -> Iterator[ChainRow]:
        return self.snap.rows(after)

    def blobs(self) -> Iterator[tuple[str, bytes]]:
        return stored_in_table(self.snap.conn, snapshot_schema(self.snap))


class _ExportSource(_Source):
    def __init__(self, folder: Path) -> None:
        from domain.eventstore.export import verify_export

        report = verify_export(folder)
        if not report.ok:
            raise StoreError("the backup does not verify: {report_problem}", report_problem=report.problem)
        if report.first_position != 1:
            raise StoreError("the export starts at position {report_first_position}; only a whole history (an export "
                             "without --since) restores", report_first_position=report.first_position)
        self.folder, self.head = folder, int(report.head_position or 0)

    def _lines(self) -> Iterator[dict[str, Any]]:
        with (self.folder / "events.jsonl").open("rb") as f:
            for raw in iter(lambda: f.readline(LINE_LIMIT + 1), b""):
                yield json.loads(raw)

    def hash_at(self, position: int) -> bytes | None:
        for line in self._lines():
            if line["position"] == position:
                return bytes.fromhex(line["chain_hash"])
        return None

    def blobs(self) -> Iterator[tuple[str, bytes]]:
        folder = self.folder / "blobs"  # every one named by an event was checked by verify_export
        for path in sorted(folder.iterdir()) if folder.is_dir() else ():
            content = path.read_bytes()
            if sha256_hex(content) == path.name:
                yield path.name, content

    def rows(self, after: int) -> Iterator[ChainRow]:
        for line in self._lines():
            if line["position"] > after:
                yield ChainRow(line["position"], line["stream"], line["version"], line["topic"],
                               base64.b64decode(line["state"]), bytes.fromhex(line["chain_hash"]))


# --- targets -----------------------------------------------------------------------------------------


def _target_head(config: Any) -> tuple[int, Any]:
    with snapshot_of(config) as snap:
        return snap.head, snap.hash_at(snap.head) if snap.head else None


_ENVELOPE = ", ".join(envelopes.COLUMNS)  # the envelope's columns, from each row's state (`envelopes`)
_MORE = ", ?" * len(envelopes.COLUMNS)


def _writer(config: Any) -> Callable[[list[ChainRow]], None]:
    if config.kind == "sqlite":
        def write_sqlite(rows: list[ChainRow]) -> None:
            conn = sqlite3.connect(str(config.path), timeout=10, isolation_level=None)
            try:
                conn.execute("BEGIN IMMEDIATE")
                conn.executemany("INSERT INTO stored_events (rowid, originator_id, originator_version, topic, "
                                 f"state, chain_hash, {_ENVELOPE}) VALUES (?, ?, ?, ?, ?, ?{_MORE})",
                                 [(r.position, stream_key(r.stream), r.version, r.topic, bytes(r.state),
                                   bytes(r.chain_hash or b""), *envelopes.of_state(bytes(r.state))) for r in rows])
                conn.execute("COMMIT")
            finally:
                conn.close()
        return write_sqlite
    import psycopg

    table = f'"{config.schema or "public"}".secretariat_events'

    def write_pg(rows: list[ChainRow]) -> None:
        with psycopg.connect(config.conninfo) as conn, conn.transaction(), conn.cursor() as cur:
            cur.execute(f"LOCK TABLE {table} IN EXCLUSIVE MODE")  # no application writes in between
            with cur.copy(f"COPY {table} (notification_id, originator_id, originator_version, topic, state, "
                          f"chain_hash, {_ENVELOPE}) FROM STDIN") as copy:
                for r in rows:
                    copy.write_row((r.position, UUID(stream_key(r.stream)), r.version, r.topic, bytes(r.state),
                                    bytes(r.chain_hash or b""), *envelopes.of_state(bytes(r.state))))
    return write_pg


def _move_blobs(source: _Source, target: Any) -> None:
    """Every attachment content of the source into the target's blob table (one already there is kept)."""
    if target.kind == "sqlite":
        conn = sqlite3.connect(str(target.path), timeout=10, isolation_level=None)
        try:
            for sha, content in source.blobs():
                conn.execute("BEGIN IMMEDIATE")
                insert_sqlite(conn, {sha: content})
                conn.execute("COMMIT")
        finally:
            conn.close()
        return
    import psycopg

    with psycopg.connect(target.conninfo) as pg:
        for sha, content in source.blobs():
            with pg.transaction(), pg.cursor() as cur:
                insert_postgres(cur, target.schema or "public", {sha: content})


def _move(source: _Source, target: Any, progress: Progress | None) -> Moved:
    """Write the source's rows after the target's head into the target, checking every link."""
    head, head_hash = _target_head(target)
    if head > source.head:
        raise StoreError("the target store already holds {head} events, more than the source's {source_head}; "
                         "nothing was written", head=head, source_head=source.head)
    if head:
        expected = source.hash_at(head)
        if expected is None or head_hash is None or bytes(head_hash) != expected:
            raise StoreError("the target store holds {head} events that are not this history (its chain hash at "
                             "position {head} differs); copy into an empty store; nothing was written", head=head)
    write = _writer(target)
    previous = bytes(head_hash) if head else GENESIS
    position, batch, started = head, [], time.perf_counter()
    for row in source.rows(head):
        position += 1
        if row.position != position or bytes(row.chain_hash or b"") != link(
                previous, row.position, row.stream, row.version, row.topic, bytes(row.state)):
            raise StoreError("the source's chain does not verify at position {row_position}; the target holds a "
                             "verified prefix up to {position}", row_position=row.position, position=position - 1)
        previous = bytes(row.chain_hash or b"")
        batch.append(row)
        if len(batch) == BATCH:
            write(batch)
            batch = []
            if progress:
                elapsed = time.perf_counter() - started
                progress(position, source.head, (position - head) / elapsed if elapsed > 0 else 0.0)
    if batch:
        write(batch)
    if position != source.head:
        raise StoreError("the source ended at position {position}, before its head {source_head}", position=position,
                         source_head=source.head)
    with snapshot_of(target) as snap:
        report = verify_snapshot(snap, start=(head, bytes(head_hash) if head else GENESIS))
    if not report.ok or report.head_position != source.head:
        raise StoreError("the copy does not verify at position {report_bad_position}: {report_problem}",
                         report_bad_position=report.bad_position, report_problem=report.problem)
    _move_blobs(source, target)
    if progress:
        progress(position, source.head, 0.0)
    return Moved(position - head, report.head_position, report.head_hash.hex(), head)


def _prepare(url: str, open_store: OpenStore, *, resume: bool) -> Any:
    """Open (creating its tables) the target store; refuse one with any history unless resuming a copy."""
    app = open_store(url, create=True)
    try:
        app.recorder.ensure_envelope_columns()  # rows are written with them
        config = app.store_config
        if app.head() and not resume:
            raise StoreError("the target store {config_display} already holds {head} events; restore only into a "
                             "new, empty store", config_display=config.display, head=app.head())
    finally:
        app.close()
    return config


def restore(path: Path, url: str, open_store: OpenStore, progress: Progress | None = None) -> Moved:
    """A new store at `url` from a backup: a SQLite file or an export folder."""
    from domain.eventstore.store import check_readable

    if path.is_dir():
        source: _Source = _ExportSource(path)
        target = _prepare(url, open_store, resume=False)
        return _move(source, target, progress)
    config = check_readable(str(path))
    with snapshot_of(config) as snap:
        report = verify_snapshot(snap)
        if not report.ok:
            raise StoreError("the backup's chain does not verify at position {report_bad_position}: "
                             "{report_problem}; nothing was restored", report_bad_position=report.bad_position,
                             report_problem=report.problem)
        target = _prepare(url, open_store, resume=False)
        return _move(_StoreSource(snap), target, progress)


def copy(source_config: Any, url: str, open_store: OpenStore, progress: Progress | None = None) -> Moved:
    """The open store's whole history into the store at `url` (empty, or a verified prefix from a killed copy)."""
    with snapshot_of(source_config) as snap:
        report = verify_snapshot(snap)
        if not report.ok:
            raise StoreError("the source's chain does not verify at position {report_bad_position}: "
                             "{report_problem}; nothing was copied", report_bad_position=report.bad_position,
                             report_problem=report.problem)
        target = _prepare(url, open_store, resume=True)
        return _move(_StoreSource(snap), target, progress)
