"""Right-to-left text as a terminal must draw it: terminals lay characters left to right, so Arabic-script
text (Dari and Pashto labels, and names and subjects typed in Arabic script in any session) is put into visual
order (python-bidi) where it is drawn. Stored and typed text stays in logical order; only the drawn copy is
reordered, and text without right-to-left letters is returned unchanged (the same object)."""

from __future__ import annotations

import re
from functools import lru_cache

from bidi import get_display

# Hebrew, Arabic, Syriac, Thaana, NKo ... and the Arabic presentation forms: letters that run right to left.
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def has_rtl(text: str) -> bool:
    return _RTL.search(text) is not None


@lru_cache(maxsize=8192)
def _visual(text: str, base: str | None) -> str:
    return "\n".join(get_display(line, base_dir=base) if has_rtl(line) else line for line in text.split("\n"))


def visual(text: str, rtl: bool | None = None) -> str:
    """`text` in the order a terminal draws it. The paragraph direction follows the text's first strong letter
    (a Dari subject reads right to left in an English session too) unless `rtl` fixes it for the session."""
    if not has_rtl(text):
        return text
    return _visual(text, None if rtl is None else ("R" if rtl else "L"))
