"""The supplies reports: voter totals, distribution plan vs dispatched vs acknowledged per province, commissions
not yet acknowledged, ballot reconciliation per constituency and its findings, stock on hand and below the reorder
level. Each reads the supplies tables (projections/supplies.py) in SQL, grouped in the database, and names a
constituency by its commission's name from the organisation register (in the demo a constituency is a province).
"""

from __future__ import annotations

from typing import Any

from domain.errors import Message
from projections.reports import Report, ReportContext, ReportResult, days_late


def _election(ctx: ReportContext, column: str = "election_code") -> tuple[str, tuple[Any, ...]]:
    election = ctx.param("election").upper()
    return (f"{column} = ?", (election,)) if election else ("1 = 1", ())


def _names(ctx: ReportContext) -> dict[tuple[str, int], str]:
    """Constituency commissions' names by (election, constituency)."""
    rows = ctx.rows("SELECT election_code, constituency, name FROM commissions WHERE precinct IS NULL")
    return {(r[0], r[1]): r[2] for r in rows}


def _voter_totals(ctx: ReportContext) -> ReportResult:
    where, params = _election(ctx)
    rows = ctx.rows(f"SELECT election_code, constituency, SUM(CASE WHEN precinct IS NOT NULL THEN 1 ELSE 0 END), "
                    "SUM(CASE WHEN precinct IS NOT NULL THEN voters ELSE 0 END), "
                    "SUM(CASE WHEN precinct IS NOT NULL THEN population ELSE 0 END), "
                    f"MAX(CASE WHEN precinct IS NULL THEN voters END) FROM voter_numbers WHERE {where} "
                    "GROUP BY election_code, constituency ORDER BY election_code, constituency", params)
    names = _names(ctx)
    out = [(e, c, names.get((e, c), ""), n, voters, population, reported,
            None if reported is None else reported - voters) for e, c, n, voters, population, reported in rows]
    total = sum(r[4] for r in out)
    return ReportResult(("election", "constituency", "name", "precincts", "voters", "population",
                         "reported_for_constituency", "difference"), out, bars="voters",
                        notes=(Message("{voters} voters in {precincts} precincts", voters=int(total),
                                        precincts=int(sum(r[3] for r in out))),))


def _distribution(ctx: ReportContext) -> ReportResult:
    where, params = _election(ctx)
    planned = {(r[0], r[1]): r[2:] for r in ctx.rows(
        f"SELECT election_code, constituency, COUNT(*), SUM(ballots) FROM supply_quotas WHERE {where} "
        "GROUP BY election_code, constituency", params)}
    sent = {(r[0], r[1]): r[2:] for r in ctx.rows(
        "SELECT election_code, constituency, COUNT(DISTINCT commission), COUNT(*), SUM(ballots), "
        "SUM(CASE WHEN acknowledged_on IS NOT NULL THEN 1 ELSE 0 END), SUM(COALESCE(ballots_received, 0)), "
        "SUM(CASE WHEN discrepancies IS NOT NULL THEN 1 ELSE 0 END) "
        f"FROM dispatches WHERE {where} GROUP BY election_code, constituency", params)}
    names = _names(ctx)
    rows = []
    for key in sorted(set(planned) | set(sent)):
        commissions, ballots = planned.get(key, (0, 0))
        reached, waybills, dispatched, acknowledged, received, discrepancies = sent.get(key, (0, 0, 0, 0, 0, 0))
        rows.append((*key, names.get(key, ""), commissions, ballots or 0, reached, waybills, dispatched or 0,
                     acknowledged, received or 0, waybills - acknowledged, discrepancies))
    return ReportResult(("election", "constituency", "name", "planned_commissions", "planned_ballots",
                         "commissions_reached", "waybills", "dispatched_ballots", "acknowledged", "received_ballots",
                         "awaiting", "with_discrepancies"), rows,
                        notes=(Message("{planned} ballots planned, {dispatched} dispatched, "
                                       "{received} acknowledged received",
                                       planned=int(sum(r[4] for r in rows)), dispatched=int(sum(r[7] for r in rows)),
                                       received=int(sum(r[9] for r in rows))),))


def _unacknowledged(ctx: ReportContext) -> ReportResult:
    where, params = _election(ctx)
    found = ctx.rows("SELECT waybill, commission, warehouse, carrier, dispatched_on, acknowledge_by, items "
                     f"FROM dispatches WHERE status = 'dispatched' AND {where} ORDER BY acknowledge_by, waybill",
                     params)
    rows = [(*r[:6], max(days_late(r[5], ctx.today), 0), r[6]) for r in found]
    overdue = sum(1 for r in rows if r[6] > 0)
    return ReportResult(("waybill", "commission", "warehouse", "carrier", "dispatched_on", "acknowledge_by",
                         "days_overdue", "items"), rows,
                        notes=(Message("{count} dispatch(es) not acknowledged on {today}, {overdue} overdue",
                                       count=len(rows),
                                        today=ctx.today, overdue=overdue),))


