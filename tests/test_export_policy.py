"""Exports go through the one read policy: for every role x clearance x office of the policy matrix, the files
`show --format` and `report --format` write (CSV, XLSX, JSON Lines) hold a confidential or another office's
canary only when that user may see it, and the user's own office's letter is there (tests/test_policy_matrix.py
builds the store and says who may see what)."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest

from tests import test_policy_matrix as matrix
from tests.identity import act_as
from tui.cli.main import main

store = matrix.store  # the matrix's store, with its users and canaries


def _text(path: Path) -> str:
    if path.suffix == ".xlsx":
        book = openpyxl.load_workbook(path)
        return "\n".join(str(v) for ws in book for row in ws.iter_rows(values_only=True) for v in row if v)
    return path.read_text(encoding="utf-8-sig")


@pytest.mark.parametrize("user", [u[0] for u in matrix.USERS])
def test_every_users_exports_hold_only_what_they_may_see(store: str, user: str, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    _, _role, clearance, office = next(u for u in matrix.USERS if u[0] == user)
    act_as(store, user)
    _, scope = matrix._scope(store, user)
    written = []
    for fmt in ("csv", "xlsx", "json"):
        for what in (["show", "correspondence"], ["report", "incoming-journal", "--today", "2026-06-01"]):
            out = tmp_path / f"{what[0]}.{fmt}"
            code = main(["--store", store, *what, "--format", fmt, "--out", str(out)])
            captured = capsys.readouterr()
            assert code == 0, (user, what, captured.err)
            written.append((what[0], fmt, _text(out)))
    for what, fmt, text in written:
        for canary in (*matrix.SECRET.values(), *matrix.OFFICE.values()):
            assert (canary in text) == matrix._may_see(clearance, scope, canary), (user, what, fmt, canary)
        assert matrix.OFFICE["KDH"] in text, (user, what, fmt)
    assert office in matrix.OFFICES
