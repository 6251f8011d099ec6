"""The dashboard screen (Textual pilot, SQLite): opened with `d`, it shows the figures of
projections/dashboard.py for the user's scope; a bar opens the register filtered to the records behind it;
another writer's change shows without a key pressed; names are shown literally; `s` saves an SVG; the
figures are read off the event loop."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static

from domain.access import AddUser
from domain.application import open_store
from domain.organisation import EstablishPosition, EstablishUnit
from projections import dashboard as dash
from tests.demo_store import DemoStores
from tests.tui.support import MARKUP_NAMES, small_organisation, wait_for
from tui.app import SecretariatApp
from tui.screens.dashboard import BAR, BarList, DashboardScreen, Opens, bar_text, short_money, tile_text
from tui.widgets.table import RegisterTable

DAY = date(2026, 12, 1)  # the day after the demo's history ends
SIZE = (80, 24)


@pytest.fixture(scope="module")
def demo_url(demo_stores: DemoStores, tmp_path_factory: pytest.TempPathFactory) -> str:
    return str(demo_stores.copy(tmp_path_factory.mktemp("dashboard-ui")))


@pytest.fixture
def demo(demo_url: str) -> Iterator[Any]:
    app = open_store(demo_url)
    yield app
    app.close()



async def open_dashboard(pilot: Any, ui: SecretariatApp, **kwargs: Any) -> DashboardScreen:
    screen = DashboardScreen(**kwargs)
    ui.push_screen(screen)
    await wait_for(pilot, lambda: screen.loads >= 1)
    await pilot.pause()  # one refresh lays the tiles out
    return screen


def shown(screen: DashboardScreen) -> str:
    return "\n".join(str(w.render()) for w in screen.query(Static))


async def test_d_opens_the_dashboard_with_the_figures_of_the_registers(demo: Any) -> None:
    ui = SecretariatApp(demo, "admin", store_label="demo.db")
    async with ui.run_test(size=SIZE) as pilot:
        await pilot.press("d")
        await wait_for(pilot, lambda: isinstance(ui.screen, DashboardScreen) and ui.screen.loads >= 1)
        screen = ui.screen
        assert isinstance(screen, DashboardScreen) and screen.figures is not None
        expected = dash.build(ui.reader, ui.read_conn, date.today(), cleared=False,
                              audience=screen.figures.audience)
        assert screen.figures == expected
        text = shown(screen)
        for tile in expected.tiles:
            assert tile.label in text
        budget = expected.tile("budget_execution")
        assert budget is not None and f"{budget.value}%" in text
        last_tile = list(screen.query(Opens))[len(expected.tiles) - 1]
        last_tile.focus()
        await pilot.press("down")  # down goes from figure to figure (the column of charts never takes focus)
        assert screen.focused is not None and screen.focused.id == f"chart-{expected.charts[0].key}"
        await pilot.press("up")
        assert screen.focused is last_tile
        await pilot.press("d")  # pressed again on the dashboard: no second dashboard
        await pilot.pause()
        assert sum(isinstance(s, DashboardScreen) for s in ui.screen_stack) == 1
        await pilot.press("escape")
        assert not isinstance(ui.screen, DashboardScreen)


async def test_a_bar_opens_the_register_filtered_to_its_records(demo: Any) -> None:
    ui = SecretariatApp(demo, "admin", store_label="demo.db")
    async with ui.run_test(size=SIZE) as pilot:
        screen = await open_dashboard(pilot, ui)  # today, as the register's due:overdue reads it
        assert screen.figures is not None
        chart = screen.figures.chart("overdue_appeals_by_unit")
        assert chart is not None and len(chart.bars) >= 2
        second = chart.bars[1]
        bars = screen.query_one("#bars-overdue_appeals_by_unit", BarList)
        bars.focus()
        await pilot.press("down", "enter")  # the cursor moves to the second bar, which opens
        await wait_for(pilot, lambda: not isinstance(ui.screen, DashboardScreen))
        assert ui.current.name == "appeals"
        main = ui.screen_stack[0]  # one record found opens its card over the register
        assert main.query_one("#filter", Input).value == f"unit:{second.label} due:overdue"
        table = main.query_one(RegisterTable)
        await wait_for(pilot, lambda: table.register_query.filter == f"unit:{second.label} due:overdue")
        assert table.total == second.value


async def test_a_tile_opens_by_click_and_a_register_the_role_may_not_see_is_refused(demo: Any) -> None:
    ui = SecretariatApp(demo, "admin", store_label="demo.db")
    async with ui.run_test(size=SIZE) as pilot:
        await open_dashboard(pilot, ui, today=DAY)
        await pilot.click("#tile-letters_week")
        await wait_for(pilot, lambda: not isinstance(ui.screen, DashboardScreen))
        assert ui.current.name == "correspondence"
        main = ui.screen_stack[0]
        assert main.query_one("#filter", Input).value.startswith("direction:incoming since:2026-11-25")
        while len(ui.screen_stack) > 1:  # a card of the one record found
            ui.pop_screen()
            await pilot.pause()
        screen = await open_dashboard(pilot, ui, today=DAY)
        ui.shown_registers = [r for r in ui.shown_registers if r.name != "appeals"]
        screen.query_one("#tile-overdue_appeals", Opens).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(ui.screen, DashboardScreen)  # stays, and says why


@pytest.fixture
def lite(tmp_path: Path) -> Iterator[Any]:
    application = open_store(str(tmp_path / "store.db"), create=True)
    application.bootstrap("admin")
    small_organisation(application)
    yield application
    application.close()


async def test_a_change_by_another_user_shows_without_a_key(lite: Any) -> None:
    ui = SecretariatApp(lite, "admin", store_label="store.db", poll_seconds=0.1)
    async with ui.run_test(size=SIZE) as pilot:
        screen = await open_dashboard(pilot, ui, today=DAY)
        assert screen.figures is not None
        before = screen.figures.tile("vacant_posts")
        assert before is not None
        loads = screen.loads
        lite.handle(EstablishPosition(unit="KBL", code="FAO", position_title="Finance officer"), user="admin")
        await wait_for(pilot, lambda: screen.loads > loads and screen.figures is not None
                       and screen.figures.tile("vacant_posts").value == before.value + 1)  # type: ignore
        assert f"{before.value + 1}" in str(screen.query_one("#tile-vacant_posts", Opens).render())


async def test_a_provincial_user_reads_their_office_and_names_show_literally(lite: Any) -> None:
    name = MARKUP_NAMES[0]
    lite.handle(EstablishUnit(code="HER", unit_name=name, kind="provincial", parent="SEC"), user="admin")
    lite.handle(EstablishPosition(unit="HER", code="DIR", position_title="Director [b]x[/b]"), user="admin")
    lite.handle(AddUser(user="herat", role="head", office="HER"), user="admin")
    ui = SecretariatApp(lite, "herat", store_label="store.db")
    async with ui.run_test(size=SIZE) as pilot:
        screen = await open_dashboard(pilot, ui, today=DAY)
        assert screen.figures is not None and screen.figures.offices == frozenset({"HER"})
        title = str(screen.query_one("#dash-title", Static).render())
        assert f"{name} (HER)" in title
        posts = screen.figures.chart("posts_by_unit")
        assert posts is not None and [b.label for b in posts.bars] == ["HER"]


async def test_s_saves_the_screen_as_svg(demo: Any, tmp_path: Path) -> None:
    ui = SecretariatApp(demo, "admin", store_label="demo.db")
    async with ui.run_test(size=SIZE) as pilot:
        await open_dashboard(pilot, ui, today=DAY, save_dir=tmp_path)
        await pilot.press("s")
        await wait_for(pilot, lambda: any(tmp_path.glob("dashboard-*.svg")))
        svg = next(tmp_path.glob("dashboard-*.svg")).read_text()
        assert svg.lstrip().startswith("<svg") and "Dashboard" in svg


async def test_the_figures_are_read_off_the_event_loop(demo: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    threads: list[threading.Thread] = []
    real = dash.build

    def build(*args: Any, **kwargs: Any) -> Any:
        threads.append(threading.current_thread())
        return real(*args, **kwargs)

    monkeypatch.setattr(dash, "build", build)
    ui = SecretariatApp(demo, "admin", store_label="demo.db")
    async with ui.run_test(size=SIZE) as pilot:
        await open_dashboard(pilot, ui, today=DAY)
    assert threads and all(t is not threading.main_thread() for t in threads)


def test_bars_and_tiles_say_their_figures_in_characters_not_colour() -> None:
    chart = dash.Chart("c", "Budget", "progress", (), money=True)
    text = bar_text(chart, dash.Bar("2026-STATE-2211-PEC", 20362876000, None, plan=24827000000), 0).plain
    assert text.startswith("…-STATE-2211-PEC ") and "203.6M/248.3M 82%" in text
    assert text.count("█") + text.count("░") == BAR and "░" in text
    counts = dash.Chart("u", "Overdue", "bars", ())
    assert bar_text(counts, dash.Bar("IT", 0, None), 3).plain.rstrip().endswith(" 0")
    tile = dash.Tile("t", "Overdue appeals", 3, 2, None)
    assert tile_text(tile).plain == "Overdue appeals\n3  +1 in a week"
    assert tile_text(dash.Tile("b", "Budget executed", 71, 71, None, unit="percent")).plain.endswith(
        "71%  = a week ago")
    assert short_money(123456) == "1.2K" and short_money(99) == "1"


def test_figures_notes_and_days_follow_the_readers_digits_and_calendar() -> None:
    """A Dari reader with Eastern digits and the Solar Hijri calendar reads every figure in those digits
    (tiles, their change, bars, plans and percentages, series totals) and a note's day in that calendar."""
    from domain.errors import Message
    from tui.i18n import settings
    from tui.screens.dashboard import DashboardScreen, note_text

    settings.use(settings.Settings("fa_AF", "solar_hijri", "eastern"))
    tile = tile_text(dash.Tile("t", "Overdue appeals", 1234, 1200, None)).plain
    assert "۱٬۲۳۴" in tile and "۳۴" in tile and not any(c.isascii() and c.isdigit() for c in tile)
    progress = dash.Chart("c", "Budget", "progress", (), money=True)
    bar = bar_text(progress, dash.Bar("PEC", 20362876000, None, plan=24827000000), 0).plain
    assert "۲۰۳٫۶M/۲۴۸٫۳M ۸۲٪" in bar
    counts = dash.Chart("u", "Overdue", "bars", ())
    assert bar_text(counts, dash.Bar("IT", 4321, None), 4321).plain.rstrip().endswith(" ۴٬۳۲۱")
    series = dash.Chart("s", "Received", "series", (dash.Bar("2026-11-23", 12, None), dash.Bar("2026-11-30", 3, None)))
    assert "۱۵" in DashboardScreen._title(series).plain and "15" not in DashboardScreen._title(series).plain
    note = DashboardScreen._series_note(series).plain
    assert "۱۴۰۵" in note and "۰۹" in note and not any(c.isascii() and c.isdigit() for c in note)
    as_of = note_text(Message("past due and not answered, as of {day}", day="2026-12-02"))
    assert "۱۴۰۵-۰۹-۱۱" in as_of and "2026" not in as_of
    settings.use(settings.Settings())
    assert note_text(Message("past due and not answered, as of {day}", day="2026-12-02")) == \
        "past due and not answered, as of 2026-12-02"
    assert tile_text(dash.Tile("t", "Overdue appeals", 1234, 1200, None)).plain.endswith("1,234  +34 in a week")
