"""Files attached to records (scans of letters, appeals, orders, contracts, minutes): the rules and the events.

Each record that has files has one `Attachments` record beside it (its id derived from the record's), whose
`FileAttached` events carry the file's sha256, size, media type and original name, so the hash chain covers
them; the content is stored once per hash, in the store's blob table in the same transaction as the event, or
in the folder the administrator named (`BlobFolder`, see domain/eventstore/blobs.py). `BlobUses` lists the
records each content is attached to, so a content asked for by its hash is given only to a reader of one of them.

Who may attach and read follows the record: its read policy (confidential records to cleared users, office
scope) and, to attach, a role that records the office's work. Listing or opening the files of a confidential
record is recorded as opening the record is (`RecordView`).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from domain.access import User
from domain.envelope import Envelope
from domain.errors import Conflict, Message, NotPermitted, Refused
from domain.eventstore.blobs import (
    BLOB_EVENT_SUFFIX,
    FOLDER_EVENT_SUFFIX,
    folder_path,
    read_from,
    sha256_hex,
    write_to_folder,
)
from domain.filetypes import check_file
from domain.readaudit import RecordView, is_confidential
from domain.readpolicy import Reader, reader, record_refusal
from domain.records import LINE, Record, optional
from domain.roles import ADMINISTRATORS, OFFICE_STAFF

ATTACHING_ROLES = OFFICE_STAFF  # auditors read attachments, never add them
_NAMESPACE = UUID("6f1c3a52-2d0b-4b7e-9a51-0c4e2f9d7a11")


def attachments_id(record_id: UUID) -> UUID:
    return uuid.uuid5(_NAMESPACE, f"attachments/{record_id.hex}")


def uses_id(sha: str) -> UUID:
    return uuid.uuid5(_NAMESPACE, f"blob/{sha}")


FOLDER_ID = uuid.uuid5(_NAMESPACE, "settings/blob-folder")


@dataclass(frozen=True)
class AttachedFile:
    sha256: str
    size: int
    media_type: str
    filename: str
    attached_at: Any
    attached_by: str


class Attachments(Record):
    """The files attached to one record."""

    class Started(Record.Created):
        record_id: UUID
        record_kind: str
        confidential: bool  # a confidential record's files are confidential: the event log hides their names

        def apply(self, a: Attachments) -> None:
            a.record_id, a.record_kind, a.confidential, a.files = (self.record_id, self.record_kind,
                                                                   self.confidential, [])

    class FileAttached(Record.Event):
        record_id: UUID
        record_label: str
        sha256: str
        size: int
        media_type: str
        filename: str

        def apply(self, a: Attachments) -> None:
            a.files.append(AttachedFile(self.sha256, self.size, self.media_type, self.filename,
                                        self.envelope.recorded_at, self.envelope.actor_name))

    record_id: UUID
    record_kind: str
    confidential: bool
    files: list[AttachedFile]

    def attach(self, label: str, sha: str, size: int, media_type: str, filename: str, envelope: Envelope) -> None:
        same = next((f for f in self.files if f.sha256 == sha), None)
        if same is not None:
            named = "" if same.filename == filename else f" (as {same.filename})"
            raise Refused("{filename} is already attached to {label}{named}; nothing recorded", filename=filename,
                          label=label, named=named)
        self.trigger_event(self.FileAttached, record_id=self.record_id, record_label=label, sha256=sha, size=size,
                           media_type=media_type, filename=filename, envelope=envelope)

    def file(self, sha: str) -> AttachedFile | None:
        return next((f for f in self.files if f.sha256 == sha), None)


class BlobUses(Record):
    """The records one content (by its sha256) is attached to."""

    class Started(Record.Created):
        sha256: str
        confidential: bool  # first attached to a confidential record: even the hash is hidden from the uncleared

        def apply(self, b: BlobUses) -> None:
            b.sha256, b.records = self.sha256, []

    class Used(Record.Event):
        record_id: UUID
        confidential: bool  # used by a confidential record: from here on the stream is confidential

        def apply(self, b: BlobUses) -> None:
            b.records.append(self.record_id)

    sha256: str
    records: list[UUID]


class BlobFolder(Record):
    """The store setting: where attachments' contents go (a folder), or into the store itself ("")."""

    class Started(Record.Created):
        def apply(self, f: BlobFolder) -> None:
            f.folder, f.earlier = "", []

    class BlobFolderSet(Record.Event):
        folder: str

        def apply(self, f: BlobFolder) -> None:
            if f.folder and f.folder not in f.earlier:
                f.earlier.append(f.folder)
            f.folder = self.folder

    folder: str
    earlier: list[str]  # folders named before: the contents written there stay there, and are read there

    def folders(self) -> list[Path]:
        """Every folder contents may be in, the current one first."""
        return [Path(f) for f in [self.folder, *reversed(self.earlier)] if f]


