"""Kill test at length: a process registering letters is killed (SIGKILL) at random moments, N times.

    python bench/kill.py --kills 100 [--store postgresql://...] --json

Afterwards every acknowledged command must be stored exactly once, numbers gap-free, the chain intact and
the registers equal to a fresh fold of the history. Prints one JSON object: kills, acknowledged commands,
documents stored, events, seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.stores import fresh_store_url
from domain.application import open_store
from tests.killing import check_after_kills, kill_rounds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--store", help="postgresql://... (default: a SQLite file)")
    parser.add_argument("--json", action="store_true", help="JSON output (the default and only format)")
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp, fresh_store_url(args.store, Path(tmp), "kill") as url:
        os.environ.setdefault("SECRETARIAT_HOME", str(Path(tmp) / "home"))
        app = open_store(url, create=True)
        app.bootstrap("admin")
        seen = kill_rounds(url, Path(tmp), args.kills, args.seed)
        summary = check_after_kills(app, seen["acked"])
        app.close()
    print(json.dumps({"store": "postgresql" if args.store else "sqlite", "kills": args.kills, **summary,
                      "seconds": round(time.perf_counter() - started, 1)}))


if __name__ == "__main__":
    main()
