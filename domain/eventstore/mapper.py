"""Serialisation of events with msgspec: JSON bytes out, typed values back in, upcasting on the way.

Plugged into eventsourcing as the application's MAPPER_TOPIC. Each event class gets a typed decoder
(a TypedDict built from the class's annotations), so datetimes, dates, UUIDs, Decimals and the
envelope come back as their own types rather than strings.
"""

from __future__ import annotations

import sys
import typing
from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any, NotRequired, TypedDict

import msgspec
from eventsourcing.domain import CanMutateAggregate, DomainEventProtocol
from eventsourcing.persistence import Mapper, StoredEvent
from eventsourcing.utils import TopicError, get_topic, resolve_topic

from domain.errors import CorruptEvent, UnknownEventType
from domain.eventstore import envelopes

_IDENTITY_FIELDS = frozenset({"originator_id", "originator_version"})
_encoder = msgspec.json.Encoder(decimal_format="string")
_raw_decoder = msgspec.json.Decoder()


# TypedDict called as a function, with fields computed at run time: a class for msgspec to decode into, which no
# static checker can see through (mypy wants the fields written out).
_typed_dict: Any = TypedDict


@cache
def state_type(cls: type) -> Any:
    """A TypedDict describing the stored state of an event class (everything but its identity)."""
    hints = typing.get_type_hints(cls)
    fields: dict[str, Any] = {k: v for k, v in hints.items()
                              if k not in _IDENTITY_FIELDS and not k.startswith("_")
                              and typing.get_origin(v) is not typing.ClassVar and v is not typing.ClassVar}
    fields["class_version"] = NotRequired[int]
    return _typed_dict(f"{cls.__qualname__}State", fields)


@cache
def state_decoder(cls: type) -> msgspec.json.Decoder[Any]:
    return msgspec.json.Decoder(state_type(cls))


@lru_cache(maxsize=1024)
def _event_class(topic: str) -> type | None:
    module = topic.split(":", 1)[0]
    # Never import a module just because a stored row names it: only our own domain package, or a
    # module already loaded (tests define event classes of their own).
    if not (module == "domain" or module.startswith("domain.") or module in sys.modules):
        return None
    try:
        cls = resolve_topic(topic)
    except (TopicError, ImportError, AttributeError, ValueError):
        return None
    return cls if isinstance(cls, type) and issubclass(cls, CanMutateAggregate) else None


def resolve_event_class(topic: str, position: int | None = None, stream: str | None = None,
                        version: int | None = None) -> type:
    cls = _event_class(topic) if isinstance(topic, str) else None
    if cls is None:
        raise UnknownEventType(str(topic), position, stream, version)
    return cls


@cache
def _class_version(cls: type) -> int:
    # Looked up once per class: a missing class attribute costs a failed lookup through a long MRO.
    return getattr(cls, "class_version", 1)


@cache
def _topic(cls: type) -> str:
    return get_topic(cls)


def encode_state(event: object) -> bytes:
    state = dict(vars(event))
    state.pop("originator_id", None)
    state.pop("originator_version", None)
    kind: type = type(event)  # as `type`: mypy takes type[object] for unhashable in the cache's signature
    class_version = _class_version(kind)
    if class_version > 1:
        state["class_version"] = class_version
    return _encoder.encode(state)


def decode_state(cls: type, data: bytes, where: str) -> dict[str, Any]:
    """Decode stored state into a dict of typed values, upcasting older class versions."""
    current = getattr(cls, "class_version", 1)
    try:
        state: dict[str, Any] = state_decoder(cls).decode(data)
        if state.pop("class_version", 1) == current:
            return state
    except msgspec.ValidationError:
        pass  # possibly an older version of the class: upcast below
    except (msgspec.DecodeError, TypeError) as e:
        raise CorruptEvent("corrupt event state at {where}: {e}", where=where, e=e) from None
    raw = _raw_decoder.decode(data)
    if not isinstance(raw, dict):
        raise CorruptEvent("corrupt event state at {where}: not an object", where=where)
    version = raw.pop("class_version", 1)
    if not isinstance(version, int) or version > current:
        raise CorruptEvent("event at {where} was written by a newer version of {qualname} (version {version}; this "
                           "program knows {current})", where=where, qualname=cls.__qualname__, version=version,
                           current=current)
    while version < current:
        upcast = getattr(cls, f"upcast_v{version}_v{version + 1}", None)
        if upcast is None:
            raise CorruptEvent("event at {where} is version {version} of {qualname} and no upcaster "
                               "upcast_v{version}_v{version2} exists", where=where, version=version,
                               qualname=cls.__qualname__, version2=version + 1)
        upcast(raw)
        version += 1
    try:
        state = msgspec.convert(raw, state_type(cls), strict=False)
    except msgspec.ValidationError as e:
        raise CorruptEvent("event state at {where} does not fit {qualname}: {e}", where=where,
                           qualname=cls.__qualname__, e=e) from None
    state.pop("class_version", None)
    return state


FastDecode = Callable[[Any, int], tuple[dict[str, Any], type]]
_fast: dict[str, FastDecode] = {}


def fast_decoder(topic: str, position: int | None = None) -> FastDecode:
    """For bulk reads: a function decoding a stored state of this topic into (typed values, class), found
    once per topic; it falls back to `decode_state` (upcasting, clear errors) when the typed decode does
    not fit the current class version."""
    found = _fast.get(topic)
    if found is not None:
        return found
    cls = resolve_event_class(topic, position)
    decode = state_decoder(cls).decode
    current = _class_version(cls)

    def fast(data: Any, where: int) -> tuple[dict[str, Any], type]:
        try:
            state = decode(data)
            if state.pop("class_version", 1) == current:
                return state, cls
        except (msgspec.ValidationError, msgspec.DecodeError, TypeError):
            pass
        return decode_state(cls, bytes(data), f"position {where}"), cls

    _fast[topic] = fast
    return fast


class MsgspecMapper(Mapper[Any]):
    """eventsourcing Mapper that stores msgspec JSON and decodes each class with its typed decoder."""

    def to_stored_event(self, domain_event: DomainEventProtocol[Any]) -> StoredEvent:
        # Filled in directly, as `to_domain_event` does: the frozen dataclass's __init__ costs more.
        stored = object.__new__(StoredEvent)
        object.__setattr__(stored, "__dict__", {
            "originator_id": domain_event.originator_id,
            "originator_version": domain_event.originator_version,
            "topic": _topic(type(domain_event)),
            "state": encode_state(domain_event),
            envelopes.ATTRIBUTE: envelopes.of_event(domain_event),  # the recorder's columns, without decoding
        })
        return stored

    def to_domain_event(self, stored_event: StoredEvent) -> DomainEventProtocol[Any]:
        position = getattr(stored_event, "id", None)
        cls = resolve_event_class(stored_event.topic, position, str(stored_event.originator_id),
                                  stored_event.originator_version)
        where = (f"position {position}" if position is not None else
                 f"stream {stored_event.originator_id} version {stored_event.originator_version}")
        state = decode_state(cls, stored_event.state, where)
        state["originator_id"] = stored_event.originator_id
        state["originator_version"] = stored_event.originator_version
        event: Any = object.__new__(cls)
        object.__setattr__(event, "__dict__", state)
        return event
