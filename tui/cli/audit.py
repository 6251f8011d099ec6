"""The auditors' export on the command line: `secretariat export` writes one for outside auditors, and
`secretariat verify-export` checks one offline, without the store or the private key."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from domain.errors import NotPermitted
from domain.eventstore.files import shown
from tui.cli.progress import Bars
from tui.i18n.catalogue import _, say

EXIT_UNTRUSTED = 4  # verify-export: the files agree with each other, but nothing says who made them


def add_parsers(sub: Any, when: Callable[[str], Any]) -> None:
    ex = sub.add_parser("export", help=_("export the events, a signed checkpoint, the public key and a manifest "
                        "for outside auditors (auditors and administrators)"))
    ex.add_argument("--out", type=Path, required=True, help=_("a new (or empty) folder to write"))
    ex.add_argument("--since", type=when, help=_("first date or date-time to include"))
    ex.add_argument("--until", type=when, help=_("last date or date-time to include"))
    ve = sub.add_parser("verify-export", help=_("check an export offline: exit 0 if intact and signed by the trusted "
                        "key, 1 naming the first fault, 4 if consistent but no trusted key was given"))
    ve.add_argument("folder", type=Path, help=_("the export folder"))
    ve.add_argument("--public-key", help=_("the signer's public key as handed over separately (hex, or a file)"))
    ve.add_argument("--json", action="store_true")


def run_export(args: argparse.Namespace, app: Any, user: str, reader: Callable[[Any, Any], Any]) -> int:
    from domain.eventstore.export import export_store
    from domain.readaudit import record_reading
    from domain.readpolicy import export_refusal

    refusal = export_refusal(reader(app, args))
    if refusal:
        raise NotPermitted(refusal)
    with Bars() as bars:
        summary = export_store(app, args.out, since=args.since, until=args.until,
                               progress=bars.counter(_("exporting events")))
    record_reading(app, user, "export", f"{summary.count} events, positions {summary.first_position}-"
                   f"{summary.last_position}, into {summary.out_dir}")
    print(_("exported {summary_count} events (positions {summary_first_position}-{summary_last_position}) to "
            "{summary_out_dir}; give the auditor this public key separately: {summary_public_key}",
            summary_count=summary.count, summary_first_position=summary.first_position,
            summary_last_position=summary.last_position, summary_out_dir=summary.out_dir,
            summary_public_key=summary.public_key))
    return 0


def run_verify_export(args: argparse.Namespace, trusted_key: Callable[[str | None], bytes]) -> int:
    from domain.eventstore.export import verify_export

    trusted = trusted_key(args.public_key) if args.public_key else None
    report = verify_export(args.folder, trusted)
    if args.json:
        print(json.dumps({"ok": report.ok, "count": report.count, "head_position": report.head_position,
                          "head_hash": report.head_hash, "key_trusted": report.key_trusted,
                          "origin_verified": report.ok and report.key_trusted,
                          "problem": report.problem, "line": report.line, "position": report.position}))
    else:
        print(shown(say(report.describe())), file=sys.stdout if report.ok else sys.stderr)
    if not report.ok:
        return 1
    return 0 if report.key_trusted else EXIT_UNTRUSTED
