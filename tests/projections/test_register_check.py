"""`verify --registers`: the live registers are compared with a fresh fold of the history; an edited,
deleted or invented row is named, and a position moved beyond the head is flagged (also by `status`)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from domain.access import AddUser
from tests.raw import RawEvents
from tui.cli.main import main


@pytest.fixture
def app(mapped_app: Any) -> Any:
    """This module drives the command line: its administrator is this process's account's user."""
    return mapped_app


def _cli(capsys: pytest.CaptureFixture[str], store_url: str, *argv: str) -> tuple[int, str]:
    code = main(["--store", store_url, "--user", "admin", *argv])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.fixture
def registered(app: Any, store_url: str, capsys: pytest.CaptureFixture[str]) -> RawEvents:
    for n in range(3):
        app.handle(AddUser(user=f"clerk{n}", role="clerk", full_name=f"Clerk {n}"), user="admin")
    assert _cli(capsys, store_url, "users", "list")[0] == 0  # sets the registers up and catches them up
    raw = RawEvents(store_url)
    raw.table_prefix = "" if raw.config.kind == "sqlite" else f"{raw.config.schema}."  # type: ignore[attr-defined]
    return raw


def _sql(raw: RawEvents, statement: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    return raw.execute(statement.replace("{p}", raw.table_prefix), params)  # type: ignore[attr-defined]


def test_registers_equal_to_the_history_pass(registered: RawEvents, store_url: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    code, text = _cli(capsys, store_url, "verify", "--registers")
    assert code == 0 and "register users: equal to the history" in text, text


def test_an_edited_register_row_is_named(registered: RawEvents, store_url: str,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    _sql(registered, "UPDATE {p}users SET full_name = ? WHERE name = ?", ("Mallory", "clerk1"))
    code, text = _cli(capsys, store_url, "verify", "--registers")
    assert code == 1 and "register users differs" in text and "full_name is 'Mallory'" in text
    assert "the history says 'Clerk 1'" in text


def test_a_deleted_and_an_invented_row_are_named(registered: RawEvents, store_url: str,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    _sql(registered, "DELETE FROM {p}users WHERE name = ?", ("clerk2",))
    code, text = _cli(capsys, store_url, "verify", "--registers")
    assert code == 1 and "missing (deleted)" in text
    _sql(registered, "INSERT INTO {p}users (id, name, full_name, roles, office, clearance, active) "
         "VALUES ('00000000000000000000000000000000', 'ghost', '', 'administrator', NULL, 'none', 1)")
    code, text = _cli(capsys, store_url, "verify", "--registers", "--json")
    users = next(r for r in json.loads(text.splitlines()[0])["registers"] if r["register"] == "users")
    assert "not in the history" in users["problem"]


def test_a_position_beyond_the_head_is_flagged(registered: RawEvents, store_url: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    _sql(registered, "UPDATE {p}projection_state SET position = 999999 WHERE name = 'users'")
    code, text = _cli(capsys, store_url, "status")
    assert code == 0 and "AHEAD of the history" in text
    code, text = _cli(capsys, store_url, "status", "--json")
    assert [r["ahead_of_head"] for r in json.loads(text)["registers"] if r["name"] == "users"] == [True]
    code, text = _cli(capsys, store_url, "verify", "--registers")
    assert code == 1 and "beyond the head of the history" in text
