"""Every text the interface shows through its usual drawing calls is marked for the catalogue: a literal or an
f-string with words handed to notify, Static, Label, Button, Text, a card action, a note, an error message or
a CLI help text must go through `_()` (or be declared and translated where drawn)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

TUI = Path(__file__).resolve().parents[2] / "tui"
# call name -> the position of the argument that is shown
SHOWN = {"notify": 0, "Static": 0, "Label": 0, "Button": 0, "Text": 0, "Action": 1, "_act": 1, "_allowed": 2,
         "_fail": 0, "_show_error": 1, "_problem": 0, "UsageError": 0, "ArgumentTypeError": 0, "multi_cell": 2,
         "update": 0, "Binding": 2, "print": 0, "append": 0}
SHOWN_KEYWORDS = {"help", "placeholder", "description", "tooltip", "title", "sub_title", "prompt", "label"}
# attributes whose value the screen draws (`self.sub_title = ...`, `field.placeholder = ...`)
SHOWN_ATTRIBUTES = {"title", "sub_title", "placeholder", "prompt", "border_title", "border_subtitle", "tooltip"}
# calls whose result is the catalogue's text (what is inside them is marked, or a value to fill in)
MARKS = {"_", "N_", "ngettext", "say", "word", "Message"}
NOT_SHOWN = {"style", "id", "classes", "variant", "severity", "name"}  # keywords that are not text
_SQL = re.compile(r"\b(AND|OR|SELECT|WHERE|ORDER BY|FROM)\b")  # a query built up piece by piece is not shown


def _has_words(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return sum(ch.isalpha() for ch in node.value) > 1 and (" " in node.value.strip() or node.value[:1].isupper())
    if isinstance(node, ast.JoinedStr):  # beside a filled-in value, one word is prose too ("education: {level}")
        return any(_has_words(v) or (isinstance(v.value, str) and sum(ch.isalpha() for ch in v.value) > 2
                                     and " " in v.value)
                   for v in node.values if isinstance(v, ast.Constant))
    return False


def _unmarked_words(node: ast.AST) -> list[ast.AST]:
    """The literals with words inside a shown expression that no `_()` (or ngettext, say ...) encloses: a literal
    passed through Text(), visual(), a concatenation or a conditional is shown all the same."""
    if isinstance(node, ast.Call):
        f = node.func
        name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
        if name in MARKS:
            return []
        if name in ("join", "format"):  # "sep".join(...), "...".format(...): the literal is shown
            return [*_unmarked_words(f), *(n for a in node.args for n in _unmarked_words(a))]
        return [n for a in [*node.args, *(k.value for k in node.keywords if k.arg not in NOT_SHOWN)]
                for n in _unmarked_words(a)]
    if isinstance(node, ast.Attribute):
        return _unmarked_words(node.value) if isinstance(node.value, (ast.Constant, ast.JoinedStr)) else []
    if _has_words(node):
        return [node]
    if isinstance(node, ast.JoinedStr):
        return [n for v in node.values if isinstance(v, ast.FormattedValue) for n in _unmarked_words(v.value)]
    if isinstance(node, (ast.BinOp, ast.IfExp, ast.BoolOp, ast.Tuple, ast.List)):
        return [n for child in ast.iter_child_nodes(node) for n in _unmarked_words(child)]
    return []


def unmarked_in(source: str, where: str = "") -> list[str]:
    found: list[ast.AST] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            f = node.func
            name = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) else ""
            if name in MARKS:
                continue
            shown = [node.args[SHOWN[name]]] if name in SHOWN and len(node.args) > SHOWN[name] else []
            shown += [k.value for k in node.keywords if k.arg in SHOWN_KEYWORDS]
            found += [n for arg in shown for n in _unmarked_words(arg)]
            if name == "Select" and not any(k.arg == "prompt" for k in node.keywords):
                found.append(node)  # Textual's own prompt, "Select", in English
        elif isinstance(node, (ast.Assign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Attribute) and t.attr in SHOWN_ATTRIBUTES for t in targets):
                found += _unmarked_words(node.value)
            elif isinstance(node, ast.AugAssign) and isinstance(node.op, ast.Add):
                # a sentence built up piece by piece (a status line); not a query
                found += [n for n in _unmarked_words(node.value) if not _SQL.search(ast.unparse(n))]
        elif isinstance(node, ast.ClassDef):
            found += _binding_descriptions(node)
        elif isinstance(node, ast.FunctionDef) and node.name.endswith("_notes"):
            found += _note_lists(node)
    unique = {id(n): n for n in found}.values()  # a literal in two shown calls (update(Text(...))) once
    ordered = sorted(unique, key=lambda n: (n.lineno, n.col_offset))
    return [f"{where}:{n.lineno}: {ast.unparse(n)[:60]}" for n in ordered]


def _note_lists(function: ast.FunctionDef) -> list[ast.AST]:
    """A card's notes (`*_notes` functions return the sentences a card shows under its fields): each sentence of
    a list they build is shown, so it is a template of the catalogue."""
    found: list[ast.AST] = []
    for node in ast.walk(function):
        if isinstance(node, ast.List):
            found += [n for element in node.elts for n in _unmarked_words(element)]
        elif isinstance(node, ast.ListComp):
            found += _unmarked_words(node.elt)
    return found


def _binding_descriptions(cls: ast.ClassDef) -> list[ast.AST]:
    """A class's BINDINGS given as tuples `("key", "action", "Description")`: the description is drawn in the
    footer and the keys panel, so it is declared with N_()."""
    found: list[ast.AST] = []
    for stmt in cls.body:
        value = stmt.value if isinstance(stmt, (ast.Assign, ast.AnnAssign)) else None
        names = [t.id for t in (stmt.targets if isinstance(stmt, ast.Assign) else [stmt.target])
                 if isinstance(t, ast.Name)] if value is not None else []
        if "BINDINGS" in names and isinstance(value, ast.List):
            for item in value.elts:
                if isinstance(item, ast.Tuple) and len(item.elts) > 2 and _has_words(item.elts[2]):
                    found.append(item.elts[2])
    return found


def test_every_shown_literal_is_marked() -> None:
    found = [u for path in sorted(TUI.rglob("*.py")) if "i18n" not in path.parts
             for u in unmarked_in(path.read_text(encoding="utf-8"), str(path.relative_to(TUI)))]
    assert found == []


def test_an_unmarked_literal_is_found() -> None:
    source = """
