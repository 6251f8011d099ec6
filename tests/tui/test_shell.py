"""The shell, driven as a clerk, an auditor and an administrator would drive it (Textual pilot)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from typing import Any

import pytest
from textual.command import CommandList
from textual.widgets import Input, OptionList, Static

from domain.commands import COMMANDS
from domain.organisation import EstablishUnit
from tests.tui.support import MARKUP_NAMES, card_shown, recorded, screen_text, settled, small_organisation, wait_for
from tui.app import SecretariatApp
from tui.screens.card import RecordCard
from tui.screens.forms import CommandForm
from tui.screens.welcome import WelcomeScreen
from tui.widgets.table import RegisterTable


def shell(app: Any, user: str = "admin", **kwargs: Any) -> SecretariatApp:
    return SecretariatApp(app, user, store_label="store.db", **kwargs)


async def choose_register(pilot: Any, ui: SecretariatApp, name: str) -> None:
    sidebar = ui.query_one("#registers", OptionList)
    sidebar.highlighted = [o.id for o in sidebar._options].index(name)
    sidebar.action_select()
    for _ in range(50):  # bounded: on a loaded machine the selection may take more than one turn
        await pilot.pause()
        if ui.current.name == name:
            await settled(pilot)  # its rows are read in a worker
            return
    raise AssertionError(f"the register {name} did not open")


async def test_moving_between_registers(app: Any) -> None:
    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(100, 30)) as pilot:
        table = ui.query_one(RegisterTable)
        await settled(pilot)
        assert ui.current.name == "units" and table.total == 4
        await choose_register(pilot, ui, "commissions")
        assert ui.current.name == "commissions" and table.total == 1
        assert "Kabul ConEC" in screen_text(ui)
        await choose_register(pilot, ui, "users")
        assert table.total == 3 and "audra" in screen_text(ui)


async def test_new_opens_each_registers_own_form_or_says_there_is_none(app: Any) -> None:
    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(100, 30)) as pilot:
        await choose_register(pilot, ui, "appeals")
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(ui.screen, CommandForm) and ui.screen.command.name == "appeals.register"
        await pilot.press("escape")
        await choose_register(pilot, ui, "event-log")
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(ui.screen, CommandForm) and ui.is_running  # a notice, not a crash


async def test_clerk_sees_no_users_register(app: Any) -> None:
    small_organisation(app)
    ui = shell(app, "clerk")
    async with ui.run_test(size=(100, 30)):
        names = [o.id for o in ui.query_one("#registers", OptionList)._options]
        assert "users" not in names and "units" in names


def _many_members(app: Any, n: int) -> None:
    """Rows straight into the members register (with their search form, as every write path stores it): the UI
    pages SQL, whatever wrote the rows."""
    from projections.db import Database
    from projections.organisation import MEMBERS

    db = Database(app.store_config)
    conn = db.connect()
    rows = [MEMBERS.stored_row({"commission_id": f"c{i // 5:06d}", "member": f"Member {i:05d}",
                                "commission_label": f"PE26/{i // 5:06d}", "role": "member", "nominated_by": "party"})
            for i in range(n)]
    with db.write(conn):
        db.executemany(conn, db.sql(f"INSERT INTO commission_members ({', '.join(MEMBERS.stored_columns)}) "
                                    f"VALUES ({', '.join('?' * len(MEMBERS.stored_columns))})"), rows)
    db.close(conn)


async def test_paging_and_filtering_a_large_register(app: Any) -> None:
    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(100, 30)) as pilot:
        _many_members(app, 20_000)
        await choose_register(pilot, ui, "commission-members")
        table = ui.query_one(RegisterTable)
        assert table.total == 20_001
        await pilot.press("pagedown", "pagedown")
        assert table.cursor > 40
        await pilot.press("end")
        assert table.cursor == 20_000 and table.current_values()["member"] == "Member 19999"
        await pilot.press("home", "s", "s")  # sort on the first column, then the second: member
        await settled(pilot)
        assert table.register_query.sort == "member" and table.current_values()["member"] == "Karimi"
        await pilot.press("slash", *"member 1234")
        await settled(pilot)
        assert table.total == 10  # Member 12340 .. Member 12349
        assert "Member 12345" in screen_text(ui)
        await pilot.press("escape")
        await settled(pilot)
        assert table.total == 20_001


async def test_record_card_shows_fields_history_and_actions(app: Any) -> None:
    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(100, 40)) as pilot:
        await pilot.press("down", "enter")  # units sort by path: SEC, SEC/FIN, ...
        card = await card_shown(pilot)
        assert isinstance(card, RecordCard)
        text = screen_text(ui)
        assert "Unit FIN" in text and "Finance and Budget" in text
        assert "Unit.Established" in text and "admin (administrator)" in text
        assert "[r] Rename" in text and "[d] Dissolve" in text
        await pilot.press("r")
        await pilot.pause()
        form = ui.screen
        assert isinstance(form, CommandForm) and form.query_one("#f-code", Input).value == "FIN"
        assert form.query_one("#f-code", Input).disabled
        await pilot.press(*"Finance")
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: isinstance(ui.screen, RecordCard) and "Unit.Renamed" in screen_text(ui))
        assert "Unit.Renamed" in screen_text(ui) and "Finance and Budget → Finance" in screen_text(ui)


async def test_auditor_card_offers_no_actions(app: Any) -> None:
    small_organisation(app)
    ui = shell(app, "audra")
    async with ui.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        await card_shown(pilot)
        assert "none for you now" in screen_text(ui)
        await pilot.press("escape", "n")
        await pilot.pause()
        assert not isinstance(ui.screen, CommandForm)


async def test_form_refused_by_validation_then_by_a_rule_keeps_values(app: Any) -> None:
    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(100, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        form = ui.screen
        assert isinstance(form, CommandForm)
        await pilot.press(*"FIN")
        await pilot.press("tab", *"Another finance")
        await pilot.press("ctrl+s")
        await recorded(pilot)
        assert "Kind is required" in screen_text(ui)  # validation: nothing sent to the domain
        head = app.head()
        form.query_one("#f-kind").value = "department"
        form.query_one("#f-parent", Input).value = "SEC"
        await pilot.press("ctrl+s")
        await recorded(pilot)
        assert ui.screen is form and "a unit with code FIN already exists" in screen_text(ui)
        assert form.query_one("#f-unit_name", Input).value == "Another finance"  # typed values stay
        assert app.head() == head


async def test_date_field_checked_as_typed(app: Any) -> None:
    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(100, 40)) as pilot:
        ui.open_form(COMMANDS["units.dissolve"])  # a form with a date field (SEC's card offers no dissolving:
        await pilot.pause()                       # it has sub-units)
        form = ui.screen
        assert isinstance(form, CommandForm)
        form.query_one("#f-effective", Input).focus()
        await pilot.press(*"2026-13-01")
        assert "a date like 2026-11-23" in str(form.query_one("#e-effective", Static).render())
        form.query_one("#f-effective", Input).value = "2026-12-01"
        await pilot.pause()
        assert str(form.query_one("#e-effective", Static).render()) == ""


async def test_successful_form_adds_the_row_and_double_submit_records_once(app: Any) -> None:
    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(100, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        form = ui.screen
        assert isinstance(form, CommandForm)
        form.query_one("#f-code", Input).value = "LOG"
        form.query_one("#f-unit_name", Input).value = "Logistics"
        form.query_one("#f-kind").value = "department"
        form.query_one("#f-parent", Input).value = "SEC"
        head = app.head()
        form.action_submit()
        form.action_submit()  # a double Enter
        await wait_for(pilot, lambda: form.result is not None)  # recorded in a worker
        assert app.head() == head + 3  # the unit, its parent's sub-unit event, one receipt
        values = {"code": "PRC", "unit_name": "Procurement", "kind": "department", "parent": "SEC"}
        first = ui.run_command(form.command, values, "retry-1", "")
        again = ui.run_command(form.command, values, "retry-1", "")  # a retry after a lost answer
        assert again.replayed and again.message == first.message and app.head() == head + 6
        table = ui.query_one(RegisterTable)
        ui._reload_table()
        await settled(pilot)
        assert table.total == 6 and "Logistics" in screen_text(ui) and "Procurement" in screen_text(ui)


async def test_reference_field_offers_matches_by_part_of_a_name(app: Any) -> None:
    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(100, 40)) as pilot:
        await pilot.press("n")
        await pilot.pause()
        form = ui.screen
        form.query_one("#f-parent", Input).focus()
        await pilot.press(*"budg")
        matches = form.query_one("#m-parent", OptionList)
        assert matches.option_count == 1 and "FIN" in str(matches.get_option_at_index(0).prompt)
        await pilot.press("down", "enter")
        assert form.query_one("#f-parent", Input).value == "FIN"


async def test_palette_lists_permitted_commands(app: Any) -> None:
    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(100, 30)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"rename a unit")
        results = ui.screen.query_one(CommandList)
        await wait_for(pilot, lambda: any("Rename a unit" in str(results.get_option_at_index(i).prompt)
                                          for i in range(results.option_count)))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(ui.screen, CommandForm) and ui.screen.command.name == "units.rename"


async def test_palette_offers_an_auditor_nothing_to_run(app: Any) -> None:
    from tui.screens.palette import CommandsProvider

    small_organisation(app)
    ui = shell(app, "audra")
    async with ui.run_test(size=(100, 30)):
        provider = CommandsProvider(ui.screen)
        assert provider._permitted() == []
    ui = shell(app, "clerk")
    async with ui.run_test(size=(100, 30)):
        names = {c.name for c in CommandsProvider(ui.screen)._permitted()}
        assert "commissions.appoint" in names and "users.add" not in names


async def test_first_run_offers_demo_or_empty(app: Any) -> None:
    ui = shell(app)
    async with ui.run_test(size=(100, 30)) as pilot:
        assert isinstance(ui.screen, WelcomeScreen)
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(ui.screen, CommandForm) and ui.screen.command.name == "units.establish"


async def test_values_are_shown_exactly_as_typed(app: Any) -> None:
    small_organisation(app)
    for n, name in enumerate(MARKUP_NAMES):
        app.handle(EstablishUnit(code=f"M{n}", unit_name=name, kind="department", parent="SEC"), user="admin")
    ui = shell(app)
    async with ui.run_test(size=(120, 40)) as pilot:
        await settled(pilot)
        text = screen_text(ui)
        for name in MARKUP_NAMES:
            assert name in text  # the register
        await pilot.press("slash", *"M0")
        await settled(pilot)
        await pilot.press("enter", "enter")
        await card_shown(pilot)
        card = screen_text(ui)
        assert f"name: {MARKUP_NAMES[0]}" in card  # the fields and the history show the name as typed
        await pilot.press("r")
        await pilot.pause()
        await pilot.press(*"[i]x[/i] [/")
        await pilot.press("ctrl+s")
        await recorded(pilot)
        assert "[i]x[/i] [/" in screen_text(ui)


WRITER = textwrap.dedent("""
    import sys
    from domain.application import open_store
    from domain.organisation import EstablishUnit
    open_store(sys.argv[1]).handle(EstablishUnit(code="AAA", unit_name="Arrived", kind="office"), user="admin")
