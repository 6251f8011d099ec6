"""Benchmark: rebuilding every register, against the raw rate of reading and decoding the same event rows.

    python bench/rebuild.py [--events N | --million] [--runs 3] [--store postgresql://...]

For each size (10k and 100k events by default; 1M with --million; one size with --events) a demo store is
written once; then, per run, in a fresh process each (so peak memory is the run's own; the rebuild's CPU
seconds are printed too, steadier than its wall time on a shared machine): the raw baseline
reads every event row and decodes its state with msgspec, untyped, and nothing else (SQLite: pages by
position; PostgreSQL: a server-side cursor); then every register is rebuilt. Each stored event counts
once, however many registers fold it. Prints one JSON line per size: medians over the runs.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import SEED, child, copy_store, demo_into, demo_sqlite, emit, median, peak_rss_mb, sizes
from bench.stores import fresh_store_url


def raw_rate(url: str) -> float:
    """Events per second read and msgspec-decoded, untyped: the floor of any rebuild."""
    import msgspec

    from domain.application import open_store
    from projections.db import Database

    app = open_store(url)
    db = Database(app.store_config)
    conn, reader = db.connect(), db.connect()
    head = db.head(conn)
    decode = msgspec.json.Decoder().decode
    start = time.perf_counter()
    count = 0
    if db.kind == "sqlite":
        position = 0
        while position < head:
            rows = conn.execute("SELECT rowid, state FROM stored_events WHERE rowid > ? ORDER BY rowid LIMIT 20000",
                                (position,)).fetchall()
            for row in rows:
                decode(row[1])
            count += len(rows)
            position = rows[-1][0]
    else:
        with reader.transaction(), reader.cursor(name="raw") as cur:
            cur.itersize = 20_000
            cur.execute(f"SELECT notification_id, state FROM {db.events_table} ORDER BY notification_id")
            for row in cur:
                decode(row[1])
                count += 1
    elapsed = time.perf_counter() - start
    db.close(conn)
    db.close(reader)
    app.close()
    return count / elapsed


def one_run(url: str, mode: str) -> dict[str, float]:
    from domain.application import open_store
    from projections.runner import Registers

    if mode == "raw":
        return {"rate": raw_rate(url), "peak_rss_mb": peak_rss_mb()}
    app = open_store(url)
    head = app.head()
    registers = Registers(app)
    registers.setup()
    start, cpu = time.perf_counter(), time.process_time()
    summaries = registers.rebuild()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    registers.close()
    app.close()
    return {"rate": head / seconds, "seconds": seconds, "cpu_seconds": cpu, "rows": sum(s.rows for s in summaries),
            "peak_rss_mb": peak_rss_mb()}


def measure(events: int, runs: int, store: str | None, folder: Path, demos: Path,
            source: str | None = None) -> dict[str, object]:
    with fresh_store_url(None if source else store, folder, f"rebuild-{events}") as url:
        if source:
            url = source
        elif store:
            demo_into(url, events)
        else:
            copy_store(demo_sqlite(demos, events), Path(url))
        raws, rebuilds, head = runs_on(url, runs)
    return summary("postgresql" if (source or store or "").startswith("postgresql") else "sqlite", head, runs,
                   raws, rebuilds)


def runs_on(url: str, runs: int) -> tuple[list[dict[str, float]], list[dict[str, float]], int]:
    """`runs` raw baselines and rebuilds of the store at `url`, alternating, each in a fresh process."""
    from domain.application import open_store

    app = open_store(url)
    head = app.head()
    app.close()
    raws, rebuilds = [], []
    for _ in range(runs):
        raws.append(child(__file__, "--one-run", url, "raw"))
        rebuilds.append(child(__file__, "--one-run", url, "rebuild"))
    return raws, rebuilds, head


def summary(kind: str, head: int, runs: int, raws: list[dict[str, float]], rebuilds: list[dict[str, float]]
            ) -> dict[str, object]:
    raw, rate = median([r["rate"] for r in raws]), median([r["rate"] for r in rebuilds])
    return {"bench": "rebuild", "store": kind, "events": head, "runs": runs,
            "seed": SEED, "raw_read_decode_events_per_second": round(raw), "rebuild_events_per_second": round(rate),
            "ratio_rebuild_to_raw": round(rate / raw, 3),
            "rebuild_seconds": round(median([r["seconds"] for r in rebuilds]), 3),
            # this process's CPU time: on a shared machine it moves far less than the wall time does
            "rebuild_cpu_seconds": round(median([r["cpu_seconds"] for r in rebuilds]), 3),
            "rebuild_rows": int(rebuilds[0]["rows"]),
            "rebuild_peak_rss_mb": max(r["peak_rss_mb"] for r in rebuilds),
            "raw_peak_rss_mb": max(r["peak_rss_mb"] for r in raws)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, help="one store size (default: 10k and 100k)")
    parser.add_argument("--million", action="store_true", help="also measure a 1M-event store (minutes)")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--store", help="postgresql://... (a fresh schema per size, dropped after); default SQLite")
    parser.add_argument("--source", help="rebuild this existing store in place (e.g. a PostgreSQL schema kept "
                        "between runs) instead of a fresh demo store")
    parser.add_argument("--demo-dir", help="keep SQLite demo stores here (demo-<events>-31.db), made if missing")
    parser.add_argument("--json", action="store_true", help="JSON lines (the only format)")
    parser.add_argument("--one-run", nargs=2, metavar=("URL", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_run:
        emit(one_run(*args.one_run))
        return
    with tempfile.TemporaryDirectory() as tmp:
        if args.source:
            emit(measure(0, args.runs, None, Path(tmp), Path(tmp), args.source))
            return
        for events in sizes(args.events, args.million):
            emit(measure(events, args.runs, args.store, Path(tmp), Path(args.demo_dir or tmp)))


if __name__ == "__main__":
    main()
