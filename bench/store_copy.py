"""Benchmark: copying a store from SQLite to PostgreSQL (`secretariat copy --to`), against a raw COPY of the same
rows measured in the same run.

    python bench/store_copy.py --events 1000000 --store postgresql://user@host/db --json

The raw baseline reads the rows from the SQLite file and COPYs them into a fresh table of the same shape:
no verification, no link checks. Prints one JSON object with both rates (events/s) and their ratio.
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import sys
import tempfile
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stores import fresh_store_url
from bench.verify import fill
from domain.application import open_store
from domain.eventstore.store import parse_store_url
from domain.eventstore.transfer import copy


def raw_copy(source: Path, target_url: str) -> int:
    import psycopg

    config = parse_store_url(target_url)
    table = f'"{config.schema}".raw_copy'
    conn = sqlite3.connect(str(source))
    rows = conn.execute("SELECT rowid, originator_id, originator_version, topic, state, chain_hash "
                        "FROM stored_events ORDER BY rowid")
    n = 0
    with psycopg.connect(config.conninfo) as pg, pg.transaction(), pg.cursor() as cur:
        cur.execute(f"CREATE TABLE {table} (notification_id bigint, originator_id uuid, originator_version bigint, "
                    "topic text, state bytea, chain_hash bytea)")
        with cur.copy(f"COPY {table} FROM STDIN") as out:
            for position, stream, version, topic, state, chain in rows:
                out.write_row((position, uuid.UUID(stream), version, topic, state, chain))
                n += 1
    conn.close()
    return n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--store", required=True, help="postgresql://... (the target server)")
    parser.add_argument("--json", action="store_true", help="JSON output (the default and only format)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "source.db"
        app = open_store(str(source), create=True)
        app.bootstrap("admin")
        fill(app, args.events)
        events = app.head()
        with fresh_store_url(args.store, Path(tmp), "raw") as raw_url:
            start = time.perf_counter()
            assert raw_copy(source, raw_url) == events
            raw = events / (time.perf_counter() - start)
        with fresh_store_url(args.store, Path(tmp), "copy") as url:
            start = time.perf_counter()
            moved = copy(app.store_config, url, open_store)
            rate = events / (time.perf_counter() - start)
            assert moved.head_position == events
        app.close()
    print(json.dumps({"events": events, "raw_copy_events_per_second": round(raw),
                      "copy_events_per_second": round(rate), "ratio_copy_to_raw": round(rate / raw, 3)}))


if __name__ == "__main__":
    main()
