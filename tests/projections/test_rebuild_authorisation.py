"""Who may rebuild registers is decided by the domain (`Secretariat.check_rebuild`, `domain.maintenance.REBUILDERS`):
an administrator on demand; a clerk's rebuild is refused before anything is rebuilt or recorded, through the API
and the command line alike. The start-up rebuild of a register whose version changed stays anyone's maintenance."""

from __future__ import annotations

from typing import Any

import pytest

from domain.access import AddUser
from domain.errors import NotPermitted
from projections.registers import read_register
from projections.runner import Registers
from tests.identity import act_as
from tui.cli.main import main


@pytest.fixture
def registers(app: Any) -> Any:
    app.handle(AddUser(user="bob", role="clerk"), user="admin")
    built = Registers(app)
    built.setup()
    built.catch_up()
    yield built
    built.close()


def test_a_clerk_may_not_rebuild_through_the_api(app: Any, registers: Any) -> None:
    head = app.head()
    with pytest.raises(NotPermitted, match="only administrators rebuild registers; bob is clerk"):
        registers.rebuild(["users"], user="bob", reason="trying")
    with pytest.raises(NotPermitted, match="only administrators rebuild registers"):
        app.record_rebuild("bob", "users", 1, 1, 0, 0, 0.0, "a record of a rebuild that was not allowed")
    assert app.head() == head  # nothing recorded
    assert [r["name"] for r in read_register(registers.db, registers.conn, "users")] == ["admin", "bob"]


def test_an_administrator_rebuilds_and_it_is_recorded(app: Any, registers: Any) -> None:
    head = app.head()
    [summary] = registers.rebuild(["users"], user="admin", reason="checking")
    assert summary.register == "users" and app.head() == head + 1


def test_a_start_up_rebuild_is_anyones_maintenance(app: Any, registers: Any) -> None:
    head = app.head()
    registers.rebuild(["users"], user="bob", reason="register version changed; rebuilt on start", on_start=True)
    assert app.head() == head + 1


def test_a_clerk_may_not_rebuild_on_the_command_line(app: Any, registers: Any, store_url: str,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    act_as(store_url, "bob")
    head = app.head()
    capsys.readouterr()
    assert main(["--store", store_url, "rebuild", "users"]) == 1
    err = capsys.readouterr().err
    assert "only administrators rebuild registers; bob is clerk" in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert app.head() == head
