"""The PostgreSQL application recorder that writes the hash chain inside the insert (see `recorders`).

Its own module, imported only for a PostgreSQL store, so that a SQLite store never loads psycopg."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError as ESIntegrityError
from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.utils import retry
from psycopg.sql import SQL, Identifier

from domain.eventstore.blobs import TABLE as BLOB_TABLE
from domain.eventstore.blobs import blob_table_ddl
from domain.eventstore.blobs import insert_postgres as insert_blobs
from domain.eventstore.chain import GENESIS, ChainRow, link


def _bytes(value: Any) -> Any:
    return bytes(value) if isinstance(value, bytes | bytearray | memoryview) else value


class ChainPostgresApplicationRecorder(PostgresApplicationRecorder):
    def __init__(self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"):
        super().__init__(datastore, events_table_name=events_table_name)
        table = Identifier(self.datastore.schema), Identifier(self.events_table_name)
        self.sql_create_statements[self.create_table_statement_index] = SQL(
            "CREATE TABLE IF NOT EXISTS {}.{} ("
            "originator_id {} NOT NULL, originator_version bigint NOT NULL, "
            "topic text, state bytea, notification_id bigint NOT NULL CHECK (notification_id > 0), "
            "chain_hash bytea NOT NULL, "
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
            "chain_hash) SELECT * FROM unnest(%s::bigint[], %s::{}[], %s::bigint[], %s::text[], "
            "%s::bytea[], %s::bytea[])"
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

    def _lock_table(self, curs: Any) -> None:
        """Serialise inserting transactions (so positions commit in order and readers never skip a gap)
        with a transaction-scoped advisory lock: an INSERT-only role may take it."""
        curs.execute("SELECT pg_advisory_xact_lock(%s)", (self.lock_key,))

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(self, stored_events: Sequence[StoredEvent], **kwargs: Any
                      ) -> Sequence[int] | None:
        if not stored_events:
            return []
        import psycopg

        with self.datastore.get_connection() as conn:
            try:
                with conn.transaction(), conn.cursor() as curs:
                    self._lock_table(curs)
                    self._notify_channel(curs)
                    # attachments' contents commit with the events naming them
                    insert_blobs(curs, self.datastore.schema, kwargs.get("blobs") or {})
                    curs.execute(self.select_head_statement)
                    head = curs.fetchone()
                    if head:
                        position, previous = head["notification_id"], bytes(head["chain_hash"])
                    else:
                        position, previous = 0, GENESIS
                    columns: tuple[list[Any], ...] = ([], [], [], [], [], [])
                    for s in stored_events:
                        position += 1
                        previous = link(previous, position, s.originator_id,
                                        s.originator_version, s.topic, s.state)
                        for column, value in zip(
                            columns,
                            (position, s.originator_id, s.originator_version, s.topic,
                             s.state, previous),
                            strict=True,
                        ):
                            column.append(value)
                    curs.execute(self.chain_insert_statement, columns)
                    return columns[0]
            except psycopg.errors.UniqueViolation as e:
                raise ESIntegrityError(e) from e

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
