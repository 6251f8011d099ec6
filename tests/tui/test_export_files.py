"""Export of register views and reports to CSV, XLSX and JSON Lines (`show`/`report --format --out`): typed
XLSX cells (read back with openpyxl), money as decimal strings in CSV and JSON, files 0600, and bad usage
(unknown format, existing file or folder, missing folder) refused in one line with nothing written."""

from __future__ import annotations

import csv
import json
import stat
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from tui.cli.main import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def budget_store(store_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    from domain.application import open_store
    from domain.correspondence import ReceiveDocument
    from domain.finance import AddBudgetLine, OpenBudget

    assert main(["--store", store_url, "--user", "admin", "init"]) == 0
    app = open_store(store_url)
    try:
        app.handle(OpenBudget(year=2026, source="STATE", budget_title="State budget"), user="admin")
        app.handle(AddBudgetLine(year=2026, source="STATE", economic_code="2211", cost_centre="PEC",
                                 amount=Decimal("1234567.05"), description="=HYPERLINK(\"x\")"), user="admin")
        app.handle(AddBudgetLine(year=2026, source="STATE", economic_code="2212", cost_centre="PEC",
                                 amount=Decimal("10.50")), user="admin")
        app.handle(ReceiveDocument(received_on=date(2026, 5, 4), sender="Ministry", subject="Ballots"),
                   user="admin")
    finally:
        app.close()
    capsys.readouterr()
    return store_url


def test_register_to_xlsx_has_typed_cells_header_and_frozen_panes(budget_store: str, tmp_path: Path,
                                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "budget.xlsx"
    code, text, err = _run(capsys, "--store", budget_store, "show", "budget", "--format", "xlsx", "--out", str(out))
    assert code == 0 and "2 rows of Budget lines written to" in text, err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[1]]
    assert header[:3] == ["code", "year", "source"] and "amount" in header
    assert ws.freeze_panes == "A2"
    amount = ws.cell(row=2, column=header.index("amount") + 1)
    assert amount.value == pytest.approx(1234567.05) and isinstance(amount.value, float)
    assert amount.number_format == "#,##0.00"
    year = ws.cell(row=2, column=header.index("year") + 1)
    assert year.value == 2026 and isinstance(year.value, int)
    description = ws.cell(row=2, column=header.index("description") + 1)
    assert description.value == '=HYPERLINK("x")' and description.data_type == "s"  # text, never a formula
    assert ws.column_dimensions["A"].width > len("code")

    out = tmp_path / "letters.xlsx"
    assert _run(capsys, "--store", budget_store, "show", "correspondence", "--out", str(out))[0] == 0
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[1]]
    received = ws.cell(row=2, column=header.index("registered_on") + 1).value
    assert isinstance(received, datetime) and received.date() == date(2026, 5, 4)


def test_register_to_csv_and_json_carry_amounts_as_decimal_strings(budget_store: str, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    s = ["--store", budget_store, "show", "budget"]
    assert _run(capsys, *s, "--format", "csv", "--out", str(tmp_path / "b.csv"))[0] == 0
    rows = list(csv.DictReader((tmp_path / "b.csv").read_text(encoding="utf-8-sig").splitlines()))
    assert [r["amount"] for r in rows] == ["1234567.05", "10.50"]
    assert stat.S_IMODE((tmp_path / "b.csv").stat().st_mode) == 0o600
    assert _run(capsys, *s, "--out", str(tmp_path / "b.json"))[0] == 0  # the format from the suffix
    rows = [json.loads(x) for x in (tmp_path / "b.json").read_text().splitlines()]
    assert rows[0]["amount"] == "1234567.05" and rows[0]["year"] == 2026
    code, text, _ = _run(capsys, *s, "--format", "csv")  # no file: to standard output
    assert code == 0 and text.splitlines()[0].startswith("code,year,source")


def test_report_to_xlsx_and_csv(budget_store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    s = ["--store", budget_store, "report", "budget-execution"]
    out = tmp_path / "execution.xlsx"
    code, _text, err = _run(capsys, *s, "--format", "xlsx", "--out", str(out))
    assert code == 0, err
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[1]]
    money = [c for c in ws[2] if isinstance(c.value, float)]
    assert header and money and all(c.number_format == "#,##0.00" for c in money)
    assert _run(capsys, *s, "--out", str(tmp_path / "execution.csv"))[0] == 0
    lines = (tmp_path / "execution.csv").read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].split(",") == header and "1234567.05" in "\n".join(lines)


@pytest.mark.parametrize("argv, message", [
    (["--format", "pdf", "--out", "{tmp}/x.pdf"], "unknown format 'pdf'"),
    (["--out", "{tmp}/x.txt"], "must end in .csv, .xlsx or .json"),
    (["--format", "csv", "--out", "{tmp}"], "is a folder"),
    (["--format", "csv", "--out", "{tmp}/missing/x.csv"], "does not exist"),
    (["--format", "csv", "--out", "{tmp}/exists.csv"], "already exists"),
    (["--format", "xlsx"], "needs --out"),
    (["--json", "--format", "csv"], "--json prints the rows"),
])
def test_bad_export_is_usage_in_one_line_and_writes_nothing(budget_store: str, tmp_path: Path, argv: list[str],
                                                            message: str, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "exists.csv").write_text("mine")
    before = sorted(p.name for p in tmp_path.rglob("*"))
    argv = [a.format(tmp=tmp_path) for a in argv]
    for command in (["show", "budget"], ["report", "budget-execution"]):
        code, out, err = _run(capsys, "--store", budget_store, *command, *argv)
        assert code == 2 and message in err and err.count("\n") == 1 and out == "", (command, err)
    assert sorted(p.name for p in tmp_path.rglob("*")) == before
    assert (tmp_path / "exists.csv").read_text() == "mine"


def test_more_rows_than_a_sheet_holds_is_refused_and_writes_nothing(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from tui import export_files

    monkeypatch.setattr(export_files, "XLSX_ROWS", 2)
    sheet = export_files.Sheet("Letters", ("number",), [("A",), ("B",), ("C",)])
    with pytest.raises(export_files.ExportProblem, match="do not fit in one XLSX sheet"):
        export_files.write_sheet(sheet, tmp_path / "x.xlsx", "xlsx")
    assert not (tmp_path / "x.xlsx").exists()
