"""Catch-up: each event applied exactly once (a failure mid-batch leaves rows and position together),
two processes catching up the same registers agree, `wait` returns once a position is applied, and
another process's commands are noticed."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import threading
from typing import Any

import pytest

from domain.access import AddUser, GrantRole
from domain.organisation import EstablishPosition, EstablishUnit
from projections.access import UsersProjection
from projections.organisation import OrganisationProjection
from projections.runner import Registers
from tests.projections.support import snapshot


def _units_row(registers: Registers, code: str) -> tuple[Any, ...]:
    return tuple(registers.db.execute(registers.conn, "SELECT positions_total, positions_vacant, subunits "
                                      "FROM units WHERE code = ?", (code,))[0])


class Flaky(OrganisationProjection):
    """Fails on the third position it sees, once."""

    failures = 1

    def apply(self, rows: Any, position: int, topic: str, event: Any) -> None:
        super().apply(rows, position, topic, event)
        if topic.endswith("Unit.PositionAdded"):
            counted = rows.get("units", event.originator_id.hex)["positions_total"]
            if counted == 3 and Flaky.failures:
                Flaky.failures -= 1
                raise RuntimeError("power cut")


def test_failure_mid_batch_applies_nothing_then_catch_up_applies_each_event_once(app: Any) -> None:
    app.handle(EstablishUnit(code="HQ", unit_name="Secretariat", kind="office"), user="admin")
    for n in range(5):
        app.handle(EstablishPosition(unit="HQ", code=f"P{n}", position_title="Officer"), user="admin")
    Flaky.failures = 1
    registers = Registers(app, [Flaky()])
    registers.setup()
    with pytest.raises(RuntimeError):
        registers.catch_up()
    assert registers.status()[0].position == 0  # the whole batch rolled back with its position
    assert registers.db.execute(registers.conn, "SELECT COUNT(*) FROM units")[0][0] == 0
    registers.catch_up()
    assert _units_row(registers, "HQ") == (5, 5, 0)
    assert registers.catch_up() == 0  # nothing applied twice
    assert _units_row(registers, "HQ") == (5, 5, 0)
    registers.close()


def test_two_catching_up_at_once_apply_each_event_once(app: Any) -> None:
    app.handle(EstablishUnit(code="HQ", unit_name="Secretariat", kind="office"), user="admin")
    for n in range(40):
        app.handle(EstablishPosition(unit="HQ", code=f"P{n}", position_title="Officer"), user="admin")
    Registers(app).setup()
    pair = [Registers(app), Registers(app)]
    threads = [threading.Thread(target=r.catch_up, kwargs={"batch": 7}) for r in pair]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert _units_row(pair[0], "HQ") == (40, 40, 0)
    assert snapshot(pair[0].db, pair[0].conn) == snapshot(pair[1].db, pair[1].conn)
    for r in pair:
        r.close()


def test_wait_returns_once_the_position_is_applied(app: Any) -> None:
    registers = Registers(app, [UsersProjection()])
    registers.setup()
    result = app.handle(AddUser(user="bob", role="clerk"), user="admin")
    assert registers.wait(result.position, timeout=5)
    assert registers.db.execute(registers.conn, "SELECT roles FROM users WHERE name = 'bob'") == [("clerk",)]
    assert not registers.wait(result.position + 100, timeout=0.2)
    registers.close()


WRITER = textwrap.dedent("""
    import sys
    from domain.application import open_store
    from domain.access import GrantRole
    open_store(sys.argv[1]).handle(GrantRole(user="bob", role="head"), user="admin")
