"""`--format csv|xlsx|json --out FILE` on `show` and `report`: the options, their check before anything is
read (a bad path, an unknown format or an existing file is bad usage, exit 2, nothing written), and the
writing, through the writer the UI uses (`tui.export_files`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.export_files import FORMATS, ExportProblem, Sheet, check_target, format_of, render, write_sheet
from tui.i18n.catalogue import _, ngettext


def add_export_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", metavar="|".join(FORMATS),
                        help=_("write the rows as CSV, XLSX (typed cells) or JSON Lines (default: from --out's "
                               "suffix)"))
    parser.add_argument("--out", type=Path, metavar="FILE",
                        help=_("a new file to write (0600); without it, csv and json go to standard output"))


def export_target(args: argparse.Namespace) -> tuple[str, Path | None] | None:
    """(format, file) when the rows are to be written out, None for the usual table; checked first."""
    if args.format is None and args.out is None:
        return None
    if getattr(args, "json", False):
        raise ExportProblem("--json prints the rows; with --format/--out say --format json instead")
    fmt = format_of(args.out, args.format)
    if args.out is None:
        if fmt == "xlsx":
            raise ExportProblem("--format xlsx needs --out FILE")
        return fmt, None
    return fmt, check_target(args.out)


def write_out(target: tuple[str, Path | None], sheet: Sheet) -> int:
    fmt, out = target
    if out is None:
        sys.stdout.write(render(sheet, fmt).decode("utf-8-sig"))
        return 0
    n = write_sheet(sheet, out, fmt)
    print(ngettext("{n:,} row of {title} written to {out} ({fmt})", "{n:,} rows of {title} written to {out} ({fmt})",
                   n, n=n, title=_(sheet.title), out=out, fmt=fmt))
    return 0

