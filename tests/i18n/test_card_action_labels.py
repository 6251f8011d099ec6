"""A card's actions read in the reader's language: each label in tui/contexts is an English msgid marked N_ (so
the catalogue extracts it) and `actions_for` says it once. 45 labels (sessions, legal cases, parties, users'
roles, candidates ...) were bare strings: never extracted, shown in English to every reader."""

from __future__ import annotations

import ast
import itertools
from pathlib import Path

import pytest

import tui.plugins
from tui.i18n.catalogue import N_
from tui.i18n.settings import Settings, use
from tui.screens.card import Action, actions_for

CONTEXTS = Path(__file__).resolve().parents[2] / "tui" / "contexts"


def _is_key(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) == 1 \
        and node.value.isalpha()


def _marked(node: ast.expr) -> bool:
    """N_("..."), a choice between such labels, or a name bound to one elsewhere (checked where it is bound)."""
    if isinstance(node, ast.IfExp):
        return _marked(node.body) and _marked(node.orelse)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        return node.func.id == "N_" and len(node.args) == 1 and isinstance(node.args[0], ast.Constant)
    return isinstance(node, ast.Name)


def unmarked_labels(source: str, name: str) -> list[str]:
    """Where a one-letter key is followed by its label (a call's arguments, a tuple of steps), the labels that
    are not N_-marked msgids: a bare string is never extracted, a _() is said before the reader is known."""
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        items = node.args if isinstance(node, ast.Call) else node.elts if isinstance(node, ast.Tuple) else []
        for key, label in itertools.pairwise(items):
            if _is_key(key) and not _marked(label):
                found.append((label.lineno, f"{name}:{label.lineno}: {ast.unparse(label)}"))
    return [line for _, line in sorted(found)]


def test_every_card_action_label_is_a_marked_msgid() -> None:
    found = [line for path in sorted(CONTEXTS.glob("*.py")) for line in unmarked_labels(path.read_text(), path.name)]
    assert not found, "labels not marked N_ (or said too early with _):\n" + "\n".join(found)


def test_the_scan_finds_a_bare_label_and_an_early_translation() -> None:
    source = 'steps = (("m", "Record the minutes", "sessions.minutes"),)\nout = _act("d", _("Register"), "x")\n' \
             'fine = (("o", N_("Open"), "sessions.open"), _act("c", N_("Close") if x else N_("Shut"), "y"))\n'
    assert unmarked_labels(source, "s.py") == ["s.py:1: 'Record the minutes'", "s.py:2: _('Register')"]


def test_actions_for_says_the_labels_in_the_readers_language(monkeypatch: pytest.MonkeyPatch) -> None:
    class Stub:
        pass

    def offered(record: object) -> list[Action]:
        return [Action("t", N_("Mark attendance"), "sessions.attendance", {}, frozenset())]

    monkeypatch.setattr(tui.plugins, "offers", lambda hook, kind: [offered])
    english = [a.label for a in actions_for(Stub())]
    use(Settings(language="ru"))
    try:
        russian = [a.label for a in actions_for(Stub())]
    finally:
        use(Settings())
    assert english == ["Mark attendance"]
    assert russian != english and russian[0].strip()