""")


def test_another_process_s_command_is_noticed(app: Any, store_url: str) -> None:
    """A waiter wakes for another process's write (before its deadline), not only on its own writes; how soon
    is measured in bench/, not asserted here."""
    app.handle(AddUser(user="bob", role="clerk"), user="admin")
    registers = Registers(app, [UsersProjection()])
    registers.setup()
    registers.catch_up()
    head = app.head()
    writer = subprocess.Popen([sys.executable, "-c", WRITER, store_url], stdout=subprocess.PIPE, text=True)
    new_head = registers.wait_for_change(head, timeout=60)
    registers.catch_up()
    writer.communicate(timeout=60)
    assert writer.returncode == 0 and new_head > head
    assert registers.db.execute(registers.conn, "SELECT roles FROM users WHERE name = 'bob'") == [("clerk,head",)]
    registers.close()


def test_wait_for_change_times_out_when_nobody_writes(app: Any) -> None:
    registers = Registers(app)
    registers.setup()
    assert registers.wait_for_change(app.head(), timeout=0.3) == app.head()
    app.handle(GrantRole(user="admin", role="clerk"), user="admin")
    assert registers.wait_for_change(app.head() - 2, timeout=0.3) == app.head()
    registers.close()


@pytest.mark.only_on("sqlite")
def test_commits_leave_wal_checkpoints_to_the_background(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A clerk's save does not copy the WAL back into the database (SQLite's default every 1000 pages): the
    recorder's and the registers' connections checkpoint only past a bound, a background thread after writes."""
    from domain.eventstore import recorders

    woken: list[int] = []
    monkeypatch.setattr(type(app.recorder), "checkpoint_soon", lambda self: woken.append(1))
    registers = Registers(app)
    registers.setup()
    registers.catch_up()
    app.handle(EstablishUnit(code="KBL", unit_name="Kabul", kind="provincial"), user="admin")
    assert registers.catch_up() and woken  # the registers' writes wake the background checkpointer
    assert registers.conn.execute("PRAGMA wal_autocheckpoint").fetchone()[0] == recorders.DEFAULT_AUTOCHECKPOINT
    with app.recorder.datastore.get_connection(commit=False) as conn:
        cursor = conn.cursor()
        cursor.execute("PRAGMA wal_autocheckpoint")
        assert cursor.fetchone()[0] == recorders.DEFAULT_AUTOCHECKPOINT
    registers.close()


def test_a_catch_up_another_process_did_first_ends_at_its_lock(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """Between a catch-up's unlocked look and its lock, another process catches the registers up: once it holds
    the lock it finds nothing behind and ends there, without looking again (a round trip on PostgreSQL, where
    clerks' catch-ups after their commands often find the work done by one another's)."""
    app.handle(EstablishUnit(code="HQ", unit_name="Secretariat", kind="office"), user="admin")
    registers, rival = Registers(app, [OrganisationProjection()]), Registers(app, [OrganisationProjection()])
    registers.setup()
    looks = []
    real = Registers._head_and_positions

    def look_then_a_rival_catches_up(self: Registers) -> tuple[int, dict[str, int]]:
        seen = real(self)
        if self is registers:
            looks.append(seen[0])
            if len(looks) == 1:
                rival.catch_up()
        return seen

    monkeypatch.setattr(Registers, "_head_and_positions", look_then_a_rival_catches_up)
    assert registers.catch_up() == 0
    assert len(looks) == 1
    assert registers.positions()[OrganisationProjection.name] == looks[0] == app.head()
    assert _units_row(registers, "HQ") == (0, 0, 0)
    registers.close()
    rival.close()


def test_after_its_own_command_a_catch_up_goes_straight_to_the_lock(app: Any, store_url: str,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A catch-up right after a command of the same application knows the registers are behind and skips its
    unlocked look (a round trip on PostgreSQL); otherwise it looks first, and writes nothing if nothing is new."""
    from domain.application import open_store

    registers = Registers(app, [OrganisationProjection()])
    registers.setup()
    registers.catch_up()
    looks: list[int] = []
    real = Registers._head_and_positions

    def counted(self: Registers) -> tuple[int, dict[str, int]]:
        looks.append(1)
        return real(self)

    monkeypatch.setattr(Registers, "_head_and_positions", counted)
    app.handle(EstablishUnit(code="HQ", unit_name="Secretariat", kind="office"), user="admin")
    assert registers.catch_up() == 1
    assert looks == [] and _units_row(registers, "HQ") == (0, 0, 0)
    assert registers.catch_up() == 0
    assert looks == [1]  # nothing written since: it looked, and wrote nothing
    other = open_store(store_url)  # another process's command: only a look finds it
    other.handle(EstablishPosition(unit="HQ", code="P1", position_title="Officer"), user="admin")
    assert registers.catch_up() > 0
    assert looks == [1, 1] and _units_row(registers, "HQ") == (1, 1, 0)
    other.close()
    registers.close()
