"""Register snapshots: written by a rebuild, used by an as-of view of a register asked for by name, never by
`verify --registers` (a fold from the start), invalidated by a change of the projection's version, and
skipped when a rebuild replaced them meanwhile. (The property test checks on random histories that an as-of
started from a snapshot equals one folded from the start.)"""

from __future__ import annotations

import zlib
from typing import Any

import msgspec
import pytest

from domain.access import AddUser, GrantRole
from projections.access import UsersProjection
from projections.asof import as_of
from projections.db import Database
from projections.engine import BuildRows
from projections.registers import read_register
from projections.runner import Registers
from projections.snapshots import SNAPSHOT_TABLE, nearest, restore


def _users(app: Any, every: int = 3) -> tuple[Registers, int]:
    for n in range(6):
        app.handle(AddUser(user=f"clerk{n}", role="clerk"), user="admin")
    app.handle(GrantRole(user="clerk0", role="head"), user="admin")
    registers = Registers(app)
    registers.setup()
    registers.snapshot_every = every
    registers.rebuild()
    return registers, app.head()


def _names(app: Any, position: int, **asked: Any) -> list[str]:
    db, conn = as_of(app, position, **asked)
    return sorted(r["name"] for r in read_register(db, conn, "users"))


def test_an_as_of_starts_from_the_nearest_snapshot_and_verify_never_does(app: Any) -> None:
    registers, head = _users(app)
    users = registers.projection("users")
    at = nearest(registers.db, registers.conn, users, head - 1)
    assert 0 < at <= head - 1 and at % 3 == 0
    truth = _names(app, head - 1, projections=[users])
    assert _names(app, head - 1, registers=["users"]) == truth
    # Tamper with the snapshot's rows: the view by register name shows it (it was read), the fold that
    # `verify --registers` uses does not (derived data is never its answer).
    row = {"id": "f" * 32, "name": "forged", "full_name": "", "roles": "clerk", "office": None, "clearance": "none",
           "active": 1, "login": None, "language": None, "calendar": "gregorian", "digits": "latin"}
    forged = zlib.compress(msgspec.msgpack.encode([[row[c] for c in users.table("users").column_names]]))
    registers.db.execute(registers.conn, f"UPDATE {SNAPSHOT_TABLE} SET data = ? WHERE name = 'users' AND "
                         "position = ? AND part = 'users'", (forged, at))
    assert "forged" in _names(app, head - 1, registers=["users"])
    assert _names(app, head - 1, projections=[users]) == truth
    registers.close()


def test_a_version_change_invalidates_the_snapshots(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    registers, head = _users(app)
    users = registers.projection("users")
    old = users.version
    assert nearest(registers.db, registers.conn, users, head) > 0
    monkeypatch.setattr(UsersProjection, "version", old + 1)
    assert nearest(registers.db, registers.conn, users, head) == 0  # the old version's rows are not read
    assert _names(app, head - 1, registers=["users"]) == _names(app, head - 1, projections=[users])
    registers.rebuild(["users"])  # the new version's rebuild writes its own and drops the old ones
    versions = registers.db.execute(registers.conn, f"SELECT DISTINCT version FROM {SNAPSHOT_TABLE} "
                                    "WHERE name = 'users'")
    assert versions == [(old + 1,)]
    registers.close()


def test_a_snapshot_replaced_meanwhile_is_not_half_read(app: Any) -> None:
    registers, head = _users(app)
    users = registers.projection("users")
    at = nearest(registers.db, registers.conn, users, head)
    # A rebuild deleted it between `nearest` and `restore` (here: its marker; its rows stay readable).
    registers.db.execute(registers.conn, f"DELETE FROM {SNAPSHOT_TABLE} WHERE name = 'users' AND position = ? "
                         "AND part = ''", (at,))
    scratch = Database.memory()
    build = BuildRows(users, 1000, lambda *_: None)
    assert restore(registers.db, registers.conn, users, at, build, scratch, scratch.connect()) is False
    assert build.memory.count() == 0
    assert _names(app, head, registers=["users"]) == _names(app, head, projections=[users])
    registers.close()


def test_a_store_refusing_snapshots_is_rebuilt_without_them(app: Any) -> None:
    """Snapshots are a shortcut: where the store refuses them (here a view in the table's place), a rebuild
    still succeeds and an as-of view folds from the start."""
    registers = Registers(app)
    registers.setup()
    registers.db.execute(registers.conn, f"CREATE VIEW {SNAPSHOT_TABLE} AS SELECT 1 AS x")
    registers, head = _users(app, every=2)
    users = registers.projection("users")
    assert sorted(r[0] for r in registers.db.execute(registers.conn, "SELECT name FROM users")) == [
        "admin", *(f"clerk{n}" for n in range(6))]
    assert nearest(registers.db, registers.conn, users, head) == 0
    assert _names(app, head - 1, registers=["users"]) == _names(app, head - 1, projections=[users])
    registers.close()
