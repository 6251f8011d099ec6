"""The personal inbox (issue 22): for one reader on one day, the records that are their own work, in groups —
letters and appeals of their unit due today, in the coming week and overdue; payments awaiting their approval
and orders awaiting their visa or signature; labour contracts ending and procurement deliveries due; spending
reports due from commissions.

Every group IS a register filtered: a register name and the filter words a user would type on `/` (the
dashboard's `Link`). Its rows are read through `RegisterQuery` under the read policy's restriction for the
reader (clearance and office scope), so a group holds exactly the rows that register shows them with that
filter, and the inbox can neither show more nor name a confidential letter's subject to an uncleared user.

Which groups a reader gets follows from who they are: the register must be one their roles read, and the
work one their roles (or, for the Law department's visa, their unit) may do. Letters and appeals are those
of the reader's unit when they belong to a headquarters unit; a provincial office's user reads their office's
(the read policy's scope), and a user of no unit the whole secretariat's.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain.acts import LAW_DEPARTMENT
from domain.commands import COMMANDS, role_refusal
from domain.errors import N_, Message
from domain.readpolicy import Reader
from projections.db import Database
from projections.paging import RegisterQuery
from projections.registers import Register, registers

LIMIT = 50  # rows read per group; the count is always whole


@dataclass(frozen=True)
class Spec:
    """One group as declared: the register and filter words behind it and how its rows are summed up."""
    key: str
    section: str  # the heading it stands under ("Letters", "Appeals", "Awaiting you", ...)
    title: str  # what the group holds, in words
    register: str
    filter: str
    sort: str | None  # the column its items are listed by (the register's own order when None)
    shows: tuple[str, ...]  # the columns an item's line is made of, in this order (its date first)
    within: str | None = None  # the key of a group holding all of this one's records (today's in the week's)


@dataclass(frozen=True)
class Item:
    register: str
    record_id: str
    values: tuple[tuple[str, Any], ...]  # (column, value) of the shown columns

    def value(self, column: str) -> Any:
        return dict(self.values).get(column)

    def text(self) -> str:
        return " · ".join("-" if v is None or v == "" else str(v) for _, v in self.values)


@dataclass(frozen=True)
class Group:
    spec: Spec
    count: int
    items: tuple[Item, ...]
    problem: str | None = None  # the filter's problem, should the register not know a word (never expected)

    @property
    def key(self) -> str:
        return self.spec.key


@dataclass(frozen=True)
class Inbox:
    today: date
    scope: str  # whose work, in words ("unit ELEC", "office KBL-PO", "the secretariat")
    groups: tuple[Group, ...]

    @property
    def total(self) -> int:
        """Records in all groups, each once (a letter due today is also due in the next 7 days)."""
        keys = {g.key for g in self.groups}
        return sum(g.count for g in self.groups if g.spec.within not in keys)

    def group(self, key: str) -> Group | None:
        return next((g for g in self.groups if g.key == key), None)


def _may(roles: Collection[str], command: str) -> bool:
    found = COMMANDS.get(command)
    return found is not None and role_refusal(list(roles), found) is None


def _pays_out(roles: Collection[str]) -> bool:
    """Whether these roles may make (hence approve) any payment the two-person rule holds."""
    return any(getattr(c, "money_out", None) and role_refusal(list(roles), c) is None for c in COMMANDS.values())


# each bucket's headings, whole sentences so they translate whole: (due, letters' heading, appeals' heading)
BUCKETS = (("overdue", N_("Letters overdue"), N_("Appeals overdue")),
           ("today", N_("Letters due today"), N_("Appeals due today")),
           ("week", N_("Letters due in the next 7 days"), N_("Appeals due in the next 7 days")))


def specs(who: Reader, office: str | None, constituencies: Collection[int] = ()) -> list[Spec]:
    """The groups this reader's inbox holds, in the order shown; only registers their roles read.
    `constituencies`: those of a provincial reader's office, whose commissions' spending reports they chase."""
    own = office.strip().upper() if office and office.strip() else None
    unit = f" unit:{own}" if own and who.offices is None else ""  # a provincial user: their office's, by scope
    out: list[Spec] = []
    for due, letters, _appeals in BUCKETS:
        out.append(Spec(f"letters-{due}", N_("Letters under control"), letters,
                        "correspondence",
                        f"due:{due}{unit}", "due", ("due", "number", "subject", "unit"),
                        "letters-week" if due == "today" else None))
    for due, _letters, appeals in BUCKETS:
        out.append(Spec(f"appeals-{due}", N_("Appeals"), appeals, "appeals",
                        f"due:{due}{unit}", "due",
                        ("due", "number", "subject", "lead_unit"), "appeals-week" if due == "today" else None))
    headquarters = who.offices is None  # payments and procurement are headquarters' (rows of no unit)
    if headquarters and _pays_out(who.roles):
        out.append(Spec("approvals", N_("Awaiting you"), N_("Payments awaiting your approval"), "approvals",
                        f"approver:{who.name}", None, ("summary", "maker")))
    if own == LAW_DEPARTMENT and _may(who.roles, "orders.visa"):
        out.append(Spec("orders-visa", N_("Awaiting you"), N_("Orders awaiting the Law department's visa"), "orders",
                        "status:in", "drafted_on", ("drafted_on", "draft", "title", "unit")))
    if _may(who.roles, "orders.sign"):
        out.append(Spec("orders-sign", N_("Awaiting you"), N_("Orders awaiting signature"), "orders", "status:visaed",
                        "drafted_on", ("drafted_on", "draft", "title", "unit")))
    if _may(who.roles, "staff.contract"):
        out.append(Spec("contracts-ending", N_("Contracts"), N_("Labour contracts ending in 30 days"), "staff",
                        f"due:month{unit}", "contract_end", ("contract_end", "number", "full_name", "unit_code")))
    if headquarters and _may(who.roles, "contracts.deliver"):
        out.append(Spec("deliveries-overdue", N_("Contracts"), N_("Deliveries overdue under contracts"), "contracts",
                        "due:overdue", "delivery_due", ("delivery_due", "number", "supplier", "status")))
        out.append(Spec("deliveries-week", N_("Contracts"), N_("Deliveries due in the next 7 days"), "contracts",
                        "due:week", "delivery_due", ("delivery_due", "number", "supplier", "status")))
    # a province chases its own constituency's commissions (allocations carry no unit: headquarters' rows)
    reports = "" if headquarters else "".join(f" constituency:{n}" for n in constituencies)
    if _may(who.roles, "allocations.submit-report") and (headquarters or len(constituencies) == 1):
        out.append(Spec("reports-overdue", N_("Reports due from commissions"), N_("Spending reports overdue"),
                        "allocations", f"due:overdue{reports}", "report_due", ("report_due", "code", "commission")))
        out.append(Spec("reports-week", N_("Reports due from commissions"),
                        N_("Spending reports due in the next 7 days"),
                        "allocations", f"due:week{reports}", "report_due", ("report_due", "code", "commission")))
    known = registers()
    return [s for s in out if s.register in known and known[s.register].roles & who.roles]


def scope_words(who: Reader, office: str | None) -> str:
    if office and office.strip() and who.offices is None:
        return Message("unit {code}", code=office.strip().upper())
    if who.offices is not None:
        return Message("office {codes}", codes=", ".join(sorted(who.offices)))
    return Message("the secretariat")


def query(db: Database, conn: Any, spec: Spec, who: Reader, today: date) -> RegisterQuery:
    """The register query behind a group: the register, its filter, the reader's restriction and the day."""
    register: Register = registers()[spec.register]
    q = RegisterQuery(db, conn, register, filter=spec.filter, restriction=register.restriction_for(who), today=today)
    if spec.sort:
        q.set(sort=spec.sort, descending=False)  # soonest due first
    return q


