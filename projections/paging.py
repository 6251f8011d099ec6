"""Reading a register a page at a time, in SQL: sorted on any of its columns, filtered by a typed text,
counted, and positioned by record, without ever loading the whole register.

Pages are fetched by offset through a key-only subquery, so jumping to any page reads index entries,
not rows (SQLite orders by `col, rowid`, which its single-column indexes already hold). The filter
matches a substring of any shown text column in its search form (`domain.folding.fold`: case, Azerbaijani
i/ı, Arabic and Persian letter variants, harakat and tatweel), on both stores and both paths: the typed
text is folded and matched against the table's FOLDED column, written with the same function; on SQLite a
trigram index over that column answers it when the folded text has three or more characters, so a rare
value is found without reading every row. `name:value` words are checked by `projections.filterwords`:
a bad one is reported in `problem` and matches no row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from domain.folding import fold
from projections.db import Database
from projections.engine import FOLDED
from projections.filterwords import Condition, FilterProblem, check, is_word
from projections.registers import Register, effective_status
from projections.rowcounts import row_count

MAX_FILTER = 100
SPARSE = 5_000  # at most this many matches: fetch them by the trigram index and sort them
COUNT_CAP = 10_000  # a filter too short for the index counts this far at most


_CONTROL = re.compile("[\x00-\x1f\x7f]")


def clean_filter(text: str) -> str:
    """The filter as typed, its control characters turned into spaces: a NUL ends SQLite's full-text query
    and PostgreSQL refuses it, and in a LIKE pattern it would match every row."""
    return _CONTROL.sub(" ", text)


def like_pattern(text: str) -> str:
    """A LIKE pattern (with ESCAPE '\\') matching `text` anywhere, its % _ and \\ taken literally."""
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_table(db: Database, conn: Any, table: str) -> str | None:
    """The trigram index of a register table (SQLite), found through the triggers that keep it: each
    generation of a table has its own (`<table>_search_g<n>`; stores made before that, `<table>_search`)."""
    if db.kind != "sqlite":
        return None
    found = db.execute(conn, "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = ? "
                       "AND name GLOB '*_ai'", (table,))
    if not found:
        return None
    generation = found[0][0].rsplit("_g", 1)[-1].removesuffix("_ai")
    for name in (f"{table}_search_g{generation}", f"{table}_search"):
        if db.table_exists(conn, name):
            return name
    return None


@cache
def _folded_tables() -> frozenset[str]:
    """The register tables that carry FOLDED (those declaring search columns)."""
    from projections.catalogue import projections

    return frozenset(t.name for p in projections() for t in p.tables if t.search)


def text_condition(register: Register, text: str, kind: str) -> tuple[str, list[Any]]:
    """The SQL condition (and its parameters) for free filter text: a substring of the search form."""
    if register.table in _folded_tables():
        return f"{FOLDED} LIKE ? ESCAPE '\\'", [like_pattern(fold(text))]
    like = "LIKE" if kind == "sqlite" else "ILIKE"  # a table without search columns: the text as typed
    cols = register.searchable
    return "(" + " OR ".join(f"{c} {like} ? ESCAPE '\\'" for c in cols) + ")", [like_pattern(text)] * len(cols)


@dataclass
class RegisterQuery:
    db: Database
    conn: Any
    register: Register
    sort: str | None = None
    descending: bool = False
    filter: str = ""
    restriction: str = ""  # a condition every row shown must meet (confidential rows for uncleared users)
    today: date | None = None  # the day `due:today`, `due:overdue` ... are computed for (default: today)
    calendar: str = "gregorian"  # the calendar the reader types dates in (`on:1405-09-10`)
    problem: str | None = field(default=None, init=False)  # why the filter matches nothing (a bad word)
    _count: int | None = field(default=None, init=False)
    _sparse: bool = field(default=False, init=False)
    _search: str | None = field(default=None, init=False)
    exact: bool = field(default=True, init=False)

    def __post_init__(self) -> None:
        self.descending = self.descending or self.register.descending
        self.filter = clean_filter(self.filter)
        self._check()

    @property
    def columns(self) -> tuple[str, ...]:
        return self.register.columns

    @property
    def tiebreak(self) -> str:
        if not self.sort and self.register.key == (self.register.order[-1],):
            return ""  # the default order is already unique
        return "rowid" if self.db.kind == "sqlite" else ", ".join(self.register.key)

    def _order(self, reverse: bool = False) -> str:
        direction = " DESC" if self.descending != reverse else ""
        columns = [self.sort] if self.sort else list(self.register.order)
        tiebreak = [c for c in self.tiebreak.split(", ") if c]
        return ", ".join(f"{c}{direction}" for c in [*columns, *tiebreak])

    def _split(self) -> tuple[list[tuple[str, str]], str]:
        """The filter's `name:value` words, and the free text left over."""
        words, rest = [], []
        for word in self.filter.strip()[:MAX_FILTER].split():
            name, sep, value = word.partition(":")
            if sep and is_word(name):
                words.append((name, value))
            else:
                rest.append(word)
        return words, " ".join(rest)

    def _word(self, name: str, value: str) -> Condition:
        if self.register.kind == "event" and name == "record":  # a record id (any spelling) or its number
            return Condition((self.register.fields or {})["record"],
                             (value.replace("-", "").lower(), value, value.upper()))
        if self.register.kind == "event" and name == "type" and "." not in value:
            # the word type:Renamed means any record's Renamed, and type:Unit.Renamed the exact one
            name = "event"
        return check(self.db, self.conn, self.register, name, value, self.today or date.today(), self.calendar)

    def _conditions(self) -> tuple[list[str], list[Any]]:
        clauses: list[str] = [self.restriction] if self.restriction else []
        params: list[Any] = []
        for name, value in self._split()[0]:
            condition = self._word(name, value)
            clauses.append(condition.sql)
            params += condition.params
        return clauses, params

    def _check(self) -> None:
        """Find what is wrong with the filter's words, if anything (into `problem`)."""
        self.problem = None
        try:
            self._conditions()
        except FilterProblem as e:
            self.problem = str(e)

    def _like(self) -> tuple[str, list[Any]]:
        clauses, params = self._conditions()
        text = self._split()[1]
        if text:
            clause, more = text_condition(self.register, text, self.db.kind)
            clauses.append(clause)
            params += more
        return (" WHERE " + " AND ".join(clauses), params) if clauses else ("", [])

    def _search_table(self) -> str | None:
        """The trigram index beside the register's table, if this store has one (SQLite)."""
        if self._search is None:
            self._search = search_table(self.db, self.conn, self.register.table) or ""
        return self._search or None

    def _phrase(self) -> str:
        return '"' + fold(self._split()[1]).replace('"', '""') + '"'

    def set(self, *, sort: str | None = None, descending: bool | None = None, filter: str | None = None) -> None:
        if sort is not None:
            if sort not in self.columns:
                raise ValueError(f"cannot sort on {sort!r}")
            self.sort = sort
        if descending is not None:
            self.descending = descending
        if filter is not None:
            self.filter = clean_filter(filter)
            self._check()
        self.invalidate()

    def invalidate(self) -> None:
        self._count = None
        self._sparse = False

    def count(self) -> int:
        """Rows in the current filter. Without an index to count from, a short filter counts up to
        COUNT_CAP and says so (`exact` False) rather than read the whole register."""
        if self._count is not None:
            return self._count
        t = self.register.table
        words, text = self._split()
        search = self._search_table()
        self.exact = True
        if self.problem:
            self._count = 0
        elif not text and not words:
            kept = None if self.restriction else row_count(self.db, self.conn, t)  # kept with the register
            if kept is None and not self.restriction and self.register.count:
                kept = int(self.db.execute(self.conn, self.register.count)[0][0] or 0)
            where = f" WHERE {self.restriction}" if self.restriction else ""
            self._count = kept if kept is not None else int(
                self.db.execute(self.conn, f"SELECT COUNT(*) FROM {t}{where}")[0][0])
        elif search and len(fold(text)) >= 3 and not words:
            matches = f"{search} WHERE {search} MATCH ?"
            if self.restriction:
                matches = (f"{search} JOIN {t} ON {t}.rowid = {search}.rowid WHERE {search} MATCH ? "
                           f"AND {self.restriction}")
            capped = int(self.db.execute(self.conn, f"SELECT COUNT(*) FROM (SELECT {search}.rowid FROM {matches} "
                                         "LIMIT ?)", (self._phrase(), SPARSE + 1))[0][0])
            self._sparse = capped <= SPARSE
            self._count = capped if self._sparse else int(self.db.execute(
                self.conn, f"SELECT COUNT(*) FROM {matches}", (self._phrase(),))[0][0])
        else:
            where, params = self._like()
            sql = f"SELECT COUNT(*) FROM (SELECT 1 FROM {t}{where} LIMIT ?) AS capped"
            self._count = int(self.db.execute(self.conn, sql, [*params, COUNT_CAP + 1])[0][0])
            if self._count > COUNT_CAP:
                self._count, self.exact = COUNT_CAP, False
        return self._count

    def page(self, offset: int, limit: int) -> list[tuple[Any, ...]]:
        """Rows offset .. offset+limit-1 in the current order; each row ends with its record id.

        A page in the second half of an exactly counted register is read from the other end, in reverse
        order, so the last page (End) costs what the first one does instead of stepping over every row."""
        total = self.count()
        if self.problem:
            return []
        offset = max(offset, 0)
        if self.register.count and not self.sort and not self.restriction and self._split() == ([], ""):
            return self._numbered_page(offset, limit, total)
        reverse = self.exact and offset > total // 2 and offset < total
        if reverse:
            offset, limit = max(total - offset - limit, 0), min(limit, total - offset)
        cols = ", ".join((*self.columns, self.register.record, *self._effective_column()))
        t, order, pick = self.register.table, self._order(), self._order(reverse)
        params: list[Any]
        if self._sparse:
            search = self._search_table()
            restricted = f" AND {self.restriction}" if self.restriction else ""
            sql = (f"SELECT {cols} FROM {t} WHERE rowid IN (SELECT rowid FROM {search} WHERE {search} MATCH ?)"
                   f"{restricted} ORDER BY {pick} LIMIT ? OFFSET ?")
            params = [self._phrase()]
        else:
            where, params = self._like()
            if self.db.kind == "sqlite":
                sql = (f"SELECT {cols} FROM {t} WHERE rowid IN (SELECT rowid FROM {t}{where} ORDER BY {pick} "
                       f"LIMIT ? OFFSET ?) ORDER BY {order}")
            else:
                sql = f"SELECT {cols} FROM {t}{where} ORDER BY {pick} LIMIT ? OFFSET ?"
        rows = [tuple(r) for r in self.db.execute(self.conn, sql, [*params, limit, offset])]
        if reverse and not (self.db.kind == "sqlite" and not self._sparse):
            rows.reverse()  # read from the far end: back into the order asked for
        return self._as_of_today(rows) if self.register.effective else rows

    def _numbered_page(self, offset: int, limit: int, total: int) -> list[tuple[Any, ...]]:
        """A page of a register whose rows are numbered 1 .. count by its order column (`Register.count`: the event
        log's positions), unfiltered: found by number, not by stepping over the rows before it (the event rows
        are wide: stepping over half a million of them reads most of the store)."""
        column = self.register.order[0]
        high = total - offset if self.descending else offset + limit
        cols = ", ".join((*self.columns, self.register.record))
        return [tuple(r) for r in self.db.execute(
            self.conn, f"SELECT {cols} FROM {self.register.table} WHERE {column} > ? AND {column} <= ? "
            f"ORDER BY {self._order()}", (max(high - limit, 0), high))]

    def page_after(self, last: tuple[Any, ...], limit: int) -> list[tuple[Any, ...]] | None:
        """The `limit` rows after `last` (a row of the page before) in the current order, found by their order
        values instead of stepping over every row before them (keyset paging): what `page` gives for the next
        offset, at the cost of the first page however deep it is. None where it cannot be done that way and
        `page` must be used: an order that is not unique by itself (a sort column, a register ordered by a
        column that is not its key), an order value missing from the row or NULL, the sparse search path, a
        register whose rows are changed for display (effective dates)."""
        if self.problem or self._sparse or self.register.effective or self.sort or self.tiebreak:
            return None
        order = list(self.register.order)
        if not set(order) <= set(self.columns):
            return None
        values = [last[self.columns.index(c)] for c in order]
        if any(v is None for v in values):
            return None
        where, params = self._like()
        after = f"({', '.join(order)}) {'<' if self.descending else '>'} ({', '.join('?' * len(order))})"
        where = f"{where} AND {after}" if where else f" WHERE {after}"
        cols = ", ".join((*self.columns, self.register.record))
        sql = f"SELECT {cols} FROM {self.register.table}{where} ORDER BY {self._order()} LIMIT ?"
        return [tuple(r) for r in self.db.execute(self.conn, sql, [*params, *values, limit])]

    def all_rows(self) -> list[tuple[Any, ...]]:
        """Every row in the current filter and order (an export of the view), each ending with its record id;
        none when the filter has a bad word."""
        if self.problem:
            return []
        where, params = self._like()
        cols = ", ".join((*self.columns, self.register.record, *self._effective_column()))
        sql = f"SELECT {cols} FROM {self.register.table}{where} ORDER BY {self._order()}"
        rows = [tuple(r) for r in self.db.execute(self.conn, sql, params)]
        return self._as_of_today(rows) if self.register.effective else rows

    def _effective_column(self) -> tuple[str, ...]:
        return (self.register.effective[1],) if self.register.effective else ()

    def _as_of_today(self, rows: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        """Rows with a status not yet in effect today marked with its date (the date column dropped)."""
        assert self.register.effective is not None
        i = self.columns.index(self.register.effective[0])
        today = self.today or date.today()
        return [(*r[:i], effective_status(r[i], r[-1], today), *r[i + 1:-1]) for r in rows]

    def index_of(self, record_id: str) -> int | None:
        """Where a record stands in the current order and filter, if that is cheap to find (None otherwise)."""
        if self.count() > 5000:
            return None
        for n, row in enumerate(self.page(0, self.count())):
            if str(row[-1]) == record_id:
                return n
        return None
