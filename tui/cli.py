"""The `secretariat` command line: global options, sub-commands, one-line errors and exit codes.

Exit codes: 0 done; 1 refused by a rule or a failed verification; 2 bad usage or an unusable store.
No traceback reaches the user: every error is one line on stderr.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

from domain.errors import SecretariatError, StoreError

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(f"{message} (see '{self.prog} --help')")


def _when(value: str) -> datetime:
    """A date or date-time on the command line; naive values are taken as UTC."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date or date-time: {value!r} (use 2026-11-23 or "
                                         "2026-11-23T14:30)") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="secretariat", description="Event-sourced back office of an election commission's "
                "secretariat. With no sub-command, opens the terminal UI.")
    p.add_argument("--store", help="store URL: a file path, sqlite:///path or postgresql://user@host:port/db "
                   "(default: $SECRETARIAT_STORE or ./secretariat.db)")
    p.add_argument("--user", help="acting user (default: $USER)")
    p.add_argument("--command-id", help="client command id; re-sending the same id records nothing new")
    sub = p.add_subparsers(dest="cmd", parser_class=_Parser, metavar="COMMAND")

    init = sub.add_parser("init", help="create the store; the acting user becomes its first administrator")
    init.add_argument("--full-name", default="")

    users = sub.add_parser("users", help="manage users and roles")
    us = users.add_subparsers(dest="users_cmd", parser_class=_Parser, metavar="ACTION", required=True)
    add = us.add_parser("add", help="add a user")
    add.add_argument("name")
    add.add_argument("--role", required=True, help="clerk, auditor, administrator or head")
    add.add_argument("--office", help="code of the user's unit")
    add.add_argument("--full-name", default="")
    lst = us.add_parser("list", help="list users")
    lst.add_argument("--json", action="store_true")
    for action, text in (("grant", "grant a role"), ("revoke", "revoke a role (needs --reason)")):
        a = us.add_parser(action, help=text)
        a.add_argument("name")
        a.add_argument("role")
        a.add_argument("--reason", default="")
    de = us.add_parser("deactivate", help="deactivate a user (needs --reason)")
    de.add_argument("name")
    de.add_argument("--reason", default="")
    cl = us.add_parser("clearance", help="set a user's clearance (none or confidential)")
    cl.add_argument("name")
    cl.add_argument("level")

    ver = sub.add_parser("verify", help="recompute the hash chain; exit 1 naming the first bad position")
    ver.add_argument("--checkpoint", type=Path, help="also check the history a signed checkpoint covers")
    ver.add_argument("--json", action="store_true")

    cp = sub.add_parser("checkpoint", help="write an Ed25519-signed statement of the chain head to a file")
    cp.add_argument("--out", type=Path, help="file to write (default: checkpoint-<position>.json here)")

    log = sub.add_parser("log", help="the global event log")
    log.add_argument("--since", type=_when)
    log.add_argument("--until", type=_when)
    log.add_argument("--actor")
    log.add_argument("--type", help="event type, e.g. User.Added or Added")
    log.add_argument("--stream", help="record (stream) id")
    log.add_argument("--limit", type=int)
    log.add_argument("--json", action="store_true", help="one JSON object per line")
    return p


def _acting_user(args: argparse.Namespace) -> str:
    if args.user:
        return args.user
    try:
        return os.environ.get("USER") or getpass.getuser()
    except (KeyError, OSError):
        return ""


def _store_url(args: argparse.Namespace) -> str | None:
    return args.store or os.environ.get("SECRETARIAT_STORE")


def _open(args: argparse.Namespace) -> Any:
    """Open the existing store for a known, active acting user."""
    from domain.store import open_store

    app = open_store(_store_url(args))
    app.actor(_acting_user(args))
    return app


def _say(text: str) -> None:
    print(text)


def run_init(args: argparse.Namespace) -> int:
    from domain.store import open_store

    app = open_store(_store_url(args), create=True)
    if not app.is_empty():
        _say(f"store {app.store_config.display} is already initialised")
        return EXIT_OK
    result = app.bootstrap(_acting_user(args), args.full_name)
    _say(f"{result.message} ({app.store_config.display})")
    return EXIT_OK


def _execute(args: argparse.Namespace, name: str, fields: dict[str, Any], reason: str = "") -> int:
    app = _open(args)
    command = app.command(name, fields)
    result = app.handle(command, user=_acting_user(args), command_id=args.command_id, reason=reason)
    _say(result.message + (" (already recorded)" if result.replayed else ""))
    return EXIT_OK


