"""What a form needs to know about a command's fields: their kind (text, date, number, amount, choice,
reference), how to check a typed value, and where a reference looks up its records.

Built from each command's typed schema (its msgspec fields); the few things a type cannot say (which
strings are choices, which name another register) are declared here, by field name.
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

import msgspec

from domain import access, organisation, personnel, roles
from domain.commands import Command
from domain.records import LINE, TextLimit
from tui.i18n.catalogue import _
from tui.i18n.formats import date_example, read_date, read_digits, show_date


@dataclass(frozen=True)
class Reference:
    """A field naming a record of another register, found by typing part of its code or name."""

    table: str
    value: str  # the column whose value the command takes
    label: str  # the column shown beside it
    active_only: bool = True  # units and users: only active ones
    where: str = ""  # any other condition a candidate must meet, e.g. "status = 'in store'"
    confidential: str | None = None  # an int column: rows where it is non-zero only for cleared users
    scope: tuple[str, str] | tuple[()] = ()  # (column, form field): only records whose column equals that field's value


def with_status(statuses: typing.Iterable[str]) -> str:
    """A picker's condition on a record's status: one of these (read from the domain's declaration)."""
    return "status IN ({})".format(", ".join(f"'{s}'" for s in statuses))


UNIT = Reference("units", "code", "name")
# the people still employed (on staff, or leaving): whom the contexts' commands give something to
EMPLOYEE = Reference("employees", "number", "full_name", active_only=False, where=with_status(personnel.EMPLOYED))
ELECTION = Reference("elections", "code", "name", active_only=False)
USER = Reference("users", "name", "full_name")

REFERENCES: dict[str, Reference] = {"parent": UNIT, "unit": UNIT, "office": UNIT, "election": ELECTION, "user": USER}
CHOICES: dict[str, tuple[str, ...]] = {
    "role": roles.ROLES, "clearance": access.CLEARANCES, "kind": organisation.UNIT_KINDS,
}
# Where the same field name means something else in one command.
COMMAND_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("elections.schedule", "kind"): organisation.ELECTION_KINDS,
    ("commissions.appoint", "role"): organisation.MEMBER_ROLES,
}
COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {
    ("units.rename", "code"): UNIT, ("units.dissolve", "code"): UNIT,
}
NEW_NAMES = {("users.add", "user")}  # a new record's own name, not a reference to an existing one
# Shapes the domain insists on, checked as they are typed (the domain checks them again).
PATTERNS: dict[str, tuple[str, str]] = {
    "code": (r"^[A-Za-z0-9][A-Za-z0-9-]{0,23}$", "1-24 letters, digits or '-'"),
}
COMMAND_PATTERNS: dict[tuple[str, str], tuple[str, str]] = {
    ("users.add", "user"): (r"^[A-Za-z][A-Za-z0-9._-]{1,31}$", "2-32 letters, digits, '.', '_' or '-', from a letter"),
}
# Dates that record when something happens: a new form starts them on today.
DATED_TODAY = frozenset({"on", "order_date", "value_date", "effective", "valid_from"})
LABELS = {"unit_name": "Name", "election_name": "Name", "commission_name": "Name", "position_title": "Title",
          "full_name": "Full name", "voting_day": "Voting day", "nominated_by": "Nominated by"}


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    kind: str  # text, longtext (several lines), date, int, amount, choice, reference
    required: bool
    choices: tuple[str, ...] = ()
    reference: Reference | None = None
    pattern: tuple[str, str] | None = None
    default: str = ""  # the command's own default, shown in a new form ("" for none)
    limit: TextLimit = LINE  # the command's declaration: how long, and whether it may hold several lines
    condition: str = ""  # when an optional field is required after all, as the command declares it

    @property
    def requirement(self) -> str:
        """What the label says beside the name: nothing for a required field."""
        if self.condition:
            return _("required {condition}", condition=_(self.condition))
        return "" if self.required else _("optional")

    def check(self, raw: str) -> str | None:
        """A message if the typed text cannot be this field's value, else None."""
        text = raw.strip()
        if not text:
            return _("{label} is required", label=self.label) if self.required else None
        if self.kind == "date":
            try:
                read_date(text)
            except ValueError:
                return _("a date like {example}", example=date_example())
        elif self.kind == "int":
            if not (read_digits(text).isascii() and read_digits(text).isdigit()):
                return _("a whole number")
        elif self.kind == "amount":
            try:
                amount = Decimal(read_digits(text).replace(",", ""))
            except InvalidOperation:
                amount = Decimal("NaN")
            if not amount.is_finite():
                return _("an amount like 1250.00")
            exponent = amount.as_tuple().exponent  # an int for a finite amount (a letter only for NaN, infinity)
            if isinstance(exponent, int) and exponent < -2:
                return _("at most two decimal places")
        elif self.kind == "choice" and text not in self.choices:
            return _("one of {choices}", choices=", ".join(self.choices))
        if self.pattern and not re.match(self.pattern[0], text):
            return _(self.pattern[1])
        if len(text) > self.limit.max_length:
            return _("at most {limit:,} characters ({typed:,} typed)", limit=self.limit.max_length, typed=len(text))
        allowed = "\n\t" if self.limit.multiline else ""
        if any((ord(ch) < 32 or ord(ch) == 127) and ch not in allowed for ch in text):
            return _("text without control characters") if self.limit.multiline else _("a single line")
        return None

    def value(self, raw: str) -> Any:
        text = raw.strip()
        if not text:
            return None
        if self.kind == "date":
            return read_date(text)
        if self.kind == "int":
            return int(read_digits(text))
        if self.kind == "amount":
            return Decimal(read_digits(text).replace(",", ""))
        return text


