"""A store URL naming several PostgreSQL servers: the first that answers as asked (target_session_attrs) is
used, a dead host among them is skipped; a read-only server (a standby) is read, never written, and
commands say why. A real standby is simulated by a session whose transactions are read-only."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from domain.eventstore.store import parse_store_url
from tests.pg import PG_URL, requires_pg
from tui.cli.main import main


@pytest.fixture
def app(mapped_app: Any) -> Any:
    """This module drives the command line: its administrator is this process's account's user."""
    return mapped_app


@pytest.fixture(autouse=True)
def _session_attrs(monkeypatch: pytest.MonkeyPatch) -> None:
    """open_store hands target_session_attrs to libpq through the environment: restored after each test."""
    monkeypatch.setenv("PGTARGETSESSIONATTRS", "any")


def _multi(store_url: str, attrs: str = "read-write") -> str:
    """The store URL with a dead host (port 1) listed before the live server."""
    rest = store_url.split("://", 1)[1]
    user, _, servers_db = rest.rpartition("@")
    servers, _, db = servers_db.partition("/")
    joiner = "&" if "?" in db else "?"
    return f"postgresql://{user}@127.0.0.1:1,{servers}/{db}{joiner}target_session_attrs={attrs}"


@contextmanager
def _standby_sessions() -> Iterator[None]:
    """Sessions opened meanwhile behave as a standby's: every transaction read-only."""
    os.environ["PGOPTIONS"] = "-c default_transaction_read_only=on"
    try:
        yield
    finally:
        del os.environ["PGOPTIONS"]


def test_several_hosts_are_parsed_and_shown_without_a_password() -> None:
    config = parse_store_url("postgresql://u:pw@h1:5432,[::1]:5433,h3/db?target_session_attrs=prefer-standby")
    assert config.hosts == (("h1", 5432), ("::1", 5433), ("h3", 5432))
    assert config.session_attrs == "prefer-standby"
    assert config.display == "postgresql://u@h1:5432,::1:5433,h3:5432/db?target_session_attrs=prefer-standby"
    assert "pw" not in config.display and "host=h1,::1,h3" in config.conninfo.replace("'", "")


@pytest.mark.parametrize("url", ["postgresql://u@h1:5432,h2:x/db", "postgresql://u@h1,,h2/db",
                                 "postgresql://u@h1,h2/db?target_session_attrs=sometimes"])
def test_a_bad_server_list_is_one_line(url: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--store", url, "verify"]) == 2
    assert capsys.readouterr().err.count("\n") == 1


@requires_pg
@pytest.mark.only_on("postgresql")  # several servers and standbys are a PostgreSQL matter
def test_a_dead_host_among_several_is_skipped(app: Any, store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    url = _multi(store_url)
    assert main(["--store", url, "--user", "admin", "users", "add", "bob", "--role", "clerk"]) == 0
    assert main(["--store", url, "verify"]) == 0
    assert "chain intact" in capsys.readouterr().out
    assert app.user("bob") is not None


@requires_pg
@pytest.mark.only_on("postgresql")  # several servers and standbys are a PostgreSQL matter
def test_a_read_only_standby_is_read_and_never_written(app: Any, store_url: str, capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["--store", store_url, "--user", "admin", "users", "add", "bob", "--role", "clerk"]) == 0
    head = app.head()
    url = _multi(store_url, "prefer-standby")
    capsys.readouterr()
    with _standby_sessions():
        for argv in (["users", "list"], ["verify"], ["show", "users"], ["status"]):
            assert main(["--store", url, "--user", "admin", *argv]) == 0, capsys.readouterr().err
        assert "bob" in capsys.readouterr().out
        # reading the event log is recorded (the read policy): a standby cannot record it, so it is not read
        assert main(["--store", url, "--user", "admin", "log"]) == 1
        out, err = capsys.readouterr()
        assert out == "" and "recorded" in err and "read it on the primary" in err
        code = main(["--store", url, "--user", "admin", "users", "add", "carol", "--role", "clerk"])
        err = capsys.readouterr().err
    assert code == 1 and "read-only server" in err and "recorded on the primary" in err
    assert app.head() == head


@requires_pg
@pytest.mark.only_on("postgresql")  # several servers and standbys are a PostgreSQL matter
async def test_the_ui_on_a_standby_offers_no_commands(app: Any, store_url: str,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    from domain.application import open_store
    from domain.commands import COMMANDS
    from tests.tui.support import screen_text
    from tui.app import SecretariatApp

    assert main(["--store", store_url, "--user", "admin", "users", "list"]) == 0
    with _standby_sessions():
        standby = open_store(_multi(store_url, "prefer-standby"))
        ui = SecretariatApp(standby, "admin", poll_seconds=3600)
        async with ui.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert not any(ui.permits(c) for c in COMMANDS.values())
            assert "read-only standby" in screen_text(ui)
        standby.close()
    assert PG_URL
