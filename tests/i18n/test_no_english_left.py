"""A Russian, Dari or Pashto session shows no English word of the interface: the pilot walks the main screens at
80x24 (a register, the inbox, the dashboard, a record card, a command form, the command palette, the keys panel,
the reports) with the shipped catalogues and reads what is drawn; a Latin word that is a word of the English
catalogue (its msgids) fails the test. The organisation's data is typed in Cyrillic and Arabic script, so only
the interface can bring English words to the screen.

Also: what a right-to-left session draws reads from the right (buttons with their keys in mirrored brackets,
the inbox and dashboard titles at the right edge), and text typed into a field is stored in logical order."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from textual.command import CommandPalette

from domain.access import AddUser
from domain.organisation import EstablishUnit, ScheduleElection, unit_id
from tests.tui.support import wait_for
from tests.tui.test_shell import choose_register
from tui.app import SecretariatApp
from tui.i18n import catalogue
from tui.i18n.bidi import visual
from tui.i18n.catalogue import _
from tui.i18n.library_texts import NO_MATCHES
from tui.i18n.messages import POT
from tui.i18n.settings import Settings, use
from tui.screens.card import RecordCard
from tui.screens.forms import CommandForm
from tui.widgets.table import RegisterTable

# What a screen may show in Latin letters that is not an English word of the interface: key names, the
# program's own name in commands, units of files, and words the English catalogue shares with them.
KEYS = {"enter", "esc", "ctrl", "tab", "shift", "del", "space", "escape", "home", "end", "pgup", "pgdn"}
NAMES = {"the-store", "secretariat", "admin", "clerk", "sec", "fin", "kbl", "pdf", "csv", "xlsx", "json", "svg"}
DATA = {
    "ru": (("SEC", "Аппарат Центральной избирательной комиссии"), ("FIN", "Финансовый отдел"),
           ("KBL", "Кабульское провинциальное бюро")),
    "fa_AF": (("SEC", "دفتر رئیس اجرائیه کمیسیون"), ("FIN", "ریاست مالی و بودجه"), ("KBL", "دفتر ولایتی کابل")),
    "ps": (("SEC", "د کمیسیون د اجرائیه رئیس دفتر"), ("FIN", "د مالي او بودجې ریاست"), ("KBL", "د کابل ولایتي دفتر")),
}
ELECTION = {"ru": "Парламентские выборы", "fa_AF": "انتخابات پارلمانی", "ps": "پارلماني ټاکنې"}


@cache
def english_words() -> frozenset[str]:
    """Every word of three letters or more in the English catalogue's messages, lower case."""
    with POT.open("rb") as f:
        template = read_po(f)
    words: set[str] = set()
    for message in template:
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            plain = re.sub(r"\{[^{}]*\}", " ", str(text))  # placeholders are not shown as written
            words |= {w.lower() for w in re.findall(r"[A-Za-z]{3,}", plain)}
    return frozenset(words - KEYS - NAMES)


def english_in(text: str) -> list[str]:
    """English words of the interface in `text`; words in capitals are codes and syntax (SEC, NAME=VALUE)."""
    words = english_words()
    return sorted({w for w in re.findall(r"[A-Za-z]{3,}", text) if w.lower() in words and not w.isupper()})


def drawn(ui: Any) -> str:
    """What the terminal shows now, line by line (the screen's composed strips, toasts and overlays included)."""
    return "\n".join(strip.text for strip in ui.screen._compositor.render_strips())


