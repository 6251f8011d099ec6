"""The Textual app opens on a store and shows the store, the acting user and their roles."""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from domain.access import AddUser
from tui.app import SecretariatApp


async def test_app_shows_store_user_and_roles(app: Any) -> None:
    app.handle(AddUser(user="bob", role="clerk"), user="admin")
    ui = SecretariatApp(app, "admin")
    async with ui.run_test(size=(80, 24)) as pilot:
        summary = str(ui.query_one("#summary", Static).render())
        assert "admin — administrator" in summary
        assert app.store_config.display in summary
        assert "Events recorded: 4" in summary
        await pilot.press("q")
    assert ui.return_code == 0
