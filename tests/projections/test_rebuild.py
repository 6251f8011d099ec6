"""Blue/green rebuilds: progress, readers keep complete old rows until the swap, a killed rebuild leaves
the live registers as they were, a changed version rebuilds on start and is recorded as an event."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
from typing import Any, ClassVar

import pytest

from domain.access import AddUser, GrantRole
from domain.maintenance import RegisterRebuild
from domain.organisation import EstablishUnit
from projections.access import UsersProjection
from projections.engine import Progress
from projections.runner import Registers
from projections.snapshots import SNAPSHOT_TABLE
from tests.projections.support import snapshot


def _populate(app: Any, users: int = 30) -> None:
    app.handle(EstablishUnit(code="HQ", unit_name="Secretariat", kind="office"), user="admin")
    for n in range(users):
        app.handle(AddUser(user=f"clerk{n:03d}", role="clerk", office="HQ"), user="admin")


def _names(registers: Registers) -> list[str]:
    return [r[0] for r in registers.db.execute(registers.conn, "SELECT name FROM users ORDER BY name")]


def test_progress_reports_done_total_rate_and_eta(app: Any) -> None:
    _populate(app)
    registers = Registers(app)
    registers.setup()
    seen: list[Progress] = []
    [summary] = registers.rebuild(["users"], progress=seen.append)
    assert seen[0].phase == "reading" and seen[0].done == 0 and seen[0].total == app.head()
    assert seen[-1].phase == "swapped" and seen[-1].eta_seconds == 0.0
    assert any(p.events_per_second > 0 for p in seen)
    assert summary.events == 31 and summary.rows == 31 and summary.events_per_second > 0
    registers.close()


class ShoutingUsers(UsersProjection):
    """The next version of the users register: names in capitals, so old and new rows are told apart."""

    version = UsersProjection.version + 1
    paused: ClassVar[threading.Event]
    resume: ClassVar[threading.Event]

    def apply(self, rows: Any, position: int, topic: str, event: Any) -> None:
        super().apply(rows, position, topic, event)
        row = rows.get("users", event.originator_id.hex)
        rows.put("users", {**row, "name": row["name"].upper()})


def test_readers_see_complete_old_rows_until_the_swap_then_complete_new_rows(app: Any) -> None:
    _populate(app)
    Registers(app).setup()
    reader = Registers(app)
    reader.catch_up()
    old = _names(reader)
    paused, resume = threading.Event(), threading.Event()

    def progress(p: Progress) -> None:
        if p.phase == "catching-up" and not paused.is_set():
            paused.set()
            resume.wait(30)

    builder = Registers(app, [ShoutingUsers()])
    worker = threading.Thread(target=builder.rebuild, kwargs={"progress": progress})
    worker.start()
    assert paused.wait(30)
    # The shadow table is fully written, the swap has not happened: readers see every old row.
    assert _names(reader) == old and len(old) == 31
    resume.set()
    worker.join(30)
    assert _names(reader) == sorted(n.upper() for n in old)
    builder.close()
    reader.close()


def test_changed_version_is_rebuilt_on_start_and_recorded(app: Any) -> None:
    _populate(app, users=3)
    Registers(app).setup()
    registers = Registers(app, [ShoutingUsers()])
    [summary] = registers.setup("admin")
    old, new = UsersProjection.version, ShoutingUsers.version
    assert (summary.register, summary.from_version, summary.to_version) == ("users", old, new)
    assert _names(registers) == ["ADMIN", "CLERK000", "CLERK001", "CLERK002"]
    last = app.mapper.to_domain_event(app.recorder.select_notifications(app.head(), 1)[0])
    assert isinstance(last, RegisterRebuild.Recorded)
    assert (last.register, last.from_version, last.to_version, last.events, last.rows) == ("users", old, new, 4, 4)
    assert last.envelope.actor_name == "admin" and last.seconds >= 0
    assert registers.status()[0].version == new
    assert registers.setup("admin") == []  # the same version again: nothing to rebuild
    registers.close()


KILLER = textwrap.dedent("""
    import os, signal, sys
    from domain.application import open_store
    from projections.runner import Registers
    import projections.runner as runner
    runner.INSERT_CHUNK = 7          # many small writes, so there is a middle to die in
    runner.CATCH_UP_BATCH = 5
    phase, after = sys.argv[2], int(sys.argv[3])
    seen = []
    def progress(p):
        if p.phase == phase:
            seen.append(p)
            if len(seen) == after:
                os.kill(os.getpid(), signal.SIGKILL)
    if phase == "snapshot":  # die inside the write of a register snapshot (each is two inserts for users)
        import projections.snapshots as snapshots
        insert = snapshots.SnapshotWriter._insert
        def dying(*args):
            seen.append(args)
            if len(seen) == after:
                os.kill(os.getpid(), signal.SIGKILL)
            insert(*args)
        snapshots.SnapshotWriter._insert = dying
        Registers.snapshot_every = 5
    app = open_store(sys.argv[1])
    Registers(app).rebuild(["users"], progress=progress)
""")


@pytest.mark.parametrize(("phase", "after"), [("reading", 1), ("writing", 3), ("catching-up", 1), ("snapshot", 3)])
def test_killed_rebuild_leaves_live_registers_and_next_rebuild_is_clean(app: Any, store_url: str,
                                                                       phase: str, after: int) -> None:
    _populate(app)
    registers = Registers(app)
    registers.setup()
    registers.catch_up()
    before = snapshot(registers.db, registers.conn)
    state_before = registers.status()
    done = subprocess.run([sys.executable, "-c", KILLER, store_url, phase, str(after)], capture_output=True,
                          text=True, timeout=120, cwd=os.getcwd())
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert snapshot(registers.db, registers.conn) == before
    assert registers.status() == state_before
    if phase == "snapshot":  # the snapshot written before the kill is complete, the one it died in is absent
        written = registers.db.execute(registers.conn, f"SELECT position, MIN(part) FROM {SNAPSHOT_TABLE} "
                                       "GROUP BY position")
        assert written == [(5, "")]
    app.handle(GrantRole(user="clerk001", role="head"), user="admin")
    registers.rebuild()
    after_rebuild = snapshot(registers.db, registers.conn)
    assert ("clerk001" in str(after_rebuild["users"])) and "clerk,head" in str(after_rebuild["users"])
    leftovers = [t for t in ("users__shadow", "units__shadow") if registers.db.table_exists(registers.conn, t)]
    assert leftovers == []
    registers.close()
