"""Export of the event history for outside auditors, and its offline verification.

This module owns the export directory format and both ends of it: `export_store` writes a directory
from a store, `verify_export` checks one using nothing but its files (no store, no private key).

An export directory holds four files:

``events.jsonl``
    One JSON object per stored event, in position order, positions contiguous::

        {"position", "stream", "version", "topic", "recorded_at",
         "envelope": {actor, actor_name, role, office, reason, correlation_id, causation_id, command_id,
                      command, recorded_at},
         "payload": {the event's own fields}, "state": base64 of the stored bytes,
         "chain_hash": hex, "previous_hash": hex (first line only: the chain hash before it)}

``checkpoint.json``
    A checkpoint in the format of `secretariat checkpoint` (domain/integrity.py): position and chain
    hash of the export's last line and a time, signed with this installation's Ed25519 key. So an
    auditor who can also reach the store may check it with ``secretariat verify --checkpoint``.

``public-key.txt``
    The signer's Ed25519 public key, hex. It travels with the export, so on its own it only shows that
    the files agree with each other; hand the key to auditors separately too (`trusted_public_key`).

``manifest.json``
    What was exported: format version, store (never its password), since/until, first and last
    position, count, the chain hash before the first line and the head hash, creation time, and the
    sha256 of each of the other three files.

``blobs/<sha256>``
    The content of every attachment an exported event names (`domain/eventstore/blobs.py`), under its hash.
    The hash is in the event, which the chain covers, so `verify_export` needs no digest of its own for them:
    each file named by an exported event must be there and hash to its name; a missing or altered one is named
    with the record it is attached to.

**What protects the readable fields.** The signature covers the head chain hash, and the chain covers
every line's (position, stream, version, topic, state bytes) back to the previous hash the export starts
from. The readable `recorded_at`, `envelope` and `payload` are not covered by the chain; rather than a
second, export-only digest chain (which would make the checkpoint a format of its own, and would only
bind the text to the exporter's signature, not to the stored bytes), `verify_export` re-derives them
from the base64 state with the same decoding the export used (the msgspec mapper, then plain JSON
values) and requires them to be equal. So an edited payload is caught even when its state is intact,
and what an auditor reads is provably what the store holds. The cost: verifying needs this program
(it must know the exported event types), and a later version that upcasts an old event differently
would report the line as different from its state.

A `since`/`until` export is the contiguous range from the first event recorded at or after `since` to
the last recorded at or before `until` (recorded-at times of concurrent writers may interleave, so a
few events inside the range can lie outside the window); the chain hash before its first position is
recorded so a verifier can start the chain there.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO, TypeGuard, overload
from uuid import UUID

import msgspec
from cryptography.exceptions import InvalidSignature
from eventsourcing.persistence import JSONTranscoder, Notification

from domain.errors import N_, Message, StoreError
from domain.eventstore.blobs import (
    BLOB_EVENT_SUFFIX,
    BlobReference,
    blob_problem,
    folders_of,
    read_blob,
    references,
    sha256_hex,
    snapshot_schema,
)
from domain.eventstore.chain import GENESIS, ChainReport, ChainRow, link, stream_key
from domain.eventstore.files import LINE_LIMIT, MANIFEST_LIMIT, SMALL_FILE, read_bounded
from domain.eventstore.integrity import (
    Checkpoint,
    make_checkpoint,
    read_checkpoint,
    verify_snapshot,
    write_checkpoint,
)
from domain.eventstore.keys import load_public_key, parse_public_key, signing_key
from domain.eventstore.mapper import MsgspecMapper
from domain.eventstore.snapshot import ChainSnapshot, snapshot_of

FORMAT = "secretariat-export"
FORMAT_VERSION = 2  # 2: manifest.sig signs the manifest (store, times, range, file digests)
EVENTS_FILE = "events.jsonl"
CHECKPOINT_FILE = "checkpoint.json"
PUBLIC_KEY_FILE = "public-key.txt"
MANIFEST_FILE = "manifest.json"
MANIFEST_SIGNATURE_FILE = "manifest.sig"
HASHED_FILES = (EVENTS_FILE, CHECKPOINT_FILE, PUBLIC_KEY_FILE)
BLOBS_DIR = "blobs"
BLOB_LIMIT = 64 * 1024 * 1024  # an attachment is at most 25 MB; anything far larger is no attachment

Progress = Callable[[int, int], None]

_PAGE = 5_000
_NOT_PAYLOAD = frozenset({"originator_id", "originator_version", "timestamp", "originator_topic", "envelope"})
_LINE_FIELDS = ("position", "stream", "version", "topic", "recorded_at", "envelope", "payload", "state",
                "chain_hash")


@dataclass(frozen=True)
class ExportSummary:
    """What `export_store` wrote."""

    out_dir: Path
    count: int
    first_position: int
    last_position: int
    previous_hash: str
    head_hash: str
    public_key: str
    since: datetime | None
    until: datetime | None


@dataclass(frozen=True)
class ExportReport:
    """Outcome of `verify_export`: the verified lines and head, or the first problem found."""

    count: int
    first_position: int | None = None
    head_position: int | None = None
    head_hash: str | None = None
    key_trusted: bool = False  # checked against a key given separately, not only the export's own
    problem: str | None = None
    line: int | None = None  # the line of events.jsonl the problem is on, if it is on one
    position: int | None = None  # that line's position, if it could be read

    @property
    def ok(self) -> bool:
        return self.problem is None

    def describe(self) -> str:
        """One line for a user."""
        if not self.ok:
            return Message("export verification failed: {problem}", problem=self.problem)
        named = {"count": self.count, "first": self.first_position, "head": self.head_position,
                 "hash": self.head_hash}
        if not self.key_trusted:
            return Message("export internally consistent only: {count} events, positions {first}-{head}, head hash "
                           "{hash}, signed by the key that travels with it; without the signer's key handed over "
                           "separately (--public-key) a forger could have produced it, so its origin is NOT "
                           "verified", **named)
        return Message("export intact: {count} events, positions {first}-{head}, head hash {hash}; checkpoint and "
                       "manifest signed by the trusted key", **named)


# --- exporting ---------------------------------------------------------------------------------------


def export_store(app: Any, out_dir: Path, *, since: datetime | None = None, until: datetime | None = None,
                 progress: Progress | None = None) -> ExportSummary:
    """Write the store's history (or the range `since`..`until` of it) to the new directory `out_dir`.

    Refused with StoreError, nothing written, when `out_dir` exists and is not an empty directory, when
    the store's chain does not verify, or when no event was recorded in the window. The files are
    written into a hidden sibling directory that is renamed to `out_dir` only when complete.
    """
    out_dir = Path(out_dir)
    since, until = _utc(since), _utc(until)
    _refuse_unusable_target(out_dir)
    if since and until and since > until:
        raise StoreError("since {since} is after until {until}; nothing exported", since=since.isoformat(),
                         until=until.isoformat())
    steps = _Steps(progress)
    store = getattr(getattr(app, "store_config", None), "display", "unknown store")
    # One snapshot for every pass: writers may go on meanwhile; the export ends at the head seen at its start.
    with snapshot_of(app.recorder) as snap:
        # Passes: verify the chain, find the window's range (only with since/until), write the range.
        steps.plan(snap.head * (2 if since is None and until is None else 3))
        report = _verified_chain(snap, steps)
        first, last = _position_range(snap, report.head_position, since, until, steps)
        steps.plan((last - first + 1) - snap.head)  # the write pass covers the range only
        previous = GENESIS if first == 1 else snap.hash_at(first - 1)
        if previous is None:
            raise StoreError("cannot read the chain hash at position {first}; nothing exported", first=first - 1)
        with _staging_dir(out_dir) as staging:
            head = _write_events(app.mapper, snap, staging / EVENTS_FILE, first, last, previous, steps)
            _write_blobs(snap, staging / BLOBS_DIR, first, last)
            checkpoint = make_checkpoint(ChainReport(last - first + 1, last, head))
            write_checkpoint(checkpoint, staging / CHECKPOINT_FILE)
            (staging / PUBLIC_KEY_FILE).write_text(checkpoint.public_key + "\n")
            manifest = _manifest(store, since, until, first, last, previous, head, staging)
            manifest_bytes = (json.dumps(manifest, indent=2) + "\n").encode()
            (staging / MANIFEST_FILE).write_bytes(manifest_bytes)
            (staging / MANIFEST_SIGNATURE_FILE).write_text(signing_key().sign(manifest_bytes).hex() + "\n")
            _publish(staging, out_dir)
    return ExportSummary(out_dir, last - first + 1, first, last, previous.hex(), head.hex(), checkpoint.public_key,
                         since, until)


@overload
def _utc(moment: datetime) -> datetime: ...


@overload
def _utc(moment: None) -> None: ...


def _utc(moment: datetime | None) -> datetime | None:
    """Naive times are taken as UTC, as on the command line."""
    if moment is None or moment.tzinfo is not None:
        return moment
    return moment.replace(tzinfo=UTC)


def _refuse_unusable_target(out_dir: Path) -> None:
    if out_dir.is_dir():
        if any(out_dir.iterdir()):
            raise StoreError("{out_dir} is not empty; export into a new or empty directory", out_dir=out_dir)
    elif out_dir.exists() or out_dir.is_symlink():
        raise StoreError("{out_dir} exists and is not a directory; export into a new or empty directory",
                         out_dir=out_dir)
    elif not out_dir.parent.is_dir():
        raise StoreError("cannot export to {out_dir}: folder {out_dir_parent} does not exist", out_dir=out_dir,
                         out_dir_parent=out_dir.parent)


class _Steps:
    """Progress over the export's passes as one running count of rows out of a planned total."""

    def __init__(self, progress: Progress | None) -> None:
        self.progress = progress
        self.done = 0
        self.total = 0

    def plan(self, rows: int) -> None:
        self.total += rows

    def advance(self, rows: int) -> None:
        self.done += rows
        if self.progress and rows:
            self.progress(self.done, max(self.total, self.done))


