"""Right-to-left text as a terminal must draw it: terminals lay characters left to right, so Arabic-script
text (Dari and Pashto labels, and names and subjects typed in Arabic script in any session) is put into visual
order (python-bidi) where it is drawn. Stored and typed text stays in logical order; only the drawn copy is
reordered, and text without right-to-left letters is returned unchanged (the same object).

Brackets and quotes resolved right to left are mirrored (rule L4: `(` drawn as `)`, `«` as `»`), so that
"ذخیره (ctrl+s)" reads `(ctrl+s) هریخذ` and not `)ctrl+s( هریخذ`. The compiled python-bidi does not mirror; a
line holding a mirrored character goes through the library's pure-Python algorithm, which does (the same
reordering, slower: only such lines, and cached).

A date, a range or a signed figure inside right-to-left text is one left-to-right unit: by the algorithm alone
"2026-12-02" after Arabic letters is three numbers read from the right (02-12-2026), which an official does not
read as a date. Each is embedded left to right (LRE ... PDF, which both python-bidi algorithms honour; the
compiled one also knows isolates, the pure-Python one does not) before reordering, and the marks are taken out
of what is drawn (a terminal would show them as blanks or boxes)."""

from __future__ import annotations

import re
from functools import lru_cache

from bidi import get_display
from bidi.mirror import MIRRORED
from rich.cells import cell_len

# Hebrew, Arabic, Syriac, Thaana, NKo ... and the Arabic presentation forms: letters that run right to left.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_MIRRORS = frozenset(MIRRORED)  # ( ) [ ] { } < > « » and the other characters with a mirrored glyph


_JOINERS = (("\u200c", "\U000e01ee"), ("\u200d", "\U000e01ef"))

# A date or a range (1405-09-11, 2026/12/02, 10-12) or a signed figure (+3, -1,200) in any of the digit sets;
# not a piece of a code such as INC-2026-00001 (a letter or digit before it), which is left to right already.
_D = "[0-9\u0660-\u0669\u06f0-\u06f9]"
_UNIT = re.compile(rf"(?<![\w\-+/]){_D}+(?:[-/]{_D}+)+(?![\w\-/])"  # a date or a range
                   rf"|(?<![\w\-+])[+\-]{_D}+(?:[,.\u066b\u066c]{_D}+)*")  # a signed figure
_LRE, _PDF = "\u202a", "\u202c"
_MARKS = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


def rjust(text: str, width: int) -> str:
    """`text` held against the right edge of `width` terminal cells: counted in cells, not characters (the zero-width
    non-joiner of Dari and Pashto words takes no cell; str.rjust would leave the line short of the edge)."""
    return " " * max(width - cell_len(text), 0) + text


def ljust(text: str, width: int) -> str:
    return text + " " * max(width - cell_len(text), 0)


def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


def _line(line: str, base: str | None) -> str:
    if not has_rtl(line):
        return line
    line = _UNIT.sub(lambda m: f"{_LRE}{m.group()}{_PDF}", line)
    if _MIRRORS.isdisjoint(line):
        return get_display(line, base_dir=base).translate(_MARKS)
    from bidi.algorithm import get_display as get_display_mirrored  # only for such lines: slower to import

    # That algorithm drops the zero-width (non-)joiners (rule X9), which Dari and Pashto words need: they stand in
    # as non-spacing marks (variation selectors), which keep their place next to their letter, and come back.
    for joiner, stand_in in _JOINERS:
        line = line.replace(joiner, stand_in)
    shown = str(get_display_mirrored(line, base_dir=base))
    for joiner, stand_in in _JOINERS:
        shown = shown.replace(stand_in, joiner)
    return shown.translate(_MARKS)


@lru_cache(maxsize=8192)
def _visual(text: str, base: str | None) -> str:
    return "\n".join(_line(line, base) for line in text.split("\n"))


def in_session(text: str) -> str:
    """`text` as a line of the session draws it: right to left as a whole in a Dari or Pashto session (its first
    words at the right edge), else in the direction of its own first strong letter."""
    from tui.i18n.settings import current

    return visual(text, True if current().rtl else None)


def fitted(text: str, width: int) -> str:
    """A one-line text as the session draws it, cut to `width` in reading order first ('…' where reading stops): a
    right-to-left line cut after reordering (as a terminal widget cuts its right end) would lose its start."""
    if width > 1 and len(text) > width:
        text = text[:width - 1] + "…"
    return in_session(text)


def wrapped(text: str, width: int) -> str:
    """A long text as the session draws it, wrapped to `width` in reading order first and then each line put
    into drawing order: a right-to-left line wrapped after reordering would show its end on the first line."""
    import textwrap

    lines = textwrap.wrap(text, width, break_on_hyphens=False) or [""]
    return "\n".join(in_session(line) for line in lines)


def visual(text: str, rtl: bool | None = None) -> str:
    """`text` in the order a terminal draws it. The paragraph direction follows the text's first strong letter
    (a Dari subject reads right to left in an English session too) unless `rtl` fixes it for the session."""
    if not has_rtl(text):
        return text
    return _visual(text, None if rtl is None else ("R" if rtl else "L"))
