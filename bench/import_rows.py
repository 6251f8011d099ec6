"""Benchmark: a staff list imported through `secretariat import` (tui.import_files: read, check every row,
run them through the bulk path in chunks), against a raw baseline on the same store in the same run.

    python bench/import_rows.py [--rows 10000] [--runs 3] [--format csv|xlsx] [--store postgresql://...]

Each run writes a file of ROWS `users.add` rows (a clerk per row, with an office), imports it into a fresh
store (reading and checking timed apart from recording), catches the registers up, then imports the same
file again (nothing new is recorded: every chunk's receipt is found). The raw baseline is an executemany of
the very event rows the import stored into an empty table of the same shape: storage alone, no rules.
Prints one JSON line per store with the medians over the runs.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import emit, peak_rss_mb
from bench.demo import raw_rate
from bench.stores import fresh_store_url


def staff_file(folder: Path, rows: int, fmt: str) -> Path:
    header = ["user", "role", "office", "full_name"]
    data = [[f"clerk-{n:05d}", "clerk", "KBL" if n % 2 else "FIN", f"Clerk number {n}"] for n in range(rows)]
    path = folder / f"staff.{fmt}"
    if fmt == "csv":
        with path.open("w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows(data)
    else:
        import xlsxwriter

        book = xlsxwriter.Workbook(str(path))
        ws = book.add_worksheet()
        for r, row in enumerate([header, *data]):
            ws.write_row(r, 0, row)
        book.close()
    return path


def one_run(url: str, rows: int, fmt: str, folder: Path) -> dict[str, float]:
    from domain.application import open_store
    from domain.commands import COMMANDS
    from domain.organisation import EstablishUnit
    from projections.runner import Registers
    from tui.import_files import plan, read_table, run_import

    path = staff_file(folder, rows, fmt)
    app = open_store(url, create=True)
    try:
        app.bootstrap("admin")
        for unit in (EstablishUnit(code="SEC", unit_name="Secretariat", kind="office"),
                     EstablishUnit(code="FIN", unit_name="Finance", kind="department", parent="SEC"),
                     EstablishUnit(code="KBL", unit_name="Kabul", kind="provincial", parent="SEC")):
            app.handle(unit, user="admin")
        start = time.perf_counter()
        checked = plan(COMMANDS["users.add"], read_table(path))
        check_seconds = time.perf_counter() - start
        start = time.perf_counter()
        report = run_import(app, checked, "admin")
        import_seconds = time.perf_counter() - start
        assert report.recorded == rows and not report.refused, report.lines()[:3]
        rss = peak_rss_mb()
        start = time.perf_counter()
        registers = Registers(app)
        registers.setup("admin")
        registers.catch_up(batch=20_000)
        registers.close()
        registers_seconds = time.perf_counter() - start
        start = time.perf_counter()
        again = run_import(app, plan(COMMANDS["users.add"], read_table(path)), "admin")
        reimport_seconds = time.perf_counter() - start
        assert again.already == rows and again.recorded == 0
    finally:
        app.close()
    raw = raw_rate(url)
    total = check_seconds + import_seconds
    return {"rows": rows, "events": report.events, "check_seconds": check_seconds, "import_seconds": import_seconds,
            "rows_per_second": rows / total, "registers_seconds": registers_seconds,
            "reimport_seconds": reimport_seconds, "peak_rss_mb": rss, "raw_executemany_rows_per_second": raw,
            "ratio_import_to_raw": (report.events / import_seconds) / raw}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    parser.add_argument("--store", help="also measure on this PostgreSQL database (a fresh schema per run)")
    args = parser.parse_args()
    for store in ["sqlite", *(["postgresql"] if args.store else [])]:
        results = []
        for n in range(args.runs):
            with tempfile.TemporaryDirectory() as tmp, \
                    fresh_store_url(args.store if store == "postgresql" else None, Path(tmp), f"import-{n}") as url:
                results.append(one_run(url, args.rows, args.format, Path(tmp)))
        emit({"store": store, "format": args.format, "runs": args.runs,
              **{k: statistics.median(r[k] for r in results) for k in results[0]}})


if __name__ == "__main__":
    main()
