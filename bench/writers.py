"""Benchmark: several clerks' processes registering letters at once on one store.

    python bench/writers.py [--writers 4] [--commands 1000] [--events 10000] [--store postgresql://...]

A demo store of `--events` events is written first; then `--writers` processes each register `--commands`
incoming letters (all numbered in the same series, so they contend for it), each followed by the
registers' catch-up, as the UI does. A command refused as a conflict is retried, as a clerk would save
again. Prints one JSON line: commands per second over all writers, p50/p99 latency in milliseconds
(including retries; and of the command alone and of its catch-up alone), the tries the application ran
again by itself (a lost race for the series' number), conflicts retried, and false refusals (any other
refusal: there should be none),
and whether the series came out gap-free; the raw baseline is one process's INSERT + COMMIT of one row on the
same store, measured after the writers in the same run.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import child, copy_store, demo_into, demo_sqlite, emit, percentile
from bench.stores import fresh_store_url


def one_writer(url: str, count: int, name: str, start_at: float) -> dict[str, object]:
    from domain.application import open_store
    from domain.correspondence import ReceiveDocument
    from domain.errors import Conflict, SecretariatError
    from projections.runner import Registers

    app = open_store(url)
    registers = Registers(app)
    registers.catch_up()
    while time.time() < start_at:  # all writers start together
        time.sleep(0.005)
    times, commands, catch_ups, conflicts, refusals = [], [], [], 0, []
    began = time.perf_counter()
    for n in range(count):
        command = ReceiveDocument(received_on=date.today(), sender=f"{name} sender {n}", subject="bench")
        start = time.perf_counter()
        while True:
            try:
                app.handle(command, user="admin")
                break
            except Conflict:
                conflicts += 1
            except SecretariatError as e:
                refusals.append(str(e))
                break
        handled = time.perf_counter()
        registers.catch_up()
        done = time.perf_counter()
        times.append((done - start) * 1000)
        commands.append((handled - start) * 1000)
        catch_ups.append((done - handled) * 1000)
    seconds = time.perf_counter() - began
    registers.close()
    app.close()
    return {"times": times, "commands": commands, "catch_ups": catch_ups, "tries_again": app.tries_again,
            "conflicts": conflicts, "refusals": refusals[:3], "refused": len(refusals), "seconds": seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--commands", type=int, default=1000, help="per writer")
    parser.add_argument("--events", type=int, default=10_000, help="demo history written first")
    parser.add_argument("--store", help="postgresql://... (a fresh schema, dropped after); default SQLite")
    parser.add_argument("--json", action="store_true", help="JSON (the only format)")
    parser.add_argument("--one-writer", nargs=4, metavar=("URL", "N", "NAME", "START"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one_writer:
        url, count, name, start_at = args.one_writer
        emit(one_writer(url, int(count), name, float(start_at)))
        return
    import json

    with tempfile.TemporaryDirectory() as tmp, fresh_store_url(args.store, Path(tmp), "writers") as url:
        if args.store:
            demo_into(url, args.events)
        else:
            copy_store(demo_sqlite(Path(tmp), args.events), Path(url))
        child(__file__, "--one-writer", url, "0", "warm-up", "0")  # registers set up and caught up once
        start_at = time.time() + 2.0
        procs = [subprocess.Popen([sys.executable, __file__, "--one-writer", url, str(args.commands), f"w{w}",
                                   str(start_at)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                 for w in range(args.writers)]
        outs = []
        for p in procs:
            out, err = p.communicate()
            if p.returncode != 0:
                raise SystemExit(f"writer failed: {err.strip()[-2000:]}")
            outs.append(json.loads(out.strip().splitlines()[-1]))
        from bench.commands import raw_commits
        from domain.application import open_store
        from projections.runner import Registers

        raw = raw_commits(url, 200)  # the baseline: one process's INSERT + COMMIT of one row, same store, same run
        app = open_store(url)
        registers = Registers(app)
        registers.catch_up()
        numbers = [r[0] for r in registers.db.execute(
            registers.conn, "SELECT number FROM correspondence WHERE correspondent LIKE 'w%% sender %%'"
            if registers.db.kind == "postgresql" else
            "SELECT number FROM correspondence WHERE correspondent LIKE 'w% sender %'")]
        registers.close()
        app.close()
    times = [t for o in outs for t in o["times"]]
    commands = [t for o in outs for t in o["commands"]]
    catch_ups = [t for o in outs for t in o["catch_ups"]]
    wall = max(o["seconds"] for o in outs)
    emit({"bench": "writers", "store": "postgresql" if args.store else "sqlite", "events": args.events,
          "writers": args.writers, "commands_per_writer": args.commands,
          "commands_per_second": round(len(times) / wall, 1), "p50_ms": round(percentile(times, 50), 2),
          "p99_ms": round(percentile(times, 99), 2),
          "command_p50_ms": round(percentile(commands, 50), 2), "command_p99_ms": round(percentile(commands, 99), 2),
          "catch_up_p50_ms": round(percentile(catch_ups, 50), 2),
          "catch_up_p99_ms": round(percentile(catch_ups, 99), 2),
          "tries_again": sum(o["tries_again"] for o in outs), "conflicts_retried": sum(o["conflicts"] for o in outs),
          "false_refusals": sum(o["refused"] for o in outs),
          "refusal_examples": [r for o in outs for r in o["refusals"]][:3],
          "registered": len(numbers), "numbers_unique": len(set(numbers)) == len(numbers),
          "raw_commit_p50_ms": round(percentile(raw, 50), 3),
          "raw_commits_per_second": round(1000 / max(percentile(raw, 50), 1e-6), 1)})


if __name__ == "__main__":
    main()
