"""Backups while people work, restores with the same head hash, copies between SQLite and PostgreSQL (and a
copy stopped half-way, continued), the monthly drill, and the refusals."""

from __future__ import annotations

import multiprocessing as mp
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from domain.access import AddUser
from domain.application import open_store
from domain.correspondence import ReceiveDocument
from domain.eventstore import transfer
from domain.eventstore.integrity import check_against_checkpoint, make_checkpoint, verify_chain
from projections.register_check import check_registers
from tests.demo_store import DemoStores
from tests.pg import PG_URL, drop_schema, new_schema, requires_pg
from tests.tui.support import small_organisation
from tui.cli.main import main


def _history(app: Any, letters: int = 5) -> None:
    small_organisation(app)
    for n in range(letters):
        app.handle(ReceiveDocument(received_on=date(2026, 2, 2), sender="Ministry", subject=f"letter {n}"),
                   user="admin")


def _cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out + out.err


def _keep_writing(store_url: str, stop: Any) -> None:
    app = open_store(store_url)
    n = 0
    while not stop.is_set() and n < 300:
        app.handle(AddUser(user=f"busy{n}", role="clerk"), user="admin")
        n += 1


def test_backup_while_a_writer_runs_restores_with_the_same_head_hash(
        app: Any, store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _history(app)
    checkpoint = make_checkpoint(verify_chain(app.recorder))  # signed before the backup
    ctx = mp.get_context("fork")
    stop = ctx.Event()
    writer = ctx.Process(target=_keep_writing, args=(store_url, stop))
    writer.start()
    try:
        out = tmp_path / ("backup.db" if store_url.endswith(".db") else "backup")
        code, text = _cli(capsys, "--store", store_url, "backup", "--out", str(out))
    finally:
        stop.set()
        writer.join(timeout=60)
    assert code == 0, text
    head_hash = text.split("head hash ")[1].split()[0]
    restored_url = str(tmp_path / "restored.db")
    code, text = _cli(capsys, "--store", restored_url, "restore", str(out))
    assert code == 0 and f"head hash {head_hash}" in text and "registers rebuilt" in text, text
    restored = open_store(restored_url)
    report = verify_chain(restored.recorder)
    assert report.ok and report.head_hash.hex() == head_hash
    assert check_against_checkpoint(restored.recorder.chain_hash_at, report, checkpoint,
                                    bytes.fromhex(checkpoint.public_key)) is None
    assert all(c.ok for c in check_registers(restored))
    assert restored.user("admin") is not None
    code, text = _cli(capsys, "restore", "--check", str(out))
    assert code == 0 and "restore check passed" in text and head_hash in text


@pytest.mark.only_on("sqlite")  # the SQLite backup file is the case here
def test_refusals(app: Any, store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _history(app, 2)
    out = tmp_path / "b.db"
    assert _cli(capsys, "--store", store_url, "backup", "--out", str(out))[0] == 0
    code, text = _cli(capsys, "--store", store_url, "backup", "--out", str(out))
    assert code == 2 and "already exists" in text
    code, text = _cli(capsys, "--store", store_url, "restore", str(out))  # over a store with history
    assert code == 2 and "already holds" in text
    conn = sqlite3.connect(out)
    conn.execute("UPDATE stored_events SET state = X'00' WHERE rowid = 7")
    conn.commit()
    conn.close()
    target = tmp_path / "t.db"
    code, text = _cli(capsys, "--store", str(target), "restore", str(out))
    assert code == 2 and "does not verify at position 7" in text and text.count("\n") == 1
    code, text = _cli(capsys, "restore", "--check", str(out))
    assert code == 2 and "position 7" in text


@requires_pg
def test_copy_a_demo_store_from_sqlite_to_postgresql_and_back(tmp_path: Path, demo_stores: DemoStores,
                                                              capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    source = str(demo_stores.copy(tmp_path / "office"))  # the demo's base history: a whole secretariat
    monkeypatch.setenv("SECRETARIAT_HOME", str(tmp_path / "office" / "home"))  # its signing keys
    app = open_store(source)
    app.handle(AddUser(user="clerk", role="clerk"), user="admin")
    head_hash = verify_chain(app.recorder).head_hash.hex()
    schema = new_schema()
    try:
        pg = f"{PG_URL}?schema={schema}"
        code, text = _cli(capsys, "--store", source, "copy", "--to", pg)
        assert code == 0 and f"head hash {head_hash}" in text, text
        back = str(tmp_path / "archive.db")
        code, text = _cli(capsys, "--store", pg, "copy", "--to", back)
        assert code == 0 and f"head hash {head_hash}" in text, text
        for url in (pg, back):
            other = open_store(url)
            assert verify_chain(other.recorder).head_hash.hex() == head_hash
            assert all(c.ok for c in check_registers(other))
            assert other.find(app.user("clerk").id).name == "clerk"
            other.close()
    finally:
        drop_schema(schema)


def test_a_stopped_copy_continues(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    source = str(tmp_path / "office.db")
    app = open_store(source, create=True)
    app.bootstrap("admin")
    _history(app, 8)
    target = str(tmp_path / "copy.db")
    monkeypatch.setattr(transfer, "BATCH", 10)
    real = transfer._writer
    batches: list[int] = []

    def dies_after_two_batches(config: Any) -> Any:
        write = real(config)

        def stopping(rows: Any) -> None:
            if len(batches) == 2:
                raise KeyboardInterrupt  # killed half-way
            batches.append(len(rows))
            write(rows)
        return stopping

    monkeypatch.setattr(transfer, "_writer", dies_after_two_batches)
    assert _cli(capsys, "--store", source, "copy", "--to", target)[0] == 130
    partial = open_store(target)
    assert partial.head() == 20 and verify_chain(partial.recorder).ok
    partial.close()
    monkeypatch.setattr(transfer, "_writer", real)
    code, text = _cli(capsys, "--store", source, "copy", "--to", target)
    assert code == 0 and "continuing after position 20" in text, text
    assert verify_chain(open_store(target).recorder).head_hash == verify_chain(app.recorder).head_hash
    other = str(tmp_path / "other.db")
    stranger = open_store(other, create=True)
    stranger.bootstrap("someone")
    code, text = _cli(capsys, "--store", source, "copy", "--to", other)
    assert code == 2 and "not this history" in text
