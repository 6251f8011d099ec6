"""What a printed document says, read from the registers under the one read policy: the registration card of
a letter, the incoming and outgoing journals for a period, a trip warrant, the clearance sheet of a person, an
accreditation badge, a decision's certified extract, an order and a session's minutes.

Each document is a plain `Document` (fields, tables, and where it was made from: registers, record numbers,
the registers' store position, the time); turning it into paper is the UI's business (`tui.paper`). Every row
comes through the register's own restriction for the reader (roles, clearance, office scope), so a document
never shows what its reader could not read on screen; a record the reader may not read is "not found".
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from domain.errors import NotPermitted, Refused
from domain.readpolicy import Reader, register_refusal
from projections.db import Database
from projections.registers import money_text, register
from projections.reports import ReportContext, run_report, scoped_connection


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: list[tuple[str, ...]]


@dataclass(frozen=True)
class Badge:
    """The claims an accreditation badge carries (signed and put in its QR code by the UI)."""

    badge: str
    name: str
    organisation: str
    organisation_name: str
    election: str
    category: str
    valid_from: str
    valid_until: str


@dataclass(frozen=True)
class Document:
    kind: str
    title: str
    registers: tuple[str, ...]  # the registers it was read from
    numbers: tuple[str, ...]  # the record numbers it shows
    position: int  # the store position the registers stood at
    made_at: datetime
    made_by: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    text: str = ""  # a long text (minutes), printed as paragraphs
    badge: Badge | None = None
    signatures: tuple[str, ...] = ()  # lines to sign on
    confidential: bool = False  # shows a confidential record (its printing is recorded, like its opening)

    def provenance(self) -> str:
        """What the document was made from, in one line (printed at the foot of every page)."""
        numbers = ", ".join(self.numbers[:6]) + (f" and {len(self.numbers) - 6} more" if len(self.numbers) > 6 else "")
        return (f"Made from the register(s) {', '.join(self.registers)}; records {numbers or 'none'}; store position "
                f"{self.position}; {self.made_at.astimezone(UTC):%Y-%m-%d %H:%M:%S} UTC by {self.made_by}")


@dataclass
class Source:
    """Where documents are read from, and for whom."""

    db: Database
    conn: Any
    reader: Reader
    positions: Mapping[str, int]  # projection name -> position it has applied
    today: date = field(default_factory=date.today)
    now: datetime = field(default_factory=lambda: datetime.now(UTC))

    def rows(self, name: str, where: str, params: Sequence[Any] = (), order: str = "") -> list[dict[str, Any]]:
        """Whole rows of register `name`'s table that match `where` and that the reader may read."""
        r = register(name)
        refusal = register_refusal(self.reader, f"register {name}", r.roles)
        if refusal:
            raise NotPermitted(refusal)
        conditions = " AND ".join(c for c in (r.restriction_for(self.reader), where) if c) or "1 = 1"
        columns = _columns(r.table)
        found = self.db.execute(self.conn, f"SELECT {', '.join(columns)} FROM {r.table} WHERE {conditions} "
                                f"ORDER BY {order or r.order_by}", list(params))
        return [dict(zip(columns, row, strict=True)) for row in found]

    def one(self, name: str, column: str, value: str, what: str) -> dict[str, Any]:
        typed = value.strip()  # numbers are kept upper-case; an exact match keeps the lookup on the index
        found = self.rows(name, f"{column} IN (?, ?)", [typed, typed.upper()])
        if not found:
            raise Refused("no {what} numbered {value!r} that {name} may read", what=what, value=value.strip(),
                          name=self.reader.name)
        return found[0]

    def position(self, *names: str) -> int:
        projections = {register(n).projection for n in names}
        return min((self.positions.get(p, 0) for p in projections), default=0)

    def document(self, kind: str, title: str, registers: Sequence[str], numbers: Sequence[str],
                 **parts: Any) -> Document:
        return Document(kind, title, tuple(registers), tuple(n for n in numbers if n), self.position(*registers),
                        self.now, self.reader.name, **parts)


def _columns(table: str) -> list[str]:
    """The declared columns of a register table."""
    from projections.catalogue import projections

    for p in projections():
        for t in p.tables:
            if t.name == table:
                return [c for c, _ in t.columns]
    raise Refused("no register table {table}", table=table)


def _t(value: Any) -> str:
    return "-" if value is None or value == "" else str(value)


def _fields(row: Mapping[str, Any], labels: Sequence[tuple[str, str]], money: Sequence[str] = ()
            ) -> list[tuple[str, str]]:
    return [(label, money_text(row.get(c)) if c in money else _t(row.get(c))) for c, label in labels]


