"""The demo history of the personnel registers: continues DemoHistory.base() through the real commands.

Staff hired onto most positions of headquarters and of the 34 provincial offices (some left vacant), labour
contracts, military registration, a few transfers and promotions (one dated in the future), official trips
(most settled, one cancelled), equipment registered and issued across the provincial offices (generators and
vehicles funded by the donor project UNDP-ELECT-II), a count with discrepancies,
maintenance, a loss and write-offs, one separation completed after clearance and one still blocked by it.

Every movement cites a registered personnel order of the Chairman (the acts context): one order a month, drafted
by HR, visaed by the Law department's adviser (hired first, on an order from before the register was kept),
signed by the Chairman, registered in date order (PER-2019-0004).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from domain.acts import DraftOrder, SignOrder, SubmitOrder, VisaOrder
from domain.assets import (
    CountInventory,
    EndMaintenance,
    IssueAsset,
    RegisterAsset,
    RelocateAsset,
    ReportLoss,
    ReturnAsset,
    StartMaintenance,
    WriteOffAsset,
)
from domain.commands import Command
from domain.demo.base import (
    CURRENT_ELECTION,
    DEPUTIES,
    DEPUTY_STAFF_TABLE,
    DIRECTORATES,
    OFFICE,
    OFFICE_STAFF_TABLE,
    PROVINCES,
    PROVINCIAL_STAFF,
    Staff,
    Step,
)
from domain.organisation import EstablishPosition
from domain.personnel import (
    CancelTrip,
    CompleteSeparation,
    HireEmployee,
    InitiateSeparation,
    MarkArrival,
    MarkDeparture,
    PlanTrip,
    PromoteEmployee,
    RegisterMilitary,
    SettleTrip,
    SignContract,
    TransferEmployee,
)

HQ_STORE = "HQ central warehouse"
DONOR_PROJECT = "UNDP-ELECT-II"  # registered by tui/demo_finance.py, 2017-01-01 to 2019-12-31
MILITARY_OFFICES = ("Kabul district 1", "Kabul district 5", "Herat city", "Balkh province", "Nangarhar province")


def _posts(unit: str, staff: tuple[Staff, ...]) -> list[tuple[str, str]]:
    return [(unit, s.code if s.posts == 1 else f"{s.code}-{n}") for s in staff for n in range(1, s.posts + 1)]


def _ordered(user: str, command: Callable[..., Command], order: Callable[[], str], reason: str,
             **fields: Any) -> Callable[[], Step]:
    """A movement's step, made when it is taken: its order is numbered only once the month's order exists."""
    return lambda: Step(user, command(order=order(), **fields), reason)


INTERPRETER_UNIT, INTERPRETERS = "EXT-REL", ("EXT-INT1", "EXT-INT2")  # personnel numbers
LAWYER_POST = ("LEGAL", "ADVISER-1")  # its holder, hired first, examines the personnel orders


class _Orders:
    """The personnel orders the movements cite: one order a month (the month of the movements' own order dates),
    signed on the earliest of them, registered in date order. Movements are planned first, their orders drafted,
    examined and signed, then the movements run citing them."""

    def __init__(self) -> None:
        self.dates: list[date] = []
        self.numbers: dict[tuple[int, int], tuple[str, date]] = {}

    def cite(self, order_date: date) -> Callable[[], str]:
        self.dates.append(order_date)
        return lambda: self.numbers[(order_date.year, order_date.month)][0]

    def steps(self, demo: Any, hr: str, lawyer: str) -> Iterator[Step]:
        months: dict[tuple[int, int], date] = {}
        for d in self.dates:
            key = (d.year, d.month)
            months[key] = min(months.get(key, d), d)
        for key, signed in sorted(months.items(), key=lambda kv: kv[1]):
            drafted = signed - timedelta(days=3)
            draft = demo.number("DRF", drafted.year)
            yield Step(hr, DraftOrder(order_kind="personnel order", unit="HR", drafted_on=drafted,
                                      order_title=f"On staff appointments and movements, {signed:%B %Y}"))
            yield Step(hr, SubmitOrder(order=draft, on=drafted))
            visa = signed - timedelta(days=1)
            yield Step(demo.clerks.get("LEGAL", demo.admin), VisaOrder(order=draft, lawyer=lawyer, on=visa,
                                                                       opinion="in line with the civil service law"))
            yield Step(demo.admin, SignOrder(order=draft, on=signed))
            self.numbers[key] = (demo.number("PER", signed.year), signed)


def history(demo: Any) -> Iterator[Step]:
    rng = demo.rng
    demo.employees = {}  # personnel number -> unit, post, kind, hired, left: for the payroll, leave and files parts
    demo.assets = {}  # inventory -> category, and those written off: for the depreciation part
    demo.written_off = set()
    hr = demo.heads["HR"]
    log = demo.heads["LOG"]
    posts = _posts(OFFICE[0], OFFICE_STAFF_TABLE)
    for code, _ in DEPUTIES:
        posts += _posts(code, DEPUTY_STAFF_TABLE)
    for d in DIRECTORATES:
        posts += _posts(d.code, d.staff)
    provincial = [p for prov in PROVINCES for p in _posts(prov.unit, PROVINCIAL_STAFF)]
    posts += provincial
    vacant: list[tuple[str, str]] = []
    staff: dict[tuple[str, str], tuple[str, date]] = {}  # post -> (personnel number, since)
    male: set[str] = set()
    orders = _Orders()
    planned: list[Step | Callable[[], Step]] = []  # the movements, each citing its month's order once it exists

    # The Law department's adviser, hired before the register of orders was kept, examines every personnel order.
    lawyer = f"P-{posts.index(LAWYER_POST) + 1:04d}"
    yield Step(hr, HireEmployee(number=lawyer, full_name=demo.person(), employment_type="permanent",
                                unit=LAWYER_POST[0], position=LAWYER_POST[1], order_number="2015/87",
                                order_date=date(2015, 8, 25), effective=date(2015, 9, 1)), "appointed by order")
    staff[LAWYER_POST] = (lawyer, date(2015, 9, 1))

    # Hiring, with a labour contract each for fixed-term staff and some permanent ones.
    for n, post in enumerate(posts, start=1):
        if post == LAWYER_POST:
            continue
        if rng.random() < 0.08:
            vacant.append(post)
            continue
        number = f"P-{n:04d}"
        effective = date(2016, 1, 1) + timedelta(days=rng.randrange(3000))
        kind = "permanent" if rng.random() < 0.75 else ("temporary" if rng.random() < 0.5 else "election-period")
        full_name = demo.person()
        if full_name.split()[0] not in ("Fatima", "Maryam", "Zahra", "Nargis", "Habiba", "Shabnam", "Farzana"):
            male.add(number)
        order = orders.cite(effective - timedelta(days=rng.randint(3, 20)))
        # A fixed term runs past voting day: election-period and temporary staff leave from November on.
        term_end = None if kind == "permanent" else date(2026, 11, 1) + timedelta(days=rng.randrange(240))
        planned.append(_ordered(hr, HireEmployee, order, "appointed by order", number=number, full_name=full_name,
                                employment_type=kind, unit=post[0], position=post[1], effective=effective,
                                term_end=term_end))
        staff[post] = (number, effective)
        demo.employees[number] = {"unit": post[0], "post": post[1], "kind": kind, "hired": effective, "left": None,
                                  "name": full_name, "male": number in male}
        if kind != "permanent" or rng.random() < 0.3:
            planned.append(Step(hr, SignContract(number=number, contract_number=f"LC-{n:04d}", start=effective,
                                                 end=term_end)))
        if number in male and rng.random() < 0.2:
            planned.append(Step(hr, RegisterMilitary(number=number, status=demo.pick(("liable", "reserve", "exempt")),
                                                     military_office=demo.pick(MILITARY_OFFICES),
                                                     category=demo.pick(("A", "B", "C")))))

    # The External Relations directorate's two interpreters (the delegations part assigns them to visits).
    for n, number in enumerate(INTERPRETERS, 1):
        yield Step(demo.admin, EstablishPosition(unit=INTERPRETER_UNIT, code=f"INTERPRETER-{n}",
                                                 position_title="Interpreter", grade="grade 5"))
        full_name, order = demo.person(), orders.cite(date(2026, 1, 10))
        planned.append(_ordered(hr, HireEmployee, order, "appointed by order", number=number, full_name=full_name,
                                employment_type="permanent", unit=INTERPRETER_UNIT, position=f"INTERPRETER-{n}",
                                effective=date(2026, 1, 15)))

    # Transfers and promotions into vacant posts: each frees the post it leaves.
    free_from: dict[tuple[str, str], date] = {}  # a post left by a move is free from the move's date
    for i in range(14):
        source = demo.pick(sorted(p for p in staff if p != LAWYER_POST and staff[p][1] < date(2026, 6, 1)))
        target = vacant.pop(int(rng.random() * len(vacant)))
        number, since = staff.pop(source)
        # Moves have taken effect by October 2026 (the history's present), but one dated next year.
        effective = date(2027, 1, 1) if i == 0 else min(since + timedelta(days=rng.randint(200, 900)),
                                                        date(2026, 10, 1))
        effective = max(effective, free_from.get(target, effective))
        command = PromoteEmployee if i % 3 == 0 else TransferEmployee
        # The move taking effect next year is ordered now, in November.
        order = orders.cite(date(2026, 11, 20) if i == 0 else effective - timedelta(days=7))
        planned.append(_ordered(hr, command, order, "promoted on merit" if command is PromoteEmployee else
                                "transferred at the office's request", number=number, unit=target[0],
                                position=target[1], effective=effective))
        staff[target] = (number, effective)
        demo.employees[number].update(unit=target[0], post=target[1])
        vacant.append(source)
        free_from[source] = effective

    separations = [orders.cite(date(2026, 9, 1)), orders.cite(date(2026, 11, 10))]
    yield from orders.steps(demo, hr, lawyer)
    for step in planned:
        yield step if isinstance(step, Step) else step()

    # Equipment: a laptop for each provincial IT officer, a generator for each office, tally kits to commissions.
    serial = 1000
    issued: list[tuple[str, str, str]] = []  # inventory, custodian kind, custodian
    for prov in PROVINCES:
        store = f"{prov.name} provincial store"
        for category, description, cost, prefix in (("computer", "laptop", Decimal("950.00"), "LT"),
                                                    ("generator", "5 kVA generator", Decimal("2400.00"), "GN")):
            serial += 1
            inventory = f"{prefix}-{prov.code}-01"
            # Every third office's generator was bought under the donor project the finance demo registers
            # (tui/demo_finance.py runs before this history), within the project's period.
            donor = category == "generator" and prov.number % 3 == 0
            demo.assets[inventory] = category
            yield Step(log, RegisterAsset(inventory=inventory, category=category, description=description,
                                          serial=f"SN{serial}", cost=cost,
                                          funding="donor project" if donor else "state budget",
                                          donor_project=DONOR_PROJECT if donor else "",
                                          location=store, acquired_on=date(2025, 3, 1),
                                          next_service=date(2026, 10, 1) + timedelta(days=rng.randrange(120))
                                          if category == "generator" else None))
            holder = staff.get((prov.unit, "ITO")) if category == "computer" else None
            if holder is not None:
                yield Step(log, IssueAsset(inventory=inventory, custodian_kind="employee", custodian=holder[0],
                                           on=max(date(2025, 4, 1), holder[1])))  # not before they came
                issued.append((inventory, "employee", holder[0]))
            elif category == "generator":
                yield Step(log, IssueAsset(inventory=inventory, custodian_kind="unit", custodian=prov.unit,
                                           on=date(2025, 4, 1)))
        if prov.number <= 6:
            inventory = f"TK-{prov.code}-01"
            demo.assets[inventory] = "tally equipment"
            yield Step(log, RegisterAsset(inventory=inventory, category="tally equipment",
                                          description="results tally kit", serial=f"TK{prov.number}",
                                          cost=Decimal("310.00"), location=store, acquired_on=date(2026, 6, 1)))
            yield Step(log, IssueAsset(inventory=inventory, custodian_kind="commission",
                                       custodian=f"{CURRENT_ELECTION.code}/{prov.number:03d}",
                                       on=CURRENT_ELECTION.voting_day - timedelta(days=30)))
    hq_items = [(f"HQ-PC-{i:02d}", "computer", "desktop computer", Decimal("700.00")) for i in range(1, 7)]
    hq_items += [("HQ-PR-01", "printer", "network printer", Decimal("450.00")),
                 ("HQ-VH-01", "vehicle", "4x4 vehicle", Decimal("38000.00")),
                 ("HQ-VH-02", "vehicle", "minibus", Decimal("29000.00"))]
    for inventory, category, description, cost in hq_items:
        donor = category == "vehicle"  # the project's vehicles
        demo.assets[inventory] = category
        yield Step(log, RegisterAsset(inventory=inventory, category=category, description=description,
                                      serial=f"SN-{inventory}", cost=cost, location=HQ_STORE,
                                      funding="donor project" if donor else "state budget",
                                      donor_project=DONOR_PROJECT if donor else "", acquired_on=date(2025, 5, 1),
                                      next_service=date(2026, 12, 1) if category == "vehicle" else None))
    yield Step(log, StartMaintenance(inventory="HQ-VH-02", work="engine overhaul", on=date(2026, 10, 20)))
    yield Step(log, StartMaintenance(inventory="HQ-PR-01", work="drum replaced", on=date(2026, 3, 2)))
    yield Step(log, EndMaintenance(inventory="HQ-PR-01", on=date(2026, 3, 9), next_service=date(2026, 12, 10)))
    yield Step(log, WriteOffAsset(inventory="HQ-PC-06", act_number="WO-2026/01", on=date(2026, 2, 1),
                                  write_off_reason="morally and physically obsolete"), "write-off commission act")
    yield Step(log, RelocateAsset(inventory="HQ-PC-05", location="Kabul provincial store", on=date(2026, 4, 1)))
    lost = issued[3]
    yield Step(log, ReportLoss(inventory=lost[0], on=date(2025, 7, 14)), "stolen in transit; police report filed")
    demo.written_off = {"HQ-PC-06", lost[0]}
    yield Step(log, WriteOffAsset(inventory=lost[0], act_number="WO-2026/02", on=date(2026, 2, 1),
                                  write_off_reason="lost, police report"), "write-off commission act")
    found = [f"HQ-PC-0{i}" for i in (1, 2, 3)] + ["HQ-PR-01", "HQ-VH-01", "LT-KAB-01"]
    yield Step(log, CountInventory(count_number="IC-2026/01", location=HQ_STORE, counted_on=date(2026, 6, 30),
                                   found=" ".join(found)))

    # Official trips from headquarters to the provinces.
    travellers = sorted(number for post, (number, _) in staff.items() if not post[0].startswith("PO-"))
    for i in range(12):
        number = travellers[(i * 7) % len(travellers)]
        prov = demo.pick(PROVINCES)
        start = date(2026, 1, 10) + timedelta(days=25 * i)
        end = start + timedelta(days=rng.randint(2, 6))
        warrant = f"TW-2026/{i + 1:03d}"
        advance = Decimal(rng.randint(8, 40) * 25)
        yield Step(hr, PlanTrip(warrant=warrant, number=number, destination=f"{prov.capital}, {prov.name}",
                                start=start, end=end, purpose=demo.pick(("training of trainers", "voter registration "
                                "audit", "warehouse inspection", "results tally support")), advance=advance))
        if i == 11:
            yield Step(hr, CancelTrip(warrant=warrant, on=start - timedelta(days=5)), "the audit was postponed")
        elif i < 10:
            yield Step(hr, MarkDeparture(warrant=warrant, on=start))
            yield Step(hr, MarkArrival(warrant=warrant, on=end))
            if i < 9:
                spent = advance + Decimal(rng.randint(-10, 6) * 10)
                yield Step(hr, SettleTrip(warrant=warrant, expenses=max(spent, Decimal("0")),
                                          on=end + timedelta(days=3)))

    # One separation completed after clearance; one initiated and still blocked by a laptop.
    ito = [(post, holder) for post, holder in staff.items() if post[1] == "ITO"
           and any(i[2] == holder[0] for i in issued[5:])]
    leaver, blocked = ito[0][1][0], ito[1][1][0]
    laptop = next(i[0] for i in issued if i[2] == leaver)
    yield Step(hr, InitiateSeparation(number=leaver, kind="resignation", last_day=date(2026, 9, 30),
                                      order=separations[0]()), "resigned for study abroad")
    yield Step(log, ReturnAsset(inventory=laptop, returned_by=leaver, condition="worn", on=date(2026, 9, 29)))
    yield Step(hr, CompleteSeparation(number=leaver))
    demo.employees[leaver]["left"] = date(2026, 9, 30)
    yield Step(hr, InitiateSeparation(number=blocked, kind="contract end", last_day=date(2026, 12, 15),
                                      order=separations[1]()),
               "fixed-term contract ends")

