"""`secretariat run COMMAND --field VALUE ... [--reason R] [--json]`: any command of the domain
(`domain.commands.COMMANDS`), its options built from the command's own declaration, read as the forms read
it (`tui.widgets.fields.form_fields`: kinds, choices, patterns, text limits, requirements, defaults), and run
through the application API as the acting (authenticated) user, as the UI's forms run it.

`run --help` lists the commands; `run NAME --help` shows its fields. A value that cannot be the field's (a
date that is no date, an unknown choice, a missing required field) is bad usage (exit 2) and the command is
not run; a rule that refuses it exits 1 and records nothing. A command recorded while the registers could not
follow it (a lost connection, a table closed to the clerk's role) is still reported recorded (exit 0), with
one line on stderr saying the registers lag."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from functools import partial
from typing import Any, NoReturn

from tui.field_values import is_bool, typed_value
from tui.i18n.catalogue import _, say
from tui.lagging import registers_behind


def add_parser(sub: Any) -> None:
    run = sub.add_parser("run", add_help=False, help=_("run any command you may run, its fields as options "
                         "('run --help' lists them, 'run NAME --help' shows one's fields)"))
    run.add_argument("-h", "--help", action="store_true", help=_("list the commands"))
    run.add_argument("command_name", nargs="?", metavar="NAME")
    run.add_argument("rest", nargs=argparse.REMAINDER)


def commands() -> dict[str, Any]:
    import domain.application  # noqa: F401  (every context's commands registered)
    from domain.commands import COMMANDS

    return dict(sorted(COMMANDS.items()))


def command_class(name: str, usage: Callable[[str], Exception]) -> Any:
    found = commands().get(name)
    if found is None:
        raise usage(f"unknown command {name!r}; 'secretariat run --help' lists them")
    return found


def option(name: str) -> str:
    return "--" + name.replace("_", "-")


def field_help(command: Any, field: Any) -> str:
    """One field in words: what it is, its kind, choices, whether required, its default."""
    kind = "yes or no" if is_bool(command, field.name) else {
        "date": "a date like 2026-11-23", "int": "a whole number", "amount": "an amount like 1250.00",
        "choice": "one of " + ", ".join(field.choices), "longtext": "text (several lines allowed)",
        "reference": f"a {field.reference.table[:-1] if field.reference else 'record'} code or name",
    }.get(field.kind, "text")
    parts = [field.label, kind, field.requirement or "required"]
    if field.default and not field.required:
        parts.append(_("default {field_default}", field_default=field.default))
    if field.pattern:
        parts.append(field.pattern[1])
    return "; ".join(p for p in parts if p)


def command_parser(command: Any, parser_class: type[argparse.ArgumentParser]) -> argparse.ArgumentParser:
    from tui.widgets.fields import form_fields

    roles = ", ".join(sorted(command.roles))
    p = parser_class(prog=f"secretariat run {command.name}",
                     description=_("{title} (for {roles})", title=_(command.title) if command.title else command.name,
                                   roles=roles)
                     + (_("; it needs --reason") if command.needs_reason else ""))
    names = set()
    for f in form_fields(command):
        names.add(f.name)
        spellings = dict.fromkeys([option(f.name), f"--{f.name}"])
        p.add_argument(*spellings, dest=f"field_{f.name}", metavar="VALUE", required=f.required,
                       help=field_help(command, f))
    if "reason" not in names:
        p.add_argument("--reason", default="", help=_("why (recorded with the events; required where the "
                       "command needs a reason)"))
    p.add_argument("--json", action="store_true", help=_("print the outcome as one JSON object"))
    return p


def _field_error(parser: argparse.ArgumentParser, name: str, message: str) -> NoReturn:
    parser.error(f"{option(name)}: {message}")


def values_of(command: Any, parsed: argparse.Namespace, parser: argparse.ArgumentParser) -> dict[str, Any]:
    """The typed field values given (those not given are left to the command's own defaults)."""
    from tui.widgets.fields import form_fields

    values: dict[str, Any] = {}
    for f in form_fields(command):
        raw = getattr(parsed, f"field_{f.name}")
        if raw is None:
            continue
        values[f.name] = typed_value(command, f, raw, partial(_field_error, parser, f.name))
    return values


def list_commands() -> int:
    print(_("Commands ('secretariat run NAME --help' shows one's fields):"))
    known = commands()
    width = max(len(n) for n in known)
    for name, cls in known.items():
        print(f"  {name:<{width}}  {_(cls.title) if cls.title else name} ({', '.join(sorted(cls.roles))})")
    return 0


def run_command(args: argparse.Namespace, parser_class: type[argparse.ArgumentParser],
                usage: Callable[[str], Exception], open_store: Callable[[argparse.Namespace], Any],
                acting_user: Callable[[argparse.Namespace], str],
                registers: Callable[[Any, argparse.Namespace], Any]) -> int:
    if args.help or not args.command_name:
        return list_commands()
    command = command_class(args.command_name, usage)
    parser = command_parser(command, parser_class)
    parsed = parser.parse_args(args.rest)
    values = values_of(command, parsed, parser)
    reason = getattr(parsed, "reason", "")  # a command with a field of that name has no envelope reason option
    app = open_store(args)
    built = app.command(command.name, values)
    result = app.handle(built, user=acting_user(args), command_id=args.command_id, reason=reason)
    behind = _bring_registers_up(registers, app, args, result.position) if result.position else None
    if parsed.json:
        print(json.dumps({"command": command.name, "message": result.message, "position": result.position,
                          "replayed": result.replayed,
                          "record_ids": [r.hex for r in result.outcome.record_ids]}, ensure_ascii=False))
    else:
        print(say(result.message) + (_(" (already recorded)") if result.replayed else ""))
    if behind is not None:  # recorded all the same: a script must not send it again as if it had failed
        print(_("secretariat: {shown}", shown=registers_behind(behind)), file=sys.stderr)
    return 0


def _bring_registers_up(registers: Callable[[Any, argparse.Namespace], Any], app: Any, args: argparse.Namespace,
                        position: int) -> Exception | None:
    """Catch the registers up to the recorded command; why not, if they could not be."""
    try:
        regs = registers(app, args)
        try:
            regs.wait(position)
        finally:
            regs.close()
    except Exception as e:  # the command is in the store whatever the registers' fate
        return e
    return None