@pytest.fixture
def office(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[Any]:
    from domain.application import open_store

    language = request.param
    app = open_store(str(tmp_path / "store.db"), create=True)
    app.bootstrap("admin")
    (sec, sec_name), (fin, fin_name), (kbl, kbl_name) = DATA[language]
    app.handle(EstablishUnit(code=sec, unit_name=sec_name, kind="office"), user="admin")
    app.handle(EstablishUnit(code=fin, unit_name=fin_name, kind="department", parent=sec), user="admin")
    app.handle(EstablishUnit(code=kbl, unit_name=kbl_name, kind="provincial", parent=sec), user="admin")
    app.handle(ScheduleElection(code="PE26", election_name=ELECTION[language], kind="parliamentary",
                                voting_day=date(2026, 9, 1)), user="admin")
    app.handle(AddUser(user="clerk", role="clerk", office=fin), user="admin")
    use(Settings(language=language))
    catalogue.translations.cache_clear()
    yield app
    use(Settings())
    catalogue.translations.cache_clear()
    app.close()


async def _settled_on(pilot: Any, ui: Any, screen: type, seen: dict[str, str], name: str) -> None:
    await wait_for(pilot, lambda: isinstance(ui.screen, screen) and not getattr(ui.screen, "reading", False))
    await pilot.pause()
    seen[name] = drawn(ui)


async def _walk(ui: Any, pilot: Any) -> dict[str, str]:
    """The main screens, each as drawn once it has read what it shows."""
    from tui.screens.dashboard import DashboardScreen
    from tui.screens.inbox import InboxScreen
    from tui.screens.reports import ReportsScreen

    seen: dict[str, str] = {}
    for register in ("units", "elections", "users"):
        await choose_register(pilot, ui, register)
        await wait_for(pilot, lambda: ui.query_one(RegisterTable).total > 0)
        seen[f"register {register}"] = drawn(ui)
    await choose_register(pilot, ui, "units")
    ui.query_one(RegisterTable).focus()
    await pilot.press("enter")
    await wait_for(pilot, lambda: isinstance(ui.screen, RecordCard) and not ui.screen.reading)
    await pilot.pause()
    seen["card"] = drawn(ui)
    await pilot.press("escape")
    await wait_for(pilot, lambda: not isinstance(ui.screen, RecordCard))
    await pilot.press("n")
    await wait_for(pilot, lambda: isinstance(ui.screen, CommandForm))
    await pilot.pause()
    seen["form"] = drawn(ui)
    ui.screen.dismiss(None)
    await wait_for(pilot, lambda: not isinstance(ui.screen, CommandForm))
    await pilot.press("ctrl+p")
    await wait_for(pilot, lambda: isinstance(ui.screen, CommandPalette))
    await pilot.pause()
    seen["palette"] = drawn(ui)
    await pilot.press(*"qqqzzzxxw")  # nothing matches: Textual's own line says so
    await wait_for(pilot, lambda: visual(_(NO_MATCHES)) in drawn(ui))
    seen["palette, nothing found"] = drawn(ui)
    await pilot.press("escape")
    await wait_for(pilot, lambda: not isinstance(ui.screen, CommandPalette))
    await pilot.press("f1")
    await wait_for(pilot, lambda: bool(ui.screen.query("HelpPanel")))
    await pilot.pause()
    seen["keys"] = drawn(ui)
    await pilot.press("f1")
    for key, screen, name in (("i", InboxScreen, "inbox"), ("d", DashboardScreen, "dashboard"),
                              ("r", ReportsScreen, "reports")):
        ui.query_one(RegisterTable).focus()
        await pilot.press(key)
        await wait_for(pilot, lambda screen=screen: isinstance(ui.screen, screen))
        await wait_for(pilot, lambda: not any(w.is_running for w in ui.screen.workers))
        await pilot.pause()
        seen[name] = drawn(ui)
        await pilot.press("escape")
        await wait_for(pilot, lambda screen=screen: not isinstance(ui.screen, screen))
    # the administrator's registers screen, after checking them against the history
    from tui.screens.admin import StatusScreen

    ui.query_one(RegisterTable).focus()
    await pilot.press("t")
    await wait_for(pilot, lambda: isinstance(ui.screen, StatusScreen))
    check = ui.screen.query_one("#check")
    prompt = str(check.render())
    await pilot.press("c")
    await wait_for(pilot, lambda: str(check.render()) not in (prompt, visual(_("checking the registers against the "
                                                                               "history ..."))), seconds=30)
    await pilot.pause()
    # the first column names each projection as an administrator types it (`secretariat rebuild organisation`):
    # identifiers, not words of the interface
    identifiers = "|".join(sorted(s.name for s in ui.registers.status()))
    seen["registers' status"] = re.sub(rf"\b({identifiers})\b", "", drawn(ui))
    await pilot.press("escape")
    return seen


@pytest.mark.parametrize("office", ["ru", "fa_AF", "ps"], indirect=True)
async def test_no_english_word_of_the_interface_is_drawn(office: Any) -> None:
    ui = SecretariatApp(office, "admin", store_label="—")
    async with ui.run_test(size=(80, 24)) as pilot:
        seen = await _walk(ui, pilot)
    found = {name: english_in(text) for name, text in seen.items() if english_in(text)}
    assert found == {}, "\n\n".join(f"{name}: {words}\n{seen[name]}" for name, words in found.items())


def test_an_english_word_is_found() -> None:
    assert english_in("Входящие (3) · sorted by код") == ["sorted"]
    assert english_in("Enter — открыть · Esc — назад · ctrl+p · SEC · admin") == []


@pytest.mark.parametrize("office", ["fa_AF", "ps"], indirect=True)
async def test_a_right_to_left_session_reads_from_the_right(office: Any) -> None:
    from tui.screens.dashboard import DashboardScreen
    from tui.screens.inbox import InboxScreen

    for n in range(25):  # more rows than the view holds: the table has its scrollbar
        office.handle(EstablishUnit(code=f"D{n:02}", unit_name=f"{DATA['ps'][1][1]} {n}", kind="department",
                                    parent="SEC"), user="admin")
    ui = SecretariatApp(office, "admin", store_label="—")
    async with ui.run_test(size=(80, 24)) as pilot:
        await choose_register(pilot, ui, "units")
        table = ui.query_one(RegisterTable)
        assert table.virtual_size.width > table.size.width  # wider than the view: the first columns must show
        header = drawn(ui).splitlines()[table.region.y]
        assert visual(_("code")) in header  # the first column at the right edge, whole (not under the scrollbar)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(ui.screen, CommandForm))
        await pilot.pause()
        form = drawn(ui)
        save = visual(_("Save (ctrl+s)"))
        assert save in form and save.startswith("(ctrl+s)")  # the key in brackets at the left, mirrored
        assert ")ctrl+s(" not in form
        save_button, cancel_button = ui.screen.query_one("#save"), ui.screen.query_one("#cancel")
        assert save_button.region.x > cancel_button.region.x  # Save first where the reader starts, at the right
        # typed right to left, stored in logical order
        name = "دفتر ولایتی هرات (۱۴۰۵)"
        ui.screen.query_one("#f-code").value = "HRT"
        ui.screen.query_one("#f-unit_name").focus()
        await pilot.press(*("space" if ch == " " else ch for ch in name))
        ui.screen.query_one("#f-kind").value = "provincial"
        ui.screen.query_one("#f-parent").value = "SEC"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: office.find(unit_id("HRT")) is not None)
        assert office.find(unit_id("HRT")).name == name
        # a card: its actions read from the right, the first words on the first line's right end
        await choose_register(pilot, ui, "units")
        ui.query_one(RegisterTable).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(ui.screen, RecordCard) and not ui.screen.reading)
        actions = str(ui.screen.query_one("#card-actions").render()).splitlines()
        assert actions[0].rstrip().endswith(visual(_("Actions: ").strip(), rtl=True)), actions
        await pilot.press("escape")
        await wait_for(pilot, lambda: not isinstance(ui.screen, RecordCard))
        for key, screen, title in (("i", InboxScreen, "#inbox-title"), ("d", DashboardScreen, "#dash-title")):
            ui.query_one(RegisterTable).focus()
            await pilot.press(key)
            await wait_for(pilot, lambda screen=screen: isinstance(ui.screen, screen))
            await wait_for(pilot, lambda: not any(w.is_running for w in ui.screen.workers))
            await pilot.pause()
            if screen is InboxScreen:  # the screen's own keys in the footer, in drawing order (translated once)
                assert visual(_("Back")) in drawn(ui).splitlines()[-1]
            heading = ui.screen.query_one(title)
            line = drawn(ui).splitlines()[heading.region.y]
            assert line.rstrip() and len(line) - len(line.rstrip()) < len(line) - len(line.lstrip()), line
            await pilot.press("escape")
            await wait_for(pilot, lambda screen=screen: not isinstance(ui.screen, screen))