# ---- the documents ------------------------------------------------------------------------------------------

def letter(src: Source, number: str) -> Document:
    row = src.one("correspondence", "number", number, "letter")
    fields = _fields(row, (("number", "Registration number"), ("registered_on", "Registered on"),
                           ("direction", "Direction"), ("series", "Series"),
                           ("correspondent", "Sender" if row["direction"] == "incoming" else "Addressee"),
                           ("their_number", "Their number"), ("their_date", "Their date"), ("subject", "Subject"),
                           ("classification", "Classification"), ("unit", "Executing unit"),
                           ("instruction", "Resolution"), ("due", "Due"), ("executed_on", "Executed on"),
                           ("status", "Status"), ("reply_to", "In reply to"), ("replies", "Replies"),
                           ("case_file", "Case file"), ("holder", "Held by")))
    return src.document("letter", f"Registration card {row['number']}", ["correspondence"], [row["number"]],
                        fields=fields, signatures=("Registered by", "Received by the executor"),
                        confidential=bool(row["confidential"]))


def journal(src: Source, direction: str, start: date, end: date) -> Document:
    if direction not in ("incoming", "outgoing"):
        raise Refused("a journal is incoming or outgoing, not {direction!r}", direction=direction)
    if end < start:
        raise Refused("the period ends ({end}) before it starts ({start})", end=end, start=start)
    rows = src.rows("correspondence", "direction = ? AND registered_on >= ? AND registered_on <= ?",
                    [direction, start.isoformat(), end.isoformat()], order="registered_on, number")
    who = "sender" if direction == "incoming" else "addressee"
    columns = ("number", "registered", who, "subject", "unit", "due", "status")
    table = Table(f"{len(rows)} {direction} documents", columns,
                  [tuple(_t(r[c]) for c in ("number", "registered_on", "correspondent", "subject", "unit", "due",
                                             "status")) for r in rows])
    return src.document("journal", f"{direction.capitalize()} journal, {start} to {end}", ["correspondence"],
                        [r["number"] for r in rows], fields=[("Period", f"{start} to {end}"),
                                                             ("Documents", str(len(rows)))],
                        tables=[table], signatures=("Journal kept by",),
                        confidential=any(r["confidential"] for r in rows))


def trip(src: Source, warrant: str) -> Document:
    row = src.one("trips", "warrant", warrant, "trip warrant")
    fields = _fields(row, (("warrant", "Warrant"), ("number", "Employee number"), ("full_name", "Traveller"),
                           ("destination", "Destination"), ("start_on", "From"), ("end_on", "Until"),
                           ("purpose", "Purpose"), ("advance", "Advance"), ("status", "Status"),
                           ("departed_on", "Departed on"), ("returned_on", "Returned on"), ("expenses", "Expenses"),
                           ("balance", "Balance")), money=("advance", "expenses", "balance"))
    return src.document("trip", f"Trip warrant {row['warrant']}", ["trips"], [row["warrant"]], fields=fields,
                        signatures=("Authorised by", "Arrived (stamp and date)", "Departed (stamp and date)"))


def clearance(src: Source, person: str) -> Document:
    row = src.one("staff", "number", person, "employee")
    with scoped_connection(src.db, src.reader) as conn:
        ctx = ReportContext(src.db, conn, src.today, src.reader.cleared, {"person": row["number"]})
        result = run_report(ctx, "clearance-sheet", sorted(src.reader.roles))
    items = [(_t(r[4]), _t(r[5]), _t(r[6])) for r in result.rows]
    fields = _fields(row, (("number", "Employee number"), ("full_name", "Name"), ("unit_code", "Unit"),
                           ("position_title", "Post"), ("status", "Status"), ("last_day", "Last day")))
    fields.append(("Clearance", "complete: holds nothing" if not items else f"{len(items)} item(s) still held"))
    return src.document("clearance", f"Clearance sheet {row['number']}", ["staff"], [row["number"]], fields=fields,
                        tables=[Table("Items held", ("kind", "item", "since"), items)],
                        signatures=("Logistics", "Finance", "Records (confidential documents)", "Human resources"))


def badge(src: Source, number: str) -> Document:
    row = src.one("accreditations", "badge", number, "badge")
    if row["status"] != "accredited":
        raise Refused("badge {badge} of {name} is {status}: only a valid accreditation is printed on a badge",
                      badge=row['badge'], name=row['name'], status=row['status'])
    claims = Badge(badge=row["badge"], name=row["name"], organisation=row["organisation"],
                   organisation_name=_t(row["organisation_name"]), election=row["election_code"],
                   category=_t(row["category"]), valid_from=_t(row["valid_from"]), valid_until=_t(row["valid_until"]))
    fields = [("Badge", claims.badge), ("Name", claims.name), ("Category", claims.category),
              ("Organisation", f"{claims.organisation_name} ({claims.organisation})"), ("Election", claims.election),
              ("Valid", f"{claims.valid_from} to {claims.valid_until}")]
    return src.document("badge", "Accreditation badge", ["accreditations"], [claims.badge], fields=fields,
                        badge=claims)