def _verified_chain(snap: ChainSnapshot, steps: _Steps) -> ChainReport:
    checked = 0

    def step(rows: int, _total: int) -> None:
        nonlocal checked
        steps.advance(rows - checked)
        checked = rows

    report = verify_snapshot(snap, step)
    if not report.ok:
        raise StoreError("refusing to export a broken chain: position {report_bad_position}: {report_problem}",
                         report_bad_position=report.bad_position, report_problem=report.problem)
    if report.head_position == 0:
        raise StoreError("the store holds no events; nothing to export")
    return report


class _EnvelopeTime(msgspec.Struct):
    recorded_at: datetime


class _RecordedAt(msgspec.Struct):
    envelope: _EnvelopeTime | None = None
    timestamp: datetime | None = None


_recorded_at_decoder = msgspec.json.Decoder(_RecordedAt)


def _recorded_at(row: ChainRow) -> datetime:
    """The time an event was recorded, read from its state without decoding the whole event."""
    try:
        stamped = _recorded_at_decoder.decode(row.state)
    except msgspec.MsgspecError as e:
        raise StoreError("event at position {row_position} has no readable recorded-at time: {e}",
                         row_position=row.position, e=e) from None
    moment = stamped.envelope.recorded_at if stamped.envelope else stamped.timestamp
    if moment is None:
        raise StoreError("event at position {row_position} has no recorded-at time", row_position=row.position)
    return _utc(moment)


