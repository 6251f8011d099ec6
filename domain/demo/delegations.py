"""The demo history of foreign relations and protocol: continues the base history through the real commands.

The External Relations directorate (its two interpreters hired by the personnel part) receives foreign
election bodies and international organisations through 2026 (programmes, protocol, interpreters never on
two overlapping visits, meetings with records of the discussions, gifts, one above the limit registered as
property), one visit cancelled; and Commission members travel abroad to conferences and report back.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from domain import delegations as d
from domain.demo.base import Step
from domain.demo.personnel import INTERPRETERS

UNIT = "EXT-REL"
VISITS = (
    ("Central Election Commission of Azerbaijan", "Azerbaijan", date(2026, 3, 8), 4),
    ("Election Commission of India", "India", date(2026, 4, 19), 5),
    ("OSCE Office for Democratic Institutions and Human Rights", "Poland", date(2026, 5, 24), 3),
    ("Independent High Electoral Commission of Iraq", "Iraq", date(2026, 6, 14), 4),
    ("UNDP Electoral Support Project", "United Nations", date(2026, 9, 6), 2),
    ("Election Commission of Pakistan", "Pakistan", date(2026, 10, 11), 4),
)
COUNTERPARTS = ("Chairman of the Commission", "Chief Electoral Officer", "Head of the Legal directorate",
                "Head of Field Operations", "Head of Public Outreach")
TOPICS = ("voter registration with biometric devices", "the complaints procedure and its deadlines",
          "training of polling staff", "accreditation of observers", "results transmission from the provinces")
TRIPS = (("Association of World Election Bodies general assembly", "Bengaluru, India", date(2026, 2, 10), 4),
         ("ACEEEO annual conference", "Budapest, Hungary", date(2026, 9, 21), 3))


def history(demo: Any) -> Iterator[Step]:
    head = demo.heads.get(UNIT, demo.admin)
    clerk = demo.clerks.get(UNIT, head)
    spec = max(demo.elections, key=lambda e: e.voting_day)
    for n, (organisation, country, arrives, days) in enumerate(VISITS):
        departs = arrives + timedelta(days=days - 1)
        number = f"DEL-{arrives.year}-{n + 1:05d}"
        yield Step(clerk, d.PlanVisit(organisation=organisation, country=country, arrives=arrives, departs=departs,
                                      programme="meetings with the Commission and the directorates; a visit to the "
                                                "Election Education Centre",
                                      members=f"{demo.person()} (head of delegation), {demo.person()}",
                                      protocol="airport reception; hotel in Kabul; cars of the secretariat"))
        yield Step(clerk, d.AssignInterpreter(visit=number, employee=INTERPRETERS[n % 2]))
        if n == 4:
            yield Step(head, d.CancelVisit(visit=number, on=arrives - timedelta(days=10)),
                       "the delegation postponed its visit")
            continue
        for day in range(min(days, 3)):
            yield Step(clerk, d.RecordMeeting(visit=number, held_on=arrives + timedelta(days=day),
                                              counterpart=demo.pick(COUNTERPARTS),
                                              participants=f"the delegation; {demo.person()}",
                                              discussion=f"Exchange of experience on {demo.pick(TOPICS)}."))
        value = Decimal("7500.00") if n == 1 else Decimal("120.00")
        yield Step(clerk, d.ReceiveGift(visit=number, description="a carpet" if n == 1 else "a commemorative book",
                                        value=value, inventory="GIFT-2026-01" if n == 1 else ""))
        yield Step(clerk, d.CloseVisit(visit=number, on=departs + timedelta(days=2),
                                       summary="Visit held as planned; a memorandum of cooperation is proposed."))
    for purpose, destination, departs, days in TRIPS:
        returns = departs + timedelta(days=days)
        yield Step(clerk, d.PlanTripAbroad(election=spec.code, member=demo.person(), destination=destination,
                                           purpose=purpose, departs=departs, returns=returns))
    for n, (_, _, departs, days) in enumerate(TRIPS, 1):
        yield Step(clerk, d.ReportTripAbroad(trip=f"TRA-{departs.year}-{n:05d}",
                                             on=departs + timedelta(days=days + 5),
                                             report="Report on the conference submitted to the Commission."))
