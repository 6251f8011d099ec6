"""Media and outreach rules (domain/media.py): releases drafted, approved by another person who is a head, then
published on known channels, in date order; findings decided once with a known decision; campaigns in provincial
offices with reach only in their provinces, dates and channels; education visits."""

from __future__ import annotations

from datetime import date

import pytest

from domain.access import AddUser
from domain.application import Secretariat
from domain.commands import Command
from domain.errors import NotPermitted, Refused
from domain.media import (
    ApproveRelease,
    Campaign,
    DecideFinding,
    DraftRelease,
    LaunchCampaign,
    PublishRelease,
    ReceiveEducationVisit,
    RecordFinding,
    ReportReach,
    record_id,
)
from domain.organisation import EstablishUnit, ScheduleElection

D = date
PR = "PR-2026-00001"


def run(app: Secretariat, command: Command, user: str = "admin") -> None:
    app.handle(command, user=user)


def refused(app: Secretariat, command: Command, match: str, user: str = "admin") -> None:
    head = app.head()
    with pytest.raises(Refused, match=match):
        run(app, command, user)
    assert app.head() == head


@pytest.fixture
def media(app: Secretariat) -> Secretariat:
    run(app, EstablishUnit(code="MEDIA", unit_name="Media", kind="department"))
    run(app, EstablishUnit(code="PO-KAB", unit_name="Kabul", kind="provincial"))
    run(app, EstablishUnit(code="PO-HER", unit_name="Herat", kind="provincial"))
    run(app, ScheduleElection(code="PE26", election_name="P", kind="parliamentary", voting_day=D(2026, 9, 1)))
    run(app, AddUser(user="clerk1", role="clerk", office="MEDIA"))
    run(app, AddUser(user="head1", role="head", office="MEDIA"))
    return app


def test_a_release_is_approved_by_another_head_then_published(media: Secretariat) -> None:
    refused(media, DraftRelease(kind="tweet", release_title="T", text="x", unit="MEDIA", drafted_on=D(2026, 5, 1)),
            "unknown kind 'tweet'")
    run(media, DraftRelease(release_title="Voter list", text="Published", unit="MEDIA", drafted_on=D(2026, 5, 1)),
        "head1")
    refused(media, PublishRelease(release=PR, on=D(2026, 5, 2), channels="radio"),
            "is draft; only an approved release is published")
    with pytest.raises(NotPermitted):
        run(media, ApproveRelease(release=PR, on=D(2026, 5, 2)), "clerk1")
    refused(media, ApproveRelease(release=PR, on=D(2026, 5, 2)), "drafted by head1; another person approves it",
            "head1")
    refused(media, ApproveRelease(release=PR, on=D(2026, 4, 30)), "before it was drafted")
    run(media, ApproveRelease(release=PR, on=D(2026, 5, 2)))
    refused(media, ApproveRelease(release=PR, on=D(2026, 5, 2)), "is approved, not a draft")
    refused(media, PublishRelease(release=PR, on=D(2026, 5, 1), channels="radio"), "before its approval")
    refused(media, PublishRelease(release=PR, on=D(2026, 5, 3), channels="fax, radio"), "unknown channel 'fax'")
    refused(media, PublishRelease(release=PR, on=D(2026, 5, 3), channels=" , "), "name at least one channel")
    run(media, PublishRelease(release=PR, on=D(2026, 5, 3), channels="radio, television"), "clerk1")


def test_a_finding_is_decided_once(media: Secretariat) -> None:
    refused(media, RecordFinding(observed_on=D(2026, 6, 1), outlet="Tolo", material="rumour", subject="x",
                                 finding="y"), "unknown material 'rumour'")
    run(media, RecordFinding(observed_on=D(2026, 6, 1), outlet="Tolo", material="poll", subject="x", finding="y"))
    finding = "MON-2026-00001"
    refused(media, DecideFinding(finding=finding, decision="ban", on=D(2026, 6, 2), reasons="r"),
            "unknown decision 'ban'")
    refused(media, DecideFinding(finding=finding, decision="warning", on=D(2026, 5, 31), reasons="r"),
            "observed on 2026-06-01")
    refused(media, DecideFinding(finding=finding, decision="warning", on=D(2026, 6, 2), reasons=""),
            "reasons is required")
    run(media, DecideFinding(finding=finding, decision="warning", on=D(2026, 6, 2), reasons="first breach"))
    refused(media, DecideFinding(finding=finding, decision="no violation", on=D(2026, 6, 3), reasons="r"),
            "was decided on 2026-06-02: warning")


def test_a_campaign_reaches_only_its_provinces_dates_and_channels(media: Secretariat) -> None:
    campaign = {"code": "VOTE", "election": "PE26", "campaign_title": "Vote", "messages": "How",
                "channels": "radio, posters", "starts": D(2026, 6, 1), "ends": D(2026, 8, 31)}
    refused(media, LaunchCampaign(**{**campaign, "provinces": "PO-KAB, MEDIA"}),
            "a campaign runs in provincial offices; not: MEDIA")
    refused(media, LaunchCampaign(**{**campaign, "provinces": ""}), "name the provincial offices")
    refused(media, LaunchCampaign(**{**campaign, "provinces": "PO-KAB", "ends": D(2026, 5, 1)}), "cannot end")
    run(media, LaunchCampaign(**{**campaign, "provinces": "po-kab"}))
    refused(media, LaunchCampaign(**{**campaign, "provinces": "PO-KAB"}), "campaign VOTE already exists")
    reach = {"campaign": "VOTE", "on": D(2026, 7, 1), "channel": "radio", "people": 500}
    refused(media, ReportReach(**{**reach, "province": "PO-HER"}), "does not run in PO-HER")
    refused(media, ReportReach(**{**reach, "province": "PO-KAB", "on": D(2026, 9, 1)}), "no reach on 2026-09-01")
    refused(media, ReportReach(**{**reach, "province": "PO-KAB", "channel": "SMS"}), "not 'SMS'")
    refused(media, ReportReach(**{**reach, "province": "PO-KAB", "people": -1}), "people reached must be")
    run(media, ReportReach(**{**reach, "province": "PO-KAB"}))
    run(media, ReportReach(**{**reach, "province": "PO-KAB", "people": 250}))
    found = media.find(record_id("campaign", "VOTE"))
    assert isinstance(found, Campaign) and found.reached == 750


def test_education_visits_count_real_visitors(media: Secretariat) -> None:
    refused(media, ReceiveEducationVisit(visited_on=D(2026, 3, 7), group="School", visitors=0),
            "visitors must be 1-2,000")
    run(media, ReceiveEducationVisit(visited_on=D(2026, 3, 7), group="School", visitors=40, simulation=True))
