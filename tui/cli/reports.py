"""`secretariat report`: with no name, the reports one name per line; with a name, that report as a table
(or JSON lines with --json), computed from the registers for the acting user's roles and clearance."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from datetime import date
from typing import Any

from domain.errors import NotPermitted, Refused
from tui.cli.exporting import add_export_args, export_target, write_out
from tui.export_files import report_sheet
from tui.i18n.catalogue import _, ngettext
from tui.i18n.formats import show_report_cell, show_said
from tui.i18n.settings import current


def _param(value: str) -> tuple[str, str]:
    name, sep, text = value.partition("=")
    if not sep or not name.strip():
        raise argparse.ArgumentTypeError(_("a parameter is NAME=VALUE, not {value!r}", value=value))
    return name.strip(), text


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a date like 2026-11-23: {value!r}", value=value)) from None


def rows_text(n: int) -> str:
    """'1 row', '2 rows', '1,024 rows'."""
    return ngettext("{n:,} row", "{n:,} rows", n, n=n)


def add_parser(sub: Any) -> None:
    rep = sub.add_parser("report", help=_("list the reports, or print one (journals, overdue lists, budget "
                         "execution ...)"))
    rep.add_argument("name", nargs="?", help=_("the report; omit to list them, one per line"))
    rep.add_argument("--json", action="store_true", help=_("one JSON object per row"))
    rep.add_argument("--param", type=_param, action="append", default=[], metavar="NAME=VALUE",
                     help=_("a report parameter, e.g. --param year=2026 (repeatable)"))
    rep.add_argument("--today", type=_day, help=_("compute as if today were this date (YYYY-MM-DD)"))
    add_export_args(rep)


def run_report(args: argparse.Namespace, open_registers: Callable[[], tuple[Any, Any, Any]]) -> int:
    from domain.readpolicy import report_refusal
    from projections.reports import ReportContext, report, reports, run_report, scoped_connection

    if not args.name:
        for name in reports():
            print(name)
        return 0
    r = report(args.name)
    target = export_target(args)  # a bad file or format is refused before anything is read
    params = dict(args.param)
    if len(params) != len(args.param):
        raise Refused("a parameter is given twice")
    actor, registers, reader = open_registers()
    try:
        refusal = report_refusal(reader, r.name, r.roles)
        if refusal:
            raise NotPermitted(refusal)
        with scoped_connection(registers.db, reader) as conn:
            ctx = ReportContext(registers.db, conn, args.today or date.today(), reader.cleared, params,
                                current().calendar)
            result = run_report(ctx, r.name, actor.roles)
    finally:
        registers.close()
    if target is not None:
        return write_out(target, report_sheet(_(r.title), result))
    if args.json:
        for record in result.as_dicts():
            print(json.dumps(record, ensure_ascii=False, default=str))
        return 0
    print(f"{_(r.title)}: {rows_text(len(result.rows))}")
    columns = [*result.columns, *(["bar"] if result.bars else [])]  # the bars are drawn here, never in JSON
    cells = [[show_report_cell(result, c, v) for c, v in zip(result.columns, row, strict=True)] + result.bar_cells(row)
             for row in result.rows]
    widths = [min(max([len(c), *(len(row[i]) for row in cells)]), 40) for i, c in enumerate(columns)]
    print("  ".join(c.ljust(w) for c, w in zip(columns, widths, strict=True)))
    for row in cells:
        print("  ".join(v[:40].ljust(w) for v, w in zip(row, widths, strict=True)))
    for note in result.notes:
        print(show_said(note))
    return 0
