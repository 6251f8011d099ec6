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

from domain.errors import N_, Message, NotPermitted, Refused
from domain.readpolicy import Reader, register_refusal
from projections.db import Database
from projections.registers import money_text, register
from projections.reports import ReportContext, run_report, scoped_connection


@dataclass(frozen=True)
class Table:
    title: str
    columns: tuple[str, ...]
    rows: Sequence[tuple[str, ...]]


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
        numbers: str = ", ".join(self.numbers[:6])
        if len(self.numbers) > 6:
            numbers = Message("{numbers} and {more} more", numbers=numbers, more=len(self.numbers) - 6)
        return Message("Made from the register(s) {registers}; records {numbers}; store position {position}; "
                       "{made_at:%Y-%m-%d %H:%M:%S} UTC by {made_by}", registers=", ".join(self.registers),
                       numbers=numbers or Message("none"), position=self.position,
                       made_at=self.made_at.astimezone(UTC), made_by=self.made_by)


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
    fields = _fields(row, (("number", N_("Registration number")), ("registered_on", N_("Registered on")),
                           ("direction", N_("Direction")), ("series", N_("Series")),
                           ("correspondent", N_("Sender") if row["direction"] == "incoming" else N_("Addressee")),
                           ("their_number", N_("Their number")), ("their_date", N_("Their date")), ("subject",
                                                                                                    N_("Subject")),
                           ("classification", N_("Classification")), ("unit", N_("Executing unit")),
                           ("instruction", N_("Resolution")), ("due", N_("Due")), ("executed_on", N_("Executed on")),
                           ("status", N_("Status")), ("reply_to", N_("In reply to")), ("replies", N_("Replies")),
                           ("case_file", N_("Case file")), ("holder", N_("Held by"))))
    return src.document("letter", Message("Registration card {number}", number=row['number']), ["correspondence"],
                        [row["number"]],
                        fields=fields, signatures=(N_("Registered by"), N_("Received by the executor")),
                        confidential=bool(row["confidential"]))


def journal(src: Source, direction: str, start: date, end: date) -> Document:
    if direction not in ("incoming", "outgoing"):
        raise Refused("a journal is incoming or outgoing, not {direction!r}", direction=direction)
    if end < start:
        raise Refused("the period ends ({end}) before it starts ({start})", end=end, start=start)
    rows = src.rows("correspondence", "direction = ? AND registered_on >= ? AND registered_on <= ?",
                    [direction, start.isoformat(), end.isoformat()], order="registered_on, number")
    columns = (N_("number"), N_("registered"), N_("sender") if direction == "incoming" else N_("addressee"),
               N_("subject"), N_("unit"), N_("due"), N_("status"))
    if direction == "incoming":
        count = Message("{count} incoming documents", count=len(rows))
        title = Message("Incoming journal, {start} to {end}", start=start, end=end)
    else:
        count = Message("{count} outgoing documents", count=len(rows))
        title = Message("Outgoing journal, {start} to {end}", start=start, end=end)
    table = Table(count, columns,
                  [tuple(_t(r[c]) for c in ("number", "registered_on", "correspondent", "subject", "unit", "due",
                                             "status")) for r in rows])
    period = Message("{start} to {end}", start=start, end=end)
    return src.document("journal", title, ["correspondence"],
                        [r["number"] for r in rows], fields=[(N_("Period"), period), (N_("Documents"), str(len(rows)))],
                        tables=[table], signatures=(N_("Journal kept by"),),
                        confidential=any(r["confidential"] for r in rows))


