"""`secretariat import COMMAND FILE.csv|FILE.xlsx [--dry-run] [--reason R] [--json]`: one command per row
through the bulk path (`tui.import_files`), as the acting (authenticated) user. The file is read and every
row checked before the store is opened: a bad file is one sentence, exit 2, nothing recorded. Rows a rule
refuses are named in the report (exit 1); the others are recorded (exit 0 when none is refused)."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tui.cli.progress import Bars
from tui.i18n.catalogue import _


def add_parser(sub: Any) -> None:
    imp = sub.add_parser("import", help=_("run one command per row of a CSV or XLSX file, its columns named as "
                         "the command's fields (see 'secretariat run NAME --help')"))
    imp.add_argument("command_name", metavar="COMMAND", help=_("the command each row runs, e.g. users.add"))
    imp.add_argument("file", type=Path, metavar="FILE", help=_("a .csv (UTF-8) or .xlsx file with a header row"))
    imp.add_argument("--dry-run", action="store_true", help=_("check every row against the rules; record nothing"))
    imp.add_argument("--reason", default="", help=_("the reason recorded with every row (a 'reason' column "
                     "gives a row its own)"))
    imp.add_argument("--json", action="store_true", help=_("print the report as one JSON object"))


def run_import_command(args: argparse.Namespace, usage: Callable[[str], Exception],
                       open_store: Callable[[argparse.Namespace], Any],
                       acting_user: Callable[[argparse.Namespace], str],
                       registers: Callable[[Any, argparse.Namespace], Any]) -> int:
    from tui.cli.run import command_class
    from tui.import_files import plan, read_table, run_import

    command = command_class(args.command_name, usage)
    checked = plan(command, read_table(args.file), args.reason)  # before the store is opened
    app = open_store(args)
    user = acting_user(args)
    app.permitted_role(app.actor(user), command)  # a command the user may not run at all: one line, not a row each
    with Bars() as bars:
        counter = None if args.json else bars.counter(_("importing {command}", command=command.name))
        report = run_import(app, checked, user, dry_run=args.dry_run, progress=counter)
    if report.recorded and not report.dry_run:
        registers(app, args).close()  # the registers caught up with what was recorded
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
    else:
        for line in report.lines():
            print(line)
    return 1 if report.refused else 0
