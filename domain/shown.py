"""How a record's collections read on its card. Counted ones (`Listed`, `Keyed`: a payroll run's two hundred
payslips) are shown as their count under the field's label; told ones (`Told`: a session's agenda with its votes,
its attendance, an order's amendments) are sentences, each a `Message` the interface translates and fills in the
reader's digits and calendar. `str()` of either is the English text (logs, JSON, tests)."""

from __future__ import annotations

from collections import UserDict, UserList
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from domain.errors import N_, Message


class Amount(Decimal):
    """An amount of money in a sentence (a refusal's balance, a report's total): written with thousands and cents
    (1,234.56) in the English text, and in the reader's locale and digits (۱٬۲۳۴٫۵۶) where the interface fills the
    sentence. Pass the amount, never a text made of it: a text keeps its Latin digits for every reader."""

    def __format__(self, spec: str) -> str:
        return Decimal.__format__(self, spec or ",.2f")


def amount_of(minor: int | None) -> Amount | str:
    """Minor units (the cents money columns hold) as an Amount; none as "-", as a money cell shows it."""
    return "-" if minor is None else Amount(Decimal(int(minor)).scaleb(-2))


class Listed(UserList[Any]):
    def __init__(self, items: Iterable[Any] = (), noun: str = "item") -> None:
        super().__init__(items)
        self.noun = noun

    def __str__(self) -> str:
        return f"{len(self)} {self.noun}(s)" if self else "none"


class Keyed(UserDict[Any, Any]):
    def __init__(self, items: Mapping[Any, Any] | None = None, noun: str = "item") -> None:
        self.noun = noun
        super().__init__(items or {})

    def __str__(self) -> str:
        return f"{len(self)} {self.noun}(s)" if self else "none"


class Told:
    """A collection that tells itself as sentences (mixed in before UserDict or UserList)."""

    def told(self) -> list[Message]:
        raise NotImplementedError

    def __str__(self) -> str:
        return "; ".join(self.told())


# The keys of the dicts records keep (a judgment's, the minutes', a trainee's), shown on the card as labels
# like the record's own fields; listed here for the catalogue.
NESTED_FIELDS = (N_("abstained"), N_("adopted"), N_("against"), N_("amount"), N_("appeal until"), N_("assigned on"),
                 N_("attended"), N_("attorney"), N_("ballots"), N_("by"), N_("category"), N_("certificate"),
                 N_("commission"), N_("cost"), N_("days"), N_("decision"), N_("depreciated"), N_("description"),
                 N_("drafts"), N_("due"), N_("effective"), N_("employee"), N_("employer"), N_("end"),
                 N_("executed on"), N_("field"), N_("for"), N_("graduated"), N_("income tax"), N_("institution"),
                 N_("instruction"), N_("inventory"), N_("kind"), N_("label"), N_("lawyer"), N_("level"), N_("life"),
                 N_("majority"), N_("members"), N_("name"), N_("needed"), N_("next on"), N_("note"), N_("number"),
                 N_("on"), N_("opinion"), N_("order"), N_("order date"), N_("outcome"), N_("pension"),
                 N_("position"), N_("post"), N_("proxy"), N_("reason"), N_("recordings"), N_("reference"),
                 N_("registered on"), N_("report"), N_("result"), N_("run"), N_("score"), N_("sent on"), N_("start"),
                 N_("status"), N_("summary"), N_("title"), N_("unit"), N_("valid until"), N_("value"), N_("vote"),
                 N_("warrant"), N_("file"), N_("sha256"), N_("text"), N_("message"),
                 N_("record ids"))


def builtins(value: Any) -> Any:
    """A record's value as plain JSON-able data (the history's changes, an event's payload): its collections as
    dicts and lists, keys as text (a tuple key joined by '/'), sets sorted, messages as their English text, dates,
    amounts and ids as msgspec writes them."""
    import msgspec

    if isinstance(value, UserDict | UserList):
        value = value.data
    if isinstance(value, dict):
        return {_key(k): builtins(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [builtins(v) for v in value]
    if isinstance(value, set | frozenset):
        return sorted((builtins(v) for v in value), key=str)
    if isinstance(value, str):
        return str.__str__(value)  # a Message: its English text
    if isinstance(value, msgspec.Struct):
        return builtins(msgspec.structs.asdict(value))
    return msgspec.to_builtins(value)


def _key(key: Any) -> str:
    if isinstance(key, tuple):
        return "/".join(str(builtins(k)) for k in key)
    return key if isinstance(key, str) else str(builtins(key))
