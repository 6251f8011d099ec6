"""Text that looks like markup, typed into every text field of every form, never crashes the app and is shown
literally wherever it appears: the toast, the register table, the card and its history, replay and reports."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Select
from textual.widgets._toast import Toast

from domain.access import GrantRole
from domain.commands import COMMANDS
from tests.tui.support import card_shown, recorded, screen_text, small_organisation, wait_for
from tests.tui.test_shell import choose_register, shell
from tui.screens.forms import CommandForm
from tui.screens.replay import ReplayScreen
from tui.screens.reports import ReportsScreen
from tui.widgets.fields import form_fields

MARKUP = ["[/x]", "[bold]x", "[link=http://a]b", "[@click=app.quit]q"]


@pytest.fixture
def lite(tmp_path: Path) -> Iterator[Any]:
    from domain.application import open_store

    application = open_store(str(tmp_path / "store.db"), create=True)
    application.bootstrap("admin")
    small_organisation(application)
    application.handle(GrantRole(user="admin", role="head"), user="admin")
    yield application
    application.close()


def toasts(ui: Any) -> str:
    """What the toasts on screen say, as a user reads them."""
    return "\n".join(str(t.render()) for screen in ui.screen_stack for t in screen.query(Toast))


def _parts(count: int) -> list[set[str]]:
    """The forms with a text field, in `count` parts of about the same size, each a run of whole contexts in name
    order: a context's later forms still find the records its earlier forms made (a letter received, then sent)."""
    names = [name for name, command in sorted(COMMANDS.items())
             if any(f.kind in ("text", "longtext") for f in form_fields(command))]
    contexts = list(dict.fromkeys(name.split(".")[0] for name in names))
    parts: list[set[str]] = [set()]
    for context in contexts:
        if len(parts[-1]) >= len(names) / count and len(parts) < count:
            parts.append(set())
        parts[-1].update(name for name in names if name.split(".")[0] == context)
    return parts


PARTS = 4  # one app per part: tests that run in parallel, each well inside the suite's timeout


@pytest.mark.parametrize("part", range(PARTS))
async def test_markup_in_every_text_field_of_every_form_leaves_the_app_alive(lite: Any, part: int) -> None:
    forms = _parts(PARTS)[part]  # once the store is open, every context's commands are registered
    ui = shell(lite)
    tried = recorded = 0
    async with ui.run_test(size=(80, 24), notifications=True) as pilot:  # toasts drawn: the crash was in one
        for n, (name, command) in enumerate(sorted(COMMANDS.items())):  # n: the markup each form gets, as whole
            if name not in forms or not ui.permits(command):
                continue
            texts = [f for f in form_fields(command) if f.kind in ("text", "longtext")]
            if not texts:
                continue
            ui.open_form(command)
            await pilot.pause()
            form = ui.screen
            assert isinstance(form, CommandForm), name
            for k, f in enumerate(texts):
                form.query_one(f"#f-{f.name}").value = f"{MARKUP[(n + k) % 4]} {name}"  # type: ignore[attr-defined]
            for f in form_fields(command):  # a reference names the first record it may: more forms get recorded
                if f.reference is not None and not form.query_one(f"#f-{f.name}").value:  # type: ignore[attr-defined]
                    found = ui.lookup(f.reference, "", 1)
                    form.query_one(f"#f-{f.name}").value = found[0][0] if found else ""  # type: ignore[attr-defined]
            for f in form_fields(command):
                if f.kind == "choice" and form.query_one(f"#f-{f.name}", Select).value is Select.NULL:
                    form.query_one(f"#f-{f.name}", Select).value = f.choices[0]
            if command.needs_reason:
                form.query_one("#f-reason").value = f"{MARKUP[n % 4]} because"  # type: ignore[attr-defined]
            form.action_submit()  # what ctrl+s does
            await wait_for(pilot, lambda f=form: not f.recording)  # recorded or refused, in a worker
            assert ui.is_running, name
            if form.result is None:  # refused: the refusal is on the form, as the domain wrote it
                shown = str(form.query_one("#refusal").render())
                assert shown.startswith("Refused:") or shown.startswith("Please correct"), (name, shown)
                form.dismiss(None)
            else:  # recorded: its toast says the outcome literally, whatever it echoes of the typed text
                message = form.result.message
                await wait_for(pilot, lambda m=message: m in toasts(ui))  # posted once the form has closed
                assert message in toasts(ui), name
                recorded += 1
            tried += 1
        await pilot.pause()  # every toast and table reload drawn: nothing raised
        # Whole, the parts try 158 forms and record 13 (the same as in one app: a part is a run of whole contexts).
        assert tried > 30 and recorded >= 1, (tried, recorded)
        assert ui.is_running


async def test_a_name_with_markup_is_literal_in_toast_table_card_history_replay_and_reports(lite: Any) -> None:
    lite.handle(COMMANDS["positions.establish"](unit="KBL", code="DEP", position_title="Deputy"), user="admin")
    ui = shell(lite)
    async with ui.run_test(size=(160, 50), notifications=True) as pilot:
        for k, name in enumerate(["[/x] Karimi", "Ahmad Shah [acting]"]):
            ui.open_form(COMMANDS["staff.hire"])
            await pilot.pause()
            form = ui.screen
            for field, value in dict(number=f"C-{k}", full_name=name, unit="KBL", position=["DIR", "DEP"][k],
                                     order_number=f"{k}/2026", order_date="2026-01-05",
                                     effective="2026-01-10").items():
                form.query_one(f"#f-{field}").value = value  # type: ignore[attr-defined]
            form.query_one("#f-employment_type", Select).value = "permanent"
            await pilot.press("ctrl+s")
            await recorded(pilot)
            await wait_for(pilot, lambda n=name: n in toasts(ui))  # the "Recorded" toast, literally
            assert ui.is_running and not isinstance(ui.screen, CommandForm)
            assert name in toasts(ui)
        await choose_register(pilot, ui, "staff")
        text = screen_text(ui)
        assert "[/x] Karimi" in text and "Ahmad Shah [acting]" in text
        await pilot.press("enter")
        await card_shown(pilot)
        card = screen_text(ui)
        assert card.count("[/x] Karimi") >= 2  # the fields and the history
        await pilot.press("escape")
        await pilot.pause()
        ui.push_screen(ReplayScreen(ui.current))
        await pilot.pause()
        replay = ui.screen
        assert isinstance(replay, ReplayScreen)
        replay.state.step_to(replay.state.head)
        replay.render_state()
        await pilot.pause()
        assert "[/x] Karimi" in screen_text(ui)
        await pilot.press("u", *"[/x]", "enter")  # an actor's name that is markup: a warning, literally
        await wait_for(pilot, lambda: "[/x]" in toasts(ui))
        assert ui.is_running and "[/x]" in toasts(ui)
        await pilot.press("escape")
        await pilot.pause()
        ui.push_screen(ReportsScreen())
        await pilot.pause()
        reports = ui.screen
        assert isinstance(reports, ReportsScreen)
        reports.show("movements-journal")
        await pilot.pause()
        from textual.widgets import DataTable

        table = reports.query_one("#report-table", DataTable)
        cells = [str(c) for row in range(table.row_count) for c in table.get_row_at(row)]
        assert "[/x] Karimi" in cells and "Ahmad Shah [acting]" in cells
