"""Card actions and form hints for the fixed-asset book: capitalising an asset from its card, the monthly run
from the book's card (the next period filled in)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from domain import depreciation
from projections.depreciation import allowing
from tui.i18n.catalogue import N_
from tui.screens.card import Action
from tui.widgets.fields import Reference

GROUP = "Finance"

# the assets whose state allows capitalising them, as the domain declares it (depreciation.CAPITALISE)
ASSET = Reference("assets", "inventory", "description", active_only=False,
                  where=allowing(depreciation.Capitalisation, "depreciation.capitalise"))
COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {("depreciation.capitalise", "inventory"): ASSET}
COMMAND_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {("depreciation.capitalise", "method"): depreciation.METHODS}
CREATE = {"fixed-assets": "depreciation.capitalise", "depreciation-runs": "depreciation.run"}
LABELS = {"useful_life_months": "Useful life (months)", "run_on": "Run on"}


def _asset(a: Any, find: Callable[[UUID], Any]) -> list[Action]:
    if depreciation.capitalise_refusal(find(depreciation.BOOK_ID), a) is not None:
        return []
    return [Action("k", N_("Capitalise (useful life)"), "depreciation.capitalise", {"inventory": a.inventory},
                   frozenset({"inventory"}))]


def _book(b: Any) -> list[Action]:
    following = b.next_period()
    return [Action("r", N_("Run depreciation"), "depreciation.run", {"period": following} if following else {},
                   frozenset())]


ACTIONS = {"assets.Asset": _asset, "DepreciationBook": _book}
