"""Hostile input on the command line ends in one line and exit 2, with nothing written: undecodable bytes,
over-long and multi-line paths, unreadable or endless files, corrupt pages, passwords in URLs."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.raw import RawEvents
from tui.cli.main import main

BAD = "\udcff"  # how Python hands over an argument byte that is not UTF-8


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _one_line(err: str) -> str:
    assert err.count("\n") == 1, err
    assert "unexpected" not in err and "Traceback" not in err
    return err


@pytest.fixture
def store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    path = tmp_path / "s.db"
    assert _run(capsys, "--store", str(path), "--user", "admin", "init")[0] == 0
    # exports for outside auditors need clearance for confidential records (the read policy)
    assert _run(capsys, "--store", str(path), "--user", "admin", "users", "clearance", "admin", "confidential")[0] == 0
    return path


@pytest.mark.parametrize("argv", [
    ["--user", f"ad{BAD}min", "users", "list"],
    ["users", "add", f"bob{BAD}", "--role", "clerk"],
    ["users", "add", "bob", "--role", "clerk", "--full-name", f"B{BAD}"],
    ["--command-id", f"x{BAD}", "users", "add", "bob", "--role", "clerk"],
])
def test_undecodable_arguments_are_refused_and_nothing_is_written(
        store: Path, argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    before = RawEvents(str(store)).rows()  # the history (the file's bytes move with WAL checkpoints)
    code, _, err = _run(capsys, "--store", str(store), "--user", "admin", *argv)
    assert code == 2 and "not valid UTF-8" in _one_line(err)
    assert RawEvents(str(store)).rows() == before


def test_a_nul_character_in_a_path_is_one_line(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "--store", str(store), "--user", "admin", "checkpoint", "--out",
                        str(tmp_path / "a\x00b"))
    assert code == 2 and "NUL character" in _one_line(err)


def test_init_with_an_undecodable_full_name_leaves_no_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "new.db"
    code, _, err = _run(capsys, "--store", str(path), "--user", "admin", "init", "--full-name", BAD)
    assert code == 2 and _one_line(err)
    assert not path.exists()


def test_init_refused_after_creating_the_file_removes_it(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from domain.application import Secretariat
    from domain.errors import Refused

    def refuse(*_: object, **__: object) -> None:
        raise Refused("full name refused")

    monkeypatch.setattr(Secretariat, "bootstrap", refuse)
    path = tmp_path / "new.db"
    assert _run(capsys, "--store", str(path), "--user", "admin", "init")[0] == 1
    assert not path.exists() and list(tmp_path.iterdir()) == []


def test_real_undecodable_bytes_from_the_shell(store: Path, tmp_path: Path) -> None:
    argv = [os.fsencode(sys.executable), b"-m", b"tui.cli.main", b"--store", os.fsencode(store), b"--user",
            b"admin", b"users", b"add", b"b\xffb", b"--role", b"clerk"]
    done = subprocess.run(argv, capture_output=True, timeout=60, cwd=Path(__file__).resolve().parents[2],
                          env={**os.environ, "SECRETARIAT_HOME": str(tmp_path / "home")})
    assert done.returncode == 2 and b"not valid UTF-8" in done.stderr and done.stderr.count(b"\n") == 1


def test_an_over_long_out_path_is_one_line(store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / ("x" * 5000)
    code, _, err = _run(capsys, "--store", str(store), "--user", "admin", "checkpoint", "--out", str(out))
    assert code == 2 and _one_line(err)
    code, _, err = _run(capsys, "--store", str(store), "--user", "admin", "export", "--out", str(out))
    assert code == 2 and _one_line(err)


def test_a_path_with_a_newline_is_shown_on_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "--store", str(tmp_path / "two\nlines.db"), "users", "list")
    assert code == 2 and "two\\nlines" in _one_line(err)


@pytest.mark.parametrize("source", ["/dev/zero", "/proc/self/mem", "fifo", "huge", "directory"])
def test_unreadable_or_endless_files_are_refused_in_one_line(store: Path, tmp_path: Path, source: str,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    path = Path(source)
    if source == "fifo":
        path = tmp_path / "fifo"
        os.mkfifo(path)
    elif source == "huge":
        path = tmp_path / "huge.json"
        with path.open("wb") as f:
            f.truncate(50 * 1024 * 1024)  # sparse: costs no disk
    elif source == "directory":
        path = tmp_path
    for argv in (["verify", "--checkpoint", str(path), "--public-key", "ab" * 32],
                 ["verify", "--checkpoint", str(path), "--public-key", str(path)],
                 ["verify-export", str(tmp_path), "--public-key", str(path)]):
        code, _, err = _run(capsys, "--store", str(store), *argv)
        assert code in (1, 2) and _one_line(err), argv


def test_endless_export_files_are_a_fault_not_a_hang(tmp_path: Path, store: Path,
                                                     capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "export"
    assert _run(capsys, "--store", str(store), "--user", "admin", "export", "--out", str(out))[0] == 0
    (out / "manifest.json").unlink()
    (out / "manifest.json").symlink_to("/dev/zero")
    code, _, err = _run(capsys, "verify-export", str(out))
    assert code == 1 and "not a regular file" in _one_line(err)


def test_a_corrupt_page_behind_an_intact_header_refuses_writes(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from domain.access import AddUser
    from domain.application import open_store

    app = open_store(str(store))
    for n in range(60):
        app.handle(AddUser(user=f"clerk{n}", role="clerk", full_name="x" * 100), user="admin")
    app.close()
    import sqlite3

    conn = sqlite3.connect(store)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the file itself, none left in the WAL
    conn.close()
    data = bytearray(store.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[2 * page:3 * page] = b"\xa5" * page  # a table page in the middle, the header intact
    store.write_bytes(bytes(data))
    before = store.read_bytes()
    code, _, err = _run(capsys, "--store", str(store), "--user", "admin", "users", "add", "eve", "--role", "clerk")
    assert code == 2 and "corrupt" in _one_line(err)
    assert store.read_bytes() == before
    # Found corrupt once, refused from then on, whatever the command.
    code, _, err = _run(capsys, "--store", str(store), "--user", "admin", "users", "add", "eve", "--role", "clerk")
    assert code == 2 and "corrupt" in _one_line(err)
    code, _, err = _run(capsys, "--store", str(store), "verify")
    assert code in (1, 2) and _one_line(err)


@pytest.mark.parametrize("url", ["postgresql://u:SECRETPW@[::1/x", "postgresql://u:SECRETPW@host:99999/x",
                                 "postgres:u:SECRETPW@x", "postgresql://u:SEC/RETPW@h/db",
                                 "postgresql://u:SECRETPW@127.0.0.1:1/db"])
def test_a_password_is_never_printed(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "--store", url, "users", "list")
    assert code == 2 and _one_line(err)
    assert "SECRET" not in out + err and "RETPW" not in out + err
