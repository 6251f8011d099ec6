"""Card actions, notes and form hints for the supplies records: voter figures, items, stock cards, plans and
quotas, dispatches and ballot accounts. What a record allows is asked of the record's own state (the domain)."""

from __future__ import annotations

from typing import Any

from domain.organisation import LIVE_LOWER
from domain.supplies import ballots, distribution, stock
from domain.supplies.common import ranges_text
from projections.conditions import sql
from tui.i18n.catalogue import N_, _
from tui.i18n.formats import figure, show_day
from tui.screens.card import Action
from tui.widgets.fields import Reference

GROUP = "Logistics"

ITEM = Reference("supply_items", "code", "name", active_only=False)
BALLOT_ITEM = Reference("supply_items", "code", "name", active_only=False, where="kind = 'ballot papers'")
WAREHOUSE = Reference("warehouses", "code", "name", active_only=False)
# live lower commissions only (the central commission takes no supplies)
COMMISSION = Reference("commissions", "label", "name", active_only=False, where=sql(LIVE_LOWER))
SENT = Reference("dispatches", "waybill", "commission", active_only=False,
                 where=f"status = '{distribution.DISPATCH_STATUSES['dispatches.acknowledge']}'")
ACKNOWLEDGED = Reference("dispatches", "waybill", "commission", active_only=False,
                         where=f"status = '{distribution.DISPATCH_STATUSES['dispatches.return']}'")


def _act(key: str, label: str, command: str, values: dict[str, Any], **suggested: Any) -> Action:
    """The record's own fields fixed; `suggested` values filled in but editable."""
    return Action(key, label, command, {**values, **suggested}, frozenset(values))


def figure_actions(v: Any) -> list[Action]:
    return [_act("r", N_("Revise voter numbers"), "voters.report", {"commission": v.code}, voters=v.voters,
                 population=v.population)]


def item_actions(i: Any) -> list[Action]:
    this = {"item": i.code}
    return [_act("r", N_("Receive stock"), "stock.receive", this),
            _act("l", N_("Set reorder level"), "items.reorder-level", this, reorder_level=i.reorder_level)]


def warehouse_actions(w: Any) -> list[Action]:
    this = {"warehouse": w.code}
    return [_act("r", N_("Receive stock here"), "stock.receive", this),
            _act("c", N_("Count an item here"), "stock.count", this),
            _act("d", N_("Dispatch from here"), "dispatches.send", this)]


def stock_actions(s: Any) -> list[Action]:
    this = {"item": s.item, "warehouse": s.warehouse}
    offered = (_act("r", N_("Receive"), "stock.receive", this),
               _act("c", N_("Count"), "stock.count", this, counted=s.on_hand),
               _act("m", N_("Move to another warehouse"), "stock.move",
                    {"item": s.item, "from_warehouse": s.warehouse}),
               _act("w", N_("Write off by an act"), "stock.write-off", this))
    return [a for a in offered if s.allows(a.command) is None]


def plan_actions(p: Any) -> list[Action]:
    this = {"election": p.code}
    return [_act("c", N_("Compute a constituency"), "plans.compute", this),
            _act("e", N_("Revise reserve and items"), "plans.set", this, reserve_percent=p.reserve_percent)]


def quota_actions(q: Any) -> list[Action]:
    return [_act("e", N_("Edit a planned quantity"), "plans.adjust", {"commission": q.code})]


def dispatch_actions(d: Any) -> list[Action]:
    this = {"waybill": d.code}
    out = []
    if d.allows("dispatches.acknowledge") is None:
        out.append(_act("a", N_("Acknowledge receipt"), "dispatches.acknowledge",
                        {**this, "commission": d.commission_label}))
    if d.allows("dispatches.return") is None:
        out.append(_act("t", N_("Record the return"), "dispatches.return", this))
    return out


def account_actions(a: Any) -> list[Action]:
    this = {"commission": a.commission_label, "item": a.item}
    offered = (_act("c", N_("Record the count") if a.counted_on is None else N_("Correct the count"), "ballots.count",
                    this),
               _act("x", N_("Explain by an act"), "ballots.explain", this, quantity=a.open_finding),
               _act("r", N_("Reconcile"), "ballots.reconcile", this))
    return [x for x in offered if a.allows(x.command) is None]


ACTIONS = {"VoterFigure": figure_actions, "Item": item_actions, "Warehouse": warehouse_actions,
           "Stock": stock_actions, "SupplyPlan": plan_actions,
           "Quota": quota_actions, "Dispatch": dispatch_actions, "BallotAccount": account_actions}


def item_notes(secretariat: Any, i: Any) -> list[str]:
    if not i.numbered:
        return []
    notes = [_("Serials received: {serials}", serials=ranges_text(i.received))]
    if i.dispatched:
        notes.append(_("Dispatched in {dispatched_count} range(s); the last: {dispatched}-{dispatched2} to "
                       "{dispatched3} (waybill {dispatched4})", dispatched_count=len(i.dispatched),
                       dispatched=i.dispatched[-1][0], dispatched2=i.dispatched[-1][1],
                       dispatched3=i.dispatched[-1][2], dispatched4=i.dispatched[-1][3]))
    return notes


