"""Right-to-left text as a terminal must draw it: terminals lay characters left to right, so Arabic-script
text (Dari and Pashto labels, and names and subjects typed in Arabic script in any session) is put into visual
order (python-bidi) where it is drawn. Stored and typed text stays in logical order; only the drawn copy is
reordered, and text without right-to-left letters is returned unchanged (the same object).

Brackets and quotes resolved right to left are mirrored (rule L4: `(` drawn as `)`, `«` as `»`), so that
"ذخیره (ctrl+s)" reads `(ctrl+s) هریخذ` and not `)ctrl+s( هریخذ`. The compiled python-bidi does not mirror; a
line holding a mirrored character goes through the library's pure-Python algorithm, which does (the same
reordering, slower: only such lines, and cached)."""

from __future__ import annotations

import re
from functools import lru_cache

from bidi import get_display
from bidi.mirror import MIRRORED

# Hebrew, Arabic, Syriac, Thaana, NKo ... and the Arabic presentation forms: letters that run right to left.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_MIRRORS = frozenset(MIRRORED)  # ( ) [ ] { } < > « » and the other characters with a mirrored glyph


_JOINERS = (("\u200c", "\U000e01ee"), ("\u200d", "\U000e01ef"))


def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


def _line(line: str, base: str | None) -> str:
    if not has_rtl(line):
        return line
    if _MIRRORS.isdisjoint(line):
        return get_display(line, base_dir=base)
    from bidi.algorithm import get_display as get_display_mirrored  # only for such lines: slower to import

    # That algorithm drops the zero-width (non-)joiners (rule X9), which Dari and Pashto words need: they stand in
    # as non-spacing marks (variation selectors), which keep their place next to their letter, and come back.
    for joiner, stand_in in _JOINERS:
        line = line.replace(joiner, stand_in)
    shown = str(get_display_mirrored(line, base_dir=base))
    for joiner, stand_in in _JOINERS:
        shown = shown.replace(stand_in, joiner)
    return shown


@lru_cache(maxsize=8192)
def _visual(text: str, base: str | None) -> str:
    return "\n".join(_line(line, base) for line in text.split("\n"))


def in_session(text: str) -> str:
    """`text` as a line of the session draws it: right to left as a whole in a Dari or Pashto session (its first
    words at the right edge), else in the direction of its own first strong letter."""
    from tui.i18n.settings import current

    return visual(text, True if current().rtl else None)


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
