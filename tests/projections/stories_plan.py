"""The election plan's part of the projection property test (tests/projections/test_property.py): PREAMBLE,
CHANGES and STORIES over the plan of PE26 (scheduled by the property test's own preamble)."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from domain import plan as p

PREAMBLE: list[Any] = [
    p.PlanActivity(election="PE26", code="CALENDAR", activity_title="Election calendar [b]", phase="legal framework",
                   unit="HQ", starts=date(2026, 1, 5), ends=date(2026, 1, 20), legal=True),
    p.PlanActivity(election="PE26", code="NOMINATION", activity_title="Nominations", phase="candidates", unit="HQ",
                   starts=date(2026, 2, 1), ends=date(2026, 3, 1), legal=True, depends_on="CALENDAR"),
]
CODES = st.sampled_from(["CALENDAR", "NOMINATION", "TRAINING", "NONE"])
DAY = st.dates(date(2026, 1, 1), date(2026, 6, 30))
CHANGES: Any = st.one_of(
    st.builds(p.PlanActivity, election=st.just("PE26"), code=st.sampled_from(["TRAINING", "DISPATCH"]),
              activity_title=st.sampled_from(["Training", "Dispatch [/x]"]), phase=st.sampled_from(p.PHASES),
              unit=st.sampled_from(["HQ", "FIN", "XX"]), starts=DAY, ends=DAY, legal=st.booleans(),
              depends_on=st.sampled_from(["", "NOMINATION", "CALENDAR, NOMINATION", "NONE"])),
    st.builds(p.ReportProgress, election=st.just("PE26"), code=CODES, on=DAY,
              percent=st.sampled_from([10, 50, 99, 100, 0])),
    st.builds(p.CompleteActivity, election=st.just("PE26"), code=CODES, on=DAY),
    st.builds(p.RescheduleActivity, election=st.just("PE26"), code=CODES, starts=DAY, ends=DAY),
)
STORIES: Any = st.one_of(
    st.builds(lambda on: [p.ReportProgress(election="PE26", code="CALENDAR", on=date(2026, 1, 10), percent=50),
                          p.CompleteActivity(election="PE26", code="CALENDAR", on=date(2026, 1, 19)),
                          p.ReportProgress(election="PE26", code="NOMINATION", on=on, percent=40),
                          p.CompleteActivity(election="PE26", code="NOMINATION", on=on)],
              st.dates(date(2026, 2, 1), date(2026, 3, 10))),
)
