"""The registers of the Commission's acts: decisions, the Chairman's orders, normative acts by consolidated
edition, certified extracts and execution control; and their reports (decisions by session and kind, the orders
journal, acts in force on a date, decisions and orders under control and overdue per unit).

The `acts` register holds one row per consolidated edition of a normative act: an act adopted is edition 1, in
force from its adoption; each amendment closes the edition in force and opens the next from its effective date;
a repeal closes the last one. So the acts in force on a day are the editions whose period holds it (`on:DATE`),
and `in-force:yes` lists the editions in force now (never closed). Overdue is decided by the reports against the
day they are asked, from the stored due dates.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.acts import MEDIA, Decision, Extract, Order
from domain.errors import Message, Refused
from domain.shown import said, said_more
from projections import conditions
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import Register, status_from
from projections.reports import Report, ReportContext, ReportResult, execution_counts

DECISIONS = Table("decisions", (
    ("id", "text"), ("number", "text"), ("adopted_on", "text"), ("session", "text"), ("item", "int"),
    ("kind", "text"), ("title", "text"), ("normative", "int"), ("votes", "text"), ("published", "text"),
    ("publications", "int"), ("state_register", "text"), ("awaiting_state_number", "int"), ("status", "text"),
    ("editions", "int"),
    ("changed_by", "text"), ("changes", "text"), ("extracts", "int"), ("controlled_until", "text"),
    ("executing", "text"),
), key=("id",), indexes=(("number",), ("adopted_on", "number"), ("session",), ("kind",), ("status",),
                         ("controlled_until",)),
   search=("number", "adopted_on", "session", "kind", "title", "votes", "status", "published", "state_register",
           "changed_by", "changes", "controlled_until", "executing"))
ORDERS = Table("orders", (
    ("id", "text"), ("draft", "text"), ("number", "text"), ("kind", "text"), ("title", "text"), ("unit", "text"),
    ("drafted_on", "text"), ("status", "text"), ("visa", "text"), ("returns", "int"), ("signed_on", "text"),
    ("controlled_until", "text"), ("executing", "text"),
), key=("id",), indexes=(("draft",), ("number",), ("drafted_on", "draft"), ("signed_on", "number"), ("kind",),
                         ("status",), ("unit",)),
   search=("draft", "number", "kind", "title", "unit", "drafted_on", "status", "visa", "signed_on", "controlled_until",
           "executing"))
ACTS = Table("acts", (
    ("act_id", "text"), ("edition", "int"), ("number", "text"), ("title", "text"), ("adopted_on", "text"),
    ("in_force_from", "text"), ("in_force_until", "text"), ("amended_by", "text"), ("amendment", "text"),
    ("repealed_by", "text"), ("state_register", "text"),
), key=("act_id", "edition"), indexes=(("number", "edition"), ("in_force_from",), ("in_force_until",)),
   search=("number", "title", "adopted_on", "in_force_from", "in_force_until", "amended_by", "amendment", "repealed_by",
           "state_register"))
EXTRACTS = Table("extracts", (
    ("id", "text"), ("number", "text"), ("decision", "text"), ("requester", "text"), ("purpose", "text"),
    ("issued_on", "text"), ("certified_by", "text"),
), key=("id",), indexes=(("number",), ("issued_on", "number"), ("decision",)),
   search=("number", "issued_on", "decision", "requester", "purpose", "certified_by"))
CONTROL = Table("execution_control", (
    ("record_id", "text"), ("unit", "text"), ("record", "text"), ("record_kind", "text"), ("title", "text"),
    ("instruction", "text"), ("assigned_on", "text"), ("due", "text"), ("executed_on", "text"), ("report", "text"),
), key=("record_id", "unit"), indexes=(("due", "record"), ("unit", "due"), ("record",), ("executed_on",)),
   search=("record", "record_kind", "unit", "title", "instruction", "assigned_on", "due", "executed_on", "report"))


# How the domain's attributes of a decision read in its row, where no column bears the attribute's name.
READS: dict[type, dict[str, str]] = {Decision: {
    "media_left": f"{len(MEDIA)} - publications",
    "in_force": "SUBSTR(status, 1, 8) <> 'repealed'",
}}


def allowing(kind: type, command: str) -> str:
    """The filter of the decisions register's rows whose decision's state allows `command`, from the condition the
    domain declares for it: what a decision picker lists."""
    return conditions.allowing(kind, command, READS.get(kind))


def _prefix(column: str) -> str:
    return f"substr({column}, 1, length(?)) = ?"


class ActsProjection(Projection):
    name = "acts"
    version = 3  # 2: publications, the State Register, changes and visas stored as sentences (domain.shown.said);
    # 3: the count of publications and whether a State Register number is awaited (the pickers)
    tables = (DECISIONS, ORDERS, ACTS, EXTRACTS, CONTROL)

    @staticmethod
    def _row(rows: Rows, table: str, *key: Any) -> dict[str, Any]:
        row = rows.get(table, *key)
        assert row is not None, f"{table} row {key} missing from the register"
        return dict(row)

    def _decision(self, rows: Rows, e: Any, **changes: Any) -> dict[str, Any]:
        row = {**self._row(rows, "decisions", text(e.originator_id)), **changes}
        rows.put("decisions", row)
        return row

    def _edition(self, rows: Rows, d: dict[str, Any], n: int, **changes: Any) -> None:
        rows.put("acts", {**self._row(rows, "acts", d["id"], n), **changes})

    # ---- decisions and acts ---------------------------------------------------------------------

    @on(Decision.Adopted)
    def adopted(self, rows: Rows, position: int, e: Any) -> None:
        row = {"id": text(e.originator_id), "number": e.number, "adopted_on": text(e.adopted_on),
               "session": e.session, "item": e.item, "kind": e.item_kind, "title": e.title,
               "normative": 1 if e.normative else 0, "votes": e.votes, "published": None, "publications": 0,
               "state_register": None, "awaiting_state_number": 0, "status": "in force" if e.normative else "adopted",
               "editions": 1 if e.normative else 0,
               "changed_by": None, "changes": None, "extracts": 0, "controlled_until": None, "executing": None}
        rows.put("decisions", row)
        if e.normative:
            rows.put("acts", {"act_id": row["id"], "edition": 1, "number": e.number, "title": e.title,
                              "adopted_on": row["adopted_on"], "in_force_from": row["adopted_on"],
                              "in_force_until": None, "amended_by": None, "amendment": None, "repealed_by": None,
                              "state_register": None})

    @on(Decision.Published)
    def published(self, rows: Rows, position: int, e: Any) -> None:
        row = self._row(rows, "decisions", text(e.originator_id))
        entry = (Message("{medium} {on} ({reference})", medium=e.medium, on=e.on, reference=e.reference)
                 if e.reference else Message("{medium} {on}", medium=e.medium, on=e.on))
        self._decision(rows, e, published=said_more(row["published"], entry), publications=row["publications"] + 1)

    @on(Decision.SentToStateRegister, Decision.StateRegistered)
    def state_register(self, rows: Rows, position: int, e: Any) -> None:
        if isinstance(e, Decision.StateRegistered):
            value = said(Message("{number} of {on}", number=e.registration_number, on=e.on))
        else:
            value = said(Message("sent {on}", on=e.on))
        d = self._decision(rows, e, state_register=value,
                           awaiting_state_number=0 if isinstance(e, Decision.StateRegistered) else 1)
        for n in range(1, d["editions"] + 1):
            self._edition(rows, d, n, state_register=value)

    @on(Decision.Amended)
    def amended(self, rows: Rows, position: int, e: Any) -> None:
        d = self._row(rows, "decisions", text(e.originator_id))
        last = self._row(rows, "acts", d["id"], d["editions"])
        effective = text(e.effective)
        if last["in_force_from"] == effective:  # a second change the same day: one edition, both amendments
            self._edition(rows, d, d["editions"], amended_by=f"{last['amended_by']}, {e.by}",
                          amendment=f"{last['amendment']}; {e.summary}")
        else:
            self._edition(rows, d, d["editions"], in_force_until=effective)
            d["editions"] += 1
            rows.put("acts", {**last, "edition": d["editions"], "in_force_from": effective, "in_force_until": None,
                              "amended_by": e.by, "amendment": e.summary})
        changed = f"{d['changed_by']}, {e.by}" if d["changed_by"] else e.by
        self._decision(rows, e, editions=d["editions"], changed_by=changed, status="in force (amended)")

    @on(Decision.Repealed)
    def repealed(self, rows: Rows, position: int, e: Any) -> None:
        d = self._row(rows, "decisions", text(e.originator_id))
        self._edition(rows, d, d["editions"], in_force_until=text(e.effective), repealed_by=e.by)
        changed = f"{d['changed_by']}, {e.by}" if d["changed_by"] else e.by
        self._decision(rows, e, changed_by=changed, status=status_from("repealed", e.effective))

    @on(Decision.ChangesAct)
    def changes_act(self, rows: Rows, position: int, e: Any) -> None:
        d = self._row(rows, "decisions", text(e.originator_id))
        entry = Message("amends {act}", act=e.act) if e.change == "amends" else Message("repeals {act}", act=e.act)
        self._decision(rows, e, changes=said_more(d["changes"], entry))

    @on(Decision.ExtractIssued)
    def extract_counted(self, rows: Rows, position: int, e: Any) -> None:
        d = self._row(rows, "decisions", text(e.originator_id))
        self._decision(rows, e, extracts=d["extracts"] + 1)

    @on(Extract.Issued)
    def extract(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("extracts", {"id": text(e.originator_id), "number": e.number, "decision": e.decision,
                              "requester": e.requester, "purpose": e.purpose or None, "issued_on": text(e.issued_on),
                              "certified_by": e.certified_by})

    # ---- orders ---------------------------------------------------------------------------------

    def _order(self, rows: Rows, e: Any, **changes: Any) -> dict[str, Any]:
        row = {**self._row(rows, "orders", text(e.originator_id)), **changes}
        rows.put("orders", row)
        return row

    @on(Order.Drafted)
    def drafted(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("orders", {"id": text(e.originator_id), "draft": e.draft, "number": None, "kind": e.order_kind,
                            "title": e.title, "unit": e.unit_code, "drafted_on": text(e.drafted_on), "status": "draft",
                            "visa": None, "returns": 0, "signed_on": None, "controlled_until": None,
                            "executing": None})

    @on(Order.Submitted)
    def submitted(self, rows: Rows, position: int, e: Any) -> None:
        self._order(rows, e, status="in examination")

    @on(Order.Visaed)
    def visaed(self, rows: Rows, position: int, e: Any) -> None:
        self._order(rows, e, status="visaed", visa=said(Message("{lawyer}, {on}", lawyer=e.lawyer, on=e.on)))

    @on(Order.ReturnedWithRemarks)
    def returned(self, rows: Rows, position: int, e: Any) -> None:
        row = self._row(rows, "orders", text(e.originator_id))
        self._order(rows, e, status="returned", returns=row["returns"] + 1)

    @on(Order.Signed)
    def signed(self, rows: Rows, position: int, e: Any) -> None:
        self._order(rows, e, status="registered", number=e.number, signed_on=text(e.on))

    # ---- execution control (decisions and orders alike) ----------------------------------------

    def _controlled(self, rows: Rows, e: Any) -> tuple[str, dict[str, Any]]:
        key = text(e.originator_id)
        d = rows.get("decisions", key)
        return ("decisions", dict(d)) if d is not None else ("orders", self._row(rows, "orders", key))

    def _summarise(self, rows: Rows, table: str, row: dict[str, Any], units: list[str]) -> None:
        """The record's open units and its "controlled until" (the latest open due date), from its control rows."""
        open_rows = [r for r in (rows.get("execution_control", row["id"], u) for u in units)
                     if r is not None and r["executed_on"] is None]
        row["executing"] = ", ".join(r["unit"] for r in open_rows) or None
        row["controlled_until"] = max((r["due"] for r in open_rows), default=None)
        rows.put(table, row)

    @on(Decision.ControlAssigned, Order.ControlAssigned)
    def control_assigned(self, rows: Rows, position: int, e: Any) -> None:
        table, row = self._controlled(rows, e)
        is_decision = table == "decisions"
        record = row["number"] or row.get("draft")
        rows.put("execution_control", {
            "record_id": row["id"], "unit": e.unit_code, "record": record,
            "record_kind": ("normative act" if row.get("normative") else "decision") if is_decision else row["kind"],
            "title": row["title"], "instruction": e.instruction, "assigned_on": text(e.on), "due": text(e.due),
            "executed_on": None, "report": None})
        units = [u for u in (row["executing"] or "").split(", ") if u] + [e.unit_code]
        self._summarise(rows, table, row, units)

    @on(Decision.ExecutionReported, Order.ExecutionReported)
    def control_reported(self, rows: Rows, position: int, e: Any) -> None:
        table, row = self._controlled(rows, e)
        c = self._row(rows, "execution_control", row["id"], e.unit_code)
        rows.put("execution_control", {**c, "executed_on": text(e.on), "report": e.report})
        units = [u for u in (row["executing"] or "").split(", ") if u]
        self._summarise(rows, table, row, units)


