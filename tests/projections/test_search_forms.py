"""Filters find a name however it was typed: Azerbaijani capitals (İ/i, I/ı), Dari and Pashto spellings with
Arabic or Persian code points (ي/ی, ك/ک, ە/ه), with or without harakat and tatweel. The same on SQLite and
PostgreSQL, through the trigram index (three characters or more) and the LIKE path (shorter text, or text
with filter words), live and as of a position; and `name:value` filter words are checked."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from domain.folding import fold
from domain.organisation import EstablishUnit
from projections.asof import as_of
from projections.paging import RegisterQuery
from projections.registers import registers as all_registers
from projections.runner import Registers

# Real names from the seeds' countries: the Central Election Commission of Azerbaijan's departments and
# Afghan provinces and the IEC, typed as Azerbaijani and Dari/Pashto users type them.
UNITS = (
    ("CEC", "Mərkəzi Seçki Komissiyası Katibliyi", "office", None),
    ("ORG", "Təşkilat şöbəsi", "department", "CEC"),
    ("IDX", "İnformasiya və ictimaiyyətlə əlaqələr şöbəsi", "department", "CEC"),
    ("KBL", "دفتر ولایتی کابل", "provincial", "CEC"),  # Persian kaf and yeh
    ("HRT", "دفتر ولايتي هرات", "provincial", "CEC"),  # Arabic yeh (ي) as many keyboards type it
    ("KDH", "کمیسیون مستقل انتخابات کندهار", "provincial", "CEC"),
    ("NGR", "ننګرهار ولایت", "provincial", "CEC"),  # Pashto
)
SEARCHES = {
    "MƏRKƏZİ": {"CEC"},  # capitals with dotted İ
    "mərkəzi": {"CEC"},
    "SEÇKI": {"CEC"},  # a dotless capital I for the dotted i
    "İNFORMASİYA": {"IDX"},
    "şöbəsi": {"ORG", "IDX"},
    "ŞÖBƏSİ": {"ORG", "IDX"},
    "ولایتی": {"KBL", "HRT"},  # Persian yeh finds the Arabic yeh spelling, and the reverse below
    "ولايتي": {"KBL", "HRT"},
    "كابل": {"KBL"},  # Arabic kaf finds Persian keheh
    "كميسيون": {"KDH"},
    "کَمِیسِیُون": {"KDH"},  # with harakat
    "کمیـــسیون": {"KDH"},  # with tatweel
    "كندهار": {"KDH"},
    "کندە": {"KDH"},  # Kurdish ae for heh
    "ننګرهار": {"NGR"},
}


@pytest.fixture
def units(app: Any) -> Any:
    for code, name, kind, parent in UNITS:
        app.handle(EstablishUnit(code=code, unit_name=name, kind=kind, parent=parent), user="admin")
    registers = Registers(app)
    registers.setup()
    registers.catch_up()
    yield registers
    registers.close()


def _found(query: RegisterQuery, text: str) -> set[str]:
    query.set(filter=text)
    rows = query.page(0, 100)
    assert query.count() == len(rows), text
    return {r[0] for r in rows}


def test_fold_equates_the_spellings() -> None:
    assert fold("MƏRKƏZİ") == fold("Mərkəzi") == "mərkəzi"
    assert fold("KIRMIZI") == fold("kırmızı")
    assert fold("علي") == fold("علی") and fold("كابل") == fold("کابل") and fold("ە") == fold("ه")
    assert fold("مُحَمَّد") == fold("محمد") == fold("محـــمد")
    assert fold("خانۀ") == fold("خانه") and fold("أحمد") == fold("احمد")
    assert fold("۱۴۰۵") == fold("١٤٠٥") == "1405"
    assert fold("Şəki") != fold("Seki")  # ş and ə are letters of their own in Azerbaijani
    assert fold(None) == ""


def _fold_by_definition(text: str) -> str:
    """fold() without its shortcuts: decompose, drop the marks one by one, recompose, casefold."""
    import unicodedata

    from domain.folding import _LETTERS, _MARKS

    decomposed = unicodedata.normalize("NFKD", text.translate(_LETTERS))
    kept = "".join(c for c in decomposed if ord(c) not in _MARKS)
    return unicodedata.normalize("NFC", kept).casefold().translate(_LETTERS)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(max_codepoint=0x7F)) | st.text())
def test_fold_shortcuts_agree_with_its_definition(text: str) -> None:
    """The ASCII shortcut and the mark table (what rebuilds fold millions of values with) change nothing."""
    assert fold(text) == _fold_by_definition(text)
    for _, name, *_ in UNITS:
        assert fold(name) == _fold_by_definition(name)


def test_every_spelling_is_found_on_both_paths(units: Any) -> None:
    query = RegisterQuery(units.db, units.conn, all_registers()["units"])
    for text, codes in SEARCHES.items():
        assert _found(query, text) == codes, text  # the trigram index on SQLite, LIKE on PostgreSQL
        with_word = {"CEC"} if "CEC" in codes else codes
        kind = "office" if "CEC" in codes else ("department" if codes & {"ORG", "IDX"} else "provincial")
        assert _found(query, f"kind:{kind} {text}") == with_word & codes, text  # LIKE path on SQLite too
    assert _found(query, "Mİ") >= {"CEC"}  # two characters: the LIKE path
    assert _found(query, "كا") == {"KBL"}


def test_rebuilt_registers_are_searched_and_kept_searchable(app: Any, units: Any) -> None:
    """A rebuild swaps small tables by copying their rows into the live table (SQLite) and builds the search
    index of the new generation: twice in a row, the trigram path finds what it found, and so do rows a
    clerk adds after the rebuild (the new generation's triggers feed its index)."""
    for _ in range(2):
        units.rebuild(["organisation"])
        query = RegisterQuery(units.db, units.conn, all_registers()["units"])
        assert _found(query, "MƏRKƏZİ") == {"CEC"} and _found(query, "كميسيون") == {"KDH"}
    app.handle(EstablishUnit(code="BLK", unit_name="دفتر ولایتی بلخ", kind="provincial", parent="CEC"), user="admin")
    units.catch_up()
    query = RegisterQuery(units.db, units.conn, all_registers()["units"])
    assert _found(query, "ولايتي") == {"KBL", "HRT", "BLK"}
    if units.db.kind == "sqlite":  # one search index, the rebuilt generation's, and no shadow table left
        names = {r[0] for r in units.db.execute(units.conn, "SELECT name FROM sqlite_master WHERE type = 'table' "
                                                "AND name GLOB 'units*' AND name NOT GLOB '*_search_g*_*'")}
        generation = units._state(units.conn, "organisation")[2]
        assert names == {"units", f"units_search_g{generation}"}


def test_as_of_finds_the_same_spellings(app: Any, units: Any) -> None:
    db, conn = as_of(app, app.head())
    query = RegisterQuery(db, conn, all_registers()["units"])
    assert _found(query, "MƏRKƏZİ") == {"CEC"}
    assert _found(query, "كميسيون") == {"KDH"}


def test_filter_words_are_checked_and_name_the_valid_ones(units: Any) -> None:
    query = RegisterQuery(units.db, units.conn, all_registers()["units"])
    query.set(filter="foo:bar")
    assert query.problem and "unknown filter word foo:" in query.problem and "kind:" in query.problem
    assert query.count() == 0 and query.page(0, 10) == []
    query.set(filter="kind:bogus")
    assert query.problem is not None and "kind: is one of department, office, provincial" in query.problem
    assert query.count() == 0
    query.set(filter="kind:office")
    assert query.problem is None and query.count() == 1
    query.set(filter="12:30")  # not a word: plain text
    assert query.problem is None


def test_dates_and_due_values_are_checked(app: Any) -> None:
    from domain.correspondence import ReceiveDocument, ReportExecution, ResolveDocument

    app.handle(EstablishUnit(code="GEN", unit_name="General department", kind="department"), user="admin")
    day = date(2026, 3, 2)
    numbers = []
    for working_days in (1, 5, 8, 20, 2):
        out = app.handle(ReceiveDocument(received_on=day, sender="Ministry", subject="Lists"), user="admin")
        number = out.message.split()[0]
        app.handle(ResolveDocument(document=number, unit="GEN", instruction="Reply", on=day,
                                   working_days=working_days), user="admin")
        numbers.append(number)
    app.handle(ReportExecution(document=numbers[-1], on=day, report="Done"), user="admin")  # executed: not overdue
    registers = Registers(app)
    registers.setup()
    registers.catch_up()
    log = RegisterQuery(registers.db, registers.conn, all_registers()["event-log"])
    log.set(filter="since:2026-02-30")
    assert log.problem is not None and log.problem.startswith("since: needs a date like") \
        and log.problem.endswith("not '2026-02-30'")
    assert log.count() == 0 and log.page(0, 10) == []
    log.set(filter="since:2026-02-28")
    assert log.problem is None and log.count() > 0
    dues = {r[0]: r[1] for r in registers.db.execute(registers.conn, "SELECT number, due FROM correspondence")}
    today = date.fromisoformat(dues[numbers[1]])  # the second letter is due today
    query = RegisterQuery(registers.db, registers.conn, all_registers()["correspondence"], today=today)
    query.set(filter="due:banana")
    assert query.problem == f"due: is one of overdue, today, week, month or a date like {today}, not 'banana'"
    assert query.count() == 0

    def found(text: str) -> set[str]:
        query.set(filter=text)
        assert query.problem is None, text
        return {r[0] for r in query.page(0, 100)}

    assert found("due:overdue") == {numbers[0]}  # due yesterday and still under control (not the executed one)
    assert found("due:today") == {numbers[1]}
    assert found("due:week") == {numbers[1], numbers[2]}  # today and within the next six days
    assert found(f"due:{today}") == {numbers[0], numbers[1]}  # a date: open and due on or before it
    query.set(filter="year:26")
    assert query.problem == "year: needs a year like " + str(today.year) + ", not '26'"
    query.set(filter="status:bogus")
    assert query.problem is not None and "status: is one of" in query.problem and "under control" in query.problem
    registers.close()
