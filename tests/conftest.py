"""Shared fixtures: a fresh store on SQLite and, when SECRETARIAT_TEST_PG is set, on PostgreSQL.

`store_url` and `app` are parametrised over both stores, so the same domain and store tests run
against each. The data directory (signing keys) is a temporary folder per test.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from projections.runner import Registers
from tests.demo_store import DemoStores, caught_up, demo_copy
from tests.pg import NEEDS_PG, PG_URL, POOLED, SchemaPool, drop_schema, new_schema

pytest_plugins = ["tests.cpu_times"]  # `--cpu-times=N`: the tests that cost most CPU

MEMORY_FOLDER = "/dev/shm"


def _temporary_files_in_memory() -> None:
    """The tests write thousands of small SQLite stores whose every commit waits for the disk (fsync, ~5 ms on this
    machine), time the run spends idle. Unless TMPDIR names a folder already, every temporary folder of the run
    (pytest's tmp_path, `tempfile`, and the command lines and benches the tests start, which inherit TMPDIR) goes
    to /dev/shm when it is a writable tmpfs with room: the same files, the same SQLite, no wait. A durability test
    kills processes, never the machine, so nothing it checks needed the disk. Set at import, before pytest picks
    its base folder (and before xdist starts its workers, which inherit it)."""
    if os.environ.get("TMPDIR") or not os.access(MEMORY_FOLDER, os.W_OK | os.X_OK):
        return
    try:
        with open("/proc/mounts", encoding="utf-8") as mounts:
            tmpfs = any(line.split()[1:3] == [MEMORY_FOLDER, "tmpfs"] for line in mounts)
        room = os.statvfs(MEMORY_FOLDER)
    except OSError:
        return
    if tmpfs and room.f_bavail * room.f_frsize > 4 * 2**30:
        os.environ["TMPDIR"] = MEMORY_FOLDER
        tempfile.tempdir = None  # gettempdir() reads TMPDIR again


_temporary_files_in_memory()

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
    if POOLED and _pooled(request):
        pool: SchemaPool = request.getfixturevalue("_schema_pool")
        schema = pool.acquire()
        try:
            yield f"{PG_URL}?schema={schema}"
        finally:
            pool.release(schema)
        return
    schema = new_schema()
    try:
        yield f"{PG_URL}?schema={schema}"
    finally:
        drop_schema(schema)


def _pooled(request: pytest.FixtureRequest) -> bool:
    """Whether a PostgreSQL test may have a pooled schema (tests/pg.py): it opens its store at once (the `app`
    fixtures) and is not marked `fresh_schema` (it needs registers nobody set up yet)."""
    return (any(name in request.fixturenames for name in ("app", "mapped_app"))
            and request.node.get_closest_marker("fresh_schema") is None)


@pytest.fixture(scope="session")
def _schema_pool() -> Iterator[SchemaPool]:
    pool = SchemaPool()
    yield pool
    pool.close()


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
    config.addinivalue_line("markers", "xdist_group(name): run on one xdist worker with the group's other tests "
                            "(pytest-xdist's own mark, given by _module_group below; declared here for runs without "
                            "xdist)")
    config.addinivalue_line("markers", "fresh_schema: on PostgreSQL the `app` fixtures give this test a new schema, "
                            "not a pooled one whose registers are already set up (tests/pg.py)")


def _needs_pg(item: pytest.Item) -> bool:
    return any(m.kwargs.get("reason") == NEEDS_PG and (m.args[0] if m.args else m.kwargs.get("condition"))
               for m in item.iter_markers("skipif"))


@pytest.hookimpl(tryfirst=True)  # before xdist names the groups (below) in the node ids
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test marked only_on(kind) runs on that store only: its other store's variant is deselected. Without
    PostgreSQL, the tests that need it are deselected too (and counted in one line at the end), not skipped
    one by one. The heavy tests (HEAVY) run first; the tests sharing a module's fixture run on one worker."""
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
    # The heavy tests first, the heaviest first (a stable sort, the same in every xdist worker): the scheduler hands
    # tests out in this order, and a long test started last would leave the other workers idle meanwhile.
    items[:] = sorted(kept, key=_weight)
    for item in items:
        if (group := _module_group(item)) is not None:
            item.add_marker(pytest.mark.xdist_group(group))


def _module_group(item: pytest.Item) -> str | None:
    """The group (xdist's `--dist loadgroup`, as `make test` runs) of a test using a module-scoped fixture (a copy
    of the demo store with its records read, the policy matrix's store): its module, and the fixture's parameter
    (the store kind). Spread over the workers, each worker running one of the module's tests would build the
    fixture again: seconds each."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:
        return None
    shared = sorted(name for name, defs in info.name2fixturedefs.items() if defs and defs[-1].scope == "module")
    if not shared:
        return None
    params = getattr(getattr(item, "callspec", None), "params", {})
    return "|".join([item.nodeid.split("::")[0], *(f"{name}={params[name]}" for name in shared if name in params)])


def _weight(item: pytest.Item) -> int:
    return next((n for n, prefix in enumerate(HEAVY) if item.nodeid.startswith(prefix)), len(HEAVY))


# Tests that take tens of seconds, the heaviest first (by `--cpu-times` and `--durations` on the 2-core machine, with
# PostgreSQL), each by a prefix of its node id. A test missing here runs in its file's turn: the list orders the run,
# it checks nothing.
HEAVY = (
    "tests/projections/test_property.py::",
    "tests/tui/test_markup_everywhere.py::",
    "tests/test_policy_matrix.py::",  # two groups (one a store) of tests sharing the module's store
    "tests/tui/test_card_rules_agree.py::",  # a group sharing a demo copy
    "tests/tui/test_inbox_ui.py::test_f1_and_question_mark_show_every_screens_keys_in_words",
    "tests/domain/test_backup_restore.py::test_copy_a_demo_store_from_sqlite_to_postgresql_and_back",
    "tests/test_bench_smoke.py::",
    "tests/tui/test_fuzz_forms.py::",
    "tests/tui/test_fuzz_cli.py::",
    "tests/tui/test_workspaces.py::test_a_hidden_rebuild_finishes_while_a_card_is_open",
    "tests/tui/test_personnel_ui.py::test_hire_issue_blocked_separation_return_and_separate",
    "tests/tui/test_ledger_ui.py::test_payroll_computed_then_approved_by_a_second_person_and_paid",
    "tests/tui/test_sessions_ui.py::test_a_session_from_convening_to_its_decision",
    "tests/tui/test_read_policy_ui.py::test_an_uncleared_auditor_never_reads_a_confidential_letter",
    "tests/tui/test_shell.py::test_first_run_can_load_the_demo",
    "tests/domain/test_money_conservation.py::",
    "tests/tui/test_correspondence_ui.py::test_letter_and_appeal_from_registration_to_closing",
    "tests/tui/test_supplies_ui.py::test_every_supplies_register_opens_its_records_card",
    "tests/tui/test_sessions_ui.py::test_an_order_through_legal_visa_to_signature",
)


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
