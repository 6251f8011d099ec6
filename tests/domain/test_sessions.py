"""Sessions rules: numbering per year in date order, notices only to members and accredited media and observers,
agenda items, attendance (reasons, proxies), quorum from the central commission's membership, votes never above
the members present and decided by the item kind's majority, adjournment and continuation, minutes."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.organisation import AppointMember, RemoveMember
from domain.sessions import (
    AddAgendaItem,
    AdjournSession,
    CloseSession,
    ContinueSession,
    ConveneSession,
    MarkAttendance,
    OpenSession,
    RecordMinutes,
    SendNotice,
    Session,
    SetMajority,
    TakeRollCall,
    Vote,
    needed,
    quorum,
    session_id,
)
from tests.domain.commission import MEMBERS, refused, run, setup_commission

S = date(2026, 3, 10)
SES = "SES-2026-001"
SHA = "a" * 64


@pytest.fixture
def cec(app: Any) -> Any:
    return setup_commission(app)


def session(app: Any, number: str = SES) -> Session:
    found = app.find(session_id(number))
    assert isinstance(found, Session)
    return found


def convene(app: Any, on: date = S, kind: str = "regular") -> None:
    run(app, ConveneSession(kind=kind, held_on=on, place="Hall", chair="Chair"))


def attend(app: Any, present: int, number: str = SES) -> None:
    for member in MEMBERS[:present]:
        run(app, MarkAttendance(session=number, member=member))


def opened(app: Any, present: int = 9, items: tuple[str, ...] = ("decision",)) -> None:
    convene(app)
    for kind in items:
        run(app, AddAgendaItem(session=SES, item_title=f"A {kind}", item_kind=kind, unit="GEN", drafts="d1.docx; d2"))
    attend(app, present)
    run(app, OpenSession(session=SES, on=S))


def test_quorum_and_majorities_are_computed_from_the_membership() -> None:
    assert quorum(9) == 6 and quorum(18) == 12 and quorum(10) == 7
    assert needed("simple", 9) == 5 and needed("simple", 10) == 6
    assert needed("two-thirds", 9) == 6 and needed("two-thirds", 10) == 7


def test_sessions_are_numbered_per_year_in_date_order(cec: Any) -> None:
    convene(cec)
    convene(cec, date(2026, 3, 24))
    assert session(cec, "SES-2026-002").held_on == date(2026, 3, 24)
    refused(cec, ConveneSession(held_on=date(2026, 3, 20), place="Hall", chair="Chair"),
            "SES-2026-002 is already registered on 2026-03-24, so a SES registration cannot be "
            "dated 2026-03-20, earlier")
    convene(cec, date(2027, 1, 5))
    assert session(cec, "SES-2027-001").number == "SES-2027-001"


def test_convening_checks_kind_and_chair(cec: Any) -> None:
    refused(cec, ConveneSession(kind="secret", held_on=S, place="Hall", chair="Chair"), "unknown session kind")
    refused(cec, ConveneSession(held_on=S, place="Hall", chair="Stranger"),
            "chair Stranger is not a member of the central commission")


def test_no_session_without_a_central_commission(app: Any) -> None:
    refused(app, ConveneSession(held_on=S, place="Hall", chair="Chair"), "the central commission is not established")


def test_notices_go_to_members_and_accredited_media_and_observers_only(cec: Any) -> None:
    convene(cec)
    run(cec, SendNotice(session=SES, member="M4", sent_on=date(2026, 3, 5)))
    refused(cec, SendNotice(session=SES, member="M4", sent_on=date(2026, 3, 6)), "M4 was already notified")
    refused(cec, SendNotice(session=SES, member="Stranger", sent_on=date(2026, 3, 5)), "not a member")
    refused(cec, SendNotice(session=SES, member="M5", sent_on=date(2026, 3, 11)), "a notice is sent before")
    run(cec, SendNotice(session=SES, election="PE26", document="P1", sent_on=date(2026, 3, 5)))
    assert session(cec).notices["Journalist (TV1)"]["category"] == "media representative"
    refused(cec, SendNotice(session=SES, election="PE26", document="A1", sent_on=date(2026, 3, 5)),
            "Agent is accredited as a party agent; only accredited media and observers are invited")
    refused(cec, SendNotice(session=SES, election="PE26", document="ZZ", sent_on=date(2026, 3, 5)), "ZZ")
    refused(cec, SendNotice(session=SES, member="M5", election="PE26", document="P1", sent_on=date(2026, 3, 5)),
            "either to a member or to an invited person")


def test_agenda_items_are_numbered_in_order_with_their_kind_unit_and_drafts(cec: Any) -> None:
    convene(cec)
    run(cec, AddAgendaItem(session=SES, item_title="Calendar", unit="GEN", drafts="plan.docx; annex.pdf"))
    run(cec, AddAgendaItem(session=SES, item_title="Rules", item_kind="normative act", unit="LEGAL"))
    items = session(cec).items
    assert [(i["number"], i["kind"], i["unit"], i["majority"]) for i in items] == [
        (1, "decision", "GEN", "simple"), (2, "normative act", "LEGAL", "two-thirds")]
    assert items[0]["drafts"] == ["plan.docx", "annex.pdf"]
    refused(cec, AddAgendaItem(session=SES, item_title="X", item_kind="gossip", unit="GEN"), "unknown item kind")
    refused(cec, AddAgendaItem(session=SES, item_title="X", unit="NOPE"), "no unit with code 'NOPE'")


def test_attendance_needs_a_reason_for_absence_and_a_present_proxy_holder(cec: Any) -> None:
    convene(cec)
    refused(cec, MarkAttendance(session=SES, member="M4", status="absent"), "M4 is absent: the reason of absence")
    run(cec, MarkAttendance(session=SES, member="M4", status="absent", reason="ill"))
    refused(cec, MarkAttendance(session=SES, member="Stranger"), "Stranger is not a member")
    refused(cec, MarkAttendance(session=SES, member="M5", status="proxy", proxy="M6"),
            "the proxy holder M6 must be a member marked present")
    run(cec, MarkAttendance(session=SES, member="M6"))
    run(cec, MarkAttendance(session=SES, member="M5", status="proxy", proxy="M6"))
    refused(cec, MarkAttendance(session=SES, member="M7", status="proxy", proxy="M6"), "M6 already holds the proxy")
    refused(cec, MarkAttendance(session=SES, member="M6", status="absent", reason="left"), "M6 holds the proxy of M5")


def test_the_roll_call_marks_every_unmarked_member_present_but_those_named_absent(cec: Any) -> None:
    convene(cec)
    run(cec, MarkAttendance(session=SES, member="M8"))
    run(cec, MarkAttendance(session=SES, member="M9", status="proxy", proxy="M8"))  # given before the session
    head = cec.head()
    refused(cec, TakeRollCall(session=SES, absent="M4"), "write each absent member as 'Name=reason of absence'")
    refused(cec, TakeRollCall(session=SES, absent="Stranger=ill"), "Stranger is not a member")
    refused(cec, TakeRollCall(session=SES, absent="M4=ill; M5="), "M5 is absent: the reason of absence is required")
    refused(cec, TakeRollCall(session=SES, absent="M4=ill; M4=away"), "M4 is named absent twice")
    assert cec.head() == head
    outcome = run(cec, TakeRollCall(session=SES, absent=" M4 = on leave ; M5=ill"))
    marked = session(cec).attendance
    assert {m for m, a in marked.items() if a["status"] == "present"} == {"Chair", "Deputy", "Secretary", "M6", "M7",
                                                                          "M8"}
    assert marked["M4"] == {"status": "absent", "reason": "on leave", "proxy": ""}
    assert marked["M9"]["status"] == "proxy" and marked["M9"]["proxy"] == "M8"  # kept
    assert str(outcome.message) == "roll call at SES-2026-001: 6 present, 2 absent"
    refused(cec, TakeRollCall(session=SES), "every member of the central commission is already marked")
    run(cec, TakeRollCall(session=SES, absent="M7=left early"))  # a marked member named absent later
    assert session(cec).attendance["M7"]["status"] == "absent"
    refused(cec, OpenSession(session=SES, on=S), "no quorum: 5 of 9 members present")
    run(cec, MarkAttendance(session=SES, member="M7"))
    run(cec, OpenSession(session=SES, on=S))
    run(cec, CloseSession(session=SES, on=S))
    refused(cec, TakeRollCall(session=SES, absent="M6=left"), "session SES-2026-001 was closed on 2026-03-10")


def test_a_session_cannot_open_without_quorum(cec: Any) -> None:
    convene(cec)
    attend(cec, 5)
    run(cec, MarkAttendance(session=SES, member="M6", status="proxy", proxy="Chair"))  # a proxy is no quorum
    refused(cec, OpenSession(session=SES, on=S),
            "no quorum: 5 of 9 members present, 6 needed to open session SES-2026-001")
    run(cec, MarkAttendance(session=SES, member="M7"))
    refused(cec, OpenSession(session=SES, on=date(2026, 3, 11)), "convened for 2026-03-10")
    run(cec, OpenSession(session=SES, on=S))
    assert session(cec).status == "open" and len(session(cec).roster) == 9


def test_quorum_follows_the_membership_that_day(cec: Any) -> None:
    for member in MEMBERS[5:]:
        run(cec, RemoveMember(election="CEC", constituency=0, member=member), reason="term ended")
    convene(cec)
    attend(cec, 4)  # 4 of 5 members: quorum of 5 is 4
    run(cec, OpenSession(session=SES, on=S))
    assert session(cec).roster == sorted(MEMBERS[:5])


def test_a_vote_count_cannot_exceed_the_members_present(cec: Any) -> None:
    opened(cec, present=6)
    run(cec, MarkAttendance(session=SES, member="M7", status="proxy", proxy="Chair"))
    refused(cec, Vote(session=SES, item=1, votes_for=6, against=1, abstained=1),
            "8 votes cast on item 1, but only 7 members are present")
    refused(cec, Vote(session=SES, item=1, ballots="Chair=for; M9=for"), "M9 is not present")
    refused(cec, Vote(session=SES, item=1, ballots="Chair=maybe"), "unknown vote 'maybe'")
    refused(cec, Vote(session=SES, item=2, votes_for=5), "has no agenda item 2")
    refused(cec, Vote(session=SES, item=1, votes_for=5, against=-1), "vote counts cannot be negative")
    run(cec, Vote(session=SES, item=1, votes_for=5, against=1, abstained=1))
    refused(cec, Vote(session=SES, item=1, votes_for=5), "item 1 of session SES-2026-001 was already voted on")


def test_the_result_follows_the_majority_the_item_kind_requires(cec: Any) -> None:
    opened(cec, present=9, items=("decision", "normative act", "normative act"))
    run(cec, Vote(session=SES, item=1, votes_for=5, against=4))
    run(cec, Vote(session=SES, item=2, votes_for=5, against=4))
    run(cec, Vote(session=SES, item=3, ballots="; ".join(f"{m}=for" for m in MEMBERS[:6]) + "; M7=against"))
    votes = [i["vote"] for i in session(cec).items]
    assert [(v["for"], v["needed"], v["adopted"]) for v in votes] == [(5, 5, True), (5, 6, False), (6, 6, True)]
    assert votes[2]["ballots"]["M7"] == "against"


def test_per_member_votes_must_agree_with_totals_given(cec: Any) -> None:
    opened(cec)
    refused(cec, Vote(session=SES, item=1, votes_for=3, ballots="Chair=for; M4=against"),
            "the totals 3-0-0 differ from the members' votes 1-1-0")


def test_the_majority_is_a_parameter_per_item_kind(cec: Any) -> None:
    run(cec, SetMajority(item_kind="decision", majority="two-thirds"))
    refused(cec, SetMajority(item_kind="decision", majority="two-thirds"), "already need a two-thirds majority")
    refused(cec, SetMajority(item_kind="decision", majority="unanimous"), "unknown majority")
    opened(cec)
    run(cec, Vote(session=SES, item=1, votes_for=5, against=4))
    assert session(cec).items[0]["vote"]["adopted"] is False


def test_adjournment_and_continuation_check_the_quorum_again(cec: Any) -> None:
    opened(cec, present=6)
    refused(cec, AdjournSession(session=SES, on=S, continues_on=S), "the session continues after")
    run(cec, AdjournSession(session=SES, on=S, continues_on=date(2026, 3, 12)), reason="time")
    refused(cec, Vote(session=SES, item=1, votes_for=5), "is adjourned; votes are taken while it is open")
    run(cec, MarkAttendance(session=SES, member="M6", status="absent", reason="travel"))
    refused(cec, ContinueSession(session=SES, on=date(2026, 3, 12)), "no quorum: 5 of 9 members present")
    refused(cec, ContinueSession(session=SES, on=date(2026, 3, 11)), "continues on 2026-03-12")
    run(cec, MarkAttendance(session=SES, member="M8"))
    run(cec, ContinueSession(session=SES, on=date(2026, 3, 12)))
    assert session(cec).status == "open"


def test_minutes_are_numbered_after_closing_with_checksummed_recordings(cec: Any) -> None:
    opened(cec)
    refused(cec, RecordMinutes(session=SES, on=S), "minutes are recorded once it is closed")
    run(cec, CloseSession(session=SES, on=S))
    refused(cec, MarkAttendance(session=SES, member="M4"), "was closed on 2026-03-10")
    refused(cec, RecordMinutes(session=SES, on=S, recordings="video.mp4 1234"), "64 hex digits")
    run(cec, RecordMinutes(session=SES, on=S, recordings=f"video.mp4 {SHA}; audio track.wav {SHA.upper()}"))
    minutes = session(cec).minutes
    assert minutes["number"] == "MIN-2026-001"
    assert minutes["recordings"] == [{"file": "video.mp4", "sha256": SHA}, {"file": "audio track.wav", "sha256": SHA}]
    refused(cec, RecordMinutes(session=SES, on=S), "the minutes of session SES-2026-001 are MIN-2026-001")


def test_a_new_member_counts_from_the_next_opening(cec: Any) -> None:
    run(cec, AppointMember(election="CEC", constituency=0, member="M10"))
    convene(cec)
    attend(cec, 6)  # 6 of 10: quorum of 10 is 7
    refused(cec, OpenSession(session=SES, on=S), "no quorum: 6 of 10 members present, 7 needed")
