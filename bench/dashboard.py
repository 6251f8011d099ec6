"""Benchmark: the dashboard's first paint and refresh on a demo store (issue 25).

    python bench/dashboard.py --events 20000 --runs 5 --json [--store PATH_OR_URL]

Loads the demo into a fresh SQLite store (or reads an existing store given with --store, e.g. a 1M-event
demo made by `secretariat demo --events 1000000`), then measures, as medians over the runs in milliseconds:
- raw_ms: the baseline, one `SELECT COUNT(*)` on each register table the dashboard reads (the least any
  reading of those tables costs), in the same run;
- figures_ms: `projections.dashboard.build` (every tile and chart, in SQL);
- blank_screen_paint_ms: the UI baseline, the same measure for a screen of one line and a footer;
- first_paint_ms: app time from pushing the dashboard screen to the first screen refresh after its figures
  were drawn (compose, worker, queries, mounting, layout), in a headless Textual app (80x24);
- refresh_ms: app time from a refresh (as the app's poller triggers after a write) to the screen refreshed
  with the new figures (the widgets are updated in place).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Static

from domain.application import open_store
from projections import dashboard as dash
from projections.bulk import load_demo
from projections.db import Database
from projections.runner import Registers

TABLES = ("appeals", "correspondence", "budget_lines", "finance_movements", "allocations", "commissions",
          "units", "positions", "staff_assignments", "accreditations")


def median(samples: list[float]) -> float:
    return round(statistics.median(samples), 2)


def timed(action: Any, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        samples.append((time.perf_counter() - start) * 1000)
    return median(samples)


class _Blank(Screen[None]):
    def __init__(self) -> None:
        super().__init__()
        self.painted_at = 0.0

    def compose(self) -> ComposeResult:
        yield Static("blank", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        self.painted_at = time.perf_counter()


async def ui_times(app: Any, runs: int, today: date) -> tuple[float, float, float]:
    from tui.app import SecretariatApp
    from tui.screens.dashboard import DashboardScreen

    ui = SecretariatApp(app, "admin", store_label="bench", poll_seconds=3600)
    first: list[float] = []
    refresh: list[float] = []
    empty: list[float] = []
    async with ui.run_test(size=(80, 24)) as pilot:
        for _ in range(runs):  # the UI baseline: a screen of one line and a footer, to its first refresh
            blank = _Blank()
            start = time.perf_counter()
            ui.push_screen(blank)
            while blank.painted_at == 0.0:
                await pilot.pause(0.01)
            empty.append((blank.painted_at - start) * 1000)
            ui.pop_screen()
            await pilot.pause()
        for _ in range(runs):
            screen = DashboardScreen(today=today)
            start = time.perf_counter()
            ui.push_screen(screen)
            while screen.painted_at == 0.0:
                await pilot.pause(0.01)
            first.append((screen.painted_at - start) * 1000)
            for _ in range(2):
                painted = screen.painted_at
                start = time.perf_counter()
                screen.load()
                while screen.painted_at == painted:
                    await pilot.pause(0.01)
                refresh.append((screen.painted_at - start) * 1000)
            ui.pop_screen()
            await pilot.pause()
    return median(empty), median(first), median(refresh)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=20_000, help="demo size when no --store is given")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--store", help="an existing store (its registers are brought up to date first)")
    parser.add_argument("--today", default="2026-12-01", help="the day the figures are computed for")
    parser.add_argument("--json", action="store_true", help="JSON output (the only format)")
    args = parser.parse_args()
    today = date.fromisoformat(args.today)
    with tempfile.TemporaryDirectory() as tmp:
        if args.store:
            app = open_store(args.store)
        else:
            app = open_store(str(Path(tmp) / "bench.db"), create=True)
            app.bootstrap("admin")
            load_demo(app, "admin", events=args.events)
        registers = Registers(app)
        registers.setup()
        registers.catch_up()
        registers.close()
        db = Database(app.store_config)
        conn = db.connect()

        def raw() -> None:
            for table in TABLES:
                db.execute(conn, f"SELECT COUNT(*) FROM {table}")

        def figures() -> None:
            dash.build(db, conn, today)

        result = {
            "store": app.store_config.kind, "events": app.head(),
            "register_rows": {t: int(db.execute(conn, f"SELECT COUNT(*) FROM {t}")[0][0]) for t in TABLES},
            "runs": args.runs, "raw_ms": timed(raw, args.runs), "figures_ms": timed(figures, args.runs),
        }
        db.close(conn)
        result["blank_screen_paint_ms"], result["first_paint_ms"], result["refresh_ms"] = asyncio.run(
            ui_times(app, args.runs, today))
        app.close()
    print(json.dumps(result))


if __name__ == "__main__":
    main()
