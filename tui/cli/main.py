"""The `secretariat` command line: global options, sub-commands, one-line errors and exit codes.

Exit codes: 0 done; 1 refused by a rule or a failed verification; 2 bad usage or an unusable store.
No traceback reaches the user: every error is one line on stderr.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import sys
from collections import deque
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, NoReturn
from uuid import UUID

from eventsourcing.persistence import InterfaceError as ESInterfaceError
from eventsourcing.persistence import OperationalError as ESOperationalError

from domain.errors import NotPermitted, Refused, SecretariatError, StoreError, first_line
from domain.eventstore.files import shown
from domain.shown import builtins, english
from tui.cli.attachments import run_attach, run_folder, run_get, run_list
from tui.cli.audit import run_export, run_verify_export
from tui.cli.backup import run_backup, run_copy, run_restore
from tui.cli.bulk_import import run_import_command
from tui.cli.dashboard import run_dashboard
from tui.cli.exporting import add_export_args, export_target, write_out
from tui.cli.paper import run_badges, run_print, run_verify_badge
from tui.cli.progress import Bars
from tui.cli.reports import rows_text, run_report
from tui.cli.run import run_command
from tui.i18n.catalogue import _, say, word
from tui.i18n.language import UnknownLanguage, option_value, resolve, use_language
from tui.i18n.library_texts import install_argparse

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise UsageError(_("{message} (see '{prog} --help')", message=message, prog=self.prog))


def _when(value: str) -> datetime:
    """A date or date-time on the command line; naive values are taken as UTC."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a date or date-time: {value!r} (use 2026-11-23 or 2026-11-23T14:30)",
                                           value=value)) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="secretariat", description=_("Event-sourced back office of an election commission's "
                "secretariat. With no sub-command, opens the terminal UI."))
    p.add_argument("--store", help=_("store URL: a file path, sqlite:///path or postgresql://user@host:port/db "
                   "(default: $SECRETARIAT_STORE or ./secretariat.db)"))
    p.add_argument("--user", help=_("whom you expect to act as: refused unless it is the user mapped to your "
                   "account (the operating-system account on SQLite, the PostgreSQL role on PostgreSQL)"))
    p.add_argument("--command-id", help=_("client command id; re-sending the same id records nothing new"))
    p.add_argument("--lang", metavar="LANGUAGE", help=_("the interface's language: en, az, ru, fa_AF (Dari) or ps "
                   "(Pashto); default: $SECRETARIAT_LANG, your own setting (users preferences), the locale"))
    sub = p.add_subparsers(dest="cmd", parser_class=_Parser, metavar="COMMAND")

    init = sub.add_parser("init", help=_("create the store; you become its first administrator, mapped to your "
                          "account (named --user NAME, else like your account)"))
    init.add_argument("--full-name", default="")
    init.add_argument("--group", help=_("SQLite: a system group whose members share the store file (mode 0660; "
                      "default: the file is yours alone, 0600)"))

    users = sub.add_parser("users", help=_("manage users and roles"))
    us = users.add_subparsers(dest="users_cmd", parser_class=_Parser, metavar="ACTION", required=True)
    add = us.add_parser("add", help=_("add a user"))
    add.add_argument("name")
    add.add_argument("--role", required=True, help=_("clerk, auditor, administrator or head"))
    add.add_argument("--office", help=_("code of the user's unit"))
    add.add_argument("--full-name", default="")
    add.add_argument("--login", default="", metavar="ACCOUNT",
                     help=_("the account they act from (OS account on SQLite, PostgreSQL role on PostgreSQL)"))
    lg = us.add_parser("login", help=_("map a user to the account they act from (or --clear it)"))
    lg.add_argument("name")
    lg.add_argument("account", nargs="?", default="")
    lg.add_argument("--clear", action="store_true", help=_("take the user's account away"))
    lst = us.add_parser("list", help=_("list users"))
    lst.add_argument("--json", action="store_true")
    for action, text in (("grant", _("grant a role")), ("revoke", _("revoke a role (needs --reason)"))):
        a = us.add_parser(action, help=text)
        a.add_argument("name")
        a.add_argument("role")
        a.add_argument("--reason", default="")
    de = us.add_parser("deactivate", help=_("deactivate a user (needs --reason)"))
    de.add_argument("name")
    de.add_argument("--reason", default="")
    pr = us.add_parser("preferences", help=_("set a user's language, calendar and digits (your own; "
                                             "administrators: anyone's)"))
    pr.add_argument("name")
    pr.add_argument("--language", help=_("en, az, ru, fa_AF (Dari) or ps (Pashto)"))
    pr.add_argument("--calendar", help=_("gregorian or solar_hijri (dates shown and typed as 1405-09-10)"))
    pr.add_argument("--digits", help=_("latin, or eastern (۰۱۲۳ for Dari and Pashto)"))
    cl = us.add_parser("clearance", help=_("set a user's clearance (none or confidential; lowering needs --reason)"))
    cl.add_argument("name")
    cl.add_argument("level")
    cl.add_argument("--reason", default="")

    ap = sub.add_parser("approvals", help=_("the two-person rule for payments: threshold, approve, reject "
                        "(the list: 'secretariat show approvals')"))
    aps = ap.add_subparsers(dest="approvals_cmd", parser_class=_Parser, metavar="ACTION", required=True)
    th = aps.add_parser("threshold", help=_("payments above this amount need a second user (administrators)"))
    th.add_argument("amount", type=_amount)
    for action, text in (("approve", _("approve a payment another user entered (it is made now)")),
                         ("reject", _("reject a payment another user entered (needs --reason)"))):
        a = aps.add_parser(action, help=text)
        a.add_argument("entry", help=_("the entry id, as shown by 'secretariat show approvals'"))
        a.add_argument("--reason", default="")

    ver = sub.add_parser("verify", help=_("recompute the hash chain; exit 1 naming the first bad position"))
    ver.add_argument("--checkpoint", type=Path, help=_("also check the history a signed checkpoint covers"))
    ver.add_argument("--public-key", help=_("the signer's public key (hex, or a file holding it); "
                     "default: this installation's own key"))
    ver.add_argument("--json", action="store_true")
    ver.add_argument("--registers", action="store_true", help=_("also fold the history afresh and compare every "
                     "register with it, naming the first differing row"))

    cp = sub.add_parser("checkpoint", help=_("write an Ed25519-signed statement of the chain head to a file"))
    cp.add_argument("--out", type=Path, help=_("file to write (default: checkpoint-<position>.json here)"))

    log = sub.add_parser("log", help=_("the global event log"))
    log.add_argument("--since", type=_when)
    log.add_argument("--until", type=_when)
    log.add_argument("--actor")
    log.add_argument("--type", help=_("event type, e.g. User.Added or Added"))
    log.add_argument("--stream", help=_("record (stream) id"))
    log.add_argument("--limit", type=_count, metavar="N",
                     help=_("only the newest N events that match (like git log -n)"))
    log.add_argument("--json", action="store_true", help=_("one JSON object per line"))
    rb = sub.add_parser("rebuild", help=_("rebuild registers blue/green (administrators)"))
    rb.add_argument("names", nargs="*", metavar="NAME", help=_("registers to rebuild (default: all)"))
    rb.add_argument("--reason", default="rebuilt on request")
    rb.add_argument("--json", action="store_true", help=_("print a JSON summary"))

    st = sub.add_parser("status", help=_("each register's version, position, head and lag"))
    st.add_argument("--json", action="store_true")

    show = sub.add_parser("show", help=_("print a register (optionally as it stood at a date or position)"))
    show.add_argument("register", help=_("a register name, e.g. units, staff-table, appeals (see the README)"))
    show.add_argument("--as-of", type=_as_of, help=_("a position (number) or a date/date-time"))
    show.add_argument("--on", type=_day,
                      help=_("only what was in force on that date (acts: the consolidated editions)"))
    show.add_argument("--json", action="store_true", help=_("one JSON object per row"))
    add_export_args(show)

    hist = sub.add_parser("history", help=_("every event of one record, with the fields each changed"))
    hist.add_argument("record", help=_("record (stream) id, or a business number: INC-/OUT-/CONF-/APL-/REC-, "
                      "employee, inventory, badge or warrant number, a unit or election code, a user name"))
    hist.add_argument("--json", action="store_true")

    from domain.demo.base import DEFAULT_EVENTS, DEFAULT_SEED

    demo = sub.add_parser("demo", help=_("load a deterministic demo secretariat into a fresh store (administrators)"))
    demo.add_argument("--events", type=_count, default=DEFAULT_EVENTS, metavar="N",
                      help=_("grow the history until the store holds at least N events (default %(default)s)"))
    demo.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S",
                      help=_("same seed, same history (default %(default)s)"))

    from tui.cli.attachments import add_parsers as add_attachment_parsers
    from tui.cli.audit import add_parsers
    from tui.cli.backup import add_parsers as add_backup_parsers
    from tui.cli.bulk_import import add_parser as add_import_parser
    from tui.cli.dashboard import add_parser as add_dashboard_parser
    from tui.cli.paper import add_parsers as add_paper_parsers
    from tui.cli.reports import add_parser as add_report_parser
    from tui.cli.run import add_parser as add_run_parser

    add_parsers(sub, _when)
    add_report_parser(sub)
    add_run_parser(sub)
    add_import_parser(sub)
    add_dashboard_parser(sub)
    add_backup_parsers(sub)
    add_paper_parsers(sub)
    add_attachment_parsers(sub)
    return p