assert Attachments.FileAttached.__qualname__.endswith(BLOB_EVENT_SUFFIX.lstrip("."))
assert BlobFolder.BlobFolderSet.__qualname__.endswith(FOLDER_EVENT_SUFFIX.lstrip("."))
_NOT_ATTACHABLE = (Attachments, BlobUses, BlobFolder, RecordView)


def _envelope(app: Any, actor: User, command: str) -> Envelope:
    role = next((r for r in actor.roles if r in ATTACHING_ROLES), actor.roles[0])
    return app._envelope(actor.id, actor.name, role, actor.office, "", uuid.uuid4().hex, command, None, None)


def _readable(app: Any, who: Reader, record_id: UUID, label: str) -> Any:
    record = app.find(record_id)
    if record is None or isinstance(record, _NOT_ATTACHABLE):
        raise Refused("no record {label}", label=label)
    refusal = record_refusal(who, record, label)
    if refusal:
        raise NotPermitted(refusal)
    return record


def blob_folder(app: Any) -> Path | None:
    found = app.find(FOLDER_ID)
    return Path(found.folder) if isinstance(found, BlobFolder) and found.folder else None


@dataclass(frozen=True)
class Attached:
    """What `attach` did."""

    sha256: str
    filename: str
    media_type: str
    size: int
    position: int | None
    stored_before: bool  # the same content was already stored (for another record): not stored again

    @property
    def message(self) -> Message:
        """The sentence a user reads: a template, translated whole where it is shown."""
        params = {"filename": self.filename, "media_type": self.media_type, "size": self.size, "sha256": self.sha256}
        if self.stored_before:
            return Message("{filename} attached ({media_type}, {size:,} bytes, sha256 {sha256}); the same content "
                           "was already stored, so it is not stored twice", **params)
        return Message("{filename} attached ({media_type}, {size:,} bytes, sha256 {sha256})", **params)


def attach(app: Any, user: str, record_id: UUID, label: str, content: bytes, filename: str) -> Attached:
    """Attach `content` (a file named `filename`) to the record; Refused in one sentence, nothing recorded."""
    app._writable()
    actor = app.actor(user)
    if not set(actor.roles) & ATTACHING_ROLES:
        raise NotPermitted("attaching files is for {attaching_roles}; {actor_name} is {actor_roles}",
                           attaching_roles=', '.join(sorted(ATTACHING_ROLES)), actor_name=actor.name,
                           actor_roles=', '.join(actor.roles))
    record = _readable(app, reader(actor, app.find), record_id, label)
    filename = optional(Path(filename).name, "file name", LINE)
    kind = check_file(content, filename)
    sha = sha256_hex(content)
    envelope = _envelope(app, actor, "attachments.attach")
    confidential = is_confidential(record)
    files = app.find(attachments_id(record_id))
    if not isinstance(files, Attachments):
        files = Attachments._create(Attachments.Started, id=attachments_id(record_id), record_id=record_id,
                                    record_kind=type(record).__name__, confidential=confidential, envelope=envelope)
    files.attach(label, sha, len(content), kind.media_type, filename, envelope)
    uses = app.find(uses_id(sha))
    stored_before = isinstance(uses, BlobUses)
    if not isinstance(uses, BlobUses):
        uses = BlobUses._create(BlobUses.Started, id=uses_id(sha), sha256=sha, confidential=confidential,
                                envelope=envelope)
    uses.trigger_event(BlobUses.Used, record_id=record_id, confidential=confidential, envelope=envelope)
    folder = blob_folder(app)
    if folder is not None:
        write_to_folder(folder, sha, content)
    from eventsourcing.persistence import IntegrityError, RecordConflictError

    try:
        recordings = app.save(files, uses, blobs={} if folder is not None else {sha: content})
    except (IntegrityError, RecordConflictError):
        raise Conflict("another user attached a file to {label} at the same moment; nothing was recorded, please try "
                       "again", label=label) from None
    position = max((r.notification.id for r in recordings if r.notification.id), default=None)
    return Attached(sha, filename, kind.media_type, len(content), position, stored_before)


def attachments_of(app: Any, user: str, record_id: UUID, label: str) -> list[AttachedFile]:
    """The files attached to a record, for a reader of the record (a confidential one's reading is recorded)."""
    actor = app.actor(user)
    record = _readable(app, reader(actor, app.find), record_id, label)
    files = app.find(attachments_id(record_id))
    found = list(files.files) if isinstance(files, Attachments) else []
    if found:
        _record_reading(app, actor, record, "attachments listed")
    return found


