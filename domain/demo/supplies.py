"""The demo history of the supplies registers for the current parliamentary election (CURRENT_ELECTION, WJ-2026,
voting day 17 October 2026; every date counted from voting day), continuing DemoHistory.base() through the real
commands:

voter numbers (and population) for every constituency and live precinct commission of the 34 provinces, a few
revised; the items (ballot papers per constituency, kits, ink, numbered seals, ballot boxes, voting screens), the
central warehouse and one per provincial office; ballots printed per constituency with their own serial block;
materials moved to the provinces; the distribution plan (3% reserve) computed per constituency and edited for two
commissions; a dispatch to every live precinct commission, each acknowledged (a few late, one short of ballots);
returns after voting day, the counts, and every account reconciled, two of them after an imbalance explained by an
act; a write-off and a stock count. Kits and ink are bought first (domain/demo/procurement.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from domain.demo.base import CURRENT_ELECTION, PROVINCES, Step
from domain.supplies import ballots as b
from domain.supplies import distribution as d
from domain.supplies import stock as s
from domain.supplies import voters as v
from domain.supplies.common import ballot_item_code

ELECTION = CURRENT_ELECTION.code
VOTING_DAY = CURRENT_ELECTION.voting_day
YEAR = VOTING_DAY.year


def day(offset: int) -> date:
    """A day counted from voting day (negative: before it)."""
    return VOTING_DAY + timedelta(days=offset)

HQ = "HQ-WH"
RESERVE = Decimal("3")
PER_PRECINCT = {"KIT": 1, "INK": 4, "SEAL": 6, "BOX": 2, "SCREEN": 2}
RETURNED = ("KIT", "BOX", "SCREEN")  # what comes back after voting day (ink is used, seals stay on the boxes)
ITEMS = (("KIT", "Polling station kit (forms, envelopes, stationery)", "kits", "kit", False, 20),
         ("INK", "Indelible ink, 30 ml", "indelible ink", "bottle", False, 300),
         ("SEAL", "Ballot box seal", "seals", "piece", True, 300),
         ("BOX", "Ballot box, transparent", "ballot boxes", "piece", False, 20),
         ("SCREEN", "Voting screen", "voting screens", "piece", False, 20))
SOURCES = ("Central Statistics Organization, population estimate", "Ministry of Interior, voter list")
CARRIERS = ("IEC fleet", "Afghan Post", "Bakhtar Logistics", "UNDP-contracted trucks")
IMBALANCES = (  # (ballots missing (+) or surplus (-), the act's explanation)
    (3, "three ballots torn while the box was opened; remains sealed in an envelope and destroyed by act"),
    (-2, "two unused ballots of a neighbouring station counted with the spoiled ones; recounted by the PEC"),
)
SEAL_BLOCK = 900_000_000


def warehouse(p: Any) -> str:
    return f"{p.code}-WH"


def precincts(demo: Any, p: Any) -> list[int]:
    return [n for n in range(1, demo.precinct_count[(ELECTION, p.number)] + 1)
            if (ELECTION, p.number, n) not in demo.dissolved]


def history(demo: Any) -> Iterator[Step]:
    rng = demo.rng
    log = demo.clerks.get("LOG", demo.admin)
    head = demo.heads.get("LOG", demo.admin)
    field = demo.field_clerks[0] if demo.field_clerks else demo.admin
    live = {p.number: precincts(demo, p) for p in PROVINCES}

    # Voter numbers from the executive authority, and a few revisions after the voter-list review.
    voters: dict[tuple[int, int], int] = {}
    for p in PROVINCES:
        total = 0
        for n in live[p.number]:
            voters[(p.number, n)] = rng.randint(320, 640)
            total += voters[(p.number, n)]
            yield Step(field, v.ReportVoterNumbers(commission=f"{ELECTION}/{p.number:03d}-{n:04d}",
                                                   voters=voters[(p.number, n)],
                                                   population=round(voters[(p.number, n)] * (1.9 + rng.random())),
                                                   as_of=day(-130), source=SOURCES[1]))
        yield Step(field, v.ReportVoterNumbers(commission=f"{ELECTION}/{p.number:03d}", population=total * 2,
                                               voters=total + rng.randint(0, 400), as_of=day(-141),
                                               source=SOURCES[0]))
    for p in rng.sample(PROVINCES, 4):
        n = demo.pick(live[p.number])
        voters[(p.number, n)] += rng.randint(15, 60)
        yield Step(field, v.ReportVoterNumbers(commission=f"{ELECTION}/{p.number:03d}-{n:04d}",
                                               voters=voters[(p.number, n)], population=voters[(p.number, n)] * 2,
                                               as_of=day(-92), source="voter list review after the top-up"),
                   "additional registrations after the top-up registration")

    # Items and warehouses.
    for code, name, kind, unit, numbered, reorder in ITEMS:
        yield Step(head, s.RegisterItem(code=code, item_name=name, kind=kind, unit=unit, numbered=numbered,
                                        reorder_level=reorder))
    for p in PROVINCES:
        yield Step(head, s.RegisterItem(item_name=f"Ballot papers, {p.name}", kind="ballot papers", unit="sheet",
                                        election=ELECTION, constituency=p.number))
    yield Step(head, s.OpenWarehouse(code=HQ, warehouse_name="Central warehouse, Kabul", unit="LOG"))
    for p in PROVINCES:
        yield Step(head, s.OpenWarehouse(code=warehouse(p), warehouse_name=f"{p.name} provincial store", unit=p.unit))

    # The plan: a 3% reserve of ballots, the same items for every precinct; two commissions get a second kit.
    per = ", ".join(f"{k}={q}" for k, q in PER_PRECINCT.items())
    yield Step(head, d.SetPlan(election=ELECTION, reserve_percent=RESERVE, per_precinct=per))
    for p in PROVINCES:
        yield Step(log, d.ComputePlan(election=ELECTION, constituency=p.number))
    quota: dict[tuple[int, int], dict[str, int]] = {
        key: {ballot_item_code(ELECTION, key[0]): d.ballots_needed(n, RESERVE), **PER_PRECINCT}
        for key, n in voters.items()}
    for p in rng.sample(PROVINCES, 2):
        n = demo.pick(live[p.number])
        quota[(p.number, n)]["KIT"] = 2
        yield Step(head, d.AdjustQuota(commission=f"{ELECTION}/{p.number:03d}-{n:04d}", item="KIT", quantity=2),
                   "two polling stations in one polling centre")

    # Kits and ink come under the procurement contracts (domain/demo/procurement.py), seals, boxes and screens
    # from earlier stock; ballots from the State Printing House, each constituency its own serial block.
    from domain.demo.procurement import kits_and_ink

    needed = {code: sum(q.get(code, 0) for q in quota.values()) for code in PER_PRECINCT}
    yield from kits_and_ink(demo, needed)
    seals = needed["SEAL"] + 300
    yield Step(log, s.ReceiveStock(item="SEAL", warehouse=HQ, first_serial=SEAL_BLOCK + 1,
                                   last_serial=SEAL_BLOCK + seals, received_on=day(-61),
                                   supplier="Afghan Security Print", order_kind="purchase order",
                                   order_number=f"PO-{YEAR}/311"))
    for code in ("BOX", "SCREEN"):
        yield Step(log, s.ReceiveStock(item=code, warehouse=HQ, quantity=needed[code] + 60,
                                       received_on=day(-59), supplier="UNDP ELECT II (in kind)",
                                       order_kind="donation", order_number=f"DON-{YEAR}/07"))
    first: dict[int, int] = {}
    for p in PROVINCES:
        printed = sum(quota[(p.number, n)][ballot_item_code(ELECTION, p.number)] for n in live[p.number])
        printed += max(20, printed // 100)
        first[p.number] = p.number * 1_000_000 + 1
        yield Step(log, s.ReceiveStock(item=ballot_item_code(ELECTION, p.number), warehouse=HQ,
                                       first_serial=first[p.number], last_serial=first[p.number] + printed - 1,
                                       received_on=day(-40), supplier="State Printing House",
                                       order_kind="printing order", order_number=f"PRT-{YEAR}/{p.number:03d}"))

    # To the provinces: each provincial store gets its constituency's ballots and its precincts' materials.
    seal_next = SEAL_BLOCK + 1
    seal_first: dict[int, int] = {}
    for p in PROVINCES:  # in date order: the central store's cards take their movements in date order
        ballots = ballot_item_code(ELECTION, p.number)
        moved = {code: sum(quota[(p.number, n)][code] for n in live[p.number]) for code in PER_PRECINCT}
        on = day(-30) + timedelta(days=p.number // 7)
        reference = f"TN-{YEAR}/{p.number:03d}"
        for code in ("KIT", "INK", "BOX", "SCREEN"):
            yield Step(log, s.MoveStock(item=code, from_warehouse=HQ, to_warehouse=warehouse(p), quantity=moved[code],
                                        moved_on=on, reference=reference))
        yield Step(log, s.MoveStock(item="SEAL", from_warehouse=HQ, to_warehouse=warehouse(p), first_serial=seal_next,
                                    last_serial=seal_next + moved["SEAL"] - 1, moved_on=on, reference=reference))
        seal_first[p.number] = seal_next
        seal_next += moved["SEAL"]
        total = sum(quota[(p.number, n)][ballots] for n in live[p.number])
        printed_last = first[p.number] + total - 1
        yield Step(log, s.MoveStock(item=ballots, from_warehouse=HQ, to_warehouse=warehouse(p),
                                    first_serial=first[p.number], last_serial=printed_last, moved_on=on,
                                    reference=reference))

    # Dispatch to every live precinct commission, acknowledged (a few late, one short), returned, counted.
    everyone = {(p.number, n): i for i, (p, n) in enumerate((p, n) for p in PROVINCES for n in live[p.number])}
    picked = rng.sample(range(len(everyone)), 7)
    late, short, imbalanced = set(picked[:4]), picked[4], picked[5:]
    received: dict[tuple[int, int], int] = {}
    seal_at = {p.number: 0 for p in PROVINCES}
    serial_at = dict(first)
    waybills: dict[tuple[int, int], str] = {}
    acknowledged: dict[tuple[int, int], date] = {}
    for p in PROVINCES:
        clerk = demo.clerks.get(p.unit, log)
        days = sorted(rng.randint(0, 7) for _ in live[p.number])  # a store's card runs in date order
        for n, offset in zip(live[p.number], days, strict=True):
            i = everyone[(p.number, n)]
            q = quota[(p.number, n)]
            ballots = ballot_item_code(ELECTION, p.number)
            lo = serial_at[p.number]
            serial_at[p.number] += q[ballots]
            seal = seal_first[p.number] + seal_at[p.number]
            seal_at[p.number] += q["SEAL"]
            items = (f"{ballots}={lo}-{lo + q[ballots] - 1}, KIT={q['KIT']}, INK={q['INK']}, "
                     f"SEAL={seal}-{seal + q['SEAL'] - 1}, BOX={q['BOX']}, SCREEN={q['SCREEN']}")
            waybill = f"WB-{p.code}-{n:04d}"
            waybills[(p.number, n)] = waybill
            sent_on = day(-19 + offset)
            commission = f"{ELECTION}/{p.number:03d}-{n:04d}"
            yield Step(clerk, d.SendDispatch(waybill=waybill, commission=commission, warehouse=warehouse(p),
                                             carrier=demo.pick(CARRIERS), dispatched_on=sent_on, items=items))
            on = sent_on + timedelta(days=rng.randint(8, 10) if i in late else rng.randint(0, 3))
            acknowledged[(p.number, n)] = on
            chair = demo.members.get((ELECTION, p.number, n), {})
            who = next((m for m, role in chair.items() if role == "chair"), "the chair of the commission")
            if i == short:
                received[(p.number, n)] = q[ballots] - 5
                yield Step(clerk, d.AcknowledgeDispatch(
                    waybill=waybill, commission=commission, received_on=on, received_by=who,
                    received=f"{ballots}={q[ballots] - 5}, " + ", ".join(f"{k}={q[k]}" for k in PER_PRECINCT),
                    discrepancies="one pad short by 5 ballots; the seal of the pad was intact"))
            else:
                received[(p.number, n)] = q[ballots]
                yield Step(clerk, d.AcknowledgeDispatch(waybill=waybill, commission=commission, received_on=on,
                                                        received_by=who))

    for p in PROVINCES:
        clerk = demo.clerks.get(p.unit, log)
        ballots = ballot_item_code(ELECTION, p.number)
        backs = sorted(day(1) + timedelta(days=rng.randint(0, 3)) for _ in live[p.number])
        for n, back in zip(live[p.number], backs, strict=True):
            i = everyone[(p.number, n)]
            commission = f"{ELECTION}/{p.number:03d}-{n:04d}"
            got = received[(p.number, n)]
            issued = round(voters[(p.number, n)] * (0.45 + 0.35 * rng.random()))
            spoiled, cancelled = rng.randint(0, 6), rng.randint(0, 2)
            missing = IMBALANCES[imbalanced.index(i)][0] if i in imbalanced else 0
            unused = got - issued - spoiled - cancelled - missing
            returned = ", ".join([f"{ballots}={unused}", *(f"{k}={quota[(p.number, n)][k]}" for k in RETURNED)])
            yield Step(clerk, d.ReturnDispatch(waybill=waybills[(p.number, n)], returned_on=back, returned=returned))
            yield Step(clerk, b.CountBallots(commission=commission, issued=issued, spoiled=spoiled, cancelled=cancelled,
                                             counted_on=VOTING_DAY, protocol=f"RF-{p.code}-{n:04d}"))
            if missing:
                yield Step(head, b.ExplainImbalance(commission=commission, act_number=f"ACT-{p.code}-{n:04d}",
                                                    quantity=missing, on=back + timedelta(days=2),
                                                    explanation=IMBALANCES[imbalanced.index(i)][1]),
                           "act of the provincial ballot accountability committee")
            yield Step(head, b.ReconcileBallots(commission=commission, on=back + timedelta(days=3)))

    # After the election: spoiled ink written off by an act, and a count at one provincial store.
    p = demo.pick(PROVINCES)
    kits = sum(quota[(p.number, n)]["KIT"] for n in live[p.number])  # all came back after voting day
    yield Step(head, s.WriteOffStock(item="INK", warehouse=HQ, quantity=24, on=day(16),
                                     act_number=f"WO-{YEAR}/41", write_off_reason="ink dried out after the seal broke"),
               "spoiled in storage")
    yield Step(demo.clerks.get(p.unit, log), s.CountStock(item="KIT", warehouse=warehouse(p), counted=kits - 1,
                                                           counted_on=day(23), count_number=f"SC-{YEAR}/09"))
