"""The registry's registers and reports: journals, documents under control, appeals by kind/channel/unit/month,
overdue appeals and execution discipline, computed as of a given day, confidential rows only for cleared
readers; and `secretariat report` listing them and printing one as JSON."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from domain import appeals as ap
from domain import correspondence as co
from domain.organisation import EstablishUnit
from projections.reports import ReportContext, run_report
from projections.runner import Registers
from tests.identity import bootstrap_here
from tui.cli.main import main

D = date(2026, 3, 2)  # a Monday; no holidays: 10 working days -> 2026-03-16
REPORTS = ("incoming-journal", "outgoing-journal", "documents-under-control", "appeals-by-kind", "appeals-by-channel",
           "appeals-by-unit", "appeals-by-month", "overdue-appeals", "execution-discipline")


def _history(app: Any) -> None:
    def run(command: Any) -> None:
        app.handle(command, user="admin")

    run(EstablishUnit(code="HQ", unit_name="Office", kind="office"))
    run(EstablishUnit(code="LEGAL", unit_name="Legal", kind="department", parent="HQ"))
    run(EstablishUnit(code="PO-HER", unit_name="Herat", kind="provincial", parent="HQ"))
    run(co.ReceiveDocument(received_on=D, sender="Ministry", subject="Ballots"))  # INC-1: late, executed
    run(co.ResolveDocument(document="INC-2026-00001", unit="LEGAL", instruction="Reply", on=D))
    run(co.ReportExecution(document="INC-2026-00001", on=date(2026, 3, 20), report="Replied"))
    run(co.ReceiveDocument(received_on=D, sender="Ministry", subject="Budget"))  # INC-2: open, overdue on 04-01
    run(co.ResolveDocument(document="INC-2026-00002", unit="PO-HER", instruction="Report", on=D))
    run(co.ReceiveDocument(received_on=D, sender="Agency", subject="Secret", classification="confidential"))
    run(co.ResolveDocument(document="CONF-2026-00001", unit="LEGAL", instruction="Keep", on=D))
    run(co.SendDocument(sent_on=D, addressee="Ministry", subject="Re: Ballots", in_reply_to="INC-2026-00001"))
    run(co.SendDocument(sent_on=D, addressee="Zahra", subject="On your complaint"))  # OUT-2: APL-1's answer
    for kind, channel, month in (("complaint", "written", 3), ("inquiry", "electronic", 3),
                                 ("complaint", "oral", 4)):
        run(ap.RegisterAppeal(kind=kind, channel=channel, received_on=date(2026, month, 2), applicant="Zahra",
                              contact="Herat", subject="List"))
    run(ap.AssignAppeal(appeal="APL-2026-00001", lead_unit="LEGAL", on=D, working_days=5))  # due 03-09
    run(ap.StartReview(appeal="APL-2026-00001", on=D))
    run(ap.DecideAppeal(appeal="APL-2026-00001", on=D, decision="Upheld"))
    run(ap.AnswerAppeal(appeal="APL-2026-00001", response="OUT-2026-00002", on=date(2026, 3, 5)))  # on time
    run(ap.AssignAppeal(appeal="APL-2026-00002", lead_unit="PO-HER", on=D, working_days=5))  # open, overdue


@pytest.fixture
def registers(app: Any) -> Iterator[Registers]:
    _history(app)
    r = Registers(app)
    r.setup()
    r.catch_up()
    yield r
    r.close()


def _report(r: Registers, name: str, cleared: bool = True, today: date = date(2026, 4, 1), **params: str) -> Any:
    return run_report(ReportContext(r.db, r.conn, today, cleared, params), name, ["clerk"])


def _rows(result: Any) -> list[dict[str, Any]]:
    return [dict(zip(result.columns, row, strict=True)) for row in result.rows]


def test_journals_and_documents_under_control(registers: Registers) -> None:
    incoming = _rows(_report(registers, "incoming-journal"))
    assert [r["number"] for r in incoming] == ["CONF-2026-00001", "INC-2026-00001", "INC-2026-00002"]
    assert incoming[1]["replies"] == "OUT-2026-00001"
    assert [r["number"] for r in _rows(_report(registers, "incoming-journal", cleared=False))] == [
        "INC-2026-00001", "INC-2026-00002"]
    assert _report(registers, "incoming-journal", year="2025").rows == []
    outgoing = _rows(_report(registers, "outgoing-journal"))
    assert outgoing[0] == {"number": "OUT-2026-00001", "registered_on": "2026-03-02", "addressee": "Ministry",
                           "subject": "Re: Ballots", "classification": "public", "in_reply_to": "INC-2026-00001",
                           "status": "registered", "case_file": None}
    assert [r["number"] for r in outgoing] == ["OUT-2026-00001", "OUT-2026-00002"]
    control = {r["number"]: r for r in _rows(_report(registers, "documents-under-control", cleared=False))}
    assert set(control) == {"INC-2026-00002"} and control["INC-2026-00002"]["days_overdue"] == 16
    assert _rows(_report(registers, "documents-under-control", today=date(2026, 3, 10), overdue="yes")) == []


def test_appeals_by_kind_channel_unit_and_month(registers: Registers) -> None:
    by_kind = {r["kind"]: r for r in _rows(_report(registers, "appeals-by-kind"))}
    assert by_kind["complaint"]["appeals"] == 2 and by_kind["complaint"]["answered"] == 1
    assert by_kind["inquiry"]["overdue"] == 1
    assert {r["channel"] for r in _rows(_report(registers, "appeals-by-channel"))} == {"written", "electronic", "oral"}
    by_unit = {r["unit"]: r["appeals"] for r in _rows(_report(registers, "appeals-by-unit"))}
    assert by_unit == {"(unassigned)": 1, "LEGAL": 1, "PO-HER": 1}
    assert [(r["month"], r["appeals"]) for r in _rows(_report(registers, "appeals-by-month"))] == [
        ("2026-03", 2), ("2026-04", 1)]


def test_overdue_appeals_and_execution_discipline(registers: Registers) -> None:
    overdue = _rows(_report(registers, "overdue-appeals"))
    assert [(r["number"], r["due"], r["days_overdue"]) for r in overdue] == [("APL-2026-00002", "2026-03-09", 23)]
    assert _report(registers, "overdue-appeals", today=date(2026, 3, 9)).rows == []
    discipline = {r["unit"]: r for r in _rows(_report(registers, "execution-discipline", cleared=False))}
    assert (discipline["LEGAL"]["on_time"], discipline["LEGAL"]["late"], discipline["LEGAL"]["open"]) == (1, 1, 0)
    assert (discipline["PO-HER"]["open"], discipline["PO-HER"]["open_overdue"]) == (2, 2)
    assert discipline["LEGAL"]["on_time_share"] == 50 and discipline["PO-HER"]["on_time_share"] is None  # numbers
    cleared = {r["unit"]: r for r in _rows(_report(registers, "execution-discipline"))}
    assert cleared["LEGAL"]["open"] == 1  # the confidential letter counts for a cleared reader only


def test_registers_filter_words(registers: Registers) -> None:
    from projections.paging import RegisterQuery
    from projections.registers import register

    def count(name: str, words: str) -> int:
        q = RegisterQuery(registers.db, registers.conn, register(name), filter=words,
                          restriction=register(name).restriction(False))
        return q.count()

    assert count("appeals", "kind:compl") == 2 and count("appeals", "unit:legal") == 1
    assert count("appeals", "status:assigned") == 1 and count("appeals", "month:2026-04") == 1
    assert count("correspondence", "series:inc") == 2 and count("correspondence", "series:conf") == 0
    assert count("correspondence", "status:under") == 1 and count("correspondence", "unit:po-her") == 1


def test_a_filter_never_finds_confidential_rows_for_an_uncleared_reader(registers: Registers) -> None:
    from projections.paging import RegisterQuery
    from projections.registers import register

    def found(words: str, cleared: bool) -> list[str]:
        r = register("correspondence")
        q = RegisterQuery(registers.db, registers.conn, r, filter=words, restriction=r.restriction(cleared))
        rows = q.page(0, 50)
        assert q.count() == len(rows)
        return [row[r.columns.index("number")] for row in rows]

    # "Se" is read with LIKE, "Secret" through the trigram index: both paths honour the restriction.
    for words in ("Se", "Secret", "CONF", "Agency"):
        assert not any(n.startswith("CONF") for n in found(words, cleared=False)), words
    assert any(n.startswith("CONF") for n in found("Secret", cleared=True))
    assert any(n.startswith("CONF") for n in found("Se", cleared=True))


@pytest.fixture
def store(tmp_path: Path) -> Iterator[str]:
    from domain.application import open_store

    url = str(tmp_path / "store.db")
    app = open_store(url, create=True)
    bootstrap_here(app)
    _history(app)
    app.close()
    yield url


def test_cli_lists_the_reports_and_prints_one_as_json(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--store", store, "--user", "admin", "report"]) == 0
    names = capsys.readouterr().out.splitlines()
    assert set(REPORTS) <= set(names)
    argv = ["--store", store, "--user", "admin", "report", "overdue-appeals", "--json", "--today", "2026-04-01"]
    assert main(argv) == 0
    rows = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert rows == [{"number": "APL-2026-00002", "kind": "inquiry", "applicant": "Zahra", "subject": "List",
                     "status": "assigned", "lead_unit": "PO-HER", "due": "2026-03-09", "extensions": 0,
                     "days_overdue": 23}]
    assert main(["--store", store, "--user", "admin", "report", "appeals-by-kind", "--today", "2026-04-01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Appeals by kind: 2 rows") and "complaint" in out
    assert main(["--store", store, "--user", "admin", "report", "incoming-journal", "--param", "year=26"]) == 1
    assert "year must be like 2026" in capsys.readouterr().err


def test_inadmissible_appeals_count_as_such_after_their_notice(app: Any, registers: Registers) -> None:
    day = date(2026, 4, 6)  # after the last appeal registered: numbers follow the dates
    app.handle(ap.RegisterAppeal(kind="suggestion", channel="written", received_on=day, applicant="Karim",
                                 contact="Kabul", subject="Idea"), user="admin")
    app.handle(ap.DeclareInadmissible(appeal="APL-2026-00004", on=day, grounds="Late"), user="admin")
    app.handle(co.SendDocument(sent_on=day, addressee="Karim", subject="Notice"), user="admin")  # OUT-3
    app.handle(ap.AnswerAppeal(appeal="APL-2026-00004", response="OUT-2026-00003", on=day), user="admin")
    registers.catch_up()
    by_kind = {r["kind"]: r for r in _rows(_report(registers, "appeals-by-kind"))}
    assert (by_kind["suggestion"]["inadmissible"], by_kind["suggestion"]["answered"]) == (1, 1)
