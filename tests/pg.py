"""PostgreSQL test support: the server URL from SECRETARIAT_TEST_PG, and throw-away schemas."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

PG_URL = os.environ.get("SECRETARIAT_TEST_PG", "")

NEEDS_PG = "PostgreSQL store tests need SECRETARIAT_TEST_PG=postgresql://user@host:port/db"
# Without a server these are not collected at all (tests/conftest.py), and the run says so in one line.
requires_pg = pytest.mark.skipif(not PG_URL, reason=NEEDS_PG)
# The `app` fixtures take their schema from a pool (SchemaPool below); SECRETARIAT_TEST_PG_POOL=0 gives every test a
# new schema instead (to check that a failure is not the pool's).
POOLED = os.environ.get("SECRETARIAT_TEST_PG_POOL", "1") != "0"

if PG_URL:
    # The test server's sessions, the command lines the tests start included (libpq reads PGOPTIONS), do not wait for
    # their commits' WAL flush: about 4 ms a commit on this machine's disk, and a crash of the test server loses
    # nothing a test needs. Only the tests set it: the product sets nothing in PGOPTIONS and keeps the server's setting.
    os.environ["PGOPTIONS"] = " ".join(filter(None, (os.environ.get("PGOPTIONS", ""), "-c synchronous_commit=off")))


def new_schema() -> str:
    import psycopg

    name = "t_" + uuid.uuid4().hex[:12]
    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {name}")
    return name


def drop_schema(name: str) -> None:
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")


@contextmanager
def pg_schema() -> Iterator[str]:
    name = new_schema()
    try:
        yield name
    finally:
        drop_schema(name)


# ---- a pool of schemas already set up (the `app` fixtures on PostgreSQL) ---------------------------------------
#
# Creating a store's schema costs the server 87 register tables and 367 indexes (seconds on the shared machine), and
# dropping it again about a second more. The `app` fixtures open a fresh store at once and set nothing else up, so
# each process keeps a few schemas whose store and registers were created once, and hands one to such a test after a
# reset: every table emptied (DELETE, triggers off; sequences restarted) and the rows setting up the
# registers wrote put back (`projection_state` at position 0, `register_rows` at 0). Whatever a test changed beyond
# rows (a table, index, trigger, function, grant, a rebuild's generation) shows in the schema's fingerprint, and
# that schema is dropped instead of being handed out again. Tests that need an empty schema (init, migrations,
# grants, stores from before a change) use `store_url` or `pg_schema`, which stay fresh.
# One difference remains: a pooled schema's registers exist before the test first sets them up (setup finds them at
# position 0 rather than creating them); a test about exactly that is marked `fresh_schema` (tests/conftest.py).

_FINGERPRINT = """
WITH rels AS MATERIALIZED (SELECT oid, relname, relkind, relnatts, relacl FROM pg_class
  WHERE relnamespace = %(oid)s::oid)
SELECT 'rel', r.relname::text || ':' || r.relkind::text || ':' || r.relnatts::text || ':'
  || COALESCE(r.relacl::text, '') FROM rels r
UNION ALL SELECT 'col', r.relname::text || '.' || a.attname::text || ':' || a.atttypid::text || ':'
  || a.atttypmod::text || ':' || a.attnotnull::text || ':' || a.atthasdef::text || ':' || COALESCE(a.attacl::text, '')
  FROM rels r JOIN pg_attribute a ON a.attrelid = r.oid WHERE r.relkind IN ('r', 'p') AND a.attnum > 0
UNION ALL SELECT 'idx', r.relname::text || ':' || t.relname::text || ':' || i.indkey::text || ':'
  || i.indisunique::text || ':' || COALESCE(i.indpred::text, '') FROM rels r JOIN pg_index i ON i.indexrelid = r.oid
  JOIN rels t ON t.oid = i.indrelid
UNION ALL SELECT 'con', c.conname::text || ':' || r.relname::text || ':' || c.contype::text || ':'
  || COALESCE(c.conkey::text, '') FROM rels r JOIN pg_constraint c ON c.conrelid = r.oid
UNION ALL SELECT 'trg', t.tgname::text || ':' || r.relname::text || ':' || t.tgfoid::regproc::text || ':'
  || t.tgtype::text || ':' || t.tgenabled::text || ':' || encode(t.tgargs, 'hex') FROM rels r
  JOIN pg_trigger t ON t.tgrelid = r.oid
