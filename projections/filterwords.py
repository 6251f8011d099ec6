"""The `name:value` words of a register's filter: which are known, what each value must look like, and the
SQL condition each adds. A bad word or value is never silently ignored or matched as text: `check` raises
FilterProblem with one sentence listing the valid words or values, and the register shows no rows for it.

What a value must be follows from the word:
- `since:` `until:` a date (2026-11-23) or date-time (2026-11-23T14:30); `on:` `expired:` `late:` a date or
  `today`; `year:` a year (2026); `month:` a month (2026-11);
- `due:` `overdue` (past due and still open), `today` (due today, open), `week` (due within the next
  7 days, open), `month` (due within 30 days from today, open), or a date (due on or before it);
- words naming a state or a category (`status:`, `kind:`, `channel:` ...): one of the values the register
  holds (or the start of one, where the word matches by prefix);
- the others (a unit, a number, a person): any text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from projections.calendars import date_text, latin_digits, month_range, parse_date, year_range
from projections.db import Database
from projections.registers import Register

DUE_WORDS = ("overdue", "today", "week", "month")
DATES = ("on", "expired", "late")
TIMES = ("since", "until")
CHOICES = frozenset({"status", "kind", "channel", "direction", "type", "movement", "military", "category",
                     "funding", "report", "level", "result", "source", "currency", "series"})
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?)?$")
_YEAR = re.compile(r"^\d{4}$")
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_WORD = re.compile(r"^[a-z]+(-[a-z]+)*$")  # letters, maybe hyphenated (in-force:)
_DUE = re.compile(r"^(?:(?P<open>.*) AND )?(?P<column>\w+) <= \?$")
_COLUMN = re.compile(r"^(?:substr\()?(?P<column>\w+)(?:, 1, length\(\?\)\) = \?| = (?P<upper>upper\()?\?)")
_PERIOD = re.compile(r"^substr\((?P<column>\w+), 1, (?P<length>[47])\) = \?$")  # year: / month: of a date column
MAX_CHOICES = 60


class FilterProblem(ValueError):
    """A filter word or value the register does not know; the message lists the valid ones."""


@dataclass(frozen=True)
class Condition:
    sql: str
    params: tuple[Any, ...]


def is_word(name: str) -> bool:
    """Whether `name:` is meant as a filter word (letters, maybe hyphenated), rather than text such as 12:30."""
    return bool(_WORD.match(name))


def _date(name: str, value: str, today: date, calendar: str = "gregorian") -> str:
    if value == "today":
        return today.isoformat()
    typed = latin_digits(value)
    if _DATE.match(typed):
        try:
            return parse_date(typed, calendar).isoformat()
        except ValueError:
            pass
    raise FilterProblem(f"{name}: needs a date like {date_text(today, calendar)} (or today), not {value!r}")


def _time(name: str, value: str, today: date, calendar: str = "gregorian") -> str:
    if value == "today":
        return today.isoformat()
    typed = latin_digits(value)
    if _TIME.match(typed):
        try:
            return parse_date(typed[:10], calendar).isoformat() + typed[10:].replace(" ", "T")
        except ValueError:
            pass
    shown = date_text(today, calendar)
    raise FilterProblem(f"{name}: needs a date like {shown} or a date-time like {shown}T14:30, not {value!r}")


def _due(sql: str, value: str, today: date, calendar: str = "gregorian") -> Condition:
    m = _DUE.match(sql)
    if m is None:  # a condition of another shape: only a date
        return Condition(sql, (_date("due", value, today, calendar),) * sql.count("?"))
    column, open_ = m.group("column"), m.group("open")
    guard = f"{open_} AND " if open_ else ""
    if value == "overdue":
        return Condition(f"{guard}{column} < ?", (today.isoformat(),))
    if value == "today":
        return Condition(f"{guard}{column} = ?", (today.isoformat(),))
    if value in ("week", "month"):  # the next 7 days, or 30 days on (as the contracts-ending report)
        return Condition(f"{guard}{column} >= ? AND {column} <= ?",
                         (today.isoformat(), (today + timedelta(days=6 if value == "week" else 30)).isoformat()))
    if _DATE.match(latin_digits(value)):
        return Condition(sql, (_date("due", value, today, calendar),))
    raise FilterProblem(f"due: is one of {', '.join(DUE_WORDS)} or a date like {date_text(today, calendar)}, "
                        f"not {value!r}")


def _choices(db: Database, conn: Any, register: Register, column: str) -> list[str]:
    rows = db.execute(conn, f"SELECT DISTINCT {column} FROM {register.table} WHERE {column} IS NOT NULL "
                      f"ORDER BY {column} LIMIT ?", (MAX_CHOICES + 1,))
    return [str(r[0]) for r in rows]


def _choice(db: Database, conn: Any, register: Register, name: str, sql: str, value: str) -> None:
    """Refuse a value no row holds, naming those it may be (only where the register holds few)."""
    m = _COLUMN.match(sql)
    if m is None:
        return
    held = _choices(db, conn, register, m.group("column"))
    if not held or len(held) > MAX_CHOICES:
        return
    typed = value.upper() if m.group("upper") else value
    prefix = sql.startswith("substr(")
    if any(h.startswith(typed) if prefix else h == typed for h in held):
        return
    raise FilterProblem(f"{name}: is one of {', '.join(held)}; no row has {value!r}")


def check(db: Database, conn: Any, register: Register, name: str, value: str, today: date,
          calendar: str = "gregorian") -> Condition:
    """The condition `name:value` adds to the register's query, or FilterProblem. Dates are typed in the
    reader's `calendar`, in any digit set."""
    known = register.fields or {}
    if name not in known:
        if not known:
            raise FilterProblem(f"{register.title} has no filter words ({name}: is not one); type part of any value")
        raise FilterProblem(f"unknown filter word {name}:; {register.title} knows "
                            + " ".join(f"{w}:" for w in known))
    sql = known[name]
    n = sql.count("?")
    if not value:
        raise FilterProblem(f"{name}: needs a value")
    if name == "due":
        return _due(sql, value, today, calendar)
    if name in TIMES:
        typed = _time(name, value, today, calendar)
        return Condition(sql, ((typed + "~") if name == "until" else typed,) * n)  # until: any time that day
    if name in DATES:
        return Condition(sql, (_date(name, value, today, calendar),) * n)
    if name in ("year", "month"):
        value = latin_digits(value)
        if name == "year" and not _YEAR.match(value):
            raise FilterProblem(f"year: needs a year like {date_text(today, calendar)[:4]}, not {value!r}")
        if name == "month" and not _MONTH.match(value):
            raise FilterProblem(f"month: needs a month like {date_text(today, calendar)[:7]}, not {value!r}")
        period = _PERIOD.match(sql)
        if calendar != "gregorian" and period is not None:  # that calendar's year or month, as a range of days
            try:
                first, after = (year_range(int(value), calendar) if name == "year" else
                                month_range(int(value[:4]), int(value[5:7]), calendar))
            except ValueError:
                raise FilterProblem(f"{name}: {value!r} is outside the calendar") from None
            column = period.group("column")
            return Condition(f"{column} >= ? AND {column} < ?", (first.isoformat(), after.isoformat()))
    if name in CHOICES and register.kind != "event":
        _choice(db, conn, register, name, sql, value)
    if register.effective and name == register.effective[0]:
        # a status that takes effect later is not yet that status (the table shows it "... from <date>")
        since = register.effective[1]
        return Condition(f"({sql}) AND ({since} IS NULL OR {since} <= ?)", (value,) * n + (today.isoformat(),))
    return Condition(sql, (value,) * n)