def trip(src: Source, warrant: str) -> Document:
    row = src.one("trips", "warrant", warrant, "trip warrant")
    fields = _fields(row, (("warrant", N_("Warrant")), ("number", N_("Employee number")), ("full_name",
                                                                                           N_("Traveller")),
                           ("destination", N_("Destination")), ("start_on", N_("From")), ("end_on", N_("Until")),
                           ("purpose", N_("Purpose")), ("advance", N_("Advance")), ("status", N_("Status")),
                           ("departed_on", N_("Departed on")), ("returned_on", N_("Returned on")), ("expenses",
                                                                                                    N_("Expenses")),
                           ("balance", N_("Balance"))), money=("advance", "expenses", "balance"))
    return src.document("trip", Message("Trip warrant {warrant}", warrant=row['warrant']), ["trips"],
                        [row["warrant"]], fields=fields,
                        signatures=(N_("Authorised by"), N_("Arrived (stamp and date)"),
                                    N_("Departed (stamp and date)")))


def clearance(src: Source, person: str) -> Document:
    row = src.one("staff", "number", person, "employee")
    with scoped_connection(src.db, src.reader) as conn:
        ctx = ReportContext(src.db, conn, src.today, src.reader.cleared, {"person": row["number"]})
        result = run_report(ctx, "clearance-sheet", sorted(src.reader.roles))
    items = [(_t(r[4]), _t(r[5]), _t(r[6])) for r in result.rows]
    fields = _fields(row, (("number", N_("Employee number")), ("full_name", N_("Name")), ("unit_code", N_("Unit")),
                           ("position_title", N_("Post")), ("status", N_("Status")), ("last_day", N_("Last day"))))
    fields.append((N_("Clearance"), Message("complete: holds nothing") if not items
                   else Message("{count} item(s) still held", count=len(items))))
    return src.document("clearance", Message("Clearance sheet {number}", number=row['number']), ["staff"],
                        [row["number"]], fields=fields,
                        tables=[Table(N_("Items held"), (N_("kind"), N_("item"), N_("since")), items)],
                        signatures=(N_("Logistics"), N_("Finance"), N_("Records (confidential documents)"),
                                    N_("Human resources")))


def badge(src: Source, number: str) -> Document:
    row = src.one("accreditations", "badge", number, "badge")
    if row["status"] != "accredited":
        raise Refused("badge {badge} of {name} is {status}: only a valid accreditation is printed on a badge",
                      badge=row['badge'], name=row['name'], status=row['status'])
    claims = Badge(badge=row["badge"], name=row["name"], organisation=row["organisation"],
                   organisation_name=_t(row["organisation_name"]), election=row["election_code"],
                   category=_t(row["category"]), valid_from=_t(row["valid_from"]), valid_until=_t(row["valid_until"]))
    fields = [(N_("Badge"), claims.badge), (N_("Name"), claims.name), (N_("Category"), claims.category),
              (N_("Organisation"), f"{claims.organisation_name} ({claims.organisation})"),
              (N_("Election"), claims.election),
              (N_("Valid"), Message("{start} to {end}", start=claims.valid_from, end=claims.valid_until))]
    return src.document("badge", N_("Accreditation badge"), ["accreditations"], [claims.badge], fields=fields,
                        badge=claims)


def extract(src: Source, number: str) -> Document:
    row = src.one("extracts", "number", number, "extract")
    decision = src.rows("decisions", "number = ?", [row["decision"]])
    fields = _fields(row, (("number", N_("Extract")), ("issued_on", N_("Issued on")), ("requester", N_("Requested by")),
                           ("purpose", N_("Purpose")), ("certified_by", N_("Certified by"))))
    numbers = [row["number"]]
    if decision:
        d = decision[0]
        numbers.append(d["number"])
        fields += _fields(d, (("number", N_("Decision")), ("adopted_on", N_("Adopted on")), ("session", N_("Session")),
                              ("item", N_("Agenda item")), ("title", N_("Title")), ("votes", N_("Votes")), ("status",
                                                                                                            N_("Status"))))
    else:
        fields.append((N_("Decision"), Message("{number} (not readable by {name})", number=row["decision"],
                                               name=src.reader.name)))
    return src.document("extract", Message("Certified extract {number}", number=row['number']), ["extracts",
                                                                                                 "decisions"], numbers,
                        fields=fields, signatures=(N_("Certified true copy"),))


