"""The read side's table of contents: the projection modules, and from them every projection, register
and report. A context's projection module exports PROJECTIONS (classes), REGISTERS and REPORTS; adding a
context means adding its module here, nowhere else."""

from __future__ import annotations

import importlib
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from projections.engine import Projection
    from projections.registers import Register
    from projections.reports import Report

MODULES = (
    "projections.organisation",
    "projections.access",
    "projections.registry",  # correspondence, appeals, receptions
    "projections.personnel",  # staff, trips, assets
    "projections.finance",  # budget, allocations, donor projects, accreditations, party reports
    "projections.ledger",  # journal, ledger, chart of accounts
    "projections.payroll",  # payroll runs, payslips, pay profiles
    "projections.leave",  # leave requests and balances, timesheets
    "projections.hrfiles",  # personal files, attestations, certificates, post requirements
    "projections.depreciation",  # fixed-asset book, depreciation runs
    "projections.audit_log",
)


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