def show(app, n, table, q, field):
    app.notify(f"Saved {n} rows")
    table.update("Nothing here")
    app.notify(_("Saved {n} rows", n=n))
    parser.add_argument("--x", help="the x to use")
    print(f"{n}\t{n}")
    table.update(Text(visual(f"{n} · sorted by {q}")))
    status = _("{n} rows", n=n)
    status += f" · filter: {q}"
    app.sub_title = f"{n} ({q})"
    field.placeholder = "filter: type part of any value"
    yield Select(options, id="f")
    yield Select(options, prompt=select_prompt())
    yield Label(Text(_("Name") + " is required"))
    yield Label(Text(_("Name") + " " + n))

class Screen:
    BINDINGS = [("escape", "dismiss", "Close the card"), Binding("q", "quit", N_("Quit"))]

def line_notes(secretariat, line):
    return [f"unallocated balance {line.unallocated}", _("{n} allocated", n=line.n)]
"""
    assert [u.split(": ", 1)[1] for u in unmarked_in(source)] == [
        "f'Saved {n} rows'", "'Nothing here'", "'the x to use'", "f'{n} · sorted by {q}'", "f' · filter: {q}'",
        "'filter: type part of any value'", "Select(options, id='f')", "' is required'", "'Close the card'",
        "f'unallocated balance {line.unallocated}'"]


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


PROJECTIONS = ROOT / "projections"
NOTES = {"notes", "note"}  # a report's lines under its table (ReportResult.notes), a chart's note


def unmarked_notes(source: str, where: str = "") -> list[str]:
    """A report's notes given as an f-string or a literal with words (`notes=(f"{n} appeals overdue",)`, or a
    `notes = ...` built before): an English sentence no reader of another language can read. A note is a
    `Message` template with its parameters, translated where it is drawn."""
    found: list[ast.AST] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            found += [n for k in node.keywords if k.arg in NOTES for n in _unmarked_words(k.value)]
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            if any(isinstance(t, ast.Name) and t.id in NOTES for t in targets):
                found += _unmarked_words(node.value)
    unique = sorted({id(n): n for n in found}.values(), key=lambda n: (n.lineno, n.col_offset))
    return [f"{where}:{n.lineno}: {ast.unparse(n)[:60]}" for n in unique]


def test_report_notes_are_templates() -> None:
    found = {path.name: unmarked_notes(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
             for path in sorted(PROJECTIONS.glob("*.py"))}
    assert [u for notes in found.values() for u in notes] == []


def test_an_english_report_note_is_found() -> None:
    source = """
def report(ctx, out, today):
    ReportResult(cols, out, notes=(f"{len(out)} appeals overdue as of {today}",))
    ReportResult(cols, out, notes=("all warehouses together",))
    ReportResult(cols, out, notes=(Message("{count} appeals overdue as of {today}", count=len(out), today=today),))
    notes = (f"assets of {project}: " + ", ".join(out),)
    chart(note="weeks of seven days")
"""
    assert [u.split(": ", 1)[1] for u in unmarked_notes(source)] == [
        "f'{len(out)} appeals overdue as of {today}'", "'all warehouses together'", "f'assets of {project}: '",
        "'weeks of seven days'"]