def read_group(db: Database, conn: Any, spec: Spec, who: Reader, today: date, limit: int = LIMIT) -> Group:
    q = query(db, conn, spec, who, today)
    if q.problem:  # a state no row holds yet ("status: is one of draft, registered"): nothing awaits
        return Group(spec, 0, (), q.problem)
    count = q.count()
    columns = q.columns
    items = tuple(Item(spec.register, str(row[-1]), tuple((c, row[columns.index(c)]) for c in spec.shows))
                  for row in q.page(0, limit))
    return Group(spec, count, items, q.problem)


def build(db: Database, conn: Any, who: Reader, *, office: str | None, today: date, limit: int = LIMIT) -> Inbox:
    """The reader's inbox on `today`: every group of theirs with its count and first `limit` items."""
    found = specs(who, office, constituencies(db, conn, who, today))
    return Inbox(today, scope_words(who, office), tuple(read_group(db, conn, s, who, today, limit) for s in found))


def constituencies(db: Database, conn: Any, who: Reader, today: date) -> list[int]:
    """The constituencies of a provincial reader's office (as the dashboard finds them); none for headquarters."""
    if who.offices is None or "allocations" not in registers():
        return []
    from projections.dashboard import _Reader, _scoped_constituencies

    return sorted(_scoped_constituencies(_Reader(db, conn, today, who.offices, who.cleared)) or ())
