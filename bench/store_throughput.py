"""Benchmark: commands recorded per second through the application, and chain verification speed.

    python bench/store_throughput.py --commands 2000 --runs 3 [--store URL] --json

Prints one JSON object: medians over the runs of commands/s, events/s and verified rows/s.
A fresh SQLite file is used per run unless --store names a PostgreSQL database (then a fresh schema).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stores import fresh_store_url
from domain.access import AddUser, GrantRole
from domain.application import open_store
from domain.eventstore.integrity import verify_chain


def one_run(url: str, commands: int) -> dict[str, float]:
    app = open_store(url, create=True)
    app.bootstrap("admin")
    start = time.perf_counter()
    for n in range(commands // 2):
        app.handle(AddUser(user=f"user{n}", role="clerk"), user="admin")
        app.handle(GrantRole(user=f"user{n}", role="head"), user="admin")
    elapsed = time.perf_counter() - start
    events = app.head()
    start = time.perf_counter()
    report = verify_chain(app.recorder)
    verify_elapsed = time.perf_counter() - start
    assert report.ok
    app.close()
    return {"commands_per_second": commands / elapsed, "events_per_second": (events - 2) / elapsed,
            "verified_rows_per_second": report.count / verify_elapsed}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--commands", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--store", help="postgresql://... to measure PostgreSQL (default: SQLite files)")
    parser.add_argument("--json", action="store_true", help="JSON output (the default and only format)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        runs = []
        for n in range(args.runs):
            with fresh_store_url(args.store, Path(tmp), f"bench-{n}") as url:
                runs.append(one_run(url, args.commands))
    result = {"store": "postgresql" if args.store else "sqlite", "commands": args.commands, "runs": args.runs}
    for key in runs[0]:
        result[key] = round(statistics.median(r[key] for r in runs), 1)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
