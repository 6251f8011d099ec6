"""The legal registers' part of the projection property test (tests/projections/test_property.py): PREAMBLE (an
opinion requested, a case registered; the lawyer LW1 comes from the acts preamble), CHANGES and STORIES (an
opinion given, a case through hearings, judgment and appeal, in years of their own)."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from domain import legal as lg

D = date(2026, 3, 2)
PREAMBLE: list[Any] = [
    lg.RequestOpinion(unit="FIN", subject_kind="contract", document="Lease [b]x[/b]", requested_on=D),
    lg.RegisterCase(court="Court [/x]", case_number="2-1/77", parties="X v. CEC", subject="Registration",
                    opened_on=D),
]

DAY = st.dates(date(2026, 3, 1), date(2026, 6, 30))
OPINIONS = st.sampled_from(["LOP-2026-0001", "LOP-2026-0002"])
CASES = st.sampled_from(["CASE-2026-001", "CASE-2026-002"])

CHANGES = st.one_of(
    st.builds(lg.RequestOpinion, unit=st.sampled_from(["FIN", "XX"]), subject_kind=st.sampled_from(lg.SUBJECTS),
              document=st.sampled_from(["MoU", ""]), requested_on=DAY, working_days=st.sampled_from([1, 5])),
    st.builds(lg.AssignLawyer, opinion=OPINIONS, lawyer=st.sampled_from(["LW1", "E1"]), on=DAY),
    st.builds(lg.GiveOpinion, opinion=OPINIONS, conclusion=st.sampled_from(lg.CONCLUSIONS), text=st.just("Ok"),
              on=DAY),
    st.builds(lg.RegisterCase, court=st.just("Court"), case_number=st.just("9"), parties=st.just("A v B"),
              subject=st.just("S"), standing=st.sampled_from(lg.STANDINGS), opened_on=DAY),
    st.builds(lg.AppointRepresentative, case=CASES, employee=st.sampled_from(["LW1", "E1"]),
              power_of_attorney=st.just("POA-1"), valid_until=DAY, on=DAY),
    st.builds(lg.ScheduleHearing, case=CASES, on=DAY),
    st.builds(lg.RecordHearing, case=CASES, on=DAY, outcome=st.sampled_from(["heard", "[b]x[/b]"])),
    st.builds(lg.RecordJudgment, case=CASES, on=DAY, outcome=st.sampled_from(lg.OUTCOMES),
              appeal_days=st.sampled_from([10, 30])),
    st.builds(lg.FileAppeal, case=CASES, on=DAY),
    st.builds(lg.CloseCase, case=CASES, on=DAY),
)


def _case_story(year: int, appeal: bool) -> list[Any]:
    on = date(year, 2, 2)
    number = f"CASE-{year}-001"
    hearing, judged = date(year, 3, 2), date(year, 4, 1)
    steps: list[Any] = [
        lg.RequestOpinion(unit="FIN", document="Claim", requested_on=on),
        lg.AssignLawyer(opinion=f"LOP-{year}-0001", lawyer="LW1", on=on),
        lg.GiveOpinion(opinion=f"LOP-{year}-0001", text="Defend", on=date(year, 2, 5)),
        lg.RegisterCase(court="Court", case_number=f"{year}/1", parties="X v. CEC", subject="S", opened_on=on),
        lg.AppointRepresentative(case=number, employee="LW1", power_of_attorney="POA", valid_until=date(year, 12, 31),
                                 on=on),
        lg.ScheduleHearing(case=number, on=hearing),
        lg.RecordHearing(case=number, on=hearing, outcome="adjourned"),
        lg.RecordJudgment(case=number, on=judged, outcome="lost", appeal_days=30),
    ]
    if appeal:
        return [*steps, lg.FileAppeal(case=number, on=date(year, 4, 20))]
    return [*steps, lg.CloseCase(case=number, on=date(year, 5, 2))]


YEARS = st.sampled_from([2027, 2028, 2029])
STORIES = st.builds(_case_story, YEARS, st.booleans())
