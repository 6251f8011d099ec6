"""Choosing the store by URL, and refusing unusable stores with one line, exit 2 and nothing written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from domain.errors import StoreError
from domain.eventstore.store import parse_store_url
from tests.pg import requires_pg
from tui.cli.main import main


@pytest.mark.parametrize(("url", "path"), [
    ("office.db", "office.db"),
    ("sqlite:///office.db", "office.db"),
    ("sqlite:////var/lib/sec/office.db", "/var/lib/sec/office.db"),
])
def test_sqlite_urls(url: str, path: str) -> None:
    config = parse_store_url(url)
    assert config.kind == "sqlite" and config.path == Path(path)


def test_default_is_local_sqlite_file() -> None:
    assert parse_store_url(None).path == Path("secretariat.db")


def test_postgres_url_parts_and_password_never_displayed() -> None:
    config = parse_store_url("postgresql://clerk:s3cret@db.example:6543/iec?schema=hq")
    assert (config.kind, config.host, config.port, config.dbname, config.user, config.password,
            config.schema) == ("postgresql", "db.example", 6543, "iec", "clerk", "s3cret", "hq")
    assert "s3cret" not in config.display
    assert parse_store_url("postgres://u@h/db").kind == "postgresql"


@pytest.mark.parametrize("url", ["mysql://u@h/db", "postgresql://u@h:99999/db", "postgresql://u@h/",
                                 "sqlite://", "sqlite://host/x.db"])
def test_bad_urls_are_refused(url: str) -> None:
    with pytest.raises(StoreError):
        parse_store_url(url)


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.err


def _snapshot(folder: Path) -> dict[str, tuple[int, bytes]]:
    return {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in folder.iterdir()}


def test_unknown_scheme_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(capsys, "--store", "mysql://u@h/db", "log")
    assert code == 2 and err.count("\n") == 1 and "unknown store scheme 'mysql'" in err


def test_unreachable_server_one_line_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, err = _run(capsys, "--store", "postgresql://postgres@127.0.0.1:1/test", "init")
    assert code == 2 and err.count("\n") == 1 and "cannot reach PostgreSQL at 127.0.0.1:1/test" in err


def test_read_only_file_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "office.db"
    assert main(["--store", str(store), "--user", "admin", "init"]) == 0
    os.chmod(store, 0o444)
    for name in ("office.db-wal", "office.db-shm"):
        (tmp_path / name).unlink(missing_ok=True)
    before = _snapshot(tmp_path)
    argv = ["--store", str(store), "--user", "admin", "users", "add", "bob", "--role", "clerk"]
    code, err = _run(capsys, *argv)
    assert code == 2 and err.count("\n") == 1 and "read-only" in err
    assert _snapshot(tmp_path) == before


def test_corrupt_file_changes_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "office.db"
    store.write_bytes(b"this is not a database\n" * 10)
    before = _snapshot(tmp_path)
    for argv in (["init"], ["log"], ["verify"], []):
        code, err = _run(capsys, "--store", str(store), "--user", "admin", *argv)
        assert code == 2 and err.count("\n") == 1 and "not a SQLite database" in err
    assert _snapshot(tmp_path) == before


def test_foreign_sqlite_database_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import sqlite3

    store = tmp_path / "other.db"
    sqlite3.connect(store).execute("CREATE TABLE invoices (id INTEGER)").connection.commit()
    code, err = _run(capsys, "--store", str(store), "log")
    assert code == 2 and "not a Secretariat store" in err


def test_missing_store_is_not_created_by_reading_commands(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "nowhere.db"
    code, err = _run(capsys, "--store", str(store), "log")
    assert code == 2 and "secretariat init" in err
    assert not store.exists()


def test_store_from_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "env.db"
    monkeypatch.setenv("SECRETARIAT_STORE", f"sqlite:////{str(store).lstrip('/')}")
    assert main(["--user", "admin", "init"]) == 0
    assert store.exists()


@pytest.mark.parametrize("url", ["postgresql://u@[::1/test", "sqlite:x.db", "postgresql:test",
                                 "postgresql://u@h/db?schema=pg_catalog", "postgresql://u@h:0/db"])
def test_malformed_urls_one_line_exit_2_nothing_created(url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    code, err = _run(capsys, "--store", url, "--user", "admin", "init")
    assert code == 2 and err.count("\n") == 1
    assert list(tmp_path.iterdir()) == []


def test_bad_user_name_creates_no_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "office.db"
    for argv in (["init"], []):
        code, err = _run(capsys, "--store", str(store), "--user", "Bad Name", *argv)
        assert code == 2 and "cannot be a user name" in err
    assert list(tmp_path.iterdir()) == []


def test_reading_an_empty_file_creates_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "empty.db"
    store.touch()
    for argv in (["log"], ["verify"]):
        code, err = _run(capsys, "--store", str(store), "--user", "admin", *argv)
        assert code == 2 and "secretariat init" in err
    assert [p.name for p in tmp_path.iterdir()] == ["empty.db"] and store.stat().st_size == 0


def test_truncated_database_is_refused_without_side_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    good = tmp_path / "good.db"
    assert main(["--store", str(good), "--user", "admin", "init"]) == 0
    cut = tmp_path / "cut" / "t.db"
    cut.parent.mkdir()
    cut.write_bytes(good.read_bytes()[:100])
    code, err = _run(capsys, "--store", str(cut), "--user", "admin", "log")
    assert code == 2 and err.count("\n") == 1
    assert [p.name for p in cut.parent.iterdir()] == ["t.db"]


def test_a_fifo_is_not_a_store(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fifo = tmp_path / "pipe.db"
    os.mkfifo(fifo)
    code, err = _run(capsys, "--store", str(fifo), "log")
    assert code == 2 and "not a regular file" in err


@requires_pg
def test_reading_an_empty_postgres_schema_creates_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    import psycopg

    from tests.pg import PG_URL, pg_schema

    with pg_schema() as schema:
        code, err = _run(capsys, "--store", f"{PG_URL}?schema={schema}", "--user", "admin", "log")
        assert code == 2 and "secretariat init" in err
        with psycopg.connect(PG_URL) as conn:
            tables = conn.execute("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = %s",
                                  (schema,)).fetchone()
        assert tables == (0,)


def test_the_command_line_closes_the_stores_it_opened(tmp_path: Path) -> None:
    """main() is called many times in one process (by the tests, by scripts): a store it left open kept its
    background checkpointer, whose connection later copied the WAL into a file the caller had since marked
    read-only (seen: test_read_only_file_changes_nothing on a RAM disk)."""
    import threading

    store = tmp_path / "office.db"
    others = set(threading.enumerate())  # other tests' stores may still run theirs
    assert main(["--store", str(store), "--user", "admin", "init"]) == 0
    assert main(["--store", str(store), "--user", "admin", "users", "add", "bob", "--role", "clerk"]) == 0
    assert not [t for t in set(threading.enumerate()) - others if t.name == "wal-checkpoints"]
