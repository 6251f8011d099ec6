"""The acts registers' part of the projection property test (tests/projections/test_property.py): PREAMBLE (the
Law department and its lawyer LW1, a session adopting two normative acts DEC-2026-0001 and -0002), CHANGES and
STORIES (an order from draft to execution, a decision amended, in years of their own)."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from domain import acts as a
from domain import organisation as o
from domain import personnel as p
from domain import sessions as s

S = date(2026, 3, 11)
MEMBERS = ["Aliyev", "Karimi [b]x[/b]", "Nazari", "Rahimi"]
PREAMBLE: list[Any] = [
    o.EstablishUnit(code="LEGAL", unit_name="Law department", kind="department", parent="HQ"),
    o.EstablishPosition(unit="LEGAL", code="ADV", position_title="Legal adviser"),
    p.HireEmployee(number="LW1", full_name="Lawyer [/x]", employment_type="permanent", unit="LEGAL", position="ADV",
                   order_number="1/2020", order_date=date(2020, 1, 1), effective=date(2020, 1, 1)),
    s.ConveneSession(held_on=S, place="Hall", chair="Aliyev"),
    s.AddAgendaItem(session="SES-2026-002", item_title="Rules", item_kind="normative act", unit="LEGAL"),
    s.AddAgendaItem(session="SES-2026-002", item_title="Code", item_kind="normative act", unit="LEGAL"),
    s.AddAgendaItem(session="SES-2026-002", item_title="Plan", unit="HQ"),
    *(s.MarkAttendance(session="SES-2026-002", member=m) for m in MEMBERS),
    s.OpenSession(session="SES-2026-002", on=S),
    *(s.Vote(session="SES-2026-002", item=n, votes_for=4) for n in (1, 2, 3)),
    a.RegisterDecision(session="SES-2026-002", item=1, normative=True),
    a.RegisterDecision(session="SES-2026-002", item=2, normative=True),
    a.DraftOrder(order_title="On duty [b]x[/b]", unit="HQ", drafted_on=S),
]

DAY = st.dates(date(2026, 3, 1), date(2026, 5, 31))
DECISIONS = st.sampled_from(["DEC-2026-0001", "DEC-2026-0002", "DEC-2026-0003"])
ORDERS = st.sampled_from(["DRF-2026-0001", "DRF-2026-0002", "ORD-2026-0001", "PER-2026-0001"])
UNITS = st.sampled_from(["HQ", "FIN", "LEGAL", "XX"])
TEXT = st.sampled_from(["Done", "[b]x[/b]", ""])

CHANGES = st.one_of(
    st.builds(a.RegisterDecision, session=st.just("SES-2026-002"), item=st.sampled_from([1, 2, 3]),
              normative=st.booleans()),
    st.builds(a.PublishAct, decision=DECISIONS, medium=st.sampled_from(a.MEDIA), on=DAY, reference=TEXT),
    st.builds(a.SendToStateRegister, decision=DECISIONS, on=DAY),
    st.builds(a.RecordStateRegistration, decision=DECISIONS, registration_number=st.sampled_from(["SR-1", ""]),
              on=DAY),
    st.builds(a.AmendAct, act=DECISIONS, by=DECISIONS, effective=DAY, summary=st.sampled_from(["art. 1", "x"])),
    st.builds(a.RepealAct, act=DECISIONS, by=DECISIONS, effective=DAY),
    st.builds(a.IssueExtract, decision=DECISIONS, requester=st.sampled_from(["Court", "[/x]"]), issued_on=DAY,
              certified_by=st.sampled_from(["LW1", "NOBODY"])),
    st.builds(a.DraftOrder, order_kind=st.sampled_from(sorted(a.ORDER_KINDS)), order_title=TEXT, unit=UNITS,
              drafted_on=DAY),
    st.builds(a.SubmitOrder, order=ORDERS, on=DAY),
    st.builds(a.VisaOrder, order=ORDERS, lawyer=st.sampled_from(["LW1", "E1"]), opinion=TEXT, on=DAY),
    st.builds(a.ReturnOrder, order=ORDERS, lawyer=st.just("LW1"), remarks=TEXT, on=DAY),
    st.builds(a.SignOrder, order=ORDERS, on=DAY),
    st.builds(a.AssignExecution, record=st.one_of(DECISIONS, ORDERS), unit=UNITS, instruction=TEXT, on=DAY,
              working_days=st.sampled_from([1, 10])),
    st.builds(a.ReportExecution, record=st.one_of(DECISIONS, ORDERS), unit=UNITS, on=DAY, report=TEXT),
)


def _order_story(year: int, kind: str, returned: bool) -> list[Any]:
    on = date(year, 3, 2)
    draft = f"DRF-{year}-0001"
    steps: list[Any] = [a.DraftOrder(order_kind=kind, order_title="On the calendar", unit="FIN", drafted_on=on),
                        a.SubmitOrder(order=draft, on=on)]
    if returned:
        steps += [a.ReturnOrder(order=draft, lawyer="LW1", remarks="cite the law", on=on),
                  a.SubmitOrder(order=draft, on=on)]
    number = f"{a.ORDER_KINDS[kind]}-{year}-0001"
    return [*steps, a.VisaOrder(order=draft, lawyer="LW1", on=on), a.SignOrder(order=draft, on=on),
            a.AssignExecution(record=number, unit="FIN", instruction="Apply", on=on),
            a.AssignExecution(record=number, unit="HQ", instruction="Inform", on=on),
            a.ReportExecution(record=number, unit="FIN", on=date(year, 3, 9), report="Applied")]


def _act_story(year: int, repeal: bool) -> list[Any]:
    on, later = date(year, 4, 1), date(year, 4, 15)
    first, second = f"SES-{year}-001", f"SES-{year}-002"
    steps: list[Any] = []
    for number, day in ((first, on), (second, later)):
        steps += [s.ConveneSession(held_on=day, place="Hall", chair="Aliyev"),
                  s.AddAgendaItem(session=number, item_title="Rules", item_kind="normative act", unit="LEGAL"),
                  *(s.MarkAttendance(session=number, member=m) for m in MEMBERS),
                  s.OpenSession(session=number, on=day), s.Vote(session=number, item=1, votes_for=4),
                  a.RegisterDecision(session=number, item=1, normative=True)]
    act, by = f"DEC-{year}-0001", f"DEC-{year}-0002"
    steps += [a.PublishAct(decision=act, medium="official gazette", on=on),
              a.SendToStateRegister(decision=act, on=on),
              a.RecordStateRegistration(decision=act, registration_number=f"SR-{year}", on=later),
              a.AmendAct(act=act, by=by, effective=later, summary="art. 2"),
              a.IssueExtract(decision=act, requester="Court", issued_on=later, certified_by="LW1")]
    if repeal:
        steps.append(a.RepealAct(act=act, by=by, effective=date(year, 5, 1)))
    return steps


YEARS = st.sampled_from([2027, 2028, 2029])
STORIES = st.one_of(st.builds(_order_story, YEARS, st.sampled_from(sorted(a.ORDER_KINDS)), st.booleans()),
                    st.builds(_act_story, YEARS, st.booleans()))
