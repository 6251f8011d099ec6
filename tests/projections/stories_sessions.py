"""The sessions registers' part of the projection property test (tests/projections/test_property.py): PREAMBLE
(the central commission with four members, a session convened), CHANGES (single commands, valid or refused) and
STORIES (a whole session in a year of its own, 2027-2029)."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from domain import organisation as o
from domain import sessions as s

MEMBERS = ["Aliyev", "Karimi [b]x[/b]", "Nazari", "Rahimi"]
PREAMBLE: list[Any] = [
    o.EstablishCentralCommission(commission_name="Central Election Commission"),
    *(o.AppointMember(election="CEC", constituency=0, member=m, role="chair" if n == 0 else "member")
      for n, m in enumerate(MEMBERS)),
    s.ConveneSession(held_on=date(2026, 3, 10), place="Hall [/x]", chair="Aliyev"),
]

DAY = st.dates(date(2026, 3, 1), date(2026, 4, 30))
SESSIONS = st.sampled_from(["SES-2026-001", "SES-2026-001", "SES-2026-002"])
WHO = st.sampled_from([*MEMBERS, "Stranger"])
SHA = "c" * 64

CHANGES = st.one_of(
    st.builds(s.ConveneSession, kind=st.sampled_from(s.SESSION_KINDS), held_on=DAY, place=st.just("Hall"),
              chair=WHO),
    st.builds(s.SendNotice, session=SESSIONS, member=WHO, sent_on=DAY),
    st.builds(s.AddAgendaItem, session=SESSIONS, item_title=st.sampled_from(["Budget", "[b]Rules[/b]"]),
              item_kind=st.sampled_from(s.ITEM_KINDS), unit=st.sampled_from(["HQ", "FIN", "XX"]),
              drafts=st.sampled_from(["", "a.docx; b.pdf"])),
    st.builds(s.MarkAttendance, session=SESSIONS, member=WHO, status=st.sampled_from(s.ATTENDANCE),
              reason=st.sampled_from(["", "ill"]), proxy=WHO),
    st.builds(s.OpenSession, session=SESSIONS, on=st.just(date(2026, 3, 10)) | DAY),
    st.builds(s.Vote, session=SESSIONS, item=st.sampled_from([1, 2]), votes_for=st.integers(0, 4),
              against=st.integers(0, 2)),
    st.builds(s.AdjournSession, session=SESSIONS, on=DAY, continues_on=DAY),
    st.builds(s.ContinueSession, session=SESSIONS, on=DAY),
    st.builds(s.CloseSession, session=SESSIONS, on=DAY),
    st.builds(s.RecordMinutes, session=SESSIONS, on=DAY, recordings=st.sampled_from(["", f"v.mp4 {SHA}", "bad"])),
    st.builds(s.SetMajority, item_kind=st.sampled_from(s.ITEM_KINDS), majority=st.sampled_from(s.MAJORITIES)),
)


def _session_story(year: int, absent: int, adjourn: bool) -> list[Any]:
    on = date(year, 2, 2)
    number = f"SES-{year}-001"
    steps: list[Any] = [s.ConveneSession(held_on=on, place="Hall", chair="Aliyev"),
                        s.SendNotice(session=number, member="Nazari", sent_on=on),
                        s.AddAgendaItem(session=number, item_title="Calendar", unit="HQ"),
                        s.AddAgendaItem(session=number, item_title="Rules", item_kind="normative act", unit="FIN")]
    steps += [s.MarkAttendance(session=number, member=m, status="absent" if n < absent else "present",
                               reason="ill" if n < absent else "") for n, m in enumerate(reversed(MEMBERS))]
    steps += [s.OpenSession(session=number, on=on),
              s.Vote(session=number, item=1, votes_for=3, against=1 - absent),
              s.Vote(session=number, item=2, ballots="Aliyev=for; Nazari=against")]
    if adjourn:
        steps += [s.AdjournSession(session=number, on=on, continues_on=date(year, 2, 3)),
                  s.ContinueSession(session=number, on=date(year, 2, 3))]
    return [*steps, s.CloseSession(session=number, on=date(year, 2, 3)),
            s.RecordMinutes(session=number, on=date(year, 2, 4), recordings=f"s.mp4 {SHA}")]


YEARS = st.sampled_from([2027, 2028, 2029])
STORIES = st.builds(_session_story, YEARS, st.integers(0, 1), st.booleans())