def stock_notes(secretariat: Any, s: Any) -> list[str]:
    notes = [_("On hand: {on_hand:,}; serials {serials}", on_hand=figure(s.on_hand), serials=ranges_text(s.serials))
             if s.serials else _("On hand: {on_hand:,}", on_hand=figure(s.on_hand))]
    if s.last_on is not None:
        notes.append(_("Movements are entered in date order: the card runs to {last_on}.", last_on=show_day(s.last_on)))
    return notes


def dispatch_notes(secretariat: Any, d: Any) -> list[str]:
    lines = [_("  {item}: {quantity:,} (serials {first}-{last})", item=line.item, quantity=figure(line.quantity),
               first=line.first, last=line.last) if line.first else f"  {line.item}: {figure(line.quantity):,}"
             for line in d.lines]
    notes = [_("Sent:"), *lines]
    if d.allows("dispatches.acknowledge") is None:  # dispatched, not yet acknowledged
        notes.append(_("Awaiting acknowledgement by {commission_label}, due by {acknowledge_by}.",
                       commission_label=d.commission_label, acknowledge_by=show_day(d.acknowledge_by)))
    else:
        short = {k: q - d.received.get(k, 0) for k, q in d.sent.items() if d.received.get(k, 0) != q}
        notes.append(_("Acknowledged on {on}; short: {short}.", on=show_day(d.acknowledged_on),
                       short=", ".join(f"{k} {figure(n):,}" for k, n in short.items())) if short else
                     _("Acknowledged on {on}; all received.", on=show_day(d.acknowledged_on)))
    return notes


def account_notes(secretariat: Any, a: Any) -> list[str]:
    notes = [_("Received {received:,} = issued {issued:,} + spoiled {spoiled:,} + returned unused {unused:,} + "
               "cancelled {cancelled:,} + explained by acts {explained:,}", received=figure(a.received),
               issued=figure(a.issued), spoiled=figure(a.spoiled), unused=figure(a.unused),
               cancelled=figure(a.cancelled), explained=figure(a.explained))]
    if a.counted_on is None:
        notes.append(_("Not counted yet: the count is recorded on or after voting day."))
    elif a.open_finding:
        notes.append(_("Open finding: {open_finding:+,} ballot(s) not accounted for, until explained by an act.",
                       open_finding=figure(a.open_finding)))
    return notes


NOTES = {"Item": item_notes, "Stock": stock_notes, "Dispatch": dispatch_notes, "BallotAccount": account_notes}

_ITEM_COMMANDS = ("stock.receive", "stock.move", "stock.write-off", "stock.count", "items.reorder-level",
                  "plans.adjust")
COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {
    **{(n, "item"): ITEM for n in _ITEM_COMMANDS},
    **{(n, "item"): BALLOT_ITEM for n in ("ballots.count", "ballots.explain", "ballots.reconcile")},
    **{(n, "warehouse"): WAREHOUSE for n in ("stock.receive", "stock.write-off", "stock.count", "dispatches.send",
                                             "dispatches.return")},
    ("stock.move", "from_warehouse"): WAREHOUSE, ("stock.move", "to_warehouse"): WAREHOUSE,
    **{(n, "commission"): COMMISSION for n in ("voters.report", "dispatches.send")},
    ("plans.adjust", "commission"): Reference("supply_quotas", "commission", "items", active_only=False),
    ("dispatches.acknowledge", "waybill"): SENT, ("dispatches.acknowledge", "commission"): COMMISSION,
    ("dispatches.return", "waybill"): ACKNOWLEDGED,
    **{(n, "commission"): Reference("ballot_accounts", "commission", "status", active_only=False,
                                    where="status IN ({})".format(", ".join(f"'{s}'" for s in statuses)))
       for n, statuses in ballots.BALLOT_STATUSES.items()},
}
COMMAND_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("items.register", "kind"): stock.KINDS,
    ("items.register", "unit"): stock.UNITS,
    ("items.register", "numbered"): ("False", "True"),
    ("stock.receive", "order_kind"): stock.ORDER_KINDS,
}
NEW_NAMES = {("warehouses.open", "code"), ("items.register", "code"), ("dispatches.send", "waybill")}
COMMAND_LABELS = {("items.register", "unit"): "Unit of measure", ("warehouses.open", "unit"): "Kept by unit",
                  ("voters.report", "as_of"): "Figure as of", ("dispatches.send", "items"): "Items (CODE=QTY or "
                  "CODE=FIRST-LAST)", ("ballots.explain", "quantity"): "Ballots explained (+ missing, - surplus)"}
LABELS = {
    "item_name": "Name", "warehouse_name": "Name", "reorder_level": "Reorder level", "first_serial": "First serial",
    "last_serial": "Last serial", "received_on": "Received on", "order_kind": "Against a", "order_number": "Order no.",
    "from_warehouse": "From warehouse", "to_warehouse": "To warehouse", "moved_on": "Moved on",
    "count_number": "Count no.", "reserve_percent": "Ballot reserve %", "per_precinct": "Per precinct (CODE=QTY)",
    "waybill": "Waybill no.", "dispatched_on": "Dispatched on", "received_by": "Received by (name)",
    "returned_on": "Returned on", "protocol": "Protocol no.", "issued": "Issued to voters",
}
CREATE = {"voter-numbers": "voters.report", "supply-items": "items.register", "warehouses": "warehouses.open",
          "stock": "stock.receive", "stock-moves": "stock.move", "distribution-plan": "plans.set",
          "dispatches": "dispatches.send", "ballot-accounts": "ballots.count"}
