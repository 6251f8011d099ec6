"""The one list of the secretariat's bounded contexts: the composition root every layer reads.

A context is a vertical slice with the same name in every layer, found by convention:

| layer | module | what it exports |
|---|---|---|
| domain | `domain.<ctx>` | aggregates and commands (importing it registers the commands) |
| registers | `projections.<ctx>` | PROJECTIONS, REGISTERS, REPORTS |
| screens | `tui.contexts.<ctx>` | ACTIONS, NOTES, CREATE, GROUP and form hints |
| demo | `domain.demo.<ctx>` | `history(demo)`: the context's part of the demo history |
| property test | `tests.projections.stories_<ctx>` | PREAMBLE, CHANGES, STORIES |

Adding a context means writing those files and adding its name here. The order is the order the demo's
histories run in, so that each context's rules find what they need (assets are funded by donor projects;
confidential letters are handed to employees).
"""

from __future__ import annotations

CONTEXTS: tuple[str, ...] = (
    "organisation",
    "access",
    "calendar",
    "plan",
    "finance",
    "parties",
    "stakeholders",
    "personnel",
    "assets",
    "correspondence",
    "appeals",
    "sessions",
    "acts",
    "legal",
    "candidates",
    "training",
    "delegations",
    "media",
    "supplies",
    "procurement",
    "hrfiles",
    "leave",
    "payroll",
    "depreciation",
    "ledger",
)

# The contexts whose demo history is the seeds' structure itself (units, posts, elections, commissions,
# users), written by `domain.demo.base` before every other context's part.
FOUNDATION: tuple[str, ...] = ("organisation", "access")

LAYERS: dict[str, str] = {
    "domain": "domain.{}",
    "projections": "projections.{}",
    "ui": "tui.contexts.{}",
    "demo": "domain.demo.{}",
    "stories": "tests.projections.stories_{}",
}


def modules(layer: str) -> tuple[str, ...]:
    """The dotted module names of every context in one layer, in the contexts' order."""
    pattern = LAYERS[layer]
    skip = FOUNDATION if layer == "demo" else ()
    return tuple(pattern.format(name) for name in CONTEXTS if name not in skip)
