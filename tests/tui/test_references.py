"""Every type-ahead reference a form offers (tui.widgets.fields and each context's COMMAND_REFERENCES) reads
columns and conditions its register's table really has: a renamed column fails here, not in a clerk's form."""

from __future__ import annotations

from pathlib import Path

import pytest

import domain.application  # noqa: F401  (every context's commands registered)
from domain.application import open_store
from domain.commands import COMMANDS
from projections.runner import Registers
from tests.identity import bootstrap_here
from tui.widgets.fields import Reference, form_fields


def _references() -> dict[str, Reference]:
    """'command.field' -> the reference its form uses, for every command field that has one."""
    return {f"{name}.{f.name}": f.reference for name, cls in sorted(COMMANDS.items())
            for f in form_fields(cls) if f.reference is not None}


def test_forms_offer_references() -> None:
    assert len(_references()) > 50  # the check below covers the forms, not an empty list


def test_every_reference_reads_columns_its_table_has(tmp_path: Path) -> None:
    app = open_store(str(tmp_path / "refs.db"), create=True)
    bootstrap_here(app)
    regs = Registers(app)
    regs.setup("admin")
    try:
        for where, ref in _references().items():
            conditions = [c for c in (ref.where, ref.confidential and f"{ref.confidential} = 0",
                                      ref.scope and f"{ref.scope[0]} = ?") if c]
            sql = (f"SELECT {ref.value}, {ref.label} FROM {ref.table} WHERE {ref.value} LIKE ? "
                   + "".join(f" AND ({c})" for c in conditions) + " LIMIT 0")
            try:
                regs.db.execute(regs.conn, sql, ("%", *(("X",) if ref.scope else ())))
            except Exception as e:
                pytest.fail(f"{where}: {ref} -> {e}")
    finally:
        regs.close()
        app.close()
