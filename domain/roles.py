"""The roles, and the sets of them that rules name, declared once: who records the office's work, who decides,
who audits, who reads registers. Commands (`Command.roles`), the read policy and the registers all take their
sets from here, so one name means one set everywhere."""

from __future__ import annotations

ROLES = ("clerk", "auditor", "administrator", "head")

ADMINISTRATORS = frozenset({"administrator"})  # users, roles, rebuilds, the store's own settings
OFFICE_STAFF = frozenset({"clerk", "head", "administrator"})  # who records the office's work (every command's default)
DECIDERS = frozenset({"head", "administrator"})  # who approves, decides, signs off and resolves
AUDIT_READERS = frozenset({"auditor", "administrator"})  # who reads the audit trail: the event log, users, approvals
REGISTER_READERS = OFFICE_STAFF | {"auditor"}  # who reads a register unless it says otherwise
