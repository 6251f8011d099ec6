"""Forms filled with hostile values through the pilot and submitted: the app never fails, a refused form
stays open and records nothing. The values come from the same hostile list as the command-line fuzzer
(tests/fuzzing.py). The suite drives a seeded sample of FORMS forms (about a second each on a busy machine);
SECRETARIAT_FUZZ_FORMS=all drives every form of every command (91 today), ROUNDS times each."""

from __future__ import annotations

import os
import random
from pathlib import Path

from textual.widgets import Input

from domain.commands import COMMANDS
from tests.fuzzing import HOSTILE_TEXT
from tests.tui.support import recorded, small_organisation
from tests.tui.test_shell import shell
from tui.screens.forms import CommandForm

ROUNDS = int(os.environ.get("SECRETARIAT_FUZZ_ROUNDS", "1"))
FORMS = os.environ.get("SECRETARIAT_FUZZ_FORMS", "25")


async def test_every_form_survives_hostile_values(tmp_path: Path) -> None:
    from domain.application import open_store

    app = open_store(str(tmp_path / "store.db"), create=True)
    app.bootstrap("admin")
    small_organisation(app)
    rng = random.Random(19)
    values = [v for v in HOSTILE_TEXT if not 0xD800 <= max(map(ord, v or "a")) <= 0xDFFF] + ["2026-05-04", "KBL", "1"]
    ui = shell(app)
    tried = 0
    names = sorted(COMMANDS) if FORMS == "all" else sorted(rng.sample(sorted(COMMANDS), int(FORMS)))
    async with ui.run_test(size=(110, 50)) as pilot:
        for name in names:
            for _ in range(ROUNDS):
                ui.open_form(COMMANDS[name])
                await pilot.pause()
                form = ui.screen
                assert isinstance(form, CommandForm), name
                for widget in form.query(Input):
                    widget.value = rng.choice(values)
                head = app.head()
                await pilot.press("ctrl+s")
                await recorded(pilot)
                tried += 1
                if isinstance(ui.screen, CommandForm):  # refused: the form stays, nothing recorded
                    assert app.head() == head, name
                    await pilot.press("escape")
                    await pilot.pause()
                assert not isinstance(ui.screen, CommandForm), name
    app.close()
    assert tried == ROUNDS * len(names)
