"""Running commands in rule tests: as the administrator, and refused with nothing recorded (one copy for the
domain tests that used to define these each)."""

from __future__ import annotations

import pytest

from domain.application import Result, Secretariat
from domain.commands import Command
from domain.errors import Refused


def run(app: Secretariat, command: Command, reason: str = "", user: str = "admin") -> Result:
    """The command, run by `user` with `reason` (empty: none given)."""
    return app.handle(command, user=user, reason=reason)


def refused(app: Secretariat, command: Command, match: str, reason: str = "", user: str = "admin") -> None:
    """The command is refused with a message matching `match` (a regular expression), and nothing is recorded."""
    head = app.head()
    with pytest.raises(Refused, match=match):
        run(app, command, reason, user)
    assert app.head() == head
