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


async def rebuild_done(app: Any) -> None:
    """Wait for the app's rebuild workers only: the poller's worker is cancelled and restarted by design around
    a rebuild's swap, so waiting for every worker would fail on its cancellation."""
    await app.workers.wait_for_complete([w for w in app.workers if w.group == "rebuild"])


async def settled(pilot: Any, seconds: float = 10.0) -> None:
    """Wait (bounded) until every register table of the app shows the rows last asked for: sorts, filters and
    reloads are read in workers, a typed filter once typing pauses."""
    from tui.widgets.table import RegisterTable

    app = pilot.app
    await pilot.pause()  # what was just typed or set is handled first (it may ask for a reload)
    await wait_for(pilot, lambda: not any(t.reading for s in app.screen_stack for t in s.query(RegisterTable)),
                   seconds)


async def card_shown(pilot: Any, seconds: float = 10.0) -> Any:
    """Wait (bounded) until a record card is in front with its record read (cards read in a worker); the card."""
    from tui.screens.card import RecordCard

    app = pilot.app
    await wait_for(pilot, lambda: isinstance(app.screen, RecordCard) and not app.screen.reading, seconds)
    return app.screen


async def recorded(pilot: Any, seconds: float = 10.0) -> None:
    """Wait (bounded) until a submitted form's command is recorded or refused (forms record in a worker), and a
    card in front has read its record again."""
    from tui.screens.card import RecordCard
    from tui.screens.forms import CommandForm

    app = pilot.app
    await pilot.pause()
    await wait_for(pilot, lambda: not any(isinstance(s, CommandForm) and s.recording for s in app.screen_stack),
                   seconds)
    await pilot.pause()
    await wait_for(pilot, lambda: not (isinstance(app.screen, RecordCard) and app.screen.reading), seconds)


async def workers_done(app: Any) -> None:
    """Wait until the app's current workers have ended, however they end: a poll superseded by the next one is
    cancelled (an exclusive group), which `workers.wait_for_complete()` raises as WorkerCancelled."""
    import contextlib

    from textual.worker import WorkerCancelled

    for worker in list(app.workers):
        with contextlib.suppress(WorkerCancelled):
            await worker.wait()
