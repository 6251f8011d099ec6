"""The registers of the Commission's sessions: sessions (with their notices, attendance and quorum counts,
minutes), agenda items (with their votes and results) and each member's attendance; and the report of
attendance by member over a period.

Every row comes from the session's own events (the decision an item became is an event of the session too).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.errors import Message, Refused
from domain.sessions import Session
from projections import conditions
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import Register
from projections.reports import Report, ReportContext, ReportResult

SESSIONS = Table("sessions", (
    ("id", "text"), ("number", "text"), ("kind", "text"), ("held_on", "text"), ("place", "text"), ("chair", "text"),
    ("status", "text"), ("notices", "int"), ("items", "int"), ("present", "int"), ("absent", "int"),
    ("proxies", "int"), ("members", "int"), ("quorum", "int"), ("adopted", "int"), ("decisions", "int"),
    ("voted", "int"), ("continues_on", "text"), ("closed_on", "text"), ("minutes", "text"), ("recordings", "text"),
), key=("id",), indexes=(("number",), ("held_on", "number"), ("kind",), ("status",)),
   search=("number", "kind", "held_on", "place", "chair", "status", "continues_on", "minutes"))
ITEMS = Table("agenda_items", (
    ("session_id", "text"), ("item", "int"), ("session", "text"), ("held_on", "text"), ("title", "text"),
    ("kind", "text"), ("unit", "text"), ("drafts", "text"), ("majority", "text"), ("votes_for", "int"),
    ("against", "int"), ("abstained", "int"), ("needed", "int"), ("status", "text"), ("decision", "text"),
), key=("session_id", "item"), indexes=(("held_on", "session", "item"), ("kind",), ("unit",), ("status",)),
   search=("session", "held_on", "title", "kind", "unit", "drafts", "majority", "status", "decision"))
ATTENDANCE = Table("session_attendance", (
    ("session_id", "text"), ("member", "text"), ("session", "text"), ("held_on", "text"), ("status", "text"),
    ("reason", "text"), ("proxy", "text"),
), key=("session_id", "member"), indexes=(("held_on", "session", "member"), ("member",), ("status",)),
   search=("session", "held_on", "member", "status", "reason", "proxy"))

_COUNTS = {"present": "present", "absent": "absent", "proxy": "proxies"}


# How the domain's attributes of a session read in its row, where no column bears the attribute's name.
READS: dict[type, dict[str, str]] = {Session: {"unvoted": "items - voted", "undecided": "adopted - decisions"}}


def allowing(kind: type, command: str) -> str:
    """The filter of the sessions register's rows whose session's state allows `command`, from the condition the
    domain declares for it: what a session picker lists."""
    return conditions.allowing(kind, command, READS.get(kind))


def _prefix(column: str) -> str:
    return f"substr({column}, 1, length(?)) = ?"


class SessionsProjection(Projection):
    name = "sessions"
    version = 2  # 2: the items voted on (a vote's picker)
    tables = (SESSIONS, ITEMS, ATTENDANCE)

    @staticmethod
    def _session(rows: Rows, e: Any) -> dict[str, Any]:
        row = rows.get("sessions", text(e.originator_id))
        assert row is not None, f"session {e.originator_id} missing from the register"
        return dict(row)

    def _item(self, rows: Rows, e: Any, **changes: Any) -> None:
        row = rows.get("agenda_items", text(e.originator_id), e.item)
        assert row is not None, f"agenda item {e.item} of {e.originator_id} missing"
        rows.put("agenda_items", {**row, **changes})

    @on(Session.Convened)
    def convened(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("sessions", {
            "id": text(e.originator_id), "number": e.number, "kind": e.kind, "held_on": text(e.held_on),
            "place": e.place, "chair": e.chair, "status": "convened", "notices": 0, "items": 0, "present": 0,
            "absent": 0, "proxies": 0, "members": None, "quorum": None, "adopted": 0, "decisions": 0, "voted": 0,
            "continues_on": None, "closed_on": None, "minutes": None, "recordings": None})

    @on(Session.NoticeSent)
    def notice(self, rows: Rows, position: int, e: Any) -> None:
        s = self._session(rows, e)
        rows.put("sessions", {**s, "notices": s["notices"] + 1})

    @on(Session.ItemAdded)
    def item_added(self, rows: Rows, position: int, e: Any) -> None:
        s = self._session(rows, e)
        rows.put("sessions", {**s, "items": s["items"] + 1})
        rows.put("agenda_items", {
            "session_id": s["id"], "item": e.item, "session": s["number"], "held_on": s["held_on"], "title": e.title,
            "kind": e.item_kind, "unit": e.unit_code, "drafts": "; ".join(e.drafts) or None, "majority": e.majority,
            "votes_for": None, "against": None, "abstained": None, "needed": None, "status": "pending",
            "decision": None})

    @on(Session.AttendanceMarked)
    def attendance(self, rows: Rows, position: int, e: Any) -> None:
        s = self._session(rows, e)
        before = rows.get("session_attendance", s["id"], e.member)
        if before is not None:
            s[_COUNTS[before["status"]]] -= 1
        s[_COUNTS[e.status]] += 1
        rows.put("sessions", s)
        rows.put("session_attendance", {"session_id": s["id"], "member": e.member, "session": s["number"],
                                        "held_on": s["held_on"], "status": e.status, "reason": e.reason or None,
                                        "proxy": e.proxy or None})

    @on(Session.Opened)
    def opened(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("sessions", {**self._session(rows, e), "status": "open", "members": len(e.roster),
                              "quorum": e.quorum})

    @on(Session.Voted)
    def voted(self, rows: Rows, position: int, e: Any) -> None:
        self._item(rows, e, votes_for=e.votes_for, against=e.against, abstained=e.abstained, needed=e.needed,
                   status="adopted" if e.adopted else "not adopted")
        s = self._session(rows, e)
        rows.put("sessions", {**s, "voted": s["voted"] + 1, "adopted": s["adopted"] + (1 if e.adopted else 0)})

    @on(Session.DecisionLinked)
    def decision(self, rows: Rows, position: int, e: Any) -> None:
        self._item(rows, e, decision=e.decision)
        s = self._session(rows, e)
        rows.put("sessions", {**s, "decisions": s["decisions"] + 1})

    @on(Session.Adjourned)
    def adjourned(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("sessions", {**self._session(rows, e), "status": "adjourned", "continues_on": text(e.continues_on)})

    @on(Session.Continued)
    def continued(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("sessions", {**self._session(rows, e), "status": "open"})

    @on(Session.Closed)
    def closed(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("sessions", {**self._session(rows, e), "status": "closed", "closed_on": text(e.on)})

    @on(Session.MinutesRecorded)
    def minutes(self, rows: Rows, position: int, e: Any) -> None:
        files = "; ".join(f"{r['file']} ({r['sha256'][:12]}…)" for r in e.recordings) or None
        rows.put("sessions", {**self._session(rows, e), "minutes": e.minutes_number, "recordings": files})


PROJECTIONS = (SessionsProjection,)
REGISTERS = (
    Register("sessions", "sessions", "sessions", ("held_on", "number"),
             ("number", "kind", "held_on", "place", "chair", "status", "notices", "items", "present", "absent",
              "proxies", "members", "quorum", "adopted", "decisions", "continues_on", "minutes"),
             "Sessions", kind="session", descending=True,
             numeric=("notices", "items", "present", "absent", "proxies", "members", "quorum", "adopted",
                      "decisions"),
             fields={"year": "substr(held_on, 1, 4) = ?", "kind": _prefix("kind"), "status": _prefix("status")}),
    Register("agenda-items", "sessions", "agenda_items", ("held_on", "session", "item"),
             ("session", "item", "held_on", "title", "kind", "unit", "drafts", "majority", "votes_for", "against",
              "abstained", "needed", "status", "decision"),
             "Agenda items", record="session_id", key=("session_id", "item"), kind="session", descending=True,
             numeric=("item", "votes_for", "against", "abstained", "needed"),
             fields={"year": "substr(held_on, 1, 4) = ?", "kind": _prefix("kind"), "status": _prefix("status"),
                     "unit": "unit = upper(?)", "session": "session = upper(?)"}, office=("unit",)),
    Register("session-attendance", "sessions", "session_attendance", ("held_on", "session", "member"),
             ("session", "held_on", "member", "status", "reason", "proxy"), "Attendance",
             record="session_id", key=("session_id", "member"), kind="session", descending=True,
             fields={"year": "substr(held_on, 1, 4) = ?", "status": _prefix("status"), "member": _prefix("member")}),
)


# ---- reports ------------------------------------------------------------------------------------------


def period(ctx: ReportContext) -> tuple[str, str]:
    """The report's `from` and `to` dates (ISO), by default the year of the day it is asked."""
    bounds = []
    for name, default in (("from", date(ctx.today.year, 1, 1)), ("to", date(ctx.today.year, 12, 31))):
        value = ctx.param(name)
        try:
            bounds.append(date.fromisoformat(value).isoformat() if value else default.isoformat())
        except ValueError:
            raise Refused("{name} must be a date like 2026-03-01, not {value!r}", name=name, value=value) from None
    if bounds[0] > bounds[1]:
        raise Refused("the period's start {bounds} is after its end {bounds2}", bounds=bounds[0], bounds2=bounds[1])
    return bounds[0], bounds[1]


