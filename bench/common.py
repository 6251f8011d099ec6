"""What every benchmark shares: demo stores of a given size (made once and copied per run), peak memory,
percentiles, child processes for runs whose peak memory must be their own, and the JSON line it prints."""

from __future__ import annotations

import json
import resource
import shutil
import statistics
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SIZES = (10_000, 100_000)
MILLION = 1_000_000
SEED = 31


def sizes(events: int | None, million: bool) -> list[int]:
    """The store sizes to measure: one if asked, else 10k and 100k (and 1M with --million)."""
    if events:
        return [events]
    return [*SIZES, MILLION] if million else list(SIZES)


def peak_rss_mb() -> float:
    """This process's peak resident memory. From /proc (VmHWM) where there is one: getrusage's maximum
    survives exec, so a child would report its parent's peak."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def emit(record: dict[str, Any]) -> None:
    print(json.dumps(record), flush=True)


def demo_sqlite(folder: Path, events: int, seed: int = SEED) -> Path:
    """A SQLite store holding the demo history of about `events` events, its registers up to date: kept in
    `folder` as demo-<events>-<seed>.db, made there if missing (benches take `--demo-dir` to keep them
    between runs: a 1M store takes a quarter of an hour to write)."""
    path = folder / f"demo-{events}-{seed}.db"
    if not path.exists():
        demo_into(str(path), events, seed)
    return path


def demo_into(url: str, events: int, seed: int = SEED) -> None:
    from domain.application import open_store
    from domain.demo.base import write_history
    from projections.bulk import catch_up_registers

    app = open_store(url, create=True)
    try:
        app.bootstrap("admin")
        write_history(app, "admin", events=events, seed=seed)
        catch_up_registers(app, "admin")
    finally:
        app.close()


def copy_store(source: Path, target: Path) -> Path:
    shutil.copyfile(source, target)
    for suffix in ("-wal", "-shm"):
        if Path(str(target) + suffix).exists():
            Path(str(target) + suffix).unlink()
    return target


def child(script: str, *args: str) -> dict[str, Any]:
    """Run `script --one-run ...` in a fresh Python process (its own peak memory) and read its JSON."""
    done = subprocess.run([sys.executable, script, *args], capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{Path(script).name} child failed: {done.stderr.strip()[-2000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])
