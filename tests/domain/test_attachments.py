"""Attachments: the type and size rules, content stored once by its hash in the event's transaction (both stores)
or in the administrator's folder, the same file refused on the same record, the read policy of the record, the
reading of a confidential record's file recorded, and `verify` naming the record of a missing or altered blob."""

from __future__ import annotations

import io
import sqlite3
import zipfile
from pathlib import Path
from typing import Any

import pytest

from domain.access import AddUser, SetClearance
from domain.attachments import attach, attachments_id, attachments_of, get_content, set_blob_folder
from domain.correspondence import ReceiveDocument, document_id
from domain.errors import NotPermitted, Refused
from domain.eventstore.blobs import TABLE, check_blobs
from domain.eventstore.integrity import verify_chain
from domain.eventstore.snapshot import snapshot_of
from domain.filetypes import MAX_BYTES, check_file, detect
from domain.organisation import EstablishUnit
from tests.domain.test_correspondence import D, letter, run

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(40)


def _zip(names: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in names.items():
            z.writestr(name, data)
    return out.getvalue()


@pytest.fixture
def org(app: Any) -> Any:
    run(app, EstablishUnit(code="HQ", unit_name="Office", kind="office"))
    run(app, EstablishUnit(code="GEN", unit_name="General department", kind="department", parent="HQ"))
    run(app, AddUser(user="clerk", role="clerk", office="GEN"))
    run(app, AddUser(user="secret", role="clerk", office="GEN"))
    run(app, SetClearance(user="secret", clearance="confidential"))
    run(app, AddUser(user="audit", role="auditor"))
    run(app, SetClearance(user="admin", clearance="confidential"))
    return app


def _id(number: str) -> Any:
    return document_id(number)


def test_types_are_told_by_content_not_by_name() -> None:
    assert check_file(PDF, "scan.pdf").media_type == "application/pdf"
    assert check_file(PNG, "scan.PNG").media_type == "image/png"
    assert detect(b"\xff\xd8\xff\xe0rest").media_type == "image/jpeg"  # type: ignore[union-attr]
    assert detect(b"II*\x00rest").media_type == "image/tiff"  # type: ignore[union-attr]
    assert check_file("Салам, ورود\n".encode(), "note.txt").media_type == "text/plain"
    docx = _zip({"[Content_Types].xml": b"<x/>", "word/document.xml": b"<w/>"})
    assert check_file(docx, "order.docx").label == "Word document"
    xlsx = _zip({"[Content_Types].xml": b"<x/>", "xl/workbook.xml": b"<w/>"})
    assert check_file(xlsx, "list.xlsx").label == "Excel workbook"
    odt = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
    assert check_file(odt, "minutes.odt").label == "OpenDocument text"
    for content, name, words in (
        (PNG, "scan.pdf", "holds a PNG image, but its name ends .pdf"),
        (PDF, "scan.exe", "its name ends .exe"),
        (b"MZ\x90\x00\x03\x00\x00\x00", "tool.pdf", "not a file type that may be attached"),
        (_zip({"a.txt": b"x"}), "a.docx", "not a file type that may be attached"),
        (b"PK\x03\x04broken", "a.docx", "not a file type that may be attached"),
        (b"", "empty.pdf", "is empty"),
        (b"%PDF-" + bytes(MAX_BYTES), "big.pdf", "over the 25 MB limit"),
        (b"text\x00with nul", "a.txt", "not a file type"),
    ):
        with pytest.raises(Refused, match=words.replace(".", r"\.")):
            check_file(content, name)


def test_a_file_is_stored_once_and_the_same_file_on_the_same_record_is_refused(org: Any) -> None:
    one, two = letter(org), letter(org)
    first = attach(org, "clerk", _id(one), one, PDF, "scan.pdf")
    assert not first.stored_before and first.media_type == "application/pdf"
    head = org.head()
    with pytest.raises(Refused, match=rf"again.pdf is already attached to {one} \(as scan.pdf\)"):
        attach(org, "clerk", _id(one), one, PDF, "again.pdf")
    assert org.head() == head  # nothing recorded
    second = attach(org, "clerk", _id(two), two, PDF, "copy.pdf")
    assert second.stored_before and second.sha256 == first.sha256
    assert [f.filename for f in attachments_of(org, "clerk", _id(one), one)] == ["scan.pdf"]
    assert [f.filename for f in attachments_of(org, "clerk", _id(two), two)] == ["copy.pdf"]
    with snapshot_of(org.recorder) as snap:
        stored = list(_table_rows(snap))
        assert [sha for sha, _ in stored] == [first.sha256]  # one row for both records
        assert check_blobs(snap).ok and check_blobs(snap).checked == 1
    attached, content = get_content(org, "clerk", first.sha256)
    assert content == PDF and attached.size == len(PDF)
    # the hash, size, type and name are in the event, so the chain covers them
    event = org.repository.get(attachments_id(_id(one)))
    assert event.files[0].sha256 == first.sha256 and verify_chain(org.recorder).ok


def _table_rows(snap: Any) -> Any:
    from domain.eventstore.blobs import snapshot_schema, stored_in_table

    return stored_in_table(snap.conn, snapshot_schema(snap))


def test_bad_files_and_readers_record_nothing(org: Any) -> None:
    number = letter(org)
    head = org.head()
    for who, content, name, error, words in (
        ("clerk", PNG, "scan.pdf", Refused, "holds a PNG image"),
        ("audit", PDF, "scan.pdf", NotPermitted, "attaching files is for"),
        ("clerk", PDF, "bad\nname.pdf", Refused, "file name must be a single line"),
    ):
        with pytest.raises(error, match=words):
            attach(org, who, _id(number), number, content, name)
    with pytest.raises(Refused, match="no record X-1"):
        attach(org, "clerk", attachments_id(_id(number)), "X-1", PDF, "a.pdf")
    assert org.head() == head


def test_a_confidential_letters_scan_is_only_for_those_who_may_read_the_letter(org: Any) -> None:
    secret = letter(org, classification="confidential", subject="")
    done = attach(org, "secret", _id(secret), secret, PDF, "sealed.pdf")
    with pytest.raises(NotPermitted, match="confidential"):
        attach(org, "clerk", _id(secret), secret, PNG, "scan.png")
    with pytest.raises(NotPermitted, match="confidential"):
        attachments_of(org, "clerk", _id(secret), secret)
    with pytest.raises(NotPermitted, match="may not read"):
        get_content(org, "clerk", done.sha256)
    views = _views(org)
    assert get_content(org, "secret", done.sha256)[1] == PDF
    assert [f.filename for f in attachments_of(org, "admin", _id(secret), secret)] == ["sealed.pdf"]
    assert _views(org) == views + 2  # each reading recorded as opening the letter is
    # the same content attached to an ordinary letter is that letter's readers' to read
    ordinary = letter(org)
    attach(org, "clerk", _id(ordinary), ordinary, PDF, "public.pdf")
    assert get_content(org, "clerk", done.sha256)[0].filename == "public.pdf"


def _views(app: Any) -> int:
    return sum(1 for n in app.recorder.select_notifications(1, app.head()) if "RecordView" in n.topic)


def test_office_scope_holds_for_attachments(org: Any) -> None:
    run(org, EstablishUnit(code="PO-SAR", unit_name="Sar-e Pol office", kind="provincial", parent="HQ"))
    run(org, AddUser(user="sarclerk", role="clerk", office="PO-SAR"))
    number = letter(org)
    with pytest.raises(NotPermitted, match="own office"):
        attach(org, "sarclerk", _id(number), number, PDF, "scan.pdf")


def test_verify_names_the_record_of_a_tampered_or_missing_blob(org: Any, store_url: str) -> None:
    number = letter(org)
    done = attach(org, "clerk", _id(number), number, PDF, "scan.pdf")
    _tamper(org, store_url, "UPDATE {t} SET content = {p} WHERE sha256 = {p}", (PDF + b"x", done.sha256))
    with snapshot_of(org.recorder) as snap:
        report = check_blobs(snap)
    assert not report.ok and f"'scan.pdf' of record {number}" in report.problem and "was altered" in report.describe()
    _tamper(org, store_url, "DELETE FROM {t} WHERE sha256 = {p}", (done.sha256,))
    with snapshot_of(org.recorder) as snap:
        report = check_blobs(snap)
    assert not report.ok and "is missing from the store" in report.describe() and number in report.describe()


def _tamper(app: Any, store_url: str, statement: str, params: tuple[Any, ...]) -> None:
    if app.store_config.kind == "sqlite":
        conn = sqlite3.connect(store_url)
        conn.execute(statement.format(t=TABLE, p="?"), params)
        conn.commit()
        conn.close()
        return
    import psycopg

    schema = app.store_config.schema
    with psycopg.connect(app.store_config.conninfo) as conn:
        conn.execute(statement.format(t=f'"{schema}".{TABLE}', p="%s"), params)


def test_a_named_folder_holds_new_contents_and_verify_reads_them(org: Any, tmp_path: Path) -> None:
    with pytest.raises(Refused, match="absolute path"):
        set_blob_folder(org, "admin", "relative/folder")
    with pytest.raises(NotPermitted, match="administrators"):
        set_blob_folder(org, "clerk", str(tmp_path))
    set_blob_folder(org, "admin", str(tmp_path / "blobs") if (tmp_path / "blobs").mkdir() is None else "")
    number = letter(org)
    done = attach(org, "clerk", _id(number), number, PNG, "scan.png")
    path = tmp_path / "blobs" / done.sha256[:2] / done.sha256
    assert path.read_bytes() == PNG
    with snapshot_of(org.recorder) as snap:
        assert list(_table_rows(snap)) == []  # not in the store's table
        assert check_blobs(snap).ok
    assert get_content(org, "clerk", done.sha256)[1] == PNG
    path.write_bytes(PNG + b"!")
    with snapshot_of(org.recorder) as snap:
        assert "was altered" in check_blobs(snap).describe()


def test_letters_date_is_untouched_by_attaching(org: Any) -> None:
    number = letter(org, subject="Kept")
    attach(org, "clerk", _id(number), number, PDF, "scan.pdf")
    assert org.find(_id(number)).subject == "Kept" and ReceiveDocument and D


def test_a_confidential_letters_attachment_events_are_confidential_in_the_log(org: Any) -> None:
    from domain.readpolicy import ConfidentialStreams

    secret = letter(org, classification="confidential", subject="")
    start = org.head()
    attach(org, "secret", _id(secret), secret, PDF, "sealed.pdf")
    streams = ConfidentialStreams()
    seen = {}
    for n in org.recorder.select_notifications(1, org.head()):
        event = org.mapper.to_domain_event(n)
        hidden = streams.see(event)
        if n.id > start:
            seen[type(event).__qualname__] = hidden
    # the file's name and hash are shown to uncleared readers of the event log as `confidential`
    assert seen == {"Attachments.Started": True, "Attachments.FileAttached": True, "BlobUses.Started": True,
                    "BlobUses.Used": True}
