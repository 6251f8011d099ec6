"""`secretariat run COMMAND --field VALUE`: every command from its own declaration, typed values checked as
the forms check them (bad usage, exit 2, nothing recorded), the domain's refusals exit 1, the acting user's
roles and office decide, `--command-id` makes a re-send record nothing, `--help` lists commands and fields."""

from __future__ import annotations

import json

import pytest

import domain.application  # noqa: F401  (every context's commands registered)
from domain.commands import COMMANDS
from tests.identity import act_as
from tui.cli.main import main


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def cli_store(store_url: str, capsys: pytest.CaptureFixture[str]) -> str:
    assert main(["--store", store_url, "--user", "admin", "init"]) == 0
    capsys.readouterr()
    return store_url


def _head(store: str) -> int:
    from domain.application import open_store

    app = open_store(store)
    try:
        return app.head()
    finally:
        app.close()


def test_run_help_lists_every_command_and_a_commands_help_its_fields(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "run", "--help")
    assert code == 0 and all(name in out for name in COMMANDS)
    with pytest.raises(SystemExit) as done:
        main(["run", "correspondence.receive", "--help"])
    out = capsys.readouterr().out
    assert done.value.code == 0
    assert "--received-on" in out and "a date like 2026-11-23" in out and "--subject" in out
    assert "one of" in out  # the classification's choices


def test_run_records_a_command_with_typed_fields(cli_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    s = ["--store", cli_store]
    code, out, err = _run(capsys, *s, "run", "units.establish", "--code", "SEC", "--unit-name", "Secretariat",
                          "--kind", "office", "--json")
    assert code == 0, err
    outcome = json.loads(out)
    assert outcome["message"] == "unit SEC established" and len(outcome["record_ids"]) == 1
    code, out, err = _run(capsys, *s, "run", "correspondence.receive", "--received-on", "2026-05-04",
                          "--sender", "Ministry", "--subject", "Ballots [b]bold[/b]")
    assert code == 0 and "INC-2026-00001" in out, err
    code, out, _ = _run(capsys, *s, "show", "correspondence", "--json")
    assert json.loads(out.splitlines()[0])["subject"] == "Ballots [b]bold[/b]"


@pytest.mark.parametrize("argv, said", [
    (["--received-on", "4 May", "--sender", "M", "--subject", "S"], "--received-on: a date like 2026-11-23"),
    (["--sender", "M", "--subject", "S"], "the following arguments are required: --received-on"),
    (["--received-on", "2026-05-04", "--sender", "M", "--subject", "S", "--classification", "secret"],
     "--classification: one of"),
    (["--received-on", "2026-05-04", "--sender", "M", "--subject", "S", "--colour", "red"],
     "unrecognized arguments: --colour red"),
])
def test_a_bad_value_is_usage_in_one_line_and_records_nothing(cli_store: str, argv: list[str], said: str,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    head = _head(cli_store)
    code, out, err = _run(capsys, "--store", cli_store, "run", "correspondence.receive", *argv)
    assert code == 2 and said in err and err.count("\n") == 1 and out == "", err
    assert _head(cli_store) == head


def test_unknown_command_is_usage_and_a_refusal_exits_1(cli_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    s = ["--store", cli_store]
    code, _, err = _run(capsys, *s, "run", "units.establsh", "--code", "X")
    assert code == 2 and "unknown command 'units.establsh'" in err
    _run(capsys, *s, "run", "units.establish", "--code", "SEC", "--unit-name", "S", "--kind", "office")
    head = _head(cli_store)
    code, _, err = _run(capsys, *s, "run", "units.establish", "--code", "SEC", "--unit-name", "S", "--kind", "office")
    assert code == 1 and "already exists" in err and err.count("\n") == 1
    code, _, err = _run(capsys, *s, "run", "users.deactivate", "--user", "admin")
    assert code == 1 and "reason" in err
    assert _head(cli_store) == head


def test_run_acts_as_the_authenticated_user_with_their_roles(cli_store: str,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    s = ["--store", cli_store]
    _run(capsys, *s, "run", "units.establish", "--code", "SEC", "--unit-name", "S", "--kind", "office")
    _run(capsys, *s, "users", "add", "audra", "--role", "auditor")
    act_as(cli_store, "audra")
    head = _head(cli_store)
    code, _, err = _run(capsys, *s, "run", "correspondence.receive", "--received-on", "2026-05-04",
                        "--sender", "M", "--subject", "S")
    assert code == 1 and "auditor" in err and _head(cli_store) == head
    code, _, err = _run(capsys, *s, "--user", "admin", "run", "units.establish", "--code", "FIN",
                        "--unit-name", "F", "--kind", "department")
    assert code == 1 and _head(cli_store) == head  # naming somebody else is refused, not obeyed


def test_the_same_command_id_records_once(cli_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    s = ["--store", cli_store, "--command-id", "script-7", "run", "units.establish", "--code", "SEC",
         "--unit-name", "S", "--kind", "office"]
    assert _run(capsys, *s)[0] == 0
    head = _head(cli_store)
    code, out, _ = _run(capsys, *s)
    assert code == 0 and "already recorded" in out and _head(cli_store) == head
