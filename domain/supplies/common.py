"""Shared pieces of the supplies context: quantities, item lines typed as text ("SEAL=40, BP-PE26-001=1-540"),
serial ranges (sorted, non-overlapping [first, last] pairs) and the ids derived from codes."""

from __future__ import annotations

import re
import uuid
from functools import lru_cache
from typing import NamedTuple
from uuid import UUID

from domain.records import require

_NS = uuid.UUID("3d0f6c1e-52a8-4b7e-9f1c-8e2d4a6b0c13")
MAX_QUANTITY = 1_000_000_000
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9./-]{0,39}$")
Range = tuple[int, int]


def code(value: str, what: str) -> str:
    text = (value or "").strip().upper()
    require(_CODE.match(text), "{what} {value!r} must be 1-40 letters, digits, '-', '/' or '.'", what=what,
                               value=value)
    return text


def quantity(value: object, what: str, zero_ok: bool = False) -> int:
    """A whole number of units: not negative, more than zero unless zero is allowed, not absurdly large."""
    require(isinstance(value, int) and not isinstance(value, bool), "{what} must be a whole number", what=what)
    assert isinstance(value, int)
    require(value > 0 or (zero_ok and value == 0),
            "{what} {value} must be {value2}", what=what, value=value,
            value2='zero or more' if zero_ok else 'more than zero')
    require(value < MAX_QUANTITY, "{what} {value} is too large", what=what, value=value)
    return value


def serial_range(first: int | None, last: int | None, what: str) -> Range:
    require(first is not None and last is not None, "{what} needs a serial range (first and last serial)", what=what)
    assert first is not None and last is not None
    require(first > 0, "serial {first} of {what} must be positive", first=first, what=what)
    require(last >= first, "serial range {first}-{last} of {what} ends before it starts", first=first, last=last,
                           what=what)
    require(last < 10**15, "serial {last} of {what} is too large", last=last, what=what)
    return first, last


def range_text(r: Range) -> str:
    return f"{r[0]}-{r[1]}"


class Line(NamedTuple):
    """One item of a movement: its code, the quantity and, for numbered items, the serial range."""

    item: str
    quantity: int
    first: int | None = None
    last: int | None = None

    def __str__(self) -> str:  # as it is typed: SEAL=40, BP-PE26-001=1001-1540
        return f"{self.item}={self.first}-{self.last}" if self.first is not None else f"{self.item}={self.quantity}"


def parse_lines(text: str, what: str = "items") -> list[Line]:
    """'SEAL=40, BP-PE26-001=1001-1540' -> lines; each item once; a range is written FIRST-LAST."""
    lines: list[Line] = []
    seen: set[str] = set()
    parts = [p.strip() for p in (text or "").replace(";", ",").split(",") if p.strip()]
    require(parts, "{what} are required, written like SEAL=40, BP-PE26-001=1001-1540", what=what)
    for part in parts:
        name, eq, value = part.partition("=")
        require(eq and value.strip(), "{what}: {part!r} must be written CODE=QUANTITY or CODE=FIRST-LAST", what=what,
                                      part=part)
        item = code(name, "item code")
        require(item not in seen, "{what}: item {item} is listed twice", what=what, item=item)
        seen.add(item)
        first_text, dash, last_text = value.strip().partition("-")
        if dash:
            require(first_text.strip().isdigit() and last_text.strip().isdigit(),
                    "{what}: serial range {value!r} of {item} must be two whole numbers like 1001-1540", what=what,
                    value=value.strip(), item=item)
            first, last = serial_range(int(first_text), int(last_text), item)
            lines.append(Line(item, quantity(last - first + 1, f"quantity of {item}"), first, last))
        else:
            require(value.strip().isdigit(), "{what}: quantity {value!r} of {item} must be a whole number",
                                             what=what, value=value.strip(), item=item)
            lines.append(Line(item, quantity(int(value), f"quantity of {item}")))
    return lines


def parse_quantities(text: str, what: str, zero_ok: bool = True) -> dict[str, int]:
    """'SEAL=40, INK=2' -> {item: quantity} (no serial ranges)."""
    out: dict[str, int] = {}
    for part in [p.strip() for p in (text or "").replace(";", ",").split(",") if p.strip()]:
        name, eq, value = part.partition("=")
        require(eq and value.strip().isdigit(), "{what}: {part!r} must be written CODE=QUANTITY", what=what,
                                                part=part)
        item = code(name, "item code")
        require(item not in out, "{what}: item {item} is listed twice", what=what, item=item)
        out[item] = quantity(int(value), f"{what} of {item}", zero_ok=zero_ok)
    return out


def quantities_text(quantities: dict[str, int]) -> str:
    return ", ".join(f"{k}={v}" for k, v in quantities.items())


# ---- serial ranges -----------------------------------------------------------------------------------


def overlap(ranges: list[Range], first: int, last: int) -> Range | None:
    """The first range of `ranges` sharing a serial with first-last, or None."""
    for a, b in ranges:
        if a <= last and first <= b:
            return a, b
    return None


def covers(ranges: list[Range], first: int, last: int) -> bool:
    """Whether one range of `ranges` holds every serial first-last (they never touch, so one must)."""
    return any(a <= first and last <= b for a, b in ranges)


def with_range(ranges: list[Range], first: int, last: int) -> list[Range]:
    """`ranges` plus first-last (which overlaps none of them), adjacent ranges merged."""
    out: list[Range] = []
    for a, b in sorted([*ranges, (first, last)]):
        if out and out[-1][1] + 1 == a:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


def without_range(ranges: list[Range], first: int, last: int) -> list[Range]:
    """`ranges` minus first-last (which one of them covers)."""
    out: list[Range] = []
    for a, b in ranges:
        if a <= first and last <= b:
            if a < first:
                out.append((a, first - 1))
            if last < b:
                out.append((last + 1, b))
        else:
            out.append((a, b))
    return out


def ranges_text(ranges: list[Range] | list[list[int]]) -> str:
    return ", ".join(f"{a}-{b}" for a, b in ranges) or "-"


# ---- ids ------------------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def item_id(item: str) -> UUID:
    return uuid.uuid5(_NS, "item/" + item.strip().upper())


@lru_cache(maxsize=1024)
def warehouse_id(warehouse: str) -> UUID:
    return uuid.uuid5(_NS, "warehouse/" + warehouse.strip().upper())


@lru_cache(maxsize=16384)
def stock_id(item: str, warehouse: str) -> UUID:
    return uuid.uuid5(_NS, f"stock/{item.strip().upper()}/{warehouse.strip().upper()}")


@lru_cache(maxsize=16384)
def voter_figure_id(commission: UUID) -> UUID:
    return uuid.uuid5(_NS, f"voters/{commission.hex}")


@lru_cache(maxsize=256)
def plan_id(election: str) -> UUID:
    return uuid.uuid5(_NS, "plan/" + election.strip().upper())


@lru_cache(maxsize=16384)
def quota_id(commission: UUID) -> UUID:
    return uuid.uuid5(_NS, f"quota/{commission.hex}")


@lru_cache(maxsize=16384)
def dispatch_id(waybill: str) -> UUID:
    return uuid.uuid5(_NS, "dispatch/" + waybill.strip().upper())


@lru_cache(maxsize=16384)
def ballot_account_id(commission: UUID, item: str) -> UUID:
    return uuid.uuid5(_NS, f"ballots/{commission.hex}/{item.strip().upper()}")


def ballot_item_code(election: str, constituency: int) -> str:
    """Ballot papers are one item per election and constituency, coded from both: BP-PE26-001."""
    return f"BP-{election.strip().upper()}-{constituency:03d}"
