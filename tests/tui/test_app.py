"""The app opens on a store with a header naming the store, the acting user and their roles, and quits on q."""

from __future__ import annotations

from typing import Any

import pytest

from tests.tui.support import small_organisation
from tui.app import SecretariatApp


async def test_header_names_store_user_and_role_and_q_quits(app: Any) -> None:
    small_organisation(app)
    ui = SecretariatApp(app, "clerk")
    async with ui.run_test(size=(80, 24)) as pilot:
        assert ui.sub_title == f"{app.store_config.display} · clerk (clerk)"
        await pilot.press("q")
    assert ui.return_code == 0


def test_an_unexpected_error_ends_with_one_line_not_a_traceback(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRETARIAT_DEBUG", raising=False)
    ui = SecretariatApp(app, "admin")
    monkeypatch.setattr(ui, "_close_messages_no_wait", lambda: None)
    ui._exception = RuntimeError("disk on fire\nsecond line")
    ui._fatal_error()
    [line] = [str(r) for r in ui._exit_renderables]
    assert line == "secretariat: unexpected RuntimeError: disk on fire (set SECRETARIAT_DEBUG=1 for details)"
