"""The journal and the ledger, kept from the events by the posting rules of domain/postings.py.

Every entry is posted by one event: its lines carry the event's position (the entry is `J<position>`),
class and record, so an auditor goes from any line to the event that caused it. The ledger sums the journal
per account and month; the chart's accounts carry their running totals. What later rules need to remember
(an allocation's economic code, an asset's depreciation so far) is kept in this projection's own table, so a
rebuild from the history posts exactly what was posted event by event. The budget lines are kept too, for
budget execution against the ledger's expenses.

Money is int minor units (cents). Reports: trial balance as of any date, general ledger of an account, cash
book, statement of financial position, budget execution by period.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from eventsourcing.utils import get_topic

from domain.errors import N_, Message, Refused
from domain.finance import BudgetLine
from domain.ledger import CASH_ACCOUNTS, CHART, EXPENSE_PREFIX, account_kind, account_name, debit_normal
from domain.postings import FACTS, NOT_POSTING, RULES, Entry
from domain.shown import amount_of, said
from projections.calendars import date_text, latin_digits, year_range
from projections.engine import Projection, Rows, Table, text
from projections.registers import Register
from projections.reports import Report, ReportContext, ReportResult, bar

JOURNAL = Table("ledger_journal", (
    ("position", "int"), ("line", "int"), ("entry", "text"), ("on_date", "text"), ("account", "text"),
    ("debit", "int"), ("credit", "int"), ("memo", "text"), ("reference", "text"), ("event", "text"),
    ("record", "text"),
), key=("position", "line"), indexes=(("on_date",), ("account", "on_date"), ("reference",), ("entry",)),
   search=("entry", "on_date", "account", "memo", "reference", "event"))
PERIODS = Table("ledger_periods", (
    ("account", "text"), ("period", "text"), ("name", "text"), ("kind", "text"), ("debit", "int"), ("credit", "int"),
    ("movement", "int"), ("lines", "int"),
), key=("account", "period"), indexes=(("period",),), search=("account", "name", "period"))
ACCOUNTS = Table("ledger_accounts", (
    ("code", "text"), ("name", "text"), ("kind", "text"), ("debit", "int"), ("credit", "int"), ("balance", "int"),
    ("lines", "int"),
), key=("code",), search=("code", "name", "kind"))
FACT_TABLE = Table("ledger_facts", (("kind", "text"), ("key", "text"), ("data", "text")), key=("kind", "key"))
BUDGET = Table("ledger_budget", (
    ("code", "text"), ("year", "int"), ("economic_code", "text"), ("cost_centre", "text"), ("description", "text"),
    ("amount", "int"),
), key=("code",), indexes=(("year", "economic_code"),))


def cents(amount: Decimal) -> int:
    return int(amount * 100)


def account_named(code: str) -> Message:
    """An account's name as a sentence the interface says in the reader's language (the chart's words, or an expense
    account by its economic code)."""
    name = account_name(code)
    if code in CHART:
        return Message(name)
    return Message("Expense, code {code}", code=code[len(EXPENSE_PREFIX):])


def _stored(memo: str) -> str:
    """A posting's memo as the journal keeps it: a sentence (domain.postings writes Messages) as its template and
    values, anything else as it is."""
    return said(memo) if isinstance(memo, Message) else memo


class LedgerProjection(Projection):
    name = "ledger"
    version = 2  # 2: account names and memos stored as sentences (domain.shown.said), said in the reader's language
    tables = (JOURNAL, PERIODS, ACCOUNTS, FACT_TABLE, BUDGET)

    def post(self, rows: Rows, position: int, e: Any) -> None:
        cls = type(e)

        def facts(kind: str, key: UUID) -> dict[str, Any] | None:
            row = rows.get("ledger_facts", kind, key.hex)
            return json.loads(row["data"]) if row else None

        remember = FACTS.get(cls)
        if remember is not None:
            for kind, key, values in remember(e, facts):
                known = facts(kind, key) or {}
                rows.put("ledger_facts", {"kind": kind, "key": key.hex, "data": json.dumps({**known, **values},
                                                                                           sort_keys=True)})
        rule = RULES.get(cls)
        if rule is not None:
            entry = rule(e, facts)
            if entry is not None:
                self._write(rows, position, e, entry)
        if cls is BudgetLine.Added:
            rows.put("ledger_budget", {"code": e.code, "year": e.year, "economic_code": e.economic_code,
                                       "cost_centre": e.cost_centre, "description": e.description,
                                       "amount": cents(e.amount)})
        elif cls is BudgetLine.Revised:
            line = rows.get("ledger_facts", "line", e.originator_id.hex)
            assert line is not None, "a revised budget line was never added"
            code = json.loads(line["data"])["code"]
            budget = rows.get("ledger_budget", code)
            assert budget is not None
            rows.put("ledger_budget", {**budget, "amount": cents(e.amount)})

    def _write(self, rows: Rows, position: int, e: Any, entry: Entry) -> None:
        assert entry.balanced, f"unbalanced entry from {type(e).__qualname__} at position {position}"
        on, period = text(entry.on), entry.on.isoformat()[:7]
        for n, leg in enumerate(entry.legs, start=1):
            debit, credit = cents(leg.debit), cents(leg.credit)
            rows.put("ledger_journal", {
                "position": position, "line": n, "entry": f"J{position}", "on_date": on, "account": leg.account,
                "debit": debit, "credit": credit, "memo": _stored(leg.memo or entry.memo), "reference": entry.reference,
                "event": type(e).__qualname__, "record": text(e.originator_id)})
            found = rows.get("ledger_periods", leg.account, period)
            row = found or {"account": leg.account, "period": period, "name": said(account_named(leg.account)),
                            "kind": account_kind(leg.account), "debit": 0, "credit": 0, "movement": 0, "lines": 0}
            rows.put("ledger_periods", {**row, "debit": row["debit"] + debit, "credit": row["credit"] + credit,
                                        "movement": row["movement"] + debit - credit, "lines": row["lines"] + 1})
            acc = rows.get("ledger_accounts", leg.account) or {
                "code": leg.account, "name": said(account_named(leg.account)), "kind": account_kind(leg.account),
                "debit": 0,
                "credit": 0, "balance": 0, "lines": 0}
            rows.put("ledger_accounts", {**acc, "debit": acc["debit"] + debit, "credit": acc["credit"] + credit,
                                         "balance": acc["balance"] + debit - credit, "lines": acc["lines"] + 1})


# Every event a rule, a not-posting declaration or a fact names is handled by `post`.
for _cls in {*RULES, *NOT_POSTING, *FACTS, BudgetLine.Added, BudgetLine.Revised}:
    LedgerProjection.handlers[get_topic(_cls)] = LedgerProjection.post


# ---- reports ------------------------------------------------------------------------------------

def _date(ctx: ReportContext, name: str, default: date | None) -> str | None:
    raw = ctx.param(name)
    if not raw:
        return default.isoformat() if default else None
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        raise Refused("{name} must be a date like 2026-06-30, not {raw!r}", name=name, raw=raw) from None


def _account(ctx: ReportContext, default: str = "") -> str:
    code = ctx.param("account", default).upper()
    if not code:
        raise Refused("name the account: account=1100 (the chart: report chart-of-accounts)")
    if account_kind(code) is None:
        raise Refused("account {code!r} is not in the chart of accounts", code=code)
    return code


def _sums_until(ctx: ReportContext, until: str) -> dict[str, tuple[int, int]]:
    rows = ctx.rows("SELECT account, SUM(debit), SUM(credit) FROM ledger_journal WHERE on_date <= ? "
                    "GROUP BY account ORDER BY account", (until,))
    return {a: (int(d or 0), int(c or 0)) for a, d, c in rows}  # PostgreSQL sums are numeric


def _trial_balance(ctx: ReportContext) -> ReportResult:
    until = _date(ctx, "as_of", ctx.today)
    assert until is not None
    sums = _sums_until(ctx, until)
    out = []
    for code, (d, c) in sorted(sums.items()):
        balance = d - c
        out.append((code, account_named(code), d, c, balance if balance > 0 else 0, -balance if balance < 0 else 0))
    total_d, total_c = sum(r[2] for r in out), sum(r[3] for r in out)
    bal_d, bal_c = sum(r[4] for r in out), sum(r[5] for r in out)
    state = Message("balances") if (total_d, bal_d) == (total_c, bal_c) else Message("DOES NOT BALANCE")
    return ReportResult(("account", "name", "debits", "credits", "debit_balance", "credit_balance"), out,
                        money=("debits", "credits", "debit_balance", "credit_balance"),
                        notes=(Message("trial balance as of {until}: debits {debits}, credits {credits}; balances "
                                       "{debit_balance} / {credit_balance}: {state}", until=until,
                                       debits=amount_of(total_d), credits=amount_of(total_c),
                                       debit_balance=amount_of(bal_d), credit_balance=amount_of(bal_c),
                                       state=state),))


def _general_ledger(ctx: ReportContext) -> ReportResult:
    code = _account(ctx)
    since = _date(ctx, "from", None) or "0000-01-01"
    until = _date(ctx, "until", ctx.today)
    opening = ctx.rows("SELECT SUM(debit) - SUM(credit) FROM ledger_journal WHERE account = ? AND on_date < ?",
                       (code, since))
    balance = int(opening[0][0] or 0) if opening else 0
    rows = ctx.rows("SELECT on_date, entry, memo, reference, debit, credit, event FROM ledger_journal "
                    "WHERE account = ? AND on_date >= ? AND on_date <= ? ORDER BY on_date, position, line",
                    (code, since, until))
    out = []
    first = balance
    for on_date, entry, memo, reference, d, c, event in rows:
        balance += d - c
        out.append((on_date, entry, memo, reference, d, c, balance, event))
    return ReportResult(("date", "entry", "memo", "reference", "debit", "credit", "balance", "event"), out,
                        money=("debit", "credit", "balance"),
                        notes=(Message("{account} {name}: opening {opening}, closing {closing} ({count} line(s), "
                                       "{since} to {until})", account=code, name=account_named(code),
                                       opening=amount_of(first), closing=amount_of(balance), count=len(out),
                                       since=since, until=until),))


def _cash_book(ctx: ReportContext) -> ReportResult:
    code = ctx.param("account").upper()
    accounts = (code,) if code else CASH_ACCOUNTS
    if code and code not in CASH_ACCOUNTS:
        raise Refused("the cash book is kept for {cash_accounts}, not {code!r}",
                      cash_accounts=', '.join(CASH_ACCOUNTS), code=code)
    since = _date(ctx, "from", None) or "0000-01-01"
    until = _date(ctx, "until", ctx.today)
    marks = ", ".join("?" * len(accounts))
    opening = ctx.rows(f"SELECT SUM(debit) - SUM(credit) FROM ledger_journal WHERE account IN ({marks}) "
                       "AND on_date < ?", (*accounts, since))
    balance = first = int(opening[0][0] or 0) if opening else 0
    rows = ctx.rows("SELECT on_date, entry, account, memo, reference, debit, credit FROM ledger_journal "
                    f"WHERE account IN ({marks}) AND on_date >= ? AND on_date <= ? ORDER BY on_date, position, line",
                    (*accounts, since, until))
    out = []
    for on_date, entry, account, memo, reference, d, c in rows:
        balance += d - c
        out.append((on_date, entry, account, memo, reference, d, c, balance))
    receipts, payments = sum(r[5] for r in out), sum(r[6] for r in out)
    return ReportResult(("date", "entry", "account", "memo", "reference", "receipts", "payments", "balance"), out,
                        money=("receipts", "payments", "balance"),
                        notes=(Message("cash book {accounts}, {since} to {until}: opening {opening}, receipts "
                                       "{receipts}, payments {payments}, closing {closing}",
                                       accounts=", ".join(accounts), since=since, until=until,
                                       opening=amount_of(first),
                                       receipts=amount_of(receipts), payments=amount_of(payments),
                                       closing=amount_of(balance)),))


def _financial_position(ctx: ReportContext) -> ReportResult:
    until = _date(ctx, "as_of", ctx.today)
    assert until is not None
    sums = _sums_until(ctx, until)
    out: list[tuple[Any, ...]] = []
    totals: dict[str, int] = defaultdict(int)
    for code, (d, c) in sorted(sums.items()):
        kind = account_kind(code) or "?"
        amount = d - c if debit_normal(code) else c - d
        totals[kind] += amount
        if kind in ("asset", "liability", "net assets"):  # budgetary accounts stand apart
            out.append((kind, code, account_named(code), d - c if kind == "asset" else amount, None))
    surplus = totals["revenue"] - totals["expense"]
    out.append(("net assets", "", Message("Surplus (deficit) to date: revenue less expenses"), surplus, None))
    assets, liabilities = totals["asset"], totals["liability"]
    net = totals["net assets"] + surplus
    state = (Message("assets = liabilities + net assets") if assets == liabilities + net
             else Message("DOES NOT BALANCE"))
    return ReportResult(("section", "account", "name", "amount"),
                        [(s, a, n, amount) for s, a, n, amount, _ in out], money=("amount",),
                        notes=(Message("statement of financial position as of {until}: assets {assets}, liabilities "
                                       "{liabilities}, net assets {net} ({state})", until=until,
                                       assets=amount_of(assets), liabilities=amount_of(liabilities),
                                       net=amount_of(net), state=state),
                               Message("accumulated depreciation (1590) is shown as the negative asset it is")))


_PERIODS = ("month", "quarter", "year")


def period_of(on: str, kind: str, calendar: str = "gregorian") -> str:
    """The month, quarter or year a stored ISO day falls in, of `calendar` (2026-12, 2026-Q4, 2026; 1405-09)."""
    if calendar != "gregorian":
        on = date_text(date.fromisoformat(on[:10]), calendar)
    if kind == "month":
        return on[:7]
    if kind == "quarter":
        return f"{on[:4]}-Q{(int(on[5:7]) - 1) // 3 + 1}"
    return on[:4]


def year_param(ctx: ReportContext) -> int | None:
    raw = latin_digits(ctx.param("year"))
    if not raw:
        return None
    if not (raw.isascii() and raw.isdigit()):
        raise Refused("year must be a number like 2026, not {raw!r}", raw=raw)
    return int(raw)


def _latest_year(ctx: ReportContext, calendar: str = "gregorian") -> int:
    latest = ctx.rows("SELECT MAX(on_date) FROM ledger_journal WHERE on_date <= ?", (ctx.today.isoformat(),))
    day = date.fromisoformat(latest[0][0][:10]) if latest and latest[0][0] else ctx.today
    return int(date_text(day, calendar)[:4])


# the notes' wordings per period kind (one template each, so that each translates whole)
_BUDGET_BY = {"month": N_("budget execution {year} by month: expenses posted in the ledger against the budget lines "
                          "of each economic code"),
              "quarter": N_("budget execution {year} by quarter: expenses posted in the ledger against the budget "
                            "lines of each economic code"),
              "year": N_("budget execution {year} by year: expenses posted in the ledger against the budget lines "
                         "of each economic code")}
_STATEMENT = {"month": N_("monthly statement for {year}, from the ledger; totals:"),
              "quarter": N_("quarterly statement for {year}, from the ledger; totals:"),
              "year": N_("yearly statement for {year}, from the ledger; totals:")}


def _budget_by_period(ctx: ReportContext) -> ReportResult:
    kind = ctx.param("period", "quarter") or "quarter"
    if kind not in _PERIODS:
        raise Refused("period must be one of {periods}, not {kind!r}", periods=', '.join(_PERIODS), kind=kind)
    year = year_param(ctx) or _latest_year(ctx)
    budget = {e: int(a) for e, a in ctx.rows("SELECT economic_code, SUM(amount) FROM ledger_budget WHERE year = ? "
                                              "GROUP BY economic_code", (year,))}
    rows = ctx.rows("SELECT on_date, account, debit - credit FROM ledger_journal WHERE account LIKE ? "
                    "AND on_date >= ? AND on_date <= ?", ("EXP-%", f"{year}-01-01", f"{year}-12-31"))
    spent: dict[tuple[str, str], int] = defaultdict(int)
    for on_date, account, amount in rows:
        spent[(account[4:], period_of(on_date, kind))] += int(amount)
    out = []
    for economic in sorted(set(budget) | {e for e, _ in spent}):
        cumulative = 0
        periods = sorted(p for e, p in spent if e == economic) or [""]
        for p in periods:
            amount = spent.get((economic, p), 0)
            cumulative += amount
            b = budget.get(economic, 0)
            out.append((economic, p or "-", b, amount, cumulative, b - cumulative,
                        f"{(100 * cumulative // b) if b else 0}%", bar(cumulative, b, 10)))
    return ReportResult(("economic_code", "period", "budget", "spent", "spent_to_date", "unspent", "executed",
                         "bars"), out, money=("budget", "spent", "spent_to_date", "unspent"), bars="spent_to_date",
                        notes=(Message(_BUDGET_BY[kind], year=str(year)),))


def _chart(ctx: ReportContext) -> ReportResult:
    used = {c: (int(d), int(cr)) for c, d, cr in ctx.rows("SELECT code, debit, credit FROM ledger_accounts")}
    codes = sorted(set(CHART) | set(used))
    out = [(c, account_named(c), account_kind(c), Message("debit") if debit_normal(c) else Message("credit"),
            *used.get(c, (0, 0)))
           for c in codes]
    return ReportResult(("account", "name", "kind", "normal_side", "debits", "credits"), out,
                        money=("debits", "credits"),
                        notes=(Message("expense accounts follow the budget classification: EXP-<economic code>"),))


def financial_statement(ctx: ReportContext) -> ReportResult:
    """The finance context's financial statement, read from the ledger: per period, what the movements of
    money were (funds received, transferred, verified, refunded, donor money, payroll, depreciation)."""
    kind = ctx.param("period", "month") or "month"
    if kind not in _PERIODS:
        raise Refused("period must be one of {periods}, not {kind!r}", periods=', '.join(_PERIODS), kind=kind)
    year = year_param(ctx) or _latest_year(ctx, ctx.calendar)
    try:
        first, after = year_range(year, ctx.calendar)  # the year of the reader's calendar
    except ValueError:
        raise Refused("year {year} is outside the calendar", year=year) from None
    rows = ctx.rows("SELECT on_date, account, event, debit, credit FROM ledger_journal WHERE on_date >= ? "
                    "AND on_date < ? ORDER BY on_date", (first.isoformat(), after.isoformat()))
    columns = ("funds_received", "transferred", "verified", "refunded", "donor_received", "donor_paid",
               "payroll_net", "other_expenses")
    sums: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(columns, 0))
    for on_date, account, event, d, c in rows:
        s = sums[period_of(on_date, kind, ctx.calendar)]
        if account == "4100":
            s["funds_received"] += c - d
        elif account == "1310" and event == "Allocation.Transferred":
            s["transferred"] += d
        elif account == "1310" and event == "Allocation.ReportVerified":
            s["verified"] += c
        elif account == "1310" and event == "Allocation.Refunded":
            s["refunded"] += c
        elif account == "4200":
            s["donor_received"] += c - d
        elif account == "1110" and event in ("DonorProject.Paid", "DonorProject.AdvanceSettled"):
            s["donor_paid"] += c - d
        elif account == "2200" and event == "PayrollRun.Approved":
            s["payroll_net"] += c
        elif account_kind(account) == "expense" and not event.startswith(("Allocation", "DonorProject", "PayrollRun")):
            s["other_expenses"] += d - c
    out: list[tuple[Any, ...]] = [(p, *(sums[p][c] for c in columns)) for p in sorted(sums)]
    totals = tuple(sum(r[i] for r in out) for i in range(1, len(columns) + 1))
    return ReportResult(("period", *columns), out, money=columns,
                        notes=(Message(_STATEMENT[kind], year=str(year)),
                               *(Message("{column}: {amount}", column=Message(c), amount=amount_of(t))
                                 for c, t in zip(columns, totals, strict=True)),
                               Message("donor amounts are in each project's own currency; payroll is net pay "
                                       "accrued")))


PROJECTIONS = (LedgerProjection,)
REGISTERS = (
    Register("journal", "ledger", "ledger_journal", ("position", "line"),
             ("entry", "on_date", "account", "debit", "credit", "memo", "reference", "event"), "Journal",
             record="record", key=("position", "line"), descending=True, numeric=("line",),
             money=("debit", "credit"),
             fields={"account": "account = upper(?)", "month": "substr(on_date, 1, 7) = ?", "event": "event = ?",
                     "reference": "reference = upper(?)", "entry": "entry = upper(?)"}),
    Register("ledger", "ledger", "ledger_periods", ("account", "period"),
             ("account", "name", "period", "debit", "credit", "movement", "lines"), "Ledger by month",
             record="account", key=("account", "period"), numeric=("lines",), money=("debit", "credit", "movement"),
             fields={"account": "account = upper(?)", "period": "period = ?", "kind": "kind = ?",
                     "year": "substr(period, 1, 4) = ?"}),
    Register("accounts", "ledger", "ledger_accounts", ("code",),
             ("code", "name", "kind", "debit", "credit", "balance", "lines"), "Accounts",
             record="code", key=("code",), numeric=("lines",), money=("debit", "credit", "balance"),
             fields={"kind": "kind = ?"}),
)
REPORTS = (
    Report("trial-balance", "Trial balance as of a date", _trial_balance, params=("as_of",)),
    Report("general-ledger", "General ledger of an account, with running balance", _general_ledger,
           params=("account", "from", "until")),
    Report("cash-book", "Cash book: treasury and donor bank accounts", _cash_book, params=("account", "from", "until")),
    Report("financial-position", "Statement of financial position as of a date", _financial_position,
           params=("as_of",)),
    Report("budget-by-period", "Budget execution by period, from the ledger", _budget_by_period,
           params=("year", "period")),
    Report("chart-of-accounts", "Chart of accounts with totals posted", _chart),
)
