"""Snapshots of the main screens at 80x24: the shell with a register, a record card and a form."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from domain.store import open_store
from tests.tui.support import small_organisation
from tui.app import SecretariatApp


@pytest.fixture
def organised(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setattr("tui.card.when_text", lambda moment: "2026-11-23 09:00")
    with tempfile.TemporaryDirectory() as tmp:
        app = open_store(str(Path(tmp) / "store.db"), create=True)
        app.bootstrap("admin")
        small_organisation(app)
        yield app
        app.close()


def _ui(app: Any) -> SecretariatApp:
    return SecretariatApp(app, "admin", store_label="store.db", poll_seconds=3600)


def test_shell_with_the_units_register(organised: Any, snap_compare: Any) -> None:
    assert snap_compare(_ui(organised), terminal_size=(80, 24))


def test_a_register_sorted_and_filtered(organised: Any, snap_compare: Any) -> None:
    async def choose(pilot: Any) -> None:
        pilot.app.show_register("commission-members")
        await pilot.pause()

    assert snap_compare(_ui(organised), terminal_size=(80, 24), run_before=choose, press=["s", "S"])


def test_record_card(organised: Any, snap_compare: Any) -> None:
    assert snap_compare(_ui(organised), terminal_size=(80, 24), press=["down", "enter"])


def test_form_with_a_field_error(organised: Any, snap_compare: Any) -> None:
    assert snap_compare(_ui(organised), terminal_size=(80, 24), press=["n", "x", "!", "ctrl+s"])
