"""A register's cell holds values and codes, never English prose: a status, role or kind is a word of the domain's
vocabulary (shown translated), and where a cell must say something (a labour card's "contract C-7 to 2027-06-30", a
law's publications, a stock count) it stores the sentence's template and parameters (domain.shown.said), which the
interface says in the reader's language, calendar and digits. Exports and JSON read the same cells in English."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from domain.errors import Message
from domain.shown import english, said, said_more, sentences_in
from domain.vocabulary import COLUMNS, WORDS
from projections.registers import registers, status_from
from tui.i18n import settings
from tui.i18n.catalogue import word
from tui.i18n.formats import show_cell

ROOT = Path(__file__).resolve().parents[2]
# the engine's own modules: the registers' machinery, not registers
MACHINERY = {"engine.py", "runner.py", "asof.py", "audit_log.py", "rebuild_lock.py", "snapshots.py", "db.py"}
PROSE = re.compile(r"[A-Za-z]{2,}")


def _projection_classes(tree: ast.Module) -> Iterator[ast.ClassDef]:
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and any(getattr(b, "id", "") == "Projection" for b in node.bases):
            yield node


def _prose_in(cls: ast.ClassDef) -> Iterator[tuple[int, str]]:
    """English words a projection class writes: an f-string with words of its own, or a text of several words that
    is not a word of the vocabulary (docstrings and assertion messages aside)."""
    skipped = {id(n) for node in ast.walk(cls) if isinstance(node, ast.Assert) for n in ast.walk(node)}
    for node in ast.walk(cls):
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and node.body and isinstance(node.body[0], ast.Expr):
            skipped.add(id(node.body[0].value))  # a docstring
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "Message" and node.args:
            skipped.add(id(node.args[0]))  # a sentence's template: said in the reader's language
    for node in ast.walk(cls):
        if id(node) in skipped:
            continue
        if isinstance(node, ast.JoinedStr):
            literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            if PROSE.search(literal):
                yield node.lineno, f"f-string {literal!r}"
            skipped |= {id(v) for v in node.values}
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and " " in node.value.strip() \
                and PROSE.search(node.value) and node.value not in WORDS:
            yield node.lineno, repr(node.value)


def test_no_projection_writes_english_prose_into_a_cell() -> None:
    found = []
    for path in sorted((ROOT / "projections").glob("*.py")):
        if path.name in MACHINERY:
            continue
        for cls in _projection_classes(ast.parse(path.read_text(encoding="utf-8"))):
            found += [f"{path.name}:{line}: {what}" for line, what in _prose_in(cls)]
    assert found == [], "store values, vocabulary words or domain.shown.said(Message(...)), not English text"


def test_the_prose_check_finds_a_composed_phrase() -> None:
    source = '''
class P(Projection):
    def moved(self, rows, position, e):
        rows.put("t", {"detail": f"from {e.a} to {e.b}", "status": "on staff", "other": "not a word here"})
'''
    cls = next(_projection_classes(ast.parse(source)))
    assert [what for _line, what in _prose_in(cls)] == ["f-string 'from  to '", "'not a word here'"]


@pytest.fixture
def dari() -> Iterator[None]:
    settings.use(settings.Settings("fa_AF", "solar_hijri", "eastern"))
    yield
    settings.use(settings.Settings())


def test_a_labour_card_entry_is_said_in_the_readers_language_calendar_and_digits(dari: None) -> None:
    cell = said(Message("contract {number} to {end}", number="C-7", end=date(2027, 6, 30)))
    shown = show_cell(cell, "detail")
    assert "C-7" in shown and "۱۴۰۶-۰۴-۰۹" in shown and "contract" not in shown and " to " not in shown
    assert english(cell) == "contract C-7 to 2027-06-30"  # exports and JSON
    two = said_more(said(Message("sent {on}", on=date(2026, 12, 1))), Message("amends {act}", act="DEC-1"))
    assert "؛ " in show_cell(two, "published") and english(two) == "sent 2026-12-01; amends DEC-1"
    # a status with the day it takes effect, still found by its word
    assert show_cell(status_from("repealed", date(2026, 9, 16)), "status") == word("status", "repealed from 2026-09-16")
    assert "repealed" not in show_cell(status_from("repealed", date(2026, 9, 16)), "status")


def test_a_typed_value_is_never_read_as_a_sentence() -> None:
    assert sentences_in("contract C-7 to 2027-06-30") is None  # typed text: shown as it is
    forged = '\u2063[["{x.__class__.__mro__}",{"x":1}]]'  # a template reaching into its parameter
    assert sentences_in(forged) is None and show_cell(forged, "detail") == forged


def _templates(sentences: list[Message]) -> Iterator[str]:
    for m in sentences:
        yield m.template
        yield from _templates([v for v in m.params.values() if isinstance(v, Message)])


def test_every_status_role_and_kind_of_the_demo_is_a_word_and_every_sentence_in_the_catalogue(
        demo_registers: Any) -> None:
    """Every value of a status, role or kind column of every register of the demo is a word of the vocabulary (or
    a code); every sentence a cell stores is a message of the catalogue (complete in every language), and reads in
    Russian as the catalogue says it."""
    from babel.messages.pofile import read_po

    from tui.i18n.messages import POT

    with POT.open("rb") as f:
        catalogue = {m.id for m in read_po(f)}
    db = demo_registers.db
    unknown, uncatalogued, said_cells = set(), set(), 0
    with db.connect() as conn:
        for r in registers().values():
            for column in r.columns:
                for (value,) in db.execute(conn, f"SELECT DISTINCT {column} FROM {r.table} LIMIT 300"):
                    if not isinstance(value, str) or not value:
                        continue
                    if (sentences := sentences_in(value)) is not None:
                        said_cells += 1
                        uncatalogued |= {(r.name, column, t) for t in _templates(sentences) if t not in catalogue}
                    elif column in COLUMNS and word(column, value) is None and not value[:3].isupper():
                        unknown.add((r.name, column, value))
    assert unknown == set() and uncatalogued == set() and said_cells > 100
    with db.connect() as conn:  # the ledger's memos and account names (the domain's postings write them) too
        memos = [m for (m,) in db.execute(conn, "SELECT DISTINCT memo FROM ledger_journal LIMIT 500")]
        names = [n for (n,) in db.execute(conn, "SELECT name FROM ledger_accounts")]
    assert memos and names and all(sentences_in(v) is not None for v in [*memos, *names])
    settings.use(settings.Settings("ru", "gregorian", "latin"))
    try:
        hire = said(Message("{kind}, as {title}, {position}", kind=Message("permanent"), title="Бухгалтер",
                            position="FIN/ACC-1"))
        assert show_cell(hire, "detail") == "постоянный, на должность Бухгалтер, FIN/ACC-1"
    finally:
        settings.use(settings.Settings())
