"""The registers users ask for by name (`secretariat show NAME`, the UI's sidebar): which table, in which
order, which columns, which column holds the record id, which roles may see it, and which rows only
cleared users see. Each projection module declares its own registers; `projections.catalogue` gathers them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, overload

from domain.errors import NotPermitted, Refused
from domain.readpolicy import Reader, register_refusal
from domain.roles import REGISTER_READERS
from projections.db import Database

_UNIT_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,23}$")
NUMERIC = {"position", "version", "active", "subunits", "positions_total", "positions_vacant", "members",
           "precincts", "depth", "constituency", "precinct"}


@dataclass(frozen=True)
class Register:
    name: str
    projection: str
    table: str
    order: tuple[str, ...]
    columns: tuple[str, ...]
    title: str
    record: str = "id"
    key: tuple[str, ...] = ("id",)
    kind: str = ""  # the kind of record a row opens (unit, election, commission, position, user, event)
    roles: frozenset[str] = REGISTER_READERS
    descending: bool = False  # newest first by default
    fields: dict[str, str] | None = None  # `name:value` filter words and the SQL condition each adds
    numeric: tuple[str, ...] = ()  # number columns besides the common ones (never searched as text)
    money: tuple[str, ...] = ()  # integer columns holding minor units (cents), shown as 1,234.56
    confidential: str | None = None  # an int column: rows where it is non-zero are only for cleared users
    office: tuple[str, ...] = ()  # columns holding unit codes: an office-scoped reader sees a row when one
    # of them names a unit of their office (rows of no unit are headquarters')
    timestamps: tuple[str, ...] = ()  # columns holding UTC ISO date-times, shown in local time to the second
    # (status column, date column): a status that takes effect on a later date than the reader's today is
    # shown with it ("on staff from 2026-12-01"); the date column need not be shown
    effective: tuple[str, str] | None = None
    # SQL giving the whole register's number of rows where none is kept (a view: the event log's positions are
    # gap-free, so its count is its last position), read instead of a COUNT(*)
    count: str | None = None

    @property
    def order_by(self) -> str:
        return ", ".join(self.order)

    @property
    def searchable(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in NUMERIC and c not in self.numeric and c not in self.money)

    def restriction(self, cleared: bool) -> str:
        """The SQL condition a user of this clearance reads the register under ('' for none)."""
        return "" if cleared or not self.confidential else f"{self.confidential} = 0"

    def row_visible(self, reader: Reader, row: dict[str, Any]) -> bool:
        """`restriction_for` on one row in memory (replay): whether `reader` may see it."""
        if self.confidential and not reader.cleared and row.get(self.confidential):
            return False
        if self.office and reader.offices is not None:
            return any(isinstance(row.get(c), str) and row[c].upper() in reader.offices for c in self.office)
        return True

    def restriction_for(self, reader: Reader | None) -> str:
        """The SQL condition the read policy puts on `reader`'s rows: clearance and office scope."""
        if reader is None:
            return ""
        clauses = [self.restriction(reader.cleared)]
        if self.office and reader.offices is not None:
            codes = sorted(c for c in reader.offices if _UNIT_CODE.match(c))  # unit codes: safe to inline
            listed = ", ".join(repr(c) for c in codes) or "NULL"
            clauses.append("(" + " OR ".join(f"upper({c}) IN ({listed})" for c in self.office) + ")")
        return " AND ".join(c for c in clauses if c)


def registers() -> dict[str, Register]:
    from projections.catalogue import registers as gathered

    return gathered()


def register(name: str) -> Register:
    known = registers()
    found = known.get(name)
    if found is None:
        raise Refused("unknown register {name!r}; registers are {known}", name=name, known=', '.join(known))
    return found


def visible_registers(roles: list[str]) -> list[Register]:
    return [r for r in registers().values() if r.roles & set(roles)]


def readable_register(name: str, reader: Reader) -> Register:
    """The register `name`, if the read policy lets `reader` read it; NotPermitted in words if not."""
    r = register(name)
    refusal = register_refusal(reader, f"register {name}", r.roles)
    if refusal:
        raise NotPermitted(refusal)
    return r


