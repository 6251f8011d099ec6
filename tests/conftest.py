"""Shared fixtures: a fresh store on SQLite and, when SECRETARIAT_TEST_PG is set, on PostgreSQL.

`store_url` and `app` are parametrised over both stores, so the same domain and store tests run
against each. The data directory (signing keys) is a temporary folder per test.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from projections.runner import Registers
from tests.demo_store import DemoStores, caught_up, demo_copy
from tests.pg import NEEDS_PG, PG_URL, drop_schema, new_schema

pytest_plugins = ["tests.cpu_times"]  # `--cpu-times=N`: the tests that cost most CPU

STORES = ["sqlite", pytest.param("postgresql", marks=pytest.mark.skipif(not PG_URL, reason=NEEDS_PG))]


@pytest.fixture(autouse=True)
def _data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    monkeypatch.setenv("SECRETARIAT_HOME", str(home))
    monkeypatch.delenv("SECRETARIAT_STORE", raising=False)
    return home


@pytest.fixture(autouse=True)
def _session_settings(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Every test starts in English, Gregorian, Latin digits, and leaves no other settings behind (an app
    applies its user's calendar and digits to the session when it starts); the command line finds no
    language in the environment (SECRETARIAT_LANG, the locale) unless a test sets one."""
    from tui.i18n import settings

    for variable in ("SECRETARIAT_LANG", "LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
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


@pytest.fixture(scope="session")
def demo_stores(tmp_path_factory: pytest.TempPathFactory) -> DemoStores:
    """The SQLite demo store, written once per test process and copied per use (tests/demo_store.py)."""
    return DemoStores(tmp_path_factory.mktemp("demo-templates"))


@pytest.fixture(scope="module")
def demo_registers(demo_stores: DemoStores, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Registers]:
    """A module's own copy of the demo store (SQLite), its registers caught up."""
    with demo_copy(demo_stores, tmp_path_factory.mktemp("demo")) as app, caught_up(app) as registers:
        yield registers


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "only_on(store): the test is about one store kind ('sqlite' or "
                            "'postgresql'); its variant on the other store is not collected (no skip line for it)")


def _needs_pg(item: pytest.Item) -> bool:
    return any(m.kwargs.get("reason") == NEEDS_PG and (m.args[0] if m.args else m.kwargs.get("condition"))
               for m in item.iter_markers("skipif"))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test marked only_on(kind) runs on that store only: its other store's variant is deselected. Without
    PostgreSQL, the tests that need it are deselected too (and counted in one line at the end), not skipped
    one by one."""
    kept, dropped = [], []
    for item in items:
        marker = item.get_closest_marker("only_on")
        store = getattr(item, "callspec", None) and item.callspec.params.get("store_url")
        if not PG_URL and _needs_pg(item):
            config.stash[_WITHOUT_PG] = config.stash.get(_WITHOUT_PG, 0) + 1
            dropped.append(item)
        elif marker is not None and store is not None and store != marker.args[0]:
            dropped.append(item)
        else:
            kept.append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


_WITHOUT_PG = pytest.StashKey[int]()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The PostgreSQL tests not run, in one line; skips in one line per reason."""
    if without_pg := terminalreporter.config.stash.get(_WITHOUT_PG, 0):
        terminalreporter.write_line(f"{without_pg} not run: {NEEDS_PG}")
    reasons: dict[str, int] = {}
    for report in terminalreporter.stats.get("skipped", []):
        longrepr = report.longrepr
        reason = longrepr[2] if isinstance(longrepr, tuple) else str(longrepr)
        reason = reason.removeprefix("Skipped: ")
        reasons[reason] = reasons.get(reason, 0) + 1
    for reason, count in sorted(reasons.items(), key=lambda item: -item[1]):
        terminalreporter.write_line(f"{count} skipped: {reason}")
