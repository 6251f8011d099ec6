"""How two spellings of one name are recognised as the same: `fold` turns text into its search form.

One function serves every comparison the product makes between what was typed and what is stored: the
registers' normalised search column is written with it and every filter text is folded with it before
matching (both search paths, both stores), and domain rules that compare names (an appeal's answer goes to
its applicant) use it too. It folds:

- case, for every script, with Azerbaijani and Turkish dotted and dotless i (I, İ, ı, i) all read as `i`,
  so `MƏRKƏZİ` finds `Mərkəzi` and `KIRMIZI` finds `kırmızı`;
- the Arabic and Persian code points Dari and Pashto text is typed with: Arabic yeh and alef maksura as
  Persian yeh (ي ى -> ی), Arabic kaf as keheh (ك -> ک), ae and teh marbuta as heh (ە ة -> ه), hamza carriers
  as their base letter (أ إ آ -> ا, ؤ -> و, ۀ -> ه);
- harakat (fatha, kasra, damma, tanwin, shadda, sukun, superscript alef) and tatweel, which are dropped;
- zero-width joiners and direction marks (typed or not, the word is the same), and Arabic-Indic and Persian
  digits as 0-9.

Latin letters with diacritics (ə, ş, ç, ğ, ö, ü) are distinct letters in Azerbaijani and stay as they are.
"""

from __future__ import annotations

import unicodedata

_LETTERS = str.maketrans({
    "İ": "i", "I": "i", "ı": "i",
    "ي": "ی", "ى": "ی", "ك": "ک", "ە": "ه", "ة": "ه", "ھ": "ه", "ٱ": "ا",
    "ـ": None,  # tatweel
    "\u200c": None, "\u200d": None, "\u200e": None, "\u200f": None, "\u00ad": None,
    **{chr(0x0660 + n): str(n) for n in range(10)},
    **{chr(0x06F0 + n): str(n) for n in range(10)},
})
# Marks dropped after decomposition: harakat and Quranic marks, the hamza and madda signs (so أ, آ, ؤ, ۀ
# become their base letters), superscript alef, and the dot above that lower-casing İ can leave.
_MARKS = frozenset([*range(0x0610, 0x061B), *range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE), 0x0307])
_DROP_MARKS = dict.fromkeys(_MARKS)


def fold(text: str | None) -> str:
    """The search form of `text`: equal for every spelling the module docstring lists ('' for None)."""
    if not text:
        return ""
    text = str(text)
    if text.isascii():  # no marks, nothing to normalise, casefold is lower (and I -> i): rebuilds fold millions
        return text.lower()
    kept = unicodedata.normalize("NFKD", text.translate(_LETTERS)).translate(_DROP_MARKS)
    return unicodedata.normalize("NFC", kept).casefold().translate(_LETTERS)