def test_the_command_line_speaks_the_session_language_whole(capsys: pytest.CaptureFixture[str]) -> None:
    """argparse's own headings and errors are translated, and a Dari message keeps its zero-width non-joiners
    (they spell the words; only control characters are escaped in a one-line message)."""
    from tui.cli.main import main

    catalogue.translations.cache_clear()
    try:
        assert main(["--lang", "ru", "users", "--help"]) == 0
        out = capsys.readouterr().out
        assert out.startswith("использование: ") and "позиционные аргументы" in out
        for english in ("usage:", "positional arguments", "options:", "show this help message", "grant a role"):
            assert english not in out
        assert main(["--lang", "fa_AF", "users", "grant"]) == 2
        err = capsys.readouterr().err
        assert "\u200c" in err and "\\u200c" not in err and "آرگومان" in err
    finally:
        use(Settings())
        catalogue.translations.cache_clear()


def test_a_right_to_left_tile_is_cut_where_reading_ends() -> None:
    """A dashboard tile's lines longer than the tile are cut in reading order, so the cut falls at the left end
    of a right-to-left line and its first words (at the right) stay; the figure stands at the right."""
    from projections.dashboard import Tile
    from tui.screens.dashboard import TILE_WIDTH, tile_text

    use(Settings(language="ps"))
    catalogue.translations.cache_clear()
    try:
        label = _("Overdue appeals")
        lines = tile_text(Tile("overdue", "Overdue appeals", 12, 11, None)).plain.splitlines()
        assert all(len(line) <= TILE_WIDTH for line in lines)
        assert lines[0].endswith(visual(label[:5], rtl=True)) and lines[0].startswith("…")
        assert lines[1].endswith("12")  # the figure first, at the right
    finally:
        use(Settings())
        catalogue.translations.cache_clear()


