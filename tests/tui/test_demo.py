"""The demo history (`secretariat demo`, tui/demo.py) and the bulk path it runs on (Secretariat.handle_many):
deterministic, built on the seeds' structure through the real rules, refused where it must write nothing."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from domain.access import AddUser, DeactivateUser
from domain.application import open_store
from domain.contexts import CONTEXTS
from domain.demo.base import DEFAULT_EVENTS, DemoHistory
from domain.errors import NotPermitted, Refused
from domain.organisation import AppointMember, EstablishCommission, EstablishUnit, ScheduleElection, unit_id
from projections.bulk import load_demo
from tests.identity import act_as, bootstrap_here
from tui.cli.main import main

REGISTERS = ("units", "elections", "commissions", "commission-members", "staff-table", "users")
DIRECTORATES_UNDER = {
    "DEP-SC": {"PUB-OUT", "EXT-REL", "MEDIA"},
    "DEP-OPS": {"PLAN", "IT", "FIELD-OPS", "TRAIN"},
    "DEP-FA": {"FIN", "HR", "GENDER", "LOG", "PROC"},
    "SEC": {"LEGAL"},
}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _show(capsys: pytest.CaptureFixture[str], store: str, register: str) -> list[dict[str, Any]]:
    code, out, err = _run(capsys, "--store", store, "--user", "admin", "show", register, "--json")
    assert code == 0, err
    return [json.loads(line) for line in out.splitlines()]


def _events(store: str) -> list[tuple[str, str, int]]:
    """(topic, record id, version) of every stored event, in order; the login `init` maps is left out (its
    id is the authenticated account's: the OS account on SQLite, the PostgreSQL role on PostgreSQL)."""
    app = open_store(store)
    try:
        return [(n.topic, str(n.originator_id), n.originator_version)
                for n in app.recorder.select_notifications(start=1, limit=1_000_000)
                if n.topic != "domain.access:Login.Created"]
    finally:
        app.close()


def _head(store: str) -> int:
    app = open_store(store)
    try:
        return app.head()
    finally:
        app.close()


def _init(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert _run(capsys, "--store", store, "--user", "admin", "init")[0] == 0


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One SQLite store with the default demo, shared by the tests that only read it."""
    store = str(tmp_path_factory.mktemp("demo") / "demo.db")
    app = open_store(store, create=True)
    bootstrap_here(app)
    written = load_demo(app, "admin")
    app.close()
    assert written >= DEFAULT_EVENTS - 2
    yield store


# ---- determinism ------------------------------------------------------------------------------------

def test_same_seed_gives_the_same_events_and_registers_on_either_store(
        store_url: str, demo_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    _init(store_url, capsys)
    code, _out, err = _run(capsys, "--store", store_url, "--user", "admin", "demo")
    assert code == 0, err
    assert _events(store_url) == _events(demo_store)
    for register in REGISTERS:
        here, there = _show(capsys, store_url, register), _show(capsys, demo_store, register)
        if register == "users":  # the first administrator's account is each store's authenticated one
            here, there = ([{k: v for k, v in row.items() if k != "login"} for row in rows] for rows in (here, there))
        assert here == there, register


def test_the_seed_chooses_the_people_not_the_structure() -> None:
    def commands(seed: int, kind: type) -> list[Any]:
        return [s.command for s in DemoHistory(seed, "admin").base() if isinstance(s.command, kind)]

    assert commands(1, AddUser) == commands(1, AddUser)
    assert commands(1, EstablishUnit) == commands(2, EstablishUnit)
    assert commands(1, AddUser) != commands(2, AddUser)
    assert commands(1, AppointMember) != commands(2, AppointMember)


# ---- structure ----------------------------------------------------------------------------------------

def test_units_follow_the_iec_secretariat(demo_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    units = {u["code"]: u for u in _show(capsys, demo_store, "units")}
    kinds = Counter(u["kind"] for u in units.values())
    assert kinds["office"] == 1 and kinds["deputy"] == 3 and kinds["department"] == 13
    assert kinds["provincial"] == 34 and kinds["sector"] >= 5
    assert units["SEC"]["name"] == "Office of the Chief Electoral Officer"
    for parent, directorates in DIRECTORATES_UNDER.items():
        assert {c for c, u in units.items() if u["kind"] == "department" and u["parent_code"] == parent} == directorates
    assert {u["parent_code"] for u in units.values() if u["kind"] == "sector"} <= {"IT", "HR", "TRAIN", "EXT-REL",
                                                                                    "MEDIA"}
    assert "Sector of Automation of Information Systems" in {u["name"] for u in units.values()}
    provincial = [u for u in units.values() if u["kind"] == "provincial"]
    assert all(u["positions_total"] == 4 and u["active"] == 1 for u in provincial)
    names = {u["name"] for u in provincial}
    assert {"Kabul Provincial Office", "Herat Provincial Office", "Badakhshan Provincial Office"} <= names
    staff = _show(capsys, demo_store, "staff-table")
    kabul = {p["title"] for p in staff if p["unit_code"] == "PO-KAB"}
    assert kabul == {"Provincial Director", "Public Outreach Officer", "Information Technology Officer",
                     "Finance and Administration Officer"}
    assert sum(1 for p in staff if not p["unit_code"].startswith("PO-")) > 80  # HQ staff tables


def test_each_province_has_its_commissions(demo_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    elections = {e["code"]: e for e in _show(capsys, demo_store, "elections")}
    # one election cycle: the current election, voting day Saturday 17 October 2026, the demo's year
    assert {"kind": "parliamentary", "voting_day": "2026-10-17"}.items() <= elections["WJ-2026"].items()
    assert elections["PC-2014"]["kind"] == "provincial"
    commissions = _show(capsys, demo_store, "commissions")
    for election in ("WJ-2026", "PC-2014"):
        constituencies = [c for c in commissions if c["level"] == "constituency" and c["label"].startswith(election)]
        assert len(constituencies) == 34
        assert all(c["precincts"] >= 1 and c["members"] == 5 and c["chair"] for c in constituencies)
    kabul = next(c for c in commissions if c["label"] == "WJ-2026/001")
    assert kabul["name"] == "Kabul Constituency Election Commission" and kabul["precincts"] >= 8
    precincts = [c for c in commissions if c["level"] == "precinct"]
    assert all(c["chair"] and c["members"] >= 5 for c in precincts)
    assert sum(1 for c in precincts if c["dissolved_on"]) >= 3
    roles = Counter(m["role"] for m in _show(capsys, demo_store, "commission-members"))
    assert set(roles) == {"chair", "deputy chair", "secretary", "member"}


def test_users_are_attached_to_units(demo_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    users = _show(capsys, demo_store, "users")
    units = {u["code"] for u in _show(capsys, demo_store, "units")}
    roles = Counter(role for u in users for role in u["roles"].split(","))
    assert roles["clerk"] >= 34 and roles["head"] >= 34 + 13 and roles["auditor"] == 1 and roles["administrator"] == 2
    assert all(u["office"] in units for u in users if u["name"] != "admin")
    assert sum(1 for u in users if not u["active"]) >= 1
    assert sum(1 for u in users if u["clearance"] == "confidential") == 2


# ---- every rule held ------------------------------------------------------------------------------------

def test_the_chain_verifies_and_every_batch_was_recorded(demo_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--store", demo_store, "verify", "--json")
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["count"] == _head(demo_store)
    code, out, _ = _run(capsys, "--store", demo_store, "--user", "admin", "log", "--json")
    log = [json.loads(line) for line in out.splitlines()]
    batches = {e["command_id"].split("/")[0] for e in log if e["command_id"].startswith("demo-")}
    receipts = [e for e in log if e["type"] == "CommandReceipt.Recorded" and e["command_id"].startswith("demo-")]
    assert {r["command_id"] for r in receipts} == batches  # no batch was refused
    reasons = [e["reason"] for e in log if e["type"] in ("Commission.MemberRemoved", "Commission.Dissolved",
                                                         "User.RoleRevoked", "User.Deactivated")]
    assert reasons and all(reasons)
    assert len({e["actor"] for e in log}) > 30  # provincial clerks entered their own commissions


def test_a_batch_records_what_the_same_commands_one_by_one_record(tmp_path: Path) -> None:
    steps = [s for s in DemoHistory(7, "admin").base()][:300]
    one_by_one, batched = open_store(str(tmp_path / "a.db"), create=True), open_store(str(tmp_path / "b.db"),
                                                                                        create=True)
    for app in (one_by_one, batched):
        bootstrap_here(app)
    for s in steps:
        one_by_one.handle(s.command, user=s.user, reason=s.reason)
    batched.handle_many([(s.command, s.reason) for s in steps], user="admin", command_id_prefix="structure")

    def events(app: Any) -> list[tuple[str, Any, int]]:
        return [(n.topic, n.originator_id, n.originator_version)
                for n in app.recorder.select_notifications(start=3, limit=10_000) if "CommandReceipt" not in n.topic]

    assert events(one_by_one) == events(batched)
    assert len(events(batched)) > len(steps)


# ---- refusals ------------------------------------------------------------------------------------------------

def test_refused_on_a_store_with_history_and_for_a_non_administrator(
        store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _init(store_url, capsys)
    assert _run(capsys, "--store", store_url, "--user", "admin", "users", "add", "bob", "--role", "clerk")[0] == 0
    head = _head(store_url)
    code, _, err = _run(capsys, "--store", store_url, "--user", "admin", "demo")
    assert code == 1 and "fresh store" in err and err.count("\n") == 1
    assert _head(store_url) == head
    act_as(store_url, "bob")
    head = _head(store_url)
    code, _, err = _run(capsys, "--store", store_url, "--user", "bob", "demo")
    assert code == 1 and "only administrators" in err and err.count("\n") == 1
    assert _head(store_url) == head


def test_a_loaded_store_refuses_a_second_demo(demo_store: str) -> None:
    app = open_store(demo_store)
    try:
        head = app.head()
        with pytest.raises(Refused, match="fresh store"):
            load_demo(app, "admin")
        assert app.head() == head
    finally:
        app.close()


def test_a_refusal_inside_a_batch_writes_nothing(app: Any) -> None:
    head = app.head()
    with pytest.raises(Refused, match=r"command 3 \(commissions.appoint\).*no commission"):
        app.handle_many([
            EstablishUnit(code="SEC", unit_name="Office of the Chief Electoral Officer", kind="office"),
            EstablishUnit(code="DEP-OPS", unit_name="Operational Deputy Office", kind="deputy", parent="SEC"),
            AppointMember(election="WJ-2018", constituency=1, member="Fatima Karimi", role="chair"),
            EstablishUnit(code="LEGAL", unit_name="Legal Directorate", kind="department", parent="SEC"),
        ], user="admin", command_id_prefix="bad-batch")
    with pytest.raises(Refused, match="needs a reason"):
        app.handle_many([AddUser(user="bob", role="clerk"), DeactivateUser(user="bob")], user="admin",
                        command_id_prefix="no-reason")
    app.handle(AddUser(user="bob", role="clerk"), user="admin")
    head = app.head()
    with pytest.raises(NotPermitted):
        app.handle_many([ScheduleElection(code="WJ-2018", election_name="Wolesi Jirga Elections 2018",
                                          kind="parliamentary", voting_day=date(2018, 10, 20))],
                        user="bob", command_id_prefix="clerk-batch")
    assert app.head() == head
    assert app.find(unit_id("SEC")) is None


def test_a_batch_is_one_transaction_with_one_receipt(app: Any) -> None:
    batch = [EstablishUnit(code="SEC", unit_name="Office of the Chief Electoral Officer", kind="office"),
             (EstablishUnit(code="LEGAL", unit_name="Legal Directorate", kind="department", parent="SEC"), "seed")]
    head = app.head()
    result = app.handle_many(batch, user="admin", command_id_prefix="batch-1")
    assert result.commands == 2 and result.events == 4 and result.position == head + 4  # 3 events and a receipt
    again = app.handle_many(batch, user="admin", command_id_prefix="batch-1")
    assert again.replayed and app.head() == head + 4
    with pytest.raises(Refused, match="already used"):
        app.handle_many(batch[:1], user="admin", command_id_prefix="batch-1")
    envelopes = [app.mapper.to_domain_event(n).envelope
                 for n in app.recorder.select_notifications(start=head + 1, limit=10)]
    assert [e.command_id for e in envelopes] == ["batch-1/1", "batch-1/2", "batch-1/2", "batch-1"]
    assert [e.reason for e in envelopes] == ["", "seed", "seed", ""]
    assert len({e.correlation_id for e in envelopes}) == 1
    legal = app.find(unit_id("LEGAL"))
    assert legal is not None and legal.parent_id == unit_id("SEC")


# ---- size --------------------------------------------------------------------------------------------------

def test_events_option_grows_the_history_to_at_least_n(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # SQLite only: the PostgreSQL store already runs the whole default demo in the determinism test.
    store_url = str(tmp_path / "grown.db")
    _init(store_url, capsys)
    code, out, err = _run(capsys, "--store", store_url, "--user", "admin", "demo", "--events", "22000", "--seed", "3")
    assert code == 0, err
    head = _head(store_url)
    assert 22000 <= head < 22100 and f"the store holds {head} events" in out
    code, out, _ = _run(capsys, "--store", store_url, "--user", "admin", "status", "--json")
    assert all(r["lag"] == 0 for r in json.loads(out)["registers"])
    commissions = _show(capsys, store_url, "commissions")
    assert len(commissions) > 1000
    assert all(c["chair"] and c["members"] >= 5 for c in commissions)  # no batch ended mid-commission


def test_each_command_of_a_batch_may_act_as_its_own_user(app: Any) -> None:
    head = app.head()
    result = app.handle_many([
        (AddUser(user="bob", role="clerk"), "", ""),  # the batch's own user (admin)
        (EstablishUnit(code="SEC", unit_name="Office", kind="office"), "", "admin"),
        (ScheduleElection(code="WJ-2018", election_name="Wolesi Jirga Elections 2018", kind="parliamentary",
                          voting_day=date(2018, 10, 20)), "", "admin"),
        (EstablishCommission(election="WJ-2018", constituency=1, commission_name="Kabul"), "", "bob"),
    ], user="admin", command_id_prefix="turns")
    assert result.commands == 4
    envelopes = [app.mapper.to_domain_event(n).envelope
                 for n in app.recorder.select_notifications(start=head + 1, limit=10)]
    assert [(e.actor_name, e.role) for e in envelopes][-2:] == [("bob", "clerk"), ("admin", "administrator")]
    # bob was added earlier in the same batch and acts later in it; the receipt is the batch owner's
    head = app.head()
    with pytest.raises(Refused, match=r"command 2 \(commissions.establish\): unknown user 'eve'"):
        app.handle_many([(EstablishUnit(code="FIN", unit_name="Finance", kind="office"), "", "admin"),
                         (EstablishCommission(election="WJ-2018", constituency=2, commission_name="Herat"), "",
                          "eve")], user="admin", command_id_prefix="stranger")
    with pytest.raises(Refused, match=r"command 2 .*bob is deactivated"):
        app.handle_many([(DeactivateUser(user="bob"), "contract ended", "admin"),
                         (EstablishCommission(election="WJ-2018", constituency=2, commission_name="Herat"), "",
                          "bob")], user="admin", command_id_prefix="left")
    with pytest.raises(NotPermitted):
        app.handle_many([(ScheduleElection(code="PC-2019", election_name="Provincial Councils", kind="provincial",
                                           voting_day=date(2019, 9, 28)), "", "bob")],
                        user="admin", command_id_prefix="not-his")
    assert app.head() == head  # every refused batch wrote nothing


def test_the_demo_writes_events_of_every_context(demo_store: str) -> None:
    """Every context named in domain.contexts has its part of the demo history (its own demo module, or a
    sibling's part that writes its records)."""
    # domain.supplies.stock:Stock.Received is of `supplies` (a context's domain may be a package)
    written = {topic.split(":")[0].removeprefix("domain.").split(".")[0] for topic, _, _ in _events(demo_store)}
    missing = [ctx for ctx in CONTEXTS if ctx not in written]
    assert not missing, f"the demo writes no event of {missing}"
