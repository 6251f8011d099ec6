"""The UI shows a role only what it may do, and says in words why a key does nothing for it: the palette
lists each command once by its title, `n` appears where the role may create, workspace keys explain."""

from __future__ import annotations

from typing import Any

from domain.commands import COMMANDS, role_refusal
from tests.tui.support import small_organisation
from tests.tui.test_shell import choose_register, shell
from tui.screens.forms import CommandForm
from tui.screens.palette import CommandsProvider


def footer_keys(ui: Any) -> dict[str, str]:
    return {key: b.binding.description for key, b in ui.screen.active_bindings.items() if b.binding.show and b.enabled}


def warnings(ui: Any) -> list[str]:
    return [n.message for n in ui._notifications]


def test_the_domain_says_in_words_who_may_run_a_command() -> None:
    command = COMMANDS["units.establish"]
    assert role_refusal(["administrator"], command) is None
    words = role_refusal(["clerk"], command)
    assert words is not None and command.title in words and "administrator" in words and command.name not in words


async def test_n_is_offered_only_where_the_role_may_create_and_explained_elsewhere(app: Any) -> None:
    small_organisation(app)
    ui = shell(app, "clerk")
    async with ui.run_test(size=(80, 24)) as pilot:
        assert ui.current.name == "units" and "n" not in footer_keys(ui)  # units are established by administrators
        await pilot.press("n")
        await pilot.pause()
        assert not isinstance(ui.screen, CommandForm)
        assert any("'Establish a unit' is for administrator" in w for w in warnings(ui))
        assert not any("units.establish" in w for w in warnings(ui))  # no internal name
        await choose_register(pilot, ui, "correspondence")
        assert footer_keys(ui).get("n") == "New"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(ui.screen, CommandForm)


async def test_workspace_keys_say_why_they_do_nothing_for_a_role(app: Any) -> None:
    from tui.screens.admin import RebuildScreen

    small_organisation(app)
    ui = shell(app, "clerk")
    async with ui.run_test(size=(80, 24)) as pilot:
        for key in "ayvtx":
            await pilot.press(key)
            await pilot.pause()
            assert len(ui.screen_stack) == 1
        said = warnings(ui)
        assert len(said) == 5 and all("auditors" in w and "your role is clerk" in w for w in said), said
    ui = shell(app, "audra")
    async with ui.run_test(size=(80, 24)) as pilot:
        await pilot.press("b")
        await pilot.pause()
        assert not isinstance(ui.screen, RebuildScreen)
        assert warnings(ui) == ["Rebuilding registers is for administrators; your role is auditor"]


async def test_the_palette_lists_each_command_once_by_its_title(app: Any) -> None:
    small_organisation(app)
    ui = shell(app)
    async with ui.run_test(size=(80, 24)):
        provider = CommandsProvider(ui.screen)
        hits = [hit async for hit in provider.search("rename a unit")]
        assert [str(h.match_display) for h in hits] == ["Rename a unit"] and all(not h.help for h in hits)
        found = [hit async for hit in provider.discover()]
        texts = [str(h.display) for h in found]
        assert len(texts) == len(set(texts)) and not any(t in COMMANDS for t in texts)
