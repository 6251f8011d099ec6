"""A killed rebuild's shadow tables are dropped on the next start; two rebuilds of one register from two
processes do not drop each other's work: the second is refused in words."""

from __future__ import annotations

import multiprocessing as mp
from typing import Any

import pytest

from projections.db import Database
from projections.rebuild_lock import try_lock
from projections.runner import Registers
from tui.cli.main import main


@pytest.fixture
def app(mapped_app: Any) -> Any:
    """This module drives the command line: its administrator is this process's account's user."""
    return mapped_app


def _tables(app: Any) -> set[str]:
    db = Database(app.store_config)
    conn = db.connect()
    try:
        if db.kind == "sqlite":
            rows = db.execute(conn, "SELECT name FROM sqlite_master WHERE type = 'table'")
        else:
            rows = db.execute(conn, "SELECT table_name FROM information_schema.tables WHERE table_schema = "
                              "current_schema()")
        return {r[0] for r in rows}
    finally:
        db.close(conn)


def _leave_a_shadow(app: Any) -> None:
    db = Database(app.store_config)
    conn = db.connect()
    try:
        with db.write(conn):
            db.execute(conn, "CREATE TABLE users__shadow (id text)")
    finally:
        db.close(conn)


def test_a_killed_rebuilds_shadow_tables_are_dropped_on_start(app: Any, store_url: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--store", store_url, "--user", "admin", "users", "list"]) == 0
    _leave_a_shadow(app)
    assert "users__shadow" in _tables(app)
    assert main(["--store", store_url, "--user", "admin", "users", "list"]) == 0
    assert "users__shadow" not in _tables(app)


def _hold_the_lock(store_url: str, held: Any, release: Any) -> None:
    from domain.application import open_store

    app = open_store(store_url)
    registers = Registers(app)
    with try_lock(registers.db, registers.conn, "users") as got:
        held.put(got)
        release.wait(timeout=60)
    registers.close()


def test_a_second_rebuild_of_a_register_is_refused_and_leaves_the_first_alone(
        app: Any, store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--store", store_url, "--user", "admin", "users", "list"]) == 0
    ctx = mp.get_context("fork")
    held, release = ctx.Queue(), ctx.Event()
    proc = ctx.Process(target=_hold_the_lock, args=(store_url, held, release))
    proc.start()
    try:
        assert held.get(timeout=60) is True
        _leave_a_shadow(app)  # the other process's rebuild, half-way
        code = main(["--store", store_url, "--user", "admin", "rebuild", "users"])
        err = capsys.readouterr().err
        assert code == 1 and "being rebuilt by another process" in err
        assert main(["--store", store_url, "--user", "admin", "users", "list"]) == 0  # a start meanwhile
        assert "users__shadow" in _tables(app)  # not someone else's to drop
    finally:
        release.set()
        proc.join(timeout=60)
    assert main(["--store", store_url, "--user", "admin", "rebuild", "users"]) == 0
    assert "users__shadow" not in _tables(app)


def test_a_stopped_demo_says_how_to_continue(app: Any, store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from domain.access import AddUser

    app.handle(AddUser(user="clerk", role="clerk"), user="admin")
    assert main(["--store", store_url, "--user", "admin", "demo", "--events", "100"]) == 1
    err = capsys.readouterr().err
    assert "to continue, load the demo into a new store" in err and err.count("\n") == 1
