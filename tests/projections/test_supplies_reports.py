"""The supplies and procurement registers and reports: voter numbers, stock, stock moves, distribution plan,
dispatches, ballot accounts, purchase requests and contracts as registers; the distribution per province,
unacknowledged dispatches (against the report's day), ballot reconciliation with its sums and findings, stock on
hand and below reorder, procurement by status and supplier, late deliveries; and a rebuild equal to catch-up."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from domain.finance import AddBudgetLine, OpenBudget
from domain.procurement import ApprovePurchase, DeliverToStock, PayContract, RequestPurchase, SignContract
from domain.supplies.ballots import CountBallots, ExplainImbalance, ReconcileBallots
from domain.supplies.distribution import AcknowledgeDispatch, ReturnDispatch
from domain.supplies.stock import CountStock, RegisterItem, WriteOffStock
from domain.supplies.voters import ReportVoterNumbers
from projections.registers import read_register
from projections.reports import ReportContext, run_report
from projections.runner import Registers
from tests.domain.supplies_support import BP, VOTING_DAY, send, stocked
from tests.projections.support import snapshot


def story(app: Any) -> None:
    def run(command: Any, reason: str = "test") -> None:
        app.handle(command, user="admin", reason=reason)

    stocked(app)  # PE26/001 precincts 1-3 (500, 300, 420 voters), ballots 1-2000 and 50 kits at HQ-WH
    run(ReportVoterNumbers(commission="PE26/001", voters=1250, as_of=date(2026, 5, 1), source="MoI"))
    send(app, "W-1", 1, f"{BP}=1-515, KIT=1")
    send(app, "W-2", 2, f"{BP}=516-824, KIT=1")
    send(app, "W-3", 3, f"{BP}=825-1257, KIT=1", on=date(2026, 8, 25))
    run(AcknowledgeDispatch(waybill="W-1", commission="PE26/001-0001", received_on=date(2026, 8, 21),
                            received_by="Chair 1"))
    run(AcknowledgeDispatch(waybill="W-2", commission="PE26/001-0002", received_on=date(2026, 8, 29),
                            received_by="Chair 2", received=f"{BP}=300, KIT=1", discrepancies="9 ballots missing"))
    run(ReturnDispatch(waybill="W-1", returned_on=VOTING_DAY, returned=f"{BP}=90, KIT=1"))
    run(ReturnDispatch(waybill="W-2", returned_on=VOTING_DAY, returned=f"{BP}=50"))
    run(CountBallots(commission="PE26/001-0001", issued=400, spoiled=20, counted_on=VOTING_DAY, protocol="P-1"))
    run(CountBallots(commission="PE26/001-0002", issued=250, counted_on=VOTING_DAY, protocol="P-2"))
    run(ExplainImbalance(commission="PE26/001-0001", act_number="ACT-1", quantity=5, on=date(2026, 9, 3),
                         explanation="torn ballots"))
    run(ReconcileBallots(commission="PE26/001-0001", on=date(2026, 9, 3)))
    run(ReconcileBallots(commission="PE26/001-0002", on=date(2026, 9, 3)))
    run(RegisterItem(code="INK", item_name="Indelible ink [b]", kind="indelible ink", unit="bottle",
                     reorder_level=500))
    run(WriteOffStock(item="KIT", warehouse="HQ-WH", quantity=2, on=date(2026, 9, 5), act_number="WO-1",
                      write_off_reason="broken"))
    run(CountStock(item="KIT", warehouse="HQ-WH", counted=44, counted_on=date(2026, 9, 6), count_number="SC-1"))
    run(OpenBudget(year=2026, source="STATE", budget_title="State"))
    run(AddBudgetLine(year=2026, source="STATE", economic_code="2214", cost_centre="LOG", amount=Decimal("9000")))
    run(RequestPurchase(unit="HQ", requested_on=date(2026, 3, 1), purpose="ink", items="INK=300",
                        estimated_cost=Decimal("3000"), budget_line="2026-STATE-2214-LOG"))
    run(RequestPurchase(unit="HQ", requested_on=date(2026, 3, 2), purpose="more", items="INK=10",
                        estimated_cost=Decimal("100"), budget_line="2026-STATE-2214-LOG"))
    run(ApprovePurchase(request="PR-2026-0001", approved_on=date(2026, 3, 3), method="open tender"))
    run(SignContract(number="C-1", request="PR-2026-0001", supplier="Ink & Co", amount=Decimal("2800"),
                     signed_on=date(2026, 3, 10), delivery_due=date(2026, 9, 1)))
    run(DeliverToStock(contract="C-1", delivery_note="DN-1", delivered_on=date(2026, 9, 4), warehouse="HQ-WH",
                       items="INK=200", value=Decimal("1800")))
    run(PayContract(contract="C-1", payment_order="PAY-1", amount=Decimal("1000"), paid_on=date(2026, 9, 6)))


def report(registers: Registers, name: str, today: date = date(2026, 9, 10), **params: str) -> list[dict[str, Any]]:
    ctx = ReportContext(registers.db, registers.conn, today, True, params)
    return run_report(ctx, name, ["clerk"]).as_dicts()


def test_registers_and_reports(app: Any) -> None:
    story(app)
    registers = Registers(app)
    registers.setup()
    registers.catch_up()
    try:
        db, conn = registers.db, registers.conn
        voters = read_register(db, conn, "voter-numbers")
        assert [(r["commission"], r["voters"]) for r in voters] == [
            ("PE26/001", 1250), ("PE26/001-0001", 500), ("PE26/001-0002", 300), ("PE26/001-0003", 420)]
        stock = {(r["item"], r["warehouse"]): r for r in read_register(db, conn, "stock")}
        assert stock[(BP, "HQ-WH")]["on_hand"] == 743 and stock[(BP, "HQ-WH")]["serials"] == "1258-2000"
        assert stock[("KIT", "HQ-WH")]["on_hand"] == 46 and stock[("KIT", "HQ-WH")]["count_discrepancy"] == -2
        moves = [(r["item"], r["kind"], r["quantity"], r["balance"]) for r in read_register(db, conn, "stock-moves")
                 if r["item"] == "KIT"]
        assert moves == [("KIT", "receipt", 50, 50), ("KIT", "dispatch", -1, 49), ("KIT", "dispatch", -1, 48),
                         ("KIT", "dispatch", -1, 47), ("KIT", "return", 1, 48), ("KIT", "write-off", -2, 46),
                         ("KIT", "count", 0, 46)]
        plan = read_register(db, conn, "distribution-plan")
        assert [(r["commission"], r["ballots"]) for r in plan] == [
            ("PE26/001-0001", 515), ("PE26/001-0002", 309), ("PE26/001-0003", 433)]
        dispatches = {r["waybill"]: r for r in read_register(db, conn, "dispatches")}
        assert (dispatches["W-1"]["status"], dispatches["W-2"]["discrepancies"], dispatches["W-3"]["status"]) == (
            "returned", "9 ballots missing", "dispatched")
        accounts = {r["commission"]: r for r in read_register(db, conn, "ballot-accounts")}
        assert (accounts["PE26/001-0001"]["status"], accounts["PE26/001-0001"]["acts"]) == ("reconciled", "ACT-1")
        assert accounts["PE26/001-0002"]["imbalance"] == 0 and "PE26/001-0003" not in accounts

        totals = report(registers, "voter-totals", election="pe26")
        assert [(r["constituency"], r["precincts"], r["voters"], r["difference"]) for r in totals] == [(1, 3, 1220, 30)]
        [province] = report(registers, "distribution-by-province")
        assert (province["name"], province["planned_ballots"], province["dispatched_ballots"],
                province["received_ballots"], province["awaiting"], province["with_discrepancies"]) == (
            "Kabul CEC", 1257, 1257, 815, 1, 1)
        [late] = report(registers, "unacknowledged-dispatches", today=date(2026, 9, 3))
        assert (late["waybill"], late["acknowledge_by"], late["days_overdue"]) == ("W-3", "2026-09-01", 2)
        assert report(registers, "unacknowledged-dispatches", today=date(2026, 8, 26))[0]["days_overdue"] == 0
        [rec] = report(registers, "ballot-reconciliation")
        assert (rec["received"], rec["issued"], rec["unused"], rec["imbalance"], rec["imbalances"],
                rec["open_findings"], rec["reconciled"]) == (815, 650, 140, 5, 1, 0, 2)
        [finding] = report(registers, "ballot-findings")
        assert (finding["commission"], finding["imbalance"], finding["explained"], finding["open"]) == (
            "PE26/001-0001", 5, 5, 0)
        below = report(registers, "stock-below-reorder")
        assert [(r["item"], r["on_hand"], r["short"]) for r in below] == [("INK", 200, 300)]
        assert {r["item"] for r in report(registers, "stock-on-hand", warehouse="hq-wh")} == {BP, "KIT", "INK"}

        requests = {r["number"]: r for r in read_register(db, conn, "purchase-requests")}
        assert (requests["PR-2026-0001"]["status"], requests["PR-2026-0002"]["status"]) == ("contracted", "requested")
        [c] = read_register(db, conn, "contracts")
        assert (c["status"], c["delivered_value"], c["paid"], c["late_deliveries"]) == ("partly delivered", 180000,
                                                                                       100000, 1)
        by_status = {(r["record"], r["status"]): r for r in report(registers, "procurement-by-status")}
        assert by_status[("contract", "partly delivered")]["amount"] == "2800.00"
        [supplier] = report(registers, "procurement-by-supplier")
        assert (supplier["supplier"], supplier["payable"]) == ("Ink & Co", "800.00")
        late_rows = report(registers, "late-deliveries", today=date(2026, 9, 10))
        assert [(r["contract"], r["delivery"][:11], r["days_late"]) for r in late_rows] == [
            ("C-1", "outstanding", 9), ("C-1", "delivered 2", 3)]

        incremental = snapshot(db, conn)
        registers.rebuild()
        assert snapshot(registers.db, registers.conn) == incremental
    finally:
        registers.close()
