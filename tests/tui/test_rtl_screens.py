"""The screens beyond the registers and the card read right to left in a Dari session at 80x24 as those do: the
replay, the auditor's as-of view and chain check, attaching a file, printing to a PDF and exporting rows. Each line
of interface text is drawn by one widget (tui.widgets.paragraph): reordered for the terminal and held against the
right edge, so that its first word is drawn rightmost; the replay's rows are laid out as the register's table,
the first column at the right."""

from __future__ import annotations

from typing import Any

from textual.geometry import Region
from textual.widgets import Static

from tests.tui.support import wait_for
from tests.tui.test_rtl_and_calendars_ui import _dari, office  # noqa: F401  (the fixture)
from tests.tui.test_shell import choose_register, shell
from tui.export_files import Sheet
from tui.i18n import settings
from tui.i18n.bidi import has_rtl, visual
from tui.i18n.catalogue import _
from tui.screens.attachments import AttachScreen
from tui.screens.audit import AsOfScreen, VerifyScreen
from tui.screens.paper import PrintScreen
from tui.screens.replay import ReplayScreen
from tui.screens.save_as import SaveAsScreen
from tui.widgets.paragraph import Lines, Paragraph
from tui.widgets.table import heading


def _drawn(widget: Static) -> list[str]:
    """The widget's lines as the terminal gets them (its CSS alignment and padding applied), blank ones left out."""
    strips = widget.render_lines(Region(0, 0, widget.outer_size.width, widget.outer_size.height))
    return [strip.text for strip in strips if strip.text.strip()]


def _reads_from_the_right(widget: Paragraph) -> None:
    """Every drawn line is held against the right edge, and the text's first word is drawn at its right end."""
    lines = _drawn(widget)
    assert lines, f"{widget.id or widget.classes} draws nothing"
    pad = widget.styles.padding.right
    assert all(len(line) - len(line.rstrip()) <= pad for line in lines), lines
    first, line = widget.text.split()[0], lines[0].rstrip()
    if has_rtl(first):
        assert line.endswith(visual(first, rtl=True)), (first, line)
    else:  # a Latin run read first stands at the right as a whole, itself left to right
        assert first in line and not has_rtl(line[-3:]), (first, line)


def _paragraphs(screen: Any) -> list[Paragraph]:
    return [p for p in screen.query(Paragraph) if p.text.strip()]


async def test_the_replay_reads_from_the_right(office: Any) -> None:  # noqa: F811
    _dari(office)
    ui = shell(office)
    async with ui.run_test(size=(80, 24)) as pilot:
        await choose_register(pilot, ui, "units")
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(ui.screen, ReplayScreen))
        await pilot.press("right", "right", "right")
        replay = ui.screen
        assert isinstance(replay, ReplayScreen) and replay.state.position == 3
        for paragraph in _paragraphs(replay):
            _reads_from_the_right(paragraph)
        event = _drawn(replay.query_one("#replay-event", Paragraph))
        assert "REPLAY" not in "".join(event)  # said in Dari
        rows = _drawn(replay.query_one("#replay-rows", Lines))
        assert all(len(line) - len(line.rstrip()) <= 1 for line in rows[1:])
        assert rows[0].rstrip().endswith(visual(heading("code")))  # the first column read first, from the right
        assert any(line.endswith("◄") and "SEC" in line for line in rows[1:])  # the new unit, marked at the right


async def test_the_auditors_screens_read_from_the_right(office: Any) -> None:  # noqa: F811
    _dari(office)
    ui = shell(office)
    async with ui.run_test(size=(80, 24)) as pilot:
        await choose_register(pilot, ui, "units")
        ui.push_screen(AsOfScreen(ui.current, [ui.current]))
        await pilot.pause()
        banner = ui.screen.query_one("#banner", Paragraph)
        _reads_from_the_right(banner)
        ui.pop_screen()
        ui.push_screen(VerifyScreen())
        await wait_for(pilot, lambda: bool([w for w in ui.screen.query("#verify-result") if _drawn(w)]))
        for paragraph in _paragraphs(ui.screen):
            _reads_from_the_right(paragraph)
        result = ui.screen.query_one("#verify-result", Static)
        drawn = _drawn(result)
        said = _("Chain intact: {report_count} events, head position {report_head_position}",
                 report_count=office.head(), report_head_position=office.head())
        assert drawn[0].rstrip().endswith(visual(said, rtl=True))  # the result reads from the right too
        pad = result.styles.padding.right
        assert len(drawn) >= 3 and all(len(line) - len(line.rstrip()) <= pad for line in drawn), drawn


async def test_attaching_printing_and_exporting_read_from_the_right(office: Any) -> None:  # noqa: F811
    _dari(office)
    ui = shell(office)
    sheet = Sheet("Units", ("code",), [("SEC",)])
    async with ui.run_test(size=(80, 24)) as pilot:
        await choose_register(pilot, ui, "units")
        for screen in (AttachScreen(office.find_unit_id("SEC") if hasattr(office, "find_unit_id") else None,
                                    "Unit SEC"),
                       PrintScreen("letter", "INC-2026-00001"), SaveAsScreen("Units", "units.xlsx", lambda: sheet)):
            ui.push_screen(screen)
            await pilot.pause()
            shown = _paragraphs(ui.screen)
            assert len(shown) >= 2
            for paragraph in shown:
                _reads_from_the_right(paragraph)
            ui.pop_screen()
            await pilot.pause()


async def test_an_english_session_draws_these_screens_as_before(office: Any) -> None:  # noqa: F811
    assert settings.current() == settings.Settings()
    ui = shell(office)
    async with ui.run_test(size=(80, 24)) as pilot:
        await choose_register(pilot, ui, "units")
        ui.push_screen(PrintScreen("letter", "INC-2026-00001"))
        await pilot.pause()
        title = [line.rstrip() for line in _drawn(ui.screen.query_one(".title", Paragraph))]
        assert title == ["Print the letter INC-2026-00001 to a PDF"]


async def test_the_palettes_commands_read_from_the_right(office: Any) -> None:  # noqa: F811
    from textual.command import CommandPalette

    from domain.commands import COMMANDS
    from tests.i18n.test_no_english_left import drawn

    _dari(office)
    titles = [_(c.title) for c in COMMANDS.values() if c.title and "کارت" in _(c.title)]
    ui = shell(office)
    async with ui.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(ui.screen, CommandPalette))
        await pilot.press(*"کارت")
        await wait_for(pilot, lambda: visual(titles[0]) in drawn(ui))
        screen = drawn(ui)
        assert not any(title in screen for title in titles)  # never in logical order, which reads backwards
