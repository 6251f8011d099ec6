"""The Commission's registers and reports: sessions and agenda items with their filter words, attendance by
member, decisions by session, the orders journal, normative acts by consolidated edition (`on:` and `in-force:`
words, `show acts --on`), decisions and orders under control per unit; legal opinions overdue and court cases
by status and next hearing."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from domain import acts as ac
from domain import legal as lg
from domain.access import AddUser
from domain.sessions import AdjournSession, CloseSession, ContinueSession, RecordMinutes, SendNotice
from domain.shown import english
from projections.paging import RegisterQuery
from projections.registers import register
from projections.reports import ReportContext, run_report
from projections.runner import Registers
from tests.domain.commission import D, hold, run, setup_commission
from tests.identity import bootstrap_here
from tui.cli.main import main

S1, S2, S3 = date(2026, 3, 10), date(2026, 3, 24), date(2026, 4, 7)


def _history(app: Any) -> None:
    setup_commission(app)
    run(app, AddUser(user="chief", role="head"))
    first = hold(app, S1, [("decision", 5), ("normative act", 6), ("normative act", 4)], close=False)
    run(app, SendNotice(session=first, election="PE26", document="P1", sent_on=date(2026, 3, 5)))
    run(app, CloseSession(session=first, on=S1))
    run(app, ac.RegisterDecision(session=first, item=1))
    run(app, ac.RegisterDecision(session=first, item=2, decision_title="Accreditation rules", normative=True))
    second = hold(app, S2, [("normative act", 7)], absent={"M9": "ill"}, close=False)
    run(app, AdjournSession(session=second, on=S2, continues_on=date(2026, 3, 25)), reason="late hour")
    run(app, ContinueSession(session=second, on=date(2026, 3, 25)))
    run(app, CloseSession(session=second, on=date(2026, 3, 25)))
    run(app, ac.RegisterDecision(session=second, item=1, normative=True))
    third = hold(app, S3, [("normative act", 7)], absent={"M8": "mission", "M9": "ill"})
    run(app, ac.RegisterDecision(session=third, item=1, normative=True))
    run(app, ac.AmendAct(act="DEC-2026-0002", by="DEC-2026-0003", effective=date(2026, 4, 1), summary="art. 2"))
    run(app, ac.RepealAct(act="DEC-2026-0002", by="DEC-2026-0004", effective=date(2026, 5, 1)))
    run(app, ac.SendToStateRegister(decision="DEC-2026-0003", on=S2))
    run(app, ac.RecordStateRegistration(decision="DEC-2026-0003", registration_number="SR-9", on=S3))
    run(app, ac.AssignExecution(record="DEC-2026-0001", unit="GEN", instruction="inform", on=S1, working_days=5))
    run(app, ac.AssignExecution(record="DEC-2026-0001", unit="LEGAL", instruction="check", on=S1, working_days=5))
    run(app, ac.ReportExecution(record="DEC-2026-0001", unit="LEGAL", on=date(2026, 3, 12), report="checked"))
    for kind in ("personnel order", "general order"):
        draft = run(app, ac.DraftOrder(order_kind=kind, order_title=f"A {kind}", unit="GEN",
                                       drafted_on=S1)).message.split()[1]
        run(app, ac.SubmitOrder(order=draft, on=S1))
        run(app, ac.VisaOrder(order=draft, lawyer="L1", on=S1))
        run(app, ac.SignOrder(order=draft, on=S2), user="chief")
    run(app, ac.DraftOrder(order_title="Still a draft", unit="GEN", drafted_on=S2))
    run(app, ac.AssignExecution(record="ORD-2026-0001", unit="GEN", instruction="apply", on=S2, working_days=30))
    run(app, ac.IssueExtract(decision="DEC-2026-0001", requester="District court", issued_on=S2, certified_by="C1"))
    run(app, RecordMinutes(session=first, on=S1, recordings=f"s1.mp4 {'b' * 64}"))
    # legal work
    run(app, lg.RequestOpinion(unit="GEN", document="Lease", requested_on=D, working_days=5))  # due 03-09, open
    run(app, lg.RequestOpinion(unit="GEN", document="MoU", requested_on=S1, working_days=5))
    run(app, lg.AssignLawyer(opinion="LOP-2026-0002", lawyer="L1", on=S1))
    run(app, lg.GiveOpinion(opinion="LOP-2026-0002", text="ok", on=S1))
    for n, theirs in enumerate(("2-1/77", "3-5/12"), start=1):
        run(app, lg.RegisterCase(court="Administrative court", case_number=theirs, parties="X v. CEC", subject="S",
                                 opened_on=D))
        run(app, lg.AppointRepresentative(case=f"CASE-2026-00{n}", employee="L1", power_of_attorney=f"POA-{n}",
                                          valid_until=date(2026, 12, 31), on=D))
    run(app, lg.ScheduleHearing(case="CASE-2026-001", on=date(2026, 4, 20)))
    run(app, lg.ScheduleHearing(case="CASE-2026-001", on=date(2026, 5, 20)))
    run(app, lg.ScheduleHearing(case="CASE-2026-002", on=date(2026, 3, 20)))
    run(app, lg.RecordHearing(case="CASE-2026-002", on=date(2026, 3, 20), outcome="heard"))
    run(app, lg.RecordJudgment(case="CASE-2026-002", on=date(2026, 3, 20), outcome="won", appeal_days=30))


@pytest.fixture
def registers(app: Any) -> Iterator[Registers]:
    _history(app)
    r = Registers(app)
    r.setup()
    r.catch_up()
    yield r
    r.close()


def _report(r: Registers, name: str, today: date = date(2026, 4, 10), **params: str) -> list[dict[str, Any]]:
    result = run_report(ReportContext(r.db, r.conn, today, True, params), name, ["clerk"])
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def _rows(r: Registers, name: str, words: str = "") -> list[dict[str, Any]]:
    reg = register(name)
    q = RegisterQuery(r.db, r.conn, reg, filter=words)
    rows = q.page(0, 100)
    assert q.count() == len(rows)
    return [dict(zip(reg.columns, row[:-1], strict=True)) for row in rows]  # each row ends with its record id


def test_sessions_and_agenda_items(registers: Registers) -> None:
    sessions = {s["number"]: s for s in _rows(registers, "sessions")}
    first = sessions["SES-2026-001"]
    assert (first["status"], first["present"], first["members"], first["quorum"], first["items"]) == (
        "closed", 9, 9, 6, 3)
    assert (first["adopted"], first["decisions"], first["minutes"], first["notices"]) == (2, 2, "MIN-2026-001", 1)
    assert sessions["SES-2026-002"]["absent"] == 1
    assert [s["number"] for s in _rows(registers, "sessions", "year:2026 kind:reg status:closed")] == [
        "SES-2026-003", "SES-2026-002", "SES-2026-001"]
    items = _rows(registers, "agenda-items", "session:ses-2026-001")
    assert [(i["item"], i["status"], i["decision"], i["needed"]) for i in sorted(items, key=lambda i: i["item"])] == [
        (1, "adopted", "DEC-2026-0001", 5), (2, "adopted", "DEC-2026-0002", 6), (3, "not adopted", None, 6)]
    assert len(_rows(registers, "agenda-items", "kind:normative status:adopted unit:gen")) == 3
    assert _rows(registers, "agenda-items", "year:2025") == []


def test_attendance_by_member_over_a_period(registers: Registers) -> None:
    by_member = {r["member"]: r for r in _report(registers, "session-attendance")}
    assert (by_member["M9"]["sessions"], by_member["M9"]["present"], by_member["M9"]["absent"]) == (3, 1, 2)
    assert by_member["Chair"]["present_share"] == "100%"
    march = {r["member"]: r for r in _report(registers, "session-attendance", **{"from": "2026-03-01",
                                                                                "to": "2026-03-31"})}
    assert march["M8"]["absent"] == 0 and march["M9"]["sessions"] == 2
    with pytest.raises(Exception, match="from must be a date"):
        _report(registers, "session-attendance", **{"from": "March"})


def test_decisions_and_orders(registers: Registers) -> None:
    decisions = {d["number"]: d for d in _rows(registers, "decisions")}
    assert decisions["DEC-2026-0002"]["status"] == "repealed from 2026-05-01"
    assert decisions["DEC-2026-0002"]["changed_by"] == "DEC-2026-0003, DEC-2026-0004"
    # sentences kept as template and values (domain.shown.said), read here in English
    assert english(decisions["DEC-2026-0003"]["changes"]) == "amends DEC-2026-0002"
    assert english(decisions["DEC-2026-0003"]["state_register"]) == "SR-9 of 2026-04-07"
    assert (decisions["DEC-2026-0001"]["executing"], decisions["DEC-2026-0001"]["extracts"]) == ("GEN", 1)
    assert len(_rows(registers, "decisions", "normative:yes")) == 3
    by_session = _report(registers, "decisions-by-session")
    assert [(r["session"], r["kind"], r["decisions"]) for r in by_session] == [
        ("SES-2026-001", "decision", 1), ("SES-2026-001", "normative act", 1), ("SES-2026-002", "normative act", 1),
        ("SES-2026-003", "normative act", 1)]
    journal = _report(registers, "orders-journal")
    assert [(o["number"], o["kind"]) for o in journal] == [("ORD-2026-0001", "general order"),
                                                            ("PER-2026-0001", "personnel order")]
    assert [o["number"] for o in _report(registers, "orders-journal", kind="general order")] == ["ORD-2026-0001"]
    orders = {o["draft"]: o for o in _rows(registers, "orders")}
    assert orders["DRF-2026-0003"]["status"] == "draft" and orders["DRF-2026-0002"]["executing"] == "GEN"
    assert _rows(registers, "extracts")[0]["number"] == "EXT-2026-0001"


def test_acts_by_consolidated_edition_on_a_date(registers: Registers) -> None:
    def on(day: str) -> list[tuple[str, int]]:
        return sorted((a["number"], a["edition"]) for a in _rows(registers, "acts", f"on:{day}"))

    assert on("2026-03-09") == []
    assert on("2026-03-10") == [("DEC-2026-0002", 1)]
    assert on("2026-03-31") == [("DEC-2026-0002", 1), ("DEC-2026-0003", 1)]
    assert on("2026-04-01") == [("DEC-2026-0002", 2), ("DEC-2026-0003", 1)]
    assert on("2026-05-01") == [("DEC-2026-0003", 1), ("DEC-2026-0004", 1)]
    assert sorted(a["number"] for a in _rows(registers, "acts", "in-force:yes")) == ["DEC-2026-0003", "DEC-2026-0004"]
    edition = next(a for a in _rows(registers, "acts") if a["number"] == "DEC-2026-0002" and a["edition"] == 2)
    assert (edition["amended_by"], edition["in_force_until"], edition["repealed_by"]) == (
        "DEC-2026-0003", "2026-05-01", "DEC-2026-0004")
    in_force = _report(registers, "acts-in-force", on="2026-04-15")
    assert [(a["number"], a["edition"]) for a in in_force] == [("DEC-2026-0002", 2), ("DEC-2026-0003", 1),
                                                                ("DEC-2026-0004", 1)]


def test_decisions_and_orders_under_control_per_unit(registers: Registers) -> None:
    units = {r["unit"]: r for r in _report(registers, "decisions-under-control")}
    assert (units["LEGAL"]["on_time"], units["GEN"]["open"], units["GEN"]["open_overdue"]) == (1, 2, 1)
    assert _rows(registers, "execution-control", "open:yes unit:gen due:2026-03-31")[0]["record"] == "DEC-2026-0001"


def test_legal_registers_and_reports(registers: Registers) -> None:
    overdue = _report(registers, "legal-opinions-overdue")
    assert [(o["number"], o["days_overdue"]) for o in overdue] == [("LOP-2026-0001", 32)]
    cases = _report(registers, "court-cases")
    assert [(c["number"], c["status"], c["next_hearing"]) for c in cases] == [
        ("CASE-2026-001", "pending", "2026-04-20"), ("CASE-2026-002", "judged", None)]
    assert cases[1]["attention"] == "appeal possible for 9 more days"
    assert len(_rows(registers, "court-cases", "status:pending hearing:2026-04-30")) == 1
    assert [o["number"] for o in _rows(registers, "legal-opinions", "status:given")] == ["LOP-2026-0002"]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[str]:
    from domain.application import open_store

    url = str(tmp_path / "store.db")
    app = open_store(url, create=True)
    bootstrap_here(app)  # the command line acts as the authenticated account's user
    _history(app)
    app.close()
    yield url


def test_show_acts_on_a_date(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--store", store, "--user", "admin", "show", "acts", "--on", "2026-04-15", "--json"]) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["number"], r["edition"]) for r in rows] == [("DEC-2026-0002", 2), ("DEC-2026-0003", 1),
                                                           ("DEC-2026-0004", 1)]
    assert main(["--store", store, "--user", "admin", "show", "sessions", "--on", "2026-04-15"]) == 1
    assert "the sessions register has no in-force date" in capsys.readouterr().err
