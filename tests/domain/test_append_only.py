"""The database keeps history append-only: on PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE of
the event table on the application's own connection, and the grants `init` prints leave a clerks' role
INSERT and SELECT on it and nothing else (yet enough to record commands)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest

from domain.access import AddUser
from domain.application import open_store
from domain.eventstore.store import postgres_grants
from tests.pg import PG_URL, drop_schema, new_schema, requires_pg


def _login() -> str:
    return f"sec_clerk_{uuid.uuid4().hex[:8]}"


@contextmanager
def clerks_role(config: Any, login: str, *extra: str) -> Iterator[str]:
    """A clerks' group role given the grants `init` prints (then `extra` statements, `{group}` in them), and one
    clerk's login in it; both dropped afterwards."""
    import psycopg

    group = f"sec_app_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(PG_URL, autocommit=True) as owner:
        for statement in [*postgres_grants(config, group), *(e.format(group=group) for e in extra)]:
            owner.execute(statement)
        owner.execute(f"CREATE ROLE {login} LOGIN IN ROLE {group}")
    try:
        yield login
    finally:
        with psycopg.connect(PG_URL, autocommit=True) as owner:
            owner.execute(f"DROP OWNED BY {login}, {group}")
            owner.execute(f"DROP ROLE {login}")
            owner.execute(f"DROP ROLE {group}")


@pytest.fixture
def pg_store() -> Iterator[str]:
    schema = new_schema()
    try:
        yield f"{PG_URL}?schema={schema}"
    finally:
        drop_schema(schema)


@requires_pg
@pytest.mark.parametrize("statement", ["UPDATE {t} SET topic = 'x'", "DELETE FROM {t}", "TRUNCATE {t}"])
def test_the_applications_own_connection_cannot_change_history(pg_store: str, statement: str) -> None:
    import psycopg

    app = open_store(pg_store, create=True)
    try:
        app.bootstrap("admin")
        head = app.head()
        table = f"{app.store_config.schema}.secretariat_events"
        with app.recorder.datastore.get_connection() as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
                with conn.transaction():
                    conn.execute(statement.format(t=table))
        assert app.head() == head and app.recorder.chain_bounds()[0] == head
    finally:
        app.close()


def _as(pg_store: str, login: str) -> str:
    return pg_store.replace("postgresql://postgres@", f"postgresql://{login}@")


@requires_pg
def test_the_printed_grants_leave_a_clerks_role_insert_and_select_only(pg_store: str) -> None:
    import psycopg

    app = open_store(pg_store, create=True)
    app.bootstrap("admin")
    config: Any = app.store_config
    app.close()
    with clerks_role(config, _login()) as login:
        clerk = open_store(_as(pg_store, login))
        try:
            clerk.handle(AddUser(user="bob", role="clerk"), user="admin")  # INSERT (and its lock) allowed
            assert clerk.user("bob") is not None
            from domain.access import user_id
            from domain.attachments import attach

            # an attachment's content is added (the blob table exists from init, so the grants cover it) ...
            attach(clerk, "admin", user_id("bob"), "bob", b"%PDF-1.4\n%%EOF\n", "contract.pdf")
            table, blobs = f"{config.schema}.secretariat_events", f"{config.schema}.secretariat_blobs"
            for statement in (f"UPDATE {table} SET topic = 'x'", f"DELETE FROM {table}", f"TRUNCATE {table}",
                              f"UPDATE {blobs} SET content = 'x'", f"DELETE FROM {blobs}"):  # ... never changed
                with clerk.recorder.datastore.get_connection() as conn:
                    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="permission denied"):
                        with conn.transaction():
                            conn.execute(statement)
        finally:
            clerk.close()


@requires_pg
def test_a_clerks_role_keeps_its_registers_after_the_owner_rebuilds_them(pg_store: str) -> None:
    """A rebuild swaps in new tables: the grants must reach them, or the clerk's next command's catch-up
    is refused ('permission denied for table ...') until someone grants again."""
    from projections.runner import Registers

    app = open_store(pg_store, create=True)
    app.bootstrap("admin")
    config: Any = app.store_config
    registers = Registers(app)
    registers.setup()
    with clerks_role(config, _login()) as login:
        registers.rebuild(["users", "event-log"])  # by the owner, after the grants were run
        registers.close()
        app.close()
        clerk = open_store(_as(pg_store, login))
        clerk_registers = Registers(clerk)
        try:
            clerk.handle(AddUser(user="bob", role="clerk"), user="admin")
            assert clerk_registers.catch_up() > 0
            names = [r[0] for r in clerk_registers.db.execute(clerk_registers.conn, "SELECT name FROM users")]
            assert "bob" in names
        finally:
            clerk_registers.close()
            clerk.close()


@requires_pg
def test_a_register_closed_to_the_clerks_role_is_one_sentence_naming_the_grants(
        pg_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    from projections.runner import Registers
    from tui.cli.main import main

    app = open_store(pg_store, create=True)
    app.bootstrap("admin")
    config: Any = app.store_config
    Registers(app).setup()
    login = _login()
    app.handle(AddUser(user=login, role="clerk"), user="admin")  # named like the account: it acts as them
    app.close()
    with clerks_role(config, login, f"REVOKE ALL ON {config.schema}.users FROM {{group}}"):  # a stale grant
        clerk_url = _as(pg_store, login)
        assert main(["--store", clerk_url, "show", "correspondence"]) == 2
        err = capsys.readouterr().err
        assert "the store refused this account" in err and "grants that 'secretariat init' printed" in err
        assert "unexpected" not in err and "Traceback" not in err and err.count("\n") == 1
        # a command is recorded before its registers follow: it is said to be recorded, the lag on one line
        assert main(["--store", clerk_url, "run", "correspondence.receive", "--received-on", "2026-12-01",
                     "--sender", "Kabul office", "--subject", "ballots"]) == 0
        out, err = capsys.readouterr()
        assert "registered" in out and "recorded, but the registers could not be brought up to date" in err
        assert "permission denied" in err and err.count("\n") == 1


@requires_pg
def test_init_on_postgresql_prints_the_grants(pg_store: str, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli.main import main

    assert main(["--store", pg_store, "--user", "admin", "init"]) == 0
    out = capsys.readouterr().out
    schema = pg_store.rsplit("schema=", 1)[1]
    assert "refuses UPDATE, DELETE and TRUNCATE" in out
    assert f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {schema}.secretariat_events FROM " \
           "secretariat_app;" in out
    assert f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {schema}.secretariat_blobs FROM " \
           "secretariat_app;" in out
