"""Candidates' rules (domain/candidates.py): nomination by a registered party or self, into a live constituency
commission, before the plan's deadline; steps only in order and in date order; registration only with enough
valid signatures estimated from the sample; refusal with reasons; withdrawal."""

from __future__ import annotations

from datetime import date

import pytest

from domain.application import Secretariat
from domain.candidates import (
    Candidate,
    CheckSignatures,
    NominateCandidate,
    RefuseCandidate,
    RegisterCandidate,
    SubmitSignatures,
    WithdrawCandidate,
    candidate_id,
    estimated_valid,
)
from domain.organisation import DissolveCommission, EstablishCommission, EstablishUnit, ScheduleElection
from domain.parties import DissolveParty, RegisterParty, SuspendParty
from domain.plan import PlanActivity
from tests.domain.rules import refused, run

D = date
E = {"election": "PE26"}


def candidate(app: Secretariat, document: str = "T1") -> Candidate:
    found = app.find(candidate_id("PE26", document))
    assert isinstance(found, Candidate)
    return found


NOMINATED = D(2026, 5, 10)


def nominate(document: str = "T1", party: str = "PDA", on: date = NOMINATED, constituency: int = 1
             ) -> NominateCandidate:
    return NominateCandidate(election="PE26", document=document, full_name="Zahra Karimi", constituency=constituency,
                             party=party, nominated_on=on)


@pytest.fixture
def election(app: Secretariat) -> Secretariat:
    run(app, ScheduleElection(code="PE26", election_name="Parliamentary", kind="parliamentary",
                              voting_day=D(2026, 9, 1)))
    run(app, EstablishCommission(election="PE26", constituency=1, commission_name="Kabul"))
    run(app, EstablishCommission(election="PE26", constituency=2, commission_name="Kapisa"))
    run(app, RegisterParty(code="PDA", party_name="Party of Democracy", registration_number="MOJ-1",
                           registered_on=D(2010, 1, 5), leader="Ahmadi", address="Kabul"))
    run(app, EstablishUnit(code="LEGAL", unit_name="Legal", kind="department"))
    for code, starts, ends in (("NOMINATION", D(2026, 5, 1), D(2026, 5, 20)),
                               ("SIGNATURES", D(2026, 5, 20), D(2026, 5, 30)),
                               ("CANDIDATE-REGISTRATION", D(2026, 5, 30), D(2026, 6, 15)),
                               ("WITHDRAWAL", D(2026, 6, 15), D(2026, 7, 15))):
        run(app, PlanActivity(election="PE26", code=code, activity_title=code, phase="candidates", unit="LEGAL",
                              starts=starts, ends=ends, legal=True))
    return app


def test_nomination_by_a_registered_party_or_self_into_a_live_constituency(election: Secretariat) -> None:
    refused(election, nominate(constituency=9), "PE26 has no constituency commission 9")
    refused(election, nominate(party="GHOST"), "no party or organisation 'GHOST'")
    refused(election, nominate(document="T 1"), "document number 'T 1' must be")
    refused(election, NominateCandidate(election="XX", document="T1", full_name="A", constituency=1,
                                        nominated_on=D(2026, 5, 10)), "no election with code 'XX'")
    run(election, nominate("T1"))
    run(election, nominate("T2", party=""))
    assert (candidate(election).party, candidate(election, "T2").party) == ("PDA", "self-nominated")
    refused(election, nominate("t1"), "document T1 is already nominated for PE26")
    run(election, DissolveCommission(election="PE26", constituency=2, effective=D(2026, 5, 1)), "merged")
    refused(election, nominate("T3", constituency=2), "the commission of constituency 2 of PE26 is dissolved")


def test_a_suspended_or_dissolved_party_nominates_nobody(election: Secretariat) -> None:
    run(election, SuspendParty(party="PDA", on=D(2026, 5, 1)), "order")
    refused(election, nominate(), "PDA is suspended; it cannot nominate candidates")
    run(election, RegisterParty(code="OLD", party_name="Old", registration_number="MOJ-2",
                                registered_on=D(2011, 1, 1), leader="A", address="B"))
    run(election, DissolveParty(party="OLD", on=D(2026, 1, 1)), "congress")
    refused(election, nominate(party="OLD"), "OLD was dissolved on 2026-01-01; it cannot nominate candidates")


