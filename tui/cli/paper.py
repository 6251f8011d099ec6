"""Paper on the command line: `secretariat print KIND ... --out FILE.pdf`, `secretariat badges key|revocations`
and `secretariat verify-badge CODE`, which checks a scanned badge code offline (no store, no network)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from domain.errors import NotPermitted
from tui.i18n.catalogue import _

PRINTABLE = {  # kind -> (help, the argument's name and help)
    "letter": ("the registration card of a letter", "NUMBER", "INC-/OUT-/CONF- number"),
    "trip": ("a trip warrant", "WARRANT", "the warrant number"),
    "clearance": ("the clearance sheet of a person being separated", "PERSON", "the employee number"),
    "badge": ("an accreditation badge with its signed QR code", "BADGE", "the badge number"),
    "extract": ("a decision's certified extract", "NUMBER", "the extract number (EXT-)"),
    "order": ("an order or decree", "NUMBER", "the order's number or draft number"),
    "minutes": ("the minutes of a Commission session", "SESSION", "the session number (SES-)"),
}


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a date like 2026-11-23: {value!r}", value=value)) from None


def add_parsers(sub: Any) -> None:
    pr = sub.add_parser("print", help=_("print a document to a new PDF file (letter, journal, trip, clearance, "
                        "badge, extract, order, minutes), from what you may read"))
    kinds = pr.add_subparsers(dest="print_kind", metavar="KIND", required=True)
    for kind, (text, metavar, what) in PRINTABLE.items():
        k = kinds.add_parser(kind, help=text)
        k.add_argument("record", metavar=metavar, help=what)
        k.add_argument("--out", type=Path, required=True, help=_("the new PDF file to write"))
    j = kinds.add_parser("journal", help=_("the incoming or outgoing journal for a period"))
    j.add_argument("direction", choices=("incoming", "outgoing"))
    j.add_argument("--from", dest="start", type=_day, required=True, help=_("first day (YYYY-MM-DD)"))
    j.add_argument("--to", dest="end", type=_day, required=True, help=_("last day (YYYY-MM-DD)"))
    j.add_argument("--out", type=Path, required=True, help=_("the new PDF file to write"))

    b = sub.add_parser("badges", help=_("the badges' signing key and the revocation list for the field"))
    bs = b.add_subparsers(dest="badges_cmd", metavar="ACTION", required=True)
    bs.add_parser("key", help=_("print the public key that checks badges (creating the secretariat's key on first "
                  "use; auditors and headquarters administrators)"))
    rv = bs.add_parser("revocations", help=_("export the signed list of revoked badges"))
    rv.add_argument("--out", type=Path, required=True, help=_("the new file to write (JSON)"))

    vb = sub.add_parser("verify-badge", help=_("check a scanned badge code offline: valid, revoked as of the list, "
                        "expired or forged (exit 0 valid, 1 not valid, 2 unreadable)"))
    vb.add_argument("code", nargs="?", help=_("the text of the QR code ('-' reads it from standard input)"))
    vb.add_argument("--image", type=Path, help=_("read the code from a picture of the badge (PNG, JPEG) or its PDF "
                    "instead (needs the scan extra: pip install 'secretariat[scan]')"))
    vb.add_argument("--public-key", help=_("the secretariat's badge public key (hex, or a file holding it); "
                    "default: this installation's own key"))
    vb.add_argument("--revocations", type=Path, help=_("the last revocation list exported for the field"))
    vb.add_argument("--today", type=_day, help=_("check as of this day (default: today)"))


def run_print(args: argparse.Namespace, open_for: Callable[[], tuple[Any, Any, Any]]) -> int:
    from tui.paper.printing import print_document

    record = (args.direction, args.start, args.end) if args.print_kind == "journal" else (args.record,)
    app, registers, reader = open_for()
    try:
        printed = print_document(app, registers, reader, args.print_kind, record, args.out)
    finally:
        registers.close()
    print(printed.message())
    return 0


def run_badges(args: argparse.Namespace, open_for: Callable[[], tuple[Any, Any, Any]]) -> int:
    from domain.readpolicy import log_refusal

    _app, registers, reader = open_for()
    try:
        if args.badges_cmd == "key":
            refusal = log_refusal(reader)
            if refusal:
                raise NotPermitted(refusal.replace("the event log is", "the secretariat's signing key is"))
            from domain.eventstore.keys import public_key_bytes, signing_key

            print(public_key_bytes(signing_key().public_key()).hex())
            return 0
        from tui.paper.printing import export_revocations

        path, count = export_revocations(registers, reader, args.out)
    finally:
        registers.close()
    print(_("{count} revoked badge(s) written to {path}, signed; hand it to the field with the public key",
            count=count, path=path))
    return 0


def _trusted_key(value: str | None) -> bytes:
    from domain.eventstore.keys import parse_public_key, public_key
    from tui.cli.main import UsageError

    if value:
        path = Path(value)
        try:
            text = path.read_text() if path.is_file() else value
        except (OSError, UnicodeDecodeError):
            text = ""
        raw = parse_public_key(text)
        if raw is None:
            raise UsageError(_("--public-key {value!r} is not a 64-digit hex Ed25519 public key or a file holding one",
                               value=value))
        return raw
    own = public_key()
    if own is None:
        raise UsageError(_("no public key to check the badge against: pass --public-key (as printed by "
                         "'secretariat badges key')"))
    return own


def _printable(text: str) -> str:
    """A line for the terminal: control characters a forged code may carry are shown escaped."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def run_verify_badge(args: argparse.Namespace) -> int:
    from domain.badges import BadgeCodeError, RevocationListError, read_revocation_list, verify
    from tui.cli.main import UsageError

    if (args.code is None) == (args.image is None):
        raise UsageError(_("give either the code's text or --image FILE"))
    trusted = _trusted_key(args.public_key)
    if args.image is not None:
        from tui.paper.scan import code_from_image

        code = code_from_image(args.image)
        if code is None:
            print(_("secretariat: no QR code found in {args_image}", args_image=args.image), file=sys.stderr)
            return 2
    else:
        code = sys.stdin.readline() if args.code == "-" else args.code
    try:
        revocations = read_revocation_list(args.revocations, trusted) if args.revocations else None
        verdict = verify(code, trusted, revocations, args.today or date.today())
    except RevocationListError as e:
        print(_("secretariat: {e}", e=e), file=sys.stderr)
        return 2
    except BadgeCodeError as e:
        print(_("secretariat: not a badge code: {e}", e=e), file=sys.stderr)
        return 2
    print(_printable(verdict.line), file=sys.stdout if verdict.ok else sys.stderr)
    return 0 if verdict.ok else 1
