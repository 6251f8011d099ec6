"""The domain's declared conditions on a record's state (domain.conditions), written as the SQL filter of the
register rows that project those records: how a picker lists exactly the records whose state allows a command.

A condition names the record's attributes; a row has a column of the same name unless the register says how the
attribute reads in its row (`reads`: attribute -> SQL expression, e.g. a donor project's `active` is
`status = 'active'`). Constants are written as literals (numbers, quoted texts), so the filter has no parameters;
money compares in minor units, which only a zero leaves unchanged, so a money constant other than zero is refused.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from domain.conditions import Attr, Compare, Condition, IsTrue, OneOf
from domain.rules import condition


def _read(attr: Attr, reads: Mapping[str, str]) -> str:
    return f"({reads[attr.name]})" if attr.name in reads else attr.name


def _literal(value: Any) -> str:
    if isinstance(value, bool) or value is None:
        raise TypeError(f"no SQL literal for {value!r}")
    if isinstance(value, int):
        return str(value)
    if isinstance(value, Decimal):
        if value != 0:
            raise TypeError(f"money compares in minor units: {value} is not written as a literal")
        return "0"
    if isinstance(value, str):
        return "'{}'".format(value.replace("'", "''"))
    raise TypeError(f"no SQL literal for {value!r}")


def sql(cond: Condition, reads: Mapping[str, str] | None = None) -> str:
    """The condition as an SQL filter on a register's rows."""
    reads = reads or {}
    parts = cond.parts()
    if parts != (cond,):  # a conjunction: each of its conditions (none: every row)
        return " AND ".join(sql(p, reads) for p in parts) or "1 = 1"
    if isinstance(cond, Compare):
        left = _read(cond.left, reads)
        if cond.right is None:
            return f"{left} IS {'NOT ' if cond.op == '<>' else ''}NULL"
        right = _read(cond.right, reads) if isinstance(cond.right, Attr) else _literal(cond.right)
        return f"{left} {cond.op} {right}"
    if isinstance(cond, OneOf):
        return f"{_read(cond.attr, reads)} IN ({', '.join(_literal(v) for v in cond.values)})"
    if isinstance(cond, IsTrue):
        return _read(cond.attr, reads) if cond.attr.name in reads else f"{cond.attr.name} = 1"
    raise TypeError(f"no SQL for {cond!r}")


def allowing(kind: type, command: str, reads: Mapping[str, str] | None = None) -> str:
    """The filter of the rows whose record's state the domain allows `command` on (its declared condition)."""
    declared = condition(kind, command)
    if declared is None:
        raise LookupError(f"{kind.__name__} declares no condition for {command}")
    return sql(declared, reads)
