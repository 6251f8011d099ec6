"""The command line writes its counts in the reader's digits: for a Dari reader who chose Eastern Arabic-Indic
digits, the dashboard, a report, an export, a backup, an import's summary and an attachment's size and day
carry no Latin digit. What is not a figure stays as it is: paths, hashes, record numbers, register names.

The catalogue fills every template's numbers in the reader's digits (`catalogue._filled`), so one place covers
every message; the lines the command line lays out itself (the dashboard's rows, the attachments' list) pass
their figures through `formats`."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.demo_store import DemoStores
from tui.cli.main import main
from tui.i18n import catalogue
from tui.i18n.settings import Settings, use

# not figures: a sha256 (and the word), a record number or code with its year (INC-2026-00001, WJ-2026,
# 2026-STATE-2110-HQ: data as typed, with a capital letter, which a date has not)
_NOT_FIGURES = re.compile(r"\b[0-9a-f]{64}\b|\bsha256\b|\b(?=[0-9A-Z-]*[A-Z])[0-9A-Z]+(?:-[0-9A-Z]+)+\b")


@pytest.fixture
def dari_store(demo_stores: DemoStores, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
               capsys: pytest.CaptureFixture[str]) -> Iterator[str]:
    """A copy of the demo store whose administrator (acting here) reads Dari with Eastern digits."""
    store = demo_stores.copy(tmp_path / "demo", mapped=True)
    monkeypatch.setenv("SECRETARIAT_HOME", str(tmp_path / "demo" / "home"))
    assert main(["--store", str(store), "users", "preferences", "admin", "--language", "fa_AF", "--digits",
                 "eastern"]) == 0
    capsys.readouterr()
    yield str(store)
    use(Settings())
    catalogue.translations.cache_clear()


def _latin_figures(text: str, *known: Path | str) -> list[str]:
    """The Latin digits left in `text` once the given paths and what is not a figure are taken out."""
    for k in sorted((str(k) for k in known), key=len, reverse=True):
        text = text.replace(k, "")
    return [line for line in _NOT_FIGURES.sub("", text).splitlines() if re.search("[0-9]", line)]


def _run(capsys: pytest.CaptureFixture[str], store: str, *argv: str) -> str:
    status = main(["--store", store, *argv])
    out = capsys.readouterr()
    assert status == 0, out.err
    return out.out


def test_the_command_lines_counts_are_in_the_readers_digits(dari_store: str, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    seen: dict[str, str] = {}
    seen["dashboard"] = _run(capsys, dari_store, "dashboard", "--today", "2026-11-30")
    seen["report"] = _run(capsys, dari_store, "report", "appeals-by-month", "--param", "year=2026")  # note and all
    seen["show"] = _run(capsys, dari_store, "show", "units")
    export = tmp_path / "units.csv"
    seen["export"] = _run(capsys, dari_store, "show", "units", "--out", str(export))
    backup = tmp_path / "backup.db"
    seen["backup"] = _run(capsys, dari_store, "backup", "--out", str(backup))
    rows = tmp_path / "units-to-add.csv"
    rows.write_text("code,unit_name,kind,parent\nHRT,دفتر ولایتی هرات,provincial,SEC\n", encoding="utf-8")
    seen["import"] = _run(capsys, dari_store, "import", "units.establish", str(rows), "--reason", "ساختار نو")
    scan = tmp_path / "scan.txt"
    scan.write_text("یک نامه\n" * 300, encoding="utf-8")
    seen["attach"] = _run(capsys, dari_store, "attach", "HRT", str(scan))
    seen["attachments"] = _run(capsys, dari_store, "attachments", "HRT")
    fetched = tmp_path / "fetched.txt"
    sha = seen["attachments"].split()[0]
    seen["attachment-get"] = _run(capsys, dari_store, "attachment-get", sha, "--out", str(fetched))
    for name, out in seen.items():
        assert re.search("[۰-۹]", out), f"{name} printed no figure:\n{out}"
    latin = {name: found for name, out in seen.items()
             if (found := _latin_figures(out, dari_store, export, backup, rows, scan, fetched, tmp_path))}
    assert latin == {}, "\n\n".join(f"{name}:\n" + "\n".join(lines) for name, lines in latin.items())


def test_a_template_fills_its_numbers_in_the_readers_digits() -> None:
    """One place: a count, a rate and a size passed to any message are written in the reader's digits (and
    exactly as before for a Latin reader)."""
    from tui.i18n.catalogue import _, ngettext

    template = "{n:,} rows in {seconds:.2f}s ({rate:,.0f} events/s)"
    assert _(template, n=1234, seconds=2.5, rate=4321.7) == "1,234 rows in 2.50s (4,322 events/s)"
    use(Settings(language="fa_AF", digits="eastern"))
    try:
        assert _(template, n=1234, seconds=2.5, rate=4321.7) == "۱٬۲۳۴ rows in ۲٫۵۰s (۴٬۳۲۲ events/s)"
        assert "۳" in ngettext("{n:,} row", "{n:,} rows", 3, n=3)
        assert _("{flag} {name}", flag=True, name="WJ-2026") == "True WJ-2026"  # not figures: as they are
    finally:
        use(Settings())


def test_the_backups_progress_line_is_in_the_readers_digits() -> None:
    from tui.cli.backup import _progress

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    use(Settings(language="fa_AF", digits="eastern"))
    catalogue.translations.cache_clear()
    try:
        terminal = Terminal()
        show = _progress(terminal)
        assert show is not None
        show(1200, 5000, 950.0)
        line = terminal.getvalue()
        assert "۱٬۲۰۰" in line and "۵٬۰۰۰" in line and not re.search("[0-9]", line), line
    finally:
        use(Settings())
        catalogue.translations.cache_clear()
