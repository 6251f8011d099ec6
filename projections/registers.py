"""The registers users ask for by name (`secretariat show NAME`): which table, in which order, which columns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.errors import Refused
from projections.db import Database


@dataclass(frozen=True)
class Register:
    name: str
    projection: str
    table: str
    order_by: str
    columns: tuple[str, ...]
    title: str


REGISTERS: dict[str, Register] = {r.name: r for r in (
    Register("units", "organisation", "units", "path",
             ("code", "name", "kind", "parent_code", "path", "active", "subunits", "positions_total",
              "positions_vacant", "dissolved_on"), "Units"),
    Register("elections", "organisation", "elections", "voting_day, code",
             ("code", "name", "kind", "voting_day"), "Elections"),
    Register("commissions", "organisation", "commissions", "election_code, constituency, COALESCE(precinct, 0)",
             ("label", "name", "level", "active", "members", "chair", "precincts", "dissolved_on"),
             "Lower commissions"),
    Register("commission-members", "organisation", "commission_members", "commission_label, member",
             ("commission_label", "member", "role", "nominated_by"), "Commission members"),
    Register("staff-table", "organisation", "positions", "unit_code, code",
             ("unit_code", "code", "title", "grade", "active", "occupant", "abolished_on"), "Staff table"),
    Register("users", "users", "users", "name",
             ("name", "full_name", "roles", "office", "clearance", "active"), "Users"),
)}


def register(name: str) -> Register:
    found = REGISTERS.get(name)
    if found is None:
        raise Refused(f"unknown register {name!r}; registers are {', '.join(REGISTERS)}")
    return found


def read_register(db: Database, conn: Any, name: str, limit: int | None = None) -> list[dict[str, Any]]:
    r = register(name)
    sql = f"SELECT {', '.join(r.columns)} FROM {r.table} ORDER BY {r.order_by}"
    rows = db.execute(conn, sql + (" LIMIT ?" if limit else ""), (limit,) if limit else ())
    return [dict(zip(r.columns, row, strict=True)) for row in rows]
