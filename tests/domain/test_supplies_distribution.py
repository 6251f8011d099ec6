"""Distribution and ballot accountability rules (domain/supplies/distribution.py, ballots.py): the plan from voter
numbers with a reserve, quotas edited per commission, dispatch only to live commissions and only what is on hand,
a serial dispatched once, acknowledgement only against a dispatch, returns after voting day, and reconciliation
that must add up (the refusal shows the sums) with imbalances explained by acts."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.application import Secretariat
from domain.organisation import DissolveCommission
from domain.plan import PlanActivity
from domain.supplies.ballots import CountBallots, ExplainImbalance, ReconcileBallots
from domain.supplies.distribution import (
    AcknowledgeDispatch,
    AdjustQuota,
    ComputePlan,
    ReturnDispatch,
    SendDispatch,
    SetPlan,
    ballots_needed,
)
from domain.supplies.stock import RegisterItem
from domain.supplies.voters import ReportVoterNumbers
from tests.domain.supplies_support import (
    BP,
    VOTING_DAY,
    account,
    dispatch,
    item,
    quota,
    send,
    stock,
    stocked,
    world,
)
from tests.domain.test_personnel import refused, run

AUG = date(2026, 8, 20)


def test_ballots_are_voters_plus_the_reserve_rounded_up() -> None:
    assert ballots_needed(500, Decimal("3")) == 515
    assert ballots_needed(301, Decimal("2.5")) == 309  # 308.525
    assert ballots_needed(0, Decimal("10")) == 0


def test_the_plan_needs_a_reserve_in_range_and_per_precinct_items_that_are_not_ballots(app: Secretariat) -> None:
    stocked(app)
    refused(app, SetPlan(election="XX", reserve_percent=Decimal("3")), "no election with code 'XX'")
    refused(app, SetPlan(election="PE26", reserve_percent=Decimal("60")), "the ballot reserve 60% must be between")
    refused(app, SetPlan(election="PE26", reserve_percent=Decimal("2.55")), "has more than one decimal place")
    refused(app, SetPlan(election="PE26", reserve_percent=Decimal("3"), per_precinct=f"{BP}=10"),
            "is ballot papers: ballots follow the voter numbers")
    refused(app, SetPlan(election="PE26", reserve_percent=Decimal("3"), per_precinct="INK=2"),
            "no item with code 'INK'")
    refused(app, SetPlan(election="PE26", reserve_percent=Decimal("3"), per_precinct="KIT=1"),
            "the plan of PE26 already has a 3.0% reserve and KIT=1 per precinct")
    assert quota(app, 1).quantities == {BP: 515, "KIT": 1} and quota(app, 3).quantities == {BP: 433, "KIT": 1}


def test_computing_needs_the_ballot_item_and_voter_numbers_of_every_live_precinct(app: Secretariat) -> None:
    world(app)
    refused(app, ComputePlan(election="PE26", constituency=1), "election PE26 has no distribution plan; set it first")
    run(app, SetPlan(election="PE26", reserve_percent=Decimal("5")))
    refused(app, ComputePlan(election="PE26", constituency=9), "no constituency 9 in election PE26")
    refused(app, ComputePlan(election="PE26", constituency=1), "ballot papers BP-PE26-001 are not registered")
    run(app, RegisterItem(item_name="Ballots", kind="ballot papers", unit="sheet", election="PE26", constituency=1))
    run(app, ReportVoterNumbers(commission="PE26/001-0001", voters=100, as_of=AUG, source="MoI"))
    run(app, ReportVoterNumbers(commission="PE26/001-0002", voters=200, as_of=AUG, source="MoI"))
    refused(app, ComputePlan(election="PE26", constituency=1),
            "precinct commission PE26/001-0003 has no voter numbers; record them first")
    run(app, DissolveCommission(election="PE26", constituency=1, precinct=3, effective=AUG))
    run(app, ComputePlan(election="PE26", constituency=1))
    assert quota(app, 2).quantities == {BP: 210}
    run(app, ReportVoterNumbers(commission="PE26/001-0002", voters=220, as_of=AUG, source="MoI revised"))
    run(app, ComputePlan(election="PE26", constituency=1))
    assert quota(app, 2).quantities == {BP: 231} and quota(app, 2).voters == 220
    run(app, DissolveCommission(election="PE26", constituency=2, precinct=1, effective=AUG))
    run(app, RegisterItem(item_name="Ballots", kind="ballot papers", unit="sheet", election="PE26", constituency=2))
    refused(app, ComputePlan(election="PE26", constituency=2), "PE26/002 has no live precinct commissions")
    run(app, DissolveCommission(election="PE26", constituency=2, effective=AUG))
    refused(app, ComputePlan(election="PE26", constituency=2), "constituency commission PE26/002 is dissolved")


def test_a_quota_is_edited_per_commission_with_a_reason(app: Secretariat) -> None:
    stocked(app)
    run(app, RegisterItem(item_name="Ballots", kind="ballot papers", unit="sheet", election="PE26", constituency=2))
    base = dict(commission="PE26/001-0001", item="KIT", quantity=2)
    refused(app, AdjustQuota(**base), "'plans.adjust' needs a reason", reason="")
    refused(app, AdjustQuota(**{**base, "quantity": 1}), "PE26/001-0001 is already planned 1 KIT")
    refused(app, AdjustQuota(**{**base, "item": "BP-PE26-002"}), "are the ballots of another constituency")
    refused(app, AdjustQuota(**{**base, "commission": "PE26/002-0001"}), "PE26/002-0001 has no quota yet")
    run(app, AdjustQuota(**base), reason="two polling stations in one centre")
    assert quota(app).quantities["KIT"] == 2 and quota(app).adjustments == 1
    run(app, DissolveCommission(election="PE26", constituency=1, precinct=3, effective=AUG))
    refused(app, AdjustQuota(**{**base, "commission": "PE26/001-0003"}), "PE26/001-0003 is dissolved")


def test_dispatch_only_to_a_live_commission_by_voting_day_and_only_its_constituency_ballots(app: Secretariat) -> None:
    stocked(app)
    base = dict(waybill="W-1", commission="PE26/001-0001", warehouse="HQ-WH", carrier="Post", dispatched_on=AUG,
                items="KIT=1")
    run(app, DissolveCommission(election="PE26", constituency=1, precinct=3, effective=AUG))
    refused(app, SendDispatch(**{**base, "commission": "PE26/001-0003"}),
            "commission PE26/001-0003 is dissolved; no materials can go to it")
    refused(app, SendDispatch(**{**base, "commission": "PE26/002-0001", "items": f"{BP}=1-10"}),
            "BP-PE26-001 are the ballots of PE26 constituency 1; they cannot go to PE26/002-0001")
    refused(app, SendDispatch(**{**base, "dispatched_on": date(2026, 9, 2)}),
            "materials for PE26 go out by voting day 2026-09-01, not on 2026-09-02")
    refused(app, SendDispatch(**{**base, "warehouse": "KAB-WH"}), "no KIT was ever held at KAB-WH")
    refused(app, SendDispatch(**{**base, "items": "KIT=51"}), "only 50 KIT on hand at HQ-WH; cannot dispatch 51")
    refused(app, SendDispatch(**{**base, "items": f"{BP}=515"}), "BP-PE26-001 is numbered: a dispatch names its serial")
    refused(app, SendDispatch(**{**base, "items": "KIT=1-2"}), "KIT is not numbered: a dispatch gives a quantity")
    refused(app, SendDispatch(**{**base, "items": f"{BP}=1900-2100"}),
            "serials 1900-2100 of BP-PE26-001 are not all on hand at HQ-WH")
    run(app, SendDispatch(**base))
    refused(app, SendDispatch(**base), "waybill W-1 is already used")
    assert dispatch(app).status == "dispatched" and stock(app, "KIT").on_hand == 49


def test_dispatch_closes_when_the_election_plans_dispatch_activity_ends(app: Secretariat) -> None:
    """The deadline is read from the election plan (its DISPATCH activity), not typed per dispatch."""
    stocked(app)
    base = dict(waybill="W-1", commission="PE26/001-0001", warehouse="HQ-WH", carrier="Post", items="KIT=1")
    run(app, PlanActivity(election="PE26", code="DISPATCH", activity_title="Dispatch of materials",
                          phase="materials", unit="HQ", starts=date(2026, 8, 1), ends=date(2026, 8, 20)))
    refused(app, SendDispatch(**base, dispatched_on=date(2026, 8, 21)),
            r"dispatch of election materials for PE26 closed on 2026-08-20 \(election plan activity DISPATCH\)")
    run(app, SendDispatch(**base, dispatched_on=date(2026, 8, 20)))


def test_a_serial_is_dispatched_once_and_ranges_never_overlap_across_commissions(app: Secretariat) -> None:
    stocked(app)
    send(app)
    refused(app, SendDispatch(waybill="W-2", commission="PE26/001-0002", warehouse="HQ-WH", carrier="Post",
                              dispatched_on=AUG, items=f"{BP}=500-800"),
            r"serials 500-800 of BP-PE26-001 overlap 1-515, already dispatched to PE26/001-0001 \(waybill W-1\)")
    send(app, "W-2", 2, f"{BP}=516-824")
    assert item(app).dispatched == [(1, 515, "PE26/001-0001", "W-1"), (516, 824, "PE26/001-0002", "W-2")]
    assert stock(app).serials == [(825, 2000)]


def test_receipt_is_acknowledged_only_against_a_dispatch_by_its_commission(app: Secretariat) -> None:
    stocked(app)
    base = dict(waybill="W-1", commission="PE26/001-0001", received_on=date(2026, 8, 22), received_by="Chair Karimi")
    refused(app, AcknowledgeDispatch(**base), "no dispatch with waybill 'W-1': a receipt is acknowledged only against")
    send(app)
    refused(app, AcknowledgeDispatch(**{**base, "commission": "PE26/001-0002"}),
            "waybill W-1 was sent to PE26/001-0001, not to PE26/001-0002")
    refused(app, AcknowledgeDispatch(**{**base, "received_on": date(2026, 8, 19)}),
            "a receipt on 2026-08-19 cannot precede the dispatch on 2026-08-20")
    refused(app, AcknowledgeDispatch(**base, received="INK=1"), "waybill W-1 carried no INK")
    refused(app, AcknowledgeDispatch(**base, received=f"{BP}=516"), "516 BP-PE26-001 acknowledged but only 515")
    refused(app, AcknowledgeDispatch(**base, received=f"{BP}=510, KIT=1"),
            r"received less than dispatched \(BP-PE26-001 short 5\): state the discrepancies")
    refused(app, AcknowledgeDispatch(**base, received=f"{BP}=510"), r"KIT short 1")
    run(app, AcknowledgeDispatch(**base, received=f"{BP}=510, KIT=1", discrepancies="one pad of 5 missing"))
    refused(app, AcknowledgeDispatch(**base), "waybill W-1 was already acknowledged on 2026-08-22")
    assert dispatch(app).received == {BP: 510, "KIT": 1} and account(app).received == 510


def test_returns_after_voting_day_put_kits_back_in_stock_and_unused_ballots_on_the_account(app: Secretariat) -> None:
    stocked(app)
    base = dict(waybill="W-1", returned_on=date(2026, 9, 2), returned=f"{BP}=90, KIT=1")
    refused(app, ReturnDispatch(**base), "no dispatch with waybill 'W-1': a return is recorded only against")
    send(app)
    refused(app, ReturnDispatch(**base), "waybill W-1 is not acknowledged yet")
    send(app, "W-2", 2, "KIT=1")
    run(app, AcknowledgeDispatch(waybill="W-2", commission="PE26/001-0002", received_on=date(2026, 9, 5),
                                 received_by="Chair"))
    refused(app, ReturnDispatch(waybill="W-2", returned_on=date(2026, 9, 3), returned="KIT=1"),
            "a return on 2026-09-03 cannot precede the receipt on 2026-09-05")
    run(app, AcknowledgeDispatch(waybill="W-1", commission="PE26/001-0001", received_on=date(2026, 8, 22),
                                 received_by="Chair"))
    refused(app, ReturnDispatch(**{**base, "returned_on": date(2026, 8, 31)}),
            "materials come back after voting day 2026-09-01, not on 2026-08-31")
    refused(app, ReturnDispatch(**{**base, "returned": "KIT=2"}), "2 KIT returned but PE26/001-0001 received 1")
    refused(app, ReturnDispatch(**{**base, "warehouse": "NOWHERE"}), "no warehouse with code 'NOWHERE'")
    run(app, ReturnDispatch(**base))
    refused(app, ReturnDispatch(**base), "the return of waybill W-1 is already recorded")
    # the kit of W-1 is back; W-2 keeps its own
    assert stock(app, "KIT").on_hand == 49 and account(app).unused == 90 and stock(app).on_hand == 1485


def _counted(app: Secretariat, issued: int = 400, spoiled: int = 20) -> None:
    stocked(app)
    send(app)
    run(app, AcknowledgeDispatch(waybill="W-1", commission="PE26/001-0001", received_on=date(2026, 8, 22),
                                 received_by="Chair"))
    run(app, ReturnDispatch(waybill="W-1", returned_on=VOTING_DAY, returned=f"{BP}=90"))
    run(app, CountBallots(commission="PE26/001-0001", issued=issued, spoiled=spoiled, counted_on=VOTING_DAY,
                          protocol="PR-1"))


def test_ballots_are_counted_on_or_after_voting_day_on_an_account_that_exists(app: Secretariat) -> None:
    stocked(app)
    refused(app, CountBallots(commission="PE26/001-0001", issued=1, counted_on=VOTING_DAY, protocol="P"),
            "PE26/001-0001 has acknowledged no BP-PE26-001 ballots; there is no account")
    send(app)
    run(app, AcknowledgeDispatch(waybill="W-1", commission="PE26/001-0001", received_on=date(2026, 8, 22),
                                 received_by="Chair"))
    refused(app, CountBallots(commission="PE26/001-0001", issued=1, counted_on=date(2026, 8, 31), protocol="P"),
            "ballots of PE26 are counted on or after voting day 2026-09-01, not on 2026-08-31")
    refused(app, CountBallots(commission="PE26/001-0001", issued=-1, counted_on=VOTING_DAY, protocol="P"),
            "ballots issued to voters -1 must be zero or more")


def test_reconciliation_that_does_not_add_up_is_refused_showing_the_sums(app: Secretariat) -> None:
    _counted(app)  # received 515 = issued 400 + spoiled 20 + unused 90 + 5 missing
    assert (account(app).imbalance, account(app).status) == (5, "imbalance")
    refused(app, ReconcileBallots(commission="PE26/001-0001", on=VOTING_DAY),
            r"ballots of PE26/001-0001 do not add up: received 515 but issued 400 \+ spoiled 20 \+ returned unused 90 "
            r"\+ cancelled 0 \+ explained by acts 0 = 510 \(\+5 unaccounted for\)")


def test_an_imbalance_stays_open_until_acts_explain_it_then_the_account_reconciles(app: Secretariat) -> None:
    _counted(app)
    base = dict(commission="PE26/001-0001", act_number="ACT-1", quantity=3, on=date(2026, 9, 3),
                explanation="three ballots torn by the wind, remains destroyed")
    refused(app, ExplainImbalance(**base), "'ballots.explain' needs a reason", reason="")
    refused(app, ExplainImbalance(**{**base, "quantity": -3}), r"the open imbalance of PE26/001-0001 is \+5; an act "
            r"cannot explain -3")
    refused(app, ExplainImbalance(**{**base, "quantity": 6}), "cannot explain")
    refused(app, ExplainImbalance(**{**base, "quantity": 0}), "other than zero")
    refused(app, ExplainImbalance(**{**base, "on": date(2026, 8, 31)}), "the act .2026-08-31. cannot precede the count")
    run(app, ExplainImbalance(**base), reason="act of the constituency commission")
    refused(app, ExplainImbalance(**{**base, "quantity": 2}), "act ACT-1 is already recorded")
    assert (account(app).open_finding, account(app).status) == (2, "imbalance")
    refused(app, ReconcileBallots(commission="PE26/001-0001", on=date(2026, 9, 3)), r"explained by acts 3 = 513")
    run(app, ExplainImbalance(**{**base, "act_number": "ACT-2", "quantity": 2}), reason="act")
    refused(app, ExplainImbalance(**{**base, "act_number": "ACT-3", "quantity": 1}), "has no open imbalance")
    refused(app, ReconcileBallots(commission="PE26/001-0001", on=date(2026, 8, 31)), "cannot precede the count")
    run(app, ReconcileBallots(commission="PE26/001-0001", on=date(2026, 9, 4)))
    assert account(app).status == "reconciled"
    refused(app, ReconcileBallots(commission="PE26/001-0001", on=date(2026, 9, 4)), "was reconciled on 2026-09-04")
    refused(app, CountBallots(commission="PE26/001-0001", issued=1, counted_on=VOTING_DAY, protocol="P"),
            "it changes no more")


def test_a_balanced_account_reconciles_and_needs_a_count_first(app: Secretariat) -> None:
    stocked(app)
    send(app)
    run(app, AcknowledgeDispatch(waybill="W-1", commission="PE26/001-0001", received_on=date(2026, 8, 22),
                                 received_by="Chair"))
    refused(app, ReconcileBallots(commission="PE26/001-0001", on=VOTING_DAY), "are not counted yet")
    refused(app, ExplainImbalance(commission="PE26/001-0001", act_number="A", quantity=1, on=VOTING_DAY,
                                  explanation="x"), "there is no finding to explain")
    run(app, ReturnDispatch(waybill="W-1", returned_on=VOTING_DAY, returned=f"{BP}=100"))
    run(app, CountBallots(commission="PE26/001-0001", issued=410, spoiled=3, cancelled=2, counted_on=VOTING_DAY,
                          protocol="PR-1"))
    assert account(app).status == "balanced"
    run(app, ReconcileBallots(commission="PE26/001-0001", on=VOTING_DAY))
