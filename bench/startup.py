"""Benchmark: start-up of the command line's `status` in English, Russian and Dari, each a fresh process, against
a raw baseline measured in the same run (a bare `python -c pass`).

    python bench/startup.py --runs 3 --json

The Russian and Dari catalogues are complete synthetic ones written for the run from the template (every
msgid translated, placeholders kept), so the figure holds for finished translations whatever the shipped .po
files hold today. Two cases: `mo` (the catalogue compiled, as installation leaves it) and `po` (no .mo: the
program compiles the .po in memory at start-up). Prints one JSON line per language and case with the median
in milliseconds, its ratio to English of the same case, and the raw baseline.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from babel.messages.catalog import Catalog  # noqa: E402
from babel.messages.mofile import write_mo  # noqa: E402
from babel.messages.pofile import read_po, write_po  # noqa: E402

LANGUAGES = {"english": "en", "russian": "ru", "dari": "fa_AF"}
MARK = {"ru": "«{}»", "fa_AF": "د {}"}  # a synthetic translation: the source, visibly changed, placeholders kept


def _catalogues(locale: Path, compiled: bool) -> None:
    with (ROOT / "tui" / "locale" / "secretariat.pot").open("rb") as f:
        template = read_po(f)
    for language, mark in MARK.items():
        po = Catalog(locale=language, domain="secretariat")
        for m in template:
            if not m.id:
                continue
            if isinstance(m.id, tuple):
                po.add(m.id, tuple(mark.format(m.id[min(i, 1)]) for i in range(po.num_plurals)))
            else:
                po.add(m.id, mark.format(m.id))
        where = locale / language / "LC_MESSAGES"
        where.mkdir(parents=True, exist_ok=True)
        with (where / "secretariat.po").open("wb") as f:
            write_po(f, po)
        if compiled:
            time.sleep(0.01)  # the .mo newer than the .po, as installation leaves it
            with (where / "secretariat.mo").open("wb") as f:
                write_mo(f, po)


def _run(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = (time.perf_counter() - started) * 1000
    if done.returncode != 0:
        raise SystemExit(f"startup bench: {' '.join(argv[-4:])} failed: {done.stderr.strip()}")
    return elapsed


def _catalogue_loads(locale: Path, runs: int) -> dict[str, float]:
    """What the language adds in-process, the part a busy machine blurs in the fresh-process figure: loading
    its catalogue (median ms)."""
    from tui.i18n import catalogue

    catalogue.LOCALE_DIR = locale
    out = {}
    for name, language in LANGUAGES.items():
        times = []
        for _ in range(runs):
            catalogue.translations.cache_clear()
            started = time.perf_counter()
            catalogue.translations(language).gettext("Quit")
            times.append((time.perf_counter() - started) * 1000)
        out[name] = round(statistics.median(times), 2)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="JSON output (the only format)")
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if k not in ("SECRETARIAT_LANG", "LANGUAGE", "LC_ALL")}
    with tempfile.TemporaryDirectory() as tmp:
        store = str(Path(tmp) / "store.db")
        env["SECRETARIAT_HOME"] = str(Path(tmp) / "home")
        _run([sys.executable, "-c", "import sys; from tui.cli.main import main; sys.exit(main())", "--store", store,
              "--user", "admin", "init"], env)
        baseline = statistics.median(_run([sys.executable, "-c", "pass"], env) for _ in range(args.runs))
        for case in ("mo", "po"):
            locale = Path(tmp) / case
            _catalogues(locale, compiled=case == "mo")
            code = ("import sys; from pathlib import Path; from tui.i18n import catalogue; "
                    f"catalogue.LOCALE_DIR = Path({str(locale)!r}); from tui.cli.main import main; "
                    "sys.exit(main())")
            argvs = {name: [sys.executable, "-c", code, "--store", store, "--lang", language, "status"]
                     for name, language in LANGUAGES.items()}
            times: dict[str, list[float]] = {name: [] for name in LANGUAGES}
            for argv in argvs.values():
                _run(argv, env)  # warm the file cache once
            for _ in range(args.runs):  # interleaved: a busy moment of the machine falls on every language
                for name, argv in argvs.items():
                    times[name].append(_run(argv, env))
            medians = {name: statistics.median(t) for name, t in times.items()}
            loads = _catalogue_loads(locale, args.runs)
            for name, ms in medians.items():
                print(json.dumps({"bench": "startup", "command": "status", "catalogue": case, "language": name,
                                  "median_ms": round(ms, 1), "ratio_to_english": round(ms / medians["english"], 3),
                                  "catalogue_load_ms": loads[name], "raw_baseline_python_ms": round(baseline, 1),
                                  "runs": args.runs}))


if __name__ == "__main__":
    main()
