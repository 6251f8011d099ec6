"""What a user is told when a command was recorded but the registers could not follow it (a lost connection,
a register table closed to the clerk's PostgreSQL role): it is recorded, so it must not be sent again as if it
had failed; the registers catch up on the next command or poll that can. One sentence for the CLI and the UI."""

from __future__ import annotations

from domain.errors import first_line
from tui.i18n.catalogue import _


def registers_behind(why: BaseException) -> str:
    return _("recorded, but the registers could not be brought up to date ({why}); they catch up on the next "
             "command that can", why=first_line(why))
