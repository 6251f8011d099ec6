"""Choosing and opening the event store from one URL: a SQLite file (the default) or PostgreSQL.

Every check that can fail happens before anything is written: an unknown scheme, an unreachable
server, a missing, read-only, foreign or corrupt file each raise StoreError with one line to show.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

from eventsourcing.utils import get_topic

from domain.errors import StoreError, first_line
from domain.eventstore.files import shown
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
    hosts: tuple[tuple[str, int], ...] = ()  # several servers (a primary and standbys), tried in order
    session_attrs: str = ""  # libpq's target_session_attrs: read-write, prefer-standby, ...

    @property
    def host_list(self) -> str:
        return ",".join(h for h, _ in self.hosts) if self.hosts else self.host

    @property
    def port_list(self) -> str:
        return ",".join(str(p) for _, p in self.hosts) if self.hosts else str(self.port)

    @property
    def display(self) -> str:
        """The store as shown to users: never with a password."""
        if self.kind == "sqlite":
            return str(self.path)
        servers = ",".join(f"{h}:{p}" for h, p in self.hosts) if self.hosts else f"{self.host}:{self.port}"
        query = "&".join(q for q in (f"schema={self.schema}" if self.schema else "",
                                     f"target_session_attrs={self.session_attrs}" if self.session_attrs else "") if q)
        return f"postgresql://{self.user}@{servers}/{self.dbname}" + (f"?{query}" if query else "")

    @property
    def conninfo(self) -> str:
        from psycopg.conninfo import make_conninfo

        return make_conninfo(host=self.host_list, port=self.port_list, dbname=self.dbname, user=self.user,
                             password=self.password or None, connect_timeout=5,
                             target_session_attrs=self.session_attrs or None)


_SCHEMES = ("sqlite", "postgresql", "postgres")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:/*")


def redact(url: str) -> str:
    """The URL as it may be shown: any password (between the user's ':' and the last '@' of the host
    part) replaced by ***, control characters escaped."""
    scheme = _SCHEME.match(url)
    start = scheme.end() if scheme else 0
    end = len(url)
    for stop in "/?#":
        found = url.find(stop, start)
        end = found if found != -1 and found < end else end
    at = url.rfind("@", start, end)
    if at == -1:
        at = url.rfind("@", start)  # a malformed URL: hide up to its last '@' anyway
    colon = url.find(":", start, at) if at != -1 else -1
    if colon != -1:
        url = url[:colon + 1] + "***" + url[at:]
    return shown(url)


def parse_store_url(url: str | None) -> StoreConfig:
    url = (url or "").strip() or DEFAULT_STORE
    try:
        return _parse(url)
    except ValueError as e:
        raise StoreError("store URL {redact!r} is malformed: {e}", redact=redact(url), e=e) from None


def _parse(url: str) -> StoreConfig:
    if "://" not in url:
        scheme = url.split(":", 1)[0].lower()
        if ":" in url and scheme in _SCHEMES:
            raise StoreError("store URL {redact!r} lacks '//'; use sqlite:///path or postgresql://user@host/db",
                             redact=redact(url))
        return StoreConfig("sqlite", path=Path(url).expanduser())
    parts = urlsplit(url)
    if parts.scheme == "sqlite":
        # SQLAlchemy's convention: sqlite:///relative.db and sqlite:////absolute/path.db
        if parts.netloc:
            raise StoreError("store URL {redact!r} has a host; use sqlite:///relative.db or sqlite:////abs/path.db",
                             redact=redact(url))
        path = unquote(parts.path)[1:]
        if not path:
            raise StoreError("store URL {redact!r} names no file; use sqlite:///path/to/file.db", redact=redact(url))
        return StoreConfig("sqlite", path=Path(path).expanduser())
    if parts.scheme in ("postgresql", "postgres"):
        dbname = unquote(parts.path.lstrip("/"))
        if not dbname:
            raise StoreError("store URL names no database; use postgresql://user@host:port/db")
        servers = parts.netloc.rpartition("@")[2]
        hosts = _hosts(servers, url) if "," in servers else ()
        try:
            port = hosts[0][1] if hosts else (parts.port if parts.port is not None else 5432)
        except ValueError:
            raise StoreError("store URL {redact!r} has a bad port", redact=redact(url)) from None
        if not 0 < port < 65536:
            raise StoreError("store URL has a bad port: {port}", port=port)
        query = parse_qs(parts.query)
        attrs = query.get("target_session_attrs", [""])[0]
        if attrs and attrs not in _SESSION_ATTRS:
            raise StoreError("target_session_attrs {shown!r} is not one of {session_attrs}", shown=shown(attrs),
                             session_attrs=', '.join(_SESSION_ATTRS))
        schema = query.get("schema", [""])[0]
        if schema and not (schema.replace("_", "").isalnum() and schema[0].isalpha()):
            raise StoreError("bad schema name {schema!r}", schema=schema)
        if schema.lower().startswith("pg_") or schema.lower() == "information_schema":
            raise StoreError("schema {schema!r} belongs to PostgreSQL itself; use a schema of your own",
                             schema=schema)
        return StoreConfig("postgresql", host=hosts[0][0] if hosts else parts.hostname or "127.0.0.1", port=port,
                           dbname=dbname, user=unquote(parts.username or "postgres"),
                           password=unquote(parts.password or ""), schema=schema, hosts=hosts, session_attrs=attrs)
    raise StoreError("unknown store scheme {parts_scheme!r}; use a file path, sqlite:///path or "
                     "postgresql://user@host:port/db", parts_scheme=parts.scheme)


_SESSION_ATTRS = ("any", "read-write", "read-only", "primary", "standby", "prefer-standby")


def _hosts(servers: str, url: str) -> tuple[tuple[str, int], ...]:
    """host[:port],host[:port],... ([v6]:port allowed) as (host, port) pairs."""
    found = []
    for item in servers.split(","):
        item = unquote(item.strip())
        if item.startswith("["):
            host, _, rest = item[1:].partition("]")
            port_text = rest[1:] if rest.startswith(":") else ""
        else:
            host, _, port_text = item.partition(":")
        if not host or (port_text and not port_text.isdigit()) or not 0 < int(port_text or 5432) < 65536:
            raise StoreError("store URL {redact!r} has a bad host or port in its server list", redact=redact(url))
        found.append((host, int(port_text or 5432)))
    return tuple(found)


def _read_only(path: Path) -> bool:
    # Mode bits, not os.access: root may write anything, but a file marked read-only means "hands off".
    return not (path.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)) or not os.access(
        path, os.W_OK)


def _check_creatable(path: Path, create: bool) -> None:
    """A store that does not exist yet: refused unless it is to be created, in a folder that exists and is writable."""
    if not create:
        raise StoreError("no store at {path}; run 'secretariat init' to create one", path=path)
    parent = path.parent if str(path.parent) else Path(".")
    if not parent.is_dir():
        raise StoreError("cannot create store {path}: folder {parent} does not exist", path=path, parent=parent)
    if _read_only(parent):
        raise StoreError("cannot create store {path}: folder {parent} is read-only", path=path, parent=parent)


def _tables_and_event_columns(path: Path) -> tuple[set[str], set[str]]:
    """The file's table names and its event table's columns, read without writing anything."""
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
        raise StoreError("store {path} is corrupt: {e}", path=path, e=e) from None
    return tables, cols


def check_sqlite(path: Path, *, create: bool, writing: bool = True) -> None:
    if path.exists() and not stat.S_ISREG(path.stat().st_mode):
        raise StoreError("store {path} is not a regular file", path=path)
    if not path.exists():
        _check_creatable(path, create)
        return
    if writing and _read_only(path):
        raise StoreError("store {path} is read-only", path=path)
    with path.open("rb") as f:
        header = f.read(len(_SQLITE_MAGIC))
    if header and header != _SQLITE_MAGIC:
        raise StoreError("store {path} is not a SQLite database (corrupt or a different file)", path=path)
    if not header:
        if create:
            return  # an empty file: a store not yet initialised
        raise StoreError("store {path} is empty; run 'secretariat init' to initialise it", path=path)
    tables, cols = _tables_and_event_columns(path)
    if tables and "stored_events" not in tables:
        raise StoreError("{path} is a SQLite database but not a Secretariat store", path=path)
    if not tables and not create:
        raise StoreError("store {path} is empty; run 'secretariat init' to initialise it", path=path)
    if cols and "chain_hash" not in cols:
        raise StoreError("store {path} has an event table without a hash chain; not a Secretariat store", path=path)
    if writing:
        why = found_corrupt(path)
        if why:
            raise StoreError("store {path} was found corrupt ({why}); writing to it is refused: restore it from a "
                             "backup ('secretariat verify' still reads it)", path=path, why=why)
        _quick_check(path)


QUICK_CHECK_LIMIT = 256 * 1024 * 1024  # stores up to this size get SQLite's quick_check before any write


def _marker(path: Path) -> Path:
    return path.with_name(path.name + ".corrupt")


def mark_corrupt(url: str | None, why: str) -> None:
    """Remember that this store was found corrupt (a file beside a SQLite store, naming that very file), so
    that writing to it is refused until it is restored. Best effort: a read-only folder keeps no marker."""
    try:
        config = parse_store_url(url)
    except StoreError:
        return
    if config.kind != "sqlite" or config.path is None or not config.path.is_file():
        return
    st = config.path.stat()
    try:
        _marker(config.path).write_text(f"{st.st_dev}:{st.st_ino}\n{why}\n")
    except OSError:
        pass


def found_corrupt(path: Path) -> str | None:
    """Why writing to this SQLite store is refused, if it was found corrupt (and not replaced since)."""
    marker = _marker(path)
    try:
        identity, _, why = marker.read_text()[:4096].partition("\n")
        st = path.stat()
    except (OSError, UnicodeDecodeError):
        return None
    if identity != f"{st.st_dev}:{st.st_ino}":
        return None  # the store was replaced (restored) since: the marker is stale
    return why.strip() or "found corrupt"


def _quick_check(path: Path) -> None:
    """SQLite's own structural check (every page, no index cross-checks); refuses a corrupt store before a
    write lands in it. Skipped above QUICK_CHECK_LIMIT, where it would cost seconds per command."""
    if path.stat().st_size > QUICK_CHECK_LIMIT:
        return
    try:
        # as _tables_and_event_columns: without a WAL file, immutable, so the check leaves no -wal/-shm behind
        wal = path.with_name(path.name + "-wal")
        flags = "mode=ro" if wal.exists() else "mode=ro&immutable=1"
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{flags}", uri=True)
        try:
            rows = conn.execute("PRAGMA quick_check(1)").fetchall()
        finally:
            conn.close()
    except sqlite3.OperationalError:
        return  # busy or locked: not evidence of corruption
    except sqlite3.DatabaseError as e:
        rows = [(str(e),)]
    if rows != [("ok",)]:
        why = str(rows[0][0]) if rows else "quick_check gave no answer"
        mark_corrupt(str(path), why)
        raise StoreError("store {path} is corrupt ({why}); writing to it is refused: restore it from a backup",
                         path=path, why=why)


def check_postgres(config: StoreConfig, *, create: bool) -> str | None:
    """Refuse an unusable server or schema; return why this session cannot write (a standby), if it cannot."""
    import psycopg

    try:
        with psycopg.connect(config.conninfo) as conn:
            setting = conn.execute("SELECT current_setting('transaction_read_only')").fetchone()
            read_only = setting is not None and setting[0] == "on"
            if read_only and create:
                raise StoreError("{config_display} is a read-only server (a standby); a store is created and written "
                                 "on the primary", config_display=config.display)
            schema = config.schema or "public"
            if config.schema:
                found = conn.execute("SELECT 1 FROM information_schema.schemata WHERE schema_name = %s",
                                     (config.schema,)).fetchone()
                if not found:
                    raise StoreError("schema {config_schema!r} does not exist in {config_display}",
                                     config_schema=config.schema, config_display=config.display)
            columns = {r[0] for r in conn.execute(
                "SELECT column_name FROM information_schema.columns WHERE table_schema = %s "
                "AND table_name = 'secretariat_events'", (schema,))}
            if not columns and not create:
                raise StoreError("no Secretariat store in {config_display}; run 'secretariat init' first",
                                 config_display=config.display)
            if columns and "chain_hash" not in columns:
                raise StoreError("{config_display} has an event table without a hash chain; not a Secretariat store",
                                 config_display=config.display)
    except psycopg.Error as e:
        first = first_line(e)
        servers = ",".join(f"{h}:{p}" for h, p in config.hosts) if config.hosts else f"{config.host}:{config.port}"
        raise StoreError("cannot reach PostgreSQL at {servers}/{config_dbname}: {first}", servers=servers,
                         config_dbname=config.dbname, first=first) from None
    if read_only:
        return (f"connected to a read-only server (a standby, {config.display}): registers, history and verify "
                "can be read here; commands, and readings of the event log, are recorded on the primary")
    return None


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
        "POSTGRES_HOST": config.host_list,
        "POSTGRES_PORT": config.port_list,
        "POSTGRES_USER": config.user,
        "POSTGRES_PASSWORD": config.password,
        "POSTGRES_POOL_SIZE": "2",
        "POSTGRES_MAX_OVERFLOW": "8",
        "POSTGRES_LOCK_TIMEOUT": "10",
        # A pooled connection the server dropped (restart, failover, idle timeout) is replaced when it is
        # taken from the pool, instead of failing the next command.
        "POSTGRES_PRE_PING": "y",
        "APPLICATION_RECORDER_TOPIC": POSTGRES_RECORDER_TOPIC,
    }
    if config.schema:
        env["POSTGRES_SCHEMA"] = config.schema
    return env


def check_readable(url: str | None) -> StoreConfig:
    """The store's configuration, once it is known to be a Secretariat store that can be read (a read-only
    file included: auditors verify archived copies) and, up to QUICK_CHECK_LIMIT, not corrupt. Nothing is
    created or written."""
    config = parse_store_url(url)
    if config.kind == "sqlite":
        assert config.path is not None
        check_sqlite(config.path, create=False, writing=False)
        # A corrupt page the chain's own reads never touch (an index of the event rows) still makes the store
        # corrupt: verify, backups and copies say so rather than read around it.
        _quick_check(config.path)
    else:
        check_postgres(config, create=False)
    return config


def create_sqlite_file(path: Path, group: str | None = None) -> None:
    """Create a new, empty store file readable by its owner alone (0600), or by a group (0660) the
    administrator names; SQLite gives its WAL and shared-memory files the same mode."""
    gid = -1
    if group:
        import grp

        try:
            gid = grp.getgrnam(group).gr_gid
        except KeyError:
            raise StoreError("no group named {group!r} on this system", group=group) from None
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o660 if group else 0o600)
    except FileExistsError:
        return
    except OSError as e:
        raise StoreError("cannot create store {path}: {value}", path=path, value=e.strerror or e) from None
    try:
        os.fchmod(fd, 0o660 if group else 0o600)  # whatever the umask
        if group:
            os.fchown(fd, -1, gid)
    except OSError as e:
        os.close(fd)
        path.unlink()
        raise StoreError("cannot give store {path} to group {group}: {value}", path=path, group=group,
                         value=e.strerror or e) from None
    os.close(fd)


APP_ROLE = "secretariat_app"


def postgres_grants(config: StoreConfig, role: str = APP_ROLE) -> list[str]:
    """The SQL an administrator runs (as the store's owner) so that clerks' PostgreSQL roles, members of
    `role`, may add events and read them but never change or remove one. The registers (rebuildable
    tables beside the events) are theirs to write, those a rebuild creates later too (the default privileges of
    the owner, who rebuilds). Each clerk then logs in with a role of their own:
    `CREATE ROLE alice LOGIN IN ROLE secretariat_app` (peer, password or certificate authentication)."""
    schema = config.schema or "public"
    events = f"{schema}.secretariat_events"
    return [
        f"CREATE ROLE {role} NOLOGIN",
        f"GRANT USAGE, CREATE ON SCHEMA {schema} TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {events} FROM {role}",
        f"REVOKE UPDATE, DELETE, TRUNCATE, REFERENCES, TRIGGER ON {schema}.secretariat_blobs FROM {role}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        # Registers are rebuilt blue/green into new tables: the tables the owner creates later get the same
        # rights, or a clerk's next command would find its registers' new tables closed to it.
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {role}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE ON SEQUENCES TO {role}",
    ]
