"""The working calendar's register: the holidays declared (weekends are the calendar's own setting), from which
the due dates of letters and appeals are computed when they are set."""

from __future__ import annotations

from typing import Any

from domain.calendar import Calendar
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import Register

HOLIDAYS = Table("holidays", (
    ("day", "text"), ("calendar_id", "text"), ("holiday", "text"),
), key=("day",), indexes=(("holiday",),), search=("day", "holiday"))


class CalendarProjection(Projection):
    name = "calendar"
    version = 2  # 2: the search form column (domain.folding)
    tables = (HOLIDAYS,)

    @on(Calendar.HolidayDeclared)
    def holiday(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("holidays", {"day": text(e.day), "calendar_id": text(e.originator_id), "holiday": e.holiday})

    @on(Calendar.HolidayRemoved)
    def holiday_removed(self, rows: Rows, position: int, e: Any) -> None:
        rows.delete("holidays", text(e.day))


PROJECTIONS = (CalendarProjection,)
REGISTERS = (
    Register("holidays", "calendar", "holidays", ("day",), ("day", "holiday"), "Holidays (working calendar)",
             record="calendar_id", key=("day",), kind="calendar",
             fields={"year": "substr(day, 1, 4) = ?", "month": "substr(day, 1, 7) = ?", "on": "day = ?"}),
)
