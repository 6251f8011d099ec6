"""Nothing of PostgreSQL loads for a SQLite store: psycopg and the PostgreSQL recorder stay out of the
process through a command, the registers' catch-up and the UI's modules (checked in a fresh process)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SCRIPT = """
import sys
from datetime import date
from domain.application import open_store
from domain.correspondence import ReceiveDocument
from projections.runner import Registers
import tui.app, tui.cli.main
app = open_store(sys.argv[1], create=True)
app.bootstrap("admin")
registers = Registers(app)
registers.setup()
app.handle(ReceiveDocument(received_on=date(2026, 5, 1), sender="Sender", subject="Subject"), user="admin")
registers.catch_up()
loaded = sorted(m for m in sys.modules if m.split(".")[0] in ("psycopg", "psycopg_pool", "psycopg_c", "psycopg_binary")
                or m in ("eventsourcing.postgres", "domain.eventstore.postgres_recorder"))
print(",".join(loaded))
"""


def test_a_sqlite_store_never_imports_postgresql(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path / "store.db")], cwd=ROOT,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == ""
