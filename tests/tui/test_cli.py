"""The `secretariat` command line: sub-commands, JSON output, idempotent re-sends, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.identity import act_as
from tui.cli.main import build_parser, main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def cli_store(store_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--store", store_url, "--user", "admin", "init"]) == 0
    capsys.readouterr()
    return store_url


def test_users_add_list_grant_revoke_deactivate(cli_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    s = ["--store", cli_store, "--user", "admin"]
    assert _run(capsys, *s, "users", "add", "bob", "--role", "clerk", "--login", "bob-account")[0] == 0
    assert _run(capsys, *s, "users", "grant", "bob", "head")[0] == 0
    code, _, err = _run(capsys, *s, "users", "revoke", "bob", "head")
    assert code == 1 and "needs a reason" in err
    assert _run(capsys, *s, "users", "revoke", "bob", "head", "--reason", "moved to HR")[0] == 0
    assert _run(capsys, *s, "users", "deactivate", "bob", "--reason", "left the secretariat")[0] == 0
    code, out, _ = _run(capsys, *s, "users", "list", "--json")
    users = {u["name"]: u for u in map(json.loads, out.splitlines())}
    assert users["bob"]["roles"] == ["clerk"] and users["bob"]["active"] is False
    assert users["admin"]["roles"] == ["administrator"]
    assert users["bob"]["login"] == "bob-account" and users["admin"]["login"]


def test_log_json_is_one_valid_object_per_event(cli_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    s = ["--store", cli_store, "--user", "admin"]
    _run(capsys, *s, "users", "add", "bob", "--role", "clerk")
    _run(capsys, *s, "users", "revoke", "admin", "administrator", "--reason", "x")  # refused: only role
    _run(capsys, *s, "users", "grant", "bob", "auditor")
    code, out, _ = _run(capsys, *s, "log", "--json")
    lines = out.splitlines()
    objects = [json.loads(line) for line in lines]
    # init (user, account, mapping, receipt), then 2 commands, each an event and its receipt
    assert code == 0 and len(objects) == 8
    assert [o["position"] for o in objects] == list(range(1, 9))
    granted = [o for o in objects if o["type"] == "User.RoleGranted"]
    assert granted[0]["payload"] == {"role": "auditor"} and granted[0]["actor"] == "admin"
    for key in ("recorded_at", "role", "office", "stream", "reason", "command_id"):
        assert key in objects[0]
    code, out, _ = _run(capsys, *s, "log", "--json", "--type", "RoleGranted")
    assert [json.loads(x)["type"] for x in out.splitlines()] == ["User.RoleGranted"]
    code, out, _ = _run(capsys, *s, "log", "--json", "--stream", granted[0]["stream"])
    assert len(out.splitlines()) == 2
    code, out, _ = _run(capsys, *s, "log", "--json", "--since", "2999-01-01")
    assert out == ""
    code, out, _ = _run(capsys, *s, "log", "--json", "--type", "AuditRead.Recorded")
    reads = [json.loads(x) for x in out.splitlines()]  # every reading of the log before this one
    assert len(reads) == 4 and {r["payload"]["action"] for r in reads} == {"log.read"}
    assert reads[-1]["payload"]["detail"] == "0 events; since 2999-01-01 00:00:00+00:00"


def test_same_command_id_twice_records_once(cli_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    s = ["--store", cli_store, "--user", "admin", "--command-id", "form-42"]
    first = _run(capsys, *s, "users", "add", "bob", "--role", "clerk")
    second = _run(capsys, *s, "users", "add", "bob", "--role", "clerk")
    assert first[0] == second[0] == 0 and "already recorded" in second[1]
    _code, out, _ = _run(capsys, "--store", cli_store, "--user", "admin", "log", "--json")
    assert len(out.splitlines()) == 6  # init's 4, the user and one receipt


def test_auditor_is_refused_with_a_message(cli_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    _run(capsys, "--store", cli_store, "--user", "admin", "users", "add", "audra", "--role", "auditor")
    act_as(cli_store, "audra")
    code, _, err = _run(capsys, "--store", cli_store, "--user", "audra", "users", "add", "x", "--role", "clerk")
    assert code == 1 and "auditors" in err and err.count("\n") == 1
    assert _run(capsys, "--store", cli_store, "--user", "audra", "verify")[0] == 0


def _subcommands() -> list[list[str]]:
    return [[], ["init"], ["users"], ["users", "add"], ["users", "list"], ["users", "grant"],
            ["users", "revoke"], ["users", "deactivate"], ["users", "clearance"], ["verify"],
            ["checkpoint"], ["log"], ["rebuild"], ["status"], ["show"], ["history"], ["demo"], ["export"],
            ["verify-export"], ["backup"], ["restore"], ["copy"]]


@pytest.mark.parametrize("words", _subcommands(), ids=lambda w: " ".join(w) or "top")
def test_every_sub_command_has_help(words: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args([*words, "--help"])
    assert exited.value.code == 0 and "usage:" in capsys.readouterr().out


def test_help_as_an_option_value_answers_without_leaving_the_caller(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["users", "add", "bob", "--full-name", "x", "--help"]) == 0  # a hostile value that is an option
    assert "usage:" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["frob"], ["users"], ["log", "--since", "yesterday"],
                                  ["users", "add", "x"], ["log", "--limit", "many"]])
def test_usage_errors_are_one_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = _run(capsys, *argv)
    assert code == 2 and err.count("\n") == 1 and err.startswith("secretariat: ")


def test_console_script_runs_without_traceback(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "secretariat"
    done = subprocess.run([str(exe), "--store", str(tmp_path / "none.db"), "log"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr and "secretariat init" in done.stderr


def test_a_command_id_reused_for_another_command_is_refused(cli_store: str,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    s = ["--store", cli_store, "--user", "admin", "--command-id", "form-7"]
    assert _run(capsys, *s, "users", "add", "bob", "--role", "clerk")[0] == 0
    code, _, err = _run(capsys, *s, "users", "add", "carol", "--role", "clerk")
    assert code == 1 and "already used for a different command" in err
    code, out, _ = _run(capsys, "--store", cli_store, "--user", "admin", "users", "list", "--json")
    assert "carol" not in out


def test_export_and_verify_export_on_the_command_line(cli_store: str, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    s = ["--store", cli_store, "--user", "admin"]
    assert _run(capsys, *s, "users", "add", "bob", "--role", "clerk")[0] == 0
    out = tmp_path / "for-auditors"
    code, _, err = _run(capsys, *s, "export", "--out", str(out))
    assert code == 1 and "admin is not cleared for confidential records" in err and not out.exists()
    assert _run(capsys, *s, "users", "clearance", "admin", "confidential")[0] == 0
    code, text, _ = _run(capsys, *s, "export", "--out", str(out))
    assert code == 0 and "exported 8 events" in text
    assert oct(out.stat().st_mode & 0o777) == "0o700"
    assert {oct(f.stat().st_mode & 0o777) for f in out.iterdir()} == {"0o600"}
    key = (out / "public-key.txt").read_text().strip()
    code, text, _ = _run(capsys, "verify-export", str(out), "--public-key", key)
    assert code == 0 and "export intact: 8 events" in text and "trusted key" in text
    lines = (out / "events.jsonl").read_text().splitlines()
    (out / "events.jsonl").write_text("\n".join([lines[0], lines[2], lines[1], lines[3]]) + "\n")
    code, _, err = _run(capsys, "verify-export", str(out))
    assert code == 1 and "export verification failed" in err
    act_as(cli_store, "bob")
    code, _, err = _run(capsys, "--store", cli_store, "--user", "bob", "export", "--out", str(tmp_path / "x"))
    assert code == 1 and "exports are for auditors and administrators" in err and not (tmp_path / "x").exists()
    code, out_, _ = _run(capsys, "--store", cli_store, "log", "--json", "--type", "AuditRead.Recorded")
    assert code == 1  # bob may not read the log; the export itself was recorded (below, as admin)
    act_as(cli_store, "admin")
    code, out_, _ = _run(capsys, "--store", cli_store, "log", "--json", "--type", "AuditRead.Recorded")
    exports = [json.loads(x)["payload"] for x in out_.splitlines()]
    assert [e["action"] for e in exports] == ["export"] and "8 events, positions 1-8" in exports[0]["detail"]


def test_show_prints_amounts_as_amounts(cli_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    from decimal import Decimal

    from domain.application import open_store
    from domain.finance import AddBudgetLine, OpenBudget

    app = open_store(cli_store)
    try:
        app.handle(OpenBudget(year=2026, source="STATE", budget_title="State budget"), user="admin")
        app.handle(AddBudgetLine(year=2026, source="STATE", economic_code="2211", cost_centre="PEC",
                                 amount=Decimal("1234567.05")), user="admin")
    finally:
        app.close()
    code, out, _ = _run(capsys, "--store", cli_store, "--user", "admin", "show", "budget")
    assert code == 0 and "1,234,567.05" in out and "123456705" not in out
    code, out, _ = _run(capsys, "--store", cli_store, "--user", "admin", "show", "budget", "--json")
    row = json.loads(out.splitlines()[0])
    assert row["amount"] == "1234567.05" and row["unallocated"] == "1234567.05"


def test_unknown_role_or_register_is_bad_usage_naming_the_valid_ones(cli_store: str,
                                                                    capsys: pytest.CaptureFixture[str]) -> None:
    s = ["--store", cli_store, "--user", "admin"]
    code, _, err = _run(capsys, *s, "users", "add", "bob", "--role", "clerc")
    assert code == 2 and "unknown role 'clerc'; roles are clerk, auditor, administrator, head" in err
    _run(capsys, *s, "users", "add", "bob", "--role", "clerk")
    for action in ("grant", "revoke"):
        code, _, err = _run(capsys, *s, "users", action, "bob", "boss", "--reason", "x")
        assert code == 2 and "unknown role 'boss'" in err
    code, _, err = _run(capsys, *s, "show", "unit")
    assert code == 2 and "unknown register 'unit'; registers are units, elections" in err
    assert err.count("\n") == 1


def test_users_list_has_a_header_and_clearance_takes_a_reason(cli_store: str,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    s = ["--store", cli_store, "--user", "admin"]
    _run(capsys, *s, "users", "add", "bob", "--role", "clerk")
    assert _run(capsys, *s, "users", "clearance", "bob", "confidential")[0] == 0
    code, _, err = _run(capsys, *s, "users", "clearance", "bob", "none")
    assert code == 1 and "reason" in err
    code, out, _ = _run(capsys, *s, "users", "clearance", "bob", "none", "--reason", "moved to the archive")
    assert code == 0
    code, out, _ = _run(capsys, *s, "users", "list")
    header, *lines = out.splitlines()
    assert header.split() == ["name", "roles", "office", "clearance", "status", "login"]
    assert any(line.split()[0] == "bob" and "none" in line for line in lines)
    code, out, _ = _run(capsys, "--lang", "ru", *s, "users", "list")  # heads and words in the reader's language
    header, *lines = out.splitlines()
    assert "roles" not in header and "status" not in header and "роли" in header.lower()
    assert any(line.split()[0] == "bob" and "делопроизводитель" in line.lower() for line in lines), lines
    code, out, _ = _run(capsys, *s, "log", "--json", "--type", "ClearanceSet")
    assert [json.loads(x)["reason"] for x in out.splitlines()][-1] == "moved to the archive"


def test_log_limit_gives_the_newest_events(cli_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    s = ["--store", cli_store, "--user", "admin"]
    for name in ("ann", "bob", "cyd"):
        _run(capsys, *s, "users", "add", name, "--role", "clerk")
    _, out, _ = _run(capsys, *s, "log", "--json")
    every = [json.loads(x)["position"] for x in out.splitlines()]
    last = every[-1]  # every reading of the log is recorded: each call adds one event after it
    _, out, _ = _run(capsys, *s, "log", "--json", "--limit", "2")
    assert [json.loads(x)["position"] for x in out.splitlines()] == [last, last + 1]
    _, out, _ = _run(capsys, *s, "log", "--json", "--limit", "2", "--type", "User.Added")
    added = [json.loads(x)["payload"]["name"] for x in out.splitlines()]
    assert added == ["bob", "cyd"]
    _, out, _ = _run(capsys, *s, "log", "--json", "--limit", "100")
    assert [json.loads(x)["position"] for x in out.splitlines()] == [*every, last + 1, last + 2, last + 3]
    code, _, _err = _run(capsys, *s, "log", "--limit", "-1")
    assert code == 2


def test_history_takes_a_business_number_and_show_json_gives_record_ids(cli_store: str,
                                                                       capsys: pytest.CaptureFixture[str]) -> None:
    from datetime import date

    from domain.appeals import RegisterAppeal, appeal_id
    from domain.application import open_store
    from domain.organisation import EstablishUnit

    app = open_store(cli_store)
    try:
        app.handle(EstablishUnit(code="KBL", unit_name="Kabul", kind="provincial"), user="admin")
        app.handle(RegisterAppeal(kind="complaint", channel="written", received_on=date(2026, 3, 2),
                                  applicant="Zahra Ahmadi", contact="Kabul", subject="Voter list"), user="admin")
    finally:
        app.close()
    s = ["--store", cli_store, "--user", "admin"]
    for spelled in ("APL-2026-00001", "apl-2026-00001"):
        code, out, _ = _run(capsys, *s, "history", spelled, "--json")
        assert code == 0 and json.loads(out.splitlines()[0])["type"] == "Appeal.Received", spelled
    code, out, _ = _run(capsys, *s, "history", "KBL")
    assert code == 0 and "Unit.Established" in out
    code, _, err = _run(capsys, *s, "history", "APL-2026-00099")
    assert code == 1 and "no record numbered or named 'APL-2026-00099'" in err
    code, out, _ = _run(capsys, *s, "show", "appeals", "--json")
    row = json.loads(out.splitlines()[0])
    assert row["number"] == "APL-2026-00001" and row["record_id"] == appeal_id("APL-2026-00001").hex
    code, out, _ = _run(capsys, *s, "show", "units")
    assert out.splitlines()[0] == "Units: 1 row" and "record_id" not in out