def _base_type(annotation: Any) -> tuple[Any, bool, TextLimit]:
    """(the type, whether None is allowed, its declared text limit) of an annotation like `Long | None`."""
    optional = False
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [a for a in typing.get_args(annotation) if a is not type(None)]
        annotation, optional = args[0], True
    limit = LINE
    if typing.get_origin(annotation) is typing.Annotated:
        limit = next((m for m in annotation.__metadata__ if isinstance(m, TextLimit)), LINE)
        annotation = typing.get_args(annotation)[0]
    return annotation, optional, limit


@cache
def hints() -> dict[str, Any]:
    """The form hints above, with every context's own (tui.plugins) merged in."""
    from tui.plugins import merged

    return {name: merged(name, base) for name, base in (
        ("REFERENCES", REFERENCES), ("CHOICES", CHOICES), ("COMMAND_CHOICES", COMMAND_CHOICES),
        ("COMMAND_REFERENCES", COMMAND_REFERENCES), ("NEW_NAMES", NEW_NAMES), ("PATTERNS", PATTERNS),
        ("COMMAND_PATTERNS", COMMAND_PATTERNS), ("LABELS", LABELS), ("COMMAND_LABELS", {}))}


def form_fields(command: type[Command]) -> list[Field]:
    h = hints()
    fields = []
    for f in msgspec.structs.fields(command):
        base, optional, limit = _base_type(f.type)
        label = _(h["COMMAND_LABELS"].get((command.name, f.name)) or h["LABELS"].get(
            f.name, f.name.replace("_", " ").capitalize()))
        required = f.required and not optional
        reference = h["COMMAND_REFERENCES"].get((command.name, f.name)) or h["REFERENCES"].get(f.name)
        if (command.name, f.name) in h["NEW_NAMES"]:
            reference = None
        choices = h["COMMAND_CHOICES"].get((command.name, f.name)) or h["CHOICES"].get(f.name, ())
        if base is date:
            kind = "date"
        elif base is int:
            kind = "int"
        elif base is Decimal:
            kind = "amount"
        elif choices:
            kind = "choice"
        elif reference is not None:
            kind = "reference"
        else:
            kind = "longtext" if limit.multiline else "text"
        pattern = h["COMMAND_PATTERNS"].get((command.name, f.name)) or (
            h["PATTERNS"].get(f.name) if kind == "text" else None)
        default = "" if f.default in (msgspec.NODEFAULT, None) else str(f.default)
        if kind == "date" and required and (f.name in DATED_TODAY or f.name.endswith("_on")):
            default = show_date(date.today())
        fields.append(Field(f.name, label, kind, required, choices if kind == "choice" else (),
                            reference if kind == "reference" else None, pattern, default, limit,
                            command.required_when.get(f.name, "")))
    return fields
