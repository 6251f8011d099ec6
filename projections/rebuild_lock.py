"""One rebuild of a register at a time, across processes, and cleaning up what a killed rebuild left.

A rebuild writes shadow tables (``<table>__shadow``) before swapping them in. Two rebuilds of one register
must not drop each other's shadow tables, and a killed rebuild's leftovers must not wait for the next
rebuild. So each rebuild holds a lock that dies with its process: on PostgreSQL a session advisory lock,
on SQLite a byte-range lock on ``<store>.rebuild-lock`` beside the store file. A second rebuild of the same
register is refused in words; on start, shadow tables whose register is not locked are leftovers and are
dropped.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from domain.errors import Refused

SHADOW = "__shadow"


def _key(db: Any, name: str) -> int:
    where = db.config.schema if db.kind == "postgresql" else str(db.config.path)
    return int.from_bytes(hashlib.sha256(f"secretariat-rebuild:{where}:{name}".encode()).digest()[:7], "big")


@contextmanager
def _sqlite_lock(db: Any, name: str) -> Iterator[bool]:
    path = f"{db.config.path}.rebuild-lock"
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    offset = _key(db, name) % (1 << 30)
    try:
        try:
            fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, offset)
        except OSError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.lockf(fd, fcntl.LOCK_UN, 1, offset)
    finally:
        os.close(fd)


@contextmanager
def _pg_lock(conn: Any, db: Any, name: str) -> Iterator[bool]:
    key = _key(db, name)
    got = bool(conn.execute("SELECT pg_try_advisory_lock(%s)", (key,)).fetchone()[0])
    try:
        yield got
    finally:
        if got:
            conn.execute("SELECT pg_advisory_unlock(%s)", (key,))


def try_lock(db: Any, conn: Any, name: str) -> Any:
    """A context manager yielding whether this process now holds the rebuild lock of register `name`."""
    if db.kind == "sqlite":
        return _sqlite_lock(db, name)
    return _pg_lock(conn, db, name)


@contextmanager
def rebuilding(db: Any, conn: Any, name: str) -> Iterator[None]:
    """Hold the rebuild lock of `name` for the whole rebuild, or refuse: another process is rebuilding it."""
    with try_lock(db, conn, name) as got:
        if not got:
            raise Refused("register {name} is being rebuilt by another process right now; nothing was changed, try "
                          "again when that rebuild has finished", name=name)
        yield


def drop_leftover_shadows(db: Any, conn: Any, projections: Any) -> list[str]:
    """Drop the shadow tables of registers nobody is rebuilding (a killed rebuild's); return their names."""
    dropped = []
    for p in projections:
        with try_lock(db, conn, p.name) as got:
            if not got:
                continue  # a rebuild is running: its shadow tables are its own
            for t in p.tables:
                shadow = t.name + SHADOW
                if not db.table_exists(conn, shadow):
                    continue
                with db.write(conn):
                    if db.kind == "sqlite":
                        db.execute(conn, f"DROP TABLE IF EXISTS {shadow}_search")
                    db.execute(conn, f"DROP TABLE IF EXISTS {shadow}")
                dropped.append(shadow)
    return dropped
