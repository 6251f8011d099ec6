"""Killing a process that issues commands at random moments, and what must hold afterwards: every
acknowledged command is stored exactly once, registration numbers have no gaps, the chain verifies and the
registers equal a fresh fold of the history. Shared by tests/domain/test_kill.py and bench/kill.py."""

from __future__ import annotations

import multiprocessing as mp
import os
import random
import signal
import time
from datetime import date
from pathlib import Path
from typing import Any

DAY = date(2026, 4, 6)


def issue_commands(store_url: str, acks: str, round_no: int, ready: Any) -> None:
    """The victim: registers letters and keeps its registers caught up, noting each acknowledged command."""
    from domain.application import open_store
    from domain.correspondence import ReceiveDocument
    from projections.runner import Registers

    app = open_store(store_url)
    registers = Registers(app)
    registers.setup("admin")
    ready.set()  # the kill comes at a random moment of the work, not while the process starts
    with open(acks, "a", encoding="utf-8") as out:
        for n in range(10_000):
            command_id = f"r{round_no}-{n}"
            result = app.handle(ReceiveDocument(received_on=DAY, sender="Ministry", subject=f"letter {n}"),
                                user="admin", command_id=command_id)
            out.write(f"{command_id} {result.message.split()[0]}\n")
            out.flush()
            os.fsync(out.fileno())
            if n % 3 == 0:
                registers.catch_up()


def _acknowledged(acks: str, prefix: str, count: int, proc: Any, seconds: float = 120.0) -> None:
    """Wait (bounded) until the victim has acknowledged `count` commands of its round; a victim that ends or
    stalls before that fails the test."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and proc.is_alive():
        text = Path(acks).read_text(encoding="utf-8") if Path(acks).exists() else ""
        if sum(1 for line in text.splitlines() if line.startswith(prefix)) >= count:
            return
        time.sleep(0.002)  # a poll of the victim's progress, not a fixed wait
    raise AssertionError(f"the victim ended or acknowledged fewer than {count} commands in {seconds:.0f} s")


def kill_rounds(store_url: str, folder: Path, rounds: int, seed: int = 0) -> dict[str, Any]:
    rng = random.Random(seed)
    acks = str(folder / "acks.txt")
    ctx = mp.get_context("fork")
    for r in range(rounds):
        ready = ctx.Event()
        proc = ctx.Process(target=issue_commands, args=(store_url, acks, r, ready))
        proc.start()
        ready.wait(timeout=60)
        # The kill comes after a seeded number of this round's acknowledgements, i.e. inside the next command (or
        # its catch-up) whatever the machine's speed: not after a fixed time, in which a loaded machine may have
        # acknowledged nothing yet.
        _acknowledged(acks, f"r{r}-", rng.randint(1, 12), proc)
        assert proc.pid is not None
        os.kill(proc.pid, signal.SIGKILL)
        proc.join(timeout=30)
    lines = Path(acks).read_text(encoding="utf-8").splitlines() if Path(acks).exists() else []
    # A line cut by the kill is not an acknowledgement: only whole lines count.
    acked = [tuple(line.split()) for line in lines if len(line.split()) == 2]
    return {"rounds": rounds, "acked": acked}


def check_after_kills(app: Any, acked: list[tuple[str, ...]]) -> dict[str, int]:
    from domain.correspondence import RegistrationCounter, counter_id, document_id
    from domain.eventstore.integrity import verify_chain
    from domain.receipts import CommandReceipt, receipt_id
    from projections.register_check import check_registers
    from projections.runner import Registers

    for command_id, number in acked:
        assert isinstance(app.find(receipt_id(command_id)), CommandReceipt), command_id
        assert app.find(document_id(number)) is not None, number
    numbers = [n for _, n in acked]
    assert len(numbers) == len(set(numbers)), "a number acknowledged twice"
    counter = app.find(counter_id("INC", 2026))
    last = counter.last if isinstance(counter, RegistrationCounter) else 0
    for n in range(1, last + 1):  # gap-free: every number up to the counter belongs to a stored document
        assert app.find(document_id(f"INC-2026-{n:05d}")) is not None, n
    report = verify_chain(app.recorder)
    assert report.ok, report.problem
    registers = Registers(app)
    registers.setup("admin")
    registers.catch_up()
    registers.close()
    problems = [c for c in check_registers(app) if not c.ok]
    assert not problems, problems
    return {"acknowledged": len(acked), "documents": last, "events": report.head_position}
