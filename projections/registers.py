"""The registers users ask for by name (`secretariat show NAME`, the UI's sidebar): which table, in which
order, which columns, which column holds the record id, which roles may see it, and which rows only
cleared users see. Each projection module declares its own registers; `projections.catalogue` gathers them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from domain.errors import Refused
from projections.db import Database

STAFF = frozenset({"clerk", "head", "administrator", "auditor"})
ADMINS = frozenset({"administrator", "auditor"})
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
    roles: frozenset[str] = STAFF
    descending: bool = False  # newest first by default
    fields: dict[str, str] | None = None  # `name:value` filter words and the SQL condition each adds
    numeric: tuple[str, ...] = ()  # number columns besides the common ones (never searched as text)
    money: tuple[str, ...] = ()  # integer columns holding minor units (cents), shown as 1,234.56
    confidential: str | None = None  # an int column: rows where it is non-zero are only for cleared users
    timestamps: tuple[str, ...] = ()  # columns holding UTC ISO date-times, shown in local time to the second
    # (status column, date column): a status that takes effect on a later date than the reader's today is
    # shown with it ("on staff from 2026-12-01"); the date column need not be shown
    effective: tuple[str, str] | None = None

    @property
    def order_by(self) -> str:
        return ", ".join(self.order)

    @property
    def searchable(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in NUMERIC and c not in self.numeric and c not in self.money)

    def restriction(self, cleared: bool) -> str:
        """The SQL condition a user of this clearance reads the register under ('' for none)."""
        return "" if cleared or not self.confidential else f"{self.confidential} = 0"


def registers() -> dict[str, Register]:
    from projections.catalogue import registers as gathered

    return gathered()


def register(name: str) -> Register:
    known = registers()
    found = known.get(name)
    if found is None:
        raise Refused(f"unknown register {name!r}; registers are {', '.join(known)}")
    return found


def visible_registers(roles: list[str]) -> list[Register]:
    return [r for r in registers().values() if r.roles & set(roles)]


def is_cleared(user: Any) -> bool:
    return getattr(user, "clearance", "none") == "confidential"


RECORD_ID = "record_id"  # the key `read_register(record_id=True)` adds: the id of the record a row opens


def read_register(db: Database, conn: Any, name: str, limit: int | None = None,
                  cleared: bool = True, record_id: bool = False) -> list[dict[str, Any]]:
    r = register(name)
    restriction = r.restriction(cleared)
    where = f" WHERE {restriction}" if restriction else ""
    columns = (*r.columns, r.record, *(r.effective[1:] if r.effective else ()))
    sql = f"SELECT {', '.join(columns)} FROM {r.table}{where} ORDER BY {r.order_by}"
    out = []
    for row in db.execute(conn, sql + (" LIMIT ?" if limit else ""), (limit,) if limit else ()):
        values = dict(zip(r.columns, row, strict=False))
        if r.effective:  # a status not yet in effect today says from when, as in the UI's table
            values[r.effective[0]] = effective_status(values[r.effective[0]], row[-1], date.today())
        out.append({**values, RECORD_ID: row[len(r.columns)]} if record_id else values)
    return out


def effective_status(status: Any, effective: Any, today: date) -> Any:
    """A status as it stands on `today`: one that only takes effect later says from when."""
    if status is None or effective is None or str(effective) <= today.isoformat():
        return status
    return f"{status} from {effective}"


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


def cents(amount: Decimal | None) -> int | None:
    """A Decimal amount as the int minor units money columns hold (None stays None)."""
    return None if amount is None else int(amount * 100)


def searchable_columns(columns: tuple[str, ...], numbers: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The columns a register's text search covers: its shown columns less the numeric ones."""
    return tuple(c for c in columns if c not in numbers)
