"""Leave's part of the projection property test: entitlements, requests (overlapping ones refused), approvals,
refusals, cancellations, carry-over; timesheets of temporary staff."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import strategies as st

from domain import leave as lv

DAY = st.dates(date(2026, 1, 1), date(2026, 12, 31))
NUMBERS = st.sampled_from(["E1", "E2", "E8"])
REQUESTS = st.sampled_from(["E1/2026/1", "E1/2026/2", "E2/2026/1", "E8/2026/1"])

PREAMBLE: list[Any] = [
    lv.SetEntitlement(kind="annual", employment_type="permanent", days=20, from_year=2026),
    lv.SetEntitlement(kind="annual", employment_type="temporary", days=10, from_year=2026),
    lv.SetEntitlement(kind="sick", employment_type="permanent", days=10, from_year=2026),
    lv.SetCarryOver(days=5, from_year=2027),
]
CHANGES: Any = st.one_of(
    st.builds(lambda n, k, d, length: lv.RequestLeave(number=n, kind=k, start=d, end=d + timedelta(days=length)),
              NUMBERS, st.sampled_from(lv.LEAVE_KINDS), DAY, st.integers(-1, 12)),
    st.builds(lv.ApproveLeave, request=REQUESTS, on=DAY),
    st.builds(lv.RefuseLeave, request=REQUESTS, on=DAY),
    st.builds(lv.CancelLeave, request=REQUESTS, on=DAY),
    st.builds(lambda m, entries: lv.SubmitTimesheet(unit="KBL", period=f"2026-{m:02d}", days_worked=entries),
              st.integers(1, 12), st.sampled_from(["E2=20", "E2=40", "E1=3", "E2=5, E2=6"])),
    st.builds(lambda m, d: lv.ApproveTimesheet(unit="KBL", period=f"2026-{m:02d}", on=date(2026, m, d)),
              st.integers(1, 12), st.sampled_from([10, 25])),
)
STORIES: Any = st.one_of(
    st.builds(lambda d: [lv.RequestLeave(number="E1", kind="annual", start=d, end=d + timedelta(days=3)),
                         lv.RequestLeave(number="E1", kind="sick", start=d + timedelta(days=2),
                                         end=d + timedelta(days=4)),
                         lv.ApproveLeave(request="E1/2026/1", on=d)],
              st.dates(date(2026, 1, 10), date(2026, 12, 20))),
)
