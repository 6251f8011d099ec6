"""Choosing and opening the event store from one URL: a SQLite file (the default) or PostgreSQL.

Every check that can fail happens before anything is written: an unknown scheme, an unreachable
server, a missing, read-only, foreign or corrupt file each raise StoreError with one line to show.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from eventsourcing.utils import get_topic

from domain.errors import StoreError
from domain.eventstore.recorders import POSTGRES_RECORDER_TOPIC, ChainSQLiteApplicationRecorder

DEFAULT_STORE = "./secretariat.db"
_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(frozen=True)
class StoreConfig:
    kind: str  # "sqlite" or "postgresql"
    path: Path | None = None
    host: str = ""
    port: int = 5432
    dbname: str = ""
    user: str = ""
    password: str = ""
    schema: str = ""

    @property
    def display(self) -> str:
        """The store as shown to users: never with a password."""
        if self.kind == "sqlite":
            return str(self.path)
        schema = f"?schema={self.schema}" if self.schema else ""
        return f"postgresql://{self.user}@{self.host}:{self.port}/{self.dbname}{schema}"

    @property
    def conninfo(self) -> str:
        from psycopg.conninfo import make_conninfo

        return make_conninfo(host=self.host, port=self.port, dbname=self.dbname, user=self.user,
                             password=self.password or None, connect_timeout=5)


_SCHEMES = ("sqlite", "postgresql", "postgres")


def parse_store_url(url: str | None) -> StoreConfig:
    url = (url or "").strip() or DEFAULT_STORE
    try:
        return _parse(url)
    except ValueError as e:
        raise StoreError(f"store URL {url!r} is malformed: {e}") from None


def _parse(url: str) -> StoreConfig:
    if "://" not in url:
        scheme = url.split(":", 1)[0].lower()
        if ":" in url and scheme in _SCHEMES:
            raise StoreError(f"store URL {url!r} lacks '//'; use sqlite:///path or postgresql://user@host/db")
        return StoreConfig("sqlite", path=Path(url).expanduser())
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # SQLAlchemy's convention: sqlite:///relative.db and sqlite:////absolute/path.db
        if parts.netloc:
            raise StoreError(f"store URL {url!r} has a host; use sqlite:///relative.db or sqlite:////abs/path.db")
        path = unquote(parts.path)[1:]
        if not path:
            raise StoreError(f"store URL {url!r} names no file; use sqlite:///path/to/file.db")
        return StoreConfig("sqlite", path=Path(path).expanduser())
    if parts.scheme in ("postgresql", "postgres"):
        dbname = unquote(parts.path.lstrip("/"))
        if not dbname:
            raise StoreError("store URL names no database; use postgresql://user@host:port/db")
        try:
            port = parts.port if parts.port is not None else 5432
        except ValueError:
            raise StoreError(f"store URL has a bad port: {parts.netloc.rsplit('@', 1)[-1]!r}") from None
        if not 0 < port < 65536:
            raise StoreError(f"store URL has a bad port: {port}")
        schema = parse_qs(parts.query).get("schema", [""])[0]
        if schema and not (schema.replace("_", "").isalnum() and schema[0].isalpha()):
            raise StoreError(f"bad schema name {schema!r}")
        if schema.lower().startswith("pg_") or schema.lower() == "information_schema":
            raise StoreError(f"schema {schema!r} belongs to PostgreSQL itself; use a schema of your own")
        return StoreConfig("postgresql", host=parts.hostname or "127.0.0.1", port=port, dbname=dbname,
                           user=unquote(parts.username or "postgres"),
                           password=unquote(parts.password or ""), schema=schema)
    raise StoreError(f"unknown store scheme {parts.scheme!r}; use a file path, sqlite:///path "
                     "or postgresql://user@host:port/db")


def _read_only(path: Path) -> bool:
    # Mode bits, not os.access: root may write anything, but a file marked read-only means "hands off".
    return not (path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(
        path, os.W_OK)


def check_sqlite(path: Path, *, create: bool) -> None:
    if path.exists() and not stat.S_ISREG(path.stat().st_mode):
        raise StoreError(f"store {path} is not a regular file")
    if not path.exists():
        if not create:
            raise StoreError(f"no store at {path}; run 'secretariat init' to create one")
        parent = path.parent if str(path.parent) else Path(".")
        if not parent.is_dir():
            raise StoreError(f"cannot create store {path}: folder {parent} does not exist")
        if _read_only(parent):
            raise StoreError(f"cannot create store {path}: folder {parent} is read-only")
        return
    if _read_only(path):
        raise StoreError(f"store {path} is read-only")
    with path.open("rb") as f:
        header = f.read(len(_SQLITE_MAGIC))
    if header and header != _SQLITE_MAGIC:
        raise StoreError(f"store {path} is not a SQLite database (corrupt or a different file)")
    if not header:
        if create:
            return  # an empty file: a store not yet initialised
        raise StoreError(f"store {path} is empty; run 'secretariat init' to initialise it")
    # Without a WAL file, open immutable so that this check creates no -wal/-shm files of its own.
    wal = path.with_name(path.name + "-wal")
    flags = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(f"file:{path}?{flags}", uri=True)
        try:
            cols = {r[1] for r in conn.execute("PRAGMA table_info(stored_events)")}
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        finally:
            conn.close()
    except sqlite3.DatabaseError as e:
        raise StoreError(f"store {path} is corrupt: {e}") from None
    if tables and "stored_events" not in tables:
        raise StoreError(f"{path} is a SQLite database but not a Secretariat store")
    if not tables and not create:
        raise StoreError(f"store {path} is empty; run 'secretariat init' to initialise it")
    if cols and "chain_hash" not in cols:
        raise StoreError(f"store {path} has an event table without a hash chain; not a Secretariat store")


def check_postgres(config: StoreConfig, *, create: bool) -> None:
    import psycopg

    try:
        with psycopg.connect(config.conninfo) as conn:
            schema = config.schema or "public"
            if config.schema:
                found = conn.execute("SELECT 1 FROM information_schema.schemata WHERE schema_name = %s",
                                     (config.schema,)).fetchone()
                if not found:
                    raise StoreError(f"schema {config.schema!r} does not exist in {config.display}")
            columns = {r[0] for r in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = %s "
                "AND table_name = 'secretariat_events'", (schema,))}
            if not columns and not create:
                raise StoreError(f"no Secretariat store in {config.display}; run 'secretariat init' first")
            if columns and "chain_hash" not in columns:
                raise StoreError(f"{config.display} has an event table without a hash chain; "
                                 "not a Secretariat store")
    except psycopg.Error as e:
        first = str(e).strip().splitlines()[0].strip() if str(e).strip() else type(e).__name__
        raise StoreError(f"cannot reach PostgreSQL at {config.host}:{config.port}/{config.dbname}: "
                         f"{first}") from None


def environment(config: StoreConfig, *, create: bool = True) -> dict[str, str]:
    """The eventsourcing environment for an application on this store (creating tables only if asked)."""
    if config.kind == "sqlite":
        return {
            "CREATE_TABLE": "y" if create else "n",
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(config.path),
            "SQLITE_LOCK_TIMEOUT": "10",
            "APPLICATION_RECORDER_TOPIC": get_topic(ChainSQLiteApplicationRecorder),
        }
    env = {
        "CREATE_TABLE": "y" if create else "n",
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": config.dbname,
        "POSTGRES_HOST": config.host,
        "POSTGRES_PORT": str(config.port),
        "POSTGRES_USER": config.user,
        "POSTGRES_PASSWORD": config.password,
        "POSTGRES_POOL_SIZE": "2",
        "POSTGRES_MAX_OVERFLOW": "8",
        "POSTGRES_LOCK_TIMEOUT": "10",
        "APPLICATION_RECORDER_TOPIC": POSTGRES_RECORDER_TOPIC,
    }
    if config.schema:
        env["POSTGRES_SCHEMA"] = config.schema
    return env


def create_sqlite_file(path: Path, group: str | None = None) -> None:
    """Create a new, empty store file readable by its owner alone (0600), or by a group (0660) the
    administrator names; SQLite gives its WAL and shared-memory files the same mode."""
    gid = -1
    if group:
        import grp

        try:
            gid = grp.getgrnam(group).gr_gid
        except KeyError:
            raise StoreError(f"no group named {group!r} on this system") from None
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o660 if group else 0o600)
    except FileExistsError:
        return
    except OSError as e:
        raise StoreError(f"cannot create store {path}: {e.strerror or e}") from None
    try:
        os.fchmod(fd, 0o660 if group else 0o600)  # whatever the umask
        if group:
            os.fchown(fd, -1, gid)
    except OSError as e:
        os.close(fd)
        path.unlink()
        raise StoreError(f"cannot give store {path} to group {group}: {e.strerror or e}") from None
    os.close(fd)


APP_ROLE = "secretariat_app"


def postgres_grants(config: StoreConfig, role: str = APP_ROLE) -> list[str]:
    """The SQL an administrator runs (as the store's owner) so that clerks' PostgreSQL roles, members of
    `role`, may add events and read them but never change or remove one. The registers (rebuildable
    tables beside the events) are theirs to write. Each clerk then logs in with a role of their own:
    `CREATE ROLE alice LOGIN IN ROLE secretariat_app` (peer, password or certificate authentication)."""
    schema = config.schema or "public"
    events = f"{schema}.secretariat_events"
    return [
        f"CREATE ROLE {role} NOLOGIN",
        f"GRANT USAGE, CREATE ON SCHEMA {schema} TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {events} FROM {role}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
    ]
