"""A report's notes (the lines under its table: totals, "41 appeals; overdue as of 2026-12-02") are templates with
parameters (`domain.errors.Message`): the command line prints them in the reader's language, their days in the
reader's calendar and their counts in the reader's digits; `str()` of a note stays the English sentence."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from domain.errors import Message
from tests.demo_store import DemoStores
from tui.cli.main import main
from tui.i18n import catalogue
from tui.i18n.settings import Settings, use

_NOTE = "{count} appeals; overdue as of {today}"


@pytest.fixture
def store(demo_stores: DemoStores, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    path = demo_stores.copy(tmp_path / "demo", mapped=True)
    monkeypatch.setenv("SECRETARIAT_HOME", str(tmp_path / "demo" / "home"))
    yield str(path)
    use(Settings())
    catalogue.translations.cache_clear()


def _note(capsys: pytest.CaptureFixture[str], store: str, *lang: str) -> str:
    status = main(["--store", store, *lang, "report", "appeals-by-month", "--param", "year=2026"])
    out = capsys.readouterr()
    assert status == 0, out.err
    return out.out.rstrip("\n").splitlines()[-1]


def test_a_reports_note_is_english_as_text() -> None:
    note = Message(_NOTE, count=41, today=date(2026, 12, 2))
    assert str(note) == "41 appeals; overdue as of 2026-12-02"


def test_a_reports_note_is_printed_in_russian(store: str, capsys: pytest.CaptureFixture[str]) -> None:
    english = _note(capsys, store)
    assert re.fullmatch(r"\d+ appeals; overdue as of \d{4}-\d\d-\d\d", english), english
    russian = _note(capsys, store, "--lang", "ru")
    assert "обращений" in russian, russian
    left = {w for w in re.findall(r"[A-Za-z]+", russian)} & {"appeals", "overdue", "as", "of"}
    assert not left, russian


def test_a_reports_note_is_printed_in_dari_with_eastern_digits(store: str,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--store", store, "users", "preferences", "admin", "--language", "fa_AF", "--digits",
                 "eastern"]) == 0
    capsys.readouterr()
    dari = _note(capsys, store)
    assert "شکایت" in dari, dari
    assert re.search("[۰-۹]", dari) and not re.search("[0-9A-Za-z]", dari), dari


def test_a_sentence_in_a_reports_cell_and_a_count_of_statuses_are_said_in_the_readers_language() -> None:
    from projections.legal import _counts
    from projections.reports import ReportResult
    from tui.i18n.formats import show_report_cell, show_said

    cell = Message("appeal possible for {days} more days", days=12)
    counts = Message("{counts} (as of {today})", counts=_counts({"pending": 2, "judged": 1}), today=date(2026, 12, 2))
    assert str(counts) == "2 pending, 1 judged (as of 2026-12-02)"
    try:
        use(Settings("ru"))
        shown = show_report_cell(ReportResult(("attention",), [(cell,)]), "attention", cell)
        assert "12" in shown and not re.search("[A-Za-z]", shown), shown
        said = show_said(counts)
        assert not re.search("[A-Za-z]", said), said
        use(Settings("fa_AF", "solar_hijri", "eastern"))
        said = show_said(counts)
        assert "۲" in said and not re.search("[0-9A-Za-z]", said), said
    finally:
        use(Settings())
