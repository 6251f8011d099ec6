"""The chain recorders pass the eventsourcing library's own ApplicationRecorderTestCase."""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path
from urllib.parse import urlsplit

from eventsourcing.postgres import PostgresDatastore
from eventsourcing.sqlite import SQLiteDatastore
from eventsourcing.tests.persistence import ApplicationRecorderTestCase

from domain.eventstore.chain import check_chain
from domain.eventstore.recorders import ChainPostgresApplicationRecorder, ChainSQLiteApplicationRecorder
from tests.pg import PG_URL, drop_schema, new_schema, requires_pg


def _join_stray_threads(before: set[threading.Thread]) -> None:
    """The library's concurrency tests stop their reader threads without joining them; closing the
    datastore under a reader still in a query can crash the interpreter."""
    for thread in set(threading.enumerate()) - before:
        if not thread.daemon:  # pool workers are daemons that live as long as their pool
            thread.join(timeout=30)


class TestChainSQLiteRecorder(ApplicationRecorderTestCase[ChainSQLiteApplicationRecorder]):
    def setUp(self) -> None:
        self._threads = set(threading.enumerate())
        self._dir = tempfile.TemporaryDirectory()
        self.db = str(Path(self._dir.name) / "events.db")
        self.datastores: list[SQLiteDatastore] = []

    def tearDown(self) -> None:
        _join_stray_threads(self._threads)
        for d in self.datastores:
            d.close()
        self._dir.cleanup()

    def create_recorder(self) -> ChainSQLiteApplicationRecorder:
        datastore = SQLiteDatastore(db_name=self.db)
        self.datastores.append(datastore)
        recorder = ChainSQLiteApplicationRecorder(datastore)
        recorder.create_table()
        return recorder

    def test_chain_is_valid_after_inserts(self) -> None:
        self.test_insert_select()
        recorder = self.create_recorder()
        report = check_chain(recorder.select_chain())
        self.assertTrue(report.ok)
        self.assertEqual(report.count, recorder.max_notification_id())


@requires_pg
class TestChainPostgresRecorder(ApplicationRecorderTestCase[ChainPostgresApplicationRecorder]):
    def setUp(self) -> None:
        self._threads = set(threading.enumerate())
        self.schema = new_schema()
        self.datastores: list[PostgresDatastore] = []

    def tearDown(self) -> None:
        _join_stray_threads(self._threads)
        for d in self.datastores:
            d.close()
        drop_schema(self.schema)

    def create_recorder(self) -> ChainPostgresApplicationRecorder:
        u = urlsplit(PG_URL)
        datastore = PostgresDatastore(
            dbname=u.path.lstrip("/"), host=u.hostname or "127.0.0.1", port=u.port or 5432,
            user=u.username or "postgres", password=u.password or "", schema=self.schema,
            pool_size=4, max_overflow=10,
        )
        self.datastores.append(datastore)
        recorder = ChainPostgresApplicationRecorder(datastore)
        recorder.create_table()
        return recorder

    def test_chain_is_valid_after_inserts(self) -> None:
        self.test_insert_select()
        recorder = self.create_recorder()
        report = check_chain(recorder.select_chain())
        self.assertTrue(report.ok)
        self.assertEqual(report.count, recorder.max_notification_id())