def order(src: Source, number: str) -> Document:
    typed = number.strip()
    found = src.rows("orders", "number IN (?, ?) OR draft IN (?, ?)", [typed, typed.upper()] * 2)
    if not found:
        raise Refused("no order numbered {number!r} that {name} may read", number=number.strip(),
                      name=src.reader.name)
    row = found[0]
    fields = _fields(row, (("number", N_("Number")), ("draft", N_("Draft")), ("kind", N_("Kind")), ("title",
                                                                                                    N_("Title")),
                           ("unit", N_("Unit")), ("drafted_on", N_("Drafted on")), ("status", N_("Status")),
                           ("visa", N_("Legal visa")), ("signed_on", N_("Signed on")),
                           ("controlled_until", N_("Under control until")),
                           ("executing", N_("Executing units"))))
    control = src.rows("execution-control", "record_id = ?", [row["id"]], order="unit")
    table = Table(N_("Execution control"), (N_("unit"), N_("instruction"), N_("due"), N_("executed on")),
                  [(_t(c["unit"]), _t(c["instruction"]), _t(c["due"]), _t(c["executed_on"])) for c in control])
    return src.document("order", Message("Order {value}", value=row['number'] or row['draft']), ["orders",
                                                                                                 "execution-control"],
                        [row["number"] or row["draft"]], fields=fields, tables=[table] if control else [],
                        signatures=(N_("Chairman"),))


def minutes(src: Source, number: str) -> Document:
    row = src.one("sessions", "number", number, "session")
    fields = _fields(row, (("number", N_("Session")), ("kind", N_("Kind")), ("held_on", N_("Held on")), ("place",
                                                                                                         N_("Place")),
                           ("chair", N_("Chair")), ("status", N_("Status")), ("members", N_("Members")), ("present",
                                                                                                          N_("Present")),
                           ("quorum", N_("Quorum")), ("continues_on", N_("Continues on")), ("closed_on",
                                                                                            N_("Closed on")),
                           ("minutes", N_("Minutes")), ("recordings", N_("Recordings"))))
    items = src.rows("agenda-items", "session_id = ?", [row["id"]], order="item")
    attendance = src.rows("session-attendance", "session_id = ?", [row["id"]], order="member")
    tables = [Table(N_("Agenda"), (N_("item"), N_("title"), N_("votes for"), N_("against"), N_("abstained"),
                                   N_("result"), N_("decision")),
                    [(_t(i["item"]), _t(i["title"]), _t(i["votes_for"]), _t(i["against"]), _t(i["abstained"]),
                      _t(i["status"]), _t(i["decision"])) for i in items]),
              Table(N_("Attendance"), (N_("member"), N_("status"), N_("reason"), N_("proxy")),
                    [(_t(a["member"]), _t(a["status"]), _t(a["reason"]), _t(a["proxy"])) for a in attendance])]
    return src.document("minutes", Message("Minutes of session {number}", number=row['number']),
                        ["sessions", "agenda-items", "session-attendance"],
                        [row["number"], *(i["decision"] for i in items if i["decision"])], fields=fields,
                        tables=tables,
                        signatures=(N_("Chair"), N_("Secretary")))


KINDS: dict[str, Callable[..., Document]] = {
    "letter": letter, "journal": journal, "trip": trip, "clearance": clearance, "badge": badge,
    "extract": extract, "order": order, "minutes": minutes,
}


def revoked_badges(src: Source) -> list[tuple[str, str]]:
    """(badge, revoked on) of every revoked badge the reader may read, in badge order."""
    rows = src.rows("accreditations", "status = 'revoked' AND badge IS NOT NULL", order="badge")
    return [(r["badge"], _t(r["revoked_on"])) for r in rows]
