"""Property rules (domain/assets.py): registration, issue to an employee, a unit or a lower commission,
return only by the custodian, relocation, maintenance, inventory counts, loss and write-off from store."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.application import Secretariat
from domain.assets import (
    Asset,
    CountInventory,
    EndMaintenance,
    InventoryCount,
    IssueAsset,
    RegisterAsset,
    RelocateAsset,
    ReportLoss,
    ReturnAsset,
    StartMaintenance,
    WriteOffAsset,
    asset_id,
    count_id,
)
from domain.organisation import DissolveCommission, DissolveUnit, EstablishCommission, EstablishUnit, ScheduleElection
from tests.domain.test_personnel import D, employee, hire, refused, run, setup


def register(app: Secretariat, inventory: str = "LT-1", location: str = "HQ store", **kw: object) -> None:
    run(app, RegisterAsset(**{"inventory": inventory, "category": "computer", "description": "laptop",
                              "cost": Decimal("950.00"), "location": location, "acquired_on": D, **kw}))


def asset(app: Secretariat, inventory: str = "LT-1") -> Asset:
    found = app.find(asset_id(inventory))
    assert isinstance(found, Asset)
    return found


def test_register_checks_number_category_cost_and_funding(app: Secretariat) -> None:
    register(app)
    base = dict(inventory="LT-2", category="computer", cost=Decimal("10"), location="HQ store", acquired_on=D)
    refused(app, RegisterAsset(**{**base, "inventory": "lt-1"}), "inventory number LT-1 is already registered")
    refused(app, RegisterAsset(**{**base, "category": "spaceship"}), "unknown category 'spaceship'")
    refused(app, RegisterAsset(**{**base, "cost": Decimal("-5")}), "cost -5 must be zero or more")
    refused(app, RegisterAsset(**{**base, "funding": "donor project"}), "names the project's code")
    refused(app, RegisterAsset(**{**base, "funding": "lottery"}), "unknown funding source 'lottery'")
    refused(app, RegisterAsset(**{**base, "donor_project": "UNDP-1"}), "names no donor project")
    refused(app, RegisterAsset(**{**base, "location": " "}), "location is required")
    a = asset(app)
    assert a.status == "in store" and a.cost == Decimal("950.00") and a.location == "HQ store"


def test_donor_project_must_exist_in_the_finance_register(app: Secretariat) -> None:
    from domain import finance

    base = dict(inventory="GEN-1", category="generator", cost=Decimal("4000"), location="Herat store",
                acquired_on=D, funding="donor project", donor_project="ELECT-3")
    refused(app, RegisterAsset(**base), "no donor project with code 'ELECT-3'")
    run(app, finance.RegisterDonorProject(code="ELECT-3", project_title="Support", donor="UNDP", agreement="A-1",
                                          amount=Decimal("100000"), starts=date(2026, 1, 1), ends=date(2027, 1, 1)))
    refused(app, RegisterAsset(**{**base, "acquired_on": date(2025, 12, 31)}),
            "donor project ELECT-3 runs from 2026-01-01 to 2027-01-01; an asset acquired on 2025-12-31 was not")
    refused(app, RegisterAsset(**{**base, "acquired_on": date(2027, 1, 2)}), "was not bought under it")
    run(app, RegisterAsset(**base))
    assert asset(app, "GEN-1").donor_project == "ELECT-3"


def test_issued_asset_cannot_be_issued_again_and_only_the_custodian_returns_it(app: Secretariat) -> None:
    setup(app)
    hire(app)
    hire(app, "E2", "SNR")
    register(app)
    refused(app, IssueAsset(inventory="LT-1", custodian_kind="employee", custodian="E1", on=date(2026, 1, 9)),
            "employee E1 was hired on 2026-01-10; no asset can be dated 2026-01-09")
    run(app, IssueAsset(inventory="LT-1", custodian_kind="employee", custodian="E1", on=D))
    assert "asset LT-1 (computer, laptop)" in employee(app, "E1").blockers()
    refused(app, IssueAsset(inventory="LT-1", custodian_kind="employee", custodian="E2", on=D),
            r"asset LT-1 is issued \(to E1\); it cannot be issued")
    refused(app, IssueAsset(inventory="LT-1", custodian_kind="unit", custodian="HQ", on=D), "cannot be issued")
    refused(app, ReturnAsset(inventory="LT-1", returned_by="E2", on=D), "held by E1; only they can return it")
    refused(app, ReturnAsset(inventory="LT-1", returned_by="E1", condition="shiny", on=D), "unknown condition")
    run(app, ReturnAsset(inventory="LT-1", returned_by="e1", condition="worn", on=D))
    assert asset(app).status == "in store" and asset(app).condition == "worn"
    assert employee(app, "E1").holdings == {}
    refused(app, ReturnAsset(inventory="LT-1", returned_by="E1", on=D), "in store, not issued")


def test_issue_to_a_unit_or_a_commission_that_exists(app: Secretariat) -> None:
    setup(app)
    register(app)
    register(app, "LT-2")
    refused(app, IssueAsset(inventory="LT-1", custodian_kind="desk", custodian="HQ", on=D), "unknown custodian kind")
    refused(app, IssueAsset(inventory="LT-1", custodian_kind="unit", custodian="XYZ", on=D), "no unit with code 'XYZ'")
    run(app, EstablishUnit(code="OLD", unit_name="Old", kind="office"))
    run(app, DissolveUnit(code="OLD", effective=D), reason="merged")
    refused(app, IssueAsset(inventory="LT-1", custodian_kind="unit", custodian="OLD", on=D), "unit OLD is dissolved")
    run(app, IssueAsset(inventory="LT-1", custodian_kind="unit", custodian="KBL", on=D))
    assert asset(app).custodian == "KBL" and asset(app).custodian_name == "Kabul"
    run(app, ScheduleElection(code="PE26", election_name="P", kind="parliamentary", voting_day=date(2026, 9, 1)))
    run(app, EstablishCommission(election="PE26", constituency=1, commission_name="ConEC 1"))
    refused(app, IssueAsset(inventory="LT-2", custodian_kind="commission", custodian="PE26-1", on=D),
            "a commission is named like PE26/001")
    refused(app, IssueAsset(inventory="LT-2", custodian_kind="commission", custodian="PE26/002", on=D),
            "no commission PE26/002")
    run(app, IssueAsset(inventory="LT-2", custodian_kind="commission", custodian="PE26/001", on=D))
    assert asset(app, "LT-2").custodian == "PE26/001"
    run(app, ReturnAsset(inventory="LT-2", returned_by="PE26/001", on=D))
    run(app, DissolveCommission(election="PE26", constituency=1, effective=D), reason="term ended")
    refused(app, IssueAsset(inventory="LT-2", custodian_kind="commission", custodian="PE26/001", on=D),
            "commission PE26/001 is dissolved")


def test_maintenance_from_store_and_back(app: Secretariat) -> None:
    setup(app)
    hire(app)
    register(app)
    run(app, IssueAsset(inventory="LT-1", custodian_kind="employee", custodian="E1", on=D))
    refused(app, StartMaintenance(inventory="LT-1", work="new battery", on=D), "from store")
    run(app, ReturnAsset(inventory="LT-1", returned_by="E1", on=D))
    refused(app, EndMaintenance(inventory="LT-1", on=D), "not in maintenance")
    run(app, StartMaintenance(inventory="LT-1", work="new battery", on=D))
    refused(app, IssueAsset(inventory="LT-1", custodian_kind="employee", custodian="E1", on=D), "in maintenance")
    refused(app, EndMaintenance(inventory="LT-1", on=D, next_service=D), "next service is due after")
    refused(app, EndMaintenance(inventory="LT-1", on=D, condition="shiny"), "unknown condition 'shiny'")
    run(app, EndMaintenance(inventory="LT-1", on=D, next_service=date(2026, 7, 1)))
    assert asset(app).status == "in store" and asset(app).next_service == date(2026, 7, 1)


def test_relocation_moves_the_asset_between_locations(app: Secretariat) -> None:
    register(app)
    refused(app, RelocateAsset(inventory="LT-1", location="HQ  store", on=D), "already at HQ store")
    run(app, RelocateAsset(inventory="LT-1", location="Herat store", on=D))
    assert asset(app).location == "Herat store"
    run(app, CountInventory(count_number="C-1", location="HQ store", counted_on=D, found=""))
    c = app.find(count_id("C-1"))
    assert isinstance(c, InventoryCount) and c.missing == []


def test_inventory_count_lists_what_is_missing_and_unexpected(app: Secretariat) -> None:
    register(app)
    register(app, "LT-2")
    register(app, "PR-1", location="Herat store")
    refused(app, CountInventory(count_number="C-1", location="Mars", counted_on=D, found="LT-1"),
            "no assets were ever registered at 'Mars'")
    run(app, CountInventory(count_number="C-1", location="HQ store", counted_on=D, found="lt-1, PR-1 X-9"))
    c = app.find(count_id("C-1"))
    assert isinstance(c, InventoryCount)
    assert (c.found, c.missing, c.unexpected) == (["LT-1", "PR-1", "X-9"], ["LT-2"], ["PR-1", "X-9"])
    refused(app, CountInventory(count_number="c-1", location="HQ store", counted_on=D, found=""), "already recorded")


def test_loss_releases_the_holding_and_write_off_only_from_store(app: Secretariat) -> None:
    setup(app)
    hire(app)
    register(app)
    register(app, "LT-2")
    run(app, IssueAsset(inventory="LT-1", custodian_kind="employee", custodian="E1", on=D))
    refused(app, WriteOffAsset(inventory="LT-1", act_number="WO-1", on=D, write_off_reason="broken"),
            "is issued; only an asset in store")
    refused(app, ReportLoss(inventory="LT-1", on=D), "needs a reason", reason="")
    run(app, ReportLoss(inventory="LT-1", on=D), reason="stolen from a vehicle")
    assert asset(app).status == "lost" and employee(app, "E1").holdings == {}
    refused(app, IssueAsset(inventory="LT-1", custodian_kind="unit", custodian="HQ", on=D), "reported lost")
    refused(app, WriteOffAsset(inventory="LT-2", act_number=" ", on=D, write_off_reason="worn out"),
            "write-off act number is required")
    refused(app, WriteOffAsset(inventory="LT-2", act_number="WO-1", on=D, write_off_reason=""),
            "write-off reason is required")
    run(app, WriteOffAsset(inventory="LT-2", act_number="WO-1", on=D, write_off_reason="physically worn out"),
        reason="commission act")
    run(app, WriteOffAsset(inventory="LT-1", act_number="WO-2", on=D, write_off_reason="lost"), reason="act")


def test_a_written_off_asset_never_moves(app: Secretariat) -> None:
    setup(app)
    hire(app)
    register(app)
    run(app, WriteOffAsset(inventory="LT-1", act_number="WO-1", on=D, write_off_reason="spoilt"), reason="act")
    for command in (IssueAsset(inventory="LT-1", custodian_kind="employee", custodian="E1", on=D),
                    RelocateAsset(inventory="LT-1", location="Herat store", on=D),
                    StartMaintenance(inventory="LT-1", work="repair", on=D),
                    ReturnAsset(inventory="LT-1", returned_by="E1", on=D),
                    ReportLoss(inventory="LT-1", on=D)):
        refused(app, command, "written off; it does not move")
    refused(app, WriteOffAsset(inventory="LT-1", act_number="WO-2", on=D, write_off_reason="x"),
            "already written off")
