"""Benchmark: how fast a register view answers on a register of N rows (default 1,000,000).

    python bench/register_view.py --rows 1000000 --runs 7 --json [--register event-log]

Fills the commission-members register of a fresh SQLite store (rows written straight into the register's
table: what is measured is reading, not writing), then times what the UI's RegisterTable does for
each user action — first page (count + first page), jump to a random page, sort on a column, and each
keystroke of a filter — as medians over the runs, in milliseconds.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from domain.application import open_store
from domain.eventstore import envelopes
from domain.folding import fold
from projections.audit_log import RECORDS, TOPICS
from projections.db import Database
from projections.engine import Table
from projections.organisation import MEMBERS
from projections.paging import RegisterQuery
from projections.registers import register
from projections.runner import Registers

NAMES = ["Ahmadi", "Karimi", "Nazari", "Rahimi", "Haidari", "Sultani", "Wardak", "Popal", "Durrani", "Safi",
         "Noori", "Amiri", "Hashimi", "Qaderi", "Samadi", "Yousufi"]
PAGE = 100


def _insert(table: Table) -> str:
    columns = table.stored_columns
    return f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"


def fill(db: Database, conn: object, rows: int, seed: int = 7) -> None:
    rnd = random.Random(seed)
    batch = []
    with db.write(conn):
        for i in range(rows):
            commission = i // 9
            batch.append(MEMBERS.stored_row({  # with the search form, as the projection writes it
                "commission_id": f"{commission:032x}", "member": f"{rnd.choice(NAMES)} {rnd.choice(NAMES)} {i:07d}",
                "commission_label": f"PE26/{commission % 400:03d}-{commission:06d}",
                "role": rnd.choice(["chair", "member", "secretary"]),
                "nominated_by": rnd.choice(["party A", "party B", "independent"])}))
            if len(batch) == 50_000:
                db.executemany(conn, _insert(MEMBERS), batch)
                batch = []
        db.executemany(conn, _insert(MEMBERS), batch)


def fill_log(db: Database, conn: object, rows: int, seed: int = 7) -> None:
    """A million-event log: many actors and offices, a few dozen event types over a year. The log is a view of
    the event rows: they are written straight into the event table (their chain is not this bench's) with their
    envelope columns, beside the topics and record numbers the event-log projection keeps."""
    rnd = random.Random(seed)
    types = [f"{a}.{b}" for a in ("Unit", "User", "Commission", "Position", "Letter", "Appeal")
             for b in ("Established", "Renamed", "Added", "Dissolved", "Appointed")]
    first = db.head(conn) + 1
    events = (f"INSERT INTO {db.events_table} ({db.position}, originator_id, originator_version, topic, state, "
              f"chain_hash, {', '.join(envelopes.COLUMNS)}) VALUES ({', '.join('?' * (6 + len(envelopes.COLUMNS)))})")
    with db.write(conn):
        db.executemany(conn, _insert(TOPICS), [(f"domain.organisation:{kind}", kind, "organisation",
                                                *kind.split("."), 0) for kind in types])
        batch, records = [], []
        for i in range(first, first + rows):
            day = 1 + i * 364 // rows
            kind = rnd.choice(types)
            stream, label = f"{rnd.getrandbits(128):032x}", f"APL-2026-{i:05d}"
            batch.append((i, stream, 1, f"domain.organisation:{kind}", b"{}", b"",
                          f"2026-{1 + (day - 1) // 31 % 12:02d}-{1 + (day - 1) % 28:02d}T10:00:00+00:00",
                          f"clerk{rnd.randrange(200)}", "clerk", f"P{rnd.randrange(34):02d}", "", "x", f"c{i}"))
            records.append((stream, label, fold(label), i, 1))
            if len(batch) == 50_000:
                db.executemany(conn, events, batch)
                db.executemany(conn, _insert(RECORDS), records)
                batch, records = [], []
        db.executemany(conn, events, batch)
        db.executemany(conn, _insert(RECORDS), records)


def timed(action: Callable[[], object], runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return round(statistics.median(samples), 2)


class Heartbeat:
    """The longest gap between ticks of a 5 ms timer on the app: how long its event loop was kept busy."""

    def __init__(self, app: object) -> None:
        self.last = time.perf_counter()
        self.longest = 0.0
        app.set_interval(0.005, self.tick)  # type: ignore[attr-defined]

    def tick(self) -> None:
        now = time.perf_counter()
        self.longest = max(self.longest, now - self.last)
        self.last = now

    def reset(self) -> None:
        self.last, self.longest = time.perf_counter(), 0.0


async def pilot_figures(secretariat: object, name: str, runs: int) -> dict[str, object]:
    """Each user action through the real app, in milliseconds of app time (medians over the runs)."""
    from tui.app import SecretariatApp
    from tui.widgets.table import RegisterTable

    ui = SecretariatApp(secretariat, "admin", poll_seconds=3600)
    out: dict[str, list[float]] = {}

    async def settled(pilot: Any, seconds: float) -> None:
        """Until the table shows the rows last asked for (they are read in a worker), bounded; at least one turn of
        the loop, as the harness's own key gets, so an action done on the loop itself is timed like one that is not."""
        await pilot.pause()
        started = time.monotonic()
        while getattr(ui.query_one(RegisterTable), "reading", False) and time.monotonic() - started < seconds:
            await pilot.pause(0.001)

    async with ui.run_test(size=(100, 30)) as pilot:
        beat = Heartbeat(ui)
        await settled(pilot, 120)

        async def timed(label: str, act: Callable[[], object]) -> None:
            beat.reset()
            start = time.perf_counter()
            done = act()
            if done is not None:
                await done  # type: ignore[misc]
            await settled(pilot, 120)
            out.setdefault(label, []).append((time.perf_counter() - start) * 1000)
            out.setdefault(f"{label} longest_wait", []).append(beat.longest * 1000)

        for _ in range(runs):
            await timed("unbound key (harness)", lambda: pilot.press("f12"))
            await timed("open register", lambda: ui.show_register(name))
            await timed("End", lambda: pilot.press("end"))
            await timed("Home", lambda: pilot.press("home"))
            await timed("sort", lambda: pilot.press("s"))
            await timed("filter typed", lambda: pilot.press("slash", *"karimi 0"))
            await pilot.press("escape")
            await settled(pilot, 120)
    harness = statistics.median(out.pop("unbound key (harness)"))
    out.pop("unbound key (harness) longest_wait")
    figures: dict[str, object] = {"harness_key_ms": round(harness, 2)}
    for label, samples in out.items():
        median = statistics.median(samples)
        figures[label] = round(median if label.endswith("longest_wait") else max(median - harness, 0.0), 2)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--register", choices=["commission-members", "event-log"], default="commission-members")
    parser.add_argument("--json", action="store_true", help="JSON output (the only format)")
    parser.add_argument("--pilot", action="store_true", help="also time the real app through Textual's pilot")
    args = parser.parse_args()
    rnd = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        app = open_store(str(Path(tmp) / "bench.db"), create=True)
        app.bootstrap("admin")
        Registers(app).setup()
        db = Database(app.store_config)
        conn = db.connect()
        (fill_log if args.register == "event-log" else fill)(db, conn, args.rows)
        reg = register(args.register)

        def fresh() -> RegisterQuery:
            return RegisterQuery(db, conn, reg)

        def first_page() -> None:
            q = fresh()
            q.count()
            q.page(0, PAGE)

        def jump() -> None:
            q = fresh()
            q.page(rnd.randrange(0, max(args.rows - PAGE, 1)), PAGE)

        def sort(column: str, descending: bool) -> Callable[[], None]:
            def run() -> None:
                q = fresh()
                q.set(sort=column, descending=descending)
                q.count()
                q.page(0, PAGE)
            return run

        def keystroke(text: str) -> Callable[[], None]:
            def run() -> None:
                q = fresh()
                q.set(filter=text)
                q.count()
                q.page(0, PAGE)
            return run

        log = args.register == "event-log"
        sorts = (("actor", False), ("type", False), ("office", True), ("recorded_at", False)) if log else \
            (("member", False), ("member", True), ("role", False), ("nominated_by", False))
        filters = ("actor:clerk7", "type:Renamed", "office:P07 kind:Appeal", "since:2026-06-01 until:2026-06-30",
                   "clerk1") if log else ("k", "ka", "kar", "kari", "karimi 0", "zzz")
        result = {
            "register": args.register, "rows": args.rows, "runs": args.runs, "store": "sqlite",
            "first_page_ms": timed(first_page, args.runs),
            "page_jump_ms": timed(jump, args.runs),
            "sort_ms": {f"{c}{' desc' if d else ''}": timed(sort(c, d), args.runs) for c, d in sorts},
            "filter_keystroke_ms": {text: timed(keystroke(text), args.runs) for text in filters},
        }
        if args.pilot:
            import asyncio

            result["app"] = asyncio.run(pilot_figures(app, args.register, args.runs))
        db.close(conn)
        app.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