def test_every_step_keeps_its_deadline_from_the_election_plan(election: Secretariat) -> None:
    refused(election, nominate(on=D(2026, 5, 21)), r"nominations for PE26 closed on 2026-05-20 \(election plan "
            r"activity NOMINATION\); 2026-05-21 is too late")
    run(election, nominate())
    refused(election, SubmitSignatures(**E, document="T1", on=D(2026, 5, 31), sheets=40, signatures=1200),
            "submission of signature sheets for PE26 closed on 2026-05-30")
    run(election, SubmitSignatures(**E, document="T1", on=D(2026, 5, 25), sheets=40, signatures=1200))
    refused(election, CheckSignatures(**E, document="T1", on=D(2026, 6, 16), sampled=100, valid=90, invalid=10,
                                      required=1000), "checks of signatures for PE26 closed on 2026-06-15")
    run(election, CheckSignatures(**E, document="T1", on=D(2026, 6, 1), sampled=100, valid=90, invalid=10,
                                  required=1000))
    refused(election, RegisterCandidate(**E, document="T1", on=D(2026, 6, 16), decision="DEC-1"),
            "decisions on registration for PE26 closed on 2026-06-15")
    run(election, RegisterCandidate(**E, document="T1", on=D(2026, 6, 10), decision="DEC-1"))
    refused(election, WithdrawCandidate(**E, document="T1", on=D(2026, 7, 16)), "withdrawals for PE26 closed",
            reason="statement")
    run(election, WithdrawCandidate(**E, document="T1", on=D(2026, 7, 1)), "written statement")
    assert candidate(election).status == "withdrawn"


def test_steps_go_in_order_and_in_date_order(election: Secretariat) -> None:
    run(election, nominate())
    refused(election, CheckSignatures(**E, document="T1", on=D(2026, 5, 25), sampled=10, valid=9, invalid=1,
                                      required=5), "is nominated; it cannot be checked now")
    refused(election, RegisterCandidate(**E, document="T1", on=D(2026, 6, 1), decision="D"),
            "is nominated; it cannot be registered now")
    refused(election, SubmitSignatures(**E, document="T1", on=D(2026, 5, 9), sheets=1, signatures=10),
            r"before its last step \(2026-05-10\)")
    refused(election, SubmitSignatures(**E, document="T1", on=D(2026, 5, 21), sheets=0, signatures=10),
            "sheets must be 1-10,000")
    refused(election, SubmitSignatures(**E, document="T1", on=D(2026, 5, 21), sheets=1, signatures=0),
            "signatures must be 1-1,000,000")
    run(election, SubmitSignatures(**E, document="T1", on=D(2026, 5, 21), sheets=30, signatures=900))
    refused(election, SubmitSignatures(**E, document="T1", on=D(2026, 5, 22), sheets=1, signatures=10),
            "is signatures submitted; it cannot be given signature sheets now")
    refused(election, WithdrawCandidate(**E, document="GHOST", on=D(2026, 6, 1)), "no candidate with document 'GHOST'",
            reason="x")


def test_the_sample_adds_up_and_registration_needs_enough_valid_signatures(election: Secretariat) -> None:
    run(election, nominate())
    run(election, SubmitSignatures(**E, document="T1", on=D(2026, 5, 21), sheets=30, signatures=1200))
    check = {**E, "document": "T1", "on": D(2026, 6, 1), "required": 1000}
    refused(election, CheckSignatures(**check, sampled=0, valid=0, invalid=0), "at least one signature")
    refused(election, CheckSignatures(**check, sampled=1300, valid=1300, invalid=0),
            r"sample \(1300\) cannot exceed the 1200 signatures")
    refused(election, CheckSignatures(**check, sampled=100, valid=80, invalid=10),
            r"valid \(80\) and invalid \(10\) must add up to the sample \(100\)")
    refused(election, CheckSignatures(**{**check, "required": 0}, sampled=100, valid=80, invalid=20),
            "required number of valid signatures must be at least 1")
    run(election, CheckSignatures(**check, sampled=100, valid=80, invalid=20))
    c = candidate(election)
    assert (c.estimated_valid, c.passes) == (960, False) == (estimated_valid(1200, 100, 80), False)
    refused(election, RegisterCandidate(**E, document="T1", on=D(2026, 6, 2), decision="DEC-9"),
            "an estimated 960 valid signatures of the 1000 required; refuse the registration instead")
    refused(election, RefuseCandidate(**E, document="T1", on=D(2026, 6, 2), decision="DEC-9", reasons=""),
            "reasons for refusal is required")
    run(election, RefuseCandidate(**E, document="T1", on=D(2026, 6, 2), decision="DEC-9",
                                  reasons="signatures short"))
    refused(election, WithdrawCandidate(**E, document="T1", on=D(2026, 6, 20)), "is refused; it cannot be withdrawn",
            reason="x")


def test_only_heads_decide_registration(election: Secretariat) -> None:
    from domain.access import AddUser
    from domain.errors import NotPermitted

    run(election, AddUser(user="clerk1", role="clerk"))
    election.handle(nominate(), user="clerk1")
    with pytest.raises(NotPermitted):
        election.handle(RefuseCandidate(**E, document="T1", on=D(2026, 5, 21), decision="D", reasons="r"),
                        user="clerk1")