def _amount(value: str) -> Any:
    from decimal import Decimal, InvalidOperation

    try:
        amount = Decimal(value.replace(",", ""))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(_("not an amount: {value!r} (use 50000 or 50000.00)", value=value)) from None
    if not amount.is_finite():
        raise argparse.ArgumentTypeError(_("not an amount: {value!r}", value=value))
    return amount


def run_approvals(args: argparse.Namespace) -> int:
    if args.approvals_cmd == "threshold":
        return _execute(args, "approvals.threshold", {"amount": args.amount})
    return _execute(args, f"approvals.{args.approvals_cmd}", {"entry": args.entry}, args.reason)


def _count(value: str) -> int:
    if not value.isdigit():
        raise argparse.ArgumentTypeError(_("not a number of events: {value!r}", value=value))
    return int(value)


def _day(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(_("not a date like 2026-05-01: {value!r}", value=value)) from None


def _known(value: str, names: Sequence[str], what: str) -> str:
    """A name the command line must know (a role, a register): bad usage otherwise, listing the valid ones."""
    if value not in names:
        raise UsageError(_("unknown {what} {value!r}; {what}s are {names}", what=what, value=value,
                           names=', '.join(names)))
    return value


def _as_of(value: str) -> int | datetime:
    if value.isdigit():
        return int(value)
    return _when(value)


def _acting_user(args: argparse.Namespace) -> str:
    """The authenticated user's name; `_open` must have authenticated them first."""
    actor = getattr(args, "authenticated", None)
    if actor is None:
        raise UsageError(_("no authenticated user"))  # a programming error: a handler skipped _open
    return str(actor.name)


def _check_first_user(args: argparse.Namespace) -> None:
    """Refuse a bad first administrator's name before a SQLite store file is created."""
    from domain.eventstore.store import parse_store_url
    from domain.identity import os_account

    if parse_store_url(_store_url(args)).kind == "sqlite":
        _first_user(args, os_account())


def _first_user(args: argparse.Namespace, account: str) -> str:
    """The name of a new store's first administrator: --user, else the account's own name."""
    from domain.access import check_name

    name = args.user or account
    try:
        return check_name(name)
    except Refused:
        raise UsageError(_("{name!r} cannot be a user name (2-32 lower-case letters, digits, '.', '_' or '-'); name "
                           "the first administrator with --user NAME", name=name)) from None


def _store_url(args: argparse.Namespace) -> str | None:
    return args.store or os.environ.get("SECRETARIAT_STORE")


def _open(args: argparse.Namespace) -> Any:
    """Open the existing store for a known, active acting user."""
    from domain.application import open_store
    from domain.identity import authenticated_user

    app = open_store(_store_url(args))
    args.authenticated = authenticated_user(app, args.user)
    _use_settings(app, args)
    return app


def _use_settings(app: Any, args: argparse.Namespace) -> None:
    """The acting user's language (unless --lang or SECRETARIAT_LANG chose one), dates and digits."""
    from tui.i18n.language import resolve, use_language
    from tui.i18n.user_settings import stored_preferences, use_preferences

    stored = stored_preferences(app, args.authenticated.name)  # the user's record, read once
    use_language(resolve(getattr(args, "lang", None), stored.language))
    use_preferences(stored)  # dates and digits as this user reads them


def _say(text: str) -> None:
    print(text)


def _reader(app: Any, args: argparse.Namespace) -> Any:
    """The read policy's view of the authenticated user."""
    from domain.readpolicy import reader

    return reader(args.authenticated, app.find)


def _app_registers_reader(args: argparse.Namespace) -> tuple[Any, Any, Any]:
    app = _open(args)
    return app, _registers(app, args), _reader(app, args)


def _actor_and_registers(args: argparse.Namespace) -> tuple[Any, Any, Any]:
    app = _open(args)
    return app.actor(_acting_user(args)), _registers(app, args), _reader(app, args)


def run_init(args: argparse.Namespace) -> int:
    from domain.application import open_store
    from domain.identity import account_of

    _check_first_user(args)  # a bad name is refused before anything is created
    created = _new_sqlite_file(_store_url(args))
    try:
        app = open_store(_store_url(args), create=True, group=args.group)
        if not app.is_empty():
            _say(_("store {display} is already initialised", display=app.store_config.display))
            return EXIT_OK
        account = account_of(app)
        result = app.bootstrap(_first_user(args, account), args.full_name, login=account)
        args.authenticated = app.user_for_login(account)
    except BaseException:
        if created is not None:  # a refused init leaves no schema-only file behind
            for leftover in (created, *(created.with_name(created.name + s) for s in ("-wal", "-shm"))):
                leftover.unlink(missing_ok=True)
        raise
    _registers(app, args).close()
    _say(f"{say(result.message)} ({app.store_config.display})")
    if app.store_config.kind == "postgresql":
        from domain.eventstore.store import postgres_grants

        _say(_("The event table refuses UPDATE, DELETE and TRUNCATE (a trigger). For the clerks' own roles, run "
             "as this store's owner:"))
        for statement in postgres_grants(app.store_config):
            _say(f"  {statement};")
    return EXIT_OK


def _new_sqlite_file(url: str | None) -> Path | None:
    """The SQLite file init is about to create, if it does not exist yet (None for PostgreSQL)."""
    from domain.eventstore.store import parse_store_url

    config = parse_store_url(url)
    return config.path if config.kind == "sqlite" and config.path and not config.path.exists() else None


def _execute(args: argparse.Namespace, name: str, fields: dict[str, Any], reason: str = "") -> int:
    app = _open(args)
    command = app.command(name, fields)
    result = app.handle(command, user=_acting_user(args), command_id=args.command_id, reason=reason)
    note = _(" (already recorded)") if result.replayed else ""
    _auto_checkpoint(app, result.position)
    if result.position:
        try:
            registers = _registers(app, args)
            registers.wait(result.position)
            registers.close()
        except Exception as e:  # the command is recorded whatever happens to the registers now
            if not _connection_lost(e):
                raise
            note += _("; the registers catch up once the store is reachable again")
    _say(say(result.message) + note)
    return EXIT_OK


def _registers(app: Any, args: argparse.Namespace, progress: Any = None) -> Any:
    """The registers of this store, set up (rebuilt if their version changed) and caught up. A connection the
    server dropped is opened again once: every step here is safe to repeat."""
    from projections.runner import Registers

    if getattr(app, "read_only", None):  # a standby: its registers are the primary's, read as they are
        return Registers(app)
    for attempt in (1, 2):
        registers = Registers(app)
        try:
            registers.setup(_acting_user(args), progress=progress)
            registers.catch_up()
            return registers
        except Exception as e:
            if attempt == 2 or not _connection_lost(e):
                raise
            try:
                registers.close()
            except Exception:  # the connection is already gone
                pass
    raise AssertionError("unreachable")


def _connection_lost(e: BaseException) -> bool:
    """A PostgreSQL connection that the server ended or that broke (not a refused statement)."""
    from projections.reconnect import connection_lost

    return connection_lost(e)


def run_rebuild(args: argparse.Namespace) -> int:
    from projections.runner import Registers

    app = _open(args)
    actor = app.check_rebuild(_acting_user(args))  # the domain decides who rebuilds
    registers = Registers(app)
    with Bars() as bars:
        bar = None if args.json else bars.registers
        registers.setup(actor.name, progress=bar)
        for name in args.names:
            registers.projection(name)
        summaries = registers.rebuild(args.names or None, progress=bar, user=actor.name, reason=args.reason)
    registers.catch_up()
    registers.close()
    _auto_checkpoint(app, app.head(), force=True)  # the end of an administrator's rebuild
    if args.json:
        print(json.dumps({"registers": [s.to_json() for s in summaries]}))
    else:
        for s in summaries:
            print(_("{register}: {events} events, {rows} rows in {seconds:.2f}s ({events_per_second:,.0f} events/s), "
                    "version {from_version} -> {to_version}", register=s.register, events=s.events, rows=s.rows,
                    seconds=s.seconds, events_per_second=s.events_per_second, from_version=s.from_version,
                    to_version=s.to_version))
    return EXIT_OK


def run_status(args: argparse.Namespace) -> int:
    from projections.runner import Registers

    app = _open(args)
    registers = Registers(app)
    statuses = registers.status()
    registers.close()
    if args.json:
        print(json.dumps({"registers": [{**s.to_json(), "ahead_of_head": s.position > s.head} for s in statuses]}))
    else:
        headers = (_("register"), _("version"), _("position"), _("last event"), _("lag"), _("rebuilt"))
        print("{:<14} {:>7} {:>9} {:>9} {:>7}  {}".format(*headers))
        for s in statuses:
            version = "-" if s.version is None else str(s.version)
            if s.version is not None and s.version != s.declared_version:
                version += f"->{s.declared_version}"
            ahead = _("  AHEAD of the history: it stops updating; rebuild it") if s.position > s.head else ""
            print(f"{s.name:<14} {version:>7} {s.position:>9} {s.head:>9} {s.lag:>7}  {s.rebuilt_at or '-'}{ahead}")
    return EXIT_OK


def run_show(args: argparse.Namespace) -> int:
    from projections.asof import as_of, position_at
    from projections.registers import RECORD_ID, money_text, read_register, readable_register, register
    from projections.registers import registers as known_registers
    from tui.export_files import register_sheet

    _known(args.register, list(known_registers()), "register")
    target = export_target(args)  # a bad file or format is refused before anything is read
    app = _open(args)
    who = _reader(app, args)
    readable_register(args.register, who)
    if args.as_of is None:
        registers = _registers(app, args)
        try:
            rows = read_register(registers.db, registers.conn, args.register, record_id=True, reader=who,
                                 on=args.on)
        finally:
            registers.close()
        label = ""
    else:
        position = args.as_of if isinstance(args.as_of, int) else position_at(app, args.as_of)
        db, conn = as_of(app, position, registers=[args.register])  # only the projection that keeps it
        rows = read_register(db, conn, args.register, record_id=True, reader=who, on=args.on)
        label = _(" as of position {position}", position=position)
    money = register(args.register).money
    if target is not None:
        return write_out(target, register_sheet(register(args.register),
                                                [tuple(r.values()) for r in rows]))
    if args.json:  # amounts as decimal strings (never through a float), like `report --json`
        for row in rows:
            print(json.dumps({c: money_text(v).replace(",", "") if c in money and v is not None else english(v)
                              for c, v in row.items()}, ensure_ascii=False))
        return EXIT_OK
    rows = [{c: v for c, v in row.items() if c != RECORD_ID} for row in rows]
    if args.on:
        label += _(", in force on {on}", on=args.on)
    print(f"{_(register(args.register).title)}{label}: {rows_text(len(rows))}")
    if rows:
        cols = list(rows[0])
        from tui.i18n.formats import show_cell

        # as the UI's table writes them: the reader's words, amounts, digits and calendar; the JSON above keeps the
        # stored values
        timestamps = register(args.register).timestamps
        cells = [{c: show_cell(r[c], c, money, timestamps) for c in cols} for r in rows]
        widths = {c: min(max(len(c), *(len(r[c]) for r in cells)), 40) for c in cols}
        print("  ".join(c.ljust(widths[c]) for c in cols))
        for r in cells:
            print("  ".join(r[c][:40].rjust(widths[c]) if c in money else r[c][:40].ljust(widths[c])
                            for c in cols))
    return EXIT_OK


def run_history(args: argparse.Namespace) -> int:
    from domain.readaudit import is_confidential, record_view
    from domain.readpolicy import record_refusal
    from projections.history import history

    app = _open(args)
    record_id = _record_id(app, args, args.record)
    entries = history(app, record_id)
    if not entries:
        raise Refused("no record with id {args_record}", args_record=args.record)
    record = app.find(UUID(record_id))
    refusal = record_refusal(_reader(app, args), record, args.record)
    if refusal:
        raise NotPermitted(refusal)
    if is_confidential(record):
        record_view(app, _acting_user(args), record)  # who read it, and when, as the card records it
    for e in entries:
        env = e.envelope
        changes = {k: [builtins(a), builtins(b)] for k, (a, b) in e.changes.items()}
        if args.json:
            print(json.dumps({"position": e.position, "version": e.version, "type": e.type,
                              "recorded_at": env.recorded_at.isoformat() if env else None,
                              "actor": env.actor_name if env else None, "role": env.role if env else None,
                              "reason": env.reason if env else None, "changes": changes}, ensure_ascii=False))
        else:
            who = f"{env.recorded_at:%Y-%m-%d %H:%M:%S} {env.actor_name} ({env.role})" if env else ""
            print(_("v{version} @{position} {type} {who} {value}", version=e.version, position=e.position,
                    type=e.type, who=who, value=env.reason if env and env.reason else ''))
            for k, (a, b) in changes.items():
                print(f"    {k}: {a!r} -> {b!r}")
    return EXIT_OK


def _record_id(app: Any, args: argparse.Namespace, text: str) -> str:
    """A record id as typed, or the id of the record a business number names (found in the event log)."""
    from projections.audit_log import streams_labelled

    try:
        return UUID(text.strip()).hex
    except ValueError:
        pass
    registers = _registers(app, args)
    try:
        found = streams_labelled(registers.db, registers.conn, text)
    finally:
        registers.close()
    if not found:
        raise Refused("no record numbered or named {text!r}", text=text)
    if len(found) > 1:
        raise UsageError(_("{text!r} names {found_count} records ({found}); give the record id", text=text,
                           found_count=len(found), found=', '.join(f'{k} {s}' for s, k in found)))
    return found[0][0]



def run_users(args: argparse.Namespace) -> int:
    action = args.users_cmd
    if action == "list":
        from projections.registers import read_register, readable_register

        app = _open(args)
        who = _reader(app, args)
        readable_register("users", who)
        registers = _registers(app, args)
        users = read_register(registers.db, registers.conn, "users", reader=who)
        registers.close()
        if not args.json:  # the column heads as the users register names them, in the reader's language
            headers = (_("name"), _("roles"), _("office"), _("clearance"), _("status"), _("login"))
            print("{:<20} {:<28} {:<10} {:<13} {:<11} {}".format(*headers))
        for u in users:
            roles, active = u["roles"].split(","), bool(u["active"])
            if args.json:
                print(json.dumps({"name": u["name"], "full_name": u["full_name"], "roles": roles,
                                  "office": u["office"], "active": active, "clearance": u["clearance"],
                                  "login": u["login"], "language": u["language"], "calendar": u["calendar"],
                                  "digits": u["digits"]}))
            else:
                status = _("active") if active else _("deactivated")
                roles_shown = ",".join(word("role", r) or r for r in roles)
                print(f"{u['name']:<20} {roles_shown:<28} {u['office'] or '-':<10} "
                      f"{word('clearance', u['clearance']) or u['clearance']:<13} {status:<11} {u['login'] or '-'}")
        return EXIT_OK
    from domain.roles import ROLES

    if action in ("add", "grant", "revoke"):
        _known(args.role, ROLES, "role")
    if action == "add":
        return _execute(args, "users.add", {"user": args.name, "role": args.role, "office": args.office,
                                            "full_name": args.full_name, "login": args.login})
    if action == "login":
        if bool(args.account) == bool(args.clear):
            raise UsageError(_("give either the ACCOUNT to map or --clear"))
        return _execute(args, "users.login", {"user": args.name, "login": args.account})
    if action in ("grant", "revoke"):
        return _execute(args, f"users.{action}", {"user": args.name, "role": args.role}, args.reason)
    if action == "deactivate":
        return _execute(args, "users.deactivate", {"user": args.name}, args.reason)
    if action == "preferences":
        chosen = {k: getattr(args, k) for k in ("language", "calendar", "digits") if getattr(args, k) is not None}
        if not chosen:
            raise UsageError(_("give --language, --calendar or --digits"))
        return _execute(args, "users.preferences", {"user": args.name, **chosen})
    return _execute(args, "users.clearance", {"user": args.name, "clearance": args.level}, args.reason)


def _trusted_key(value: str | None) -> bytes:
    from domain.eventstore.keys import public_key, read_public_key

    if value:
        raw = read_public_key(value)
        if raw is None:
            raise UsageError(_("--public-key {value!r} is not a 64-digit hex Ed25519 public key or a file holding one",
                               value=value))
        return raw
    own = public_key()
    if own is None:
        raise Refused("no trusted public key to check the checkpoint against: pass --public-key "
                      "(the signer's key, as printed by 'secretariat checkpoint')")
    return own


def run_verify(args: argparse.Namespace) -> int:
    from domain.eventstore import checkpoints
    from domain.eventstore.blobs import check_blobs
    from domain.eventstore.integrity import check_against_checkpoint, read_checkpoint, verify_snapshot
    from domain.eventstore.keys import public_key
    from domain.eventstore.snapshot import snapshot_of
    from domain.eventstore.store import check_readable

    checkpoint = read_checkpoint(args.checkpoint) if args.checkpoint else None
    trusted = _trusted_key(args.public_key) if checkpoint else b""
    kept_key = _trusted_key(args.public_key) if args.public_key else public_key()
    # The chain is checked before anything is decoded: verify needs no acting user, and reads a
    # read-only copy too (an auditor's archive) without writing anything to it.
    config = check_readable(_store_url(args))
    with snapshot_of(config) as snap:
        with Bars() as bars:
            report = verify_snapshot(snap, None if args.json else bars.counter(_("verifying the chain")))
        problem = report.problem
        if report.ok and checkpoint is not None:
            problem = check_against_checkpoint(snap.hash_at, report, checkpoint, trusted)
        kept = checkpoints.check(snap, report.head_position, kept_key) if report.ok else None
        blobs = check_blobs(snap) if report.ok else None  # every attachment's content against its event's hash
    if problem is None and kept is not None and not kept.ok:
        problem = kept.describe()
    if problem is None and blobs is not None and not blobs.ok:
        problem = blobs.describe()
    registers = _check_registers(args) if args.registers and report.ok else []
    ok = report.ok and problem is None and all(r.ok for r in registers)
    if args.json:
        print(json.dumps({"ok": ok, "count": report.count, "head_position": report.head_position,
                          "registers": [{"register": r.register, "position": r.position, "rows": r.rows,
                                         "problem": r.problem} for r in registers],
                          "head_hash": report.head_hash.hex(), "bad_position": report.bad_position,
                          "stream": report.bad_stream, "problem": problem,
                          "signed_checkpoints": kept.count if kept else None,
                          "last_checkpoint_position": kept.last_position if kept else None,
                          "events_not_covered_by_a_signed_checkpoint": kept.uncovered if kept else None,
                          "checkpoint_signatures_checked": kept.checked if kept else None,
                          "attachments_checked": blobs.checked if blobs else None}))
    elif report.ok and problem is None:
        assert kept is not None
        print(_("chain intact: {count} events, head position {head_position}, head hash {head_hash}",
                count=report.count, head_position=report.head_position, head_hash=report.head_hash.hex())
              + (_("; matches checkpoint at position {position}", position=checkpoint.position) if checkpoint else "")
              + _("; {part}", part=kept.describe())
              + (_("; {part}", part=blobs.describe()) if blobs and blobs.checked else ""))
        for r in registers:
            if r.ok:
                print(_("register {register}: equal to the history at position {position} ({rows} rows)",
                        register=r.register, position=r.position, rows=r.rows))
            else:
                print(_("register {register} differs from the history at position {position}: {shown}",
                        register=r.register, position=r.position, shown=shown(r.problem)),
                      file=sys.stderr)
    elif not report.ok:
        print(_("chain broken at position {report_bad_position} (record {report_bad_stream}): {report_problem}",
                report_bad_position=report.bad_position, report_bad_stream=report.bad_stream,
                report_problem=report.problem), file=sys.stderr)
    elif blobs is not None and not blobs.ok and problem == blobs.describe():
        print(_("attachment check failed: {problem}", problem=problem), file=sys.stderr)
    else:
        print(_("checkpoint check failed: {problem}", problem=problem), file=sys.stderr)
    return EXIT_OK if ok else EXIT_REFUSED


def _check_registers(args: argparse.Namespace) -> list[Any]:
    from domain.application import open_store
    from projections.register_check import check_registers

    return check_registers(open_store(_store_url(args)))


def run_checkpoint(args: argparse.Namespace) -> int:
    from domain.eventstore import checkpoints
    from domain.eventstore.integrity import write_checkpoint
    from domain.readaudit import record_reading
    from domain.readpolicy import log_refusal

    app = _open(args)
    refusal = log_refusal(_reader(app, args))
    if refusal:
        raise NotPermitted(refusal.replace("the event log is", "signing a checkpoint is"))
    out = args.out
    if out is not None and out.exists():
        raise StoreError("{out} already exists; choose another file", out=out)
    try:
        taken = checkpoints.take(app.store_config)
    except StoreError as e:
        print(_("secretariat: {e}", e=e), file=sys.stderr)
        return EXIT_REFUSED
    checkpoint = taken.checkpoint
    out = out or Path(f"checkpoint-{checkpoint.position}.json")
    write_checkpoint(checkpoint, out)
    record_reading(app, _acting_user(args), "checkpoint.sign",
                   f"position {checkpoint.position}, head hash {checkpoint.head_hash}, file {out}")
    print(_("checkpoint at position {checkpoint_position}, head hash {checkpoint_head_hash} written to {out} and "
            "kept in the store and in {parent}; public key {checkpoint_public_key}",
            checkpoint_position=checkpoint.position, checkpoint_head_hash=checkpoint.head_hash, out=out,
            parent=taken.file.parent, checkpoint_public_key=checkpoint.public_key))
    return EXIT_OK


def _auto_checkpoint(app: Any, head: int | None, *, force: bool = False) -> None:
    """Every N events, and at the end of an administrator's session or rebuild, where a key exists here."""
    from domain.eventstore import checkpoints

    if head is None or not checkpoints.can_sign():
        return
    last = checkpoints.last_position(app.store_config)
    checkpoints.take_if_due(app.store_config, head, last, force=force and head > last)


def run_log(args: argparse.Namespace) -> int:
    from domain.readaudit import check_recordable, record_reading
    from domain.readpolicy import log_refusal
    from projections.eventlog import LogFilter, entries
    from projections.registers import local_time_text

    app = _open(args)
    who = _reader(app, args)
    refusal = log_refusal(who)
    if refusal:
        raise NotPermitted(refusal)
    check_recordable(app)  # a reading nobody could record is not made
    flt = LogFilter(since=args.since, until=args.until, actor=args.actor, type=args.type, stream=args.stream)
    found: Iterable[Any] = entries(app, flt, reader=who)
    if args.limit is not None:  # the newest N that match, printed oldest first like the rest of the log
        newest: deque[Any] = deque(maxlen=args.limit)
        if flt == LogFilter():  # nothing to match: start just before the last N positions
            newest.extend(entries(app, flt, after=max(app.recorder.max_notification_id() or 0, 0) - args.limit,
                                  reader=who))
        if len(newest) < args.limit:  # a filter, or gaps in the positions: read them all
            newest.clear()
            newest.extend(found)
        found = newest
    shown = 0
    for e in found:
        shown += 1
        if args.json:
            print(json.dumps(e.to_json(), ensure_ascii=False))
        else:
            payload = json.dumps(e.to_json()["payload"], ensure_ascii=False)
            print(f"{e.position:>8} {local_time_text(e.recorded_at.isoformat())} {e.actor:<12} {e.stream[:8]} "
                  f"{e.type:<32} {_printable(e.reason) or '-'} {_printable(payload)}")
    words = [f"{k} {v}" for k, v in (("since", args.since), ("until", args.until), ("actor", args.actor),
                                     ("type", args.type), ("stream", args.stream), ("limit", args.limit)) if v]
    record_reading(app, who.name, "log.read", f"{shown} events" + (f"; {', '.join(words)}" if words else ""))
    return EXIT_OK


def _printable(text: str) -> str:
    """Text for a terminal line: control characters shown escaped, never acted on."""
    return "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in text)


def run_ui(args: argparse.Namespace) -> int:
    from domain.application import open_store
    from domain.identity import account_of, authenticated_user
    from tui.app import SecretariatApp

    _check_first_user(args)
    app = open_store(_store_url(args), create=True)
    if app.is_empty():
        account = account_of(app)
        app.bootstrap(_first_user(args, account), login=account)
    args.authenticated = authenticated_user(app, args.user)
    _use_settings(app, args)
    user = args.authenticated.name
    with Bars() as bars:  # a register rebuilt on start shows its progress
        _registers(app, args, progress=bars.registers).close()
    ui = SecretariatApp(app, user, inbox_first=True, settle_heap=True)
    ui.run()
    if "administrator" in app.actor(user).roles:
        _auto_checkpoint(app, app.head(), force=True)  # the end of an administrator's session
    if (unexpected := ui.unexpected_error()) is not None:  # one sentence, no traceback (tui.unexpected)
        print(unexpected, file=sys.stderr)
        return EXIT_INTERNAL
    return ui.return_code or EXIT_OK  # 129 when its terminal was closed under it (tui.terminal)


def run_demo(args: argparse.Namespace) -> int:
    import time

    from projections.bulk import load_demo

    app = _open(args)
    started = time.perf_counter()
    with Bars() as bars:
        written = load_demo(app, _acting_user(args), events=args.events, seed=args.seed,
                            progress=bars.counter(_("demo: writing events")))
    _auto_checkpoint(app, app.head(), force=True)
    _say(_("demo loaded: {written} events (seed {args_seed}) in {perf_counter:.1f}s; the store holds {head} events "
           "and its registers are up to date", written=written, args_seed=args.seed,
           perf_counter=time.perf_counter() - started, head=app.head()))
    return EXIT_OK


HANDLERS: dict[str, Callable[[argparse.Namespace], int]] = {
    "init": run_init, "users": run_users, "verify": run_verify, "checkpoint": run_checkpoint,
    "log": run_log, "rebuild": run_rebuild, "status": run_status, "show": run_show, "history": run_history,
    "demo": run_demo, "approvals": run_approvals,
    "export": lambda args: run_export(args, _open(args), _acting_user(args), _reader),
    "verify-export": lambda args: run_verify_export(args, _trusted_key),
    "report": lambda args: run_report(args, lambda: _actor_and_registers(args)),
    "run": lambda args: run_command(args, _Parser, UsageError, _open, _acting_user, _registers),
    "import": lambda args: run_import_command(args, UsageError, _open, _acting_user, _registers),
    "dashboard": lambda args: run_dashboard(args, lambda: _actor_and_registers(args)),
    "backup": lambda args: run_backup(args, _store_url(args)),
    "restore": lambda args: run_restore(args, _store_url(args)),
    "copy": lambda args: run_copy(args, _store_url(args)),
    "print": lambda args: run_print(args, lambda: _app_registers_reader(args)),
    "badges": lambda args: run_badges(args, lambda: _app_registers_reader(args)),
    "verify-badge": run_verify_badge,
    "attach": lambda args: _files(run_attach, args, _open, _acting_user, _record_id),
    "attachments": lambda args: _files(run_list, args, _open, _acting_user, _record_id),
    "attachment-get": lambda args: _files(run_get, args, _open, _acting_user),
    "attachment-folder": lambda args: _files(run_folder, args, _open, _acting_user),
}


def _files(handler: Callable[..., int], *args: Any) -> int:
    """A file the user named that cannot be read or written is bad usage (exit 2), in one sentence."""
    from tui.attachment_files import FileProblem

    try:
        return handler(*args)
    except FileProblem as e:
        raise UsageError(str(e)) from None


def _open_stores() -> set[Any]:
    """The applications open in this process (none before domain.application is first imported)."""
    module = sys.modules.get("domain.application")
    return set(module.Secretariat.opened) if module is not None else set()


def _close_stores_since(before: set[Any]) -> None:
    """Close what this run opened (its checkpointer ends with it), and wait for the checkpointers of stores the
    garbage collector closed meanwhile: nothing touches a store's files once main returns."""
    for app in _open_stores() - before:
        app.close()
    recorders = sys.modules.get("domain.eventstore.recorders")
    if recorders is not None:
        recorders.ChainSQLiteApplicationRecorder.wait_for_stopped_checkpointers()


def main(argv: Sequence[str] | None = None) -> int:
    try:
        argv = list(sys.argv[1:] if argv is None else argv)
        _refuse_undecodable(argv)
        lang, argv = option_value(argv)  # the language first: help texts and refusals are in it
        use_language(resolve(lang, ""))
        install_argparse()  # argparse's own headings and errors in it too
        try:
            args = build_parser().parse_args(argv)
            args.lang = lang
        except SystemExit as e:  # --help (and --version) print and stop: an answer, not an exit from a caller
            return e.code if isinstance(e.code, int) else EXIT_OK
        handler = HANDLERS.get(args.cmd or "", run_ui)
        before = _open_stores()
        try:
            return handler(args)
        finally:
            _close_stores_since(before)
    except (UsageError, UnknownLanguage) as e:
        return _fail(say(e), EXIT_USAGE)
    except StoreError as e:
        return _fail(say(e), EXIT_USAGE)
    except SecretariatError as e:
        return _fail(_("refused: {e}", e=e), EXIT_REFUSED)
    except (sqlite3.DatabaseError, ESOperationalError, ESInterfaceError) as e:
        return _store_fault(argv, e)
    except OSError as e:
        if isinstance(e, BrokenPipeError):
            return EXIT_OK
        where = f" {e.filename}" if getattr(e, "filename", None) else ""
        return _fail(_("cannot use{where}: {value}", where=where, value=e.strerror or first_line(e)), EXIT_USAGE)
    except KeyboardInterrupt:
        return 130
    except Exception as e:  # the last line of defence: a user never sees a traceback
        if os.environ.get("SECRETARIAT_DEBUG"):
            raise
        if getattr(e, "sqlstate", None) == "42501":  # PostgreSQL's insufficient_privilege, whatever raised it
            return _fail(_("the store refused this account ({first_line}); its owner must run the grants that "
                           "'secretariat init' printed", first_line=first_line(e)), EXIT_USAGE)
        if _connection_lost(e):
            return _fail(_("the connection to the store was lost ({first_line}); a command that was not acknowledged "
                           "can be sent again with the same --command-id", first_line=first_line(e)), EXIT_USAGE)
        return _fail(_("unexpected {name}: {first_line} (set SECRETARIAT_DEBUG=1 for details)",
                       name=type(e).__name__, first_line=first_line(e)),
                     EXIT_INTERNAL)


def _store_fault(argv: Sequence[str] | None, e: Exception) -> int:
    """A database error: a corrupt store is marked and named; any other is the store being busy or away."""
    sqlite_fault = isinstance(e, sqlite3.DatabaseError) and not isinstance(e, sqlite3.OperationalError)
    if sqlite_fault or _corrupt(e):
        return _fail(_found_corrupt(argv, e), EXIT_USAGE)
    return _fail(_("the store is busy or unavailable ({first_line}); try again", first_line=first_line(e)),
                 EXIT_USAGE)


def _fail(message: str, code: int) -> int:
    """One line on stderr: whatever the message quotes (paths, names, URLs) cannot break it in two."""
    from domain.eventstore.files import shown

    try:
        print(_("secretariat: {shown}", shown=shown(message)), file=sys.stderr)
    except (OSError, ValueError):
        pass  # stderr itself is gone; the exit status still tells
    return code


def _corrupt(e: BaseException) -> bool:
    text = str(e).lower()
    return "malformed" in text or "not a database" in text or "corrupt" in text


def _found_corrupt(argv: Sequence[str] | None, e: BaseException) -> str:
    """A store found corrupt is marked, so that later writes to it are refused until it is restored."""
    from domain.eventstore.store import mark_corrupt

    store = _store_url(build_parser().parse_known_args(argv)[0]) if argv is not None else None
    mark_corrupt(store, first_line(e))
    return _("the store is corrupt ({first_line}); nothing was written, and writing to it is refused from now on: "
             "restore it from a backup ('secretariat verify' reads what is left)", first_line=first_line(e))


def _refuse_undecodable(argv: list[str]) -> None:
    """Arguments (and the store and user from the environment) must be text: bytes that are not UTF-8
    arrive as lone surrogates, which no name, path or URL may hold."""
    from domain.eventstore.files import shown

    def bad(text: str) -> bool:
        return any(0xD800 <= ord(ch) <= 0xDFFF for ch in text)

    for n, value in enumerate(argv, 1):
        if bad(value):
            raise UsageError(_("argument {n} ({shown}) is not valid UTF-8 text", n=n, shown=shown(value)[:80]))
        if "\x00" in value:  # no name, path or URL holds one; the operating system refuses it in paths
            raise UsageError(_("argument {n} ({shown}) contains a NUL character", n=n, shown=shown(value)[:80]))
    for name in ("SECRETARIAT_STORE", "USER"):
        if bad(os.environ.get(name, "")):
            raise UsageError(_("${name} is not valid UTF-8 text", name=name))


if __name__ == "__main__":
    sys.exit(main())
