"""Two screens drawn at 80x24 in every language: the command palette's 'nothing matches' line is in the session's
language (Textual writes it in English), and the administrator's registers screen shows the line with the
result of its check (`c`) on the screen, not below the table out of sight."""

from __future__ import annotations

from typing import Any

import pytest
from textual.command import CommandPalette

from tests.i18n.test_no_english_left import drawn
from tests.tui.support import small_organisation, wait_for
from tui.app import SecretariatApp
from tui.i18n import catalogue
from tui.i18n.bidi import visual
from tui.i18n.catalogue import _
from tui.i18n.library_texts import NO_MATCHES
from tui.i18n.settings import LANGUAGES, Settings, use
from tui.widgets.table import RegisterTable


@pytest.fixture
def language(request: pytest.FixtureRequest) -> Any:
    use(Settings(language=request.param))
    catalogue.translations.cache_clear()
    yield request.param
    use(Settings())
    catalogue.translations.cache_clear()


@pytest.mark.only_on("sqlite")
@pytest.mark.parametrize("language", ["ru", "fa_AF"], indirect=True)
async def test_the_palettes_no_matches_line_is_in_the_sessions_language(app: Any, language: str) -> None:
    small_organisation(app)
    ui = SecretariatApp(app, "admin", store_label="—")
    async with ui.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await wait_for(pilot, lambda: isinstance(ui.screen, CommandPalette))
        await pilot.press(*"qqqzzzxxw")  # no command's title has that
        shown = visual(_(NO_MATCHES))
        await wait_for(pilot, lambda: shown in drawn(ui))
        screen = drawn(ui)
        assert "No matches" not in screen and shown != NO_MATCHES, screen


@pytest.mark.parametrize("language", LANGUAGES, indirect=True)
async def test_the_registers_check_line_is_visible_at_80x24(app: Any, language: str) -> None:
    from tui.screens.admin import StatusScreen

    small_organisation(app)
    ui = SecretariatApp(app, "admin", store_label="—")
    async with ui.run_test(size=(80, 24)) as pilot:
        ui.query_one(RegisterTable).focus()
        await pilot.press("t")
        await wait_for(pilot, lambda: isinstance(ui.screen, StatusScreen))
        check = ui.screen.query_one("#check")
        prompt = str(check.render())
        await wait_for(pilot, lambda: ui.screen.query_one("#status").row_count > 0)
        await pilot.pause()
        assert prompt.strip()[:20] in drawn(ui)  # the prompt is shown before the check
        await pilot.press("c")
        done = visual(_("all {n} registers equal the history", n=len(ui.registers.status())))
        await wait_for(pilot, lambda: str(check.render()).strip() == done, seconds=30)  # in drawing order
        await pilot.pause()
        screen = drawn(ui)
        assert done in screen, screen
        footer = ui.screen.query_one("Footer")
        assert check.region.bottom <= footer.region.y  # above the keys, within the screen's 24 lines
