"""The users register: every user with roles, office, clearance and status."""

from __future__ import annotations

from typing import Any

from domain.access import User
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import ADMINS, Register

USERS = Table("users", (
    ("id", "text"), ("name", "text"), ("full_name", "text"), ("roles", "text"), ("office", "text"),
    ("clearance", "text"), ("active", "int"),
), key=("id",), indexes=(("name",), ("office",)), search=("name", "full_name", "roles", "office", "clearance"))


class UsersProjection(Projection):
    name = "users"
    version = 2  # 2: searchable, with the search form column (domain.folding)
    tables = (USERS,)

    @staticmethod
    def _user(rows: Rows, e: Any) -> dict[str, Any]:
        row = rows.get("users", text(e.originator_id))
        assert row is not None, f"user {e.originator_id} missing from the register"
        return dict(row)

    @on(User.Added)
    def added(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("users", {"id": text(e.originator_id), "name": e.name, "full_name": e.full_name,
                           "roles": ",".join(e.roles), "office": e.office, "clearance": "none", "active": 1})

    @on(User.RoleGranted)
    def granted(self, rows: Rows, position: int, e: Any) -> None:
        row = self._user(rows, e)
        rows.put("users", {**row, "roles": ",".join([*row["roles"].split(","), e.role])})

    @on(User.RoleRevoked)
    def revoked(self, rows: Rows, position: int, e: Any) -> None:
        row = self._user(rows, e)
        rows.put("users", {**row, "roles": ",".join(r for r in row["roles"].split(",") if r != e.role)})

    @on(User.ClearanceSet)
    def clearance(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("users", {**self._user(rows, e), "clearance": e.clearance})

    @on(User.Deactivated)
    def deactivated(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("users", {**self._user(rows, e), "active": 0})


PROJECTIONS = (UsersProjection,)
REGISTERS = (
    Register("users", "users", "users", ("name",),
             ("name", "full_name", "roles", "office", "clearance", "active"), "Users", kind="user", roles=ADMINS),
)
