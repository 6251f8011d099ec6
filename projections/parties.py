"""The register of parties and public organisations (registration with the justice authority, leader, address,
status, merger and dissolution) and of the secretariat's meetings with them; and the report of contacts per
party."""

from __future__ import annotations

from typing import Any

from domain.errors import Message
from domain.parties import Meeting, Party
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import Register, prefix_match
from projections.reports import Report, ReportContext, ReportResult, year_clause

PARTY_COLUMNS = ("code", "name", "kind", "registration_number", "registered_on", "leader", "address", "status",
                 "merged_into", "ended_on", "meetings")
MEETING_COLUMNS = ("code", "party_code", "held_on", "subject", "participants")
PARTIES = Table("parties", (
    ("id", "text"), ("code", "text"), ("name", "text"), ("kind", "text"), ("registration_number", "text"),
    ("registered_on", "text"), ("leader", "text"), ("address", "text"), ("status", "text"), ("merged_into", "text"),
    ("ended_on", "text"), ("meetings", "int"),
), key=("id",), indexes=(("code",), ("name",), ("status",), ("kind",), ("registered_on",)),
   search=("code", "name", "kind", "registration_number", "registered_on", "leader", "address", "status",
           "merged_into", "ended_on"))
MEETINGS = Table("party_meetings", (
    ("id", "text"), ("code", "text"), ("party_code", "text"), ("number", "int"), ("held_on", "text"),
    ("subject", "text"), ("participants", "text"), ("record", "text"),
), key=("id",), indexes=(("held_on", "code"), ("party_code", "number")),
   search=("code", "party_code", "held_on", "subject", "participants"))


class PartiesProjection(Projection):
    name = "parties"
    version = 1
    tables = (PARTIES, MEETINGS)

    def _party(self, rows: Rows, e: Any, **changes: Any) -> None:
        row = rows.get("parties", text(e.originator_id))
        assert row is not None, f"party {e.originator_id} missing from the register"
        rows.put("parties", {**row, **changes})

    @on(Party.Registered)
    def registered(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("parties", {
            "id": text(e.originator_id), "code": e.code, "name": e.name, "kind": e.kind,
            "registration_number": e.registration_number, "registered_on": text(e.registered_on),
            "leader": e.leader, "address": e.address, "status": "registered", "merged_into": None, "ended_on": None,
            "meetings": 0})

    @on(Party.LeaderChanged)
    def leader(self, rows: Rows, position: int, e: Any) -> None:
        self._party(rows, e, leader=e.leader)

    @on(Party.AddressChanged)
    def address(self, rows: Rows, position: int, e: Any) -> None:
        self._party(rows, e, address=e.address)

    @on(Party.Suspended, Party.Reinstated)
    def suspension(self, rows: Rows, position: int, e: Any) -> None:
        self._party(rows, e, status="suspended" if isinstance(e, Party.Suspended) else "registered")

    @on(Party.Merged)
    def merged(self, rows: Rows, position: int, e: Any) -> None:
        self._party(rows, e, status="merged", merged_into=e.into, ended_on=text(e.on))

    @on(Party.Dissolved)
    def dissolved(self, rows: Rows, position: int, e: Any) -> None:
        self._party(rows, e, status="dissolved", ended_on=text(e.on))

    @on(Party.MeetingHeld)
    def meeting_counted(self, rows: Rows, position: int, e: Any) -> None:
        self._party(rows, e, meetings=e.number)

    @on(Meeting.Held)
    def meeting(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("party_meetings", {
            "id": text(e.originator_id), "code": f"{e.party_code}/{e.number}", "party_code": e.party_code,
            "number": e.number, "held_on": text(e.held_on), "subject": e.subject, "participants": e.participants,
            "record": e.record or None})


PROJECTIONS = (PartiesProjection,)
REGISTERS = (
    Register("parties", "parties", "parties", ("code",), PARTY_COLUMNS, "Parties and public organisations",
             kind="party", numeric=("meetings",),
             fields={"status": prefix_match("status"), "kind": prefix_match("kind"),
                     "leader": prefix_match("leader")}),
    Register("party-meetings", "parties", "party_meetings", ("held_on", "code"), MEETING_COLUMNS,
             "Meetings with parties", kind="party meeting", descending=True,
             fields={"party": "party_code = upper(?)", "month": "substr(held_on, 1, 7) = ?"}),
)


def _contacts(ctx: ReportContext) -> ReportResult:
    year, params = year_clause(ctx, "m.held_on")
    rows = ctx.rows("SELECT p.code, p.name, p.status, COUNT(m.id), MAX(m.held_on) FROM parties p "
                    f"LEFT JOIN party_meetings m ON m.party_code = p.code{year} "
                    "GROUP BY p.code, p.name, p.status ORDER BY p.code", params)
    out = [(code, name, status, int(n or 0), last) for code, name, status, n, last in rows]
    return ReportResult(("party", "name", "status", "meetings", "last_meeting"), out, bars="meetings",
                        notes=(Message("{count} parties and organisations; {meetings} meetings", count=len(out),
                                       meetings=int(sum(r[3] for r in out))),))


REPORTS = (
    Report("party-contacts", "Meetings with parties and organisations", _contacts, params=("year",),
           description="every party in the register with its meetings (--param year=2026: that year's only)"),
)
