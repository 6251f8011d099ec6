"""The UI's part of each context, found by convention: `tui.contexts.<ctx>` for every context named in
`domain.contexts`. A context's UI module may export

- GROUP: the sidebar heading its registers stand under (the department that keeps them);
- ACTIONS: record kind (class name) -> function(record) -> list[Action] the card offers in its state (several
  contexts may offer actions on one kind: a vacant post offers both abolition and hiring);
- CREATE: register name -> the command the shell's "n" (new) key opens on it;
- NOTES: record kind -> function(secretariat, record) -> list[str] the card shows under the fields
  (what blocks a separation, what is overdue);
- form hints merged into `tui.widgets.fields`: REFERENCES, COMMAND_REFERENCES, CHOICES, COMMAND_CHOICES,
  LABELS, COMMAND_LABELS, PATTERNS, COMMAND_PATTERNS (dicts) and NEW_NAMES (a set).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from functools import cache
from types import ModuleType
from typing import Any

from domain.contexts import CONTEXTS
from domain.contexts import modules as context_modules

MODULES = context_modules("ui")


@cache
def modules() -> tuple[ModuleType, ...]:
    return tuple(importlib.import_module(name) for name in MODULES)


@cache
def exported(name: str) -> Any:
    """Every context's export of that name (dicts or sets) merged into one, once."""
    out: Any = None
    for m in modules():
        extra = getattr(m, name, None)
        if extra:
            out = (dict(extra) if isinstance(extra, dict) else set(extra)) if out is None else out | extra
    return out if out is not None else {}


def merged(name: str, base: Any) -> Any:
    """`base` (a dict or set) with every context's export of that name added."""
    own = dict(base) if isinstance(base, dict) else set(base)
    extra = exported(name)
    return own | extra if extra else own


@cache
def offers(name: str, kind: str) -> tuple[Callable[..., Any], ...]:
    """Every context's function for one record kind in a per-kind export (ACTIONS or NOTES), in context order."""
    return tuple(found for m in modules() if (found := getattr(m, name, {}).get(kind)) is not None)


@cache
def groups() -> dict[str, str]:
    """Context name -> the sidebar heading of its registers."""
    return {ctx: getattr(m, "GROUP", "Other") for ctx, m in zip(CONTEXTS, modules(), strict=True)}
