"""The domain's sentences reach users translated only when they are templates: a state rule's refusal
(`Check(condition, lambda r: ...)`) and a record not found (`ctx.get(cls, id, missing)`) must be a `Message` with
parameters, never an f-string, or a Russian clerk reads it in English (the card's 'cannot close yet: ...', the
form's refusal)."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

DOMAIN = Path(__file__).resolve().parents[2] / "domain"


def _refusals_built_as_text() -> list[str]:
    found = []
    for path in sorted(DOMAIN.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Check":
                for arg in node.args[1:]:
                    if isinstance(arg, ast.Lambda) and isinstance(arg.body, ast.JoinedStr | ast.Constant):
                        found.append(f"{path.name}:{arg.lineno}")
            # a record not found: ctx.get(cls, id, missing) refuses with `missing`
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "get"
                    and isinstance(node.func.value, ast.Name) and node.func.value.id == "ctx"
                    and len(node.args) >= 3 and isinstance(node.args[2], ast.JoinedStr)):
                found.append(f"{path.name}:{node.lineno}")
    return found


def test_every_state_rules_refusal_is_a_template() -> None:
    assert _refusals_built_as_text() == []


def test_the_scan_finds_an_f_string_refusal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "rule.py").write_text('R = Check(OPEN, lambda a: f"allocation {a.code} is closed")\n'
                                      'u = ctx.get(Unit, unit_id(code), f"no unit with code {code!r}")\n')
    monkeypatch.setattr(sys.modules[__name__], "DOMAIN", tmp_path)
    assert _refusals_built_as_text() == ["rule.py:1", "rule.py:2"]
