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
            # a record's label ("session SES-2026-001"), which refusals and outcomes quote: words make it prose
            if isinstance(node, ast.FunctionDef) and node.name == "label":
                found += [f"{path.name}:{r.lineno}" for r in ast.walk(node) if isinstance(r, ast.Return)
                          and r.value is not None and _has_words(r.value)]
    return found


def _has_words(node: ast.expr) -> bool:
    """An f-string or a string literal with an English word in its literal parts."""
    parts = [node] if isinstance(node, ast.Constant) else node.values if isinstance(node, ast.JoinedStr) else []
    return any(isinstance(p, ast.Constant) and isinstance(p.value, str) and any(w.isalpha() and len(w) > 1
               and not w.isupper() for w in p.value.split()) for p in parts)  # a code (KBL) is no word


def test_every_state_rules_refusal_is_a_template() -> None:
    assert _refusals_built_as_text() == []


def test_the_scan_finds_an_f_string_refusal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "rule.py").write_text('R = Check(OPEN, lambda a: f"allocation {a.code} is closed")\n'
                                      'u = ctx.get(Unit, unit_id(code), f"no unit with code {code!r}")\n'
                                      'class S:\n    @property\n    def label(self):\n'
                                      '        return f"session {self.number}"\n'
                                      'class P:\n    @property\n    def label(self):\n'
                                      '        return f"{self.unit}/{self.code}"\n')
    monkeypatch.setattr(sys.modules[__name__], "DOMAIN", tmp_path)
    assert _refusals_built_as_text() == ["rule.py:1", "rule.py:2", "rule.py:6"]


def test_a_refusal_quoting_a_records_label_reads_whole_in_the_readers_language() -> None:
    from types import SimpleNamespace

    from domain.errors import Message
    from domain.sessions import Session
    from tui.i18n.catalogue import say
    from tui.i18n.settings import Settings, use

    label = vars(Session)["label"].fget(SimpleNamespace(number="SES-2026-025"))
    refusal = Message("{label} was closed on {closed_on}", label=label, closed_on="2026-11-21")
    use(Settings(language="ru"))
    try:
        said = say(refusal)
    finally:
        use(Settings())
    assert said.startswith("заседание SES-2026-025 ") and "session" not in said


ROOT = DOMAIN.parent
_TEMPLATES = ("_", "ngettext", "Message", "require", "refuse", "Refused")


def words_passed_as_parameters(roots: tuple[Path, ...]) -> list[str]:
    """A template filled with an English phrase (`_("{value} ...", value="register")`): the phrase is never
    translated (a Dari `status` printed its headers in English)."""
    found: list[tuple[str, str]] = []
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in _TEMPLATES:
                    found += [(f"{path}:{node.lineno:06d}", f"{path.name}:{node.lineno}: {k.arg}")
                              for k in node.keywords if _has_words(k.value)]
    return [line for _, line in sorted(found)]


def test_no_template_is_filled_with_an_english_phrase() -> None:
    assert words_passed_as_parameters((ROOT / "domain", ROOT / "projections", ROOT / "tui")) == []


def test_the_scan_finds_a_phrase_passed_as_a_parameter(tmp_path: Path) -> None:
    (tmp_path / "cli.py").write_text('print(_("{value:<14} rebuilt", value="register"))\n'
                                     'require(ok, "{label} is {status}{why}", label=x, why="votes are taken")\n'
                                     'fine = _("{n} rows", n=3), Message("{code}", code="KBL")\n')
    assert words_passed_as_parameters((tmp_path,)) == ["cli.py:1: value", "cli.py:2: why"]


def translated_inside_f_strings(roots: tuple[Path, ...]) -> list[str]:
    """`f"{_('head'):>9}"`: Babel reads a Python 3.11 f-string as one token and never extracts the call inside,
    so the text stays English in every language (the `status` headers did)."""
    found = []
    for root in roots:
        for path in sorted(root.rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.JoinedStr):
                    continue
                for call in (c for v in node.values if isinstance(v, ast.FormattedValue) for c in ast.walk(v.value)):
                    if (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
                            and call.func.id in ("_", "ngettext", "N_") and call.args
                            and isinstance(call.args[0], ast.Constant)):
                        found.append(f"{path.name}:{call.lineno}")
    return sorted(found)


def test_no_text_is_marked_for_translation_inside_an_f_string() -> None:
    assert translated_inside_f_strings((ROOT / "domain", ROOT / "projections", ROOT / "tui")) == []


def test_the_scan_finds_a_call_inside_an_f_string(tmp_path: Path) -> None:
    (tmp_path / "cli.py").write_text('print(f"{_(\'head\'):>9} {n}")\nok = f"{_(kind)} {x}", _("{n} rows", n=1)\n')
    assert translated_inside_f_strings((tmp_path,)) == ["cli.py:1"]