def _reconciliation(ctx: ReportContext) -> ReportResult:
    where, params = _election(ctx)
    found = ctx.rows(
        "SELECT election_code, constituency, COUNT(*), SUM(received), SUM(issued), SUM(spoiled), SUM(unused), "
        "SUM(cancelled), SUM(explained), SUM(imbalance), SUM(CASE WHEN imbalance <> 0 THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN open_finding <> 0 THEN 1 ELSE 0 END), SUM(CASE WHEN counted_on IS NULL THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN status = 'reconciled' THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN counted_on IS NOT NULL THEN received ELSE 0 END) "
        f"FROM ballot_accounts WHERE {where} GROUP BY election_code, constituency "
        "ORDER BY election_code, constituency", params)
    names = _names(ctx)
    rows = [(e, c, names.get((e, c), ""), *rest) for e, c, *rest in found]
    counted_received = sum(r[15] for r in rows)
    rows = [r[:15] for r in rows]
    imbalances, open_ = sum(r[11] for r in rows), sum(r[12] for r in rows)
    accounted, imbalance, explained = sum(r[5] + r[6] + r[7] + r[8] for r in rows), sum(r[10] for r in rows), \
        sum(r[9] for r in rows)
    signed = {"imbalance": f"{imbalance:+,}", "explained": f"{explained:+,}"}  # the sign is part of the figure
    return ReportResult(("election", "constituency", "name", "accounts", "received", "issued", "spoiled", "unused",
                         "cancelled", "explained", "imbalance", "imbalances", "open_findings", "not_counted",
                         "reconciled"), rows,
                        notes=(Message("counted accounts: received {received} = issued, spoiled, unused and cancelled "
                                       "{accounted} "
                                       "{imbalance} imbalance (explained by acts {explained})",
                                       received=int(counted_received), accounted=int(accounted),
                                       **signed),
                               Message("{imbalances} imbalance(s), {open} still open (not explained by acts)",
                                       imbalances=int(imbalances), open=int(open_))))


def _findings(ctx: ReportContext) -> ReportResult:
    where, params = _election(ctx)
    rows = ctx.rows("SELECT commission, item, received, issued, spoiled, unused, cancelled, imbalance, explained, "
                    f"open_finding, acts, status FROM ballot_accounts WHERE imbalance <> 0 AND {where} "
                    "ORDER BY CASE WHEN open_finding <> 0 THEN 0 ELSE 1 END, commission", params)
    return ReportResult(("commission", "item", "received", "issued", "spoiled", "unused", "cancelled", "imbalance",
                         "explained", "open", "acts", "status"), rows,
                        notes=(Message("{open} open finding(s) of {count}", open=sum(1 for r in rows if r[9]),
                                       count=len(rows)),))


def _stock_on_hand(ctx: ReportContext) -> ReportResult:
    warehouse = ctx.param("warehouse").upper()
    where, params = ("AND s.warehouse = ?", (warehouse,)) if warehouse else ("", ())
    found = ctx.rows("SELECT s.warehouse, s.item, s.item_name, s.measure, s.on_hand, i.reorder_level, s.serials "
                     f"FROM stock s JOIN supply_items i ON i.code = s.item WHERE s.on_hand > 0 {where} "
                     "ORDER BY s.warehouse, s.item", params)
    return ReportResult(("warehouse", "item", "name", "unit", "on_hand", "reorder_level", "serials"), found,
                        bars="on_hand", notes=(Message("{count} stock card(s) with stock", count=len(found)),))


def _below_reorder(ctx: ReportContext) -> ReportResult:
    rows = ctx.rows("SELECT code, name, measure, on_hand, reorder_level, reorder_level - on_hand FROM supply_items "
                    "WHERE on_hand < reorder_level ORDER BY code")
    return ReportResult(("item", "name", "unit", "on_hand", "reorder_level", "short"), rows,
                        notes=(Message("{count} item(s) below their reorder level, all warehouses together",
                                       count=len(rows)),))


REPORTS = (
    Report("voter-totals", "Voter numbers by constituency", _voter_totals, params=("election",)),
    Report("distribution-by-province", "Distribution: planned, dispatched, acknowledged per province",
           _distribution, params=("election",)),
    Report("unacknowledged-dispatches", "Commissions that have not acknowledged receipt", _unacknowledged,
           params=("election",)),
    Report("ballot-reconciliation", "Ballot reconciliation per constituency", _reconciliation, params=("election",)),
    Report("ballot-findings", "Ballot imbalances (findings) and the acts explaining them", _findings,
           params=("election",)),
    Report("stock-on-hand", "Stock on hand by warehouse", _stock_on_hand, params=("warehouse",)),
    Report("stock-below-reorder", "Items below their reorder level", _below_reorder),
)
