"""Bringing the registers up after a bulk load: the demo (and imports) write many events in few transactions,
and folding them in memory and swapping the registers in is several times faster than catching up event by
event."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from domain.demo.base import BATCH_SIZE, DEFAULT_EVENTS, DEFAULT_SEED, write_history
from projections.runner import Registers


def catch_up_registers(app: Any, user: str) -> None:
    """Rebuild every register from the store and catch up what remains, as `user`."""
    registers = Registers(app)
    try:
        registers.setup(user)
        registers.rebuild()
        registers.catch_up(batch=20_000)
    finally:
        registers.close()


def load_demo(app: Any, user: str, *, events: int = DEFAULT_EVENTS, seed: int = DEFAULT_SEED,
              progress: Callable[[int, int], None] | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Write the demo history (`domain.demo.base.write_history`) and bring the registers up to date. Returns the
    number of events written."""
    written = write_history(app, user, events=events, seed=seed, progress=progress, batch_size=batch_size)
    catch_up_registers(app, app.actor(user).name)
    return written
