"""A command on PostgreSQL runs on one pooled connection: taken (and pinged) once, not once per record it
reads; its events are still stored once, chained, and a conflicting insert is still refused in words."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain.correspondence import ReceiveDocument
from domain.organisation import AppointMember, EstablishCommission, ScheduleElection


@pytest.mark.only_on("postgresql")
def test_a_command_takes_one_pooled_connection(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    app.handle(ScheduleElection(code="PE26", election_name="Election", kind="presidential",
                                voting_day=date(2026, 10, 1)), user="admin")
    app.handle(EstablishCommission(election="PE26", constituency=1, commission_name="One"), user="admin")
    datastore = app.recorder.datastore
    taken = []
    original = datastore.get_connection

    def counted() -> Any:
        taken.append(1)
        return original()

    monkeypatch.setattr(datastore, "get_connection", counted)
    before = app.head()
    taken.clear()
    app.handle(AppointMember(election="PE26", constituency=1, member="Member One"), user="admin")
    app.handle(ReceiveDocument(received_on=date(2026, 5, 1), sender="Sender", subject="Subject"), user="admin")
    assert len(taken) == 2  # one per command, however many records each read
    assert app.head() > before
    assert app.recorder.chain_bounds()[0] == app.head()


@pytest.mark.only_on("postgresql")
def test_a_broken_pinned_connection_leaves_reads_to_the_pool(app: Any) -> None:
    with app.pinned():
        conn = app.recorder._local.conn
        conn.close()  # as if the server had ended the session mid-command
        assert app.head() > 0  # read on a pooled connection instead


@pytest.mark.only_on("postgresql")
def test_a_refused_pipelined_insert_is_rolled_back_and_the_connection_goes_on(app: Any) -> None:
    from eventsourcing.persistence import IntegrityError

    recorder = app.recorder
    head = app.head()
    [last] = recorder.select_notifications(head, 1)
    duplicate = recorder.select_events(last.originator_id, lte=last.originator_version, desc=True, limit=1)
    with app.pinned():
        with pytest.raises(IntegrityError):
            recorder.insert_events(duplicate)  # the same (stream, version) again
        assert app.head() == head  # nothing written, and the pinned connection is out of its transaction
        assert recorder._local.conn.pgconn.transaction_status == 0  # idle
    app.handle(ReceiveDocument(received_on=date(2026, 5, 1), sender="Sender", subject="Subject"), user="admin")
    assert app.head() > head


@pytest.mark.only_on("postgresql")
def test_a_connection_used_a_moment_ago_is_not_pinged_again(app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from psycopg_pool import ConnectionPool

    from domain.eventstore import postgres_recorder

    pings: list[Any] = []
    monkeypatch.setattr(ConnectionPool, "check_connection", staticmethod(pings.append))
    letter = ReceiveDocument(received_on=date(2026, 5, 1), sender="Sender", subject="Subject")
    app.handle(letter, user="admin")
    pings.clear()
    app.handle(letter, user="admin")
    assert pings == []  # a round trip saved per command
    for conn in list(postgres_recorder._TAKEN):  # as if the pool's connections had been idle for a while
        postgres_recorder._TAKEN[conn] -= postgres_recorder.PING_AFTER_IDLE_SECONDS + 1
    app.handle(letter, user="admin")
    assert pings  # pinged before use: the server may have dropped it meanwhile


@pytest.mark.only_on("postgresql")
def test_a_connection_the_server_dropped_unpinged_is_replaced(app: Any) -> None:
    import psycopg

    from tests.pg import PG_URL

    letter = ReceiveDocument(received_on=date(2026, 5, 1), sender="Sender", subject="Subject")
    app.handle(letter, user="admin")
    head = app.head()
    idle = [conn.info.backend_pid for conn in app.recorder.datastore.pool._pool]  # the pool's idle connections
    assert idle
    with psycopg.connect(PG_URL, autocommit=True) as admin:
        for pid in idle:
            admin.execute("SELECT pg_terminate_backend(%s)", (pid,))
    result = app.handle(letter, user="admin")  # taken within the second, not pinged: it fails, and is replaced
    assert result.position == app.head() > head
    assert app.recorder.chain_bounds()[0] == app.head()
