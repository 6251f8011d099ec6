"""Benchmark: how fast the demo history is written through the real commands (Secretariat.handle_many).

    python bench/demo.py [--events N | --million] [--runs 3] [--store postgresql://user@host/db]

Each run loads the demo into a fresh store (a new SQLite file; with --store, also a new PostgreSQL schema
that is created and dropped), in a fresh Python process as `secretariat demo` would, and times the
writing of the events; bringing the registers up to date afterwards is timed apart. The raw baseline is an
executemany of the rows it stored into an empty table of the same shape (the envelope's columns and their
indexes included), in the same run. Prints one JSON line per size and store with the medians over the runs:
events, seconds, events_per_second (writing), cpu_seconds (the writing's), registers_seconds (catching the
registers up), peak memory of the writing, the raw rows per second and the ratio.
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

from bench.common import SEED, emit, peak_rss_mb, sizes
from bench.stores import fresh_store_url
from domain.application import open_store
from domain.demo.base import write_history
from domain.eventstore import envelopes
from projections.bulk import catch_up_registers


def raw_rate(url: str) -> float:
    """Rows per second of executemany of the very rows the demo stored (with their chain hashes) into an
    empty table of the same shape and key, in transactions of 20,000 rows: storage alone, no Python rules."""
    from projections.db import Database

    app = open_store(url)
    db = Database(app.store_config)
    conn = db.connect()
    envelope = ", ".join(envelopes.COLUMNS)  # written by the recorders too, with their indexes
    cols = f"{db.position}, originator_id, originator_version, topic, state, chain_hash, {envelope}"
    rows = db.execute(conn, f"SELECT {cols} FROM {db.events_table} ORDER BY {db.position}")
    db.execute(conn, "DROP TABLE IF EXISTS bench_raw_events")
    kind = "TEXT" if db.kind == "sqlite" else "UUID"
    blob = "BLOB" if db.kind == "sqlite" else "BYTEA"
    db.execute(conn, f"CREATE TABLE bench_raw_events (position BIGINT, originator_id {kind}, originator_version "
               f"BIGINT, topic TEXT, state {blob}, chain_hash {blob}, "
               f"{', '.join(f'{c} TEXT' for c in envelopes.COLUMNS)}, PRIMARY KEY (originator_id, originator_version))")
    for columns in envelopes.INDEXED:
        db.execute(conn, f"CREATE INDEX {envelopes.index_name('bench_raw_events', columns)} ON bench_raw_events "
                   f"({', '.join(columns)}{', position' if db.kind != 'sqlite' else ''})")
    marks = ", ".join("?" * (6 + len(envelopes.COLUMNS)))
    start = time.perf_counter()
    for i in range(0, len(rows), 20_000):
        with db.write(conn):
            db.executemany(conn, db.sql(f"INSERT INTO bench_raw_events VALUES ({marks})"), rows[i:i + 20_000])
    seconds = time.perf_counter() - start
    db.execute(conn, "DROP TABLE bench_raw_events")
    db.close(conn)
    app.close()
    return len(rows) / seconds


def one_run(url: str, events: int, seed: int) -> dict[str, float]:
    app = open_store(url, create=True)
    try:
        app.bootstrap("admin")
        start, cpu = time.perf_counter(), time.process_time()
        written = write_history(app, "admin", events=events, seed=seed)
        seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
        rss = peak_rss_mb()
        start = time.perf_counter()
        catch_up_registers(app, "admin")
        registers_seconds = time.perf_counter() - start
    finally:
        app.close()
    return {"events": written, "seconds": seconds, "events_per_second": written / seconds,
            "cpu_seconds": cpu,  # the writing's CPU time (this process's threads): steadier on a shared machine
            "registers_seconds": registers_seconds, "peak_rss_mb": rss,
            "raw_executemany_rows_per_second": raw_rate(url)}


def measure(store: str, events: int, runs: int, seed: int, folder: Path) -> dict[str, float]:
    results = []
    for n in range(runs):
        with fresh_store_url(None if store == "sqlite" else store, folder, f"demo-{events}-{n}") as url:
            done = subprocess.run([sys.executable, __file__, "--one-run", url, "--events", str(events),
                                   "--seed", str(seed)], capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(f"demo run failed: {done.stderr.strip()[-3000:]}")
            out = done.stdout
            results.append(json.loads(out))
    out: dict[str, float] = {key: round(statistics.median(r[key] for r in results), 3 if "seconds" in key else 1)
                             for key in results[0]}
    out["ratio_to_raw"] = round(out["events_per_second"] / out["raw_executemany_rows_per_second"], 3)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, help="events to write per run (default: 10k and 100k)")
    parser.add_argument("--million", action="store_true", help="also measure 1M events (minutes)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--store", help="postgresql://user@host:port/db: measure PostgreSQL too (fresh schemas)")
    parser.add_argument("--json", action="store_true", help="JSON output (the default and only format)")
    parser.add_argument("--one-run", metavar="URL", help=argparse.SUPPRESS)  # a child process: one run, JSON out
    args = parser.parse_args()
    if args.one_run:
        print(json.dumps(one_run(args.one_run, args.events, args.seed)))
        return
    if args.store and not args.store.startswith(("postgresql://", "postgres://")):
        parser.error("--store must be a postgresql:// URL (SQLite is always measured, on fresh files)")
    with tempfile.TemporaryDirectory() as tmp:
        for events in sizes(args.events, args.million):
            for store in ["sqlite", *([args.store.split("?", 1)[0]] if args.store else [])]:
                measured = measure(store, events, args.runs, args.seed, Path(tmp))
                emit({"bench": "demo", "store": "sqlite" if store == "sqlite" else "postgresql",
                      "target_events": events, "runs": args.runs, "seed": args.seed, **measured})

if __name__ == "__main__":
    main()
