"""The dashboard's figures (projections/dashboard.py) on a demo store, SQLite and PostgreSQL: each equals the
report computing the same thing, for headquarters and for a provincial office; every link whose row count is
the figure opens exactly that many records; tiles whose register is absent are left out; the JSON carries
numbers only."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from domain.application import open_store
from projections import dashboard as dash
from projections.bulk import load_demo
from projections.paging import RegisterQuery
from projections.registers import register
from projections.reports import ReportContext, run_report
from projections.runner import Registers
from tests.conftest import STORES
from tests.demo_store import DemoStores
from tests.identity import act_as, bootstrap_here
from tests.pg import drop_schema, new_schema

DAYS = (date(2026, 12, 1), date(2026, 10, 10))  # the day after the demo's history ends; a week before voting day
PROVINCE = "PO-BAL"


@pytest.fixture(scope="module", params=STORES)
def demo_store(request: pytest.FixtureRequest, demo_stores: DemoStores,
               tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    """A demo store's URL and its open application (the base history only); 'admin' is mapped to this process's
    account, so the command line acts as them. SQLite: a copy of the one written for this test process."""
    schema = None
    if request.param == "sqlite":
        url = str(demo_stores.copy(tmp_path_factory.mktemp("dashboard-demo"), mapped=True))
        app = open_store(url)
    else:
        from tests.pg import PG_URL

        schema = new_schema()
        url = f"{PG_URL}?schema={schema}"
        app = open_store(url, create=True)
        bootstrap_here(app)
        load_demo(app, "admin", events=1)
    yield url, app
    app.close()
    if schema:
        drop_schema(schema)


@pytest.fixture(scope="module")
def demo(demo_store: tuple[str, Any]) -> Iterator[Registers]:
    registers = Registers(demo_store[1])
    registers.setup()
    registers.catch_up()
    yield registers
    registers.close()


def report(demo: Registers, name: str, today: date, **params: str) -> Any:
    return run_report(ReportContext(demo.db, demo.conn, today, cleared=False, params=params), name, ["head"])


def board(demo: Registers, today: date, office: str | None = None) -> dash.Dashboard:
    audience, offices = dash.scope_for(demo.db, demo.conn, office)
    return dash.build(demo.db, demo.conn, today, offices=offices, audience=audience)


def bars(d: dash.Dashboard, key: str) -> dict[str, int]:
    chart = d.chart(key)
    assert chart is not None, f"no chart {key}"
    return {b.label: b.value for b in chart.bars}


@pytest.mark.parametrize("today", DAYS)
def test_figures_equal_the_reports(demo: Registers, today: date) -> None:
    d = board(demo, today)
    overdue = report(demo, "overdue-appeals", today)
    assert d.tile("overdue_appeals").value == len(overdue.rows)  # type: ignore[union-attr]
    assert bars(d, "overdue_appeals_by_unit") == Counter(r[5] for r in overdue.rows)

    control = report(demo, "documents-under-control", today)
    late = [r for r in control.rows if r[6] > 0]
    assert d.tile("overdue_documents").value == len(late)  # type: ignore[union-attr]
    assert bars(d, "overdue_documents_by_unit") == Counter(r[4] for r in late)

    execution = report(demo, "budget-execution", today, year=str(today.year))
    budget, transferred = sum(r[1] for r in execution.rows), sum(r[3] for r in execution.rows)
    assert d.tile("budget_execution").value == 100 * transferred // budget  # type: ignore[union-attr]
    lines = d.chart("budget_by_line")
    assert lines is not None
    assert [(b.label, b.value, b.plan) for b in lines.bars] == [(r[0], r[3], r[1]) for r in execution.rows]

    provinces = d.chart("budget_by_province")
    assert provinces is not None
    election = provinces.title.split("(")[1].split(")")[0]
    per_commission = report(demo, "allocations-vs-transfers", today, election=election).rows
    by_constituency: Counter[int] = Counter()
    planned: Counter[int] = Counter()
    for commission, _n, allocated, sent, _u, _p in per_commission:
        number = int(commission.split("/")[1][:3])
        by_constituency[number] += sent
        planned[number] += allocated
    assert sorted(b.value for b in provinces.bars) == sorted(by_constituency.values())
    assert sum(b.plan or 0 for b in provinces.bars) == sum(planned.values())
    assert len(provinces.bars) == 34

    vacancies = report(demo, "vacancies", today)
    assert d.tile("vacant_posts").value == len(vacancies.rows)  # type: ignore[union-attr]
    posts = d.chart("posts_by_unit")
    assert posts is not None
    assert {b.label: (b.plan or 0) - b.value for b in posts.bars if (b.plan or 0) - b.value} == \
        Counter(r[0] for r in vacancies.rows)
    week_ago = report(demo, "vacancies", today - timedelta(days=7))
    assert d.tile("vacant_posts").previous == len(week_ago.rows)  # type: ignore[union-attr]

    accredited = report(demo, "accredited-list", today)
    tile = d.tile("accredited")
    assert tile is not None
    election = tile.label.removeprefix("Accredited ")
    mine = [r for r in accredited.rows if r[0] == election]
    assert tile.value == len(mine)
    assert bars(d, "accredited_by_category") == Counter(r[1] for r in mine)


def test_the_figures_are_not_all_zero(demo: Registers) -> None:
    """The days chosen exercise the figures (a test of zeros would hold for a dashboard that reads nothing)."""
    d = board(demo, DAYS[1])
    assert sum(d.chart("appeals_per_week").values) > 0  # type: ignore[union-attr]
    assert sum(d.chart("letters_per_week").values) > 0  # type: ignore[union-attr]
    assert d.tile("accredited").value > 0  # type: ignore[union-attr]
    assert d.tile("vacant_posts").value > 0  # type: ignore[union-attr]
    later = board(demo, DAYS[0])
    assert later.tile("overdue_appeals").value > 0  # type: ignore[union-attr]
    assert 0 < later.tile("budget_execution").value < 100  # type: ignore[union-attr]


@pytest.mark.parametrize("today", DAYS)
@pytest.mark.parametrize("office", [None, PROVINCE, "PO-KAB", "FIN"])
def test_every_counting_link_opens_exactly_the_records_counted(demo: Registers, today: date,
                                                               office: str | None) -> None:
    d = board(demo, today, office)
    links = [(t.label, t.value, t.link) for t in d.tiles]
    links += [(f"{c.title}: {b.label}", b.value, b.link) for c in d.charts for b in c.bars]
    links += [(c.title, sum(c.values), c.link) for c in d.charts if c.kind == "series"]
    checked = 0
    for label, value, link in links:
        if link is None or not link.counts:
            continue
        r = register(link.register)
        q = RegisterQuery(demo.db, demo.conn, r, filter=link.filter, restriction=r.restriction(False), today=today)
        assert q.problem is None, f"{label}: {link.filter}: {q.problem}"
        assert q.count() == value, f"{label}: {link.register} {link.filter!r} shows {q.count()}, not {value}"
        checked += 1
    assert checked >= 20


@pytest.mark.parametrize("today", DAYS)
def test_a_provincial_office_sees_its_province_only(demo: Registers, today: date) -> None:
    d = board(demo, today, PROVINCE)
    assert d.offices == frozenset({PROVINCE})
    assert d.audience == f"Balkh Provincial Office ({PROVINCE})"
    overdue = report(demo, "overdue-appeals", today)
    assert d.tile("overdue_appeals").value == sum(1 for r in overdue.rows if r[5] == PROVINCE)  # type: ignore
    assert set(bars(d, "overdue_appeals_by_unit")) <= {PROVINCE}
    vacancies = report(demo, "vacancies", today)
    assert d.tile("vacant_posts").value == sum(1 for r in vacancies.rows if r[0] == PROVINCE)  # type: ignore
    assert list(bars(d, "posts_by_unit")) == [PROVINCE]
    # Its budget: the allocations to Balkh's commissions only (constituency 21), against the report.
    provinces = d.chart("budget_by_province")
    assert provinces is not None and [b.label for b in provinces.bars] == ["Balkh"]
    election = provinces.title.split("(")[1].split(")")[0]
    mine = [r for r in report(demo, "allocations-vs-transfers", today, election=election).rows
            if r[0].startswith(f"{election}/021")]
    assert provinces.bars[0].value == sum(r[3] for r in mine)
    assert provinces.bars[0].plan == sum(r[2] for r in mine)
    allocated, sent = sum(r[2] for r in mine), sum(r[3] for r in mine)
    assert d.tile("budget_execution").value == 100 * sent // allocated  # type: ignore[union-attr]
    assert d.chart("budget_by_line") is None and d.tile("accredited") is None  # headquarters' figures
    # The series count the province's records only.
    whole = board(demo, today)
    assert sum(d.chart("appeals_per_week").values) < sum(whole.chart("appeals_per_week").values)  # type: ignore


def test_headquarters_users_read_the_whole_secretariat(demo: Registers) -> None:
    audience, offices = dash.scope_for(demo.db, demo.conn, "FIN")
    assert offices is None and "Finance" in audience
    assert dash.scope_for(demo.db, demo.conn, None) == ("the secretariat", None)
    assert dash.scope_for(demo.db, demo.conn, "NO-SUCH") == ("the secretariat", None)


def test_tiles_of_an_absent_register_are_left_out(demo: Registers, monkeypatch: pytest.MonkeyPatch) -> None:
    from projections import registers as registers_module

    present = {n: r for n, r in registers_module.registers().items() if n not in ("appeals", "accreditations")}
    monkeypatch.setattr(dash, "registers", lambda: present)
    d = board(demo, DAYS[1])
    keys = {t.key for t in d.tiles}
    assert "overdue_appeals" not in keys and "appeals_week" not in keys and "accredited" not in keys
    assert {"letters_week", "overdue_documents", "vacant_posts", "budget_execution"} <= keys
    assert d.chart("appeals_per_week") is None


def test_json_carries_numbers_only(demo: Registers) -> None:
    data = board(demo, DAYS[0]).as_json()
    text = json.dumps(data, ensure_ascii=False)
    assert "%" not in text and "█" not in text
    for tile in data["tiles"]:
        assert isinstance(tile["value"], int)
        assert tile["previous"] is None or isinstance(tile["previous"], int)
    budget = next(t for t in data["tiles"] if t["key"] == "budget_execution")
    assert budget["unit"] == "percent" and 0 <= budget["value"] <= 100
    for chart in data["charts"]:
        for b in chart["bars"]:
            assert isinstance(b["value"], int) and (b["plan"] is None or isinstance(b["plan"], int))


def test_the_command_line_prints_the_same_figures(demo_store: tuple[str, Any], demo: Registers,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli.main import main

    url = demo_store[0]
    today = DAYS[1].isoformat()
    assert main(["--store", url, "--user", "admin", "dashboard", "--json", "--today", today]) == 0
    assert json.loads(capsys.readouterr().out) == board(demo, DAYS[1]).as_json()

    assert main(["--store", url, "--user", "admin", "dashboard", "--today", today]) == 0
    text = capsys.readouterr().out
    d = board(demo, DAYS[1])
    assert text.startswith(f"Dashboard for the secretariat, {today}")
    budget = d.tile("budget_execution")
    assert budget is not None and f"{budget.value}%" in text
    for tile in d.tiles:
        assert tile.label in text
    for chart in d.charts:
        assert chart.title in text
    assert "█" in text  # bars drawn in text, never in JSON

    # A provincial director reads their province.
    director = demo.db.execute(demo.conn, "SELECT name FROM users WHERE office = ? AND roles = 'head'", (PROVINCE,))
    act_as(url, director[0][0])  # the command line acts as the authenticated account's user
    assert main(["--store", url, "--user", director[0][0], "dashboard", "--json", "--today", today]) == 0
    scoped = json.loads(capsys.readouterr().out)
    assert scoped["offices"] == [PROVINCE] and scoped == board(demo, DAYS[1], PROVINCE).as_json()
    act_as(url, "admin")  # the module's store goes back to its administrator

    assert main(["--store", url, "--user", "admin", "dashboard", "--today", "2026-13-01"]) == 2
    assert "not a date" in capsys.readouterr().err


# ---- registers of the contexts being added on other branches (sessions, acts, supplies) ----------------

COMING = {
    "sessions": "id text, number text, held_on text, status text",
    "execution_control": "record_id text, unit text, record text, record_kind text, assigned_on text, due text, "
                         "executed_on text",
    "dispatches": "id text, waybill text, election_code text, constituency int, commission text, "
                  "dispatched_on text, status text",
    "commissions": "election_code text, level text, constituency int, name text",
    "units": "code text, name text, kind text",
}


def coming_store(monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    """A scratch database with the tables those registers keep (the columns the dashboard reads), and the
    catalogue naming only their registers."""
    from projections.db import Database

    db = Database.memory()
    conn = db.connect()
    for table, columns in COMING.items():
        db.execute(conn, f"CREATE TABLE {table} ({columns})")
    rows = {
        "sessions": [("s1", "S-1", "2026-11-01", "closed"), ("s2", "S-2", "2026-11-28", "closed"),
                     ("s3", "S-3", "2026-12-10", "convened"), ("s0", "S-0", "2025-12-01", "closed")],
        "execution_control": [("d1", "FIN", "D-1", "decision", "2026-11-01", "2026-11-20", None),
                              ("d2", "FIN", "D-2", "decision", "2026-11-01", "2026-12-20", None),
                              ("d3", "PO-BAL", "O-1", "order", "2026-11-01", "2026-11-10", "2026-11-27"),
                              ("d4", "PO-BAL", "O-2", "order", "2026-11-26", "2026-11-27", None)],
        "dispatches": [("w1", "W-1", "WJ-2026", 1, "WJ-2026/001", "2026-10-01", "acknowledged"),
                       ("w2", "W-2", "WJ-2026", 1, "WJ-2026/001", "2026-10-02", "dispatched"),
                       ("w3", "W-3", "WJ-2026", 21, "WJ-2026/021", "2026-10-02", "returned")],
        "commissions": [("WJ-2026", "constituency", 1, "Kabul Constituency Election Commission"),
                        ("WJ-2026", "constituency", 21, "Balkh Constituency Election Commission")],
        "units": [("PO-BAL", "Balkh Provincial Office", "provincial")],
    }
    for table, values in rows.items():
        db.executemany(conn, f"INSERT INTO {table} VALUES ({', '.join('?' * len(values[0]))})", values)
    monkeypatch.setattr(dash, "registers", lambda: dict.fromkeys(("sessions", "execution-control", "dispatches")))
    return db, conn


def test_sessions_decisions_under_control_and_materials_once_their_registers_exist(
        monkeypatch: pytest.MonkeyPatch) -> None:
    db, conn = coming_store(monkeypatch)
    d = dash.build(db, conn, date(2026, 12, 1))
    sessions = d.tile("sessions_held")
    assert sessions is not None and (sessions.value, sessions.previous) == (2, 1)
    under, late = d.tile("under_control"), d.tile("control_overdue")
    assert under is not None and (under.value, under.previous) == (3, 3)  # O-1 executed on the 27th
    assert late is not None and (late.value, late.previous) == (2, 2)  # D-1 and O-2 now; D-1 and O-1 a week ago
    assert bars(d, "control_overdue_by_unit") == {"FIN": 1, "PO-BAL": 1}
    materials = d.chart("materials_by_province")
    assert materials is not None
    assert [(b.label, b.value, b.plan) for b in materials.bars] == [("Kabul", 1, 2), ("Balkh", 1, 1)]
    assert d.tile("materials_unacknowledged").value == 1  # type: ignore[union-attr]
    assert {"appeals_week", "vacant_posts", "budget_execution"}.isdisjoint(t.key for t in d.tiles)

    scoped = dash.build(db, conn, date(2026, 12, 1), offices=frozenset({"PO-BAL"}))
    assert scoped.tile("sessions_held") is None
    assert scoped.tile("under_control").value == 1  # type: ignore[union-attr]
    assert bars(scoped, "control_overdue_by_unit") == {"PO-BAL": 1}
    assert [b.label for b in scoped.chart("materials_by_province").bars] == ["Balkh"]  # type: ignore[union-attr]
    assert scoped.tile("materials_unacknowledged").value == 0  # type: ignore[union-attr]
