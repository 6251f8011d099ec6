"""The refusals the domain and the store raise, each carrying a message fit to show a user."""

from __future__ import annotations


class SecretariatError(Exception):
    """Base of every error whose message is meant for the user, verbatim."""


class Refused(SecretariatError):
    """A command broke a rule; nothing was recorded."""

    batch_index: int | None = None  # in a batch: the refused command's place (from 1), with the rule's own words
    cause: str | None = None


class NotPermitted(Refused):
    """The acting user may not run this command."""


class UnknownActor(Refused):
    """The acting user is not known, or is deactivated."""


class Conflict(SecretariatError):
    """Another command changed the same record at the same time; nothing was recorded."""


class StoreError(SecretariatError):
    """The store cannot be opened or read: bad URL, unreachable server, unreadable or corrupt file."""


class CorruptEvent(StoreError, ValueError):
    """A stored event's state cannot be decoded into its class."""


class UnknownEventType(StoreError):
    """A stored row names an event class this program does not know."""

    def __init__(self, topic: str, position: int | None, stream: str | None = None,
                 version: int | None = None) -> None:
        where = f"position {position}" if position is not None else f"stream {stream} version {version}"
        super().__init__(f"unknown event type {topic!r} at {where}")
        self.topic = topic
        self.position = position
