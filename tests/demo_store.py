"""The demo store, built once per test process (each xdist worker) and copied for every module that reads or
changes it: a copy of the SQLite file and its data directory (signing keys) takes a fraction of a second, where
writing the demo's base history (~14,600 events) and catching its registers up takes a minute on a busy machine.

The demo's base history is the same whatever `events` a test asked for up to its size (domain/demo/base.py
writes the base history first, then grows it to `events`), so `load_demo(app, "admin", events=1)` and
`events=4000` stores are this one. PostgreSQL demo stores are still written by their tests.
"""

from __future__ import annotations

import gc
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from domain.application import Secretariat, open_store
from projections.bulk import load_demo
from projections.runner import Registers
from tests.identity import bootstrap_here


class DemoStores:
    """Templates of the SQLite demo store, written on first use: 'plain' (the administrator 'admin' is mapped
    to no account) and 'mapped' (mapped to this process's account, so the command line acts as 'admin')."""

    def __init__(self, root: Path) -> None:
        self.root = root

    def template(self, mapped: bool = False) -> Path:
        folder = self.root / ("mapped" if mapped else "plain")
        if not (folder / "written").exists():
            folder.mkdir(parents=True, exist_ok=True)
            with pytest.MonkeyPatch.context() as mp:
                mp.setenv("SECRETARIAT_HOME", str(folder / "home"))
                app = open_store(str(folder / "demo.db"), create=True)
                if mapped:
                    bootstrap_here(app)
                else:
                    app.bootstrap("admin")
                load_demo(app, "admin", events=1)  # the base history, registers caught up
                app.close()
            _checkpoint(folder / "demo.db")
            (folder / "written").touch()
        return folder

    def copy(self, into: Path, mapped: bool = False) -> Path:
        """A copy of the demo store in `into` (its data directory in `into/home`); returns the store's path."""
        shutil.copytree(self.template(mapped), into, dirs_exist_ok=True, ignore=shutil.ignore_patterns(*SIDE_FILES))
        return into / "demo.db"


# The template's write-ahead log and its index are not copied: everything is in the main file (_checkpoint), and
# a connection closed late (by the garbage collector) deletes them, once in the middle of a copy (shutil.Error).
SIDE_FILES = ("*.db-wal", "*.db-shm", "*.db-journal")


def _checkpoint(path: Path) -> None:
    """Move everything the write-ahead log holds into the store's main file."""
    gc.collect()  # a connection the demo's writers left open is closed now, not during a copy
    with closing(sqlite3.connect(path)) as conn:
        busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    assert busy == 0, f"the demo template {path} is still being written"


@contextmanager
def demo_copy(stores: DemoStores, into: Path, mapped: bool = False) -> Iterator[Secretariat]:
    """A copy of the demo store, open, with SECRETARIAT_HOME at its data directory while it is."""
    path = stores.copy(into, mapped)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SECRETARIAT_HOME", str(into / "home"))
        app = open_store(str(path))
        try:
            yield app
        finally:
            app.close()


@contextmanager
def caught_up(app: Secretariat) -> Iterator[Registers]:
    """The store's registers, set up and caught up."""
    registers = Registers(app)
    registers.setup()
    registers.catch_up()
    try:
        yield registers
    finally:
        registers.close()
