"""The command line's long jobs draw rich progress bars (count, rate, time left) on a terminal, and nothing
when their output goes to a pipe or a file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tui.cli import main as cli
from tui.cli.progress import Bars


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_bars_draw_count_rate_and_time_left_on_a_terminal_only() -> None:
    screen = Terminal()
    with Bars(screen) as bars:
        count = bars.counter("verifying the chain")
        assert count is not None
        for done in range(0, 1001, 100):
            count(done, 1000)
    drawn = screen.getvalue()
    assert "verifying the chain" in drawn and "1000/1000" in drawn and "0:00:00" in drawn
    piped = io.StringIO()
    with Bars(piped) as bars:
        assert bars.counter("demo") is None and bars.registers is None
    assert piped.getvalue() == ""


def test_a_rebuild_shows_one_bar_per_register_with_its_phase() -> None:
    from projections.engine import Progress

    screen = Terminal()
    with Bars(screen) as bars:
        show = bars.registers
        assert show is not None
        show(Progress("organisation", "reading", 500, 1000, 2500.0))
        show(Progress("organisation", "swapped", 1000, 1000, 2500.0))
        show(Progress("registry", "writing", 10, 20, 100.0))
    drawn = screen.getvalue()
    assert "organisation (swapped)" in drawn and "registry (writing)" in drawn and "1000/1000" in drawn


@pytest.mark.parametrize("job", [["demo", "--events", "200"], ["verify"], ["rebuild", "--reason", "test"]])
def test_long_jobs_draw_no_bars_into_a_pipe(job: list[str], tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    store = str(tmp_path / "s.db")
    assert cli.main(["--store", store, "--user", "admin", "init"]) == 0
    capsys.readouterr()
    assert cli.main(["--store", store, "--user", "admin", *job]) == 0
    out = capsys.readouterr()
    assert "━" not in out.err and "\r" not in out.err