def test_a_weekly_chart_names_its_weeks_in_the_readers_calendar() -> None:
    from projections.dashboard import Bar, Chart
    from tui.screens.dashboard import DashboardScreen

    chart = Chart("letters", "Letters received per week", "series",
                  (Bar("2026-09-10", 1, None), Bar("2026-11-26", 3, None)))
    use(Settings(language="fa_AF", calendar="solar_hijri", digits="eastern"))
    catalogue.translations.cache_clear()
    try:
        note = DashboardScreen._series_note(chart).plain
        assert "۱۴۰۵-۰۶-۱۹" in note and "2026" not in note  # a date is one left-to-right unit in the line
    finally:
        use(Settings())
        catalogue.translations.cache_clear()


@pytest.mark.parametrize("joiner", ["\u200c", "\u200d"])
def test_a_line_with_brackets_keeps_its_zero_width_joiners(joiner: str) -> None:
    """Brackets send a line through the mirroring algorithm, which drops zero-width joiners (bidi rule X9);
    Dari writes 'رخصتی‌ها' with one, and without it the word is drawn joined wrongly."""
    use(Settings(language="fa_AF"))
    try:
        plain, bracketed = visual(f"رخصتی{joiner}ها تقویم"), visual(f"رخصتی{joiner}ها (تقویم)")
    finally:
        use(Settings())
    assert f"اه{joiner}یتصخر" in plain and f"اه{joiner}یتصخر" in bracketed and bracketed.startswith("(")


@pytest.mark.parametrize("language", ["ru", "fa_AF", "ps"])
def test_an_inbox_group_names_where_it_leads_in_the_readers_language(language: str) -> None:
    """A group with work in it names the register it opens: by its title in the session's language, not by the
    register's identifier and the filter's English syntax ('allocations due:overdue')."""
    from projections.inbox import Group, Spec
    from tui.screens.inbox import group_line

    spec = Spec("reports-overdue", "Reports due from commissions", "Spending reports overdue", "allocations",
                "due:overdue", None, ())
    use(Settings(language=language))
    catalogue.translations.cache_clear()
    try:
        line = group_line(Group(spec, 3, ())).plain
        assert english_in(line) == [] and "allocations" not in line, line
    finally:
        use(Settings())
        catalogue.translations.cache_clear()