def run_users(args: argparse.Namespace) -> int:
    action = args.users_cmd
    if action == "list":
        from projections.directory import list_users

        app = _open(args)
        users = list_users(app)
        if args.json:
            for u in users:
                print(json.dumps({"name": u.name, "full_name": u.full_name, "roles": u.roles,
                                  "office": u.office, "active": u.active, "clearance": u.clearance}))
        else:
            for u in users:
                status = "active" if u.active else "deactivated"
                roles = ",".join(u.roles)
                print(f"{u.name:<20} {roles:<28} {u.office or '-':<10} {u.clearance:<13} {status}")
        return EXIT_OK
    if action == "add":
        return _execute(args, "users.add", {"user": args.name, "role": args.role, "office": args.office,
                                            "full_name": args.full_name})
    if action in ("grant", "revoke"):
        return _execute(args, f"users.{action}", {"user": args.name, "role": args.role}, args.reason)
    if action == "deactivate":
        return _execute(args, "users.deactivate", {"user": args.name}, args.reason)
    return _execute(args, "users.clearance", {"user": args.name, "clearance": args.level})


def run_verify(args: argparse.Namespace) -> int:
    from domain.integrity import check_against_checkpoint, read_checkpoint, verify_chain
    from domain.keys import data_dir, public_key_bytes, signing_key
    checkpoint = read_checkpoint(args.checkpoint) if args.checkpoint else None
    app = _open(args)
    report = verify_chain(app.recorder)
    problem = report.problem
    if report.ok and checkpoint is not None:
        trusted = None
        if (data_dir() / "checkpoint-signing-key.pem").exists():
            trusted = public_key_bytes(signing_key(create=False).public_key())
        problem = check_against_checkpoint(app.recorder, report, checkpoint, trusted)
    ok = report.ok and problem is None
    if args.json:
        print(json.dumps({"ok": ok, "count": report.count, "head_position": report.head_position,
                          "head_hash": report.head_hash.hex(), "bad_position": report.bad_position,
                          "stream": report.bad_stream, "problem": problem}))
    elif ok:
        print(f"chain intact: {report.count} events, head position {report.head_position}, "
              f"head hash {report.head_hash.hex()}"
              + (f"; matches checkpoint at position {checkpoint.position}" if checkpoint else ""))
    elif not report.ok:
        print(f"chain broken at position {report.bad_position} (record {report.bad_stream}): "
              f"{report.problem}", file=sys.stderr)
    else:
        print(f"checkpoint check failed: {problem}", file=sys.stderr)
    return EXIT_OK if ok else EXIT_REFUSED


def run_checkpoint(args: argparse.Namespace) -> int:
    from domain.integrity import make_checkpoint, verify_chain, write_checkpoint

    app = _open(args)
    report = verify_chain(app.recorder)
    if not report.ok:
        print(f"refusing to sign a broken chain: position {report.bad_position}: {report.problem}",
              file=sys.stderr)
        return EXIT_REFUSED
    checkpoint = make_checkpoint(report)
    out = args.out or Path(f"checkpoint-{checkpoint.position}.json")
    try:
        write_checkpoint(checkpoint, out)
    except OSError as e:
        raise StoreError(f"cannot write checkpoint {out}: {e.strerror}") from None
    print(f"checkpoint at position {checkpoint.position}, head hash {checkpoint.head_hash} written to {out}")
    return EXIT_OK


def run_log(args: argparse.Namespace) -> int:
    from projections.eventlog import LogFilter, entries

    app = _open(args)
    flt = LogFilter(since=args.since, until=args.until, actor=args.actor, type=args.type, stream=args.stream)
    for n, e in enumerate(entries(app, flt)):
        if args.limit is not None and n >= args.limit:
            break
        if args.json:
            print(json.dumps(e.to_json(), ensure_ascii=False))
        else:
            payload = json.dumps(e.to_json()["payload"], ensure_ascii=False)
            print(f"{e.position:>8} {e.recorded_at:%Y-%m-%d %H:%M:%S} {e.actor:<12} {e.stream[:8]} "
                  f"{e.type:<32} {e.reason or '-'} {payload}")
    return EXIT_OK


def run_ui(args: argparse.Namespace) -> int:
    from domain.store import open_store
    from tui.app import SecretariatApp

    app = open_store(_store_url(args), create=True)
    user = _acting_user(args)
    if app.is_empty():
        app.bootstrap(user)
    app.actor(user)
    SecretariatApp(app, user).run()
    return EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": run_init, "users": run_users, "verify": run_verify, "checkpoint": run_checkpoint,
    "log": run_log,
}


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        handler = HANDLERS.get(args.cmd or "", run_ui)
        return handler(args)
    except UsageError as e:
        print(f"secretariat: {e}", file=sys.stderr)
        return EXIT_USAGE
    except StoreError as e:
        print(f"secretariat: {e}", file=sys.stderr)
        return EXIT_USAGE
    except SecretariatError as e:
        print(f"secretariat: refused: {e}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
