"""UI test support: a store with a small organisation, and helpers to read what a screen shows."""

from __future__ import annotations

import asyncio
import time
from datetime import date
from typing import Any

from domain.access import AddUser
from domain.organisation import (
    AppointMember,
    EstablishCommission,
    EstablishPosition,
    EstablishUnit,
    ScheduleElection,
)

MARKUP_NAMES = ["Registry [/x]", "[b]Bold[/b] Unit", "Media [link=x]Relations"]


def small_organisation(app: Any) -> None:
    def run(command: Any) -> None:
        app.handle(command, user="admin")

    run(EstablishUnit(code="SEC", unit_name="Office of the Chief Electoral Officer", kind="office"))
    run(EstablishUnit(code="FIN", unit_name="Finance and Budget", kind="department", parent="SEC"))
    run(EstablishUnit(code="HR", unit_name="Human Resources", kind="department", parent="SEC"))
    run(EstablishUnit(code="KBL", unit_name="Kabul", kind="provincial", parent="SEC"))
    run(EstablishPosition(unit="KBL", code="DIR", position_title="Provincial director"))
    run(ScheduleElection(code="PE26", election_name="Parliamentary", kind="parliamentary",
                         voting_day=date(2026, 9, 1)))
    run(EstablishCommission(election="PE26", constituency=1, commission_name="Kabul ConEC"))
    run(AppointMember(election="PE26", constituency=1, member="Karimi", role="chair"))
    run(AddUser(user="clerk", role="clerk", office="FIN"))
    run(AddUser(user="audra", role="auditor"))


def screen_text(ui: Any) -> str:
    """Everything the current screen shows, as plain text (what a user reads)."""
    from textual.widgets import Static

    from tui.widgets.table import RegisterTable

    parts = []
    for widget in ui.screen.query("*"):
        if isinstance(widget, RegisterTable):
            height = widget.size.height
            parts += [widget.render_line(y).text for y in range(height)]
        elif isinstance(widget, Static):
            parts.append(str(widget.render()))
    return "\n".join(parts)


POLL = 0.02  # seconds between checks: bare turns of the loop in a row would starve a thread worker of the GIL


async def wait_for(pilot: Any, done: Any, seconds: float = 10.0) -> None:
    """Let the app run until `done()` holds, for at most `seconds` (a bounded wait, no fixed sleep): a turn of
    the app's loop, then a short rest for threads (workers, the poller) before the next check."""
    started = time.monotonic()
    while not done():
        assert time.monotonic() - started < seconds, "timed out waiting"
        await pilot.pause()
        if not done():
            await asyncio.sleep(POLL)
