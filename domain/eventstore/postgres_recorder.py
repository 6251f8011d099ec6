"""The PostgreSQL application recorder that writes the hash chain inside the insert (see `recorders`).

Its own module, imported only for a PostgreSQL store, so that a SQLite store never loads psycopg.

A command runs on one pooled connection (`pinned`): taken (and pinged) once, not once per record read, and
its insert is pipelined (lock, head and the blobs in one round trip; the rows and the commit in another). A
command that takes a registration number runs `writing`: its first read takes the writers' lock and the head in
the same round trip, and its insert is then one round trip (see `writing`).
"""

from __future__ import annotations

import hashlib
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    DatabaseError,
    DataError,
    InterfaceError,
    InternalError,
    NotSupportedError,
    OperationalError,
    PersistenceError,
    ProgrammingError,
    StoredEvent,
)
from eventsourcing.persistence import IntegrityError as ESIntegrityError
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.utils import retry
from psycopg.sql import SQL, Identifier

from domain.eventstore import envelopes
from domain.eventstore.blobs import TABLE as BLOB_TABLE
from domain.eventstore.blobs import blob_table_ddl
from domain.eventstore.blobs import insert_postgres as insert_blobs
from domain.eventstore.chain import GENESIS, ChainRow, Linker
from domain.eventstore.recorders import FreshReads

PING_AFTER_IDLE_SECONDS = 1.0  # a pooled connection unused this long is pinged before it is handed out again
_TAKEN: weakref.WeakKeyDictionary[Any, float] = weakref.WeakKeyDictionary()  # when each was last handed out


def _ping_if_idle(conn: Any) -> None:
    """The pool's check of a connection it hands out (POSTGRES_PRE_PING): a round trip to the server, but only
    for a connection idle for a while, which the server may have dropped meanwhile (restart, failover, idle
    timeout); one handed out a moment ago is used as it is (a ping per command cost a round trip in three).
    A connection that fails its first statement all the same is replaced by the callers' retry."""
    now = time.monotonic()
    last = _TAKEN.get(conn)
    _TAKEN[conn] = now
    if last is None or now - last > PING_AFTER_IDLE_SECONDS:
        from psycopg_pool import ConnectionPool

        ConnectionPool.check_connection(conn)


def _bytes(value: Any) -> Any:
    return bytes(value) if isinstance(value, bytes | bytearray | memoryview) else value


def _library_error(e: Exception) -> Exception:
    """The eventsourcing library's error for a psycopg one, as its datastore raises them (its `retry` and our
    callers catch those), for errors on a pinned connection, which does not pass through the datastore."""
    import psycopg

    for ours, theirs in ((psycopg.InterfaceError, InterfaceError), (psycopg.OperationalError, OperationalError),
                         (psycopg.DataError, DataError), (psycopg.IntegrityError, ESIntegrityError),
                         (psycopg.InternalError, InternalError), (psycopg.ProgrammingError, ProgrammingError),
                         (psycopg.NotSupportedError, NotSupportedError), (psycopg.DatabaseError, DatabaseError),
                         (psycopg.Error, PersistenceError)):
        if isinstance(e, ours):
            return theirs(str(e))
    return e


@contextmanager
def pipelined_transaction(conn: Any, *, begun: bool = False) -> Iterator[None]:
    """One transaction of an autocommit connection, its statements pipelined: BEGIN is sent with the first of
    them and COMMIT with the last, so a transaction whose statements need no answer before the end costs one
    round trip (each read of an answer costs one more). Rolled back if anything fails. `begun`: the
    transaction is open already (`writing`); only its end is sent here."""
    try:
        with conn.pipeline():
            if not begun:
                conn.execute("BEGIN")
            yield
            conn.execute("COMMIT")
    except BaseException:
        _roll_back(conn)
        raise


def _roll_back(conn: Any) -> None:
    """Roll back the open transaction, if any: a lost connection has nothing to roll back (the server did)."""
    from psycopg.pq import TransactionStatus

    status = None if conn.closed or conn.broken else conn.pgconn.transaction_status
    if status in (TransactionStatus.INTRANS, TransactionStatus.INERROR):
        conn.execute("ROLLBACK")


@dataclass
class _Writing:
    """A `writing` block of one thread: its connection, whether its transaction holding the writers' lock is
    open, and the chain's head read under that lock (position, hash)."""

    conn: Any
    begun: bool = False
    head: tuple[int, bytes] | None = None


