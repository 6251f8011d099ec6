"""The UI's table of contents for the registers' contexts: each module listed here may export

- ACTIONS: record kind (class name) -> function(record) -> list[Action] the card offers in its state;
- CREATE: register name -> the command the shell's "n" (new) key opens on it;
- NOTES: record kind -> function(secretariat, record) -> list[str] the card shows under the fields
  (what blocks a separation, what is overdue);
- form hints merged into `tui.widgets.fields`: REFERENCES, COMMAND_REFERENCES, CHOICES, COMMAND_CHOICES, LABELS,
  COMMAND_LABELS, PATTERNS, COMMAND_PATTERNS (dicts) and NEW_NAMES (a set).

Adding a context's screens means adding its module here, nowhere else.
"""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType
from typing import Any

MODULES = ("tui.contexts.registry", "tui.contexts.personnel", "tui.contexts.finance", "tui.contexts.supplies",
           "tui.contexts.procurement")


@cache
def modules() -> tuple[ModuleType, ...]:
    return tuple(importlib.import_module(name) for name in MODULES)


@cache
def exported(name: str) -> Any:
    """Every plugin's export of that name (dicts or sets) merged into one, once."""
    out: Any = None
    for m in modules():
        extra = getattr(m, name, None)
        if extra:
            out = (dict(extra) if isinstance(extra, dict) else set(extra)) if out is None else out | extra
    return out if out is not None else {}


def merged(name: str, base: Any) -> Any:
    """`base` (a dict or set) with every plugin's export of that name added."""
    own = dict(base) if isinstance(base, dict) else set(base)
    extra = exported(name)
    return own | extra if extra else own