PROJECTIONS = (ActsProjection,)
REGISTERS = (
    Register("decisions", "acts", "decisions", ("adopted_on", "number"),
             ("number", "adopted_on", "session", "item", "kind", "title", "normative", "votes", "status", "published",
              "state_register", "changed_by", "changes", "extracts", "controlled_until", "executing"),
             "Decisions", kind="decision", descending=True, numeric=("item", "normative",
                                                                                      "extracts"),
             fields={"year": "substr(adopted_on, 1, 4) = ?", "kind": _prefix("kind"), "status": _prefix("status"),
                     "session": "session = upper(?)",
                     "normative": "normative = (CASE WHEN lower(?) = 'yes' THEN 1 ELSE 0 END)",
                     "control": "controlled_until <= ?"}),
    Register("orders", "acts", "orders", ("drafted_on", "draft"),
             ("draft", "number", "kind", "title", "unit", "drafted_on", "status", "visa", "returns", "signed_on",
              "controlled_until", "executing"),
             "Orders and decrees", kind="order", descending=True, numeric=("returns",),
             fields={"year": "substr(drafted_on, 1, 4) = ?", "kind": _prefix("kind"), "status": _prefix("status"),
                     "unit": "unit = upper(?)", "control": "controlled_until <= ?"}, office=("unit",)),
    Register("acts", "acts", "acts", ("number", "edition"),
             ("number", "edition", "title", "adopted_on", "in_force_from", "in_force_until", "amended_by",
              "amendment", "repealed_by", "state_register"),
             "Normative acts", record="act_id", key=("act_id", "edition"), kind="decision",
             numeric=("edition",),
             fields={"in-force": "(CASE WHEN in_force_until IS NULL THEN 'yes' ELSE 'no' END) = lower(?)",
                     "on": "in_force_from <= ? AND (in_force_until IS NULL OR in_force_until > ?)",
                     "year": "substr(adopted_on, 1, 4) = ?"}),
    Register("extracts", "acts", "extracts", ("issued_on", "number"),
             ("number", "issued_on", "decision", "requester", "purpose", "certified_by"),
             "Certified extracts", kind="extract", descending=True,
             fields={"year": "substr(issued_on, 1, 4) = ?", "decision": "decision = upper(?)"}),
    Register("execution-control", "acts", "execution_control", ("due", "record"),
             ("record", "record_kind", "unit", "title", "instruction", "assigned_on", "due", "executed_on", "report"),
             "Execution control", record="record_id", key=("record_id", "unit"),
             kind="decision",
             fields={"unit": "unit = upper(?)", "due": "executed_on IS NULL AND due <= ?",
                     "open": "(executed_on IS NULL) = (lower(?) = 'yes')",
                     "kind": _prefix("record_kind")}, office=("unit",)),
)


