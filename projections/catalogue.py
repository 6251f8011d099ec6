"""The read side's table of contents: the projection modules, and from them every projection, register
and report. A context's projection module (`projections.<ctx>`, named in `domain.contexts`) exports
PROJECTIONS (classes), REGISTERS and REPORTS."""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

from domain.contexts import modules as context_modules

if TYPE_CHECKING:
    from projections.engine import Projection
    from projections.registers import Register
    from projections.reports import Report

# Each context's registers, then the engine's own (the audit log of events by context).
MODULES = (*context_modules("projections"), "projections.audit_log")


@cache
def modules() -> tuple[ModuleType, ...]:
    return tuple(importlib.import_module(name) for name in MODULES)


def projections() -> list[Projection]:
    return [cls() for m in modules() for cls in getattr(m, "PROJECTIONS", ())]


@cache
def registers() -> dict[str, Register]:
    out: dict[str, Register] = {}
    for m in modules():
        for r in getattr(m, "REGISTERS", ()):
            assert r.name not in out, f"register {r.name} declared twice"
            out[r.name] = r
    return out


@cache
def reports() -> dict[str, Report]:
    out: dict[str, Report] = {}
    for m in modules():
        for r in getattr(m, "REPORTS", ()):
            assert r.name not in out, f"report {r.name} declared twice"
            out[r.name] = r
    return out


@cache
def projection_contexts() -> dict[str, str]:
    """Projection name -> the context whose module declares it (the engine's own projections are absent)."""
    from domain.contexts import CONTEXTS

    named = dict(zip(context_modules("projections"), CONTEXTS, strict=True))
    return {cls.name: named[m.__name__] for m in modules() if m.__name__ in named
            for cls in getattr(m, "PROJECTIONS", ())}


@cache
def register_reports() -> dict[str, tuple[str, ...]]:
    """Register name -> the reports declared beside it, in the same context's module."""
    return {r.name: tuple(rep.name for rep in getattr(m, "REPORTS", ())) for m in modules()
            for r in getattr(m, "REGISTERS", ())}
