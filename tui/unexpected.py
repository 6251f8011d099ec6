"""How an unexpected error ends the app: one sentence on stderr naming it, never a traceback.

Textual ends the app on an unhandled exception and prints its traceback on the app's `error_console` (a public
attribute). The app gives it a console writing into memory instead, and the command line, once `App.run()` has
returned with a non-zero `return_code`, says the one sentence `sentence()` makes of what was kept. With
SECRETARIAT_DEBUG=1 nothing is kept back: the traceback is printed as Textual prints it.
"""

from __future__ import annotations

import io
import os
import re

from rich.console import Console

from tui.i18n.catalogue import _

# The last line of a Python or Rich traceback: the exception's class and the first line of its message.
_RAISED = re.compile(r"^([A-Za-z_][\w.]*(?:Error|Exception|Exit|Interrupt|Failed|Warning|Refused)): ?(.*)$")


def debugging() -> bool:
    """SECRETARIAT_DEBUG=1: show tracebacks as they are."""
    return bool(os.environ.get("SECRETARIAT_DEBUG"))


def kept_console() -> Console:
    """A console that keeps what is printed on it (read back with `kept()`), for the app's `error_console`."""
    return Console(file=io.StringIO(), width=400, color_system=None, force_terminal=False, markup=False,
                   highlight=False, soft_wrap=True)


def kept(console: Console) -> str:
    """What was printed on a console made by `kept_console()`."""
    file = console.file
    return file.getvalue() if isinstance(file, io.StringIO) else ""


def sentence(traceback: str) -> str:
    """One line for the user from a printed traceback: the error's class and the first line of its message."""
    lines = [line.strip() for line in traceback.splitlines()]
    raised = next((m for line in reversed(lines) if (m := _RAISED.match(line))), None)
    what = f"{raised.group(1)}: {raised.group(2)}".rstrip(": ") if raised else _("error")
    return _("secretariat: unexpected {what} (set SECRETARIAT_DEBUG=1 for details)", what=what)
