"""Benchmark: a monthly payroll run over N employees, against the raw cost of loading the same records.

    python bench/payroll.py --employees 1000 --runs 3 [--store postgresql://...] --json

Builds a store with one unit, N graded posts, N employees hired and enrolled in payroll (in batches), a salary
scale and the tax parameters. Then, per run: loads every employee, post and pay profile without computing
anything (raw), and computes a month's payroll for the whole secretariat through `handle` (load, compute each
payslip, record the run and one event per employee), each run a new month. Prints medians and the ratio.
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

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stores import fresh_store_url
from domain import organisation as o
from domain import payroll as pr
from domain import personnel as p
from domain.application import Secretariat, open_store
from domain.organisation import position_id
from domain.personnel import employee_id


def populate(app: Secretariat, employees: int) -> None:
    app.bootstrap("admin")
    setup: list[object] = [
        o.EstablishUnit(code="HQ", unit_name="Secretariat", kind="office"),
        pr.SetSalaryScale(grade="G1", steps="30000 32000 34000", effective=date(2026, 1, 1), decision="D"),
        pr.SetPayParameters(tax_free=Decimal("5000"), tax_rate=Decimal("10"), pension_rate=Decimal("3"),
                            effective=date(2026, 1, 1), decision="D"),
    ]
    app.handle_many([(c, "bench") for c in setup], user="admin", command_id_prefix="setup")  # type: ignore[misc]
    for start in range(0, employees, 500):
        batch: list[object] = []
        for n in range(start, min(start + 500, employees)):
            batch += [o.EstablishPosition(unit="HQ", code=f"P{n}", position_title="Officer", grade="G1"),
                      p.HireEmployee(number=f"E{n}", full_name=f"Employee {n}", employment_type="permanent",
                                     unit="HQ", position=f"P{n}", order_number="1", order_date=date(2026, 1, 1),
                                     effective=date(2026, 1, 1)),
                      pr.SetPayTerms(number=f"E{n}", step=1 + n % 3, effective=date(2026, 1, 1))]
        app.handle_many(batch, user="admin", command_id_prefix=f"staff-{start}")  # type: ignore[arg-type]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--employees", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--store", help="postgresql://... (a fresh schema is made and dropped); default SQLite")
    parser.add_argument("--json", action="store_true", help="JSON output (the only format)")
    args = parser.parse_args()
    raw, compute = [], []
    with tempfile.TemporaryDirectory() as tmp, fresh_store_url(args.store, Path(tmp), "payroll") as url:
        app = open_store(url, create=True)
        populate(app, args.employees)
        for run in range(args.runs):
            started = time.perf_counter()
            for n in range(args.employees):
                app.find(employee_id(f"E{n}"))
                app.find(position_id("HQ", f"P{n}"))
                app.find(pr.profile_id(employee_id(f"E{n}")))
            raw.append(time.perf_counter() - started)
            started = time.perf_counter()
            app.handle(pr.ComputePayroll(period=f"2026-{run + 1:02d}", computed_on=date(2026, run + 1, 25)),
                       user="admin")
            compute.append(time.perf_counter() - started)
        app.close()
    raw_s, compute_s = statistics.median(raw), statistics.median(compute)
    print(json.dumps({
        "store": "postgresql" if args.store else "sqlite", "employees": args.employees, "runs": args.runs,
        "raw_load_seconds": round(raw_s, 3), "compute_run_seconds": round(compute_s, 3),
        "payslips_per_second": round(args.employees / compute_s, 1) if compute_s else 0.0,
        "compute_over_raw": round(compute_s / raw_s, 2) if raw_s else None,
    }))


if __name__ == "__main__":
    main()
