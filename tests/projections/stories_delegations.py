"""Foreign relations' part of the projection property test (tests/projections/test_property.py): visits with
interpreters (employees hired in the preamble), meetings, gifts, closing and cancelling; trips abroad."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from hypothesis import strategies as st

from domain import delegations as d
from domain.organisation import EstablishPosition
from domain.personnel import HireEmployee

D = date(2026, 3, 8)
PREAMBLE: list[Any] = [
    EstablishPosition(unit="HQ", code="INT1", position_title="Interpreter"),
    HireEmployee(number="INT1", full_name="Sima [b]", employment_type="permanent", unit="HQ", position="INT1",
                 order_number="1", order_date=date(2026, 1, 1), effective=date(2026, 1, 2)),
    d.PlanVisit(organisation="CEC of Azerbaijan [/x]", country="AZ", arrives=D, departs=date(2026, 3, 11),
                programme="Meetings", members="Head"),
]
VISITS = st.sampled_from(["DEL-2026-00001", "DEL-2026-00002", "DEL-2026-00009"])
ON = st.dates(date(2026, 3, 1), date(2026, 4, 30))
CHANGES: Any = st.one_of(
    st.builds(d.PlanVisit, organisation=st.just("ODIHR"), country=st.just("PL"), arrives=ON, departs=ON,
              programme=st.just("Meetings"), members=st.just("Head [b]")),
    st.builds(d.AssignInterpreter, visit=VISITS, employee=st.sampled_from(["INT1", "NONE"])),
    st.builds(d.RecordMeeting, visit=VISITS, held_on=ON, counterpart=st.just("Chairman"),
              participants=st.just("Delegation"), discussion=st.sampled_from(["Training", ""])),
    st.builds(d.ReceiveGift, visit=VISITS, description=st.just("Book"),
              value=st.sampled_from([Decimal("10"), Decimal("9000"), Decimal("-1")]),
              inventory=st.sampled_from(["", "GIFT-1"])),
    st.builds(d.CloseVisit, visit=VISITS, on=ON, summary=st.just("Done")),
)
STORIES: Any = st.one_of(
    st.builds(lambda on: [d.AssignInterpreter(visit="DEL-2026-00001", employee="INT1"),
                          d.RecordMeeting(visit="DEL-2026-00001", held_on=D, counterpart="Chairman",
                                          participants="All", discussion="Exchange"),
                          d.CloseVisit(visit="DEL-2026-00001", on=on, summary="Held")],
              st.dates(date(2026, 3, 11), date(2026, 3, 20))),
    st.builds(lambda: [d.PlanTripAbroad(election="PE26", member="Karimi", destination="Baku", purpose="Conference",
                                        departs=date(2026, 5, 1), returns=date(2026, 5, 4)),
                       d.ReportTripAbroad(trip="TRA-2026-00001", on=date(2026, 5, 10), report="Report")]),
)
