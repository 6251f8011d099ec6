"""The inbox screen and the keys panel in a real (pilot) terminal at 80x24: `i` and the sidebar's entry open
the inbox, its count follows the store as another writer adds work, Enter on an item opens the record's card
and on a heading the register filtered as the group is, a subject typed as markup shows literally; the
command line's app starts on it. F1 and `?` show the keys of every screen, each key described in words."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from textual.widgets import Footer, Input, OptionList

from domain.commands import COMMANDS
from domain.correspondence import ReceiveDocument, ResolveDocument
from tests.projections.test_inbox import MARKUP, letters
from tests.tui.support import wait_for
from tui.app import SecretariatApp
from tui.screens.card import RecordCard
from tui.screens.inbox import InboxEntry, InboxScreen


def due_day(app: Any) -> Any:
    from projections.db import Database

    db = Database(app.store_config)
    conn = db.connect()
    try:
        return date.fromisoformat(str(db.execute(conn, "SELECT MAX(due) FROM correspondence")[0][0]))
    finally:
        db.close(conn)


def shell(app: Any, user: str, **kwargs: Any) -> SecretariatApp:
    return SecretariatApp(app, user, store_label="store.db", poll_seconds=0.2, **kwargs)


def lines(screen: InboxScreen) -> list[str]:
    return [str(o.prompt.plain) for o in screen.query_one(OptionList)._options]  # type: ignore[union-attr]


async def open_inbox(pilot: Any, ui: SecretariatApp, today: Any) -> InboxScreen:
    screen = InboxScreen(today=today)
    ui.push_screen(screen)
    await wait_for(pilot, lambda: screen.loads >= 1)
    return screen


async def test_i_opens_the_inbox_and_enter_opens_the_card_and_the_register(app: Any) -> None:
    letters(app)
    ui = shell(app, "clerk")  # its registers caught up
    due = due_day(app)
    async with ui.run_test(size=(80, 24)) as pilot:
        await pilot.press("i")
        await wait_for(pilot, lambda: isinstance(ui.screen, InboxScreen) and ui.screen.loads >= 1)
        ui.pop_screen()
        screen = await open_inbox(pilot, ui, due)
        shown = lines(screen)
        assert any(MARKUP in line for line in shown)  # the subject as typed, brackets and all
        listing = screen.query_one(OptionList)
        drawn = "\n".join(listing.render_line(y).text for y in range(listing.size.height))
        assert "[b]Fuel[/b] for [red]generators" in drawn  # and drawn so on the terminal
        assert not any("CANARY" in line for line in shown)  # another office's, and the confidential one
        listing = screen.query_one(OptionList)
        ids = [o.id for o in listing._options]
        listing.highlighted = next(i for i, x in enumerate(ids) if str(x).startswith("item:letters-today"))
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(ui.screen, RecordCard))
        item = screen.inbox.group("letters-today").items[0]  # type: ignore[union-attr]
        assert ui.screen.record_id == item.record_id  # type: ignore[attr-defined]
        await pilot.press("escape")
        await wait_for(pilot, lambda: ui.screen is screen)
        listing.highlighted = ids.index("group:letters-today")
        await pilot.press("enter")
        await wait_for(pilot, lambda: not isinstance(ui.screen, InboxScreen) and ui.current.name == "correspondence")
        assert ui.screen_stack[0].query_one("#filter", Input).value == "due:today unit:FIN"


async def test_the_inbox_follows_another_writer_and_the_sidebar_counts(app: Any) -> None:
    letters(app)
    ui = shell(app, "clerk")  # its registers caught up
    due = due_day(app)
    async with ui.run_test(size=(80, 24)) as pilot:
        entry = ui.query_one(InboxEntry)
        await wait_for(pilot, lambda: entry.count is not None)
        screen = await open_inbox(pilot, ui, due)
        before = screen.inbox.group("letters-week").count  # type: ignore[union-attr]
        loads = screen.loads
        # another writer (as another process would): a letter resolved to FIN, due in the same week
        out = app.handle(ReceiveDocument(received_on=due - timedelta(days=9), sender="Audit Office",
                                         subject="Another [i]letter"), user="admin")
        number = app.find(out.outcome.record_ids[0]).number
        app.handle(ResolveDocument(document=number, unit="FIN", instruction="reply", on=due - timedelta(days=5),
                                   working_days=3), user="admin")
        await wait_for(pilot, lambda: screen.loads > loads and
                       screen.inbox.group("letters-week").count == before + 1)  # type: ignore[union-attr]
        assert any("Another [i]letter" in line for line in lines(screen))
        assert entry.count == screen.inbox.total  # type: ignore[union-attr]
        assert f"Inbox ({entry.count})" in str(entry.render())


async def test_the_sidebar_count_follows_another_writer_with_the_inbox_closed(app: Any) -> None:
    letters(app)
    ui = shell(app, "clerk")
    async with ui.run_test(size=(80, 24)) as pilot:
        entry = ui.query_one(InboxEntry)
        await wait_for(pilot, lambda: entry.count is not None)
        before = entry.count
        assert before is not None and not isinstance(ui.screen, InboxScreen)
        month_ago = date.today() - timedelta(days=30)  # resolved a month ago: overdue today
        out = app.handle(ReceiveDocument(received_on=month_ago, sender="Audit Office", subject="Overdue"),
                         user="admin")
        number = app.find(out.outcome.record_ids[0]).number
        app.handle(ResolveDocument(document=number, unit="FIN", instruction="reply", on=month_ago), user="admin")
        await wait_for(pilot, lambda: entry.count == before + 1)
        assert f"Inbox ({before + 1})" in str(entry.render())


async def test_the_command_lines_app_starts_on_the_inbox(app: Any) -> None:
    letters(app)
    ui = shell(app, "kclerk", inbox_first=True)
    async with ui.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(ui.screen, InboxScreen) and ui.screen.loads >= 1)
        assert "office KBL" in str(ui.screen.query_one("#inbox-title").render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(ui.screen, InboxScreen))


def screens(ui: SecretariatApp) -> list[Any]:
    """One of every screen the shell opens, made fresh (each shown in turn)."""
    from tui.screens.admin import RebuildScreen, StatusScreen
    from tui.screens.audit import AsOfScreen, EventScreen, ExportScreen, VerifyScreen
    from tui.screens.dashboard import DashboardScreen
    from tui.screens.forms import CommandForm, ConfirmDiscard
    from tui.screens.paper import PrintScreen
    from tui.screens.replay import ReplayScreen
    from tui.screens.reports import ReportsScreen
    from tui.screens.save_as import SaveAsScreen

    unit = ui.secretariat.user("clerk")  # any record with a card
    return [lambda: RecordCard(str(unit.id)), lambda: CommandForm(COMMANDS["units.establish"]),
            ReportsScreen, DashboardScreen, lambda: ReplayScreen(ui.current),
            lambda: AsOfScreen(ui.current, ui.shown_registers), lambda: EventScreen(3), VerifyScreen, ExportScreen,
            StatusScreen, RebuildScreen, InboxScreen, ConfirmDiscard, lambda: PrintScreen("letter", "INC-2026-00001"),
            lambda: SaveAsScreen("Units", "units.xlsx", lambda: None)]  # type: ignore[arg-type,return-value]


@pytest.mark.parametrize("user", ["admin", "clerk"])
@pytest.mark.only_on("sqlite")  # the keys panel is the same on every store
async def test_f1_and_question_mark_show_every_screens_keys_in_words(app: Any, user: str) -> None:
    letters(app)
    ui = shell(app, user)
    async with ui.run_test(size=(80, 24)) as pilot:
        for make in [None, *screens(ui)]:
            if make is not None:
                ui.push_screen(make())
                await pilot.pause()
            screen = ui.screen
            assert screen.query(Footer), type(screen).__name__  # every screen's footer shows its keys
            # each key opens and closes the panel: F1 opens it, ? closes it (in a text field, where ? is a character
            # typed, F1 again); on the first screen also the other way round
            typing = isinstance(screen.focused, Input)
            for opens, closes in [("f1", "f1" if typing else "question_mark"),
                                  *([("question_mark", "f1")] if make is None else [])]:
                await pilot.press(opens)
                await wait_for(pilot, lambda s=screen: bool(s.query("HelpPanel")))
                undescribed = [b.key for b in (a.binding for a in screen.active_bindings.values())
                               if not b.system and not b.description.strip()]
                assert not undescribed, (type(screen).__name__, undescribed)
                await pilot.press(closes)
                await wait_for(pilot, lambda s=screen: not s.query("HelpPanel"))
            if make is not None:
                ui.pop_screen()
                await pilot.pause()


async def test_counts_are_drawn_in_the_readers_digits() -> None:
    """A reader who asked for Eastern Arabic-Indic digits reads the inbox's counts in them: a group's heading,
    the "more" line and the sidebar's entry; an English reader reads them as before."""
    from projections.inbox import Group, Item, Spec
    from tui.i18n import settings
    from tui.screens.inbox import group_line, group_options

    spec = Spec("due", "Letters", "Due this week", "letters", "overdue", None, ("due",))
    group = Group(spec, 1234, (Item("letters", "x", (("due", "2026-12-01"),)),))
    settings.use(settings.Settings("fa_AF", "solar_hijri", "eastern"))
    assert "(۱٬۲۳۴)" in group_line(group).plain
    more = str(group_options(group)[-1].prompt)
    assert "۱٬۲۳۳" in more and "1" not in more
    from textual.app import App

    async with App().run_test() as pilot:
        entry = InboxEntry()
        await pilot.app.mount(entry)
        entry.set_count(1234)
        assert "۱٬۲۳۴" in str(entry.content)
    settings.use(settings.Settings())
    assert "(1,234)" in group_line(group).plain
