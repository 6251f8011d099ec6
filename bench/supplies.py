"""Benchmark: the distribution plan, dispatch, acknowledgement and reconciliation of N precinct commissions
through the bulk path (Secretariat.handle_many), and the ballot reconciliation report over them.

    python bench/supplies.py --precincts 6000 --runs 1 --json

One fresh SQLite store per run. Set-up (not timed): an election, 34 constituency commissions and N precinct
commissions under them, their voter numbers, ballot papers per constituency printed with serial ranges into one
warehouse, kits. Timed, each phase as batches of commands through `handle_many`:
- plan: the plan with its reserve, computed per constituency (a quota per precinct);
- dispatch: a waybill per precinct (its ballots' serial range and a kit);
- acknowledge: every receipt acknowledged;
- reconcile: after voting day each precinct's return, count and reconciliation.
Then the registers are rebuilt (timed) and the `ballot-reconciliation` and `distribution-by-province` reports run
(median of --queries runs, in ms).

Raw baselines measured in the same run: `raw_insert_events_per_second`, the same events (as stored by the timed
phases) inserted straight through the store's recorder into another fresh store, in batches of the same size, with
no rule, no aggregate and no envelope built; and `raw_group_by_ms`, the bare SQL aggregate of the reconciliation
(one GROUP BY over the accounts table) that the report wraps. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from domain.application import open_store
from domain.organisation import (
    EstablishCommission,
    EstablishUnit,
    ScheduleElection,
)
from domain.supplies.ballots import CountBallots, ReconcileBallots
from domain.supplies.common import ballot_item_code
from domain.supplies.distribution import (
    AcknowledgeDispatch,
    ComputePlan,
    ReturnDispatch,
    SendDispatch,
    SetPlan,
    ballots_needed,
)
from domain.supplies.stock import OpenWarehouse, ReceiveStock, RegisterItem
from domain.supplies.voters import ReportVoterNumbers
from projections.reports import ReportContext, run_report
from projections.runner import Registers

ELECTION = "BE26"
VOTING_DAY = date(2026, 9, 1)
CONSTITUENCIES = 34
BATCH = 5_000
RESERVE = Decimal("3")


def _batches(app: Any, commands: list[Any], prefix: str) -> int:
    events = 0
    for n in range(0, len(commands), BATCH):
        result = app.handle_many(commands[n:n + BATCH], user="admin", reason="bench", command_id_prefix=f"{prefix}-{n}")
        events += result.events
    return events


def _layout(precincts: int) -> list[tuple[int, int, int]]:
    """(constituency, precinct, voters) for every precinct commission, spread over the constituencies."""
    out = []
    for i in range(precincts):
        constituency = i % CONSTITUENCIES + 1
        out.append((constituency, i // CONSTITUENCIES + 1, 300 + (i * 7919) % 400))
    return out


def one_run(folder: Path, precincts: int, queries: int) -> dict[str, Any]:
    url = str(folder / "supplies.db")
    app = open_store(url, create=True)
    app.bootstrap("admin")
    layout = _layout(precincts)
    label = {(c, p): f"{ELECTION}/{c:03d}-{p:04d}" for c, p, _ in layout}
    quota = {(c, p): ballots_needed(v, RESERVE) for c, p, v in layout}
    setup: list[Any] = [EstablishUnit(code="HQ", unit_name="Secretariat", kind="office"),
                        ScheduleElection(code=ELECTION, election_name="Bench election", kind="parliamentary",
                                         voting_day=VOTING_DAY)]
    setup += [EstablishCommission(election=ELECTION, constituency=c, commission_name=f"Constituency {c}")
              for c in range(1, CONSTITUENCIES + 1)]
    setup += [EstablishCommission(election=ELECTION, constituency=c, precinct=p, commission_name=f"Precinct {p}")
              for c, p, _ in layout]
    setup += [ReportVoterNumbers(commission=label[(c, p)], voters=v, as_of=date(2026, 5, 1), source="MoI")
              for c, p, v in layout]
    setup += [RegisterItem(code="KIT", item_name="Kit", kind="kits", unit="kit"),
              OpenWarehouse(code="HQ-WH", warehouse_name="Central", unit="HQ"),
              ReceiveStock(item="KIT", warehouse="HQ-WH", quantity=precincts, received_on=date(2026, 7, 1),
                           supplier="Kits", order_number="PO-1")]
    first: dict[int, int] = {}
    for c in range(1, CONSTITUENCIES + 1):
        total = sum(q for (cc, _), q in quota.items() if cc == c)
        first[c] = c * 10_000_000 + 1
        setup += [RegisterItem(item_name=f"Ballots {c}", kind="ballot papers", unit="sheet", election=ELECTION,
                               constituency=c),
                  ReceiveStock(item=ballot_item_code(ELECTION, c), warehouse="HQ-WH", first_serial=first[c],
                               last_serial=first[c] + total - 1, received_on=date(2026, 7, 1), supplier="Printer",
                               order_kind="printing order", order_number=f"PR-{c}")]
    _batches(app, setup, "setup")
    start_head = app.head()

    next_serial = dict(first)
    dispatches = []
    for c, p, _ in layout:
        lo = next_serial[c]
        next_serial[c] += quota[(c, p)]
        dispatches.append(SendDispatch(waybill=f"W-{c}-{p}", commission=label[(c, p)], warehouse="HQ-WH",
                                       carrier="Post", dispatched_on=date(2026, 8, 20),
                                       items=f"{ballot_item_code(ELECTION, c)}={lo}-{lo + quota[(c, p)] - 1}, KIT=1"))
    phases = {
        "plan": [SetPlan(election=ELECTION, reserve_percent=RESERVE, per_precinct="KIT=1"),
                 *(ComputePlan(election=ELECTION, constituency=c) for c in range(1, CONSTITUENCIES + 1))],
        "dispatch": dispatches,
        "acknowledge": [AcknowledgeDispatch(waybill=f"W-{c}-{p}", commission=label[(c, p)],
                                            received_on=date(2026, 8, 22), received_by="Chair") for c, p, _ in layout],
        "reconcile": [cmd for c, p, v in layout for cmd in (
            ReturnDispatch(waybill=f"W-{c}-{p}", returned_on=VOTING_DAY,
                           returned=f"{ballot_item_code(ELECTION, c)}={quota[(c, p)] - v // 2 - 3}, KIT=1"),
            CountBallots(commission=label[(c, p)], issued=v // 2, spoiled=3, counted_on=VOTING_DAY, protocol="P"),
            ReconcileBallots(commission=label[(c, p)], on=VOTING_DAY))],
    }
    result: dict[str, Any] = {"precincts": precincts}
    bulk_events, bulk_seconds = 0, 0.0
    for name, commands in phases.items():
        started = time.perf_counter()
        events = _batches(app, commands, name)
        seconds = time.perf_counter() - started
        bulk_events += events
        bulk_seconds += seconds
        result[name] = {"commands": len(commands), "events": events, "seconds": round(seconds, 3)}
    result["bulk_seconds"] = round(bulk_seconds, 3)
    result["bulk_events_per_second"] = round(bulk_events / bulk_seconds, 1)

    registers = Registers(app)
    registers.setup()
    started = time.perf_counter()
    registers.rebuild()
    result["registers_rebuild_seconds"] = round(time.perf_counter() - started, 3)
    ctx = ReportContext(registers.db, registers.conn, date(2026, 9, 10), params={"election": ELECTION})
    for name in ("ballot-reconciliation", "distribution-by-province"):
        times = []
        for _ in range(queries):
            started = time.perf_counter()
            rows = run_report(ctx, name, ["clerk"]).rows
            times.append((time.perf_counter() - started) * 1000)
        assert len(rows) == CONSTITUENCIES
        result[f"{name}_ms"] = round(statistics.median(times), 2)
    raw = []
    for _ in range(queries):
        started = time.perf_counter()
        registers.db.execute(registers.conn, "SELECT election_code, constituency, COUNT(*), SUM(received), "
                             "SUM(issued), SUM(imbalance) FROM ballot_accounts WHERE election_code = ? "
                             "GROUP BY election_code, constituency", (ELECTION,))
        raw.append((time.perf_counter() - started) * 1000)
    result["raw_group_by_ms"] = round(statistics.median(raw), 2)
    registers.close()

    # Raw baseline: the timed phases' events, inserted straight through the recorder into a fresh store.
    stored = [_stored(n) for n in app.recorder.select_notifications(start=start_head + 1, limit=10_000_000)]
    app.close()
    other = open_store(str(folder / "raw.db"), create=True)
    try:
        started = time.perf_counter()
        for n in range(0, len(stored), BATCH * 2):
            other.recorder.insert_events(stored[n:n + BATCH * 2])
        seconds = time.perf_counter() - started
    finally:
        other.close()
    result["raw_insert_events_per_second"] = round(len(stored) / seconds, 1)
    result["ratio_bulk_to_raw"] = round(result["bulk_events_per_second"] / result["raw_insert_events_per_second"], 3)
    return result


def _stored(notification: Any) -> Any:
    from eventsourcing.persistence import StoredEvent

    return StoredEvent(originator_id=notification.originator_id, originator_version=notification.originator_version,
                       topic=notification.topic, state=notification.state)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--precincts", type=int, default=6_000)
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--queries", type=int, default=5, help="report runs per report (the median is printed)")
    parser.add_argument("--json", action="store_true", help="JSON output (the default and only format)")
    args = parser.parse_args()
    runs = []
    for _ in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp:
            runs.append(one_run(Path(tmp), args.precincts, args.queries))
    if len(runs) == 1:
        print(json.dumps(runs[0]))
        return
    keys = [k for k, v in runs[0].items() if isinstance(v, int | float)]
    print(json.dumps({**runs[0], "runs": args.runs, **{k: statistics.median(r[k] for r in runs) for k in keys}}))


if __name__ == "__main__":
    main()
