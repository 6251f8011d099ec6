"""The demo history of training: continues the base history through the real commands.

The Training directorate's programme for the latest election's precinct commissions' chairs and secretaries,
held in the capitals of eight provinces before voting day; attendance (a few absent), test scores (a few below
the pass mark) and numbered certificates.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from decimal import Decimal
from typing import Any

from domain import training as t
from domain.demo.base import PROVINCES, Step

PRECINCT_PROVINCES = 8  # provinces whose precinct commissions' officers are trained in the demo


def history(demo: Any) -> Iterator[Step]:
    spec = max(demo.elections, key=lambda e: e.voting_day)
    clerk = demo.clerks.get("FIELD-OPS", demo.admin)
    rng = demo.rng
    v = spec.voting_day
    yield Step(clerk, t.AddProgramme(code="PEC-OFFICERS", programme_title="Polling day procedures for precinct "
                                     "commission chairs and secretaries", audience="precinct commission members",
                                     curriculum="opening the polling station; identifying voters; the ballot "
                                                "paper account; counting; the results form",
                                     materials="Polling and counting manual; results form", pass_mark=70))
    members = [(key, name, role) for key, roles in demo.members.items()
               if key[0] == spec.code and key[2] and key not in demo.dissolved
               for name, role in roles.items() if role in ("chair", "secretary")]
    by_province: dict[int, list[tuple[Any, str]]] = {}
    for key, name, _role in members:
        by_province.setdefault(key[1], []).append((key, name))
    planned = []
    for province in PROVINCES[:PRECINCT_PROVINCES]:
        people = by_province.get(province.number, [])[:30]
        if people:
            planned.append((v - timedelta(days=20 + province.number % 7), province, people))
    planned.sort(key=lambda item: item[0])  # sessions (and so certificates) numbered in date order
    for n, (ends, province, people) in enumerate(planned, 1):
        unit = f"PO-{province.code}"
        yield Step(clerk, t.ScheduleSession(programme="PEC-OFFICERS", place=f"{province.capital} provincial office",
                                            unit=unit if unit in demo.clerks else "FIELD-OPS",
                                            starts=ends - timedelta(days=2), ends=ends,
                                            trainers=f"{demo.person()}, {demo.person()}",
                                            capacity=max(len(people), 10), cost=Decimal("0")))
        yield from _run_session(demo, clerk, f"PEC-OFFICERS-{n:03d}", people, ends, rng)


def _run_session(demo: Any, clerk: str, code: str, people: list[tuple[Any, str]], ends: Any, rng: Any
                 ) -> Iterator[Step]:
    from domain.organisation import commission_label

    for (election, constituency, precinct), name in people:
        who = f"{commission_label(election, constituency, precinct)}:{name}"
        yield Step(clerk, t.Enrol(session=code, kind="commission member", trainee=who))
    for (election, constituency, precinct), name in people:
        who = f"{commission_label(election, constituency, precinct)}:{name}"
        attended = rng.random() > 0.08
        yield Step(clerk, t.RecordAttendance(session=code, trainee=who, attended=attended,
                                             on=ends - timedelta(days=2)))
        if not attended:
            continue
        score = rng.randint(55, 100)
        yield Step(clerk, t.RecordScore(session=code, trainee=who, score=score))
        if score >= 70:
            yield Step(clerk, t.IssueCertificate(session=code, trainee=who, on=ends))