def _position_range(snap: ChainSnapshot, head: int, since: datetime | None, until: datetime | None,
                    steps: _Steps) -> tuple[int, int]:
    """(first, last): from the first event recorded at/after since to the last recorded at/before until."""
    if since is None and until is None:
        return 1, head
    first: int | None = None
    last: int | None = None
    for n, row in enumerate(snap.rows(0, head), 1):
        moment = _recorded_at(row)
        if first is None and (since is None or moment >= since):
            first = row.position
        if until is None or moment <= until:
            last = row.position
        if n % _PAGE == 0:
            steps.advance(_PAGE)
    steps.advance(head % _PAGE)
    if first is None or last is None or first > last:
        window = f"{since.isoformat() if since else 'the start'} and {until.isoformat() if until else 'now'}"
        raise StoreError("no events recorded between {window}; nothing exported", window=window)
    return first, last


@contextmanager
def _staging_dir(out_dir: Path) -> Iterator[Path]:
    """A hidden temporary directory next to `out_dir`, removed afterwards unless it was published."""
    try:
        path = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", suffix=".part", dir=out_dir.parent))
    except OSError as e:
        raise StoreError("cannot export to {out_dir}: {value}", out_dir=out_dir, value=e.strerror or e) from None
    try:
        yield path
    finally:
        shutil.rmtree(path, ignore_errors=True)


