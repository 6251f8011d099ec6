"""Benchmark: attaching files and checking their contents, each against the bare work it cannot beat, in one run.

    python bench/attachments.py --files 50 --size-kb 1024 --events 10000 --runs 3 [--store postgresql://...]

- attach: `domain.attachments.attach` of a new file of --size-kb to a letter (type check, sha256, policy, the
  event and its content in one transaction), per file; the raw baseline commits the same bytes with one bare
  INSERT in a transaction of its own on a plain connection (synchronous FULL on SQLite, as commands are);
- check: `blobs.check_blobs` over the store (find the events naming contents, read and hash each), in MB/s; the
  raw baseline SELECTs every content on one cursor and hashes it.

The store holds --events events of history first (users added in batches), so finding the attachment events is
measured against a history of that size. Prints one JSON object: medians over the runs and the ratios.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stores import fresh_store_url
from bench.verify import fill
from domain.application import open_store
from domain.attachments import attach
from domain.correspondence import ReceiveDocument, document_id
from domain.eventstore.blobs import check_blobs
from domain.eventstore.snapshot import snapshot_of


def _content(size: int) -> bytes:
    return b"%PDF-1.4\n" + os.urandom(size - 9)


def raw_insert_ms(app: Any, contents: list[bytes]) -> list[float]:
    """Commit each content with one bare INSERT in its own transaction: the floor of attaching one."""
    config, times = app.store_config, []
    if config.kind == "sqlite":
        import sqlite3

        conn = sqlite3.connect(str(config.path), isolation_level=None)
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("CREATE TABLE raw_blobs (sha256 TEXT PRIMARY KEY, size INTEGER, content BLOB)")
        for content in contents:
            start = time.perf_counter()
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO raw_blobs VALUES (?, ?, ?)", (hashlib.sha256(content).hexdigest(),
                                                                     len(content), content))
            conn.execute("COMMIT")
            times.append((time.perf_counter() - start) * 1000)
        conn.execute("DROP TABLE raw_blobs")
        conn.close()
        return times
    import psycopg

    table = f"{config.schema or 'public'}.raw_blobs"
    with psycopg.connect(config.conninfo, autocommit=True) as conn:
        conn.execute(f"CREATE TABLE {table} (sha256 text PRIMARY KEY, size bigint, content bytea)")
        for content in contents:
            start = time.perf_counter()
            with conn.transaction():
                conn.execute(f"INSERT INTO {table} VALUES (%s, %s, %s)",
                             (hashlib.sha256(content).hexdigest(), len(content), content))
            times.append((time.perf_counter() - start) * 1000)
        conn.execute(f"DROP TABLE {table}")
    return times


def raw_hash_seconds(app: Any) -> float:
    """SELECT every content on one cursor and hash it: the floor of checking them."""
    config, start = app.store_config, time.perf_counter()
    if config.kind == "sqlite":
        import sqlite3

        conn = sqlite3.connect(str(config.path))
        for sha, content in conn.execute("SELECT sha256, content FROM secretariat_blobs"):
            assert hashlib.sha256(content).hexdigest() == sha
        conn.close()
    else:
        import psycopg

        with psycopg.connect(config.conninfo) as conn:
            for sha, content in conn.execute(
                    f"SELECT sha256, content FROM {config.schema or 'public'}.secretariat_blobs").fetchall():
                assert hashlib.sha256(content).hexdigest() == sha
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=50)
    parser.add_argument("--size-kb", type=int, default=1024)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--store", help="postgresql://... to measure PostgreSQL (default: a SQLite file)")
    args = parser.parse_args()
    size = args.size_kb * 1024
    attach_p50, raw_p50, check_rates, raw_rates = [], [], [], []
    for run in range(args.runs):
        with tempfile.TemporaryDirectory() as tmp, fresh_store_url(args.store, Path(tmp), f"attach{run}") as url:
            app = open_store(url, create=True)
            app.bootstrap("admin")
            fill(app, args.events)
            numbers = [app.handle(ReceiveDocument(received_on=date(2026, 3, 2), sender="Ministry", subject=f"l{n}"),
                                  user="admin").message.split()[0] for n in range(args.files)]
            contents = [_content(size) for _ in numbers]
            times = []
            for number, content in zip(numbers, contents, strict=True):
                start = time.perf_counter()
                attach(app, "admin", document_id(number), number, content, f"{number}.pdf")
                times.append((time.perf_counter() - start) * 1000)
            attach_p50.append(statistics.median(times))
            raw_p50.append(statistics.median(raw_insert_ms(app, [_content(size) for _ in numbers])))
            megabytes = args.files * size / 1048576
            start = time.perf_counter()
            with snapshot_of(app.recorder) as snap:
                report = check_blobs(snap)
            assert report.ok and report.checked == args.files, report.describe()
            check_rates.append(megabytes / (time.perf_counter() - start))
            raw_rates.append(megabytes / raw_hash_seconds(app))
            app.close()
    attach_ms, raw_ms = statistics.median(attach_p50), statistics.median(raw_p50)
    check, raw = statistics.median(check_rates), statistics.median(raw_rates)
    print(json.dumps({"store": "postgresql" if args.store else "sqlite", "events": args.events, "files": args.files,
                      "size_kb": args.size_kb, "runs": args.runs,
                      "attach_p50_ms": round(attach_ms, 2), "raw_insert_p50_ms": round(raw_ms, 2),
                      "ratio_raw_to_attach": round(raw_ms / attach_ms, 3),
                      "check_mb_per_second": round(check, 1), "raw_select_hash_mb_per_second": round(raw, 1),
                      "ratio_check_to_raw": round(check / raw, 3)}))


if __name__ == "__main__":
    main()
