"""The registry registers' part of the projection property test (tests/projections/test_property.py):
PREAMBLE (valid commands run after the organisation preamble, as user 'admin'), CHANGES (a strategy of
single commands, valid or refused) and STORIES (a strategy of short command lists), or None.

Numbers are per series and year: the preamble's records are the first of 2026; stories work in a year of
their own (2027-2029), so their later commands usually find what their first one registered."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from domain import appeals as ap
from domain import calendar as cal
from domain import correspondence as co
from domain.organisation import EstablishPosition
from domain.personnel import HireEmployee

D = date(2026, 3, 2)
PREAMBLE: list[Any] = [
    cal.DeclareHoliday(day=date(2026, 3, 4), holiday_name="Holiday"),
    co.ReceiveDocument(received_on=D, sender="Ministry [b]x[/b]", subject="Ballots [/x]"),
    co.ReceiveDocument(received_on=D, sender="Agency", classification="confidential"),
    co.SendDocument(sent_on=D, addressee="Karim", subject="Response"),  # may answer APL-2026-00001 (Karim)
    ap.RecordReception(held_on=D, citizen="Karim", official="Head", topic="Lists"),
    ap.RegisterAppeal(kind="complaint", channel="reception", received_on=D, applicant="Karim", contact="Kabul",
                      subject="Moved", reception="REC-2026-00001"),
    co.DraftDisposalAct(act="DA-1", drafted_on=D, basis="Retention ended"),
    EstablishPosition(unit="HQ", code="REGCONF", position_title="Confidential records officer"),
    HireEmployee(number="RC1", full_name="Officer", employment_type="permanent", unit="HQ", position="REGCONF",
                 order_number="1", order_date=D, effective=D),
]

DAY = st.dates(date(2026, 3, 1), date(2026, 4, 30))
DOCS = st.sampled_from(["INC-2026-00001", "INC-2026-00002", "CONF-2026-00001", "OUT-2026-00001", "OUT-2026-00002"])
OUTS = st.sampled_from(["OUT-2026-00001", "OUT-2026-00002", "INC-2026-00001"])
APPEALS = st.sampled_from(["APL-2026-00001", "APL-2026-00002"])
UNITS = st.sampled_from(["HQ", "FIN", "KBL", "XX"])
TEXT = st.sampled_from(["Reply", "[b]x[/b]", "", "Kabul [/x]"])
KINDS = st.sampled_from([*ap.KINDS, "petition"])
CHANNELS = st.sampled_from(["written", "oral", "electronic"])

CHANGES = st.one_of(
    st.builds(co.ReceiveDocument, received_on=DAY, sender=TEXT, subject=TEXT,
              classification=st.sampled_from(co.CLASSIFICATIONS)),
    st.builds(co.SendDocument, sent_on=DAY, addressee=TEXT, subject=TEXT, in_reply_to=st.none() | DOCS,
              control=st.sampled_from(["end", "keep"])),
    st.builds(co.ResolveDocument, document=DOCS, unit=UNITS, instruction=TEXT, on=DAY,
              working_days=st.sampled_from([1, 5, 10])),
    st.builds(co.ReportExecution, document=DOCS, on=DAY, report=TEXT),
    st.builds(co.HandOverDocument, document=DOCS, employee=st.just("RC1"), receipt=st.sampled_from(["R-1", ""]),
              on=DAY),
    st.builds(co.ReturnDocument, document=DOCS, employee=st.just("RC1"), on=DAY),
    st.builds(co.FileDocument, document=DOCS, case_file=st.sampled_from(["01-01/2026", "02-HQ"]), on=DAY),
    st.builds(co.ApproveDisposalAct, act=st.just("DA-1"), on=DAY),
    st.builds(co.DisposeDocument, document=DOCS, act=st.just("DA-1"), on=DAY),
    st.builds(cal.DeclareHoliday, day=DAY, holiday_name=TEXT),
    st.builds(cal.RemoveHoliday, day=DAY),
    st.builds(ap.RegisterAppeal, kind=KINDS, channel=CHANNELS, received_on=DAY, applicant=TEXT, contact=TEXT,
              subject=TEXT),
    st.builds(ap.RecordReception, held_on=DAY, citizen=TEXT, official=st.just("Head"), topic=TEXT),
    st.builds(ap.AssignAppeal, appeal=APPEALS, lead_unit=UNITS, co_units=st.sampled_from(["", "FIN", "KBL, FIN"]),
              on=DAY),
    st.builds(ap.StartReview, appeal=APPEALS, on=DAY),
    st.builds(ap.GiveExpertOpinion, appeal=APPEALS, on=DAY, opinion=TEXT),
    st.builds(ap.DecideAppeal, appeal=APPEALS, on=DAY, decision=TEXT),
    st.builds(ap.ExtendAppeal, appeal=APPEALS, working_days=st.sampled_from([2, 5])),
    st.builds(ap.AnswerAppeal, appeal=APPEALS, response=OUTS, on=DAY),
    st.builds(ap.DeclareInadmissible, appeal=APPEALS, on=DAY, grounds=TEXT),
    st.builds(ap.ReferOut, appeal=APPEALS, body=TEXT, notice=OUTS, on=DAY),
    st.builds(ap.EscalateAppeal, appeal=APPEALS, body=TEXT, notice=OUTS, on=DAY),
    st.builds(ap.CloseAppeal, appeal=APPEALS, on=DAY),
)


def _appeal_story(year: int, kind: str, escalate: bool) -> list[Any]:
    on = date(year, 2, 2)
    number, response = f"APL-{year}-00001", f"OUT-{year}-00001"
    steps: list[Any] = [
        ap.RegisterAppeal(kind=kind, channel="written", received_on=on, applicant="Zahra", contact="Herat",
                          subject="List"),
        ap.AssignAppeal(appeal=number, lead_unit="FIN", co_units="KBL", on=on),
        ap.StartReview(appeal=number, on=on),
        co.SendDocument(sent_on=on, addressee="Zahra", subject="Response"),
    ]
    if escalate:
        steps.append(ap.EscalateAppeal(appeal=number, body="Higher body", notice=response, on=on))
    else:
        steps += [ap.DecideAppeal(appeal=number, on=on, decision="Upheld"),
                  ap.AnswerAppeal(appeal=number, response=response, on=on)]
    return [*steps, ap.CloseAppeal(appeal=number, on=on)]


def _letter_story(year: int, reply: bool) -> list[Any]:
    on = date(year, 2, 2)
    number = f"INC-{year}-00001"
    steps: list[Any] = [
        co.ReceiveDocument(received_on=on, sender="Ministry", subject="Ballots"),
        co.ResolveDocument(document=number, unit="KBL", instruction="Reply", on=on),
    ]
    if reply:
        steps.append(co.SendDocument(sent_on=on, addressee="Ministry", subject="Re", in_reply_to=number))
    return [*steps, co.ReportExecution(document=number, on=on, report="Done"),
            co.FileDocument(document=number, case_file="01", on=on),
            co.ApproveDisposalAct(act="DA-1", on=D),
            co.DisposeDocument(document=number, act="DA-1", on=on)]


def _confidential_story(year: int) -> list[Any]:
    on = date(year, 2, 2)
    number = f"CONF-{year}-00001"
    return [co.ReceiveDocument(received_on=on, sender="Agency", classification="confidential"),
            co.HandOverDocument(document=number, employee="RC1", receipt="R-9", on=on),
            co.ReturnDocument(document=number, employee="RC1", on=on),
            co.FileDocument(document=number, case_file="00-CONF", on=on)]


YEARS = st.sampled_from([2027, 2028, 2029])
STORIES = st.one_of(
    st.builds(_appeal_story, YEARS, st.sampled_from(ap.KINDS), st.booleans()),
    st.builds(_letter_story, YEARS, st.booleans()),
    st.builds(_confidential_story, YEARS),
)