# ---- reports ------------------------------------------------------------------------------------------


def _year(ctx: ReportContext, column: str) -> tuple[str, list[Any]]:
    year = ctx.param("year")
    if not year:
        return "", []
    if not (year.isdigit() and len(year) == 4):
        raise Refused("year must be like 2026, not {year!r}", year=year)
    return f" AND substr({column}, 1, 4) = ?", [year]


def _decisions_by_session(ctx: ReportContext) -> ReportResult:
    year, params = _year(ctx, "adopted_on")
    rows = ctx.rows("SELECT session, MIN(adopted_on), kind, COUNT(*), SUM(normative) FROM decisions WHERE 1 = 1"
                    f"{year} GROUP BY session, kind ORDER BY MIN(adopted_on), session, kind", params)
    out = [(s, on_, kind, int(n), int(normative or 0)) for s, on_, kind, n, normative in rows]
    return ReportResult(("session", "held_on", "kind", "decisions", "normative"), out, bars="decisions",
                        notes=(Message("{decisions} decisions, {acts} normative acts",
                                       decisions=int(sum(r[3] for r in out)),
                                       acts=int(sum(r[4] for r in out))),))


def _orders_journal(ctx: ReportContext) -> ReportResult:
    year, params = _year(ctx, "signed_on")
    kind = ctx.param("kind")
    where = " AND kind = ?" if kind else ""
    rows = ctx.rows("SELECT number, signed_on, kind, title, unit, visa, draft FROM orders WHERE status = 'registered'"
                    f"{year}{where} ORDER BY signed_on, number", [*params, *([kind] if kind else [])])
    return ReportResult(("number", "signed_on", "kind", "title", "unit", "visa", "draft"), rows,
                        notes=(Message("{count} orders registered", count=len(rows)),))


