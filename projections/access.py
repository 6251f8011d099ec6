"""The users register: every user with roles, office, clearance, status and the account they act from; and
the approvals register: payments above the two-person threshold, awaiting a second user or decided."""

from __future__ import annotations

from typing import Any

from domain.access import PendingPayment, User
from domain.roles import AUDIT_READERS, REGISTER_READERS
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import Register

USERS = Table("users", (
    ("id", "text"), ("name", "text"), ("full_name", "text"), ("roles", "text"), ("office", "text"),
    ("clearance", "text"), ("active", "int"), ("login", "text"), ("language", "text"), ("calendar", "text"),
    ("digits", "text"),
), key=("id",), indexes=(("name",), ("office",)),
   search=("name", "full_name", "roles", "office", "clearance", "login"))


class UsersProjection(Projection):
    name = "users"
    # 2: searchable, with the search form column (domain.folding); 3: the account each user acts from;
    # 4: each user's language, calendar and digits
    version = 4
    tables = (USERS,)

    @staticmethod
    def _user(rows: Rows, e: Any) -> dict[str, Any]:
        row = rows.get("users", text(e.originator_id))
        assert row is not None, f"user {e.originator_id} missing from the register"
        return dict(row)

    @on(User.Added)
    def added(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("users", {"id": text(e.originator_id), "name": e.name, "full_name": e.full_name,
                           "roles": ",".join(e.roles), "office": e.office, "clearance": "none", "active": 1,
                           "login": None, "language": None, "calendar": "gregorian", "digits": "latin"})

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

    @on(User.LoginSet)
    def login(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("users", {**self._user(rows, e), "login": e.login or None})

    @on(User.PreferencesSet)
    def preferences(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("users", {**self._user(rows, e), "language": e.language or None, "calendar": e.calendar,
                           "digits": e.digits})


APPROVALS = Table("approvals", (
    ("id", "text"), ("entered_at", "text"), ("command", "text"), ("summary", "text"), ("amount", "int"),
    ("maker", "text"), ("status", "text"), ("approver", "text"),
), key=("id",), indexes=(("status", "entered_at"), ("maker",)))


class ApprovalsProjection(Projection):
    name = "approvals"
    version = 1
    tables = (APPROVALS,)

    @on(PendingPayment.Submitted)
    def submitted(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("approvals", {"id": text(e.originator_id), "entered_at": text(e.envelope.recorded_at),
                               "command": e.command, "summary": e.summary, "amount": int(e.amount * 100),
                               "maker": e.maker, "status": "awaiting approval", "approver": None})

    @staticmethod
    def _decided(rows: Rows, e: Any, status: str) -> None:
        row = rows.get("approvals", text(e.originator_id))
        assert row is not None, f"approval {e.originator_id} missing from the register"
        rows.put("approvals", {**row, "status": status, "approver": e.approver})

    @on(PendingPayment.Approved)
    def approved(self, rows: Rows, position: int, e: Any) -> None:
        self._decided(rows, e, "approved")

    @on(PendingPayment.Rejected)
    def rejected(self, rows: Rows, position: int, e: Any) -> None:
        self._decided(rows, e, "rejected")


PROJECTIONS = (UsersProjection, ApprovalsProjection)
REGISTERS = (
    Register("users", "users", "users", ("name",),
             ("name", "full_name", "roles", "office", "clearance", "active", "login", "language", "calendar",
              "digits"), "Users", kind="user",
             roles=AUDIT_READERS, office=("office",)),
    Register("approvals", "approvals", "approvals", ("entered_at", "id"),
             ("entered_at", "summary", "amount", "maker", "status", "approver", "id"), "Payments awaiting approval",
             kind="approval", roles=REGISTER_READERS, descending=True, money=("amount",),
             fields={"status": "status = ?", "maker": "maker = ?",
                     # awaiting a decision by this user: entered by someone else (the maker may not decide)
                     "approver": "status = 'awaiting approval' AND maker <> lower(?)"}),
)