def is_cleared(user: Any) -> bool:
    return getattr(user, "clearance", "none") == "confidential"


RECORD_ID = "record_id"  # the key `read_register(record_id=True)` adds: the id of the record a row opens


def read_register(db: Database, conn: Any, name: str, limit: int | None = None,
                  cleared: bool = True, record_id: bool = False, reader: Reader | None = None,
                  on: str | None = None) -> list[dict[str, Any]]:
    """A register's rows for `reader` when given (else cleared or not); with `on` (an ISO date), only those
    in force that day (its `on:` filter word)."""
    r = register(name)
    restriction = r.restriction_for(reader) if reader is not None else r.restriction(cleared)
    conditions = [c for c in (restriction,) if c]
    params: list[Any] = []
    if on is not None:
        condition = (r.fields or {}).get("on")
        if condition is None:
            raise Refused("the {name} register has no in-force date; --on works on {names}", name=name,
                          names=", ".join(n for n, x in registers().items() if x.fields and "on" in x.fields))
        conditions.append(condition)
        params += [on] * condition.count("?")
    where = f" WHERE {' AND '.join(conditions)}" if conditions else ""
    columns = (*r.columns, r.record, *(r.effective[1:] if r.effective else ()))
    sql = f"SELECT {', '.join(columns)} FROM {r.table}{where} ORDER BY {r.order_by}"
    if limit:
        sql, params = sql + " LIMIT ?", [*params, limit]
    out = []
    for row in db.execute(conn, sql, params):
        values = dict(zip(r.columns, row, strict=False))
        if r.effective:  # a status not yet in effect today says from when, as in the UI's table
            values[r.effective[0]] = effective_status(values[r.effective[0]], row[-1], date.today())
        out.append({**values, RECORD_ID: row[len(r.columns)]} if record_id else values)
    return out


def effective_status(status: Any, effective: Any, today: date) -> Any:
    """A status as it stands on `today`: one that only takes effect later says from when."""
    if status is None or effective is None or str(effective) <= today.isoformat():
        return status
    return status_from(status, effective)


_FROM = " from "


def status_from(status: str, day: Any) -> str:
    """A status with the day it takes effect, as a status column holds it ("repealed from 2026-09-16"): a word of
    the domain's vocabulary and an ISO day, which the interface says in the reader's language and calendar
    (`status_and_day`); a `status:` filter still finds it by its word."""
    return f"{status}{_FROM}{text_day(day)}"


def status_and_day(value: Any) -> tuple[str, str] | None:
    """The status and ISO day of a `status_from` value; None for any other value."""
    if not isinstance(value, str) or _FROM not in value:
        return None
    status, _sep, day = value.rpartition(_FROM)
    return (status, day) if _ISO_DAY.fullmatch(day) else None


_ISO_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def text_day(day: Any) -> str:
    return day.isoformat() if isinstance(day, date) else str(day)


def local_time_text(value: Any) -> str:
    """A stored UTC ISO date-time as this computer's local time to the second ('2026-11-23 18:30:05')."""
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def money_text(value: Any) -> str:
    """Minor units (an int) as an amount: 123456 -> '1,234.56'."""
    if value is None:
        return "-"
    sign = "-" if int(value) < 0 else ""
    whole, cents = divmod(abs(int(value)), 100)
    return f"{sign}{whole:,}.{cents:02d}"


def prefix_match(column: str) -> str:
    """A filter word matching values that start with the typed word (`status:under` finds 'under review')."""
    return f"substr({column}, 1, length(?)) = ?"


@overload
def cents(amount: Decimal) -> int: ...


@overload
def cents(amount: None) -> None: ...


def cents(amount: Decimal | None) -> int | None:
    """A Decimal amount as the int minor units money columns hold (None stays None)."""
    return None if amount is None else int(amount * 100)


def searchable_columns(columns: tuple[str, ...], numbers: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The columns a register's text search covers: its shown columns less the numeric ones."""
    return tuple(c for c in columns if c not in numbers)
