"""Which language a session speaks: the order `--lang`, `SECRETARIAT_LANG`, the acting user's stored
language, the process locale, English (issue 23). An unknown explicit choice is refused in one sentence.

The command line resolves the explicit choice and the locale before it builds its parser (help texts are in
the session's language), and the stored language once it knows who acts (`_open`, `run_ui`). Nothing here
draws: it names a language of `LANGUAGES`, and `use()` makes it the session's.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import replace

from domain.errors import Message, SecretariatError
from tui.i18n.settings import LANGUAGES, current, use

ENV = "SECRETARIAT_LANG"
OPTION = "--lang"
# the languages' names in the refusal (in their own words too: whoever reads it may not read English)
NAMES = {"en": "English", "az": "Azərbaycanca", "ru": "Русский", "fa_AF": "دری Dari", "ps": "پښتو Pashto"}
# locale and option spellings beyond the catalogue's own names (lower case, without encoding or modifier)
_ALIASES = {"prs": "fa_AF", "prs_af": "fa_AF", "fa": "fa_AF", "fa_af": "fa_AF", "ps_af": "ps", "ru_ru": "ru",
            "az_az": "az", "az_latn_az": "az", "en_us": "en", "en_gb": "en", "dari": "fa_AF", "pashto": "ps"}
_LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


class UnknownLanguage(SecretariatError):
    """`--lang` or SECRETARIAT_LANG names a language the interface does not speak."""


def known(name: str) -> str | None:
    """The catalogue's name for a language or locale name (`fa_AF.UTF-8`, `prs`, `ps_AF`, `RU`), None if none."""
    base = name.strip().split(".")[0].split("@")[0].replace("-", "_")
    lowered = base.lower()
    exact = {lang.lower(): lang for lang in LANGUAGES}
    if lowered in exact:
        return exact[lowered]
    if lowered in _ALIASES:
        return _ALIASES[lowered]
    first = lowered.split("_")[0]
    return exact.get(first) or _ALIASES.get(first)


def checked(name: str) -> str:
    """An explicit choice (`--lang`, SECRETARIAT_LANG): its catalogue name, or refused in one sentence."""
    found = known(name)
    if found is None:
        raise UnknownLanguage(Message("unknown language {name!r}; languages are {languages}", name=name,
                                      languages=", ".join(f"{k} ({v})" for k, v in NAMES.items())))
    return found


def from_locale(environ: Mapping[str, str]) -> str | None:
    """The language the process locale names, as gettext reads it: the first of LANGUAGE, LC_ALL, LC_MESSAGES,
    LANG that is set decides (LANGUAGE may list several, tried in order); None for C/POSIX or a language the
    interface does not speak."""
    for variable in _LOCALE_VARIABLES:
        value = environ.get(variable, "")
        if value:
            return next((lang for item in value.split(":") if (lang := known(item))), None)
    return None


def option_value(argv: Sequence[str]) -> tuple[str | None, list[str]]:
    """`--lang X` or `--lang=X` wherever it stands in argv, and argv without it (it is read before the parser
    is built, so it may follow the sub-command too)."""
    rest, value, args = [], None, list(argv)
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest += args[i:]
            break
        if arg == OPTION:
            if i + 1 >= len(args):
                raise UnknownLanguage(Message("{option} needs a language", option=OPTION))
            value, i = args[i + 1], i + 2
            continue
        if arg.startswith(OPTION + "="):
            value = arg.split("=", 1)[1]
        else:
            rest.append(arg)
        i += 1
    return value, rest


def explicit(option: str | None, environ: Mapping[str, str] | None = None) -> str | None:
    """The explicit choice: `--lang`, then SECRETARIAT_LANG; None when neither is given (empty counts as not)."""
    env = os.environ if environ is None else environ
    for given in (option, env.get(ENV)):
        if given is not None and given.strip():
            return checked(given)
    return None


def resolve(option: str | None, stored: str, environ: Mapping[str, str] | None = None) -> str:
    """The session's language in the order of issue 23: `--lang`, SECRETARIAT_LANG, the user's stored language
    (`stored`, "" when unset), the process locale, English."""
    env = os.environ if environ is None else environ
    return explicit(option, env) or known(stored or "") or from_locale(env) or "en"


def use_language(language: str) -> None:
    """Make `language` the session's, keeping its calendar and digits."""
    if current().language != language:
        use(replace(current(), language=language))
