"""One source of truth for a text field's limit: what a command declares on its field (`instruction: Long`) is
what its rule checks (`clean(self.instruction, "instruction", LONG)`), so a form, which reads the declaration,
never refuses what the domain accepts nor lets through what it refuses. Found by reading every command's
`execute`: each `clean`/`optional` of one of its own fields must use the field's declared limit."""

from __future__ import annotations

import ast
import inspect
import textwrap
import typing
from typing import Any

import domain.application  # noqa: F401  (every context's commands registered, whichever test runs first)
import domain.records as records
from domain.commands import COMMANDS
from domain.records import LINE, TextLimit


def _declared(cls: type, field: str) -> TextLimit | None:
    hints = typing.get_type_hints(cls, include_extras=True)
    annotation = hints.get(field)
    if annotation is None:
        return None
    for meta in getattr(annotation, "__metadata__", ()):
        if isinstance(meta, TextLimit):
            return meta
    return LINE if annotation is str else None


def _checked(node: ast.Call) -> TextLimit | None:
    limit: Any = node.args[2] if len(node.args) > 2 else next((k.value for k in node.keywords if k.arg == "limit"),
                                                               None)
    if limit is None:
        return LINE
    if isinstance(limit, ast.Constant) and isinstance(limit.value, int):
        return TextLimit(limit.value)
    if isinstance(limit, ast.Name) and isinstance(getattr(records, limit.id, None), TextLimit):
        return getattr(records, limit.id)
    return None  # computed: not judged here


def mismatches() -> list[str]:
    found = []
    for name, cls in sorted(COMMANDS.items()):
        execute = cls.__dict__.get("execute")
        if execute is None:
            continue
        tree = ast.parse(textwrap.dedent(inspect.getsource(execute)))
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in ("clean", "optional") and node.args):
                continue
            arg = node.args[0]
            if not (isinstance(arg, ast.Attribute) and isinstance(arg.value, ast.Name) and arg.value.id == "self"):
                continue
            declared, checked = _declared(cls, arg.attr), _checked(node)
            if declared is None or checked is None:
                continue
            if (declared.max_length, declared.multiline) != (checked.max_length, checked.multiline):
                found.append(f"{name}.{arg.attr}: declared {declared.max_length}"
                             f"{' multi-line' if declared.multiline else ''}, checked {checked.max_length}"
                             f"{' multi-line' if checked.multiline else ''}")
    return found


def test_every_text_field_is_checked_against_its_declared_limit() -> None:
    assert mismatches() == []