def _publish(staging: Path, out_dir: Path) -> None:
    """Move the finished export into place; an empty `out_dir` is replaced, anything else refused.
    Its files are for the exporting user alone (0600; the folder 0700, as mkdtemp made it)."""
    for written in staging.iterdir():
        if written.is_dir():
            for inner in written.iterdir():
                inner.chmod(0o600)
        written.chmod(0o700 if written.is_dir() else 0o600)
    try:
        os.rename(staging, out_dir)
    except OSError as e:
        raise StoreError("cannot export to {out_dir}: {value} (it must be new or empty)", out_dir=out_dir,
                         value=e.strerror or e) from None


def _write_events(mapper: Any, snap: ChainSnapshot, path: Path, first: int, last: int, previous: bytes,
                  steps: _Steps) -> bytes:
    """Write events.jsonl for positions first..last; return the last chain hash (re-checked while writing)."""
    expected = first
    with path.open("wb") as out:
        for row in snap.rows(first - 1, last):
            if row.position != expected:
                raise StoreError("position {expected} vanished from the store during the export; nothing exported",
                                 expected=expected)
            stored_hash = bytes(row.chain_hash or b"")
            if link(previous, row.position, row.stream, row.version, row.topic, row.state) != stored_hash:
                raise StoreError("chain hash at position {row_position} changed during the export; nothing exported",
                                 row_position=row.position)
            line = _line(mapper, row, previous if row.position == first else None)
            out.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")).encode() + b"\n")
            previous, expected = stored_hash, expected + 1
            if (row.position - first + 1) % _PAGE == 0:
                steps.advance(_PAGE)
        _sync(out)
    if expected != last + 1:
        raise StoreError("position {expected} vanished from the store during the export; nothing exported",
                         expected=expected)
    steps.advance((last - first + 1) % _PAGE)
    return previous


def _write_blobs(snap: ChainSnapshot, folder: Path, first: int, last: int) -> None:
    """The content of every attachment the exported range names, checked against its hash on the way."""
    schema, kept = snapshot_schema(snap), folders_of(snap)
    written: set[str] = set()
    for reference in references(snap):
        if not first <= reference.position <= last or reference.sha256 in written:
            continue
        content = read_blob(snap.conn, schema, kept, reference.sha256)
        problem = blob_problem(reference, content)
        if problem or content is None:
            raise StoreError("refusing to export: {problem}", problem=problem)
        folder.mkdir(exist_ok=True)
        with (folder / reference.sha256).open("wb") as out:
            out.write(content)
            _sync(out)
        written.add(reference.sha256)


def _sync(f: BinaryIO) -> None:
    f.flush()
    os.fsync(f.fileno())


def _line(mapper: Any, row: ChainRow, previous: bytes | None) -> dict[str, Any]:
    state = bytes(row.state)
    stream = stream_key(row.stream)
    recorded_at, envelope, payload = _readable(mapper, row.position, stream, row.version, row.topic, state)
    line: dict[str, Any] = {
        "position": row.position, "stream": stream, "version": row.version, "topic": row.topic,
        "recorded_at": recorded_at, "envelope": envelope, "payload": payload,
        "state": base64.b64encode(state).decode("ascii"), "chain_hash": bytes(row.chain_hash or b"").hex(),
    }
    if previous is not None:
        line["previous_hash"] = previous.hex()
    return line


def _readable(mapper: Any, position: int, stream: str, version: int, topic: str, state: bytes
              ) -> tuple[Any, Any, Any]:
    """(recorded_at, envelope, payload) as plain JSON values, decoded from the stored state by the mapper.

    The export writes these and the verifier re-derives them the same way, so the two must be equal."""
    try:
        originator: UUID | str = UUID(stream)
    except ValueError:
        originator = stream
    event = mapper.to_domain_event(Notification(id=position, originator_id=originator, originator_version=version,
                                                topic=topic, state=state))
    fields = vars(event)
    envelope = fields.get("envelope")
    recorded_at = envelope.recorded_at if envelope is not None else fields.get("timestamp")
    payload = {k: v for k, v in fields.items() if k not in _NOT_PAYLOAD}
    return _plain(recorded_at), _plain(envelope), _plain(payload)


def _plain(value: Any) -> Any:
    """JSON values, the same in every process (sets sorted, keys as text)."""
    return msgspec.to_builtins(value, str_keys=True, order="deterministic")


def _manifest(store: str, since: datetime | None, until: datetime | None, first: int, last: int,
              previous: bytes, head: bytes, staging: Path) -> dict[str, Any]:
    return {
        "format": FORMAT, "format_version": FORMAT_VERSION, "store": store,
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "since": since.isoformat() if since else None, "until": until.isoformat() if until else None,
        "first_position": first, "last_position": last, "count": last - first + 1,
        "previous_hash": previous.hex(), "head_hash": head.hex(),
        "sha256": {name: _file_sha256(staging / name) for name in HASHED_FILES},
    }


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


