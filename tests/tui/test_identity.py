"""Identity on the command line: the acting user is the one mapped to the authenticated account (the OS
account on SQLite, the PostgreSQL role on PostgreSQL), never a name the caller chooses; `--user` only
states whom the caller expects to be. Refusals are one line, exit 1, and record nothing."""

from __future__ import annotations

import json
import stat
from pathlib import Path
from typing import Any

import pytest

from domain.access import AddUser, DeactivateUser, MapLogin
from domain.application import open_store
from domain.errors import Refused
from domain.identity import account_of
from tests.identity import act_as
from tui.cli.main import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _head(store: str) -> int:
    app = open_store(store)
    try:
        return app.head()
    finally:
        app.close()


def _api(store: str) -> Any:
    return open_store(store)


@pytest.fixture
def store(store_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--store", store_url, "--user", "admin", "init"]) == 0
    capsys.readouterr()
    return store_url


def test_init_maps_its_caller_and_the_account_decides_who_acts(store: str, capsys: pytest.CaptureFixture[str],
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    app = _api(store)
    account = account_of(app)
    assert app.user("admin").login == account and app.user_for_login(account).name == "admin"
    app.handle(AddUser(user="bob", role="clerk"), user="admin")
    app.close()
    monkeypatch.setenv("USER", "bob")  # $USER is anyone's to set: it changes nothing
    code, out, _ = _run(capsys, "--store", store, "users", "list", "--json")
    assert code == 0 and {u["name"]: u["login"] for u in map(json.loads, out.splitlines())}["admin"] == account


def test_user_option_only_states_whom_you_expect(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    app = _api(store)
    app.handle(AddUser(user="bob", role="administrator"), user="admin")
    account, head = account_of(app), app.head()
    app.close()
    code, _, err = _run(capsys, "--store", store, "--user", "bob", "users", "add", "eve", "--role", "clerk")
    assert code == 1 and err.count("\n") == 1
    assert f"'{account}' acts as user admin, not bob" in err and _head(store) == head
    assert _run(capsys, "--store", store, "--user", "admin", "users", "add", "eve", "--role", "clerk")[0] == 0


def test_an_unmapped_account_is_told_whom_to_ask(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    app = _api(store)
    account = account_of(app)
    app.handle(MapLogin(user="admin", login=""), user="admin")
    head = app.head()
    app.close()
    code, _, err = _run(capsys, "--store", store, "users", "add", "eve", "--role", "clerk")
    assert code == 1 and err.count("\n") == 1 and _head(store) == head
    assert f"'{account}' is not mapped to a user of this store; ask an administrator" in err
    assert f"secretariat users login NAME {account}" in err


def test_the_ui_refuses_an_unmapped_account_before_it_opens(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    app = _api(store)
    app.handle(MapLogin(user="admin", login=""), user="admin")
    app.close()
    code, out, err = _run(capsys, "--store", store)  # no sub-command: the terminal UI
    assert code == 1 and err.count("\n") == 1 and "is not mapped to a user of this store" in err and out == ""


def test_a_deactivated_user_cannot_act_through_their_account(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    app = _api(store)
    app.handle(AddUser(user="bob", role="administrator"), user="admin")
    app.close()
    act_as(store, "bob")
    app = _api(store)
    app.handle(DeactivateUser(user="bob"), user="admin", reason="left")
    head = app.head()
    app.close()
    code, _, err = _run(capsys, "--store", store, "users", "list")
    assert code == 1 and "user bob" in err and "is deactivated" in err and _head(store) == head


def test_an_account_acts_as_one_user_only(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    s = ["--store", store]
    assert _run(capsys, *s, "users", "add", "bob", "--role", "clerk", "--login", "bob-acct")[0] == 0
    code, _, err = _run(capsys, *s, "users", "add", "carol", "--role", "clerk", "--login", "bob-acct")
    assert code == 1 and "account bob-acct is already mapped to user bob" in err
    assert _run(capsys, *s, "users", "add", "carol", "--role", "clerk")[0] == 0
    assert _run(capsys, *s, "users", "login", "carol", "bob-acct")[0] == 1
    assert _run(capsys, *s, "users", "login", "bob", "robert")[0] == 0  # bob moves; bob-acct is free
    assert _run(capsys, *s, "users", "login", "carol", "bob-acct")[0] == 0
    code, _, err = _run(capsys, *s, "users", "login", "carol", "x", "--clear")
    assert code == 2 and "either the ACCOUNT to map or --clear" in err
    app = _api(store)
    assert app.user_for_login("bob-acct").name == "carol" and app.user_for_login("robert").name == "bob"
    with pytest.raises(Refused, match="must be 1-63 letters"):
        app.handle(MapLogin(user="bob", login="two words"), user="admin")
    app.close()


def test_a_store_from_before_accounts_matches_a_user_named_like_the_account(
        store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    app = open_store(store_url, create=True)
    account = account_of(app)
    app.bootstrap(account)  # as `init` did before users had accounts: no mapping at all
    app.handle(AddUser(user="admin", role="administrator"), user=account)
    app.close()
    code, out, _ = _run(capsys, "--store", store_url, "users", "list", "--json")
    assert code == 0 and len(out.splitlines()) == 2
    app = open_store(store_url)
    app.handle(MapLogin(user="admin", login=account), user=account)  # an explicit mapping wins
    app.close()
    code, _, err = _run(capsys, "--store", store_url, "--user", account, "users", "list")
    assert code == 1 and f"acts as user admin, not {account}" in err


def test_new_sqlite_store_files_are_the_owners_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    store = tmp_path / "office.db"
    assert main(["--store", str(store), "--user", "admin", "init"]) == 0
    assert stat.S_IMODE(store.stat().st_mode) == 0o600
    for companion in tmp_path.glob("office.db-*"):
        assert stat.S_IMODE(companion.stat().st_mode) == 0o600
    shared = tmp_path / "shared.db"
    code, _, err = _run(capsys, "--store", str(shared), "--user", "admin", "init", "--group", "no-such-group-x")
    assert code == 2 and "no group named 'no-such-group-x'" in err and not shared.exists()
    assert main(["--store", str(shared), "--user", "admin", "init", "--group", "root"]) == 0
    assert stat.S_IMODE(shared.stat().st_mode) == 0o660 and shared.stat().st_gid == 0


def test_approvals_on_the_command_line(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    """The threshold is the administrator's; a payment above it waits; its maker's approval is refused in
    one line (exit 1) and records nothing; another user's approval makes it."""
    from datetime import date
    from decimal import Decimal

    from domain import finance as f
    from domain.organisation import EstablishCommission, ScheduleElection

    app = _api(store)
    for command in (
        ScheduleElection(code="PE26", election_name="P", kind="parliamentary", voting_day=date(2026, 9, 1)),
        EstablishCommission(election="PE26", constituency=1, commission_name="ConEC 1"),
        f.OpenBudget(year=2026, source="STATE", budget_title="State budget"),
        f.AddBudgetLine(year=2026, source="state", economic_code="2211", cost_centre="pec", amount=Decimal("900")),
        f.Allocate(line="2026-STATE-2211-PEC", commission="PE26/001", amount=Decimal("900"),
                   allocated_on=date(2026, 5, 1), report_due=date(2026, 10, 1)),
        f.RegisterBankAccount(commission="PE26/001", bank="DAB", account_number="AF001"),
        AddUser(user="bob", role="clerk"),
    ):
        app.handle(command, user="admin")
    app.close()
    code, out, _ = _run(capsys, "--store", store, "approvals", "threshold", "1,000.5x")
    assert code == 2
    assert _run(capsys, "--store", store, "approvals", "threshold", "100")[0] == 0
    app = _api(store)
    result = app.handle(f.Transfer(allocation="AL-2026-STATE-0001", amount=Decimal("500"), payment_order="PO-1",
                                   value_date=date(2026, 5, 2)), user="admin")
    entry, head = str(result.outcome.record_ids[0]), app.head()
    app.close()
    code, _, err = _run(capsys, "--store", store, "approvals", "approve", entry)
    assert code == 1 and err.count("\n") == 1 and "admin entered this payment and cannot approve" in err
    assert _head(store) == head
    code, out, _ = _run(capsys, "--store", store, "show", "approvals", "--json")
    assert json.loads(out)["status"] == "awaiting approval" and json.loads(out)["amount"] == "500.00"
    act_as(store, "bob")
    code, out, _ = _run(capsys, "--store", store, "approvals", "approve", entry)
    assert code == 0 and "approved by bob" in out
