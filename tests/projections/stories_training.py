"""Training's part of the projection property test (tests/projections/test_property.py): a programme and a
session in HQ; enrolments of the property test's commission members (PE26/001) and employees; attendance, scores
and certificates."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from domain import training as t

PREAMBLE: list[Any] = [
    t.AddProgramme(code="PEC", programme_title="Polling day [b]", audience="precinct commission members",
                   curriculum="Opening; counting", pass_mark=70),
    t.ScheduleSession(programme="PEC", place="Kabul [/x]", unit="HQ", starts=date(2026, 6, 1), ends=date(2026, 6, 3),
                      trainers="Ahmadi", capacity=2),
]
WHO = st.sampled_from(["PE26/001:KARIMI", "PE26/001:NAZARI", "PE26/001:ALIYEV", "PE26/009:X"])
CHANGES: Any = st.one_of(
    st.builds(t.Enrol, session=st.sampled_from(["PEC-001", "PEC-002"]), kind=st.just("commission member"),
              trainee=WHO),
    st.builds(t.RecordAttendance, session=st.just("PEC-001"), trainee=WHO, attended=st.booleans(),
              on=st.dates(date(2026, 5, 30), date(2026, 6, 3))),
    st.builds(t.RecordScore, session=st.just("PEC-001"), trainee=WHO, score=st.sampled_from([50, 70, 95, 101])),
    st.builds(t.IssueCertificate, session=st.just("PEC-001"), trainee=WHO,
              on=st.dates(date(2026, 6, 1), date(2026, 6, 10))),
    st.builds(t.ScheduleSession, programme=st.sampled_from(["PEC", "NONE"]), place=st.just("Herat"),
              unit=st.sampled_from(["HQ", "KBL"]), starts=st.just(date(2026, 7, 1)), ends=st.just(date(2026, 7, 2)),
              trainers=st.just("Karimi"), capacity=st.sampled_from([0, 1, 5])),
)
STORIES: Any = st.one_of(
    st.builds(lambda member, score: [
        t.Enrol(session="PEC-001", kind="commission member", trainee=f"PE26/001:{member}"),
        t.RecordAttendance(session="PEC-001", trainee=f"PE26/001:{member}", attended=True, on=date(2026, 6, 1)),
        t.RecordScore(session="PEC-001", trainee=f"PE26/001:{member}", score=score),
        t.IssueCertificate(session="PEC-001", trainee=f"PE26/001:{member}", on=date(2026, 6, 3))],
        st.sampled_from(["KARIMI", "NAZARI"]), st.sampled_from([60, 90])),
)