def extract(src: Source, number: str) -> Document:
    row = src.one("extracts", "number", number, "extract")
    decision = src.rows("decisions", "number = ?", [row["decision"]])
    fields = _fields(row, (("number", "Extract"), ("issued_on", "Issued on"), ("requester", "Requested by"),
                           ("purpose", "Purpose"), ("certified_by", "Certified by")))
    numbers = [row["number"]]
    if decision:
        d = decision[0]
        numbers.append(d["number"])
        fields += _fields(d, (("number", "Decision"), ("adopted_on", "Adopted on"), ("session", "Session"),
                              ("item", "Agenda item"), ("title", "Title"), ("votes", "Votes"), ("status", "Status")))
    else:
        fields.append(("Decision", f"{row['decision']} (not readable by {src.reader.name})"))
    return src.document("extract", f"Certified extract {row['number']}", ["extracts", "decisions"], numbers,
                        fields=fields, signatures=("Certified true copy",))


def order(src: Source, number: str) -> Document:
    typed = number.strip()
    found = src.rows("orders", "number IN (?, ?) OR draft IN (?, ?)", [typed, typed.upper()] * 2)
    if not found:
        raise Refused("no order numbered {number!r} that {name} may read", number=number.strip(),
                      name=src.reader.name)
    row = found[0]
    fields = _fields(row, (("number", "Number"), ("draft", "Draft"), ("kind", "Kind"), ("title", "Title"),
                           ("unit", "Unit"), ("drafted_on", "Drafted on"), ("status", "Status"),
                           ("visa", "Legal visa"), ("signed_on", "Signed on"),
                           ("controlled_until", "Under control until"),
                           ("executing", "Executing units")))
    control = src.rows("execution-control", "record_id = ?", [row["id"]], order="unit")
    table = Table("Execution control", ("unit", "instruction", "due", "executed on"),
                  [(_t(c["unit"]), _t(c["instruction"]), _t(c["due"]), _t(c["executed_on"])) for c in control])
    return src.document("order", f"Order {row['number'] or row['draft']}", ["orders", "execution-control"],
                        [row["number"] or row["draft"]], fields=fields, tables=[table] if control else [],
                        signatures=("Chairman",))


def minutes(src: Source, number: str) -> Document:
    row = src.one("sessions", "number", number, "session")
    fields = _fields(row, (("number", "Session"), ("kind", "Kind"), ("held_on", "Held on"), ("place", "Place"),
                           ("chair", "Chair"), ("status", "Status"), ("members", "Members"), ("present", "Present"),
                           ("quorum", "Quorum"), ("continues_on", "Continues on"), ("closed_on", "Closed on"),
                           ("minutes", "Minutes"), ("recordings", "Recordings")))
    items = src.rows("agenda-items", "session_id = ?", [row["id"]], order="item")
    attendance = src.rows("session-attendance", "session_id = ?", [row["id"]], order="member")
    tables = [Table("Agenda", ("item", "title", "votes for", "against", "abstained", "result", "decision"),
                    [(_t(i["item"]), _t(i["title"]), _t(i["votes_for"]), _t(i["against"]), _t(i["abstained"]),
                      _t(i["status"]), _t(i["decision"])) for i in items]),
              Table("Attendance", ("member", "status", "reason", "proxy"),
                    [(_t(a["member"]), _t(a["status"]), _t(a["reason"]), _t(a["proxy"])) for a in attendance])]
    return src.document("minutes", f"Minutes of session {row['number']}",
                        ["sessions", "agenda-items", "session-attendance"],
                        [row["number"], *(i["decision"] for i in items if i["decision"])], fields=fields,
                        tables=tables,
                        signatures=("Chair", "Secretary"))


KINDS: dict[str, Callable[..., Document]] = {
    "letter": letter, "journal": journal, "trip": trip, "clearance": clearance, "badge": badge,
    "extract": extract, "order": order, "minutes": minutes,
}


def revoked_badges(src: Source) -> list[tuple[str, str]]:
    """(badge, revoked on) of every revoked badge the reader may read, in badge order."""
    rows = src.rows("accreditations", "status = 'revoked' AND badge IS NOT NULL", order="badge")
    return [(r["badge"], _t(r["revoked_on"])) for r in rows]