# The event log's indexes (`envelopes.INDEXED`), each ending with the position; and the stream as the hex text the
# registers use, which the event log filters on.
_PG_INDEXES = (*((columns, ", ".join(columns) + ", notification_id") for columns in envelopes.INDEXED),
               (("stream",), "replace(originator_id::text, '-', '')"))


class ChainPostgresApplicationRecorder(PostgresApplicationRecorder):
    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        table = Identifier(self.datastore.schema), Identifier(self.events_table_name)
        self.sql_create_statements[self.create_table_statement_index] = SQL(
            "CREATE TABLE IF NOT EXISTS {}.{} ("
            "originator_id {} NOT NULL, originator_version bigint NOT NULL, "
            "topic text, state bytea, notification_id bigint NOT NULL CHECK (notification_id > 0), "
            "chain_hash bytea NOT NULL, "
            + "".join(f"{c} text, " for c in envelopes.COLUMNS) +
            "PRIMARY KEY (originator_id, originator_version))"
        ).format(*table, Identifier(self.datastore.originator_id_type))
        # The library's insert function does not chain; it must never be used here.
        del self.sql_create_statements[self.create_insert_function_statement_index]
        # History is append-only in the database itself: a trigger refuses UPDATE, DELETE and TRUNCATE
        # of the event table whoever asks (the grants printed by `init` also withhold those privileges).
        guard = Identifier(self.datastore.schema), Identifier(f"{self.events_table_name}_append_only")
        self.sql_create_statements.append(SQL(
            "CREATE OR REPLACE FUNCTION {}.{}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            "RAISE EXCEPTION 'the event table is append-only: % refused', TG_OP "
            "USING ERRCODE = 'insufficient_privilege'; END $$").format(*guard))
        self.sql_create_statements.append(SQL(
            "CREATE OR REPLACE TRIGGER append_only_rows BEFORE UPDATE OR DELETE ON {}.{} "
            "FOR EACH ROW EXECUTE FUNCTION {}.{}()").format(*table, *guard))
        self.sql_create_statements.append(SQL(
            "CREATE OR REPLACE TRIGGER append_only_truncate BEFORE TRUNCATE ON {}.{} "
            "FOR EACH STATEMENT EXECUTE FUNCTION {}.{}()").format(*table, *guard))
        # Attachments' contents, beside the events; created with the store so that the grants `init` prints cover
        # it (a store created before gets it on first use, by its first attaching role).
        self.sql_create_statements.append(SQL(blob_table_ddl("postgresql")).format(
            Identifier(self.datastore.schema), Identifier(BLOB_TABLE)))
        # Writers are serialised by an advisory lock rather than the library's EXCLUSIVE table lock,
        # which PostgreSQL grants only to roles holding UPDATE, DELETE or TRUNCATE on the table.
        self.lock_key = int.from_bytes(hashlib.sha256(
            f"{self.datastore.schema}.{self.events_table_name}".encode()).digest()[:8], "big", signed=True)
        self.chain_insert_statement = SQL(
            "INSERT INTO {}.{} (notification_id, originator_id, originator_version, topic, state, "
            "chain_hash, " + ", ".join(envelopes.COLUMNS) + ") SELECT * FROM unnest(%s::bigint[], %s::{}[], "
            "%s::bigint[], %s::text[], %s::bytea[], %s::bytea[]" + ", %s::text[]" * len(envelopes.COLUMNS) + ")"
        ).format(*table, Identifier(self.datastore.originator_id_type))
        self.select_head_statement = SQL(
            "SELECT notification_id, chain_hash FROM {}.{} ORDER BY notification_id DESC LIMIT 1"
        ).format(*table)
        self.select_chain_statement = SQL(
            "SELECT notification_id, originator_id, originator_version, topic, state, chain_hash "
            "FROM {}.{} WHERE notification_id > %s ORDER BY notification_id LIMIT %s"
        ).format(*table)
        self.select_bounds_statement = SQL(
            "SELECT COUNT(*) AS n, MIN(notification_id) AS low, MAX(notification_id) AS high FROM {}.{}"
        ).format(*table)
        self.select_hash_at_statement = SQL(
            "SELECT chain_hash FROM {}.{} WHERE notification_id = %s"
        ).format(*table)
        self.select_changes_statement = SQL(
            "SELECT notification_id, originator_id, originator_version FROM {}.{} WHERE notification_id > %s "
            "ORDER BY notification_id LIMIT %s").format(*table)
        self.select_stream_after_statement = SQL(
            "SELECT originator_version, topic, state FROM {}.{} WHERE originator_id = %s "
            "AND originator_version > %s ORDER BY originator_version").format(*table)
        self._local = threading.local()  # this thread's pinned connection, during a command
        pool = getattr(self.datastore, "pool", None)
        if getattr(pool, "_check", None) is not None:  # psycopg_pool's check, set by POSTGRES_PRE_PING
            pool._check = _ping_if_idle  # type: ignore[union-attr]

    @contextmanager
    def pinned(self) -> Iterator[None]:
        """Every read and write of this thread, until the end of the block, on one pooled connection: taken
        (and pinged) once. Re-entrant. A connection that breaks meanwhile is left, and the pool serves the rest."""
        if getattr(self._local, "conn", None) is not None:
            yield
            return
        with self.datastore.get_connection() as conn:
            self._local.conn = conn
            try:
                yield
            finally:
                self._local.conn = None

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Until the block ends, this thread's commands read and insert in one transaction holding the writers'
        lock (the advisory lock every insert takes): nobody else appends between a command's reads and its
        insert, so a registration counter it read is still the latest when it inserts, and it cannot lose the
        race for it (under contention, every lost race cost a whole try). The lock is taken by the command's
        first read (`command_reads`, in the same round trip, with the chain's head) and released by its
        insert's commit, which is then one round trip (a failed insert rolls back, and the next try's first read
        locks again). A try that inserts nothing (refused) keeps the lock for the next try; the end of the block
        rolls back what is left. Only inside `pinned`; re-entrant."""
        local = self._local
        conn = getattr(local, "conn", None)
        if conn is None or getattr(local, "writing", None) is not None:
            yield
            return
        held = local.writing = _Writing(conn)
        try:
            yield
        finally:
            local.writing = None
            if held.begun:
                try:
                    _roll_back(conn)
                except Exception:  # a broken connection: the server ended the transaction
                    pass

    def _writing(self, conn: Any) -> _Writing | None:
        """This thread's `writing` block if `conn` is its connection (not a pooled stand-in for a broken one)."""
        held: _Writing | None = getattr(self._local, "writing", None)
        return held if held is not None and held.conn is conn else None

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        """The pinned connection of this thread if there is a usable one (its psycopg errors turned into the
        library's, as the datastore does), else one from the pool."""
        conn = getattr(self._local, "conn", None)
        if conn is None or conn.closed or conn.broken:
            with self.datastore.get_connection() as pooled:
                yield pooled
            return
        try:
            yield conn
        except Exception as e:
            error = _library_error(e)
            if error is e:
                raise
            raise error from e

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def select_events(self, originator_id: UUID | str, *, gt: int | None = None, lte: int | None = None,
                      desc: bool = False, limit: int | None = None) -> Sequence[StoredEvent]:
        """As the library's, on the pinned connection; one prepared statement per shape, rendered once."""
        shape = (gt is not None, lte is not None, desc, limit is not None)
        statements: dict[tuple[bool, bool, bool, bool], Any] = self.__dict__.setdefault("_select_shapes", {})
        params: list[Any] = [originator_id]
        params += [v for v in (gt, lte) if v is not None]
        if limit is not None:
            params.append(limit)
        with self._connection() as conn:
            statement = statements.get(shape)
            if statement is None:
                composed = self.select_events_statement
                composed += SQL(" AND originator_version > %s") if gt is not None else SQL("")
                composed += SQL(" AND originator_version <= %s") if lte is not None else SQL("")
                composed += SQL(" ORDER BY originator_version DESC" if desc else " ORDER BY originator_version ASC")
                composed += SQL(" LIMIT %s") if limit is not None else SQL("")
                statement = statements[shape] = composed.as_string(conn)
            with conn.cursor() as curs:
                curs.execute(statement, params, prepare=True)
                return [StoredEvent(originator_id=row["originator_id"], originator_version=row["originator_version"],
                                    topic=row["topic"], state=bytes(row["state"])) for row in curs.fetchall()]

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def max_notification_id(self) -> int | None:
        with self._connection() as conn, conn.cursor() as curs:
            curs.execute(self.max_notification_id_statement, prepare=True)
            found = curs.fetchone()
            return None if found is None else found["max"]

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def command_reads(self, since: int, limit: int, streams: Sequence[tuple[UUID, int]]) -> FreshReads:
        """The head, the events after `since` (at most `limit`) and the given streams past the given versions
        (see `FreshReads`): one round trip, pipelined (each its own statement, so the streams may be read a
        little later than the changes). In a `writing` block, the first read of a try also begins its
        transaction and takes the writers' lock, and every read there reads the chain's head, in the same round trip."""
        with self._connection() as conn:
            changes_curs = conn.cursor()
            cursors = []
            held = self._writing(conn)
            head_curs = conn.cursor() if held is not None else None
            try:
                with conn.pipeline():  # its end sends them all and waits once; the answers are read after
                    if held is not None and not held.begun:
                        conn.execute("BEGIN")
                        held.begun = True
                        self._lock_table(conn.cursor())
                    if head_curs is not None:
                        head_curs.execute(self.select_head_statement, prepare=True)
                    changes_curs.execute(self.select_changes_statement, (since, limit + 1), prepare=True)
                    for originator_id, gt in streams:
                        curs = conn.cursor()
                        curs.execute(self.select_stream_after_statement, (originator_id, gt), prepare=True)
                        cursors.append((originator_id, curs))
            except BaseException:
                if held is not None and held.begun:  # e.g. the lock's wait timed out: a retry begins again
                    held.begun, held.head = False, None
                    _roll_back(conn)
                raise
            if held is not None and head_curs is not None:
                top = head_curs.fetchone()
                held.head = (int(top["notification_id"]), bytes(top["chain_hash"])) if top else (0, GENESIS)
                head_curs.close()
            rows = changes_curs.fetchall()
            changes_curs.close()
            found: dict[UUID, list[StoredEvent]] = {}
            for originator_id, curs in cursors:
                found[originator_id] = [
                    StoredEvent(originator_id=originator_id, originator_version=r["originator_version"],
                                topic=r["topic"], state=bytes(r["state"])) for r in curs.fetchall()]
                curs.close()
            if len(rows) > limit:
                return FreshReads(self.max_notification_id() or 0, None, found)
        head = int(rows[-1]["notification_id"]) if rows else since
        return FreshReads(head, [(r["originator_id"], int(r["originator_version"])) for r in rows], found)

    def _lock_table(self, curs: Any) -> None:
        """Serialise inserting transactions (so positions commit in order and readers never skip a gap)
        with a transaction-scoped advisory lock: an INSERT-only role may take it."""
        curs.execute("SELECT pg_advisory_xact_lock(%s)", (self.lock_key,), prepare=True)

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any
                      ) -> Sequence[int] | None:
        """Two round trips, pipelined: BEGIN, the writers' lock, NOTIFY, the attachments' contents and the chain's
        head; then the rows (chained here from that head) and COMMIT. In a `writing` block whose try holds the
        lock and knows the head already: one round trip, and the try's transaction ends here either way."""
        if not stored_events:
            return []
        if not self._envelopes_ready:
            self.ensure_envelope_columns()
        import psycopg

        with self._connection() as conn:
            held = self._writing(conn)
            known = held.head if held is not None and held.begun else None
            if held is not None:
                held.begun, held.head = False, None
            try:
                # BEGIN and COMMIT as statements of the pipeline: psycopg's transaction block would wait for each
                with pipelined_transaction(conn, begun=known is not None), conn.cursor() as curs, \
                        conn.cursor() as head_curs:
                    if known is None:
                        self._lock_table(curs)
                    self._notify_channel(curs)
                    # attachments' contents commit with the events naming them
                    insert_blobs(curs, self.datastore.schema, kwargs.get("blobs") or {})
                    if known is None:
                        head_curs.execute(self.select_head_statement, prepare=True)
                        head = head_curs.fetchone()
                        known = (head["notification_id"], bytes(head["chain_hash"])) if head else (0, GENESIS)
                    position, previous = known
                    columns: tuple[list[Any], ...] = tuple([] for _ in range(6 + len(envelopes.COLUMNS)))
                    link = Linker()
                    of_stored = envelopes.of_stored
                    for s in stored_events:
                        position += 1
                        previous = link(previous, position, s.originator_id,
                                        s.originator_version, s.topic, s.state)
                        for column, value in zip(
                            columns,
                            (position, s.originator_id, s.originator_version, s.topic,
                             s.state, previous, *of_stored(s)),
                            strict=True,
                        ):
                            column.append(value)
                    curs.execute(self.chain_insert_statement, columns, prepare=True)
                return columns[0]
            except psycopg.errors.UniqueViolation as e:
                raise ESIntegrityError(e) from e

    _envelopes_ready = False  # the envelope's columns and their indexes are known to be there

    def ensure_envelope_columns(self) -> None:
        """As the SQLite recorder's: a store written before the envelope's columns gets them, filled for its old
        rows (the append-only trigger is held off for that, in the same transaction, so by the table's owner
        only), and their indexes. A role that may not alter the table leaves that to the owner."""
        if self._envelopes_ready:
            return
        import psycopg

        schema, t = self.datastore.schema, self.events_table_name
        table = Identifier(schema), Identifier(t)
        try:
            with self.datastore.get_connection() as conn, conn.transaction(), conn.cursor() as curs:
                self._lock_table(curs)  # one process looks and adds at a time (two CREATE INDEX would collide)
                curs.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = %s "
                             "AND table_name = %s", (schema, t))
                missing = envelopes.missing_columns([r["column_name"] for r in curs.fetchall()])
                curs.execute("SELECT indexname FROM pg_indexes WHERE schemaname = %s AND tablename = %s", (schema, t))
                indexes = {r["indexname"] for r in curs.fetchall()}
                if missing:
                    self._fill_envelopes(curs, table, missing)
                for columns, expression in _PG_INDEXES:
                    name = envelopes.index_name(t, columns)
                    if name not in indexes:
                        curs.execute(SQL("CREATE INDEX IF NOT EXISTS {} ON {}.{} (" + expression + ")").format(
                            Identifier(name), *table))
        except (psycopg.errors.InsufficientPrivilege, ProgrammingError) as e:
            if not isinstance(e, psycopg.errors.InsufficientPrivilege) and "permission" not in str(e).lower() \
                    and "owner" not in str(e).lower():
                raise
            return  # not the owner: the columns are there once the owner has opened the store
        self._envelopes_ready = True

    def _fill_envelopes(self, curs: Any, table: tuple[Any, Any], missing: list[str]) -> None:
        for column in missing:
            curs.execute(SQL("ALTER TABLE {}.{} ADD COLUMN IF NOT EXISTS {} text").format(*table, Identifier(column)))
        curs.execute(SQL("ALTER TABLE {}.{} DISABLE TRIGGER append_only_rows").format(*table))
        update = SQL("UPDATE {}.{} AS e SET " + ", ".join(f"{c} = v.{c}" for c in envelopes.COLUMNS) +
                     " FROM unnest(%s::bigint[]" + ", %s::text[]" * len(envelopes.COLUMNS) + ") AS v(position, " +
                     ", ".join(envelopes.COLUMNS) + ") WHERE e.notification_id = v.position").format(*table)
        select = SQL("SELECT notification_id, state FROM {}.{} WHERE notification_id > %s "
                     "ORDER BY notification_id LIMIT %s").format(*table)
        position = 0
        while True:
            curs.execute(select, (position, envelopes.FILL_CHUNK))
            rows = curs.fetchall()
            if not rows:
                break
            found = [(r["notification_id"], *envelopes.of_state(bytes(r["state"]))) for r in rows]
            curs.execute(update, [list(column) for column in zip(*found, strict=True)])
            position = rows[-1]["notification_id"]
        curs.execute(SQL("ALTER TABLE {}.{} ENABLE TRIGGER append_only_rows").format(*table))

    @contextmanager
    def stream_reader(self) -> Iterator[Callable[[UUID], list[StoredEvent]]]:
        """A function reading whole streams, all on one connection in one transaction (see the SQLite
        recorder): one round trip per stream, none to the pool."""
        with self.datastore.transaction(commit=False) as curs:
            # Rendered once: psycopg re-renders a composed statement on every execute.
            statement = (self.select_events_statement + SQL(" ORDER BY originator_version")).as_string(
                curs.connection)

            def read(originator_id: UUID) -> list[StoredEvent]:
                curs.execute(statement, [originator_id], prepare=True)
                return [StoredEvent(originator_id=originator_id, originator_version=r["originator_version"],
                                    topic=r["topic"], state=bytes(r["state"])) for r in curs.fetchall()]
            yield read

    def _iter_rows(self, statement: Any, params: Sequence[Any]) -> Iterator[dict[str, Any]]:
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(statement, params)
            yield from curs.fetchall()

    def select_chain(self, start: int = 0, limit: int = 10_000) -> list[ChainRow]:
        return [
            ChainRow(r["notification_id"], r["originator_id"], r["originator_version"],
                     r["topic"], _bytes(r["state"]), _bytes(r["chain_hash"]))
            for r in self._iter_rows(self.select_chain_statement, (start, limit))
        ]

    def chain_bounds(self) -> tuple[int, int, int]:
        [row] = list(self._iter_rows(self.select_bounds_statement, ()))
        return int(row["n"]), int(row["low"] or 0), int(row["high"] or 0)

    def chain_hash_at(self, position: int) -> bytes | None:
        rows = list(self._iter_rows(self.select_hash_at_statement, (position,)))
        return bytes(rows[0]["chain_hash"]) if rows else None
