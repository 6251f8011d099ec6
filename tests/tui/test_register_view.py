"""The register table at 80x24 as a clerk moves through it: a sort shows the first rows with its arrow
visible however narrow the column, another register opens at its first column, and of filters typed while one
is being read only the latest is read and shown."""

from __future__ import annotations

from typing import Any

from tests.tui.support import screen_text, settled, small_organisation
from tests.tui.test_shell import _many_members, choose_register, shell
from tui.widgets.table import RegisterTable


async def test_a_sort_shows_the_first_rows_and_its_arrow(app: Any) -> None:
    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(80, 24)) as pilot:
        _many_members(app, 300)  # the app has created the registers' tables
        await choose_register(pilot, ui, "commission-members")
        table = ui.query_one(RegisterTable)
        await pilot.press("end")  # far down the register
        await pilot.pause()
        assert table.scroll_y > 0
        for key in ("s", "s", "S"):
            await pilot.press(key)
            await settled(pilot)
            assert table.cursor == 0 and table.scroll_y == 0 and table.scroll_x == 0
            first = table.render_line(1).text
            assert str(table.row(0)[0]) in first  # the first row in view, under the heading
            heading = table.render_line(0).text
            assert ("▼" if table.register_query.descending else "▲") in heading
        table.widths[1] = 5  # a heading much longer than its column: cut, but the arrow stays
        table.refresh()
        assert "▼" in table.render_line(0).text


async def test_another_register_opens_at_its_first_column(app: Any) -> None:
    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(80, 24)) as pilot:
        await choose_register(pilot, ui, "event-log")  # wider than 80 columns
        table = ui.query_one(RegisterTable)
        table.scroll_to(x=30, animate=False)
        await pilot.pause()
        assert table.scroll_x > 0
        await choose_register(pilot, ui, "units")
        await pilot.pause()
        assert table.scroll_x == 0 and "code" in screen_text(ui).split("\n")[0] + table.render_line(0).text


async def test_of_filters_typed_while_one_is_read_only_the_latest_is_read_and_shown(app: Any) -> None:
    small_organisation(app)
    ui = shell(app)
    shown: dict[int, tuple[str, int]] = {}

    def hook(message: Any) -> None:  # every RegisterTable.Shown, once each, with what the table showed then
        if isinstance(message, RegisterTable.Shown) and id(message) not in shown:
            shown[id(message)] = (message.table.register_query.filter, message.table.total)

    async with ui.run_test(size=(80, 24), message_hook=hook) as pilot:
        _many_members(app, 3000)  # Member 00000 .. Member 02999
        await choose_register(pilot, ui, "commission-members")
        table = ui.query_one(RegisterTable)
        shown.clear()
        for text in ("member 0", "member 01", "member 012", "member 0123"):  # faster than any read
            table.set_filter(text)
        await settled(pilot)
        assert list(shown.values()) == [("member 0123", 10)]  # the first read's answer was never shown
        assert "Member 01234" in screen_text(ui)


async def test_a_page_not_read_yet_is_read_in_a_worker_not_while_drawing(app: Any) -> None:
    from tests.tui.support import wait_for

    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(80, 24)) as pilot:
        _many_members(app, 300)
        await choose_register(pilot, ui, "commission-members")
        table = ui.query_one(RegisterTable)
        await settled(pilot)
        reads: list[int] = []
        query = table.register_query
        original = type(query).page

        def on_the_loop(self: Any, offset: int, limit: int) -> Any:  # a page read on the event loop's thread
            import threading

            if threading.current_thread() is threading.main_thread():
                reads.append(offset)
            return original(self, offset, limit)

        type(query).page = on_the_loop  # type: ignore[method-assign]
        try:
            table.scroll_to(y=250, animate=False)
            await pilot.pause()
            index = int(table.scroll_y)
            await wait_for(pilot, lambda: (index // 100) in table._pages)
            assert str(table.row(index)[0]) in table.render_line(1).text
            assert reads == []  # drawing never read a page on the event loop
        finally:
            type(query).page = original  # type: ignore[method-assign]
