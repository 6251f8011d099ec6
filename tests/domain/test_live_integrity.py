"""Verify, checkpoint and export on a store that someone is writing to: each works on one consistent
snapshot up to the head seen at its start, so a writer appending meanwhile is never reported as a broken
chain. And a read-only archived copy can be verified."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest

from domain.access import AddUser
from domain.eventstore import integrity
from domain.eventstore.export import export_store, verify_export
from domain.eventstore.integrity import make_checkpoint, verify_chain
from tui.cli.main import main


@pytest.fixture
def app(mapped_app: Any) -> Any:
    """This module drives the command line: its administrator is this process's account's user."""
    return mapped_app


def _populate(app: Any, n: int = 5) -> None:
    for i in range(n):
        app.handle(AddUser(user=f"clerk{i}", role="clerk"), user="admin")


def _writer_during_reads(app: Any, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Make every progress report of a chain walk append one more user, as a clerk at work would."""
    monkeypatch.setattr(integrity, "PROGRESS_EVERY", 1)
    written: list[int] = []

    def write(done: int, total: int) -> None:
        if done < total:
            app.handle(AddUser(user=f"late{len(written)}", role="clerk"), user="admin")
            written.append(done)
    return written, write  # type: ignore[return-value]


def test_verify_while_a_writer_appends_checks_the_snapshot(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    _populate(app)
    head = app.head()
    written, write = _writer_during_reads(app, monkeypatch)
    report = verify_chain(app.recorder, write)
    assert written, "the writer did not run during the walk"
    assert report.ok, report.problem
    assert report.head_position == report.count == head
    assert app.head() == head + 2 * len(written)
    assert verify_chain(app.recorder).head_position == app.head()


def test_export_while_a_writer_appends_exports_up_to_the_head_at_its_start(
        app: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _populate(app)
    head = app.head()
    written, write = _writer_during_reads(app, monkeypatch)
    summary = export_store(app, tmp_path / "out", progress=write)
    assert written
    assert summary.last_position == head
    assert verify_export(tmp_path / "out").ok


def test_cli_verify_and_checkpoint_while_another_process_writes(app: Any, store_url: str, tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    import multiprocessing as mp

    _populate(app, 2)
    ctx = mp.get_context("fork")
    stop = ctx.Event()
    proc = ctx.Process(target=_keep_writing, args=(store_url, stop))
    proc.start()
    try:
        for n in range(4):
            assert main(["--store", store_url, "verify"]) == 0, capsys.readouterr().err
            assert main(["--store", store_url, "--user", "admin", "checkpoint",
                         "--out", str(tmp_path / f"cp{n}.json")]) == 0, capsys.readouterr().err
    finally:
        stop.set()
        proc.join(timeout=30)
    assert app.head() > 10


def _keep_writing(store_url: str, stop: Any) -> None:
    from domain.application import open_store

    app = open_store(store_url)
    n = 0
    while not stop.is_set() and n < 400:
        app.handle(AddUser(user=f"busy{n}", role="clerk"), user="admin")
        n += 1


def test_checkpoint_signs_the_snapshot_head(app: Any) -> None:
    _populate(app, 1)
    report = verify_chain(app.recorder)
    checkpoint = make_checkpoint(report)
    assert checkpoint.position == app.head()


@pytest.mark.only_on("sqlite")  # read-only files are a SQLite matter
def test_a_read_only_copy_verifies(app: Any, store_url: str, tmp_path: Path,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    _populate(app, 2)
    head = app.head()
    app.close()
    archive = tmp_path / "archive"
    archive.mkdir()
    copy = archive / "copy.db"
    import sqlite3

    source, target = sqlite3.connect(store_url), sqlite3.connect(copy)
    source.backup(target)  # an archive is a whole copy, its WAL included
    source.close()
    target.close()
    os.chmod(copy, stat.S_IRUSR | stat.S_IRGRP)
    os.chmod(archive, stat.S_IRUSR | stat.S_IXUSR)  # not even a WAL index can be created beside it
    try:
        assert main(["--store", str(copy), "verify"]) == 0, capsys.readouterr().err
        assert f"chain intact: {head} events" in capsys.readouterr().out
        assert sorted(p.name for p in archive.iterdir()) == ["copy.db"]
        # Writing is still refused in words.
        assert main(["--store", str(copy), "--user", "admin", "users", "add", "x", "--role", "clerk"]) == 2
        assert "read-only" in capsys.readouterr().err
    finally:
        os.chmod(archive, stat.S_IRWXU)
