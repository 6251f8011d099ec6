"""The refusals the domain and the store raise, each carrying a message fit to show a user.

A message is an English template with named placeholders plus its parameters
(`Refused("letter {number} is closed", number=n)`): `str()` gives the English sentence, and the interface
translates the template whole and then fills in the parameters (user data goes in literally). Rules that
answer "why not" in words (`allows`) return a `Message`, a str that keeps its template the same way.
"""

from __future__ import annotations

from typing import Any


def _filled(template: str, params: dict[str, Any]) -> str:
    return template.format(**params) if params else template


class Message(str):
    """An English sentence that remembers its template and parameters, so that it can be shown translated."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Message:
        text = super().__new__(cls, _filled(template, params))
        text.template = template
        text.params = params
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        return (_message, (self.template, self.params))


def _message(template: str, params: dict[str, Any]) -> Message:
    return Message(template, **params)


def first_line(error: BaseException) -> str:
    """An error's first line, to quote in one sentence (a library's message may run to a traceback-like page)."""
    text = str(error).strip()
    return text.splitlines()[0].strip() if text else type(error).__name__


def N_(text: str) -> str:
    """Marks an English text declared below the interface (a document's label, say) for the catalogue; the
    interface translates it where it draws it."""
    return text


class SecretariatError(Exception):
    """Base of every error whose message is meant for the user: an English template and its parameters.

    A `Message` given as the template keeps its own template and parameters."""

    def __init__(self, template: str = "", /, **params: Any) -> None:
        if isinstance(template, Message) and not params:
            given: Message = template
            template, params = given.template, given.params
        self.template = template
        self.params = params
        super().__init__(_filled(template, params))

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuilt, (type(self), self.template, self.params))


def _rebuilt(cls: type[SecretariatError], template: str, params: dict[str, Any]) -> SecretariatError:
    error = cls.__new__(cls)
    SecretariatError.__init__(error, template, **params)
    return error


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
        if position is not None:
            super().__init__("unknown event type {topic!r} at position {position}", topic=topic, position=position)
        else:
            super().__init__("unknown event type {topic!r} at stream {stream} version {version}", topic=topic,
                             stream=stream, version=version)
        self.topic = topic
        self.position = position
