"""Opening a confidential record records who viewed it and when; the view shows in the event log."""

from __future__ import annotations

import uuid
from typing import Any

import pytest

from domain.access import SetClearance
from domain.envelope import Envelope
from domain.readaudit import RecordView
from domain.records import Record
from tests.identity import act_as, bootstrap_here
from tests.tui.support import card_shown, screen_text, settled, small_organisation
from tui.app import SecretariatApp
from tui.screens.card import RecordCard


class SealedLetter(Record):
    """A stand-in confidential record (the registry's confidential letters arrive with their own issue)."""

    class Registered(Record.Created):
        subject: str

        def apply(self, letter: Any) -> None:
            letter.subject = self.subject
            letter.confidential = True


def _sealed(app: Any) -> SealedLetter:
    actor = app.actor("admin")
    envelope: Envelope = app._envelope(actor.id, "admin", "administrator", None, "", uuid.uuid4().hex, "test",
                                       None, None)
    letter = SealedLetter._create(SealedLetter.Registered, id=uuid.uuid4(), subject="Sealed", envelope=envelope)
    app.save(letter)
    return letter


async def test_opening_a_confidential_record_is_recorded_and_logged(app: Any) -> None:
    small_organisation(app)
    app.handle(SetClearance(user="audra", clearance="confidential"), user="admin")
    letter = _sealed(app)
    ui = SecretariatApp(app, "audra", store_label="store.db")
    async with ui.run_test(size=(120, 40)) as pilot:
        head = app.head()
        ui.push_screen(RecordCard(str(letter.id)))
        await card_shown(pilot)
        assert app.head() == head + 1
        view = app.mapper.to_domain_event(app.recorder.select_notifications(app.head(), 1)[0])
        assert isinstance(view, RecordView.Viewed)
        assert view.record_id == letter.id and view.envelope.actor_name == "audra"
        await pilot.press("escape")
        ui.show_register("event-log")
        with ui.registers_lock:  # the app's poller shares these registers
            ui.registers.catch_up()
        ui._reload_table()
        await settled(pilot)
        from tui.widgets.table import RegisterTable

        table = ui.query_one(RegisterTable)
        newest = dict(zip(table.register_query.columns, table.row(0), strict=False))  # newest first
        assert newest["type"] == "RecordView.Viewed" and newest["actor"] == "audra"


async def test_an_uncleared_user_sees_only_that_a_record_is_confidential(app: Any) -> None:
    small_organisation(app)
    letter = _sealed(app)
    ui = SecretariatApp(app, "audra", store_label="store.db")
    async with ui.run_test(size=(120, 40)) as pilot:
        head = app.head()
        card = RecordCard(str(letter.id))
        ui.push_screen(card)
        await card_shown(pilot)
        text = screen_text(ui)
        assert "not cleared" in text and "Sealed" not in text
        assert app.head() == head  # nothing was opened, so no view is recorded


async def test_opening_an_ordinary_record_records_nothing(app: Any) -> None:
    small_organisation(app)
    ui = SecretariatApp(app, "audra", store_label="store.db")
    async with ui.run_test(size=(120, 40)) as pilot:
        head = app.head()
        await pilot.press("enter")
        await card_shown(pilot)  # read, and nothing recorded for it
        assert isinstance(ui.screen, RecordCard) and app.head() == head


def test_history_on_the_command_line_is_for_cleared_users_and_recorded(
        store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    from domain.application import open_store
    from tui.cli.main import main

    app = open_store(store_url, create=True)
    try:
        bootstrap_here(app)
        small_organisation(app)
        letter = _sealed(app)
        act_as(store_url, "audra")
        head = app.head()
        assert main(["--store", store_url, "--user", "audra", "history", str(letter.id)]) == 1
        err = capsys.readouterr().err
        assert "confidential" in err and "audra is not cleared" in err and "Sealed" not in err
        assert app.head() == head
        app.handle(SetClearance(user="audra", clearance="confidential"), user="admin")
        assert main(["--store", store_url, "--user", "audra", "history", str(letter.id)]) == 0
        assert "Sealed" in capsys.readouterr().out
        view = app.mapper.to_domain_event(app.recorder.select_notifications(app.head(), 1)[0])
        assert isinstance(view, RecordView.Viewed) and view.envelope.actor_name == "audra"
    finally:
        app.close()
