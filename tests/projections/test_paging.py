"""Filtering a register finds the same rows whatever the length of the typed text: the trigram index
(three characters or more) covers exactly the columns the short-text LIKE filter reads."""

from __future__ import annotations

from typing import Any

from projections.paging import RegisterQuery, like_pattern
from projections.registers import registers as all_registers
from projections.runner import Registers, all_projections
from tests.tui.support import small_organisation


def test_search_index_covers_every_searchable_column() -> None:
    tables = {t.name: t for p in all_projections() for t in p.tables}
    views = {name for p in all_projections() for name, _ in p.views}  # the event log: filtered through its indexes
    for register in all_registers().values():
        if register.table in views:
            continue
        table = tables[register.table]
        if table.search:
            assert set(table.search) == set(register.searchable), register.name


def test_short_and_long_filters_agree(app: Any) -> None:
    small_organisation(app)
    registers = Registers(app)
    registers.setup()
    registers.catch_up()
    query = RegisterQuery(registers.db, registers.conn, all_registers()["units"])
    for text in ("pr", "pro", "provincial", "de", "dep", "department"):
        query.set(filter=text)
        assert query.count() == len(query.page(0, 100)), text
    query.set(filter="pro")
    assert [r[0] for r in query.page(0, 100)] == ["KBL"]  # found by its kind, at three characters too
    registers.close()


def test_like_pattern_takes_wildcards_literally() -> None:
    assert like_pattern("50%_a\\b") == "%50\\%\\_a\\\\b%"


def test_pages_read_from_the_far_end_equal_the_same_slice_read_forward(app: Any) -> None:
    small_organisation(app)
    registers = Registers(app)
    registers.setup()
    registers.catch_up()
    for name, sort, text in (("units", None, ""), ("units", "kind", ""), ("event-log", None, ""),
                             ("event-log", "actor", ""), ("event-log", None, "admin")):
        query = RegisterQuery(registers.db, registers.conn, all_registers()[name])
        if sort:
            query.set(sort=sort)
        query.set(filter=text)
        total = query.count()
        assert total >= 3 and query.exact
        whole = query.page(0, total)  # forward from the start: the order itself
        assert len(whole) == total
        for descending in (False, True):
            query.set(descending=descending)
            whole = query.page(0, total)
            for size in (1, 3, 7):
                for offset in range(0, total + 2):
                    assert query.page(offset, size) == whole[offset:offset + size], (name, sort, offset, size)
    registers.close()


def test_keyset_pages_equal_the_pages_read_by_offset(app: Any) -> None:
    small_organisation(app)
    registers = Registers(app)
    registers.setup()
    registers.catch_up()
    log = all_registers()["event-log"]
    for text, descending in (("", None), ("admin", None), ("", False)):
        query = RegisterQuery(registers.db, registers.conn, log)
        query.set(filter=text, descending=descending)
        size = 3
        total = query.count()
        assert total > 2 * size
        offset, last = 0, None
        while offset < total:
            expected = query.page(offset, size)
            got = query.page(0, size) if last is None else query.page_after(last, size)
            assert got == expected, (text, offset)
            last, offset = got[-1], offset + size
    query = RegisterQuery(registers.db, registers.conn, log)
    query.set(sort="actor")  # not unique by itself: by offset
    assert query.page_after(query.page(0, 3)[-1], 3) is None
    units = RegisterQuery(registers.db, registers.conn, all_registers()["units"])  # ordered by code, keyed by id
    assert units.page_after(units.page(0, 3)[-1], 3) is None
    registers.close()
