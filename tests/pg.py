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
