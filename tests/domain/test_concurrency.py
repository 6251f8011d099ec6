"""Two processes saving the same record at once: one wins, the other is told of the conflict, and the
chain still verifies."""

from __future__ import annotations

import multiprocessing as mp
from typing import Any

from domain.access import AddUser, GrantRole
from domain.eventstore.integrity import verify_chain


def _grant(store_url: str, role: str, barrier: Any, results: Any) -> None:
    from domain.application import Secretariat, open_store
    from domain.errors import Conflict

    app = open_store(store_url)
    save = Secretariat._save

    def save_after_both_loaded(self: Secretariat, *args: Any) -> Any:
        barrier.wait(timeout=20)  # both processes have loaded version 1 of the user by now
        return save(self, *args)

    Secretariat._save = save_after_both_loaded  # type: ignore[method-assign]
    try:
        results.put(("ok", app.handle(GrantRole(user="bob", role=role), user="admin").message))
    except Conflict as e:
        results.put(("conflict", str(e)))


def test_one_of_two_racing_saves_is_refused_with_a_conflict(app: Any, store_url: str) -> None:
    app.handle(AddUser(user="bob", role="clerk"), user="admin")
    ctx = mp.get_context("fork")
    barrier, results = ctx.Barrier(2), ctx.Queue()
    procs = [ctx.Process(target=_grant, args=(store_url, role, barrier, results))
             for role in ("head", "auditor")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(timeout=60)
    outcomes = sorted(results.get(timeout=5) for _ in procs)
    assert [kind for kind, _ in outcomes] == ["conflict", "ok"]
    assert "nothing was recorded" in outcomes[0][1]
    bob = app.user("bob")
    assert len(bob.roles) == 2 and bob.version == 2
    report = verify_chain(app.recorder)
    assert report.ok and report.count == app.head()
