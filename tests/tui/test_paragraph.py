"""A right-to-left paragraph is wrapped before it is reordered: its first drawn line holds its first words."""

from __future__ import annotations

from rich.cells import cell_len

from tui.i18n.bidi import visual
from tui.widgets.paragraph import drawn_lines

DARI = "این ذخیره‌گاه جدید است. می‌توانید یک دارالانشای نمونه را بارگذاری کنید یا خالی آغاز کنید."


def test_a_dari_paragraph_starts_on_its_first_line_read_from_the_right() -> None:
    lines = drawn_lines(DARI, 30, rtl=True)
    # wrapped, right-aligned to the cell: a zero-width non-joiner (in "ذخیره‌گاه") takes no cell of the terminal
    assert len(lines) > 1 and all(cell_len(line) == 30 for line in lines)
    first_words = " ".join(DARI.split()[:2])
    assert lines[0].rstrip().endswith(visual(first_words, rtl=True))  # read from the right edge
    assert visual(DARI, rtl=True) not in "\n".join(lines)  # not the whole paragraph reordered at once


def test_latin_text_is_wrapped_and_left_as_typed() -> None:
    text = "[b]Welcome[/b] to Secretariat, a store that is new."
    assert drawn_lines(text, 20, rtl=False) == ["[b]Welcome[/b] to", "Secretariat, a store", "that is new."]
