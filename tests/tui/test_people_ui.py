"""The Parties department's and the planners' screens, driven as a clerk would (Textual pilot, SQLite): register a
party from its register with `n`, a nomination refused at the form for a dissolved party with the typed values
kept, a candidate's card offering only the steps its state allows, an activity's card saying it is late."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input

from domain import candidates as c
from domain import parties as pt
from domain import plan as p
from domain.parties import Party, party_id
from tests.tui.support import card_shown, recorded, screen_text, small_organisation
from tests.tui.test_shell import choose_register, shell
from tui.screens.card import RecordCard
from tui.screens.forms import CommandForm


@pytest.fixture
def lite(tmp_path: Path) -> Iterator[Any]:
    from domain.application import open_store

    application = open_store(str(tmp_path / "store.db"), create=True)
    application.bootstrap("admin")
    small_organisation(application)
    for command in (
        pt.RegisterParty(code="PDA", party_name="Party [/x] of Democracy", registration_number="MOJ-1",
                         registered_on=date(2010, 1, 5), leader="Ahmadi", address="Kabul"),
        p.PlanActivity(election="PE26", code="NOMINATION", activity_title="Nominations", phase="candidates",
                       unit="FIN", starts=date(2026, 5, 1), ends=date(2026, 5, 20), legal=True),
        c.NominateCandidate(election="PE26", document="T1", full_name="Zahra [b]K[/b]", constituency=1, party="PDA",
                            nominated_on=date(2026, 5, 10)),
    ):
        application.handle(command, user="admin")
    yield application
    application.close()


def fill(form: Any, **values: str) -> None:
    for name, value in values.items():
        form.query_one(f"#f-{name}", Input).value = value


async def test_a_party_registered_from_its_register(lite: Any) -> None:
    ui = shell(lite)
    async with ui.run_test(size=(120, 50)) as pilot:
        await choose_register(pilot, ui, "parties")
        assert "Party [/x] of Democracy" in screen_text(ui)
        await pilot.press("n")
        await pilot.pause()
        form = ui.screen
        assert isinstance(form, CommandForm)
        fill(form, code="PRG", party_name="Progress", registration_number="MOJ-2", registered_on="2012-03-01",
             leader="Karimi", address="Herat")
        await pilot.press("ctrl+s")
        await recorded(pilot)
        assert not isinstance(ui.screen, CommandForm)
        found = lite.find(party_id("PRG"))
        assert isinstance(found, Party) and found.leader == "Karimi"


async def test_a_nomination_by_a_dissolved_party_is_refused_at_the_form(lite: Any) -> None:
    lite.handle(pt.DissolveParty(party="PDA", on=date(2026, 1, 1)), user="admin", reason="congress")
    ui = shell(lite)
    async with ui.run_test(size=(120, 50)) as pilot:
        await choose_register(pilot, ui, "candidates")
        await pilot.press("n")
        await pilot.pause()
        form = ui.screen
        assert isinstance(form, CommandForm)
        fill(form, election="PE26", document="T9", full_name="Hamid", constituency="1", party="PDA",
             nominated_on="2026-05-11")
        await pilot.press("ctrl+s")
        await recorded(pilot)
        assert ui.screen is form  # refused: the form stays with what was typed
        assert "PDA was dissolved on 2026-01-01; it cannot nominate candidates" in screen_text(ui)
        assert form.query_one("#f-full_name", Input).value == "Hamid"


async def test_a_candidate_card_offers_the_next_step_only(lite: Any) -> None:
    ui = shell(lite)
    async with ui.run_test(size=(120, 50)) as pilot:
        await choose_register(pilot, ui, "candidates")
        await pilot.press("enter")
        await card_shown(pilot)
        assert isinstance(ui.screen, RecordCard)
        text = screen_text(ui)
        assert "Zahra [b]K[/b]" in text
        assert "Receive signature sheets" in text and "Register (decision)" not in text
        assert "nominated by PDA on 2026-05-10" in text


async def test_an_activity_card_says_it_is_late(lite: Any) -> None:
    ui = shell(lite)
    async with ui.run_test(size=(120, 50)) as pilot:
        await choose_register(pilot, ui, "election-plan")
        await pilot.press("enter")
        await pilot.pause()
        text = screen_text(ui)
        assert "LATE by" in text and "its end is the deadline for nominations of candidates" in text
        assert "Report progress" in text
