"""An amount inside a sentence (a refusal's balance, a report's total, a payslip's line) is written the one way the
registers' cells write it: thousands and cents in the reader's locale, in Eastern Arabic-Indic digits for a Dari or
Pashto reader who chose them. A sentence gets the amount itself (domain.shown.Amount, a Decimal), never a text made
of it: a text keeps its Latin digits for every reader."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

from domain.errors import Message, Refused
from domain.finance import fmt
from domain.shown import Amount, amount_of
from projections.reports import ReportResult
from tui.i18n import settings
from tui.i18n.catalogue import say
from tui.i18n.formats import show_report_cell, show_said

ROOT = Path(__file__).resolve().parents[2]
LATIN_DIGIT = re.compile("[0-9]")


@pytest.fixture
def dari() -> Iterator[None]:
    settings.use(settings.Settings("fa_AF", "solar_hijri", "eastern"))
    yield
    settings.use(settings.Settings())


def test_an_amount_reads_with_thousands_and_cents_in_the_english_text() -> None:
    refusal = Refused("transfer of {fmt} exceeds the untransferred balance {fmt2} of allocation {code}",
                      fmt=fmt(Decimal("123456.5")), fmt2=fmt(Decimal("1000")), code="A-1")
    assert str(refusal) == "transfer of 123,456.50 exceeds the untransferred balance 1,000.00 of allocation A-1"
    assert str(Message("{column}: {amount}", column="net", amount=amount_of(12345600))) == "net: 123,456.00"
    assert amount_of(None) == "-" and isinstance(amount_of(5), Amount) and amount_of(5) == Decimal("0.05")


def test_a_dari_reader_reads_every_amount_of_a_sentence_in_eastern_digits(dari: None) -> None:
    refusal = Refused("transfer of {fmt} exceeds the untransferred balance {fmt2} of allocation {code}",
                      fmt=fmt(Decimal("123456.5")), fmt2=fmt(Decimal("1000")), code="A-1")
    shown = say(refusal)
    assert "۱۲۳٬۴۵۶٫۵۰" in shown and "۱٬۰۰۰٫۰۰" in shown and not LATIN_DIGIT.search(shown.replace("A-1", ""))
    # a report's note, said as the reports screen says it
    note = show_said(Message("{column}: {amount}", column=Message("net"), amount=amount_of(12345600)))
    assert "۱۲۳٬۴۵۶٫۰۰" in note and not LATIN_DIGIT.search(note)
    # a template that gives the amount a format spec of its own writes it the same way
    spec = say(Message("payments above {amount:,.2f} now need a second user's approval", amount=Decimal(5000)))
    assert "۵٬۰۰۰٫۰۰" in spec and not LATIN_DIGIT.search(spec)
    # a report's cell holding an amount (a payslip's line)
    cell = show_report_cell(ReportResult(("item", "value"), []), "value", amount_of(123456))
    assert cell == "۱٬۲۳۴٫۵۶"


def test_an_azerbaijani_reader_reads_the_amounts_of_a_sentence_in_their_locale() -> None:
    settings.use(settings.Settings("az", "gregorian", "latin"))
    try:
        shown = say(Refused("refund of {fmt} recorded for {code}", fmt=fmt(Decimal("123456.5")), code="A-1"))
    finally:
        settings.use(settings.Settings())
    assert "123.456,50" in shown


def _money_text_made_for_a_sentence(path: Path) -> Iterator[str]:
    """Calls that build a sentence (Message, a refusal, require) given a pre-formatted amount: `money_text(...)`, an
    f-string or `format` with a `,.2f` spec."""
    sentence = {"Message", "Refused", "NotPermitted", "require", "SecretariatError"}
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) in sentence):
            continue
        for keyword in node.keywords:
            for inner in ast.walk(keyword.value):
                if isinstance(inner, ast.Call) and getattr(inner.func, "id", None) == "money_text":
                    yield f"{path.relative_to(ROOT)}:{inner.lineno}: money_text() as {keyword.arg}"
                if isinstance(inner, ast.FormattedValue) and isinstance(inner.format_spec, ast.JoinedStr) and any(
                        isinstance(v, ast.Constant) and ".2f" in str(v.value) for v in inner.format_spec.values):
                    yield f"{path.relative_to(ROOT)}:{inner.lineno}: an amount formatted into {keyword.arg}"


def test_no_sentence_is_given_an_amount_already_written_as_text() -> None:
    found = [problem for package in ("domain", "projections") for path in sorted((ROOT / package).rglob("*.py"))
             for problem in _money_text_made_for_a_sentence(path)]
    assert found == []
