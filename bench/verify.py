"""Benchmark: chain verification against the bare loop it cannot beat, measured in the same run.

    python bench/verify.py --events 200000 --runs 3 [--store postgresql://...] --json
    python bench/verify.py --source /tmp/demos/demo-1000000-31.db   # an existing store, only read

The raw baseline reads every row (position, stream, version, topic, state, chain hash) on one cursor and
recomputes `chain.link` with sha256 per row, comparing with the stored hash: nothing else. `verify_chain`
does that plus the snapshot, gap, stray-row and fault reporting. Prints one JSON object with both rates
(events/s, medians over the runs) and their ratio. The store is filled once with users added in batches.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import peak_rss_mb
from bench.stores import fresh_store_url
from domain.access import AddUser
from domain.application import open_store
from domain.eventstore.chain import GENESIS, link
from domain.eventstore.integrity import verify_chain


def fill(app: Any, events: int) -> None:
    n = 0
    while app.head() < events:
        batch = [AddUser(user=f"u{n + i}", role="clerk") for i in range(min(2000, events - app.head()))]
        app.handle_many(batch, user="admin", command_id_prefix=f"fill-{n}")
        n += len(batch)


def raw_loop(app: Any) -> int:
    """Read every row on one cursor and re-link it: the floor verify is measured against."""
    config = app.store_config
    if config.kind == "sqlite":
        import sqlite3

        conn = sqlite3.connect(str(config.path))
        cursor = conn.execute("SELECT rowid, originator_id, originator_version, topic, state, chain_hash "
                              "FROM stored_events ORDER BY rowid")
        rows = iter(lambda: cursor.fetchmany(5000), [])
    else:
        import psycopg

        conn = psycopg.connect(config.conninfo)
        cur = conn.cursor(name="raw")
        cur.itersize = 5000
        cur.execute(f"SELECT notification_id, originator_id, originator_version, topic, state, chain_hash "
                    f"FROM {config.schema or 'public'}.secretariat_events ORDER BY notification_id")
        rows = iter(lambda: cur.fetchmany(5000), [])
    previous, count = GENESIS, 0
    for batch in rows:
        for position, stream, version, topic, state, stored in batch:
            previous = link(previous, position, stream, version, topic, state)
            if previous != stored:
                raise SystemExit(f"raw loop: mismatch at {position}")
            count += 1
    conn.close()
    return count


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--store", help="postgresql://... to measure PostgreSQL (default: a SQLite file)")
    parser.add_argument("--source", help="verify this existing store (only read) instead of a filled one")
    parser.add_argument("--json", action="store_true", help="JSON output (the default and only format)")
    args = parser.parse_args()
    raw_rates, verify_rates = [], []
    with tempfile.TemporaryDirectory() as tmp, fresh_store_url(args.store, Path(tmp), "verify") as url:
        if args.source:
            app = open_store(args.source)
        else:
            app = open_store(url, create=True)
            app.bootstrap("admin")
            fill(app, args.events)
        events = app.head()
        for _ in range(args.runs):
            start = time.perf_counter()
            assert raw_loop(app) == events
            raw_rates.append(events / (time.perf_counter() - start))
            start = time.perf_counter()
            report = verify_chain(app.recorder)
            verify_rates.append(events / (time.perf_counter() - start))
            assert report.ok and report.count == events, report.problem
        app.close()
    raw, verify = statistics.median(raw_rates), statistics.median(verify_rates)
    print(json.dumps({"store": "postgresql" if args.store else "sqlite", "events": events, "runs": args.runs,
                      "raw_read_link_events_per_second": round(raw), "verify_events_per_second": round(verify),
                      "ratio_verify_to_raw": round(verify / raw, 3), "peak_rss_mb": peak_rss_mb()}))


if __name__ == "__main__":
    main()
