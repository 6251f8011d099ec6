"""The texts the libraries draw for us, in the session's language: argparse's headings and errors on the command
line, Textual's command palette (its system commands and search prompt) and the Select prompt.

Their English texts are declared here with N_() so that extraction puts them in the catalogue; argparse reads
its texts through a module-level `_`/`ngettext`, which `install_argparse()` points at the catalogue. Textual's
own key descriptions are in the catalogue through `messages.declared()` and translated by `bindings.py`.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterable, Iterator
from typing import Any

from tui.i18n.bidi import visual
from tui.i18n.catalogue import N_, _, ngettext

# argparse's texts a user of the command line reads (its own %-placeholders are kept by the translations)
ARGPARSE = (
    N_("usage: "), N_("positional arguments"), N_("options"), N_("show this help message and exit"),
    N_("the following arguments are required: %s"), N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"), N_("expected at least one argument"), N_("invalid %(type)s value: %(value)r"),
    N_("ambiguous option: %(option)s could match %(matches)s"), N_("not allowed with argument %s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"), N_("one of the arguments %s is required"),
    N_("ignored explicit argument %r"), N_("expected at most one argument"),
)
# ngettext's pairs in argparse (extraction reads the literal pairs below)
_ARGPARSE_PLURALS = (lambda n: ngettext("expected %s argument", "expected %s arguments", n),)

# Textual's command palette: the system commands (title, help) and the search field's prompt
SYSTEM_COMMANDS = {
    "Theme": N_("Theme"), "Change the current theme": N_("Change the current theme"),
    "Quit": N_("Quit"), "Quit the application as soon as possible": N_("Quit the application as soon as possible"),
    "Keys": N_("Keys"),
    "Show help for the focused widget and a summary of available keys":
        N_("Show help for the focused widget and a summary of available keys"),
    "Hide the keys and widget help panel": N_("Hide the keys and widget help panel"),
    "Minimize": N_("Minimize"),
    "Minimize the widget and restore to normal size": N_("Minimize the widget and restore to normal size"),
    "Maximize": N_("Maximize"), "Maximize the focused widget": N_("Maximize the focused widget"),
    "Screenshot": N_("Screenshot"),
    "Save an SVG 'screenshot' of the current screen": N_("Save an SVG 'screenshot' of the current screen"),
}
SEARCH_COMMANDS = N_("Search for commands…")
NO_MATCHES = N_("No matches found")  # the palette's line when nothing matches what is typed
SELECT_PROMPT = N_("Select")


def _argparse_text(message: str) -> str:
    return _(message)


def _argparse_plural(singular: str, plural: str, n: int) -> str:
    return ngettext(singular, plural, n)


def install_argparse() -> None:
    """argparse's headings, help of -h and errors in the session's language (looked up when drawn, so the
    language chosen after this call is the one shown)."""
    module: Any = argparse
    module._ = _argparse_text
    module.ngettext = _argparse_plural


def system_commands(commands: Iterable[Any]) -> Iterator[Any]:
    """Textual's system commands with their title and help in the session's language."""
    for command in commands:
        yield command._replace(title=visual(_(command.title)), help=visual(_(command.help)))


def library_text(text: str) -> str:
    """One of the libraries' texts above, in the session's language, in drawing order."""
    return visual(_(text))


def search_prompt() -> str:
    return visual(_(SEARCH_COMMANDS))


def select_prompt() -> str:
    return visual(_(SELECT_PROMPT))
