"""A PostgreSQL connection lost mid-command (server restart, failover, an administrator ending sessions):
the command is still recorded once, stale pooled connections are replaced, and nothing says 'unexpected'."""

from __future__ import annotations

import os
import uuid
from typing import Any

import pytest

from tests.pg import PG_URL, requires_pg
from tests.tui.support import wait_for, workers_done
from tui.cli.main import main

pytestmark = requires_pg


@pytest.fixture
def own_connections(monkeypatch: pytest.MonkeyPatch) -> str:
    """Every connection this test opens carries its own application name, so only those are ended."""
    name = "secretariat-test-" + uuid.uuid4().hex[:8]
    monkeypatch.setenv("PGAPPNAME", name)
    return name


def _end_sessions(name: str) -> int:
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True, application_name="secretariat-test-killer") as conn:
        return conn.execute("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                            "WHERE application_name = %s AND pid <> pg_backend_pid()", (name,)).fetchone()[0]


@pytest.mark.only_on("postgresql")  # a lost server connection is a PostgreSQL matter
def test_sessions_ended_mid_command_still_record_it_once(own_connections: str, store_url: str,
                                                         capsys: pytest.CaptureFixture[str],
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from domain.application import Secretariat

    assert main(["--store", store_url, "--user", "admin", "init"]) == 0
    save = Secretariat._save
    ended: list[int] = []

    def save_after_the_server_ends_our_sessions(self: Secretariat, *args: Any) -> Any:
        ended.append(_end_sessions(own_connections))  # the command has read what it needed; now the outage
        return save(self, *args)

    monkeypatch.setattr(Secretariat, "_save", save_after_the_server_ends_our_sessions)
    code = main(["--store", store_url, "--user", "admin", "--command-id", "c1", "users", "add", "bob",
                 "--role", "clerk"])
    err = capsys.readouterr().err
    assert code == 0, err
    assert ended and ended[0] > 0
    monkeypatch.setattr(Secretariat, "_save", save)
    assert main(["--store", store_url, "--user", "admin", "--command-id", "c1", "users", "add", "bob",
                 "--role", "clerk"]) == 0
    assert "already recorded" in capsys.readouterr().out
    assert main(["--store", store_url, "--user", "admin", "users", "list", "--json"]) == 0
    assert capsys.readouterr().out.count('"name": "bob"') == 1


@pytest.mark.only_on("postgresql")  # a lost server connection is a PostgreSQL matter
def test_stale_pooled_connections_fail_no_command(own_connections: str, store_url: str) -> None:
    from domain.access import AddUser
    from domain.application import open_store

    app = open_store(store_url, create=True)
    app.bootstrap("admin")
    for n in range(3):
        app.handle(AddUser(user=f"u{n}", role="clerk"), user="admin")
        assert _end_sessions(own_connections) > 0  # every pooled connection is now stale
    assert [u for u in ("u0", "u1", "u2") if app.user(u) is None] == []
    app.close()


@pytest.mark.only_on("postgresql")  # a lost server connection is a PostgreSQL matter
def test_registers_reconnect_after_the_command_is_recorded(own_connections: str, store_url: str,
                                                           capsys: pytest.CaptureFixture[str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from projections.runner import Registers

    assert main(["--store", store_url, "--user", "admin", "init"]) == 0
    setup = Registers.setup
    calls: list[int] = []

    def setup_then_lose_the_connection(self: Registers, *args: Any, **kwargs: Any) -> Any:
        done = setup(self, *args, **kwargs)
        if not calls:
            calls.append(_end_sessions(own_connections))
        return done

    monkeypatch.setattr(Registers, "setup", setup_then_lose_the_connection)
    code = main(["--store", store_url, "--user", "admin", "users", "add", "carol", "--role", "clerk"])
    out = capsys.readouterr()
    assert code == 0, out.err
    assert "carol added" in out.out and "unexpected" not in out.err
    assert os.environ["PGAPPNAME"] == own_connections


@pytest.mark.only_on("postgresql")  # a lost server connection is a PostgreSQL matter
async def test_the_ui_reconnects_and_says_so_once(own_connections: str, store_url: str) -> None:
    from domain.application import open_store
    from domain.organisation import EstablishUnit
    from tui.app import SecretariatApp

    app = open_store(store_url, create=True)
    app.bootstrap("admin")
    ui = SecretariatApp(app, "admin", poll_seconds=0.2)
    notes: list[str] = []
    async with ui.run_test(size=(110, 40)) as pilot:
        real_notify = ui.notify

        def notify(message: Any, *args: Any, **kwargs: Any) -> None:
            notes.append(str(message))
            real_notify(message, *args, **kwargs)

        ui.notify = notify  # type: ignore[method-assign]
        await workers_done(ui)  # the inbox count's connection is open too
        assert _end_sessions(own_connections) > 0
        app.handle(EstablishUnit(code="NEW", unit_name="Written after the outage", kind="office"), user="admin")
        await wait_for(pilot, lambda: any("Reconnected" in n for n in notes), seconds=20)
        # the poller reads on through the new connections (and says "Reconnected" no second time)
        app.handle(EstablishUnit(code="NEW2", unit_name="Written after reconnecting", kind="office"), user="admin")
        await wait_for(pilot, lambda: ui.known_head == app.head(), seconds=20)
        await workers_done(ui)
    assert [n for n in notes if "Reconnected" in n] == ["Reconnected to the store"]
    assert not [n for n in notes if "Could not read" in n]
    app.close()
