"""Card actions, notes and form hints for purchase requests and contracts."""

from __future__ import annotations

from typing import Any

from domain import procurement
from domain.assets import CATEGORIES
from domain.supplies.common import quantities_text
from projections.conditions import allowing
from tui.i18n.catalogue import N_, _
from tui.i18n.formats import show_amount, show_day
from tui.screens.card import Action
from tui.widgets.fields import Reference

GROUP = "Procurement"

REQUESTED = Reference("purchase_requests", "number", "purpose", active_only=False,
                      where=f"status = '{procurement.REQUEST_STATUSES['purchases.approve']}'")
APPROVED = Reference("purchase_requests", "number", "purpose", active_only=False,
                     where=f"status = '{procurement.REQUEST_STATUSES['contracts.sign']}'")
# contracts with something left to deliver (equipment into the asset register: those covering some, when run)
OPEN_CONTRACTS = Reference("contracts", "number", "supplier", active_only=False,
                           where=allowing(procurement.Contract, "contracts.deliver"))
PAYABLE = Reference("contracts", "number", "supplier", active_only=False,
                    where=allowing(procurement.Contract, "contracts.pay"))
LINES = Reference("budget_lines", "code", "description", active_only=False, where="unallocated > 0")


def _act(key: str, label: str, command: str, values: dict[str, Any], **suggested: Any) -> Action:
    return Action(key, label, command, {**values, **suggested}, frozenset(values))


def request_actions(r: Any) -> list[Action]:
    this = {"request": r.code}
    steps: tuple[tuple[str, str, str, dict[str, Any]], ...]
    steps = (("a", N_("Approve"), "purchases.approve", {}), ("x", N_("Reject"), "purchases.reject", {}),
             ("c", N_("Sign the contract"), "contracts.sign", {"amount": r.estimated_cost}))
    return [_act(key, label, command, this, **suggested) for key, label, command, suggested in steps
            if r.allows(command) is None]


def contract_actions(c: Any) -> list[Action]:
    this = {"contract": c.code}
    offered = (_act("d", N_("Delivery into stock"), "contracts.deliver", this),
               _act("e", N_("Equipment into the asset register"), "contracts.deliver-assets", this),
               _act("p", N_("Pay"), "contracts.pay", this, amount=c.delivered_value - c.paid))
    return [a for a in offered if c.allows(a.command) is None]


ACTIONS = {"PurchaseRequest": request_actions, "Contract": contract_actions}


def contract_notes(secretariat: Any, c: Any) -> list[str]:
    due = _("Delivery due {due}; last delivery {last}", due=show_day(c.delivery_due),
            last=show_day(c.last_delivery_on)) \
        if c.last_delivery_on else _("Delivery due {due}", due=show_day(c.delivery_due))
    return [_("Contracted: {contracted}; delivered: {delivered}.", contracted=quantities_text(c.lines),
              delivered=quantities_text(c.delivered)),
            _("Delivered worth {value} of {amount}; paid {paid} — a payment never exceeds what was delivered.",
              value=show_amount(c.delivered_value), amount=show_amount(c.amount), paid=show_amount(c.paid)),
            due]


NOTES = {"Contract": contract_notes}
COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {
    ("purchases.request", "budget_line"): LINES,
    ("purchases.approve", "request"): REQUESTED, ("purchases.reject", "request"): REQUESTED,
    ("contracts.sign", "request"): APPROVED,
    ("contracts.deliver", "contract"): OPEN_CONTRACTS, ("contracts.deliver-assets", "contract"): OPEN_CONTRACTS,
    ("contracts.pay", "contract"): PAYABLE,
    ("contracts.deliver", "warehouse"): Reference("warehouses", "code", "name", active_only=False),
}
COMMAND_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("purchases.approve", "method"): procurement.METHODS,
    ("contracts.deliver-assets", "category"): CATEGORIES,
}
NEW_NAMES = {("contracts.sign", "number")}
COMMAND_LABELS = {("purchases.request", "items"): "Items (CODE=QTY or category=QTY)",
                  ("contracts.sign", "number"): "Contract no.",
                  ("contracts.deliver", "items"): "Items (CODE=QTY or CODE=FIRST-LAST)"}
LABELS = {"requested_on": "Requested on", "estimated_cost": "Estimated cost", "budget_line": "Budget line",
          "approved_on": "Approved on", "rejected_on": "Rejected on", "signed_on": "Signed on",
          "delivery_due": "Delivery due", "delivery_note": "Delivery note no.", "delivered_on": "Delivered on",
          "inventory_numbers": "Inventory numbers", "unit_cost": "Unit cost"}
CREATE = {"purchase-requests": "purchases.request", "contracts": "contracts.sign"}
