"""The personal inbox's groups (projections/inbox.py) on both stores: each group holds exactly the rows its
register shows the same reader with the group's filter typed on `/`; letters are those of the reader's unit,
a provincial user's only their office's, and a confidential letter's subject only for a cleared reader
(canaries, as tests/test_policy_matrix.py)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import pytest

from domain.access import AddUser, SetClearance
from domain.correspondence import ReceiveDocument, ResolveDocument
from domain.readpolicy import reader
from projections.db import Database
from projections.inbox import build, specs
from projections.paging import RegisterQuery
from projections.registers import registers
from projections.runner import Registers
from tests.demo_store import DemoStores, demo_copy
from tests.tui.support import small_organisation

DAY = date(2026, 5, 4)
SECRET = "CANARY-SECRET-FIN-4c1e"  # a confidential letter's subject, resolved to FIN
PROVINCE = "CANARY-OFFICE-KBL-8d20"  # an ordinary letter resolved to the Kabul office
MARKUP = "[b]Fuel[/b] for [red]generators"


def letters(app: Any) -> None:
    """Four letters resolved on DAY (due five working days on): FIN's plain and confidential, KBL's, HR's."""
    small_organisation(app)
    app.handle(AddUser(user="kclerk", role="clerk", office="KBL"), user="admin")
    app.handle(AddUser(user="boss", role="head", office="FIN"), user="admin")
    for subject, classification, unit in ((MARKUP, "public", "FIN"), (SECRET, "confidential", "FIN"),
                                          (PROVINCE, "public", "KBL"), ("Staff rota", "public", "HR")):
        out = app.handle(ReceiveDocument(received_on=DAY, sender="Ministry", subject=subject,
                                         classification=classification), user="admin", reason="in")
        number = app.find(out.outcome.record_ids[0]).number
        app.handle(ResolveDocument(document=number, unit=unit, instruction="see to it", on=DAY), user="admin")


def open_db(app: Any) -> tuple[Database, Any]:
    regs = Registers(app)
    regs.setup("admin")
    regs.catch_up()
    regs.close()
    db = Database(app.store_config)
    return db, db.connect()


def due_day(db: Database, conn: Any) -> date:
    return date.fromisoformat(str(db.execute(conn, "SELECT MAX(due) FROM correspondence")[0][0]))


def who(app: Any, name: str) -> tuple[Any, str | None]:
    user = app.user(name)
    return reader(user, app.find), user.office


def as_typed(db: Database, conn: Any, name: str, words: str, policy: Any, today: date) -> list[str]:
    """The record ids the register shows `policy`'s reader with `words` typed in its filter (as the UI does)."""
    register = registers()[name]
    q = RegisterQuery(db, conn, register, restriction=register.restriction_for(policy), today=today)
    q.set(filter=words)
    return sorted(str(r[-1]) for r in q.all_rows())


def texts(inbox: Any) -> str:
    return "\n".join(i.text() for g in inbox.groups for i in g.items)


def test_each_group_holds_what_its_register_shows_with_its_filter(app: Any) -> None:
    letters(app)
    db, conn = open_db(app)
    due = due_day(db, conn)
    for name in ("admin", "clerk", "kclerk", "boss", "audra"):
        policy, office = who(app, name)
        for today in (DAY, due - timedelta(days=3), due, due + timedelta(days=1)):
            inbox = build(db, conn, policy, office=office, today=today)
            assert [g.key for g in inbox.groups] == [s.key for s in specs(policy, office)]
            for g in inbox.groups:
                shown = as_typed(db, conn, g.spec.register, g.spec.filter, policy, today)
                assert sorted(i.record_id for i in g.items) == shown, (name, today, g.key)
                assert g.count == len(shown)
    db.close(conn)


def test_letters_are_the_readers_units_in_their_buckets(app: Any) -> None:
    letters(app)
    db, conn = open_db(app)
    due = due_day(db, conn)
    policy, office = who(app, "clerk")  # a FIN clerk, not cleared
    on_the_day = build(db, conn, policy, office=office, today=due)
    today, week, overdue = (on_the_day.group(k) for k in ("letters-today", "letters-week", "letters-overdue"))
    assert today is not None and week is not None and overdue is not None
    assert [i.value("subject") for i in today.items] == [MARKUP]  # FIN's plain letter, not HR's, KBL's or the secret
    assert today.spec.filter == "due:today unit:FIN" and week.count == 1 and overdue.count == 0
    assert on_the_day.total == 1  # due today is also due this week: one item
    late = build(db, conn, policy, office=office, today=due + timedelta(days=1))
    assert late.group("letters-overdue").count == 1 and late.group("letters-today").count == 0  # type: ignore[union-attr]
    early = build(db, conn, policy, office=office, today=due - timedelta(days=3))
    assert early.group("letters-week").count == 1 and early.group("letters-today").count == 0  # type: ignore[union-attr]
    db.close(conn)


