"""The base aggregate of every register: its events carry an envelope, and rules raise Refused."""

from __future__ import annotations

import re

from eventsourcing.domain import Aggregate

from domain.envelope import Envelope
from domain.errors import Refused


class Record(Aggregate):
    class Event(Aggregate.Event):
        envelope: Envelope

    class Created(Event, Aggregate.Created):
        pass


_CONTROL = re.compile("[\x00-\x1f\x7f]")  # what may not appear in a single line of text


def require(condition: object, message: str) -> None:
    """Refuse the command with a message unless the condition holds."""
    if not condition:
        raise Refused(message)


def clean(value: str, field: str, max_length: int = 200) -> str:
    """A required, trimmed, single-line text value."""
    text = optional(value, field, max_length)
    if not text:  # messages are only formatted on refusal: these checks run for every text field
        raise Refused(f"{field} is required")
    return text


def optional(value: str | None, field: str, max_length: int = 200) -> str:
    """A trimmed, single-line text value that may be empty; no control characters."""
    text = (value or "").strip()
    if len(text) > max_length:
        raise Refused(f"{field} is longer than {max_length} characters")
    if _CONTROL.search(text) is not None:
        raise Refused(f"{field} must be a single line without control characters")
    return text
