"""Shared fixtures: a fresh store on SQLite and, when SECRETARIAT_TEST_PG is set, on PostgreSQL.

`store_url` and `app` are parametrised over both stores, so the same domain and store tests run
against each. The data directory (signing keys) is a temporary folder per test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pg import PG_URL, drop_schema, new_schema

STORES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(
    not PG_URL, reason="PostgreSQL store tests need SECRETARIAT_TEST_PG=postgresql://user@host:port/db"))]


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("SECRETARIAT_HOME", str(home))
    monkeypatch.delenv("SECRETARIAT_STORE", raising=False)
    return home


@pytest.fixture(autouse=True)
def _session_settings() -> Iterator[None]:
    """Every test starts in English, Gregorian, Latin digits, and leaves no other settings behind (an app
    applies its user's calendar and digits to the session when it starts)."""
    from tui.i18n import settings

    settings.use(settings.Settings())
    yield
    settings.use(settings.Settings())


@pytest.fixture(params=STORES)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield str(tmp_path / "store.db")
        return
    schema = new_schema()
    try:
        yield f"{PG_URL}?schema={schema}"
    finally:
        drop_schema(schema)


@pytest.fixture
def app(store_url: str) -> Iterator[object]:
    """An initialised store whose first administrator is 'admin' (two events: the user and the receipt)."""
    from domain.application import open_store

    application = open_store(store_url, create=True)
    application.bootstrap("admin")
    yield application
    application.close()


@pytest.fixture
def mapped_app(store_url: str) -> Iterator[object]:
    """An initialised store whose first administrator is 'admin', mapped to this process's account (as
    `secretariat init` maps its caller), so the command line acts as 'admin' on it."""
    from domain.application import open_store
    from tests.identity import bootstrap_here

    application = open_store(store_url, create=True)
    bootstrap_here(application)
    yield application
    application.close()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Skips in one line per reason (without PostgreSQL, hundreds of tests skip for the same one)."""
    reasons: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reason = reason.removeprefix("Skipped: ")
        reasons[reason] = reasons.get(reason, 0) + 1
    for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
        terminalreporter.write_line(f"{count} skipped: {reason}")
