"""Backups, restores and copies on the command line: `secretariat backup`, `restore` (and `restore --check`, the
monthly drill) and `copy --to`. The work is done in domain/eventstore/transfer.py; this module parses, shows
progress and prints one line per outcome."""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from domain.errors import StoreError
from tui.i18n.catalogue import _


def add_parsers(sub: Any) -> None:
    bk = sub.add_parser("backup", help=_("write a consistent copy of the store while others work, then verify it"))
    bk.add_argument("--out", type=Path, required=True,
                    help=_("a new file (SQLite store) or a new or empty folder (PostgreSQL store, export format)"))
    rs = sub.add_parser("restore", help=_("create the store named by --store from a backup (a SQLite backup file or "
                        "a whole-history export folder); --check restores into a scratch store instead"))
    rs.add_argument("path", type=Path, help=_("the backup file or folder"))
    rs.add_argument("--check", action="store_true", help=_("the drill: restore into a scratch store, compare head "
                    "hashes, keep nothing"))
    cp = sub.add_parser("copy", help=_("copy the store's whole history into another (empty) store, e.g. SQLite to "
                        "PostgreSQL; run again to continue a copy that was stopped"))
    cp.add_argument("--to", required=True, metavar="URL", help=_("the target store URL"))


def _progress(stream: Any = None) -> Callable[[int, int, float], None] | None:
    stream = stream or sys.stderr
    if not stream.isatty():
        return None

    def show(done: int, total: int, rate: float) -> None:
        line = _("{done:,} / {total:,} events  {rate:,.0f} events/s  about {seconds:,} s left", done=done,
                 total=total, rate=rate, seconds=round((total - done) / rate)) if rate > 0 else \
            _("{done:,} / {total:,} events", done=done, total=total)
        stream.write(f"\r{line}   ")
        if done >= total:
            stream.write("\n")
        stream.flush()
    return show


def run_backup(args: argparse.Namespace, url: str | None) -> int:
    from domain.eventstore.store import check_readable
    from domain.eventstore.transfer import backup

    moved = backup(check_readable(url), args.out, _open_store)
    print(_("backup written to {args_out}: {moved_events} events, head position {moved_head_position}, head hash "
            "{moved_head_hash} (its chain verified)", args_out=args.out, moved_events=moved.events,
            moved_head_position=moved.head_position, moved_head_hash=moved.head_hash))
    return 0


def run_restore(args: argparse.Namespace, url: str | None) -> int:
    from domain.eventstore.transfer import restore

    if args.check:
        with tempfile.TemporaryDirectory(prefix="secretariat-drill-") as tmp:
            moved = restore(args.path, str(Path(tmp) / "drill.db"), _open_store)
            expected = _backup_head(args.path)
        if expected != moved.head_hash:
            print(_("restore check failed: the restored head hash {moved_head_hash} differs from the backup's "
                    "{expected}", moved_head_hash=moved.head_hash, expected=expected), file=sys.stderr)
            return 1
        print(_("restore check passed: {moved_events} events restored into a scratch store, head position "
                "{moved_head_position}, head hash {moved_head_hash} as in the backup", moved_events=moved.events,
                moved_head_position=moved.head_position, moved_head_hash=moved.head_hash))
        return 0
    if not url:
        raise StoreError("name the store to create with --store (a new file or an empty PostgreSQL schema)")
    moved = restore(args.path, url, _open_store, _progress())
    _rebuild_registers(url)
    print(_("restored {moved_events} events into {display}: head position {moved_head_position}, head hash "
            "{moved_head_hash}; registers rebuilt", moved_events=moved.events, display=_display(url),
            moved_head_position=moved.head_position, moved_head_hash=moved.head_hash))
    return 0


def run_copy(args: argparse.Namespace, url: str | None) -> int:
    from domain.eventstore.store import check_readable
    from domain.eventstore.transfer import copy

    moved = copy(check_readable(url), args.to, _open_store, _progress())
    _rebuild_registers(args.to)
    if moved.resumed_from:
        print(_("copied {moved_events} events into {display}, continuing after position {resumed}: head position "
                "{moved_head_position}, head hash {moved_head_hash}; registers rebuilt", moved_events=moved.events,
                display=_display(args.to), resumed=moved.resumed_from, moved_head_position=moved.head_position,
                moved_head_hash=moved.head_hash))
    else:
        print(_("copied {moved_events} events into {display}: head position {moved_head_position}, head hash "
                "{moved_head_hash}; registers rebuilt", moved_events=moved.events, display=_display(args.to),
                moved_head_position=moved.head_position, moved_head_hash=moved.head_hash))
    return 0


def _open_store(url: str, *, create: bool = False) -> Any:
    from domain.application import open_store

    return open_store(url, create=create)


def _backup_head(path: Path) -> str:
    from domain.eventstore.export import verify_export
    from domain.eventstore.integrity import verify_chain
    from domain.eventstore.store import check_readable

    if path.is_dir():
        return str(verify_export(path).head_hash)
    return verify_chain(check_readable(str(path))).head_hash.hex()


def _rebuild_registers(url: str) -> None:
    from domain.application import open_store
    from projections.runner import Registers

    app = open_store(url)
    registers = Registers(app)
    try:
        registers.setup()
        registers.catch_up()
    finally:
        registers.close()
        app.close()


def _display(url: str) -> str:
    from domain.eventstore.store import parse_store_url

    return parse_store_url(url).display
