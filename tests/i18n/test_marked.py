"""Every text the interface shows through its usual drawing calls is marked for the catalogue: a literal or an
f-string with words handed to notify, Static, Label, Button, Text, a card action, a note, an error message or
a CLI help text must go through `_()` (or be declared and translated where drawn)."""

from __future__ import annotations

import ast
from pathlib import Path

TUI = Path(__file__).resolve().parents[2] / "tui"
# call name -> the position of the argument that is shown
SHOWN = {"notify": 0, "Static": 0, "Label": 0, "Button": 0, "Text": 0, "Action": 1, "_act": 1, "_fail": 0,
         "_show_error": 1, "_problem": 0, "UsageError": 0, "ArgumentTypeError": 0, "multi_cell": 2, "update": 0,
         "Binding": 2, "print": 0, "append": 0}
SHOWN_KEYWORDS = {"help", "placeholder", "description", "tooltip"}


def _has_words(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return sum(ch.isalpha() for ch in node.value) > 1 and (" " in node.value.strip() or node.value[:1].isupper())
    if isinstance(node, ast.JoinedStr):
        return any(_has_words(v) for v in node.values if isinstance(v, ast.Constant))
    return False


def unmarked_in(source: str, where: str = "") -> list[str]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
        shown = [node.args[SHOWN[name]]] if name in SHOWN and len(node.args) > SHOWN[name] else []
        shown += [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]
        found += [f"{where}:{arg.lineno}: {ast.unparse(arg)[:60]}" for arg in shown if _has_words(arg)]
    return found


def test_every_shown_literal_is_marked() -> None:
    found = [u for path in sorted(TUI.rglob("*.py")) if "i18n" not in path.parts
             for u in unmarked_in(path.read_text(encoding="utf-8"), str(path.relative_to(TUI)))]
    assert found == []


def test_an_unmarked_literal_is_found() -> None:
    source = """
def show(app, n, table):
    app.notify(f"Saved {n} rows")
    table.update("Nothing here")
    app.notify(_("Saved {n} rows", n=n))
    parser.add_argument("--x", help="the x to use")
    print(f"{n}\t{n}")
"""
    assert [u.split(": ", 1)[1] for u in unmarked_in(source)] == ["f'Saved {n} rows'", "'Nothing here'",
                                                                   "'the x to use'"]


ROOT = TUI.parent
ERRORS = {"Refused": 0, "NotPermitted": 0, "UnknownActor": 0, "Conflict": 0, "StoreError": 0, "SecretariatError": 0,
          "CorruptEvent": 0, "PaperError": 0, "ExportProblem": 0, "ImportProblem": 0, "Message": 0, "require": 1,
          "_": 0, "ngettext": 0}


def composed_refusals(source: str, where: str = "") -> list[str]:
    """Refusals and messages composed in place (an f-string, a concatenation): they cannot translate whole."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        f = node.func
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
        if name in ERRORS and len(node.args) > ERRORS[name]:
            arg = node.args[ERRORS[name]]
            if isinstance(arg, (ast.JoinedStr, ast.BinOp)):
                found.append(f"{where}:{arg.lineno}: {ast.unparse(arg)[:60]}")
    return found


def test_refusals_and_messages_are_templates() -> None:
    found = [u for layer in ("domain", "projections", "tui") for path in sorted((ROOT / layer).rglob("*.py"))
             for u in composed_refusals(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))]
    assert found == []


def test_a_composed_refusal_is_found() -> None:
    source = """
require(ok, f"letter {n} is closed")
raise Refused("the weekend is already " + text)
require(ok, "letter {number} is closed", number=n)
"""
    assert len(composed_refusals(source)) == 2