def _record_reading(app: Any, actor: User, record: Any, what: str) -> None:
    """A confidential record's files read: recorded as opening the record is (who, when, which record)."""
    if not is_confidential(record) or getattr(app, "read_only", None):
        return
    from domain.commands import Outcome

    view = RecordView.record(record.id, type(record).__name__, _envelope(app, actor, "records.view"))
    app._save([view], Outcome(message=what, record_ids=[record.id]))


def read_content(app: Any, sha: str) -> bytes | None:
    """The stored content of `sha` (the table, else the folder), None where neither holds it."""
    datastore = app.recorder.datastore
    if hasattr(datastore, "pool") and hasattr(datastore.pool, "db_name"):
        import sqlite3

        conn = sqlite3.connect(f"{Path(datastore.pool.db_name).resolve().as_uri()}?mode=ro", uri=True)
        try:
            content = read_from(conn, None, sha)
        finally:
            conn.close()
    else:
        with datastore.get_connection() as conn:
            content = read_from(conn, datastore.schema, sha)
    setting = app.find(FOLDER_ID)
    for folder in setting.folders() if content is None and isinstance(setting, BlobFolder) else []:
        path = folder_path(folder, sha)
        try:
            content = path.read_bytes() if path.is_file() else None
        except OSError as e:
            raise Refused("the attachment folder cannot be read here ({path}: {value})", path=path,
                          value=e.strerror or e) from None
        if content is not None:
            break
    return content


def files_of(app: Any, record_id: UUID) -> list[AttachedFile]:
    """The files attached to a record, for a caller that has applied the read policy already (the record card)."""
    files = app.find(attachments_id(record_id))
    return list(files.files) if isinstance(files, Attachments) else []


def may_attach(app: Any, actor: User, record: Any) -> bool:
    """Whether the card offers attaching to this record: a role that records the office's work, a writable store."""
    return bool(set(actor.roles) & ATTACHING_ROLES) and not getattr(app, "read_only", None) \
        and not isinstance(record, _NOT_ATTACHABLE)


def get_content(app: Any, user: str, sha: str, record_id: UUID | None = None) -> tuple[AttachedFile, bytes]:
    """A file by its hash, for a reader of a record it is attached to (`record_id`: that record's file); the
    reading of a confidential record's file is recorded. Refused when no record of theirs has it, or its content
    is missing or altered."""
    sha = sha.strip().lower()
    if len(sha) != 64 or any(c not in "0123456789abcdef" for c in sha):
        raise Refused("{sha!r} is not a sha256 (64 hex digits)", sha=sha[:80])
    actor = app.actor(user)
    who = reader(actor, app.find)
    uses = app.find(uses_id(sha))
    refusals = []
    for used_by in (uses.records if isinstance(uses, BlobUses) else []):
        if record_id is not None and used_by != record_id:
            continue
        record = app.find(used_by)
        refusal = record_refusal(who, record, used_by.hex)
        if refusal:
            refusals.append(refusal)
            continue
        files = app.find(attachments_id(used_by))
        attached = files.file(sha) if isinstance(files, Attachments) else None
        if attached is None:
            continue
        content = read_content(app, sha)
        if content is None or sha256_hex(content) != sha:
            state = "missing from the store" if content is None else "altered (its hash no longer matches)"
            raise Refused("the attachment {attached_filename!r} is {state}; run 'secretariat verify'",
                          attached_filename=attached.filename, state=state)
        _record_reading(app, actor, record, "attachment opened")
        return attached, content
    if refusals:
        raise NotPermitted("the file {sha}… is attached only to records {actor_name} may not read", sha=sha[:16],
                           actor_name=actor.name)
    raise Refused("no attachment with sha256 {sha}", sha=sha)


def set_blob_folder(app: Any, user: str, folder: str) -> int | None:
    """Where new attachments' contents go from now on: an absolute folder, or "" for the store itself
    (administrators of headquarters). Contents already stored stay where they are and are still read there."""
    app._writable()
    actor = app.actor(user)
    if not set(actor.roles) & ADMINISTRATORS or actor.office:
        raise NotPermitted("the attachment folder is set by administrators of headquarters")
    folder = optional(folder, "folder", LINE)
    if folder:
        path = Path(folder).expanduser()
        if not path.is_absolute():
            raise Refused("the attachment folder must be an absolute path, not {folder!r}", folder=folder)
        if not path.is_dir():
            raise Refused("the attachment folder {folder} does not exist or is not a folder", folder=folder)
        folder = str(path)
    envelope = _envelope(app, actor, "attachments.folder")
    setting = app.find(FOLDER_ID)
    if not isinstance(setting, BlobFolder):
        setting = BlobFolder._create(BlobFolder.Started, id=FOLDER_ID, envelope=envelope)
    if setting.folder == folder:
        return None
    setting.trigger_event(BlobFolder.BlobFolderSet, folder=folder, envelope=envelope)
    recordings = app.save(setting)
    return max((r.notification.id for r in recordings if r.notification.id), default=None)
