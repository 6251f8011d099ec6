"""How a record's collections read on its card. Counted ones (`Listed`, `Keyed`: a payroll run's two hundred
payslips) are shown as their count under the field's label; told ones (`Told`: a session's agenda with its votes,
its attendance, an order's amendments) are sentences, each a `Message` the interface translates and fills in the
reader's digits and calendar. `str()` of either is the English text (logs, JSON, tests).

Also how a sentence is kept in a register's cell (`said`, read back by `sentences_in`), and an amount in a
sentence (`Amount`)."""

from __future__ import annotations

import json
import re
from collections import UserDict, UserList
from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any

from domain.errors import N_, Message


class Amount(Decimal):
    """An amount of money in a sentence (a refusal's balance, a report's total): written with thousands and cents
    (1,234.56) in the English text, and in the reader's locale and digits (۱٬۲۳۴٫۵۶) where the interface fills the
    sentence. Pass the amount, never a text made of it: a text keeps its Latin digits for every reader."""

    def __format__(self, spec: str, context: Any = None, /) -> str:
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


# ---- sentences in register cells ----------------------------------------------------------------------------
# A register's cell is a value or a code the interface writes in the reader's language (a status, a day, an
# amount). Where a cell must say something (a labour card's "contract C-7 to 2027-06-30", a law's "repealed from
# ..."), it stores the sentence's template and parameters, never its English words, and the interface says it in
# the reader's language, calendar and digits. The stored text is marked, so a cell of typed data never reads as one.

SAID = "\u2063"  # INVISIBLE SEPARATOR: no one types it; a cell beginning with it holds sentences
# a stored template's placeholders: a plain name, maybe a format spec ({difference:+,}); never an attribute or an index
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*(?::[-+ ,._0-9a-z%<>=^]*)?\}")


def _param(value: Any) -> Any:
    if isinstance(value, Message):
        return {"said": [value.template, {k: _param(v) for k, v in value.params.items()}]}
    if isinstance(value, Decimal):
        return {"amount": str(value)}
    if isinstance(value, date):
        return value.isoformat()
    if value is None or isinstance(value, str | int | float):
        return value
    return str(value)


def _unparam(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"said"}:
        return _message(value["said"])
    if isinstance(value, dict) and set(value) == {"amount"}:
        return Amount(value["amount"])
    return value


def _message(pair: Any) -> Message:
    template, params = pair
    if not isinstance(template, str) or not isinstance(params, dict) or set("{}") & set(
            _PLACEHOLDER.sub("", template.replace("{{", "").replace("}}", ""))):
        raise ValueError("not a stored sentence")
    return Message(template, **{k: _unparam(v) for k, v in params.items()})


def said(first: Message, *more: Message) -> str:
    """One sentence or several (read in turn, as a list: "; ") as a register cell stores them."""
    sentences = (first, *more)
    return SAID + json.dumps([[m.template, {k: _param(v) for k, v in m.params.items()}] for m in sentences],
                             ensure_ascii=False, separators=(",", ":"))


def said_more(cell: Any, sentence: Message) -> str:
    """A cell's sentences with one more at the end (a law's publications, a person's diplomas)."""
    earlier = sentences_in(cell) or []
    return said(*earlier, sentence) if earlier else said(sentence)


def sentences_in(cell: Any) -> list[Message] | None:
    """The sentences a cell stores (`said`); None when it holds a value (typed data among them)."""
    if not isinstance(cell, str) or not cell.startswith(SAID):
        return None
    try:
        return [_message(pair) for pair in json.loads(cell[len(SAID):])]
    except (ValueError, TypeError):
        return None


def english(cell: Any) -> Any:
    """A cell as plain data (an export, the command line's JSON): its sentences in English, a value as it is."""
    found = sentences_in(cell)
    return cell if found is None else "; ".join(found)
