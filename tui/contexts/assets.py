"""Card actions, notes and form hints for equipment and property and inventory counts (merged into the card
and the forms by tui.plugins)."""

from __future__ import annotations

from typing import Any

from domain import assets
from domain.commands import COMMANDS
from domain.errors import Message
from tui.i18n.catalogue import N_, _
from tui.screens.card import Action
from tui.widgets.fields import Reference

GROUP = "Staff and property"

ASSET = Reference("assets", "inventory", "description", active_only=False, where="status <> 'written off'")
_ASSET_COMMANDS = [n for n in COMMANDS if n.startswith("assets.") and n not in ("assets.register", "assets.count")]

# An asset command's picker lists the assets in the statuses the domain takes it in.
COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {
    (n, "inventory"): Reference("assets", "inventory", "description", active_only=False,
                                where="status IN ({})".format(", ".join(f"'{s}'" for s in assets.ASSET_STATUSES[n])))
    if n in assets.ASSET_STATUSES else ASSET for n in _ASSET_COMMANDS}
COMMAND_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("assets.register", "category"): assets.CATEGORIES,
    ("assets.register", "funding"): assets.FUNDING,
    ("assets.issue", "custodian_kind"): assets.CUSTODIANS,
    ("assets.return", "condition"): assets.CONDITIONS,
    ("assets.maintenance-end", "condition"): assets.CONDITIONS,
}
CREATE = {"assets": "assets.register", "asset-counts": "assets.count"}
NEW_NAMES = {("assets.register", "inventory")}
_NUMBER = (r"^[A-Za-z0-9][A-Za-z0-9/.-]{0,23}$", "1-24 letters, digits, '-', '/' or '.'")
COMMAND_PATTERNS: dict[tuple[str, str], tuple[str, str]] = {
    ("assets.register", "inventory"): _NUMBER, ("assets.write-off", "act_number"): _NUMBER,
}
LABELS = {
    "custodian_kind": "Custodian is a", "custodian": "Custodian (number, unit or PE26/001)",
    "returned_by": "Returned by (custodian)", "act_number": "Act no.", "write_off_reason": "Write-off reason",
    "next_service": "Next service", "donor_project": "Donor project code", "acquired_on": "Acquired on",
    "count_number": "Count no.", "found": "Found (inventory numbers)", "counted_on": "Counted on",
}


# The card's actions on an asset, in the order it shows them; offered when the asset's state allows them.
_ASSET_ACTIONS = (("b", N_("Return"), "assets.return"), ("i", N_("Issue"), "assets.issue"),
                  ("r", N_("Relocate"), "assets.relocate"), ("m", N_("Maintenance"), "assets.maintenance-start"),
                  ("e", N_("End maintenance"), "assets.maintenance-end"), ("l", N_("Report lost"), "assets.loss"),
                  ("w", N_("Write off"), "assets.write-off"))


def _asset(a: Any) -> list[Action]:
    inv = {"inventory": a.inventory}
    returned = {"returned_by": a.custodian}  # return is offered only when the domain allows it: issued
    return [Action(key, label, command, {**inv, **(returned if command == "assets.return" else {})},
                   frozenset({"inventory"}))
            for key, label, command in _ASSET_ACTIONS if a.allows(command) is None]


ACTIONS = {"Asset": _asset}


def asset_notes(secretariat: Any, a: Any) -> list[str]:
    if a.status == "written off":
        return [_("Written off: this asset never moves again.")]
    if a.allows("assets.return") is None:  # issued
        return [_("Issued to {custodian_kind} {custodian} ({custodian_name}); only they can return it.",
                  custodian_kind=Message(a.custodian_kind), custodian=a.custodian, custodian_name=a.custodian_name)]
    return []


NOTES = {"Asset": asset_notes}
# Enter on a report's row opens the register behind it, filtered to that row's records (a filter template).
DRILL = {"assets-by-custodian": ("assets", "custodian:{custodian}"), "assets-by-location": ("assets", "{location}"),
         "maintenance-due": ("assets", "{inventory}"), "write-off-acts": ("assets", "{inventory}"),
         "count-discrepancies": ("assets", "{inventory}")}
