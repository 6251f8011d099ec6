"""Attachments travel with the history: exports for auditors carry them (and `verify_export` names a missing or
altered one with its record), backups, restores and copies between stores carry them, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from domain.application import open_store
from domain.attachments import attach, get_content
from domain.correspondence import document_id
from domain.eventstore import transfer
from domain.eventstore.blobs import check_blobs
from domain.eventstore.export import BLOBS_DIR, export_store, verify_export
from domain.eventstore.snapshot import snapshot_of
from domain.eventstore.store import parse_store_url
from tests.domain.test_attachments import PDF, PNG, org  # noqa: F401  (the fixture)
from tests.domain.test_correspondence import letter


@pytest.fixture
def attached(org: Any) -> tuple[Any, str, list[str]]:  # noqa: F811
    number = letter(org)
    other = letter(org)
    hashes = [attach(org, "clerk", document_id(number), number, PDF, "scan.pdf").sha256,
              attach(org, "clerk", document_id(number), number, PNG, "photo.png").sha256]
    attach(org, "clerk", document_id(other), other, PDF, "same.pdf")  # the same content: exported once
    return org, number, hashes


def test_an_export_carries_the_attachments_and_verify_export_checks_them(
        attached: tuple[Any, str, list[str]], tmp_path: Path) -> None:
    app, number, hashes = attached
    out = tmp_path / "export"
    export_store(app, out)
    assert sorted(p.name for p in (out / BLOBS_DIR).iterdir()) == sorted(hashes)
    assert (out / BLOBS_DIR / hashes[0]).read_bytes() == PDF
    assert (out / BLOBS_DIR / hashes[0]).stat().st_mode & 0o777 == 0o600
    assert verify_export(out).ok
    (out / BLOBS_DIR / hashes[1]).write_bytes(PNG + b"x")
    report = verify_export(out)
    assert not report.ok and f"'photo.png' of record {number}" in report.problem and "was altered" in report.problem
    (out / BLOBS_DIR / hashes[1]).unlink()
    report = verify_export(out)
    assert not report.ok and "is missing from the export" in report.problem and number in report.problem


def test_an_export_of_a_store_with_a_missing_content_is_refused(
        attached: tuple[Any, str, list[str]], tmp_path: Path, store_url: str) -> None:
    from tests.domain.test_attachments import _tamper

    app, number, hashes = attached
    _tamper(app, store_url, "DELETE FROM {t} WHERE sha256 = {p}", (hashes[1],))
    with pytest.raises(Exception, match=f"refusing to export: the attachment 'photo.png' of record {number}"):
        export_store(app, tmp_path / "export")
    assert not (tmp_path / "export").exists()


def test_backup_restore_and_copy_carry_the_attachments(
        attached: tuple[Any, str, list[str]], tmp_path: Path, store_url: str) -> None:
    _app, _, hashes = attached
    config = parse_store_url(store_url)
    backup = tmp_path / ("backup.db" if config.kind == "sqlite" else "backup")
    transfer.backup(config, backup, open_store)
    restored = str(tmp_path / "restored.db")
    transfer.restore(backup, restored, open_store)
    copied = str(tmp_path / "copied.db")
    transfer.copy(config, copied, open_store)
    for url in (restored, copied):
        target = open_store(url)
        try:
            with snapshot_of(target.recorder) as snap:
                report = check_blobs(snap)
            assert report.ok and report.checked == 2, report.describe()
            assert get_content(target, "clerk", hashes[1])[1] == PNG
        finally:
            target.close()
