"""Benchmark: register rebuild throughput against the raw rate of reading and msgspec-decoding the same rows.

    python bench/rebuild.py --events 100000 --runs 3 [--store postgresql://...] --json

Builds a store of N events (units, staff-table positions, users and role grants, saved many aggregates
per transaction), then, per run: reads and decodes every event row without any projection (raw), and
rebuilds all registers (read, decode, fold, bulk-write shadow tables, swap). Prints medians and the ratio.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stores import fresh_store_url  # noqa: E402
from domain.access import User  # noqa: E402
from domain.application import (
    Secretariat,  # noqa: E402
    open_store,  # noqa: E402
)
from domain.organisation import Position, Unit  # noqa: E402
from projections.db import Database  # noqa: E402
from projections.engine import decode  # noqa: E402
from projections.runner import READ_PAGE, Registers  # noqa: E402


def populate(app: Secretariat, events: int) -> None:
    app.bootstrap("admin")
    env = app._envelope(uuid.uuid4(), "admin", "administrator", None, "", "bench", "bench", None, None)
    hq = Unit.establish("HQ", "Secretariat", "office", None, env)
    batch: list[object] = [hq]
    for p in range(34):
        batch.append(Unit.establish(f"P{p:02d}", f"Province {p:02d}", "provincial", None, env))
    app.save(*batch)
    made, n = app.head(), 0
    while made < events:
        batch = []
        for _ in range(250):
            n += 1
            user = User.add(f"u{n:07d}", "clerk", "HQ", f"User {n}", env)
            user.grant("head", env)
            position = Position.establish(hq, f"S{n:07d}", "Specialist", "B", env)
            batch += [user, position]
        batch.append(hq)
        app.save(*batch)
        made = app.head()


def raw_rate(app: Secretariat) -> float:
    db = Database(app.store_config)
    conn = db.connect()
    head = db.head(conn)
    start = time.perf_counter()
    position = count = 0
    while position < head:
        rows = db.event_rows(conn, position, head, READ_PAGE)
        for row in rows:
            decode(row)
        count += len(rows)
        position = rows[-1][0]
    elapsed = time.perf_counter() - start
    db.close(conn)
    return count / elapsed


def rebuild_rate(app: Secretariat) -> tuple[float, int, int, float]:
    registers = Registers(app)
    registers.setup()
    start = time.perf_counter()
    summaries = registers.rebuild()
    elapsed = time.perf_counter() - start
    registers.close()
    events = sum(s.events for s in summaries)
    return events / elapsed, events, sum(s.rows for s in summaries), elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--store", help="postgresql://... (a fresh schema is made and dropped); default SQLite")
    parser.add_argument("--json", action="store_true", help="JSON output (the only format)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, fresh_store_url(args.store, Path(tmp), "bench") as url:
        app = open_store(url, create=True)
        started = time.perf_counter()
        populate(app, args.events)
        populate_seconds = time.perf_counter() - started
        total = app.head()
        raws, rebuilds = [], []
        for _ in range(args.runs):
            raws.append(raw_rate(app))
            rebuilds.append(rebuild_rate(app))
        app.close()
    raw = statistics.median(raws)
    rebuild = statistics.median(r[0] for r in rebuilds)
    print(json.dumps({
        "store": "postgresql" if args.store else "sqlite", "events": total,
        "runs": args.runs, "populate_events_per_second": round(total / populate_seconds, 1),
        "raw_read_decode_events_per_second": round(raw, 1), "rebuild_events_per_second": round(rebuild, 1),
        "rebuild_seconds": round(statistics.median(r[3] for r in rebuilds), 3),
        "rebuild_events_folded": rebuilds[0][1], "rebuild_rows": rebuilds[0][2],
        "ratio_rebuild_to_raw": round(rebuild / raw, 3),
    }))


if __name__ == "__main__":
    main()
