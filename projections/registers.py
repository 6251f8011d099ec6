"""The registers users ask for by name (`secretariat show NAME`, the UI's sidebar): which table, in which
order, which columns, which column holds the record id, and which roles may see it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from domain.errors import Refused
from projections.db import Database

STAFF = frozenset({"clerk", "head", "administrator", "auditor"})
ADMINS = frozenset({"administrator", "auditor"})


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

    @property
    def order_by(self) -> str:
        return ", ".join(self.order)

    @property
    def searchable(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c not in NUMERIC)


NUMERIC = {"position", "version", "active", "subunits", "positions_total", "positions_vacant", "members",
           "precincts", "depth", "constituency", "precinct"}

REGISTERS: dict[str, Register] = {r.name: r for r in (
    Register("units", "organisation", "units", ("path",),
             ("code", "name", "kind", "parent_code", "path", "active", "subunits", "positions_total",
              "positions_vacant", "dissolved_on"), "Units", kind="unit"),
    Register("elections", "organisation", "elections", ("voting_day", "code"),
             ("code", "name", "kind", "voting_day"), "Elections", kind="election"),
    Register("commissions", "organisation", "commissions", ("label",),
             ("label", "name", "level", "active", "members", "chair", "precincts", "dissolved_on"),
             "Lower commissions", kind="commission"),
    Register("commission-members", "organisation", "commission_members", ("commission_label", "member"),
             ("commission_label", "member", "role", "nominated_by"), "Commission members",
             record="commission_id", key=("commission_id", "member"), kind="commission"),
    Register("staff-table", "organisation", "positions", ("unit_code", "code"),
             ("unit_code", "code", "title", "grade", "active", "occupant", "abolished_on"), "Staff table",
             kind="position"),
    Register("users", "users", "users", ("name",),
             ("name", "full_name", "roles", "office", "clearance", "active"), "Users", kind="user", roles=ADMINS),
    Register("event-log", "event-log", "event_log", ("position",),
             ("position", "recorded_at", "actor", "role", "office", "type", "register", "reason"), "Event log",
             record="position", key=("position",), kind="event", roles=ADMINS, descending=True,
             fields={"actor": "actor = ?", "office": "office = ?",
                     "type": "type = ?", "event": "event = ?", "kind": "aggregate = ?", "register": "register = ?",
                     "record": "stream = ?", "since": "recorded_at >= ?", "until": "recorded_at <= ?"}),
)}


def register(name: str) -> Register:
    found = REGISTERS.get(name)
    if found is None:
        raise Refused(f"unknown register {name!r}; registers are {', '.join(REGISTERS)}")
    return found


def visible_registers(roles: list[str]) -> list[Register]:
    return [r for r in REGISTERS.values() if r.roles & set(roles)]


def read_register(db: Database, conn: Any, name: str, limit: int | None = None) -> list[dict[str, Any]]:
    r = register(name)
    sql = f"SELECT {', '.join(r.columns)} FROM {r.table} ORDER BY {r.order_by}"
    rows = db.execute(conn, sql + (" LIMIT ?" if limit else ""), (limit,) if limit else ())
    return [dict(zip(r.columns, row, strict=True)) for row in rows]