# --- verifying ---------------------------------------------------------------------------------------


# an attachment's problem as the export words it (domain.eventstore.blobs words it for the store)
N_("the attachment {name} of record {record} (sha256 {sha}…), recorded at position {position}, is missing from the "
   "export")


class _Fault(Exception):
    """The first problem found; ends the verification."""

    def __init__(self, problem: str | StoreError, line: int | None = None, position: int | None = None) -> None:
        super().__init__(str(problem))
        # kept as a template (a Message) so the report is read in the reader's language
        self.problem = Message(problem.template, **problem.params) if isinstance(problem, StoreError) else problem
        self.line = line
        self.position = position


@dataclass
class _Progress:
    count: int = 0
    first_position: int | None = None
    head_position: int | None = None
    head_hash: bytes | None = None
    blobs: list[BlobReference] = dataclasses.field(default_factory=list)  # the attachments the lines name


def verify_export(dir: Path, trusted_public_key: bytes | None = None) -> ExportReport:
    """Check an export directory offline, from its files alone; stop at the first problem.

    With `trusted_public_key` (the signer's key, handed over separately) the export's key must equal it;
    without, the checkpoint is checked against the key in the export, which shows only that the files
    agree with each other."""
    export_dir = Path(dir)
    done = _Progress()
    try:
        manifest = _read_manifest(export_dir)
        public_key = _read_public_key(export_dir, trusted_public_key)
        _check_lines(export_dir / EVENTS_FILE, manifest, done)
        _check_totals(manifest, done)
        _check_checkpoint(export_dir / CHECKPOINT_FILE, public_key, done)
        _check_file_hashes(export_dir, manifest)
        _check_blobs(export_dir, done)
        _check_manifest_signature(export_dir, manifest, public_key)
    except _Fault as fault:
        return _report(done, trusted_public_key is not None, fault)
    return _report(done, trusted_public_key is not None, None)


def _report(done: _Progress, key_trusted: bool, fault: _Fault | None) -> ExportReport:
    return ExportReport(done.count, done.first_position, done.head_position,
                        done.head_hash.hex() if done.head_hash is not None else None, key_trusted,
                        fault.problem if fault else None, fault.line if fault else None,
                        fault.position if fault else None)


def _read_json_file(path: Path) -> Any:
    if not path.exists() and not path.is_symlink():
        raise _Fault(Message("{name} is missing", name=path.name))
    try:
        return json.loads(read_bounded(path, MANIFEST_LIMIT, path.name))
    except StoreError as e:
        raise _Fault(e) from None
    except ValueError as e:
        raise _Fault(Message("{name} is not readable JSON: {e}", name=path.name, e=e)) from None


def _read_manifest(export_dir: Path) -> dict[str, Any]:
    if not export_dir.is_dir():
        raise _Fault(Message("{export_dir} is not a directory", export_dir=export_dir))
    manifest = _read_json_file(export_dir / MANIFEST_FILE)
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _Fault(Message("{MANIFEST_FILE} is not a Secretariat export manifest", MANIFEST_FILE=MANIFEST_FILE))
    version = manifest.get("format_version")
    if not _is_int(version) or version > FORMAT_VERSION:
        raise _Fault(Message("{MANIFEST_FILE}: format version {version!r} is not one this program reads (it reads up "
            "to {FORMAT_VERSION})",
            MANIFEST_FILE=MANIFEST_FILE, version=version, FORMAT_VERSION=FORMAT_VERSION))
    for field in ("first_position", "last_position", "count"):
        if not _is_int(manifest.get(field)):
            raise _Fault(Message("{MANIFEST_FILE}: {field} is not a number", MANIFEST_FILE=MANIFEST_FILE, field=field))
    if manifest["first_position"] < 1:
        raise _Fault(Message("{MANIFEST_FILE}: first_position must be at least 1", MANIFEST_FILE=MANIFEST_FILE))
    for field in ("previous_hash", "head_hash"):
        _hash_bytes(manifest.get(field), f"{MANIFEST_FILE}: {field}")
    hashes = manifest.get("sha256")
    if not isinstance(hashes, dict) or not all(isinstance(hashes.get(name), str) for name in HASHED_FILES):
        raise _Fault(Message("{MANIFEST_FILE}: sha256 must give a digest for each of {HASHED_FILES}",
            MANIFEST_FILE=MANIFEST_FILE, HASHED_FILES=', '.join(HASHED_FILES)))
    return manifest


