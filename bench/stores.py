"""Throw-away stores for benchmarks: a SQLite file in a folder, or a fresh PostgreSQL schema dropped after."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def fresh_store_url(postgres: str | None, folder: Path, name: str) -> Iterator[str]:
    """The URL of an empty store: `folder/name.db`, or a new schema of the `postgres` database."""
    if not postgres:
        yield str(folder / f"{name}.db")
        return
    import psycopg

    schema = "bench_" + uuid.uuid4().hex[:10]
    with psycopg.connect(postgres, autocommit=True) as conn:
        conn.execute(f"CREATE SCHEMA {schema}")
    try:
        yield f"{postgres}?schema={schema}"
    finally:
        with psycopg.connect(postgres, autocommit=True) as conn:
            conn.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
