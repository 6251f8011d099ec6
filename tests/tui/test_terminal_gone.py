"""An app whose terminal is closed under it (an SSH session dropped with a `su` in between, a killed tmux) ends
itself instead of reading end-of-file forever with a core busy: the check, and the app acting on it."""

from __future__ import annotations

import os
import pty
from typing import Any

import pytest

from tests.tui.support import wait_for
from tests.tui.test_shell import shell
from tui.terminal import EXIT_TERMINAL_GONE, terminal_gone


def test_a_closed_terminal_is_seen_as_gone() -> None:
    master, slave = pty.openpty()
    try:
        assert not terminal_gone(slave)
        os.close(master)
        assert terminal_gone(slave)
    finally:
        os.close(slave)


async def test_the_app_ends_itself_when_its_terminal_is_gone(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    master, slave = pty.openpty()
    ui = shell(app)
    try:
        async with ui.run_test(size=(80, 24)) as pilot:
            ui.exit_if_terminal_gone(slave)  # still there: nothing happens
            await pilot.pause()
            assert ui.is_running and ui.return_code is None
            os.close(master)
            master = -1
            ui.exit_if_terminal_gone(slave)
            await wait_for(pilot, lambda: not ui.is_running)
        assert ui.return_code == EXIT_TERMINAL_GONE
    finally:
        os.close(slave)
        if master >= 0:
            os.close(master)
