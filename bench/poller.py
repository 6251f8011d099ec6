"""Benchmark: how long the UI takes to show a command another process recorded (its poller).

    python bench/poller.py [--commands 30] [--poll 1.0] [--store postgresql://...] [--json]

The real app runs headless (Textual's pilot) on a fresh store with the poll interval the app uses (1 s by
default); a second process records letters at random moments (0.2 to 1.2 s apart). For each letter: the time
from its command's return in the writer to the first time the app's register table is shown again with the
store's head at or past the letter's position (the poller caught up and the table re-read). The raw baseline,
measured in the same run: a bare thread polling `MAX(position)` at the same interval in the reader's process,
timed to the moment it first sees each position (what the interval alone costs). The app's own work is timed
too: from the poller's read of the head that first sees the letter to the table shown. Prints one JSON line:
p50/p99 in milliseconds of the app, of the baseline, and of the app's own work.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import emit, percentile
from bench.stores import fresh_store_url


def writer(url: str, count: int, seed: int) -> None:
    """Record `count` letters at random moments; one JSON line per letter: its position and when it returned."""
    from domain.application import open_store
    from domain.correspondence import ReceiveDocument

    app = open_store(url)
    rng = random.Random(seed)
    print(json.dumps({"ready": True}), flush=True)
    for n in range(count):
        time.sleep(rng.uniform(0.2, 1.2))  # a clerk's pace, not a wait for anything
        result = app.handle(ReceiveDocument(received_on=date(2026, 5, 1), sender=f"Poller sender {n}",
                                            subject="bench"), user="admin")
        print(json.dumps({"position": result.position, "at": time.time()}), flush=True)
    app.close()


def prepare(url: str) -> None:
    from domain.application import open_store
    from projections.runner import Registers

    app = open_store(url, create=True)
    app.bootstrap("admin")
    registers = Registers(app)
    registers.setup()
    registers.catch_up()
    registers.close()
    app.close()


async def reader(url: str, count: int, poll: float) -> dict[str, Any]:
    from domain.application import open_store
    from projections.db import Database
    from tui.app import SecretariatApp
    from tui.widgets.table import RegisterTable

    secretariat = open_store(url)
    shown: list[tuple[float, int]] = []  # (when, the head the app knew) at each table shown
    ui = SecretariatApp(secretariat, "admin", poll_seconds=poll)
    ticks: list[tuple[float, int]] = []  # (when, the head it read) at each of the poller's reads of the head
    read_head = secretariat.head

    def head() -> int:
        started = time.time()
        found = int(read_head())
        ticks.append((started, found))
        return found

    setattr(secretariat, "head", head)  # noqa: B010 (an instance's method replaced, for timing)

    def hook(message: Any) -> None:
        if isinstance(message, RegisterTable.Shown):
            shown.append((time.time(), ui._known_head))

    seen: dict[int, float] = {}  # the baseline: a bare poll of the head at the same interval
    stop = threading.Event()

    def bare_poll() -> None:
        db = Database(secretariat.store_config)
        conn = db.connect()
        known = db.head(conn)
        while not stop.wait(poll):
            head = db.head(conn)
            now = time.time()
            for position in range(known + 1, head + 1):
                seen[position] = now
            known = head
        db.close(conn)

    written: list[tuple[int, float]] = []
    async with ui.run_test(size=(100, 30), message_hook=hook) as pilot:
        await pilot.pause()
        baseline = threading.Thread(target=bare_poll, daemon=True)
        baseline.start()
        child = subprocess.Popen([sys.executable, __file__, "--writer", url, str(count)], stdout=subprocess.PIPE,
                                 text=True)
        assert child.stdout is not None
        loop = asyncio.get_running_loop()
        while True:
            line = await loop.run_in_executor(None, child.stdout.readline)
            if not line:
                break
            got = json.loads(line)
            if "position" in got:
                written.append((int(got["position"]), float(got["at"])))
        child.wait()
        deadline = time.monotonic() + 10 * poll + 10
        while time.monotonic() < deadline and not (written and any(h >= written[-1][0] for _, h in shown)
                                                   and written[-1][0] in seen):
            await pilot.pause(0.05)
        stop.set()
    secretariat.close()
    return latencies(written, shown, ticks, seen)


def latencies(written: list[tuple[int, float]], shown: list[tuple[float, int]], ticks: list[tuple[float, int]],
              seen: dict[int, float]) -> dict[str, Any]:
    """Per letter: the app's latency, the bare poll's, and the app's own work after the tick that saw it."""
    app_ms, raw_ms, work_ms = [], [], []
    for position, at in written:
        first = next((t for t, head in shown if head >= position and t >= at), None)
        if first is not None:
            app_ms.append((first - at) * 1000)
            tick = next((t for t, head in ticks if head >= position and t >= at), None)
            if tick is not None and tick <= first:
                work_ms.append((first - tick) * 1000)
        if position in seen:
            raw_ms.append(max(seen[position] - at, 0.0) * 1000)
    return {"app_ms": app_ms, "raw_ms": raw_ms, "work_ms": work_ms, "written": len(written)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--commands", type=int, default=30)
    parser.add_argument("--poll", type=float, default=1.0, help="the app's poll interval in seconds")
    parser.add_argument("--store", help="postgresql://... (a fresh schema); default a fresh SQLite file")
    parser.add_argument("--json", action="store_true", help="JSON lines (the only format)")
    parser.add_argument("--writer", nargs=2, metavar=("URL", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.writer:
        writer(args.writer[0], int(args.writer[1]), seed=31)
        return
    with tempfile.TemporaryDirectory() as tmp, fresh_store_url(args.store, Path(tmp), "poller") as url:
        prepare(url)
        got = asyncio.run(reader(url, args.commands, args.poll))
    app_ms, raw_ms = got["app_ms"], got["raw_ms"]
    result: dict[str, Any] = {"bench": "poller", "store": "postgresql" if args.store else "sqlite",
                              "commands": got["written"], "shown": len(app_ms), "poll_seconds": args.poll}
    if app_ms and raw_ms and got["work_ms"]:
        result.update({"p50_ms": round(percentile(app_ms, 50), 1), "p99_ms": round(percentile(app_ms, 99), 1),
                       "raw_poll_p50_ms": round(percentile(raw_ms, 50), 1),
                       "raw_poll_p99_ms": round(percentile(raw_ms, 99), 1),
                       "app_work_p50_ms": round(percentile(got["work_ms"], 50), 1),
                       "app_work_p99_ms": round(percentile(got["work_ms"], 99), 1)})
    emit(result)


if __name__ == "__main__":
    main()
