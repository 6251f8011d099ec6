"""Benchmark: what drawing a register's cells costs per session setting (tui/widgets/table.py `cell_text` and
the visual order of tui/i18n/bidi.py), against a raw baseline measured in the same run (`str(value)`).

    python bench/cell_text.py --cells 200000 --runs 3 --json

The cells are a register's mix (ISO days, numbers, amounts, Latin and Dari text) drawn from 2,000 distinct values,
as redrawing pages of a register draws the same values again; the first drawing of a new amount in a
non-English locale costs about 50 us (Babel), later ones are cached. Prints one JSON line per
setting with the median over the runs in nanoseconds per cell and its ratio to the baseline.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tui.i18n import settings
from tui.i18n.bidi import visual
from tui.widgets.table import cell_text

SETTINGS = {"english": settings.Settings(), "dari-solar-hijri-eastern": settings.Settings("fa_AF", "solar_hijri",
                                                                                        "eastern")}


def _cells(n: int) -> list[tuple[object, str]]:
    rng = random.Random(7)
    kinds = [lambda: (f"2026-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}", "day"),
             lambda: (rng.randint(0, 10_000), "count"), lambda: (rng.randint(0, 10**9), "amount"),
             lambda: (f"INC-2026-{rng.randint(1, 99999):05d}", "number"), lambda: ("Finance and Budget", "unit"),
             lambda: ("دفتر ولایتی هرات", "unit")]
    pool = [rng.choice(kinds)() for _ in range(2000)]
    return [rng.choice(pool) for _ in range(n)]


def _time(draw: object, cells: list[tuple[object, str]], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        for value, column in cells:
            draw(value, column)  # type: ignore[operator]
        times.append((time.perf_counter() - started) / len(cells) * 1e9)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cells", type=int, default=200_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="JSON output (the only format)")
    args = parser.parse_args()
    cells = _cells(args.cells)
    baseline = _time(lambda value, column: str(value), cells, args.runs)
    for name, chosen in SETTINGS.items():
        settings.use(chosen)
        drawn = _time(lambda value, column: visual(cell_text(value, column, ("amount",))), cells, args.runs)
        print(json.dumps({"bench": "cell_text", "setting": name, "cells": args.cells, "runs": args.runs,
                          "ns_per_cell": round(drawn), "baseline_str_ns_per_cell": round(baseline),
                          "ratio": round(drawn / baseline, 1)}))
    settings.use(settings.Settings())


if __name__ == "__main__":
    main()
