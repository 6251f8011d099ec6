"""The registry registers' part of the projection property test (tests/projections/test_property.py):
PREAMBLE (valid commands run after the organisation preamble, as user 'admin'), CHANGES (a strategy of
single commands, valid or refused) and STORIES (a strategy of short command lists), or None."""

from __future__ import annotations

from typing import Any

PREAMBLE: list[Any] = []
CHANGES: Any = None
STORIES: Any = None