def _is_int(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _hash_bytes(value: Any, what: str) -> bytes:
    try:
        raw = bytes.fromhex(value) if isinstance(value, str) else b""
    except ValueError:
        raw = b""
    if len(raw) != 32:
        raise _Fault(Message("{what} is not a 64-digit hex hash", what=what))
    return raw


def _read_public_key(export_dir: Path, trusted: bytes | None) -> bytes:
    path = export_dir / PUBLIC_KEY_FILE
    if not path.exists() and not path.is_symlink():
        raise _Fault(Message("{PUBLIC_KEY_FILE} is missing", PUBLIC_KEY_FILE=PUBLIC_KEY_FILE))
    try:
        text = read_bounded(path, SMALL_FILE, PUBLIC_KEY_FILE).decode().strip()
    except StoreError as e:
        raise _Fault(e) from None
    except UnicodeDecodeError as e:
        raise _Fault(Message("{PUBLIC_KEY_FILE} is not readable: {e}", PUBLIC_KEY_FILE=PUBLIC_KEY_FILE, e=e)) from None
    key = parse_public_key(text)
    if key is None:
        raise _Fault(Message("{PUBLIC_KEY_FILE} does not hold a 64-digit hex Ed25519 public key",
            PUBLIC_KEY_FILE=PUBLIC_KEY_FILE))
    if trusted is not None and key != bytes(trusted):
        raise _Fault(Message("the export is signed by key {value}, not by the trusted key {value2}",
            value=key.hex(), value2=bytes(trusted).hex()))
    return key


def _check_lines(path: Path, manifest: dict[str, Any], done: _Progress) -> None:
    mapper = MsgspecMapper(JSONTranscoder())  # the transcoder is unused: msgspec does the encoding
    previous = bytes.fromhex(manifest["previous_hash"])
    expected = manifest["first_position"]
    try:
        with path.open("rb") as f:
            if not os.path.isfile(path):
                raise _Fault(Message("{EVENTS_FILE} is not a regular file", EVENTS_FILE=EVENTS_FILE))
            for number, raw in enumerate(iter(lambda: f.readline(LINE_LIMIT + 1), b""), 1):
                if len(raw) > LINE_LIMIT:
                    raise _Fault(Message("line {number}: longer than {LINE_LIMIT:,} bytes; not an event",
                        number=number, LINE_LIMIT=LINE_LIMIT), number)
                previous = _check_line(mapper, raw, number, expected, previous, manifest, done.blobs)
                if done.first_position is None:
                    done.first_position = expected
                done.count, done.head_position, done.head_hash = number, expected, previous
                expected += 1
    except FileNotFoundError:
        raise _Fault(Message("{EVENTS_FILE} is missing", EVENTS_FILE=EVENTS_FILE)) from None
    except OSError as e:
        raise _Fault(Message("{EVENTS_FILE} is not readable: {e}", EVENTS_FILE=EVENTS_FILE, e=e)) from None


def _check_line(mapper: MsgspecMapper, raw: bytes, number: int, expected: int, previous: bytes,
                manifest: dict[str, Any], blobs: list[BlobReference]) -> bytes:
    """Check one line of events.jsonl; return its (verified) chain hash."""
    try:
        line = _parse_line(raw, number)
    except _Fault as fault:
        fault.line = number
        raise
    try:
        computed = _check_parsed_line(mapper, line, number, expected, previous, manifest)
        if line["topic"].endswith(BLOB_EVENT_SUFFIX):  # its payload was just checked against the stored state
            blobs.append(_blob_reference(line))
        return computed
    except _Fault as fault:
        fault.line, fault.position = number, line["position"]
        raise


def _check_parsed_line(mapper: MsgspecMapper, line: dict[str, Any], number: int, expected: int,
                       previous: bytes, manifest: dict[str, Any]) -> bytes:
    where = Message("line {number} (position {position})", number=number, position=line["position"])
    if line["position"] != expected:
        raise _Fault(Message("{where}: position {position} where {expected} was expected (a line is missing, added "
            "or out of order)",
            where=where, position=line['position'], expected=expected))
    if number == 1:
        _check_start(line, where, manifest)
    elif "previous_hash" in line:
        raise _Fault(Message("{where}: previous_hash belongs to the first line only", where=where))
    state = _decode_state(line["state"], where)
    computed = link(previous, line["position"], line["stream"], line["version"], line["topic"], state)
    if computed != _hash_bytes(line["chain_hash"], f"{where}: chain_hash"):
        raise _Fault(Message("{where}: stream, version, topic or state does not match the chain hash", where=where))
    _check_readable(mapper, line, state, where)
    return computed


def _blob_reference(line: dict[str, Any]) -> BlobReference:
    payload = line["payload"] if isinstance(line["payload"], dict) else {}
    sha, size = payload.get("sha256"), payload.get("size")
    if not isinstance(sha, str) or not _is_int(size):
        raise _Fault(Message("line (position {position}): an attachment event without sha256 and size",
            position=line['position']))
    return BlobReference(line["position"], sha, size, str(payload.get("filename", "")),
                         str(payload.get("record_label", "")))


def _check_blobs(export_dir: Path, done: _Progress) -> None:
    """Every attachment the exported events name is in blobs/, under its hash, with that content."""
    for reference in done.blobs:
        path = export_dir / BLOBS_DIR / reference.sha256
        content = None
        if path.exists() or path.is_symlink():
            try:
                content = read_bounded(path, BLOB_LIMIT, "attachment")
            except StoreError as e:
                raise _Fault(e) from None
        problem = blob_problem(reference, content)
        if problem:
            raise _Fault(Message(problem.template.replace("from the store", "from the export"), **problem.params)
                         if isinstance(problem, Message) else problem, position=reference.position)
        assert content is not None and sha256_hex(content) == reference.sha256


def _parse_line(raw: bytes, number: int) -> dict[str, Any]:
    try:
        line = json.loads(raw)
    except ValueError as e:
        raise _Fault(Message("line {number}: malformed, not a JSON object: {e}", number=number, e=e)) from None
    if not isinstance(line, dict):
        raise _Fault(Message("line {number}: malformed, not a JSON object", number=number))
    missing = [f for f in _LINE_FIELDS if f not in line]
    extra = sorted(set(line) - set(_LINE_FIELDS) - {"previous_hash"})
    if missing or extra:
        what = (Message("lacks {fields}", fields=", ".join(missing)) if missing else
                Message("has unexpected {fields}", fields=", ".join(extra)))
        raise _Fault(Message("line {number}: malformed, {what}", number=number, what=what))
    for field, kind in (("position", int), ("version", int), ("stream", str), ("topic", str), ("state", str),
                        ("chain_hash", str)):
        value = line[field]
        if not isinstance(value, kind) or isinstance(value, bool):
            raise _Fault(Message("line {number}: malformed, {field} is not a {name}",
                number=number, field=field, name=kind.__name__))
    if line["position"] < 1 or line["version"] < 0:
        raise _Fault(Message("line {number}: malformed, position or version out of range", number=number))
    return line


def _check_start(line: dict[str, Any], where: str, manifest: dict[str, Any]) -> None:
    if line.get("previous_hash") != manifest["previous_hash"]:
        raise _Fault(Message("{where}: previous_hash is missing or differs from the manifest's", where=where))


def _decode_state(text: str, where: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise _Fault(Message("{where}: state is not valid base64", where=where)) from None


def _check_readable(mapper: MsgspecMapper, line: dict[str, Any], state: bytes, where: str) -> None:
    """The readable fields must be what the stored state decodes to."""
    try:
        recorded_at, envelope, payload = _readable(mapper, line["position"], line["stream"], line["version"],
                                                   line["topic"], state)
    except (StoreError, ValueError, TypeError, KeyError, AttributeError, msgspec.MsgspecError) as e:
        raise _Fault(Message("{where}: state cannot be decoded: {e}", where=where, e=e)) from None
    if line["recorded_at"] != recorded_at:
        raise _Fault(Message("{where}: recorded_at does not match the stored state", where=where))
    for name, derived in (("envelope", envelope), ("payload", payload)):
        field = _first_difference(line[name], derived)
        if field is not None:
            raise _Fault(Message("{where}: {name} {field} does not match the stored state",
                where=where, name=name, field=field))


def _first_difference(shown: Any, derived: Any) -> str | None:
    """None if equal, else which field differs (as 'field x' or 'as a whole')."""
    if shown == derived:
        return None
    if isinstance(shown, dict) and isinstance(derived, dict):
        for key in sorted(set(shown) | set(derived)):
            if shown.get(key, _MISSING) != derived.get(key, _MISSING):
                return Message("field {key!r}", key=key)
    return "as a whole"


_MISSING = object()


def _check_totals(manifest: dict[str, Any], done: _Progress) -> None:
    if done.count == 0:
        raise _Fault(Message("{EVENTS_FILE} holds no events", EVENTS_FILE=EVENTS_FILE))
    if done.count != manifest["count"] or done.head_position != manifest["last_position"]:
        raise _Fault(Message("{MANIFEST_FILE} lists {count} events ending at position {last_position}, but "
            "{EVENTS_FILE} holds {count2} ending at {head_position}",
            MANIFEST_FILE=MANIFEST_FILE, count=manifest['count'], last_position=manifest['last_position'],
            EVENTS_FILE=EVENTS_FILE, count2=done.count, head_position=done.head_position))
    if done.head_hash is None or done.head_hash.hex() != manifest["head_hash"]:
        raise _Fault(Message("{MANIFEST_FILE}: head_hash differs from the chain hash of the last line",
            MANIFEST_FILE=MANIFEST_FILE))


def _check_checkpoint(path: Path, public_key: bytes, done: _Progress) -> None:
    if not path.is_file():
        raise _Fault(Message("{CHECKPOINT_FILE} is missing", CHECKPOINT_FILE=CHECKPOINT_FILE))
    try:
        checkpoint = read_checkpoint(path)
    except StoreError as e:
        raise _Fault(e) from None
    problem = _signature_problem(checkpoint, public_key)
    if problem:
        raise _Fault(Message("{CHECKPOINT_FILE}: {problem}", CHECKPOINT_FILE=CHECKPOINT_FILE, problem=problem))
    if checkpoint.position != done.head_position:
        raise _Fault(Message("{CHECKPOINT_FILE} covers position {position} but the export ends at {head_position}",
            CHECKPOINT_FILE=CHECKPOINT_FILE, position=checkpoint.position, head_position=done.head_position))
    if done.head_hash is None or checkpoint.head_hash != done.head_hash.hex():
        raise _Fault(Message("{CHECKPOINT_FILE}: the signed head hash differs from the chain hash at position "
            "{head_position} (the history was rewritten)",
            CHECKPOINT_FILE=CHECKPOINT_FILE, head_position=done.head_position))


def _signature_problem(checkpoint: Checkpoint, public_key: bytes) -> str | None:
    try:
        if bytes.fromhex(checkpoint.public_key) != public_key:
            return Message("signed by key {public_key}, not by the export's key {value}",
                public_key=checkpoint.public_key, value=public_key.hex())
        load_public_key(public_key).verify(bytes.fromhex(checkpoint.signature), checkpoint.statement())
    except (ValueError, InvalidSignature):
        return Message("the signature is not valid for key {value}", value=public_key.hex())
    return None


def _check_manifest_signature(export_dir: Path, manifest: dict[str, Any], public_key: bytes) -> None:
    """From format 2 on, the manifest itself (store, creation time, range, digests) is signed."""
    if manifest["format_version"] < 2:
        return
    try:
        signature = bytes.fromhex(read_bounded(export_dir / MANIFEST_SIGNATURE_FILE, 1024,
                                               MANIFEST_SIGNATURE_FILE).decode("ascii").strip())
        load_public_key(public_key).verify(signature, read_bounded(export_dir / MANIFEST_FILE, MANIFEST_LIMIT,
                                                                   MANIFEST_FILE))
    except StoreError as e:
        raise _Fault(e) from None
    except (ValueError, InvalidSignature):
        raise _Fault(Message("{MANIFEST_SIGNATURE_FILE}: the manifest's signature is not valid for key {value} (the "
            "manifest was edited)",
            MANIFEST_SIGNATURE_FILE=MANIFEST_SIGNATURE_FILE, value=public_key.hex())) from None


def _check_file_hashes(export_dir: Path, manifest: dict[str, Any]) -> None:
    for name in HASHED_FILES:
        if _file_sha256(export_dir / name) != manifest["sha256"][name]:
            raise _Fault(Message("{MANIFEST_FILE}: sha256 of {name} does not match the file",
                MANIFEST_FILE=MANIFEST_FILE, name=name))
