"""The message catalogue: `_()` and `ngettext()` in the session's language, and refusals translated whole.

Catalogues are gettext files under tui/locale/<language>/LC_MESSAGES/secretariat.{po,mo}. Installation
compiles the .mo files (`make` runs `python -m tui.i18n.compile`); a .mo that is missing or older than its .po is
compiled here from the .po in memory (Babel's pofile/mofile), so a fresh clone needs no manual step. English
is the source language: its texts are the msgids, shown as they are. A message a catalogue lacks (or has
only as fuzzy) falls back to the English source.
"""

from __future__ import annotations

import gettext
from datetime import date
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any

from domain.errors import Message, SecretariatError
from tui.i18n.settings import current

DOMAIN = "secretariat"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
SOURCE_LANGUAGE = "en"


def catalogue_path(language: str, suffix: str) -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.{suffix}"


@cache
def translations(language: str) -> gettext.NullTranslations:
    """The language's compiled catalogue (compiled in memory from the .po when the .mo is missing or stale)."""
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    po, mo = catalogue_path(language, "po"), catalogue_path(language, "mo")
    if not po.is_file() and not mo.is_file():
        return gettext.NullTranslations()
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as f:
            return gettext.GNUTranslations(f)
    buffer = BytesIO(compiled(po, language))
    return gettext.GNUTranslations(buffer)


def compiled(po: Path, language: str) -> bytes:
    """The .mo bytes of a .po. Babel's own `pybabel compile` is not used: it checks every text with a `%`
    as printf-style (`{progress}% reported` reads to it as `% r`) and refuses right translations; our
    placeholders are `{name}` and tests/i18n checks them."""
    from babel.messages.mofile import write_mo  # only when compiling: English and a current .mo never need Babel
    from babel.messages.pofile import read_po

    with po.open("rb") as f:
        catalog = read_po(f, locale=language, domain=DOMAIN)
    buffer = BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out: they fall back to English
    return buffer.getvalue()


def _(message: str, /, **params: Any) -> str:
    """The message in the session's language (the English source where the catalogue has none); with
    parameters, the message is a template (`_("due {due}", due=d)`) translated whole, then filled in."""
    if not message:
        return message
    text = translations(current().language).gettext(message)
    return _filled(message, text, params) if params else text


def ngettext(singular: str, plural: str, n: int, /, **params: Any) -> str:
    """The singular or plural form (by the language's plural rule) for n, in the session's language; with
    parameters, filled in as `_` does (n itself is passed as a parameter when the template shows it)."""
    text = translations(current().language).ngettext(singular, plural, n)
    return _filled(singular if n == 1 else plural, text, params) if params else text


def _filled(source: str, text: str, params: dict[str, Any]) -> str:
    """A translated template filled in; parameters that are messages themselves are shown translated, days in
    the reader's calendar, numbers in the reader's digits, other values (user data among them) literally. A broken
    translation never hides the message: English then."""
    shown = {k: _shown(v) for k, v in params.items()}
    try:
        return text.format(**shown)
    except (KeyError, IndexError, ValueError):
        return source.format(**shown)


def _shown(value: Any) -> Any:
    """A parameter as the reader reads it: a message translated, a day in their calendar, a number in their digits
    (Eastern Arabic-Indic where chosen); text (what users typed among it) and anything else as it is."""
    if isinstance(value, (SecretariatError, Message)):
        return say(value)
    from tui.i18n.formats import in_readers_digits, show_date  # formats reads projections: loaded when first needed

    return show_date(value) if type(value) is date else in_readers_digits(value)


def N_(message: str) -> str:
    """Marks a text for extraction where it is declared; it is translated where it is drawn."""
    return message


def say(message: object) -> str:
    """What the user reads for a refusal, an error, a Message or a declared text: its template translated, then
    filled in. Any other exception or value is shown as it is (its text is not ours to translate)."""
    if isinstance(message, (SecretariatError, Message)):
        return _(message.template, **message.params) if message.params else _(message.template)
    if isinstance(message, str):
        return _(message)
    return str(message)


def word(field: str, value: object) -> str | None:
    """A status, role or kind (one word of domain.vocabulary, or several joined by ", ") standing in such a
    field, in the session's language; None for anything else, which is shown as it is (typed data among it)."""
    from domain.vocabulary import COLUMNS, WORDS

    if field not in COLUMNS or not isinstance(value, str) or not value:
        return None
    if value in WORDS:
        return _(value)
    from projections.registers import status_and_day

    if (dated := status_and_day(value)) is not None and dated[0] in WORDS:  # "repealed from 2026-09-16"
        from tui.i18n.formats import show_said

        return show_said(Message("{status} from {day}", status=Message(dated[0]), day=dated[1]))
    parts = value.split(", ") if ", " in value else value.split(",")  # a user's roles are stored "head,clerk"
    return ", ".join(_(p) for p in parts) if len(parts) > 1 and all(p in WORDS for p in parts) else None


@cache
def _english_words(language: str) -> dict[str, str]:
    from domain.vocabulary import WORDS

    table = translations(language)
    return {table.gettext(w).casefold(): w for w in WORDS if table.gettext(w) != w}


def english_word(typed: str) -> str:
    """A filter typed as a translated status, role or kind (the whole text: `закрыт`) as the English word the
    registers store; anything else as typed (English words match as they are)."""
    return _english_words(current().language).get(typed.strip().casefold(), typed)
