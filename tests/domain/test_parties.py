"""Rules of the register of parties (domain/parties.py): registration once per code, changes in date order,
suspension and reinstatement, merger into a registered party, dissolution, meetings; ended parties change no
more."""

from __future__ import annotations

from datetime import date

import pytest

from domain.application import Secretariat
from domain.parties import (
    ChangeAddress,
    ChangeLeader,
    DissolveParty,
    HoldMeeting,
    MergeParty,
    Party,
    RegisterParty,
    ReinstateParty,
    SuspendParty,
    party_id,
)
from tests.domain.rules import refused, run

D = date


def party(app: Secretariat, code: str = "PDA") -> Party:
    found = app.find(party_id(code))
    assert isinstance(found, Party)
    return found


REGISTERED = D(2010, 1, 5)


def register(code: str = "PDA", kind: str = "political party", on: date = REGISTERED) -> RegisterParty:
    return RegisterParty(code=code, party_name=f"Party {code}", kind=kind, registration_number=f"MOJ-{code}",
                         registered_on=on, leader="Ahmadi", address="Kabul")


@pytest.fixture
def registered(app: Secretariat) -> Secretariat:
    run(app, register("PDA"))
    run(app, register("PRG"))
    return app


def test_a_party_is_registered_once_with_its_justice_registration(app: Secretariat) -> None:
    refused(app, register("P D A"), "party code 'P D A' must be")
    refused(app, register(kind="club"), "unknown kind 'club'")
    refused(app, RegisterParty(code="PDA", party_name="PDA", registration_number="", registered_on=D(2010, 1, 1),
                               leader="A", address="B"), "justice registration number is required")
    run(app, register("pda"))
    refused(app, register("PDA"), "PDA is already in the register of parties")
    assert party(app).status == "registered"


def test_changes_keep_their_date_order_and_change_something(registered: Secretariat) -> None:
    refused(registered, ChangeLeader(party="PDA", leader="Ahmadi", on=D(2026, 1, 1)), "Ahmadi already leads PDA")
    run(registered, ChangeLeader(party="PDA", leader="Karimi", on=D(2026, 1, 1)))
    refused(registered, ChangeAddress(party="PDA", address="Herat", on=D(2025, 12, 31)),
            r"cannot be given a new address on 2025-12-31, before its last change \(2026-01-01\)")
    refused(registered, ChangeAddress(party="PDA", address="Kabul", on=D(2026, 2, 1)), "already has that address")
    refused(registered, ChangeLeader(party="GHOST", leader="X", on=D(2026, 1, 1)), "no party or organisation 'GHOST'")
    run(registered, ChangeAddress(party="PDA", address="Herat", on=D(2026, 2, 1)))
    assert (party(registered).leader, party(registered).address) == ("Karimi", "Herat")


def test_suspension_and_reinstatement_need_a_head_and_a_reason(registered: Secretariat) -> None:
    refused(registered, SuspendParty(party="PDA", on=D(2026, 1, 1)), "needs a reason")
    refused(registered, ReinstateParty(party="PDA", on=D(2026, 1, 1)), "is registered, not suspended",
            reason="order")
    run(registered, SuspendParty(party="PDA", on=D(2026, 1, 1)), "Ministry of Justice order 5")
    refused(registered, SuspendParty(party="PDA", on=D(2026, 1, 2)), "already suspended", reason="again")
    run(registered, ReinstateParty(party="PDA", on=D(2026, 2, 1)), "congress held")
    assert party(registered).status == "registered"


def test_a_party_merges_only_into_another_registered_party(registered: Secretariat) -> None:
    refused(registered, MergeParty(party="PDA", into="PDA", on=D(2026, 1, 1)), "cannot merge into itself",
            reason="congress")
    run(registered, SuspendParty(party="PRG", on=D(2026, 1, 1)), "order")
    refused(registered, MergeParty(party="PDA", into="PRG", on=D(2026, 1, 2)),
            "can merge only into a registered party; PRG is suspended", reason="congress")
    run(registered, register("NEW", on=D(2026, 5, 1)))
    refused(registered, MergeParty(party="PDA", into="NEW", on=D(2026, 4, 1)),
            "NEW was registered on 2026-05-01; PDA cannot merge into it on 2026-04-01", reason="congress")
    run(registered, MergeParty(party="PDA", into="NEW", on=D(2026, 6, 1)), "congress")
    p = party(registered)
    assert (p.status, p.merged_into, p.ended_on, p.active) == ("merged", "NEW", D(2026, 6, 1), False)


def test_an_ended_party_changes_no_more(registered: Secretariat) -> None:
    run(registered, DissolveParty(party="PDA", on=D(2026, 3, 1)), "its congress")
    for command in (ChangeLeader(party="PDA", leader="X", on=D(2026, 4, 1)),
                    ChangeAddress(party="PDA", address="X", on=D(2026, 4, 1)),
                    SuspendParty(party="PDA", on=D(2026, 4, 1)),
                    DissolveParty(party="PDA", on=D(2026, 4, 1)),
                    MergeParty(party="PDA", into="PRG", on=D(2026, 4, 1))):
        refused(registered, command, "PDA was dissolved on 2026-03-01", reason="r")
    refused(registered, MergeParty(party="PRG", into="PDA", on=D(2026, 4, 1)),
            "can merge only into a registered party; PDA is dissolved", reason="r")


def test_meetings_are_numbered_per_party_within_its_life(registered: Secretariat) -> None:
    meeting = {"subject": "Calendar", "participants": "Leader, Secretary"}
    refused(registered, HoldMeeting(party="PDA", held_on=D(2009, 1, 1), **meeting),
            "registered on 2010-01-05; no meeting with it on 2009-01-01")
    run(registered, HoldMeeting(party="PDA", held_on=D(2026, 1, 10), **meeting))
    run(registered, HoldMeeting(party="PDA", held_on=D(2026, 2, 10), **meeting))
    assert party(registered).meetings == 2
    run(registered, DissolveParty(party="PDA", on=D(2026, 3, 1)), "congress")
    run(registered, HoldMeeting(party="PDA", held_on=D(2026, 2, 20), **meeting))  # recorded late, held before
    refused(registered, HoldMeeting(party="PDA", held_on=D(2026, 3, 2), **meeting),
            "dissolved on 2026-03-01; no meeting with it on 2026-03-02")
    refused(registered, HoldMeeting(party="PRG", held_on=D(2026, 3, 2), subject="", participants="x"),
            "subject is required")
