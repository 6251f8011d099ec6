"""Reading a register a page at a time, in SQL: sorted on any of its columns, filtered by a typed text,
counted, and positioned by record, without ever loading the whole register.

Pages are fetched by offset through a key-only subquery, so jumping to any page reads index entries,
not rows (SQLite orders by `col, rowid`, which its single-column indexes already hold). The filter
matches a substring of any shown text column, case-insensitively.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from projections.db import Database
from projections.registers import Register

MAX_FILTER = 100


@dataclass
class RegisterQuery:
    db: Database
    conn: Any
    register: Register
    sort: str | None = None
    descending: bool = False
    filter: str = ""
    _count: int | None = field(default=None, init=False)

    @property
    def columns(self) -> tuple[str, ...]:
        return self.register.columns

    @property
    def tiebreak(self) -> str:
        return "rowid" if self.db.kind == "sqlite" else ", ".join(self.register.key)

    def _order(self) -> str:
        direction = " DESC" if self.descending else ""
        if self.sort:
            return f"{self.sort}{direction}, " + ", ".join(f"{k}{direction}" for k in self.tiebreak.split(", "))
        return self.register.order_by if not self.descending else self.register.order_by_desc

    def _where(self) -> tuple[str, list[Any]]:
        text = self.filter.strip()[:MAX_FILTER]
        if not text:
            return "", []
        pattern = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        like = "LIKE" if self.db.kind == "sqlite" else "ILIKE"
        cols = self.register.searchable
        clause = " OR ".join(f"{c} {like} ? ESCAPE '\\'" for c in cols)
        return f" WHERE ({clause})", [pattern] * len(cols)

    def set(self, *, sort: str | None = None, descending: bool | None = None, filter: str | None = None) -> None:
        if sort is not None:
            if sort not in self.columns:
                raise ValueError(f"cannot sort on {sort!r}")
            self.sort = sort
        if descending is not None:
            self.descending = descending
        if filter is not None:
            self.filter = filter
        self._count = None

    def count(self) -> int:
        if self._count is None:
            where, params = self._where()
            self._count = int(self.db.execute(self.conn, f"SELECT COUNT(*) FROM {self.register.table}{where}",
                                              params)[0][0])
        return self._count

    def invalidate(self) -> None:
        self._count = None

    def page(self, offset: int, limit: int) -> list[tuple[Any, ...]]:
        """Rows offset .. offset+limit-1 in the current order; each row ends with its record id."""
        where, params = self._where()
        cols = ", ".join((*self.columns, self.register.record))
        t, order = self.register.table, self._order()
        if self.db.kind == "sqlite":
            sql = (f"SELECT {cols} FROM {t} WHERE rowid IN (SELECT rowid FROM {t}{where} ORDER BY {order} "
                   f"LIMIT ? OFFSET ?) ORDER BY {order}")
        else:
            sql = f"SELECT {cols} FROM {t}{where} ORDER BY {order} LIMIT ? OFFSET ?"
        return [tuple(r) for r in self.db.execute(self.conn, sql, [*params, limit, max(offset, 0)])]

    def index_of(self, record_id: str) -> int | None:
        """Where a record stands in the current order and filter (None if filtered out or gone)."""
        where, params = self._where()
        t, rec = self.register.table, self.register.record
        found = self.db.execute(self.conn, f"SELECT {', '.join(self.columns)} FROM {t} WHERE {rec} = ? LIMIT 1",
                                (record_id,))
        if not found:
            return None
        rows = self.db.execute(self.conn, f"SELECT {rec} FROM {t}{where} ORDER BY {self._order()}", params) \
            if self.count() <= 5000 else None
        if rows is None:
            return None
        for n, (rid,) in enumerate(rows):
            if rid == record_id:
                return n
        return None
