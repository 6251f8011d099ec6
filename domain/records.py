"""The base aggregate of every register: its events carry an envelope, and rules raise Refused.

Events are built and applied on a fast path that does what the library's `trigger_event`, `_create` and
`Created.mutate` do (exactly the same fields, same checks, same attributes on the aggregate) without
their per-call signature inspection, keyword copying and frozen-dataclass `__init__`: together these cost
more than most rules, and a bulk load (the demo) creates and replays hundreds of thousands of events.
"""

from __future__ import annotations

import dataclasses
import inspect
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Self

from eventsourcing.domain import Aggregate, CanMutateAggregate
from eventsourcing.utils import get_topic, resolve_topic

from domain.envelope import Envelope
from domain.errors import Refused

if TYPE_CHECKING:
    from _typeshed import DataclassInstance


@cache
def _field_names(event_class: type[DataclassInstance]) -> tuple[tuple[str, ...], frozenset[str]]:
    names = []
    for f in dataclasses.fields(event_class):
        if f.default is not dataclasses.MISSING or f.default_factory is not dataclasses.MISSING:
            raise TypeError(f"{event_class.__qualname__}.{f.name}: event fields take no defaults here")
        names.append(f.name)
    return tuple(names), frozenset(names)


def _event(event_class: type[DataclassInstance], values: dict[str, Any]) -> Any:
    """An event from exactly its fields (a TypeError naming what is missing or unknown, like __init__)."""
    names, name_set = _field_names(event_class)
    if len(values) != len(names) or values.keys() != name_set:
        missing, unknown = name_set - values.keys(), values.keys() - name_set
        raise TypeError(f"Can't construct event {event_class.__qualname__}: missing {sorted(missing)}, "
                        f"unknown {sorted(unknown)}")
    event: Any = object.__new__(event_class)
    object.__setattr__(event, "__dict__", values)  # in the order given: stored as given, read by name
    return event


@cache
def _declared_fields(cls: type[Record]) -> tuple[str, ...]:
    # The library makes an annotated aggregate a dataclass: its fields are the declared state (ClassVars are not).
    fields: set[str] = {f.name for f in dataclasses.fields(cls)} if dataclasses.is_dataclass(cls) else set()
    return tuple(dict.fromkeys(name for klass in cls.__mro__ for name in inspect.get_annotations(klass)
                               if name in fields))


_aggregate_class = cache(resolve_topic)
_PLAIN_MUTATE = CanMutateAggregate.mutate
_topic = cache(get_topic)


class Record(Aggregate):
    """A register's aggregate. Its state is declared with types at class level (`number: str`), as the library's
    examples declare theirs; its events' `apply` set only what is declared (a test replays the demo to hold it)."""

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
    def _create(cls, event_class: Any, *, id: Any = None, **kwargs: Any) -> Self:
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

    @classmethod
    def declared_fields(cls) -> tuple[str, ...]:
        """The names of the record's declared state, the class's own first and then its bases' (a controlled
        decision's own fields before the control every controlled record has), in the order declared."""
        return _declared_fields(cls)

    def declared_state(self) -> dict[str, Any]:
        """The declared fields this record has been given so far (a field a later event sets is absent until
        then), by name, in the declared order: what its card shows and its history compares."""
        state = vars(self)
        return {name: state[name] for name in _declared_fields(type(self)) if name in state}

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        version = self._version + 1
        kwargs["originator_id"] = self._id
        kwargs["originator_version"] = version
        timestamp = kwargs.get("timestamp")
        if timestamp is None:
            timestamp = kwargs["timestamp"] = event_class.create_timestamp()
        event = _event(event_class, kwargs)
        if event_class.mutate is _PLAIN_MUTATE:
            # what the library's mutate does, less its checks of the id and version set just above (a bulk
            # load triggers every event here)
            event.apply(self)
            self._version = version
            self._modified_on = timestamp
        else:
            event.mutate(self)
        self._pending_events.append(event)


_CONTROL = re.compile("[\x00-\x1f\x7f]")  # what may not appear in a single line of text
_CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f]")  # a multi-line text keeps its newlines and tabs


@dataclass(frozen=True)
class TextLimit:
    """A text field's declared shape: at most `max_length` characters, one line unless `multiline`.

    Commands declare it on their fields (`instruction: Long`); the rules check values against the same
    constant, and forms read the declaration, so a form never refuses what the domain accepts.
    """

    max_length: int
    multiline: bool = False


LINE = TextLimit(200)  # any text field that declares nothing else
CODE = TextLimit(24)  # personnel, order, contract and warrant numbers
LONG = TextLimit(500, multiline=True)  # instructions, opinions, decisions, reasons, reports, notes
SUBJECT = TextLimit(300)  # subjects, topics and the basis of an act
NAME = TextLimit(120)  # personal names, places and destinations
NUMBER = TextLimit(40)  # registration, payment, account and act numbers, grades and categories
REF = TextLimit(60)  # another party's numbers, serial numbers and countries
PROSE = TextLimit(4000, multiline=True)  # programmes, curricula, records of discussions, press texts, summaries

Long = Annotated[str, LONG]
Code = Annotated[str, CODE]
Subject = Annotated[str, SUBJECT]
Name = Annotated[str, NAME]
Number = Annotated[str, NUMBER]
Ref = Annotated[str, REF]
Prose = Annotated[str, PROSE]


def require(condition: object, message: str, /, **params: Any) -> None:
    """Refuse the command with a message (an English template and its parameters) unless the condition holds."""
    if not condition:
        raise Refused(message, **params)


def refuse(refusal: str | None) -> None:
    """Refuse the command with a rule's answer in words (a `Message` from `allows`), when there is one."""
    if refusal is not None:
        raise Refused(refusal)


def clean(value: str, field: str, limit: TextLimit | int = LINE) -> str:
    """A required, trimmed text value (single-line unless the limit says multi-line)."""
    text = optional(value, field, limit)
    if not text:  # messages are only formatted on refusal: these checks run for every text field
        raise Refused("{field} is required", field=field)
    return text


def optional(value: str | None, field: str, limit: TextLimit | int = LINE) -> str:
    """A trimmed text value that may be empty; no control characters (a multi-line one keeps newlines)."""
    if isinstance(limit, int):
        limit = TextLimit(limit)
    text = (value or "").strip()
    if limit.multiline:
        if "\r" in text:
            text = text.replace("\r\n", "\n").replace("\r", "\n")
        if len(text) > limit.max_length:
            raise Refused("{field} is longer than {limit_max_length} characters", field=field,
                          limit_max_length=limit.max_length)
        if _CONTROL_IN_TEXT.search(text) is not None:
            raise Refused("{field} must be text without control characters", field=field)
        return text
    if len(text) > limit.max_length:
        raise Refused("{field} is longer than {limit_max_length} characters", field=field,
                      limit_max_length=limit.max_length)
    if _CONTROL.search(text) is not None:
        raise Refused("{field} must be a single line without control characters", field=field)
    return text
