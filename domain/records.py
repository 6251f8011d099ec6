"""The base aggregate of every register: its events carry an envelope, and rules raise Refused.

Events are built and applied on a fast path that does what the library's `trigger_event`, `_create` and
`Created.mutate` do (exactly the same fields, same checks, same attributes on the aggregate) without
their per-call signature inspection, keyword copying and frozen-dataclass `__init__`: together these cost
more than most rules, and a bulk load (the demo) creates and replays hundreds of thousands of events.
"""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from typing import Any

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic, resolve_topic

from domain.envelope import Envelope
from domain.errors import Refused


@cache
def _field_names(event_class: type) -> tuple[tuple[str, ...], frozenset[str]]:
    names = []
    for f in dataclasses.fields(event_class):  # type: ignore[arg-type]
        if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING:
            raise TypeError(f"{event_class.__qualname__}.{f.name}: event fields take no defaults here")
        names.append(f.name)
    return tuple(names), frozenset(names)


def _event(event_class: type, values: dict[str, Any]) -> Any:
    """An event from exactly its fields (a TypeError naming what is missing or unknown, like __init__)."""
    names, name_set = _field_names(event_class)
    if len(values) != len(names) or values.keys() != name_set:
        missing, unknown = name_set - values.keys(), values.keys() - name_set
        raise TypeError(f"Can't construct event {event_class.__qualname__}: missing {sorted(missing)}, "
                        f"unknown {sorted(unknown)}")
    event = object.__new__(event_class)
    object.__setattr__(event, "__dict__", values)  # in the order given: stored as given, read by name
    return event


_aggregate_class = cache(resolve_topic)
_topic = cache(get_topic)


class Record(Aggregate):
    class Event(Aggregate.Event):
        envelope: Envelope

    class Created(Event, Aggregate.Created):
        def mutate(self, aggregate: Any) -> Any:
            assert aggregate is None
            cls = _aggregate_class(self.originator_topic)
            record = cls.__new__(cls)
            record._id, record._version = self.originator_id, self.originator_version
            record._created_on = record._modified_on = self.timestamp
            record._pending_events = []
            self.apply(record)
            return record

    @classmethod
    def _create(cls, event_class: Any, *, id: Any = None, **kwargs: Any) -> Any:  # noqa: A002
        if id is None:
            raise TypeError(f"{cls.__qualname__}: records are created with an explicit id")
        kwargs["originator_topic"] = _topic(cls)
        kwargs["originator_id"] = id
        kwargs["originator_version"] = cls.INITIAL_VERSION
        if kwargs.get("timestamp") is None:
            kwargs["timestamp"] = event_class.create_timestamp()
        created = _event(event_class, kwargs)
        record = created.mutate(None)
        record._pending_events.append(created)
        return record

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        kwargs["originator_id"] = self.id
        kwargs["originator_version"] = self.version + 1
        if kwargs.get("timestamp") is None:
            kwargs["timestamp"] = event_class.create_timestamp()
        event = _event(event_class, kwargs)
        event.mutate(self)
        self._pending_events.append(event)


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
