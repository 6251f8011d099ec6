"""Benchmark: how fast the demo history is written through the real commands (Secretariat.handle_many).

    python bench/demo.py --events 100000 --runs 3 [--store postgresql://user@host/db] --json

Each run loads the demo into a fresh store (a new SQLite file; with --store, also a new PostgreSQL schema
that is created and dropped), in a fresh Python process as `secretariat demo` would, and times the
writing of the events; bringing the registers up to date
afterwards is timed apart. Prints one JSON object with the medians over the runs, per store: events,
seconds, events_per_second (writing), registers_seconds (catching the registers up).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stores import fresh_store_url  # noqa: E402
from domain.application import open_store  # noqa: E402
from domain.demo.base import DEFAULT_SEED, write_history
from projections.bulk import catch_up_registers  # noqa: E402


def one_run(url: str, events: int, seed: int) -> dict[str, float]:
    app = open_store(url, create=True)
    try:
        app.bootstrap("admin")
        start = time.perf_counter()
        written = write_history(app, "admin", events=events, seed=seed)
        seconds = time.perf_counter() - start
        start = time.perf_counter()
        catch_up_registers(app, "admin")
        registers_seconds = time.perf_counter() - start
    finally:
        app.close()
    return {"events": written, "seconds": seconds, "events_per_second": written / seconds,
            "registers_seconds": registers_seconds}


def measure(store: str, events: int, runs: int, seed: int, folder: Path) -> dict[str, float]:
    results = []
    for n in range(runs):
        with fresh_store_url(None if store == "sqlite" else store, folder, f"demo-{n}") as url:
            out = subprocess.run([sys.executable, __file__, "--one-run", url, "--events", str(events),
                                  "--seed", str(seed)], check=True, capture_output=True, text=True).stdout
            results.append(json.loads(out))
    return {key: round(statistics.median(r[key] for r in results), 3 if "seconds" in key else 1)
            for key in results[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=100_000, help="events to write per run (at least)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--store", help="postgresql://user@host:port/db: measure PostgreSQL too (fresh schemas)")
    parser.add_argument("--json", action="store_true", help="JSON output (the default and only format)")
    parser.add_argument("--one-run", metavar="URL", help=argparse.SUPPRESS)  # a child process: one run, JSON out
    args = parser.parse_args()
    if args.one_run:
        print(json.dumps(one_run(args.one_run, args.events, args.seed)))
        return
    if args.store and not args.store.startswith(("postgresql://", "postgres://")):
        parser.error("--store must be a postgresql:// URL (SQLite is always measured, on fresh files)")
    result: dict[str, object] = {"events": args.events, "runs": args.runs, "seed": args.seed}
    with tempfile.TemporaryDirectory() as tmp:
        result["sqlite"] = measure("sqlite", args.events, args.runs, args.seed, Path(tmp))
        if args.store:
            result["postgresql"] = measure(args.store.split("?", 1)[0], args.events, args.runs, args.seed, Path(tmp))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
