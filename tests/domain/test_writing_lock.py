"""On PostgreSQL a kind of command seen taking a registration number runs each try under the writers' lock, from
its first read to its insert's commit: no other process can take the number between the two, so such a
command never runs again because of a rival, and a try that inserts nothing leaves no lock behind.
Other kinds of command read without the lock, as before."""

from __future__ import annotations

from datetime import date
from typing import Any

import psycopg
import pytest

from domain import correspondence
from domain.correspondence import ReceiveDocument, document_id
from domain.errors import Refused
from domain.organisation import ScheduleElection
from tests.pg import PG_URL

DAY = date(2026, 3, 2)


def lock_is_free(app: Any) -> bool:
    """Whether another session could take the writers' lock right now (it is released again at once)."""
    schema = app.store_config.schema
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"SET search_path TO {schema}")
        with conn.transaction():
            return bool(conn.execute("SELECT pg_try_advisory_xact_lock(%s)", (app.recorder.lock_key,)).fetchone()[0])


def watch_the_lock(app: Any, monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Each call of next_number records whether the writers' lock was free while the command ran."""
    real = correspondence.next_number
    seen: list[bool] = []

    def watched(ctx: Any, *args: Any, **kwargs: Any) -> str:
        seen.append(lock_is_free(app))
        return real(ctx, *args, **kwargs)

    monkeypatch.setattr(correspondence, "next_number", watched)
    return seen


def letter(subject: str) -> ReceiveDocument:
    return ReceiveDocument(received_on=DAY, sender="Ministry", subject=subject)


@pytest.mark.only_on("postgresql")
def test_a_kind_of_command_that_took_a_number_runs_under_the_lock_from_its_first_read(
        app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = watch_the_lock(app, monkeypatch)
    app.handle(letter("first"), user="admin")  # not known yet to take a number: read without the lock
    app.handle(letter("second"), user="admin")
    assert seen == [True, False]
    assert lock_is_free(app)  # released by the insert's commit
    assert app.find(document_id("INC-2026-00002")).subject == "second"
    report = app.recorder.chain_bounds()
    assert report[0] == app.head()


@pytest.mark.only_on("postgresql")
def test_other_commands_read_without_the_lock(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    app.handle(letter("first"), user="admin")  # a numbering command is known now
    free = []
    real = ScheduleElection.execute

    def watched(self: ScheduleElection, ctx: Any) -> Any:
        free.append(lock_is_free(app))
        return real(self, ctx)

    monkeypatch.setattr(ScheduleElection, "execute", watched)
    app.handle(ScheduleElection(code="PE26", election_name="Election", kind="presidential",
                                voting_day=date(2026, 10, 1)), user="admin")
    assert free == [True]


@pytest.mark.only_on("postgresql")
def test_a_try_that_lost_the_number_runs_again_under_the_lock(app: Any, store_url: str,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from domain.application import open_store

    rival = open_store(store_url)  # another clerk's process
    real = correspondence.next_number
    free: list[bool] = []

    def a_rival_registers_first(ctx: Any, *args: Any, **kwargs: Any) -> str:
        free.append(lock_is_free(app))
        number = real(ctx, *args, **kwargs)
        if len(free) == 1:
            monkeypatch.setattr(correspondence, "next_number", real)
            rival.handle(letter("rival's"), user="admin")
            monkeypatch.setattr(correspondence, "next_number", a_rival_registers_first)
        return number

    monkeypatch.setattr(correspondence, "next_number", a_rival_registers_first)
    result = app.handle(letter("mine"), user="admin")
    assert result.message.startswith("INC-2026-00002 registered"), result.message
    assert free == [True, False]  # the second try held the lock: no rival could take its number
    assert app.tries_again == 1
    assert lock_is_free(app)
    rival.close()


@pytest.mark.only_on("postgresql")
def test_a_refused_try_under_the_lock_leaves_nothing_and_releases_it(app: Any) -> None:
    app.handle(letter("first"), user="admin")
    head = app.head()
    with pytest.raises(Refused):
        app.handle(ReceiveDocument(received_on=DAY, sender="", subject="no sender"), user="admin")
    assert app.head() == head
    assert lock_is_free(app)
    app.handle(letter("third"), user="admin")  # the connection went back to the pool out of its transaction
    assert app.find(document_id("INC-2026-00002")).subject == "third"