UNION ALL SELECT 'fn', p.proname::text || ':' || md5(p.prosrc) || ':' || COALESCE(p.proacl::text, '') FROM pg_proc p
  WHERE p.pronamespace = %(oid)s::oid
UNION ALL SELECT 'nsp', COALESCE(n.nspacl::text, '') || ':' || n.nspowner::regrole::text FROM pg_namespace n
  WHERE n.oid = %(oid)s::oid
UNION ALL SELECT 'dacl', d.defaclobjtype::text || ':' || d.defaclacl::text FROM pg_default_acl d
  WHERE d.defaclnamespace = %(oid)s::oid
"""

_SETUP_ROWS = ("projection_state", "register_rows")  # the tables whose rows setting up the registers writes


class SchemaPool:
    """This process's schemas with a store and its registers set up, each handed to one test at a time."""

    def __init__(self) -> None:
        self.free: list[str] = []
        self.all: list[str] = []
        self.template: tuple[list[str], dict[str, list[tuple[object, ...]]]] | None = None

    def _fingerprint(self, conn: object, name: str) -> list[str]:
        oid = conn.execute("SELECT %s::text::regnamespace::oid", (name,)).fetchone()[0]  # type: ignore[attr-defined]
        rows = conn.execute(_FINGERPRINT, {"oid": oid}).fetchall()  # type: ignore[attr-defined]
        return sorted(f"{kind}|{text}".replace(name, "<schema>") for kind, text in rows)

    def _rows(self, conn: object, name: str) -> dict[str, list[tuple[object, ...]]]:
        return {t: conn.execute(f"SELECT * FROM {name}.{t} ORDER BY 1").fetchall()  # type: ignore[attr-defined]
                for t in _SETUP_ROWS}

    def _set_up(self) -> str:
        from domain.application import open_store
        from projections.runner import Registers

        name = new_schema()
        app = open_store(f"{PG_URL}?schema={name}", create=True)
        try:
            registers = Registers(app)
            try:
                registers.setup()
            finally:
                registers.close()
        finally:
            app.close()
        self.all.append(name)
        return name

    def acquire(self) -> str:
        import psycopg

        if not self.free:
            name = self._set_up()
            if self.template is None:
                with psycopg.connect(PG_URL, autocommit=True) as conn:
                    self.template = (self._fingerprint(conn, name), self._rows(conn, name))
            return name
        name = self.free.pop()
        assert self.template is not None
        with psycopg.connect(PG_URL) as conn:
            relations = conn.execute("SELECT quote_ident(relname), relkind::text FROM pg_class "
                                     "WHERE relnamespace = %s::text::regnamespace", (name,)).fetchall()
            tables = [r for r, kind in relations if kind in ("r", "p")]
            sequences = [r for r, kind in relations if kind == "S"]
            # DELETE rather than TRUNCATE: a TRUNCATE gives every table and index a new file, costing about what
            # creating them did. Past the events' append-only trigger (and the row counting, restored below).
            conn.execute("SET LOCAL session_replication_role = replica")
            with conn.pipeline():
                for table in tables:
                    conn.execute(f"DELETE FROM {name}.{table}")
                for sequence in sequences:
                    conn.execute(f"ALTER SEQUENCE {name}.{sequence} RESTART")
            for table, rows in self.template[1].items():
                for row in rows:
                    conn.execute(f"INSERT INTO {name}.{table} VALUES ({', '.join(['%s'] * len(row))})", row)
        return name

    def release(self, name: str) -> None:
        """Back to the pool if only rows changed; dropped otherwise."""
        import psycopg

        assert self.template is not None
        with psycopg.connect(PG_URL, autocommit=True) as conn:
            fp = self._fingerprint(conn, name)
            # A table the store creates when first needed (the checkpoints') is dropped: the next test starts without.
            new_relations = (e.removeprefix("rel|").split(":", 3) for e in set(fp) - set(self.template[0])
                             if e.startswith("rel|"))
            added = [table for table, kind, _, acl in new_relations if kind == "r" and not acl]
            if added:
                conn.execute(f"DROP TABLE {', '.join(f'{name}.{t}' for t in added)} CASCADE")
                fp = self._fingerprint(conn, name)
            same = fp == self.template[0]
        if same:
            self.free.append(name)
        else:
            self.all.remove(name)
            drop_schema(name)

    def close(self) -> None:
        for name in self.all:
            drop_schema(name)
        self.free.clear()
        self.all.clear()
