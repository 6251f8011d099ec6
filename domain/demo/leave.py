"""The demo history of leave and attendance: continues after the personnel part (`demo.employees`).

Entitlements by kind and employment type from 2025, annual leave carried over into 2026 (up to ten days);
annual and sick leave of a third of the staff in 2025 and 2026, a few unpaid leaves (which payroll deducts),
a maternity leave, requests refused by the heads because a colleague of the same small unit is already away
then, one cancelled; monthly timesheets of the temporary staff of six provincial offices, approved.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from domain import leave as lv
from domain.demo.base import PROVINCES, Step

ENTITLEMENTS = (("annual", "permanent", 20), ("annual", "temporary", 10), ("annual", "election-period", 10),
                ("sick", "permanent", 15), ("sick", "temporary", 10), ("sick", "election-period", 10),
                ("maternity", "permanent", 120), ("maternity", "temporary", 90), ("maternity", "election-period", 90),
                ("study", "permanent", 10))
TIMESHEET_PROVINCES = PROVINCES[:6]


def history(demo: Any) -> Iterator[Step]:
    hr = demo.heads["HR"]
    rng = demo.rng
    for kind, employment, days in ENTITLEMENTS:
        yield Step(hr, lv.SetEntitlement(kind=kind, employment_type=employment, days=days, from_year=2025),
                   "Commission decision 2024/117 on leave")
    yield Step(hr, lv.SetCarryOver(days=10, from_year=2026), "Commission decision 2025/88: ten days carry over")
    staff = [(n, e) for n, e in sorted(demo.employees.items()) if not e["left"] or e["left"] > date(2026, 11, 30)]
    away: dict[str, list[tuple[date, date]]] = {}  # unit -> approved leaves, for the heads' refusals
    requests: list[tuple[str, str, date, date]] = []
    for number, e in staff:
        if rng.random() > 0.33:
            continue
        for year in (2025, 2026):
            start = date(year, 1, 15) + timedelta(days=rng.randrange(300 if year == 2025 else 280))
            if start < e["hired"]:
                continue
            days = rng.randint(3, 9 if e["kind"] == "permanent" else 5)
            requests.append((number, "annual", start, start + timedelta(days=days - 1)))
            if rng.random() < 0.25:
                sick = start + timedelta(days=days + rng.randint(20, 40))
                if sick.year == year:
                    requests.append((number, "sick", sick, sick + timedelta(days=rng.randint(1, 4))))
    unpaid = [n for n, _ in staff[5::37]][:6]
    for i, number in enumerate(unpaid):
        start = date(2026, 2 + i, 8)
        requests.append((number, "unpaid", start, start + timedelta(days=4 + i)))
    mothers = [n for n, e in staff if e["kind"] == "permanent" and not e["male"]][:1]
    for number in mothers:
        requests.append((number, "maternity", date(2026, 6, 1), date(2026, 9, 28)))
    requests.sort(key=lambda r: (r[2], r[0]))
    numbers: dict[tuple[str, int], int] = {}
    approved: list[tuple[str, date]] = []
    taken: dict[str, list[tuple[date, date]]] = {}  # one person's leaves never overlap: those requests are not made
    for number, kind, start, end in requests:
        if any(not (end < s or start > f) for s, f in taken.get(number, [])):
            continue
        taken.setdefault(number, []).append((start, end))
        unit = demo.employees[number]["unit"]
        key = (number, start.year)
        numbers[key] = numbers.get(key, 0) + 1
        request = f"{number}/{start.year}/{numbers[key]}"
        yield Step(hr, lv.RequestLeave(number=number, kind=kind, start=start, end=end,
                                       note="family visit" if kind == "annual" else ""))
        clash = [(s, f) for s, f in away.get(unit, []) if not (end < s or start > f)]
        decided = start - timedelta(days=3)
        if clash and kind == "annual" and unit.startswith("PO-"):
            yield Step(demo.heads.get(unit, hr), lv.RefuseLeave(request=request, on=decided),
                       f"a colleague of {unit} is on leave {clash[0][0]} to {clash[0][1]}; the office cannot be "
                       "left without its staff")
            continue
        yield Step(demo.heads.get(unit, hr), lv.ApproveLeave(request=request, on=decided))
        away.setdefault(unit, []).append((start, end))
        if kind == "annual":
            approved.append((request, start))
    # A leave cancelled before it began (the latest approved annual leave of 2026).
    request, start = max((r for r in approved if r[1].year == 2026), key=lambda r: r[1])
    yield Step(hr, lv.CancelLeave(request=request, on=start - timedelta(days=1)), "recalled for the audit of the "
               "voter register")
    # Timesheets of the temporary staff of six provincial offices, January to November 2026.
    for prov in TIMESHEET_PROVINCES:
        temporary = [n for n, e in staff if e["unit"] == prov.unit and e["kind"] != "permanent"]
        if not temporary:
            continue
        head = demo.heads.get(prov.unit, hr)
        for month in range(1, 12):
            worked = ", ".join(f"{n}={rng.randint(19, 26)}" for n in temporary)
            yield Step(head, lv.SubmitTimesheet(unit=prov.unit, period=f"2026-{month:02d}", days_worked=worked))
            yield Step(head, lv.ApproveTimesheet(unit=prov.unit, period=f"2026-{month:02d}",
                                                 on=date(2026, month, 24)))
