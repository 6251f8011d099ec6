"""Reports: named, read-only questions put to the registers (journals, overdue lists, budget execution),
answered as a small table the CLI prints (`secretariat report NAME [--json]`) and the UI shows.

A context's projection module declares its reports in REPORTS; each report's `build` reads the register
tables through a ReportContext, in SQL both stores understand (`?` placeholders), and returns a
ReportResult. Reports that depend on the date ("overdue", "ending in 30 days") take it from the context,
so a test can fix it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from domain.errors import Refused
from domain.preferences import check_calendar
from domain.readpolicy import Reader
from domain.roles import REGISTER_READERS
from domain.shown import english
from projections.calendars import date_text, latin_digits, month_of, year_range
from projections.db import Database
from projections.registers import money_text, registers


@dataclass(frozen=True)
class ReportContext:
    db: Database
    conn: Any
    today: date
    cleared: bool = False  # whether the reader may see confidential rows
    params: dict[str, str] = field(default_factory=dict)  # `--param name=value` / the UI's parameter line
    calendar: str = "gregorian"  # the reader's: months and years are grouped and chosen in it (`calendar=` too)

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.db.execute(self.conn, sql, params)]

    def param(self, name: str, default: str = "") -> str:
        return self.params.get(name, default).strip()


@dataclass(frozen=True)
class ReportResult:
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    money: tuple[str, ...] = ()  # columns holding minor units, printed as amounts
    bars: str | None = None  # a column whose values are drawn as proportional bars (UI and text, not JSON)
    notes: tuple[str, ...] = ()  # lines printed under the table (totals, the date it was computed for)
    percent: tuple[str, ...] = ()  # columns holding a whole percentage (83), printed as 83%

    def cell(self, column: str, value: Any) -> str:
        if value is None:
            return "-"
        if column in self.money:
            return money_text(value)
        if column in self.percent:
            return f"{value}%"
        return format(value, "")  # an Amount (domain.shown) with thousands and cents

    def bar_cells(self, row: tuple[Any, ...], width: int = 20) -> list[str]:
        """The bar drawn for a row (a one-item list), or nothing when the report has no bars."""
        if self.bars is None:
            return []
        i = self.columns.index(self.bars)
        largest = max((r[i] or 0 for r in self.rows), default=0)
        return [bar(row[i] or 0, largest, width)]

    def as_dicts(self) -> list[dict[str, Any]]:
        """Rows for JSON: money as decimal strings, so no amount passes through a float."""
        out = []
        for row in self.rows:
            out.append({c: (money_text(v).replace(",", "") if c in self.money and v is not None else english(v))
                        for c, v in zip(self.columns, row, strict=True)})
        return out


@dataclass(frozen=True)
class Report:
    name: str
    title: str
    build: Callable[[ReportContext], ReportResult]
    roles: frozenset[str] = REGISTER_READERS
    params: tuple[str, ...] = ()  # the parameters it understands, e.g. ("year",)
    description: str = ""


def reports() -> dict[str, Report]:
    from projections.catalogue import reports as gathered

    return gathered()


def report(name: str) -> Report:
    known = reports()
    found = known.get(name)
    if found is None:
        raise Refused("unknown report {name!r}; reports are {value}", name=name,
                      value=', '.join(known) or 'none yet')
    return found


def visible_reports(roles: Sequence[str]) -> list[Report]:
    return [r for r in reports().values() if r.roles & set(roles)]


def run_report(ctx: ReportContext, name: str, roles: Sequence[str]) -> ReportResult:
    """Run a report for a reader of these roles. Every report takes `calendar=` (gregorian or solar_hijri):
    the calendar its months and years are grouped and chosen in, else the reader's own."""
    r = report(name)
    if not r.roles & set(roles):
        raise Refused("report {name} is for {roles}", name=name, roles=', '.join(sorted(r.roles)))
    if "calendar" in ctx.params:
        params = {k: v for k, v in ctx.params.items() if k != "calendar"}
        ctx = replace(ctx, params=params, calendar=check_calendar(ctx.params["calendar"].strip()))
    unknown = sorted(set(ctx.params) - set(r.params))
    if unknown:
        if r.params:
            raise Refused("report {name} takes no parameter {unknown}; it takes {params}", name=name,
                          unknown=", ".join(unknown), params=", ".join(r.params))
        raise Refused("report {name} takes no parameter {unknown}", name=name, unknown=", ".join(unknown))
    return r.build(ctx)


def bar(value: float, largest: float, width: int = 20) -> str:
    """A proportional bar of block characters (for the UI and plain-text output)."""
    if largest <= 0 or value <= 0:
        return ""
    return "█" * max(1, round(width * value / largest))


def visible_clause(ctx: ReportContext) -> str:
    """The condition that hides confidential rows from a reader without clearance."""
    return "" if ctx.cleared else " AND confidential = 0"


def year_clause(ctx: ReportContext, column: str) -> tuple[str, list[Any]]:
    """The `year` parameter (a year of the reader's calendar) as a condition on a date column (none when not
    given)."""
    year = latin_digits(ctx.param("year"))
    if not year:
        return "", []
    if not (year.isdigit() and len(year) == 4):
        raise Refused("year must be like {example}, not {year!r}", example=date_text(ctx.today, ctx.calendar)[:4],
                      year=year)
    if ctx.calendar == "gregorian":
        return f" AND substr({column}, 1, 4) = ?", [year]
    first, after = year_range(int(year), ctx.calendar)
    return f" AND {column} >= ? AND {column} < ?", [first.isoformat(), after.isoformat()]


def month_key(ctx: ReportContext, day: str) -> str:
    """The month of a stored ISO day as the report groups it: `2026-12`, or `1405-09` in Solar Hijri."""
    return day[:7] if ctx.calendar == "gregorian" else month_of(date.fromisoformat(day[:10]), ctx.calendar)


def days_late(due: str | None, today: date) -> int:
    """Days from a stored due date to today (negative while not yet due)."""
    return (today - date.fromisoformat(due)).days if due else 0


@contextmanager
def scoped_connection(db: Database, reader: Reader) -> Iterator[Any]:
    """A connection of its own on which each register table with a unit column holds only the rows of
    `reader`'s office (a temporary view of the same name shadows the table), so every report adds up
    exactly what the reader may see. Readers of every office get a plain connection."""
    conn = db.connect()
    try:
        if reader.offices is not None:
            schema = "main" if db.kind == "sqlite" else (db.config.schema or "public")
            done: set[str] = set()
            for r in registers().values():
                if r.office and r.table not in done:
                    done.add(r.table)
                    db.execute(conn, f"CREATE TEMP VIEW {r.table} AS SELECT * FROM {schema}.{r.table} "
                                     f"WHERE {r.restriction_for(reader)}")
        yield conn
    finally:
        db.close(conn)


def execution_counts(rows: Iterable[Sequence[Any]], today: date) -> dict[str, list[int]]:
    """Execution discipline per unit, from (unit, due, done) rows with ISO dates (done None while open): how many
    were executed on time, late, are still open, and of those overdue. Letters, appeals, decisions and orders
    under control are all counted this way."""
    day = today.isoformat()
    counts: dict[str, list[int]] = {}
    for unit, due, done in rows:
        c = counts.setdefault(unit, [0, 0, 0, 0])
        if done is None:
            c[2] += 1
            c[3] += due < day
        else:
            c[0 if done <= due else 1] += 1
    return counts
