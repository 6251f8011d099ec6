"""Snapshots of the main screens at 80x24: the shell with a register, a record card and a form."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from domain.application import open_store
from tests.tui.support import card_shown, settled, small_organisation
from tui.app import SecretariatApp


class _Clock(datetime):
    """A clock that ticks one minute per reading, from a fixed morning, so snapshots do not drift."""

    ticks = 0

    @classmethod
    def now(cls, tz: Any = None) -> Any:
        cls.ticks += 1
        return datetime(2026, 11, 23, 9, 0, tzinfo=UTC) + timedelta(minutes=cls.ticks)


@pytest.fixture
def organised(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    monkeypatch.setattr("tui.screens.card.when_text", lambda moment: "2026-11-23 09:00")
    _Clock.ticks = 0
    monkeypatch.setattr("domain.application.datetime", _Clock)
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
    async def choose(pilot: Any) -> None:  # rows are read in a worker: each step waits for them
        pilot.app.show_register("commission-members")
        await settled(pilot)
        for key in ("s", "S"):
            await pilot.press(key)
            await settled(pilot)

    assert snap_compare(_ui(organised), terminal_size=(80, 24), run_before=choose)


def test_record_card(organised: Any, snap_compare: Any) -> None:
    async def open_card(pilot: Any) -> None:  # the card reads its record in a worker
        await pilot.press("down", "enter")
        await card_shown(pilot)

    assert snap_compare(_ui(organised), terminal_size=(80, 24), run_before=open_card)


def test_form_with_a_field_error(organised: Any, snap_compare: Any) -> None:
    assert snap_compare(_ui(organised), terminal_size=(80, 24), press=["n", "x", "!", "ctrl+s"])


def test_event_log(organised: Any, snap_compare: Any) -> None:
    async def choose(pilot: Any) -> None:
        pilot.app.show_register("event-log")
        await settled(pilot)

    assert snap_compare(_ui(organised), terminal_size=(100, 24), run_before=choose)


def test_replay_view(organised: Any, snap_compare: Any) -> None:
    assert snap_compare(_ui(organised), terminal_size=(100, 24), press=["y", "right", "right", "right", "right"])


def test_rebuild_screen(organised: Any, snap_compare: Any) -> None:
    assert snap_compare(_ui(organised), terminal_size=(100, 30), press=["b"])


def test_a_right_to_left_session(organised: Any, snap_compare: Any) -> None:
    """A Dari reader (language resolved before the app starts) with Solar Hijri dates and Eastern digits: the
    sidebar on the right, the register's columns from the right, Arabic script in visual order."""
    from domain.access import SetPreferences
    from domain.organisation import EstablishUnit
    from tui.i18n import settings

    organised.handle(EstablishUnit(code="PO-HER", unit_name="دفتر ولایتی هرات", kind="provincial", parent="SEC"),
                     user="admin")
    organised.handle(SetPreferences(user="admin", calendar="solar_hijri", digits="eastern"), user="admin")
    settings.use(settings.Settings(language="fa_AF"))

    async def elections(pilot: Any) -> None:
        pilot.app.show_register("elections")
        await pilot.pause()

    assert snap_compare(_ui(organised), terminal_size=(80, 24), run_before=elections)
