"""Fuzzing every sub-command with hostile arguments (unicode, control characters, undecodable bytes, 10k
strings, SQL and FTS metacharacters, huge and negative numbers, bad dates, odd paths): no traceback, no
exit 3, one line at most, nothing written by a command that failed. `bench/fuzz.py` runs it for longer."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings

from tests.fuzzing import argv_strategy, run_one
from tui.cli.main import main

EXAMPLES = 300


@pytest.fixture(scope="module")
def fuzz_store(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Path]:
    folder = tmp_path_factory.mktemp("fuzz")
    store = str(folder / "store.db")
    assert main(["--store", store, "--user", "admin", "init"]) == 0
    assert main(["--store", store, "--user", "admin", "users", "add", "clerk", "--role", "clerk"]) == 0
    return store, folder


def test_every_sub_command_survives_hostile_arguments(fuzz_store: tuple[str, Path], monkeypatch: Any,
                                                      tmp_path: Path) -> None:
    from domain.application import open_store

    store, folder = fuzz_store
    monkeypatch.chdir(folder)  # a relative path the fuzzer picks lands here
    monkeypatch.setenv("SECRETARIAT_HOME", str(folder / "home"))
    app = open_store(store)
    codes: list[int] = []

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(argv=argv_strategy(store, folder))
    def check(argv: list[str]) -> None:
        codes.append(run_one(main, argv, app.head)[0])

    check()
    app.close()
    assert len(codes) >= EXAMPLES // 2 and set(codes) <= {0, 1, 2, 4}
    assert 2 in codes and (0 in codes or 1 in codes)
