"""Printing one document for the acting user, from the command line or a record's card: read it from the
registers under the read policy, sign a badge's code, render the PDF, write it to a new file, and record the
printing of a confidential record as its opening is recorded. Also the export of the signed revocation list."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from domain.errors import Refused
from projections.documents import KINDS, Document, Source, revoked_badges
from tui.paper.pdf import PaperError, render, write_new


@dataclass(frozen=True)
class Printed:
    document: Document
    path: Path

    def message(self) -> str:
        return (f"{self.document.title} written to {self.path} ({', '.join(self.document.registers)}, store "
                f"position {self.document.position})")


def source(registers: Any, reader: Any, today: date | None = None) -> Source:
    if today is None:
        return Source(registers.db, registers.conn, reader, registers.positions())
    return Source(registers.db, registers.conn, reader, registers.positions(), today=today)


def badge_code(document: Document) -> str | None:
    """A badge's signed code (the installation's signing key); None for other documents."""
    if document.badge is None:
        return None
    from dataclasses import asdict

    from domain.badges import sign_badge
    from domain.eventstore.keys import signing_key

    try:
        key = signing_key(create=False)
    except Exception as e:  # StoreError: no key, or unreadable
        raise PaperError("a badge is signed with the secretariat's key, and {e}; an administrator creates it with "
                         "'secretariat badges key'", e=e) from None
    return sign_badge(asdict(document.badge), key)


def print_document(app: Any, registers: Any, reader: Any, kind: str, args: Sequence[Any], out: Path,
                   fonts: Path | None = None) -> Printed:
    """Make document `kind` of `args` for `reader` and write it to the new file `out`; nothing is written when
    anything is refused."""
    make = KINDS.get(kind)
    if make is None:
        raise Refused("unknown document {kind!r}; documents are {kinds}", kind=kind, kinds=', '.join(KINDS))
    document = make(source(registers, reader), *args)
    content = render(document, badge_code(document), fonts=fonts)
    path = write_new(out, content)
    if document.confidential:
        from domain.readaudit import record_reading

        record_reading(app, reader.name, "print", f"{document.title} ({', '.join(document.numbers)}) to {path}")
    return Printed(document, path)


def export_revocations(registers: Any, reader: Any, out: Path) -> tuple[Path, int]:
    """The signed list of revoked badges, to a new file; returns its path and the number of badges."""
    from domain.badges import revocation_list
    from domain.eventstore.keys import signing_key

    src = source(registers, reader)
    revoked = revoked_badges(src)
    try:
        key = signing_key(create=False)
    except Exception as e:
        raise PaperError("the revocation list is signed with the secretariat's key, and {e}; an administrator "
                         "creates it with 'secretariat badges key'", e=e) from None
    text = revocation_list(revoked, src.position("accreditations"), key, src.now)
    return write_new(out, text.encode("utf-8")), len(revoked)


def printable(record: Any) -> tuple[str, str] | None:
    """The document a record's card prints (kind, number), or None when it prints none."""
    from domain.acts import Extract, Order
    from domain.correspondence import Document as Letter
    from domain.personnel import Employee, Trip
    from domain.sessions import Session
    from domain.stakeholders import Individual

    kinds: tuple[tuple[type, str, str], ...] = (
        (Letter, "letter", "number"), (Trip, "trip", "warrant"), (Employee, "clearance", "number"),
        (Individual, "badge", "badge"), (Extract, "extract", "number"), (Session, "minutes", "number"))
    for cls, kind, attribute in kinds:
        if isinstance(record, cls):
            number = getattr(record, attribute, None)
            return (kind, str(number)) if number else None
    if isinstance(record, Order):
        number = getattr(record, "number", None) or getattr(record, "draft", None)
        return ("order", str(number)) if number else None
    return None
