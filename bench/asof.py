"""Benchmark: one register as it stood at a position, against reading and decoding the history up to there.

    python bench/asof.py [--events N | --million] [--runs 3] [--store postgresql://...]

For each store size (10k and 100k events of demo history by default) and register (commission members:
the largest folded register; users: a small one; the event log), in a fresh process per run: the raw
baseline reads and decodes (msgspec, untyped) every event up to the middle position; then the register is
built as of that position, as `secretariat show --as-of` and the as-of screen do. Prints one JSON line per
size and register: positions per second, the baseline, their ratio, seconds and peak memory (medians).
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

REGISTERS = ("commission-members", "users", "event-log")


def raw_rate(url: str, upto: int) -> float:
    import msgspec

    from domain.application import open_store
    from projections.db import Database

    app = open_store(url)
    db = Database(app.store_config)
    conn = db.connect()
    decode = msgspec.json.Decoder().decode
    start = time.perf_counter()
    position = count = 0
    while position < upto:
        rows = db.execute(conn, f"SELECT {db.position}, state FROM {db.events_table} WHERE {db.position} > ? "
                          f"AND {db.position} <= ? ORDER BY {db.position} LIMIT 20000", (position, upto))
        for row in rows:
            decode(row[1])
        count += len(rows)
        position = rows[-1][0] if rows else upto
    elapsed = time.perf_counter() - start
    db.close(conn)
    app.close()
    return count / elapsed


def one_run(url: str, register_name: str, mode: str) -> dict[str, float]:
    from domain.application import open_store
    from projections.asof import as_of
    from projections.registers import register

    app = open_store(url)
    position = app.head() // 2
    if mode == "raw":
        rate = raw_rate(url, position)
        app.close()
        return {"rate": rate, "peak_rss_mb": peak_rss_mb()}
    r = register(register_name)
    start = time.perf_counter()
    db, conn = as_of(app, position, registers=[register_name])  # as `show --as-of` and the as-of screen ask
    rows = int(db.execute(conn, f"SELECT COUNT(*) FROM {r.table}")[0][0])
    seconds = time.perf_counter() - start
    app.close()
    return {"rate": position / seconds, "seconds": seconds, "rows": rows, "position": position,
            "peak_rss_mb": peak_rss_mb()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, help="one store size (default: 10k and 100k)")
    parser.add_argument("--million", action="store_true", help="also measure a 1M-event store")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--store", help="postgresql://... (a fresh schema per size); default SQLite")
    parser.add_argument("--demo-dir", help="keep SQLite demo stores here (demo-<events>-31.db), made if missing")
    parser.add_argument("--json", action="store_true", help="JSON lines (the only format)")
    parser.add_argument("--one-run", nargs=3, metavar=("URL", "REGISTER", "MODE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_run:
        emit(one_run(*args.one_run))
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for events in sizes(args.events, args.million):
            with fresh_store_url(args.store, folder, f"asof-{events}") as url:
                if args.store:
                    demo_into(url, events)
                else:
                    copy_store(demo_sqlite(Path(args.demo_dir or tmp), events), Path(url))
                for name in REGISTERS:
                    raws = [child(__file__, "--one-run", url, name, "raw") for _ in range(args.runs)]
                    runs = [child(__file__, "--one-run", url, name, "as-of") for _ in range(args.runs)]
                    raw, rate = median([r["rate"] for r in raws]), median([r["rate"] for r in runs])
                    emit({"bench": "as-of", "store": "postgresql" if args.store else "sqlite", "events": events,
                          "seed": SEED, "register": name, "position": runs[0]["position"], "rows": runs[0]["rows"],
                          "runs": args.runs, "raw_read_decode_events_per_second": round(raw),
                          "as_of_events_per_second": round(rate), "ratio_as_of_to_raw": round(rate / raw, 3),
                          "as_of_seconds": round(median([r["seconds"] for r in runs]), 3),
                          "peak_rss_mb": max(r["peak_rss_mb"] for r in runs)})


if __name__ == "__main__":
    main()
