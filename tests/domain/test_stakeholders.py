"""Stakeholder rules (domain/stakeholders.py): accreditation of an organisation first, then its individuals;
the application window before voting day (default and set per election); unique badges and validity dates;
refusals with reasons; revocation with the badge returned; parties' annual financial reports and their
states."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from domain.application import Secretariat
from domain.commands import Command
from domain.errors import Refused
from domain.organisation import EstablishUnit, ScheduleElection
from domain.parties import DissolveParty, MergeParty, RegisterParty, SuspendParty
from domain.plan import PlanActivity
from domain.stakeholders import (
    DEFAULT_WINDOW_DAYS,
    AcceptPartyReport,
    AccreditIndividual,
    AccreditOrganisation,
    ApplyIndividual,
    ApplyOrganisation,
    ExpectPartyReport,
    Individual,
    PartyReport,
    PublishPartyReport,
    RefuseIndividual,
    RefuseOrganisation,
    ReturnPartyReport,
    ReviewPartyReport,
    RevokeIndividual,
    RevokeOrganisation,
    SetAccreditationWindow,
    SubmitPartyReport,
    individual_id,
    party_report_id,
)

VOTING = date(2026, 9, 1)
DAY = date(2026, 7, 1)


def run(app: Secretariat, command: Command, reason: str = "test") -> None:
    app.handle(command, user="admin", reason=reason)


def refused(app: Secretariat, command: Command, match: str, reason: str = "test") -> None:
    head = app.head()
    with pytest.raises(Refused, match=match):
        run(app, command, reason=reason)
    assert app.head() == head


def individual(app: Secretariat, document: str = "P1") -> Individual:
    found = app.find(individual_id("PE26", document))
    assert isinstance(found, Individual)
    return found


@pytest.fixture
def election(app: Secretariat) -> Secretariat:
    run(app, ScheduleElection(code="PE26", election_name="Parliamentary", kind="parliamentary", voting_day=VOTING))
    return app


@pytest.fixture
def mission(election: Secretariat) -> Secretariat:
    """OSCE accredited for PE26, with P1 applied."""
    run(election, ApplyOrganisation(election="PE26", code="OSCE", organisation_name="OSCE/ODIHR",
                                    kind="international observers", applied_on=DAY))
    run(election, AccreditOrganisation(election="PE26", organisation="OSCE", decided_on=DAY))
    run(election, ApplyIndividual(election="PE26", organisation="OSCE", document="P1", full_name="Jane Doe",
                                  applied_on=DAY))
    return election


def accredit(app: Secretariat, document: str = "P1", badge: str = "B-1") -> None:
    run(app, AccreditIndividual(election="PE26", document=document, badge=badge, valid_from=date(2026, 8, 1),
                                valid_until=date(2026, 9, 30)))


def test_organisation_first_then_its_individuals(election: Secretariat) -> None:
    refused(election, ApplyIndividual(election="PE26", organisation="OSCE", document="P1", full_name="x",
                                      applied_on=DAY), "no organisation 'OSCE' has applied")
    run(election, ApplyOrganisation(election="PE26", code="OSCE", organisation_name="OSCE", kind="international "
                                    "observers", applied_on=DAY))
    refused(election, ApplyIndividual(election="PE26", organisation="OSCE", document="P1", full_name="x",
                                      applied_on=DAY), "only once it is accredited")
    run(election, AccreditOrganisation(election="PE26", organisation="OSCE", decided_on=DAY))
    run(election, ApplyIndividual(election="PE26", organisation="OSCE", document="P1", full_name="x", applied_on=DAY))
    assert individual(election).category == "international observer"


def test_organisation_kind_is_one_of_the_known(election: Secretariat) -> None:
    refused(election, ApplyOrganisation(election="PE26", code="X", organisation_name="X", kind="lobby",
                                        applied_on=DAY), "unknown organisation kind")


def test_applications_close_the_default_days_before_voting_day(election: Secretariat) -> None:
    last = VOTING - timedelta(days=DEFAULT_WINDOW_DAYS)
    assert last == date(2026, 8, 22)
    refused(election, ApplyOrganisation(election="PE26", code="X", organisation_name="X", kind="media",
                                        applied_on=date(2026, 8, 23)), "closed on 2026-08-22")
    run(election, ApplyOrganisation(election="PE26", code="X", organisation_name="X", kind="media", applied_on=last))


def test_the_window_is_set_per_election(mission: Secretariat) -> None:
    run(mission, SetAccreditationWindow(election="PE26", days=30))
    refused(mission, ApplyIndividual(election="PE26", organisation="OSCE", document="P2", full_name="x",
                                     applied_on=date(2026, 8, 3)), "closed on 2026-08-02 \\(30 days")
    refused(mission, SetAccreditationWindow(election="PE26", days=-1), "0-180 days")
    run(mission, SetAccreditationWindow(election="PE26", days=0))
    run(mission, ApplyIndividual(election="PE26", organisation="OSCE", document="P2", full_name="x",
                                 applied_on=VOTING))


def test_the_election_plan_closes_applications_when_it_has_an_accreditation_activity(
        mission: Secretariat) -> None:
    """The plan's ACCREDITATION activity decides (read from the plan, not typed per record); the window set
    for the election applies only to an election whose plan has no such activity."""
    run(mission, SetAccreditationWindow(election="PE26", days=0))  # would allow applications until voting day
    run(mission, EstablishUnit(code="EXT", unit_name="External Relations", kind="department"))
    run(mission, PlanActivity(election="PE26", code="ACCREDITATION", activity_title="Accreditation",
                              phase="accreditation", unit="EXT", starts=date(2026, 6, 1), ends=date(2026, 8, 10)))
    refused(mission, ApplyIndividual(election="PE26", organisation="OSCE", document="P2", full_name="x",
                                     applied_on=date(2026, 8, 11)),
            r"accreditation applications for PE26 closed on 2026-08-10 \(election plan activity ACCREDITATION\); "
            r"2026-08-11 is too late")
    refused(mission, ApplyOrganisation(election="PE26", code="X", organisation_name="X", kind="media",
                                       applied_on=date(2026, 8, 11)), "election plan activity ACCREDITATION")
    run(mission, ApplyIndividual(election="PE26", organisation="OSCE", document="P2", full_name="x",
                                 applied_on=date(2026, 8, 10)))


def test_a_document_applies_once_per_election(mission: Secretariat) -> None:
    refused(mission, ApplyIndividual(election="PE26", organisation="OSCE", document="p1", full_name="x",
                                     applied_on=DAY), "document P1 has already applied")


def test_badges_are_unique_and_validity_is_ordered(mission: Secretariat) -> None:
    run(mission, ApplyIndividual(election="PE26", organisation="OSCE", document="P2", full_name="y", applied_on=DAY))
    refused(mission, AccreditIndividual(election="PE26", document="P1", badge="B-1", valid_from=date(2026, 9, 2),
                                        valid_until=date(2026, 9, 1)), "cannot expire")
    accredit(mission, "P1", "B-1")
    assert individual(mission).status == "accredited" and individual(mission).badge == "B-1"
    refused(mission, AccreditIndividual(election="PE26", document="P2", badge="b-1", valid_from=DAY,
                                        valid_until=VOTING), "badge B-1 has already been issued")
    refused(mission, AccreditIndividual(election="PE26", document="P1", badge="B-2", valid_from=DAY,
                                        valid_until=VOTING), "accredited, not awaiting a decision")


def test_refusal_needs_reasons(mission: Secretariat) -> None:
    refused(mission, RefuseIndividual(election="PE26", document="P1", reasons=" "), "reasons for refusal is required")
    run(mission, RefuseIndividual(election="PE26", document="P1", reasons="no passport copy"))
    assert individual(mission).status == "refused"
    refused(mission, AccreditIndividual(election="PE26", document="P1", badge="B-1", valid_from=DAY,
                                        valid_until=VOTING), "refused, not awaiting a decision")
    run(mission, ApplyOrganisation(election="PE26", code="X", organisation_name="X", kind="media", applied_on=DAY))
    refused(mission, RefuseOrganisation(election="PE26", organisation="X", decided_on=DAY, reasons=""),
            "reasons for refusal is required")


def test_revocation_returns_the_badge_and_needs_a_reason(mission: Secretariat) -> None:
    refused(mission, RevokeIndividual(election="PE26", document="P1", revoked_on=DAY, badge_returned_on=DAY),
            "applied, not accredited")
    accredit(mission)
    refused(mission, RevokeIndividual(election="PE26", document="P1", revoked_on=DAY, badge_returned_on=DAY),
            "reason", reason="")
    run(mission, RevokeIndividual(election="PE26", document="P1", revoked_on=DAY, badge_returned_on=DAY),
        reason="campaigning inside a polling centre")
    assert individual(mission).status == "revoked"


def test_an_organisation_is_revoked_only_after_its_individuals(mission: Secretariat) -> None:
    accredit(mission)
    refused(mission, RevokeOrganisation(election="PE26", organisation="OSCE", revoked_on=DAY),
            r"still has 1 accredited individual\(s\) \(P1\)")
    run(mission, RevokeIndividual(election="PE26", document="P1", revoked_on=DAY, badge_returned_on=DAY))
    run(mission, RevokeOrganisation(election="PE26", organisation="OSCE", revoked_on=DAY))
    refused(mission, ApplyIndividual(election="PE26", organisation="OSCE", document="P3", full_name="z",
                                     applied_on=DAY), "OSCE is revoked")


def test_an_expired_badge_does_not_block_revoking_the_organisation(mission: Secretariat) -> None:
    accredit(mission)  # valid until 2026-09-30
    run(mission, RevokeOrganisation(election="PE26", organisation="OSCE", revoked_on=date(2026, 10, 1)))


def test_find_accredited_admits_only_a_valid_badge(mission: Secretariat) -> None:
    from domain.commands import Context
    from domain.stakeholders import find_accredited

    def check(on: date) -> Individual:
        return find_accredited(Context(mission.find, None), "PE26", "P1", on)  # type: ignore[arg-type]

    with pytest.raises(Refused, match="is applied, not accredited"):
        check(date(2026, 8, 15))
    accredit(mission)  # valid 2026-08-01 to 2026-09-30
    assert check(date(2026, 8, 15)).badge == "B-1"
    with pytest.raises(Refused, match="not on 2026-10-01"):
        check(date(2026, 10, 1))


# ---- parties' financial reports -----------------------------------------------------------------

def _report(app: Secretariat) -> PartyReport:
    found = app.find(party_report_id("PDA", 2025))
    assert isinstance(found, PartyReport)
    return found


def register_party(app: Secretariat, code: str = "PDA", name: str = "Party of Democracy") -> None:
    run(app, RegisterParty(code=code, party_name=name, registration_number=f"MOJ-{code}",
                           registered_on=date(2010, 1, 5), leader="Leader", address="Kabul"))


@pytest.fixture
def expected(app: Secretariat) -> Secretariat:
    register_party(app)
    run(app, ExpectPartyReport(party="PDA", year=2025, due=date(2026, 3, 31)))
    return app


def test_a_report_is_expected_once_and_due_after_its_year(app: Secretariat) -> None:
    register_party(app)
    refused(app, ExpectPartyReport(party="PDA", year=2025, due=date(2025, 12, 31)),
            "cannot be due within that year")
    refused(app, ExpectPartyReport(party="PDA", year=1989, due=date(1990, 3, 31)),
            "year 1989 is out of range")
    run(app, ExpectPartyReport(party="PDA", year=2025, due=date(2026, 3, 31)))
    refused(app, ExpectPartyReport(party="pda", year=2025, due=date(2026, 3, 31)), "already expected")


def test_party_report_states(expected: Secretariat) -> None:
    on = {"party": "PDA", "year": 2025, "on": date(2026, 4, 1)}
    refused(expected, ReviewPartyReport(**on), "is expected; it cannot be taken under review")
    refused(expected, PublishPartyReport(**on), "cannot be published")
    run(expected, SubmitPartyReport(**on))
    refused(expected, SubmitPartyReport(**on), "is submitted; it cannot be submitted")
    run(expected, ReviewPartyReport(**on))
    refused(expected, ReturnPartyReport(**on, deficiencies=""), "deficiencies is required")
    run(expected, ReturnPartyReport(**on, deficiencies="donations not itemised"))
    refused(expected, AcceptPartyReport(**on), "cannot be accepted")
    run(expected, SubmitPartyReport(**on))
    assert _report(expected).status == "resubmitted"
    run(expected, ReviewPartyReport(**on))
    run(expected, AcceptPartyReport(**on))
    run(expected, PublishPartyReport(**on))
    assert _report(expected).status == "published"
    assert _report(expected).submitted_on == date(2026, 4, 1)  # the first submission decides lateness


def test_accreditation_dates_keep_their_order(election: Secretariat) -> None:
    before = DAY - timedelta(days=1)
    run(election, ApplyOrganisation(election="PE26", code="OSCE", organisation_name="OSCE/ODIHR",
                                    kind="international observers", applied_on=DAY))
    run(election, ApplyOrganisation(election="PE26", code="EU", organisation_name="EU EOM",
                                    kind="international observers", applied_on=DAY))
    refused(election, AccreditOrganisation(election="PE26", organisation="OSCE", decided_on=before),
            "decision .* cannot precede the application of OSCE")
    refused(election, RefuseOrganisation(election="PE26", organisation="EU", decided_on=before, reasons="late"),
            "decision .* cannot precede the application of EU")
    run(election, AccreditOrganisation(election="PE26", organisation="OSCE", decided_on=DAY + timedelta(days=2)))
    refused(election, RevokeOrganisation(election="PE26", organisation="OSCE", revoked_on=DAY + timedelta(days=1)),
            "cannot be revoked .* before it was granted")
    run(election, ApplyIndividual(election="PE26", organisation="OSCE", document="P1", full_name="Jane Doe",
                                  applied_on=DAY + timedelta(days=3)))
    refused(election, AccreditIndividual(election="PE26", document="P1", badge="B-1", valid_from=before,
                                         valid_until=DAY), "badge cannot expire .* before the application")
    accredit(election)
    refused(election, RevokeIndividual(election="PE26", document="P1", revoked_on=DAY,
                                       badge_returned_on=DAY + timedelta(days=5)),
            "cannot be revoked .* before the application")
    refused(election, RevokeIndividual(election="PE26", document="P1", revoked_on=DAY + timedelta(days=5),
                                       badge_returned_on=DAY), "badge cannot be returned .* before the application")


def test_party_report_steps_follow_the_year_and_each_other(expected: Secretariat) -> None:
    refused(expected, SubmitPartyReport(party="PDA", year=2025, on=date(2025, 12, 31)),
            "cannot be submitted within that year")
    run(expected, SubmitPartyReport(party="PDA", year=2025, on=date(2026, 3, 1)))
    refused(expected, ReviewPartyReport(party="PDA", year=2025, on=date(2026, 2, 28)),
            r"cannot be taken under review on 2026-02-28, before its last step \(2026-03-01\)")
    run(expected, ReviewPartyReport(party="PDA", year=2025, on=date(2026, 3, 1)))


def test_codes_documents_and_badges_are_letters_digits_or_dashes(mission: Secretariat) -> None:
    refused(mission, ApplyOrganisation(election="PE26", code="EU EOM", organisation_name="EU", kind="media",
                                       applied_on=DAY), "organisation code 'EU EOM' must be 1-24 letters")
    refused(mission, ApplyIndividual(election="PE26", organisation="OSCE", document="P/2", full_name="x",
                                     applied_on=DAY), "document number 'P/2' must be 1-24 letters")
    refused(mission, AccreditIndividual(election="PE26", document="P1", badge="", valid_from=DAY,
                                        valid_until=VOTING), "badge number '' must be 1-24 letters")
    refused(mission, ExpectPartyReport(party="P D A", year=2025, due=date(2026, 3, 31)),
            "no party or organisation 'P D A' in the register of parties")


def test_an_organisation_is_decided_once(mission: Secretariat) -> None:
    refused(mission, AccreditOrganisation(election="PE26", organisation="OSCE", decided_on=DAY),
            "OSCE is accredited, not awaiting a decision")
    refused(mission, RefuseOrganisation(election="PE26", organisation="OSCE", decided_on=DAY, reasons="x"),
            "OSCE is accredited, not awaiting a decision")


def test_only_an_accredited_organisation_is_revoked(election: Secretariat) -> None:
    run(election, ApplyOrganisation(election="PE26", code="EU", organisation_name="EU EOM",
                                    kind="international observers", applied_on=DAY))
    refused(election, RevokeOrganisation(election="PE26", organisation="EU", revoked_on=DAY),
            "organisation EU is applied, not accredited")


def test_an_individual_is_decided_once_and_only_under_an_accredited_organisation(mission: Secretariat) -> None:
    run(mission, RefuseIndividual(election="PE26", document="P1", reasons="no passport copy"))
    refused(mission, RefuseIndividual(election="PE26", document="P1", reasons="again"),
            "P1 is refused, not awaiting a decision")
    run(mission, ApplyIndividual(election="PE26", organisation="OSCE", document="P2", full_name="y", applied_on=DAY))
    run(mission, RevokeOrganisation(election="PE26", organisation="OSCE", revoked_on=DAY))
    refused(mission, AccreditIndividual(election="PE26", document="P2", badge="B-9", valid_from=DAY,
                                        valid_until=VOTING), "organisation OSCE is revoked, not accredited")


def test_an_organisation_applies_once_and_a_window_changes_only_when_different(mission: Secretariat) -> None:
    refused(mission, ApplyOrganisation(election="PE26", code="osce", organisation_name="OSCE", kind="media",
                                       applied_on=DAY), "organisation OSCE has already applied for PE26")
    run(mission, SetAccreditationWindow(election="PE26", days=20))
    refused(mission, SetAccreditationWindow(election="PE26", days=20), "already close 20 days before")


# ---- parties come from the register of parties ------------------------------------------------------------

def test_the_party_expected_to_report_is_in_the_register_and_named_from_it(app: Secretariat) -> None:
    refused(app, ExpectPartyReport(party="PDA", year=2025, due=date(2026, 3, 31)),
            "no party or organisation 'PDA' in the register of parties")
    register_party(app, "PDA", "Party of Democracy [b]")
    run(app, ExpectPartyReport(party="pda", year=2025, due=date(2026, 3, 31)))
    assert _report(app).party_name == "Party of Democracy [b]"


def test_a_dissolved_or_merged_party_files_nothing(app: Secretariat) -> None:
    register_party(app, "PDA")
    register_party(app, "PRG", "Progress")
    run(app, ExpectPartyReport(party="PDA", year=2025, due=date(2026, 3, 31)))
    run(app, ExpectPartyReport(party="PRG", year=2025, due=date(2026, 3, 31)))
    run(app, DissolveParty(party="PDA", on=date(2026, 2, 1)))
    refused(app, SubmitPartyReport(party="PDA", year=2025, on=date(2026, 3, 1)),
            "PDA was dissolved on 2026-02-01; it cannot file a report")
    refused(app, ExpectPartyReport(party="PDA", year=2026, due=date(2027, 3, 31)), "PDA was dissolved")
    register_party(app, "NEW", "New")
    run(app, MergeParty(party="PRG", into="NEW", on=date(2026, 2, 1)))
    refused(app, SubmitPartyReport(party="PRG", year=2025, on=date(2026, 3, 1)), "PRG was merged on 2026-02-01")


def test_a_suspended_party_still_files_but_its_agents_are_not_accredited(election: Secretariat) -> None:
    register_party(election, "PDA")
    run(election, ExpectPartyReport(party="PDA", year=2025, due=date(2026, 3, 31)))
    run(election, ApplyOrganisation(election="PE26", code="PDA", organisation_name="PDA", kind="political party",
                                    applied_on=DAY))
    run(election, AccreditOrganisation(election="PE26", organisation="PDA", decided_on=DAY))
    run(election, SuspendParty(party="PDA", on=date(2026, 3, 1)))
    run(election, SubmitPartyReport(party="PDA", year=2025, on=date(2026, 3, 10)))
    refused(election, ApplyIndividual(election="PE26", organisation="PDA", document="A1", full_name="Agent",
                                      applied_on=DAY), "PDA is suspended; it cannot have its agents accredited")


def test_a_party_applies_for_accreditation_only_from_the_register(election: Secretariat) -> None:
    refused(election, ApplyOrganisation(election="PE26", code="GHOST", organisation_name="Ghost",
                                        kind="political party", applied_on=DAY),
            "no party or organisation 'GHOST' in the register")
    register_party(election, "PDA")
    run(election, DissolveParty(party="PDA", on=date(2026, 1, 1)))
    refused(election, ApplyOrganisation(election="PE26", code="PDA", organisation_name="PDA", kind="political party",
                                        applied_on=DAY), "PDA was dissolved on 2026-01-01")


def test_agents_of_a_party_dissolved_after_applying_are_not_accredited(election: Secretariat) -> None:
    register_party(election, "PDA")
    run(election, ApplyOrganisation(election="PE26", code="PDA", organisation_name="PDA", kind="political party",
                                    applied_on=DAY))
    run(election, AccreditOrganisation(election="PE26", organisation="PDA", decided_on=DAY))
    run(election, ApplyIndividual(election="PE26", organisation="PDA", document="A1", full_name="Agent",
                                  applied_on=DAY))
    run(election, DissolveParty(party="PDA", on=DAY))
    refused(election, AccreditIndividual(election="PE26", document="A1", badge="B-9", valid_from=DAY,
                                         valid_until=VOTING), "PDA was dissolved")
