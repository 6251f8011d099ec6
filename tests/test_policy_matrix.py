"""The policy matrix, generated from the registries: every command (domain.commands.COMMANDS) and every
read path (each register of the catalogue, the event log, a record's history, reports, the export) is
tried by every role x clearance x office (headquarters or a provincial office), plus a deactivated and an
unknown user, and checked against the declared policy (README "Users and roles"):

- a command is refused by role exactly when the user's roles are not among the command's roles; unknown
  and deactivated users are refused everything; a refusal records nothing;
- a register is readable exactly by its declared roles; confidential canaries appear only to cleared
  readers, another office's canary only to readers whose office scope covers it (headquarters, auditors);
- the log, history, report and export answer on the command line, acting through the authenticated
  account (mapped to each user in turn), as the policy says, and never print a canary they may not.

A new command or register joins the matrix by being registered; nothing here names one.
"""

from __future__ import annotations

import hashlib
import json
import typing
from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import msgspec
import pytest
from pypdf import PdfReader

import domain.application  # noqa: F401  (every context's commands registered before the matrix is built)
from domain.access import ROLES, AddUser, DeactivateUser, MapLogin, SetClearance, office_scope
from domain.application import open_store
from domain.attachments import attach
from domain.commands import COMMANDS, Command
from domain.correspondence import ReceiveDocument, document_id
from domain.errors import NotPermitted, SecretariatError, UnknownActor
from domain.organisation import EstablishUnit
from domain.readpolicy import reader
from projections.registers import read_register, readable_register, registers
from projections.runner import Registers
from tests.conftest import STORES
from tests.identity import act_as, bootstrap_here
from tests.pg import PG_URL, drop_schema, new_schema
from tui.cli.main import main

SECRET = {"FIN": "CANARY-SECRET-HQ-7f3a", "KDH": "CANARY-SECRET-KDH-91c2"}  # confidential letters' subjects
OFFICE = {"KDH": "CANARY-OFFICE-KDH-2b77", "BLK": "CANARY-OFFICE-BLK-5d10"}  # ordinary letters' subjects
OFFICES = ("FIN", "KDH")  # a headquarters department and a provincial office
DAY = date(2026, 5, 1)


def _users() -> list[tuple[str, str, str, str]]:
    """(name, role, clearance, office) for every cell of the matrix."""
    return [(f"{role[:4]}-{clearance[:4]}-{office.lower()}", role, clearance, office)
            for role in ROLES for clearance in ("none", "confidential") for office in OFFICES]


USERS = _users()


