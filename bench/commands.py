"""Benchmark: the latency of one command as a clerk sees it (the command, then the registers caught up),
against a raw insert and commit on the same store in the same run.

    python bench/commands.py [--events N | --million] [--commands 200] [--runs 3] [--store postgresql://...]
                             [--source demo.db --events N] [--demo-dir DIR]

For each store size (10k and 100k events of demo history by default) and each case, in a fresh process:
`new-records` registers incoming letters (new records; the series counter they are numbered from grows);
`long-stream` appoints members to the commission with the longest history (stream_events_before events;
its stream grows by one event each time). Each command is timed from `handle` to the end of `catch_up`.
The raw baseline is an insert of one row and its commit into a scratch table of the same database,
synchronous like the recorder's. Prints one JSON line per store size and case: p50 and p99 in
milliseconds (medians over the runs).

On PostgreSQL the demo history is written once per size into a fresh schema and every run and case works on
it (each run adds its commands' few hundred events to the history); on SQLite each run works on a copy of
a demo store kept in `--demo-dir` (made there if missing) or a temporary folder.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import (
    SEED,
    child,
    copy_store,
    demo_into,
    demo_sqlite,
    emit,
    median,
    peak_rss_mb,
    percentile,
    sizes,
)
from bench.stores import fresh_store_url

CASES = ("new-records", "long-stream")


def raw_commits(url: str, count: int) -> list[float]:
    """Milliseconds of INSERT + COMMIT of one small row, `count` times, on the store's database."""
    from domain.application import open_store
    from projections.db import Database

    app = open_store(url)
    db = Database(app.store_config)
    conn = db.connect()
    if db.kind == "sqlite":
        conn.execute("PRAGMA synchronous = FULL")
    db.execute(conn, "CREATE TABLE IF NOT EXISTS bench_raw (n BIGINT, note TEXT)")
    times = []
    for n in range(count):
        start = time.perf_counter()
        with db.write(conn):
            db.execute(conn, "INSERT INTO bench_raw VALUES (?, ?)", (n, "x" * 200))
        times.append((time.perf_counter() - start) * 1000)
    db.execute(conn, "DROP TABLE bench_raw")
    db.close(conn)
    app.close()
    return times


def commands(url: str, case: str, count: int) -> tuple[list[float], int]:
    """Milliseconds of each command including the registers' catch-up; and the length of the stream."""
    from domain.application import open_store
    from domain.correspondence import ReceiveDocument
    from domain.organisation import AppointMember
    from projections.runner import Registers

    app = open_store(url)
    registers = Registers(app)
    registers.setup()
    registers.catch_up()
    stream = 0
    if case == "long-stream":
        election, constituency, precinct, stream = registers.db.execute(
            registers.conn, "SELECT c.election_code, c.constituency, c.precinct, l.n FROM commissions c JOIN "
            "(SELECT stream, COUNT(*) AS n FROM event_log WHERE aggregate = 'Commission' GROUP BY stream) l "
            "ON l.stream = c.id WHERE c.active = 1 ORDER BY l.n DESC LIMIT 1")[0]
    user = registers.db.execute(registers.conn, "SELECT name FROM users WHERE roles LIKE ? AND active = 1 "
                                "ORDER BY name = 'admin' DESC, name LIMIT 1", ("%administrator%",))[0][0]
    times = []
    token = uuid.uuid4().hex[:6]  # runs may share a store (PostgreSQL): members new to the commission each run
    for n in range(count):
        command = (ReceiveDocument(received_on=date.today(), sender=f"Bench sender {n}", subject="bench")
                   if case == "new-records" else
                   AppointMember(election=election, constituency=constituency, precinct=precinct,
                                 member=f"Bench Member {token} {n:05d}", nominated_by="bench"))
        start = time.perf_counter()
        app.handle(command, user=user)
        registers.catch_up()
        times.append((time.perf_counter() - start) * 1000)
    registers.close()
    app.close()
    return times, int(stream)


def one_run(url: str, case: str, count: int) -> dict[str, float]:
    raw = raw_commits(url, count)
    times, stream = commands(url, case, count)
    return {"p50": percentile(times, 50), "p99": percentile(times, 99), "raw_p50": percentile(raw, 50),
            "raw_p99": percentile(raw, 99), "stream_events": stream, "peak_rss_mb": peak_rss_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, help="one store size (default: 10k and 100k)")
    parser.add_argument("--million", action="store_true", help="also measure a 1M-event store")
    parser.add_argument("--commands", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--store", help="postgresql://... (a fresh schema per size); default SQLite")
    parser.add_argument("--source", type=Path, help="a SQLite demo store to copy for each run instead of making one "
                        "(e.g. one made once with `demo --events 1000000 --seed 31`); --events names its size")
    parser.add_argument("--demo-dir", type=Path, help="SQLite: keep the demo stores here between runs")
    parser.add_argument("--json", action="store_true", help="JSON lines (the only format)")
    parser.add_argument("--one-run", nargs=3, metavar=("URL", "CASE", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_run:
        url, case, count = args.one_run
        emit(one_run(url, case, int(count)))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for events in sizes(args.events, args.million):
            with ExitStack() as stack:
                shared = None
                if args.store:  # one demo history per size, shared by the runs (writing it is the slow part)
                    shared = stack.enter_context(fresh_store_url(args.store, folder, f"commands-{events}"))
                    demo_into(shared, events)
                for case in CASES:
                    results = []
                    for run in range(args.runs):
                        if shared:
                            results.append(child(__file__, "--one-run", shared, case, str(args.commands)))
                            continue
                        with fresh_store_url(None, folder, f"commands-{events}-{run}") as url:
                            copy_store(args.source or demo_sqlite(args.demo_dir or folder, events), Path(url))
                            results.append(child(__file__, "--one-run", url, case, str(args.commands)))
                    p50, raw = median([r["p50"] for r in results]), median([r["raw_p50"] for r in results])
                    emit({"bench": "commands", "store": "postgresql" if args.store else "sqlite", "events": events,
                          "seed": SEED, "case": case, "commands": args.commands, "runs": args.runs,
                          "p50_ms": round(p50, 2), "p99_ms": round(median([r["p99"] for r in results]), 2),
                          "raw_commit_p50_ms": round(raw, 3),
                          "raw_commit_p99_ms": round(median([r["raw_p99"] for r in results]), 3),
                          "ratio_p50_to_raw": round(p50 / raw, 1),
                          "stream_events_before": results[0]["stream_events"],
                          "peak_rss_mb": max(r["peak_rss_mb"] for r in results)})

if __name__ == "__main__":
    main()
