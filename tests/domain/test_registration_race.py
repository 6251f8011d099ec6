"""Clerks registering in one series at once: every acknowledged registration is stored exactly once, the
numbers run without gaps, nobody is refused because someone else took the number first, and the chain
verifies while they work (on SQLite and PostgreSQL).

The issue's size is 4 processes x 250 registrations; the suite runs 4 x REGISTRATIONS (smaller, same
property); `SECRETARIAT_RACE_REGISTRATIONS=250 pytest tests/domain/test_registration_race.py` runs the full size.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import re
from datetime import date
from typing import Any

import pytest

from domain.correspondence import ReceiveDocument, RegistrationCounter, counter_id, document_id
from domain.eventstore.integrity import verify_chain
from domain.receipts import CommandReceipt, receipt_id

PROCESSES = 4
REGISTRATIONS = int(os.environ.get("SECRETARIAT_RACE_REGISTRATIONS", "25"))
DAY = date(2026, 3, 2)


def register_many(store_url: str, worker: int, count: int, start: Any, results: Any) -> None:
    """One clerk's process: `count` registrations, each acknowledged (number) or failed (the sentence)."""
    from domain.application import open_store
    from domain.errors import Conflict, Refused

    app = open_store(store_url)
    start.wait(timeout=60)
    acked, failures = [], []
    for n in range(count):
        command_id = f"w{worker}-{n}"
        try:
            result = app.handle(ReceiveDocument(received_on=DAY, sender="Ministry of Justice", subject=f"letter {n}"),
                                user="admin", command_id=command_id)
            acked.append((command_id, result.message.split()[0]))
        except (Refused, Conflict) as e:
            failures.append((command_id, type(e).__name__, str(e)))
    app.close()
    results.put((worker, acked, failures))


def race(store_url: str, app: Any, processes: int, registrations: int) -> dict[str, Any]:
    """Run the race and check the chain meanwhile; return what each side saw."""
    # spawned, not forked: a fork copies the parent's threads' locks (the test worker's, the store's
    # checkpoint thread) in whatever state they are, and a child could wait on one forever
    ctx = mp.get_context("spawn")
    start, results = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=register_many, args=(store_url, w, registrations, start, results))
             for w in range(processes)]
    for p in procs:
        p.start()
    start.set()
    checks = []
    while any(p.is_alive() for p in procs) and len(checks) < 200:
        report = verify_chain(app.recorder)
        checks.append((report.ok, report.problem))
    outcomes = [results.get(timeout=300) for _ in procs]
    for p in procs:
        p.join(timeout=60)
    return {"checks": checks, "acked": [a for _, acked, _ in outcomes for a in acked],
            "failures": [f for _, _, failures in outcomes for f in failures]}


def test_concurrent_registrations_in_one_series(app: Any, store_url: str) -> None:
    seen = race(store_url, app, PROCESSES, REGISTRATIONS)
    total = PROCESSES * REGISTRATIONS
    assert seen["failures"] == [], seen["failures"][:5]  # 0 false refusals, none left 'busy' either
    assert len(seen["acked"]) == total
    numbers = sorted(number for _, number in seen["acked"])
    assert numbers == [f"INC-2026-{n:05d}" for n in range(1, total + 1)]  # gap-free, each once
    for command_id, number in seen["acked"]:
        assert isinstance(app.find(receipt_id(command_id)), CommandReceipt)
        assert app.find(document_id(number)) is not None
    counter = app.find(counter_id("INC", 2026))
    assert isinstance(counter, RegistrationCounter) and counter.last == total
    assert seen["checks"] and all(ok for ok, _ in seen["checks"]), [p for ok, p in seen["checks"] if not ok][:3]
    final = verify_chain(app.recorder)
    assert final.ok and final.head_position == app.head()


def test_a_stale_counter_is_retried_not_refused(app: Any, store_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Deterministic: the first attempt reads the counter, then someone else registers before it saves."""
    from domain import correspondence
    from domain.application import open_store

    rival = open_store(store_url)  # another clerk: an application of its own

    real = correspondence.next_number
    raced = []

    def next_number_after_a_rival(ctx: Any, series: str, year: int) -> str:
        number = real(ctx, series, year)
        if not raced:
            raced.append(True)
            rival.handle(ReceiveDocument(received_on=DAY, sender="Rival", subject="first"), user="admin")
        return number

    monkeypatch.setattr(correspondence, "next_number", next_number_after_a_rival)
    result = app.handle(ReceiveDocument(received_on=DAY, sender="Ministry", subject="second"), user="admin")
    assert re.match(r"INC-2026-00002 registered", result.message), result.message
    assert app.find(document_id("INC-2026-00001")).correspondent == "Rival"


def test_a_counter_that_keeps_being_taken_ends_in_busy(app: Any, store_url: str,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Where a try does not hold the writers' lock (SQLite; PostgreSQL holds it for such a try: test_writing_lock),
    a counter taken by someone else at every try ends, after the attempts, in 'busy'."""
    from domain import application, correspondence
    from domain.application import open_store

    monkeypatch.setattr(type(app.recorder), "writing", None, raising=False)

    rival = open_store(store_url)  # another clerk: an application of its own
    from domain.errors import Conflict

    monkeypatch.setattr(application, "CONTENTION_ATTEMPTS", 3)
    monkeypatch.setattr(application, "CONTENTION_PAUSE", 0)
    real = correspondence.next_number
    rivals = []

    def always_a_rival(ctx: Any, series: str, year: int) -> str:
        number = real(ctx, series, year)
        if ctx.envelope.actor_name == "admin" and len(rivals) < 10 and not getattr(ctx, "rival", False):
            rivals.append(number)
            monkeypatch.setattr(correspondence, "next_number", real)
            rival.handle(ReceiveDocument(received_on=DAY, sender="Rival", subject="x"), user="admin")
            monkeypatch.setattr(correspondence, "next_number", always_a_rival)
        return number

    monkeypatch.setattr(correspondence, "next_number", always_a_rival)
    with pytest.raises(Conflict, match="busy"):
        app.handle(ReceiveDocument(received_on=DAY, sender="Ministry", subject="mine"), user="admin")
    assert len(rivals) == 3
    counter = app.find(counter_id("INC", 2026))
    assert counter.last == 3  # only the rivals' registrations; mine recorded nothing
    assert all(app.find(document_id(n)).correspondent == "Rival" for n in ("INC-2026-00001", "INC-2026-00003"))


def test_a_counter_opened_meanwhile_is_retried_not_refused(app: Any, store_url: str,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """The first registration of a year: both clerks find no counter; the one who opens it second is not refused."""
    from domain import correspondence
    from domain.application import open_store

    rival = open_store(store_url)  # another clerk: an application of its own
    from domain.commands import Context

    real_find = Context.find
    raced: list[bool] = []

    def find_then_a_rival_registers(self: Context, cls: Any, record_id: Any) -> Any:
        found = real_find(self, cls, record_id)
        if cls is correspondence.RegistrationCounter and found is None and not raced:
            raced.append(True)
            rival.handle(ReceiveDocument(received_on=DAY, sender="Rival", subject="first"), user="admin")
        return found

    monkeypatch.setattr(Context, "find", find_then_a_rival_registers)
    result = app.handle(ReceiveDocument(received_on=DAY, sender="Ministry", subject="second"), user="admin")
    assert raced and result.message.startswith("INC-2026-00002 registered"), result.message
