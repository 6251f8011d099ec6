"""Per-test CPU time, the figure that decides how long the suite takes on a shared two-core machine (wall times
are distorted by whatever else runs). `pytest --cpu-times=N` prints the N tests and the test files that used most
CPU: this process's threads (the app, its workers, the store's driver) and the subprocesses it waited for (a bench,
the command line) during the test's setup, call and teardown, not a PostgreSQL server's. With xdist each worker
measures its own tests and the controller prints the list.

Loaded by tests/conftest.py (`pytest_plugins`); without the option it only measures (two clock reads a phase).
"""

from __future__ import annotations

import resource
import time
from collections.abc import Iterator

import pytest

_CPU = pytest.StashKey[float]()
_SEEN: dict[str, float] = {}  # node id -> CPU seconds, as the reports arrive (xdist: in the controller)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--cpu-times", type=int, default=0, metavar="N",
                     help="print the N tests and test files that used most CPU (process time, all threads)")


def _cpu() -> float:
    """This process's CPU time and its finished children's (a bench or the command line run as a subprocess)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def _measure(item: pytest.Item) -> Iterator[None]:
    started = _cpu()
    try:
        yield
    finally:
        item.stash[_CPU] = item.stash.get(_CPU, 0.0) + _cpu() - started


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Iterator[None]:
    return (yield from _measure(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Iterator[None]:
    return (yield from _measure(item))


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item) -> Iterator[None]:
    yield from _measure(item)
    cpu: float = item.stash.get(_CPU, 0.0)
    item.user_properties.append(("cpu", round(cpu, 3)))  # sent to xdist's controller with the report


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.when != "teardown":
        return
    for name, value in report.user_properties:
        if name == "cpu" and isinstance(value, float | int):
            _SEEN[report.nodeid] = float(value)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    config = terminalreporter.config
    count = config.getoption("--cpu-times")
    seen = _SEEN
    if not count or not seen:
        return
    files: dict[str, float] = {}
    for nodeid, cpu in seen.items():
        files[nodeid.split("::")[0]] = files.get(nodeid.split("::")[0], 0.0) + cpu
    terminalreporter.write_sep("=", f"CPU: {sum(seen.values()):.0f} s in {len(seen)} tests; the {count} costliest")
    for nodeid, cpu in sorted(seen.items(), key=lambda kv: -kv[1])[:count]:
        terminalreporter.write_line(f"{cpu:8.2f}s  {nodeid}")
    terminalreporter.write_sep("-", f"the {count} costliest test files")
    for path, cpu in sorted(files.items(), key=lambda kv: -kv[1])[:count]:
        terminalreporter.write_line(f"{cpu:8.2f}s  {path}")
