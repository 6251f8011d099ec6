"""A command field's value from text, as the command line (`run`) and an import's cells give it: checked
and converted as the forms check and convert it (`tui.widgets.fields.Field`), plus yes/no for booleans."""

from __future__ import annotations

import typing
from collections.abc import Callable
from functools import cache
from typing import Any

YES, NO = ("yes", "true", "1", "y"), ("no", "false", "0", "n")


@cache
def is_bool(command: Any, name: str) -> bool:
    """Whether the command declares the field as a boolean (the forms have no kind for it)."""
    return typing.get_type_hints(command).get(name) in (bool, bool | None)


def typed_value(command: Any, field: Any, raw: str, bad: Callable[[str], Any]) -> Any:
    """A typed value for `field` from text; `bad(message)`'s answer when it cannot be one."""
    if is_bool(command, field.name):
        text = raw.strip().lower()
        if text in YES or text in NO:
            return text in YES
        return bad("yes or no")
    problem = field.check(raw)
    if problem:
        return bad(problem)
    return field.value(raw)