""")


async def test_rows_from_another_process_appear_without_losing_the_cursor(app: Any, store_url: str) -> None:
    small_organisation(app)
    ui = shell(app, poll_seconds=0.2)
    async with ui.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        await pilot.press("down", "down")
        table = ui.query_one(RegisterTable)
        before = table.current_values()["code"]
        subprocess.run([sys.executable, "-c", WRITER, store_url], check=True, timeout=60)
        await wait_for(pilot, lambda: table.total == 5)  # its speed is measured in bench/, not here
        assert table.current_values()["code"] == before  # the cursor stayed on its record
        assert "Arrived" in screen_text(ui)


@pytest.mark.only_on("postgresql")
async def test_on_postgresql_another_processs_rows_appear_when_it_writes_not_at_the_next_tick(
        app: Any, store_url: str) -> None:
    small_organisation(app)
    ui = shell(app, poll_seconds=3600)  # no tick while the test runs: only the listener can bring the row
    async with ui.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        table = ui.query_one(RegisterTable)
        await wait_for(pilot, ui.listening.is_set)
        subprocess.run([sys.executable, "-c", WRITER, store_url], check=True, timeout=60)
        await wait_for(pilot, lambda: table.total == 5)
        assert "Arrived" in screen_text(ui)


def test_field_checks_follow_the_commands_schema() -> None:
    from tui.widgets.fields import form_fields

    fields = {f.name: f for f in form_fields(COMMANDS["units.establish"])}
    assert fields["code"].check("x!") == "1-24 letters, digits or '-'" and fields["code"].check("KBL-2") is None
    assert fields["kind"].kind == "choice" and fields["kind"].check("planet").startswith("one of office")
    assert fields["parent"].kind == "reference" and not fields["parent"].required
    day = {f.name: f for f in form_fields(COMMANDS["elections.schedule"])}["voting_day"]
    assert day.kind == "date" and day.check("31/12/2026") and day.value("2026-12-31").year == 2026
    number = {f.name: f for f in form_fields(COMMANDS["commissions.establish"])}["constituency"]
    assert number.kind == "int" and number.check("twelve") == "a whole number" and number.value("12") == 12
    user = {f.name: f for f in form_fields(COMMANDS["users.add"])}["user"]
    assert user.kind == "text" and user.check("Bad Name") is not None
    assert {f.name: f for f in form_fields(COMMANDS["users.grant"])}["user"].kind == "reference"


async def test_the_mouse_sorts_selects_and_switches_registers(app: Any) -> None:
    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(100, 30)) as pilot:
        table = ui.query_one(RegisterTable)
        await pilot.click(RegisterTable, offset=(6, 0))  # the "name" heading
        await settled(pilot)
        assert table.register_query.sort == "name"
        await pilot.click(RegisterTable, offset=(2, 3))  # the third row
        assert table.cursor == 2
        await pilot.click(RegisterTable, offset=(2, 3), times=2)
        await pilot.pause()
        assert isinstance(ui.screen, RecordCard)
        await pilot.press("escape")
        await pilot.click("#registers", offset=(2, 2))  # the second register, under the first heading
        await pilot.pause()
        assert ui.current.name == "elections"


async def test_first_run_can_load_the_demo(app: Any) -> None:
    ui = shell(app)
    async with ui.run_test(size=(100, 30)) as pilot:
        assert isinstance(ui.screen, WelcomeScreen)
        await pilot.press("d")
        await wait_for(pilot, lambda: not isinstance(ui.screen, WelcomeScreen), seconds=120)  # seconds here
        assert not isinstance(ui.screen, WelcomeScreen)
        table = ui.query_one(RegisterTable)
        await wait_for(pilot, lambda: table.total > 50, seconds=60)  # the app reloads its register after the welcome
        assert table.total > 50 and "Office of the Chief Electoral" in screen_text(ui)


def test_a_vacant_post_offers_hiring_and_abolition_and_a_filled_one_neither(app: Any) -> None:
    from datetime import date

    from domain.organisation import EstablishPosition, position_id
    from domain.personnel import HireEmployee
    from tui.screens.card import actions_for

    small_organisation(app)
    app.handle(EstablishPosition(unit="HR", code="CLERK", position_title="Clerk"), user="admin")
    post = position_id("HR", "CLERK")
    hire = next(a for a in actions_for(app.find(post)) if a.command == "staff.hire")
    assert hire.values == {"unit": "HR", "position": "CLERK"}
    app.handle(HireEmployee(number="E-1", full_name="Zahra Noori", employment_type="permanent", unit="HR",
                            position="CLERK", order_number="12", order_date=date(2026, 1, 5),
                            effective=date(2026, 1, 6)), user="admin")
    offered = {a.command for a in actions_for(app.find(post))}
    assert "staff.hire" not in offered and "positions.abolish" not in offered  # a filled post is not abolished


async def test_a_new_form_starts_on_the_commands_own_defaults(app: Any) -> None:
    from textual.widgets import Select

    from domain.organisation import AppointMember

    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(100, 30)) as pilot:
        ui.open_form(AppointMember, {"election": "PE26"})
        await pilot.pause()
        form = ui.screen
        assert isinstance(form, CommandForm)
        assert form.query_one("#f-role", Select).value == "member"  # AppointMember.role defaults to member
        assert form.query_one("#f-election", Input).value == "PE26"  # what the caller gave stays


def test_an_amount_field_takes_only_finite_amounts_to_the_cent() -> None:
    from tui.widgets.fields import Field

    amount = Field("amount", "Amount", "amount", True)
    assert amount.check("1,250.00") is None and amount.value("1,250.00") == __import__("decimal").Decimal("1250.00")
    for bad in ("NaN", "Infinity", "-inf", "sNaN", "1.234", "abc"):
        assert amount.check(bad) is not None, bad


async def test_a_bad_filter_word_is_told_in_the_status_line(app: Any) -> None:
    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(80, 24)) as pilot:
        await choose_register(pilot, ui, "units")
        table = ui.query_one(RegisterTable)
        await pilot.press("slash", *"kind:bogus")
        await settled(pilot)
        status = str(ui.query_one("#register-status", Static).render())
        assert table.total == 0
        assert status.startswith("kind: is one of department, office, provincial; no row has 'bogus'")
        for _ in "kind:bogus":
            await pilot.press("backspace")
        await pilot.press(*"foo:bar")
        await settled(pilot)
        status = str(ui.query_one("#register-status", Static).render())
        assert status.startswith("unknown filter word foo:; Units knows kind: parent:") and table.total == 0
        await pilot.press("escape")
        await settled(pilot)
        assert table.total == 4  # all the units again



async def test_the_command_lines_app_leaves_what_start_up_made_out_of_garbage_collections(
        app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc

    calls: list[str] = []
    monkeypatch.setattr(gc, "collect", lambda *a: calls.append("collect") or 0)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    ui = shell(app, settle_heap=True)
    async with ui.run_test(size=(100, 30)) as pilot:
        await settled(pilot)
        await wait_for(pilot, lambda: calls)
    assert calls == ["collect", "freeze"]  # once the first screen was drawn, and only then
