"""Card actions and form hints for the fixed-asset book: capitalising an asset from its card, the monthly run
from the book's card (the next period filled in)."""

from __future__ import annotations

from typing import Any

from domain import depreciation
from tui.screens.card import Action
from tui.widgets.fields import Reference

GROUP = "Finance"

ASSET = Reference("assets", "inventory", "description", active_only=False,
                  where="status NOT IN ('written off', 'lost')")
COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {("depreciation.capitalise", "inventory"): ASSET}
COMMAND_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {("depreciation.capitalise", "method"): depreciation.METHODS}
CREATE = {"fixed-assets": "depreciation.capitalise", "depreciation-runs": "depreciation.run"}
LABELS = {"useful_life_months": "Useful life (months)", "run_on": "Run on"}


def _asset(a: Any) -> list[Action]:
    if a.status in ("written off", "lost") or a.cost <= 0:
        return []
    return [Action("k", "Capitalise (useful life)", "depreciation.capitalise", {"inventory": a.inventory},
                   frozenset({"inventory"}))]


def _book(b: Any) -> list[Action]:
    following = b.next_period()
    return [Action("r", "Run depreciation", "depreciation.run", {"period": following} if following else {},
                   frozenset())]


ACTIONS = {"assets.Asset": _asset, "DepreciationBook": _book}