def test_office_scope_and_clearance_hold_in_the_inbox(app: Any) -> None:
    letters(app)
    db, conn = open_db(app)
    due = due_day(db, conn)
    policy, office = who(app, "kclerk")  # Kabul's clerk: their office's letter only
    text = texts(build(db, conn, policy, office=office, today=due))
    assert PROVINCE in text and MARKUP not in text and SECRET not in text
    admin = build(db, conn, who(app, "admin")[0], office=None, today=due)
    assert PROVINCE in texts(admin) and MARKUP in texts(admin)  # headquarters with no unit: every unit's
    policy, office = who(app, "boss")  # FIN's head, not cleared: the confidential letter is not there at all
    assert SECRET not in texts(build(db, conn, policy, office=office, today=due))
    assert build(db, conn, policy, office=office, today=due).group("letters-today").count == 1  # type: ignore[union-attr]
    app.handle(SetClearance(user="boss", clearance="confidential"), user="admin")
    policy, office = who(app, "boss")
    cleared = build(db, conn, policy, office=office, today=due)
    assert SECRET in texts(cleared) and cleared.group("letters-today").count == 2  # type: ignore[union-attr]
    db.close(conn)


def test_groups_follow_the_roles(app: Any) -> None:
    letters(app)
    db, conn = open_db(app)
    clerk = [s.key for s in specs(*who(app, "clerk"))]
    head = [s.key for s in specs(*who(app, "boss"))]
    assert "orders-sign" in head and "orders-sign" not in clerk  # signing is the head's
    assert "orders-visa" not in head  # the visa is the Law department's
    province = [s.key for s in specs(*who(app, "kclerk"))]
    assert "approvals" not in province and "deliveries-overdue" not in province  # headquarters' rows
    assert [s.key for s in specs(*who(app, "audra"))][:6] == ["letters-overdue", "letters-today", "letters-week",
                                                           "appeals-overdue", "appeals-today", "appeals-week"]
    assert "approvals" not in [s.key for s in specs(*who(app, "audra"))]  # an auditor pays nothing out
    db.close(conn)


def test_payments_await_a_second_user_and_reports_come_due(app: Any) -> None:
    from decimal import Decimal as D

    from domain.access import SetThreshold
    from domain.finance import AddBudgetLine, Allocate, OpenBudget, RegisterBankAccount, Transfer

    letters(app)
    for command in (
        OpenBudget(year=2026, source="STATE", budget_title="State budget"),
        AddBudgetLine(year=2026, source="state", economic_code="2211", cost_centre="pec", amount=D("1000.00")),
        Allocate(line="2026-STATE-2211-PEC", commission="PE26/001", amount=D("900.00"), allocated_on=DAY,
                 report_due=date(2026, 10, 1)),
        RegisterBankAccount(commission="PE26/001", bank="DAB", account_number="AF001"),
        SetThreshold(amount=D("100.00")),
    ):
        app.handle(command, user="admin")
    app.handle(Transfer(allocation="AL-2026-STATE-0001", amount=D("500.00"), payment_order="PO-1", value_date=DAY),
               user="clerk")
    db, conn = open_db(app)
    head = build(db, conn, who(app, "boss")[0], office="FIN", today=DAY)
    maker = build(db, conn, who(app, "clerk")[0], office="FIN", today=DAY)
    assert head.group("approvals").count == 1 and "entered by clerk" in texts(head)  # type: ignore[union-attr]
    assert maker.group("approvals").count == 0  # type: ignore[union-attr]  # not one's own entry
    assert head.group("approvals").spec.filter == "approver:boss"  # type: ignore[union-attr]
    policy, office = who(app, "boss")
    assert head.group("reports-week").count == 0  # type: ignore[union-attr]
    assert build(db, conn, policy, office=office, today=date(2026, 9, 28)).group(  # type: ignore[union-attr]
        "reports-week").count == 1
    late = build(db, conn, policy, office=office, today=date(2026, 10, 2))
    assert late.group("reports-overdue").count == 1 and "PE26/001" in texts(late)  # type: ignore[union-attr]
    db.close(conn)


@pytest.fixture(scope="module")
def demo(demo_stores: DemoStores, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """The demo secretariat (SQLite): a year of letters, appeals, staff contracts, procurement and allocations."""
    with demo_copy(demo_stores, tmp_path_factory.mktemp("inbox-demo")) as app:
        yield app


def test_on_the_demo_every_group_is_its_register_filtered_and_contracts_as_the_report(demo: Any) -> None:
    from projections.reports import ReportContext, run_report

    db, conn = open_db(demo)
    users = ["admin", *(next(str(n) for (n,) in db.execute(conn, "SELECT name FROM users WHERE roles = ? AND office "
                                                        "LIKE ? ORDER BY name", (role, like))) for role, like in (
        ("clerk", "PO-%"), ("head", "PO-%"), ("clerk", "LEGAL"), ("head", "FIN"), ("head", "PLAN")))]
    seen: set[str] = set()
    for name in users:
        policy, office = who(demo, name)
        for today in (date(2026, 11, 16), date(2026, 11, 20), date(2026, 12, 1)):
            inbox = build(db, conn, policy, office=office, today=today, limit=10_000)
            for g in inbox.groups:
                assert sorted(i.record_id for i in g.items) == as_typed(db, conn, g.spec.register, g.spec.filter,
                                                                        policy, today), (name, today, g.key)
                if g.count:
                    seen.add(g.key)
            if office is None:  # the whole secretariat's contracts ending: the report's rows
                ending = run_report(ReportContext(db, conn, today), "contracts-ending", ["administrator"])
                group = inbox.group("contracts-ending")
                assert group is not None
                assert sorted(str(i.value("number")) for i in group.items) == sorted(str(r[0]) for r in ending.rows)
    # the demo exercises the groups with work in them (not only empty ones)
    assert {"contracts-ending", "reports-overdue", "appeals-overdue", "letters-today"} <= seen, seen
    db.close(conn)