def _attendance(ctx: ReportContext) -> ReportResult:
    start, end = period(ctx)
    rows = ctx.rows("SELECT a.member, COUNT(*), "
                    "SUM(CASE WHEN a.status = 'present' THEN 1 ELSE 0 END), "
                    "SUM(CASE WHEN a.status = 'absent' THEN 1 ELSE 0 END), "
                    "SUM(CASE WHEN a.status = 'proxy' THEN 1 ELSE 0 END) "
                    "FROM session_attendance a JOIN sessions s ON s.id = a.session_id "
                    "WHERE a.held_on >= ? AND a.held_on <= ? AND s.status <> 'convened' "
                    "GROUP BY a.member ORDER BY a.member", [start, end])
    out = []
    for member, sessions, present, absent, proxy in rows:
        share = f"{100 * int(present or 0) // int(sessions)}%" if sessions else "-"
        out.append((member, int(sessions), int(present or 0), int(absent or 0), int(proxy or 0), share))
    held = ctx.rows("SELECT COUNT(*) FROM sessions WHERE held_on >= ? AND held_on <= ? AND status <> 'convened'",
                    [start, end])[0][0]
    return ReportResult(("member", "sessions", "present", "absent", "by_proxy", "present_share"), out, bars="absent",
                        notes=(Message("{count} sessions held from {start} to {end}", count=int(held), start=start,
                                       end=end),))


REPORTS = (
    Report("session-attendance", "Session attendance by member", _attendance, params=("from", "to"),
           description="each member's attendance at the sessions held in a period (default: this year)"),
)
