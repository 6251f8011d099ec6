"""Test-side view of `domain.contexts`: which property-test stories modules exist."""

from __future__ import annotations

import importlib.util

from domain.contexts import modules


def story_modules() -> tuple[str, ...]:
    """`tests.projections.stories_<ctx>` of every context that has one, in the contexts' order. A context whose
    commands are told within a sibling's stories (appeals answered by letters of correspondence) has none;
    tests/test_contexts.py checks that every context's commands are driven by some stories module."""
    return tuple(m for m in modules("stories") if importlib.util.find_spec(m) is not None)