@pytest.fixture(scope="module", params=STORES)
def store(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        url = str(tmp_path_factory.mktemp("matrix") / "matrix.db")
        yield from _matrix(url)
        return
    schema = new_schema()
    try:
        yield from _matrix(f"{PG_URL}?schema={schema}")
    finally:
        drop_schema(schema)


def _matrix(url: str) -> Iterator[str]:
    app = open_store(url, create=True)
    bootstrap_here(app)
    for command in (
        EstablishUnit(code="SEC", unit_name="Secretariat", kind="office"),
        EstablishUnit(code="FIN", unit_name="Finance", kind="department", parent="SEC"),
        EstablishUnit(code="KDH", unit_name="Kandahar", kind="provincial", parent="SEC"),
        EstablishUnit(code="BLK", unit_name="Balkh", kind="provincial", parent="SEC"),
        AddUser(user="gone", role="administrator"),
        AddUser(user="blk-clerk", role="clerk", office="BLK"),
    ):
        app.handle(command, user="admin")
    for name, role, clearance, office in USERS:
        app.handle(AddUser(user=name, role=role, office=office), user="admin")
        if clearance == "confidential":
            app.handle(SetClearance(user=name, clearance=clearance), user="admin")
    app.handle(DeactivateUser(user="gone"), user="admin", reason="left")
    letters = []
    for office, subject in SECRET.items():
        letters.append((app.handle(ReceiveDocument(received_on=DAY, sender="Ministry", subject=subject,
                                                   classification="confidential"), user=f"cler-conf-{office.lower()}",
                                   reason=f"about {subject}"), subject, f"cler-conf-{office.lower()}"))
    letters.append((app.handle(ReceiveDocument(received_on=DAY, sender="PEC", subject=OFFICE["KDH"]),
                               user="cler-none-kdh"), OFFICE["KDH"], "cler-none-kdh"))
    letters.append((app.handle(ReceiveDocument(received_on=DAY, sender="PEC", subject=OFFICE["BLK"]),
                               user="blk-clerk"), OFFICE["BLK"], "blk-clerk"))
    for result, subject, clerk in letters:  # each letter's scan is named after it, and holds its canary
        number = result.message.split()[0]
        attach(app, clerk, document_id(number), number, _scan(subject), f"{subject}.txt")
    regs = Registers(app)
    regs.setup("admin")
    regs.close()
    app.close()
    yield url


def _scan(subject: str) -> bytes:
    return f"scan of {subject}\n".encode()


def _scope(store: str, name: str) -> Any:
    app = open_store(store)
    try:
        user = app.user(name)
        return user, office_scope(user, app.find)
    finally:
        app.close()


def _may_see(clearance: str, scope: Any, canary: str) -> bool:
    """The declared policy for one canary: clearance for confidential ones, office scope for every one."""
    office = next(o for table in (SECRET, OFFICE) for o, c in table.items() if c == canary)
    cleared = canary not in SECRET.values() or clearance == "confidential"
    return cleared and (scope is None or office in scope)


# ---- commands ---------------------------------------------------------------------------------------------

def _dummy(cls: type[Command]) -> Command:
    """A command of this class with a value of the right type in every field (they need not make sense:
    the role check comes first, and a permitted user's attempt may be refused by any other rule)."""
    values: dict[str, Any] = {}
    hints = typing.get_type_hints(cls)
    for f in msgspec.structs.fields(cls):
        kind = repr(hints.get(f.name, f.type))
        if "None" in kind:
            values[f.name] = None
        elif "bool" in kind:
            values[f.name] = False
        elif "Decimal" in kind:
            values[f.name] = Decimal("1.00")
        elif "date" in kind:
            values[f.name] = DAY
        elif "int" in kind:
            values[f.name] = 1
        elif "list" in kind:
            values[f.name] = []
        else:
            values[f.name] = "X1"
    return msgspec.convert(values, cls, strict=False)


@pytest.mark.parametrize("command_name", sorted(COMMANDS))
def test_every_command_for_every_user(store: str, command_name: str) -> None:
    cls = COMMANDS[command_name]
    command = _dummy(cls)
    app = open_store(store)
    try:
        for name, role, _clearance, _office in [*USERS, ("gone", "administrator", "none", ""), ("nobody", "", "", "")]:
            head = app.head()
            try:
                app.handle(command, user=name, reason="matrix")
                outcome: SecretariatError | None = None
            except SecretariatError as e:
                outcome = e
            if name in ("gone", "nobody"):
                assert isinstance(outcome, UnknownActor), (command_name, name, outcome)
            elif role not in cls.roles:
                assert (isinstance(outcome, NotPermitted) and "may not run" in str(outcome)) or \
                    "auditors can read everything but change nothing" in str(outcome), (command_name, name, outcome)
            else:
                assert outcome is None or not ("may not run" in str(outcome) or "auditors can" in str(outcome)), \
                    (command_name, name, outcome)
            if outcome is not None:
                assert app.head() == head, (command_name, name, "a refusal recorded something")
    finally:
        app.close()


# ---- registers (the read policy through the read side) ------------------------------------------------------

UNIT_COLUMNS = ("office", "unit", "unit_code", "lead_unit")  # columns that name the unit a record belongs to


@pytest.mark.parametrize("register_name", sorted(registers()))
def test_every_register_with_a_unit_column_is_office_scoped(register_name: str) -> None:
    """Office scope applies to every register with a unit column (a provincial office sees its own records):
    a new register naming units without declaring it would show every office's rows to everyone."""
    r = registers()[register_name]
    assert {c for c in r.columns if c in UNIT_COLUMNS} <= set(r.office), (register_name, r.columns, r.office)


@pytest.mark.parametrize("register_name", sorted(registers()))
def test_every_register_for_every_user(store: str, register_name: str) -> None:
    app = open_store(store)
    regs = Registers(app)
    regs.setup("admin")
    regs.catch_up()
    try:
        r = registers()[register_name]
        for name, role, clearance, _office in USERS:
            user = app.user(name)
            who = reader(user, app.find)
            if role not in r.roles:
                with pytest.raises(NotPermitted, match=f"register {register_name} is for"):
                    readable_register(register_name, who)
                continue
            readable_register(register_name, who)
            text = json.dumps(read_register(regs.db, regs.conn, register_name, reader=who), default=str)
            for canary in (*SECRET.values(), *OFFICE.values()):
                if canary in text:
                    assert _may_see(clearance, who.offices, canary), (register_name, name, canary)
            if register_name == "correspondence":  # the register that holds them: each visible one is there
                for canary in (*SECRET.values(), *OFFICE.values()):
                    assert (canary in text) == _may_see(clearance, who.offices, canary), (name, canary)
    finally:
        regs.close()
        app.close()


# ---- the command line's read paths, acting through the authenticated account -------------------------------

def _cli(capsys: pytest.CaptureFixture[str], store: str, *argv: str) -> tuple[int, str]:
    code = main(["--store", store, *argv])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


@pytest.mark.parametrize("user", [u[0] for u in USERS])
def test_every_read_path_on_the_command_line(store: str, user: str, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    _, _role, clearance, _office = next(u for u in USERS if u[0] == user)
    act_as(store, user)
    actor, scope = _scope(store, user)
    roles = set(actor.roles)

    def check(code: int, text: str, allowed: bool, what: str) -> None:
        assert (code == 0) == allowed, (user, what, code, text)
        if not allowed:
            assert text.count("\n") == 1, (user, what, text)  # one line
        for canary in (*SECRET.values(), *OFFICE.values()):
            if canary in text:
                assert _may_see(clearance, scope, canary), (user, what, canary)

    audit = bool(roles & {"auditor", "administrator"})
    code, text = _cli(capsys, store, "log", "--json")
    check(code, text, audit and scope is None, "log")
    if code == 0:
        assert (SECRET["KDH"] in text) == (clearance == "confidential"), (user, "log")
        assert '"payload": "confidential"' in text or clearance == "confidential"
    code, text = _cli(capsys, store, "log", "--json", "--limit", "40")  # the quick tail start, too
    check(code, text, audit and scope is None, "log --limit")
    code, text = _cli(capsys, store, "show", "correspondence", "--json")
    check(code, text, True, "show")
    code, text = _cli(capsys, store, "show", "correspondence", "--as-of", "1000000")
    assert code == 1 and "outside the history" in text
    code, text = _cli(capsys, store, "show", "users", "--json")
    check(code, text, audit, "show users")
    code, text = _cli(capsys, store, "report", "incoming-journal", "--json", "--today", "2026-06-01")
    check(code, text, True, "report")  # for every role, computed from the reader's own office's rows
    assert OFFICE["KDH"] in text and (OFFICE["BLK"] in text) == (scope is None), (user, "report")
    head = _head(store)
    code, text = _cli(capsys, store, "checkpoint", "--out", str(tmp_path / "cp.json"))
    check(code, text, audit and scope is None, "checkpoint")
    assert _head(store) == head + (1 if code == 0 else 0)  # a signed checkpoint is recorded, a refusal is not
    code, text = _cli(capsys, store, "export", "--out", str(tmp_path / "export"))
    check(code, text, audit and scope is None and clearance == "confidential", "export")
    app = open_store(store)
    secret_id = next(str(r["id"]) for r in _correspondence(app) if r["subject"] == SECRET["FIN"])
    app.close()
    code, text = _cli(capsys, store, "history", secret_id, "--json")
    check(code, text, clearance == "confidential" and scope is None, "history")
    # printed documents: the journal holds the reader's rows only; a confidential letter prints for the cleared
    journal = tmp_path / "journal.pdf"
    code, text = _cli(capsys, store, "print", "journal", "incoming", "--from", "2000-01-01", "--to", "2999-12-31",
                      "--out", str(journal))
    check(code, text, True, "print journal")
    printed = "".join(page.extract_text() for page in PdfReader(journal).pages)
    check(0, printed, True, "the printed journal")
    assert OFFICE["KDH"] in printed and (OFFICE["BLK"] in printed) == (scope is None), (user, "print journal")
    app = open_store(store)
    secret_number = next(str(r["number"]) for r in _correspondence(app) if r["subject"] == SECRET["FIN"])
    app.close()
    letter = tmp_path / "letter.pdf"
    code, text = _cli(capsys, store, "print", "letter", secret_number, "--out", str(letter))
    check(code, text, clearance == "confidential" and scope is None, "print letter")
    assert letter.exists() == (code == 0), (user, "print letter")
    # attachments follow their letter: listed and got by the letter's readers only
    code, text = _cli(capsys, store, "attachments", secret_number)
    check(code, text, clearance == "confidential" and scope is None, "attachments")
    scan = tmp_path / "scan.txt"
    code, text = _cli(capsys, store, "attachment-get", hashlib.sha256(_scan(SECRET["FIN"])).hexdigest(),
                      "--out", str(scan))
    check(code, text, clearance == "confidential" and scope is None, "attachment-get")
    assert scan.exists() == (code == 0) and (code != 0 or SECRET["FIN"] in scan.read_text()), (user, "get")
    for office in ("KDH", "BLK"):
        scan = tmp_path / f"scan-{office}.txt"
        code, text = _cli(capsys, store, "attachment-get", hashlib.sha256(_scan(OFFICE[office])).hexdigest(),
                          "--out", str(scan))
        check(code, text, _may_see(clearance, scope, OFFICE[office]), f"attachment-get {office}")
    # the same account once its user is deactivated, then once it is mapped to nobody: one line, exit 1
    app = open_store(store)
    app.handle(DeactivateUser(user=user), user="admin", reason="matrix")
    app.close()
    code, text = _cli(capsys, store, "show", "units")
    assert code == 1 and text.count("\n") == 1 and f"user {user}" in text and "deactivated" in text
    app = open_store(store)
    app.handle(MapLogin(user=user, login=""), user="admin")
    app.close()
    code, text = _cli(capsys, store, "show", "units")
    assert code == 1 and text.count("\n") == 1 and "is not mapped to a user of this store" in text


def _head(store: str) -> int:
    app = open_store(store)
    try:
        return app.head()
    finally:
        app.close()


def _correspondence(app: Any) -> list[dict[str, Any]]:
    from projections.db import Database

    db = Database(app.store_config)
    conn = db.connect()
    try:
        return [{"id": i, "subject": s, "number": n}
                for i, s, n in db.execute(conn, "SELECT id, subject, number FROM correspondence", ())]
    finally:
        db.close(conn)