def _acts_in_force(ctx: ReportContext) -> ReportResult:
    value = ctx.param("on")
    try:
        day = date.fromisoformat(value).isoformat() if value else ctx.today.isoformat()
    except ValueError:
        raise Refused("on must be a date like 2026-05-01, not {value!r}", value=value) from None
    rows = ctx.rows("SELECT number, edition, title, adopted_on, in_force_from, amended_by, state_register FROM acts "
                    "WHERE in_force_from <= ? AND (in_force_until IS NULL OR in_force_until > ?) ORDER BY number",
                    [day, day])
    return ReportResult(("number", "edition", "title", "adopted_on", "edition_from", "last_amended_by",
                         "state_register"), rows,
                        notes=(Message("{count} normative acts in force on {day}", count=len(rows),
                                       day=date.fromisoformat(day)),))


def _under_control(ctx: ReportContext) -> ReportResult:
    """Per unit: decisions and orders assigned, executed on time, late, still open and of those overdue."""
    today = ctx.today.isoformat()
    counts = execution_counts(ctx.rows("SELECT unit, due, executed_on FROM execution_control"), ctx.today)
    out = [(unit, *counts[unit]) for unit in sorted(counts)]
    overdue = ctx.rows("SELECT record, unit, due FROM execution_control WHERE executed_on IS NULL AND due < ? "
                       "ORDER BY due, record", [today])
    notes = [Message("as of {today}: {count} overdue", today=ctx.today, count=len(overdue))]
    notes += [Message("overdue: {record} at {unit}, due {due} ({days} days)", record=r, unit=u,
                      due=date.fromisoformat(d), days=(ctx.today - date.fromisoformat(d)).days)
              for r, u, d in overdue[:20]]
    return ReportResult(("unit", "on_time", "late", "open", "open_overdue"), out, bars="open_overdue",
                        notes=tuple(notes))


REPORTS = (
    Report("decisions-by-session", "Decisions by session and kind", _decisions_by_session, params=("year",)),
    Report("orders-journal", "Orders journal", _orders_journal, params=("year", "kind"),
           description="the Chairman's orders and decrees in order of registration"),
    Report("acts-in-force", "Normative acts in force on a date", _acts_in_force, params=("on",),
           description="the consolidated edition of every act in force on the day (--param on=2026-05-01)"),
    Report("decisions-under-control", "Decisions and orders under control, per unit", _under_control,
           description="executed on time, late, open and overdue per executing unit, with the overdue listed"),
)
