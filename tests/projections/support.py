"""Helpers for projection tests: fresh stores outside pytest fixtures, and register snapshots."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from domain.application import open_store
from projections.db import Database
from projections.runner import all_projections
from tests.pg import PG_URL, SchemaPool, drop_schema, new_schema


@contextmanager
def fresh_store(kind: str, pool: SchemaPool | None = None) -> Iterator[Any]:
    """An initialised store (first administrator 'admin') that is thrown away afterwards. On PostgreSQL, given the
    run's schema pool (the `_schema_pool` fixture, tests/pg.py), a pooled schema: its registers are set up already,
    at position 0, and creating them costs the server seconds a store."""
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as tmp:
            app = open_store(str(Path(tmp) / "store.db"), create=True)
            app.bootstrap("admin")
            try:
                yield app
            finally:
                app.close()
        return
    schema = new_schema() if pool is None else pool.acquire()
    app = open_store(f"{PG_URL}?schema={schema}", create=True)
    app.bootstrap("admin")
    try:
        yield app
    finally:
        app.close()
        if pool is None:
            drop_schema(schema)
        else:
            pool.release(schema)


def snapshot(db: Database, conn: Any, skip: tuple[str, ...] = ()) -> dict[str, list[tuple[Any, ...]]]:
    """Every register table's and view's rows (but those skipped), in a stable order."""
    out = {}
    for p in all_projections():
        for t in p.tables:
            if t.name in skip:
                continue
            rows = db.execute(conn, f"SELECT {', '.join(t.column_names)} FROM {t.name}")
            out[t.name] = sorted((tuple(r) for r in rows), key=repr)
        for name, columns in p.views:  # the event log, a view of the event rows
            if name not in skip:
                rows = db.execute(conn, f"SELECT {', '.join(columns)} FROM {name}")
                out[name] = sorted((tuple(r) for r in rows), key=repr)
    return out
