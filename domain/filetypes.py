"""The files a record may have attached: which types, how large, and the type of a file told from its content.

The type is read from the content's first bytes (and, for the zip-based office formats, from the names inside
the zip), never from the name alone; the name's extension must then be one of that type's, so a program renamed
`scan.pdf` is refused as well as a PDF renamed `scan.exe`. Each refusal is one sentence.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from domain.errors import N_, Refused

MAX_BYTES = 25 * 1024 * 1024  # a scanned letter of some pages at 300 dpi fits; a film does not


@dataclass(frozen=True)
class FileType:
    media_type: str
    label: str
    extensions: tuple[str, ...]


PDF = FileType("application/pdf", N_("PDF document"), (".pdf",))
PNG = FileType("image/png", N_("PNG image"), (".png",))
JPEG = FileType("image/jpeg", N_("JPEG image"), (".jpg", ".jpeg"))
TIFF = FileType("image/tiff", N_("TIFF image"), (".tif", ".tiff"))
TEXT = FileType("text/plain", N_("plain text"), (".txt", ".text", ".csv", ".md"))
DOCX = FileType("application/vnd.openxmlformats-officedocument.wordprocessingml.document", N_("Word document"),
                (".docx",))
XLSX = FileType("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", N_("Excel workbook"), (".xlsx",))
PPTX = FileType("application/vnd.openxmlformats-officedocument.presentationml.presentation", N_("PowerPoint file"),
                (".pptx",))
ODT = FileType("application/vnd.oasis.opendocument.text", N_("OpenDocument text"), (".odt",))
ODS = FileType("application/vnd.oasis.opendocument.spreadsheet", N_("OpenDocument spreadsheet"), (".ods",))
ODP = FileType("application/vnd.oasis.opendocument.presentation", N_("OpenDocument presentation"), (".odp",))

ALLOWED = (PDF, PNG, JPEG, TIFF, TEXT, DOCX, XLSX, PPTX, ODT, ODS, ODP)
# the formats' names, no words of any language: read alike in every session
ALLOWED_NAMES = "PDF, PNG, JPEG, TIFF, TXT, DOCX, XLSX, PPTX, ODT, ODS, ODP"
_OPEN_DOCUMENT = {t.media_type: t for t in (ODT, ODS, ODP)}
_OFFICE_PARTS = (("word/", DOCX), ("xl/", XLSX), ("ppt/", PPTX))
_TEXT_CONTROLS = frozenset(range(32)) - {9, 10, 12, 13}


def label_of(media_type: str) -> str:
    """A media type in words ("PDF document"), the type itself when it is not one of ours."""
    return next((t.label for t in ALLOWED if t.media_type == media_type), media_type)


def detect(content: bytes) -> FileType | None:
    """The allowed type this content is, by its magic bytes; None for anything else."""
    head = content[:8]
    if head.startswith(b"%PDF-"):
        return PDF
    if head == b"\x89PNG\r\n\x1a\n":
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] in (b"II*\x00", b"MM\x00*"):
        return TIFF
    if head.startswith(b"PK\x03\x04"):
        return _zipped(content)
    return TEXT if _is_text(content) else None


def _zipped(content: bytes) -> FileType | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                return _OPEN_DOCUMENT.get(archive.read("mimetype")[:100].decode("ascii", "replace").strip())
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError, NotImplementedError):
        return None
    if "[Content_Types].xml" in names:
        for prefix, kind in _OFFICE_PARTS:
            if any(n.startswith(prefix) for n in names):
                return kind
    return None


def _is_text(content: bytes) -> bool:
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return not any(ord(ch) in _TEXT_CONTROLS or ord(ch) == 0x7F for ch in text[:65536])


def check_file(content: bytes, filename: str) -> FileType:
    """The type of a file to attach, or Refused in one sentence: empty, too large, of a type not allowed, or
    named with an extension that is not its type's."""
    name = PurePath(filename).name or filename
    if not content:
        raise Refused("{name} is empty; nothing to attach", name=name)
    if len(content) > MAX_BYTES:
        raise Refused("{name} is {content_count:.1f} MB, over the {max_bytes} MB limit for an attachment", name=name,
                      content_count=len(content) / 1048576, max_bytes=MAX_BYTES // 1048576)
    kind = detect(content)
    if kind is None:
        raise Refused("{name} is not a file type that may be attached ({allowed_names}, told by its content)",
                      name=name, allowed_names=ALLOWED_NAMES)
    extension = PurePath(name).suffix.lower()
    if extension not in kind.extensions:
        raise Refused("{name} holds a {kind_label}, but its name ends {value}; name it {kind_extensions}", name=name,
                      kind_label=kind.label, value=extension or 'without an extension',
                      kind_extensions=' or '.join(kind.extensions))
    return kind
