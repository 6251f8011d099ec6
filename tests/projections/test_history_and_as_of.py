"""A record's own history with the fields each event changed, and registers as of a date or position."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from domain.access import AddUser, GrantRole, SetClearance
from domain.errors import Refused
from domain.organisation import EstablishUnit, RenameUnit, unit_id
from projections.asof import as_of, position_at, recorded_at
from projections.history import history
from projections.registers import read_register
from projections.runner import all_projections
from tests.identity import act_as
from tui.cli.main import main


def test_history_lists_events_oldest_first_with_envelope_and_changes(app: Any) -> None:
    app.handle(EstablishUnit(code="HR", unit_name="Human [b]Resources[/b]", kind="department"), user="admin")
    app.handle(RenameUnit(code="HR", unit_name="Personnel"), user="admin", reason="new structure")
    entries = history(app, unit_id("HR"))
    assert [e.type for e in entries] == ["Unit.Established", "Unit.Renamed"]
    assert entries[0].changes["name"] == (None, "Human [b]Resources[/b]")
    assert entries[1].changes == {"name": ("Human [b]Resources[/b]", "Personnel")}
    assert entries[1].envelope.reason == "new structure" and entries[1].envelope.actor_name == "admin"
    assert entries[0].position < entries[1].position


def test_history_of_a_bad_id_is_refused(app: Any) -> None:
    with pytest.raises(Refused, match="not a record id"):
        history(app, "not-a-uuid")


def test_as_of_a_position_and_a_date(app: Any) -> None:
    app.handle(AddUser(user="bob", role="clerk"), user="admin")
    before_grant = app.head()
    app.handle(GrantRole(user="bob", role="head"), user="admin")
    app.handle(SetClearance(user="bob", clearance="confidential"), user="admin")
    moment = recorded_at(app, before_grant)  # the instant bob was added: the grant came after it
    assert recorded_at(app, before_grant + 1) > moment
    assert position_at(app, moment) == before_grant
    assert position_at(app, moment - timedelta(microseconds=1)) < before_grant  # one command: one instant
    assert position_at(app, datetime(2000, 1, 1, tzinfo=UTC)) == 0
    db, conn = as_of(app, before_grant)
    bob = [r for r in read_register(db, conn, "users") if r["name"] == "bob"]
    assert bob == [{"name": "bob", "full_name": "", "roles": "clerk", "office": None, "clearance": "none",
                    "active": 1, "login": None, "language": None, "calendar": "gregorian", "digits": "latin"}]
    with pytest.raises(Refused, match="outside the history"):
        as_of(app, app.head() + 1)


def test_show_status_rebuild_and_history_on_the_command_line(app: Any, store_url: str,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    act_as(store_url, "admin")
    s = ["--store", store_url, "--user", "admin"]
    assert main([*s, "users", "add", "bob", "--role", "clerk"]) == 0
    assert main([*s, "users", "grant", "bob", "head"]) == 0
    capsys.readouterr()
    assert main([*s, "show", "users", "--json"]) == 0
    rows = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [r["roles"] for r in rows] == ["administrator", "clerk,head"]
    assert main([*s, "show", "users", "--as-of", str(app.head() - 2), "--json"]) == 0
    assert [json.loads(x)["roles"] for x in capsys.readouterr().out.splitlines()] == ["administrator", "clerk"]
    assert main([*s, "rebuild", "users", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)["registers"][0]
    assert summary["register"] == "users" and summary["events"] == 4 and summary["rows"] == 2
    assert set(summary) >= {"events", "rows", "seconds", "events_per_second"}
    assert main([*s, "status", "--json"]) == 0
    status = {r["name"]: r for r in json.loads(capsys.readouterr().out)["registers"]}
    assert set(status) == {p.name for p in all_projections()} >= {"organisation", "users", "event-log"}
    assert status["users"]["lag"] == 0 and status["users"]["position"] == status["users"]["head"]
    assert main([*s, "log", "--json", "--type", "RegisterRebuild.Recorded"]) == 0
    assert json.loads(capsys.readouterr().out)["payload"]["register"] == "users"
    bob = app.user("bob").id
    assert main([*s, "history", str(bob), "--json"]) == 0
    changes = [json.loads(x)["changes"] for x in capsys.readouterr().out.splitlines()]
    assert changes[1] == {"roles": [["clerk"], ["clerk", "head"]]}
    assert main([*s, "show", "nonsense"]) == 2  # bad usage, naming the registers
    assert "unknown register 'nonsense'" in capsys.readouterr().err
