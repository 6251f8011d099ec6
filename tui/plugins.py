"""The UI's part of each context, found by convention: `tui.contexts.<ctx>` for every context named in
`domain.contexts`. A context's UI module may export

- GROUP: the sidebar heading its registers stand under (the department that keeps them);
- ACTIONS: record kind -> function(record) -> list[Action] the card offers in its state. A kind is the class
  name of one of the context's own records ("Session"), or "<context>.<Class>" for another context's record
  (several contexts may offer actions on one kind: a vacant post offers both abolition and hiring). Two
  contexts may have records of the same class name (a Commission session, a training session): each
  context's plain names reach only its own records;
- CREATE: register name -> the command the shell's "n" (new) key opens on it;
- DRILL: report name -> (register, filter template from the row's columns, e.g. "unit:{unit}"): Enter on a
  report's row opens that register filtered to the records behind the row;
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


def record_context(kind: type) -> str:
    """The context whose domain module defines a record class (domain.<context>[.<part>])."""
    parts = kind.__module__.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "domain" else ""


@cache
def offers(name: str, kind: type) -> tuple[Callable[..., Any], ...]:
    """Every context's function for one record class in a per-kind export (ACTIONS or NOTES), in context order:
    its own context's under the plain class name, any context's under "<context>.<Class>"."""
    home, qualified = record_context(kind), f"{record_context(kind)}.{kind.__name__}"
    out = []
    for ctx, m in zip(CONTEXTS, modules(), strict=True):
        table = getattr(m, name, {})
        found = table.get(qualified) or (table.get(kind.__name__) if ctx == home else None)
        if found is not None:
            out.append(found)
    return tuple(out)


@cache
def groups() -> dict[str, str]:
    """Context name -> the sidebar heading of its registers."""
    return {ctx: getattr(m, "GROUP", "Other") for ctx, m in zip(CONTEXTS, modules(), strict=True)}
