"""A process issuing commands is killed (SIGKILL) at random moments, 20 times: every acknowledged command is
stored exactly once, numbers stay gap-free, the chain verifies and the registers equal a fresh fold.
`bench/kill.py` runs 100 kills."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.killing import check_after_kills, kill_rounds


def test_kills_at_random_moments_lose_and_double_nothing(app: Any, store_url: str, tmp_path: Path) -> None:
    seen = kill_rounds(store_url, tmp_path, rounds=20, seed=1)
    summary = check_after_kills(app, seen["acked"])
    assert summary["acknowledged"] > 0
    assert summary["documents"] >= summary["acknowledged"]  # killed after the commit, before the acknowledgement
