"""Long fuzzing run of the command line: every sub-command with hostile arguments, for as many inputs as asked.

    python bench/fuzz.py --examples 5000 [--seed N] --json

Prints one JSON object: inputs tried, exit codes seen, seconds, and the failures (command line and what
broke the contract: exit 3, a traceback, more than one line, or something written by a failed command).
The suite runs the same strategy for a few hundred inputs (tests/tui/test_fuzz_cli.py).
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from hypothesis import HealthCheck, given, settings
from hypothesis import seed as hypothesis_seed

from tests.fuzzing import argv_strategy, run_one
from tui.cli.main import main as cli


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--examples", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--json", action="store_true", help="JSON output (the default and only format)")
    args = parser.parse_args()
    codes: collections.Counter[int] = collections.Counter()
    failures: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        os.environ["SECRETARIAT_HOME"] = str(folder / "home")
        os.chdir(folder)
        store = str(folder / "store.db")
        assert cli(["--store", store, "--user", "admin", "init"]) == 0
        from domain.application import open_store

        app = open_store(store)

        @hypothesis_seed(args.seed)
        @settings(max_examples=args.examples, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))
        @given(argv=argv_strategy(store, folder))
        def one(argv: list[str]) -> None:
            try:
                codes[run_one(cli, argv, app.head)[0]] += 1
            except AssertionError as e:
                codes[-1] += 1
                if len(failures) < 50:
                    failures.append(repr(e)[:500])

        one()
        app.close()
    print(json.dumps({"inputs": sum(codes.values()), "exit_codes": {str(k): v for k, v in sorted(codes.items())},
                      "seconds": round(time.perf_counter() - started, 1), "failures": failures}))


if __name__ == "__main__":
    main()
