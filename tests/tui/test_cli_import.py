"""`secretariat import COMMAND FILE`: one command per row of a CSV or XLSX file, columns named as the fields;
refused rows named with the rule's words and the rest recorded; every row's command id from the file's
sha256 and its row number, so importing the same file again records nothing; a bad file (not CSV/XLSX, a
missing or unknown column, a cell of the wrong type) is one sentence, exit 2, nothing recorded; --dry-run
checks every rule and records nothing."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import xlsxwriter

from tests.identity import act_as
from tui.cli.main import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _head(store: str) -> int:
    from domain.application import open_store

    app = open_store(store)
    try:
        return app.head()
    finally:
        app.close()


@pytest.fixture
def cli_store(store_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--store", store_url, "--user", "admin", "init"]) == 0
    for code, name, kind, parent in (("SEC", "Secretariat", "office", ""), ("FIN", "Finance", "department", "SEC")):
        assert main(["--store", store_url, "run", "units.establish", "--code", code, "--unit-name", name,
                     "--kind", kind, *(["--parent", parent] if parent else [])]) == 0
    capsys.readouterr()
    return store_url


STAFF = "user,role,office,full_name\nbob,clerk,FIN,Bob\ncarol,head,,Carol\nadmin,clerk,,Twice\n" \
        "dave,clerk,NOPE,Dave\nerin,auditor,,Erin [b]x[/b]\n"


def test_import_records_rows_names_refused_ones_and_reimport_records_nothing(
        cli_store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "staff.csv"
    path.write_text(STAFF)
    s = ["--store", cli_store]
    code, out, err = _run(capsys, *s, "import", "users.add", str(path))
    assert code == 1, err
    assert "5 rows; 3 recorded" in out and "2 refused" in out
    assert "row 4: a user named 'admin' already exists" in out and "row 5: no unit with code 'NOPE'" in out
    code, out, _ = _run(capsys, *s, "users", "list", "--json")
    names = {json.loads(x)["name"]: json.loads(x) for x in out.splitlines()}
    assert {"bob", "carol", "erin"} <= set(names) and "dave" not in names
    assert names["erin"]["full_name"] == "Erin [b]x[/b]" and names["bob"]["office"] == "FIN"
    # each row's command id: the file's sha256 and its row number
    code, out, _ = _run(capsys, *s, "log", "--json", "--type", "User.Added")
    ids = {json.loads(x)["command_id"] for x in out.splitlines()}
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    assert {f"import:users.add:{sha}:2/{n}" for n in (2, 3, 6)} <= ids
    head = _head(cli_store)
    code, out, _ = _run(capsys, *s, "import", "users.add", str(path), "--json")
    report = json.loads(out)
    assert code == 0 and report["recorded"] == 0 and report["already"] == 5 and _head(cli_store) == head


def test_dry_run_reports_the_same_refusals_and_records_nothing(cli_store: str, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "staff.csv"
    path.write_text(STAFF)
    head = _head(cli_store)
    code, out, _ = _run(capsys, "--store", cli_store, "import", "users.add", str(path), "--dry-run", "--json")
    report = json.loads(out)
    assert code == 1 and report["dry_run"] and report["recorded"] == 3
    assert [r["row"] for r in report["refused"]] == [4, 5] and _head(cli_store) == head


def test_xlsx_rows_with_typed_cells(cli_store: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from datetime import date

    path = tmp_path / "budget.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet()
    ws.write_row(0, 0, ["year", "source", "economic_code", "cost_centre", "amount", "description"])
    ws.write_row(1, 0, [2026, "STATE", "2211", "PEC", 1234567.05, "Ballots"])
    ws.write_row(2, 0, [2026, "STATE", "2212", "PEC", 10.5, "Fuel"])
    book.close()
    s = ["--store", cli_store]
    assert _run(capsys, *s, "run", "budgets.open", "--year", "2026", "--source", "STATE",
                "--budget-title", "State budget")[0] == 0
    code, out, err = _run(capsys, *s, "import", "budgets.add-line", str(path))
    assert code == 0 and "2 recorded" in out, (out, err)
    code, out, _ = _run(capsys, *s, "show", "budget", "--json")
    assert sorted(json.loads(x)["amount"] for x in out.splitlines()) == ["10.50", "1234567.05"]
    letters = tmp_path / "letters.xlsx"
    book = xlsxwriter.Workbook(str(letters))
    ws = book.add_worksheet()
    ws.write_row(0, 0, ["received_on", "sender", "subject"])
    ws.write_datetime(1, 0, date(2026, 5, 4), book.add_format({"num_format": "yyyy-mm-dd"}))
    ws.write_row(1, 1, ["Ministry", "Ballots"])
    book.close()
    assert _run(capsys, *s, "import", "correspondence.receive", str(letters))[0] == 0
    code, out, _ = _run(capsys, *s, "show", "correspondence", "--json")
    assert json.loads(out.splitlines()[0])["subject"] == "Ballots"


@pytest.mark.parametrize("name, content, said", [
    ("staff.txt", "user,role\nx1,clerk\n", "is not a .csv or .xlsx file"),
    ("staff.csv", "user,office\nbob,FIN\n", "column role missing"),
    ("staff.csv", "user,role,colour\nbob,clerk,red\n", "has no field 'colour'"),
    ("staff.csv", "user,role\nbob,clerk\ncarol,boss\n", "row 3, role: one of clerk"),
    ("staff.csv", "user,role\nbob,clerk\n,clerk\n", "row 3, user is required"),
    ("staff.csv", b"user,role\x00\xff\n", "is not a CSV file"),
    ("staff.xlsx", b"PK\x03\x04 not really a workbook", "is not an XLSX workbook"),
    ("staff.csv", "", "is empty"),
])
def test_a_bad_file_is_one_sentence_and_records_nothing(cli_store: str, tmp_path: Path, name: str,
                                                       content: str | bytes, said: str,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    head = _head(cli_store)
    code, out, err = _run(capsys, "--store", cli_store, "import", "users.add", str(path))
    assert code == 2 and said in err and err.count("\n") == 1 and out == "", err
    assert _head(cli_store) == head


def test_rows_are_run_as_the_authenticated_user(cli_store: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "staff.csv"
    path.write_text("user,role\nbob,clerk\ncarol,clerk\n")
    s = ["--store", cli_store]
    _run(capsys, *s, "users", "add", "audra", "--role", "auditor")
    act_as(cli_store, "audra")
    head = _head(cli_store)
    code, out, err = _run(capsys, *s, "import", "users.add", str(path))
    assert code == 1 and "change nothing" in err and err.count("\n") == 1 and out == ""
    assert _head(cli_store) == head
    code, _, err = _run(capsys, *s, "import", "users.nope", str(path))
    assert code == 2 and "unknown command 'users.nope'" in err
