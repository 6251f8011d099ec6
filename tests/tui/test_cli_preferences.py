"""The command line for preferences and calendars: `users preferences` (refusals in one line, exit 1; a usage
error, exit 2), `show` and `report` written in the acting user's calendar and digits while `--json` keeps the
stored values, and `run calendar.load-holidays`. On both stores."""

from __future__ import annotations

import json
from typing import Any

import pytest

from tui.cli.main import main


def _cli(capsys: pytest.CaptureFixture[str], url: str, *argv: str) -> tuple[int, str, str]:
    status = main(["--store", url, *argv])
    out = capsys.readouterr()
    return status, out.out, out.err


def test_preferences_change_what_show_prints(mapped_app: Any, store_url: str,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = _cli(capsys, store_url, "run", "calendar.load-holidays", "--country", "AF", "--year", "2026",
                            "--names-in", "en_US")
    assert status == 0 and "public holidays of Afghanistan in 2026 declared" in out, err
    status, out, _ = _cli(capsys, store_url, "show", "holidays")
    assert "2026-08-19  Afghanistan Independence Day" in out
    status, out, err = _cli(capsys, store_url, "users", "preferences", "admin", "--calendar", "solar_hijri",
                            "--digits", "eastern")
    assert status == 0, err
    status, out, _ = _cli(capsys, store_url, "show", "holidays")
    assert "۱۴۰۵-۰۵-۲۸  Afghanistan Independence Day" in out and "2026-08-19" not in out
    status, out, _ = _cli(capsys, store_url, "show", "holidays", "--json")
    days = {json.loads(line)["day"]: json.loads(line)["holiday"] for line in out.splitlines()}
    assert days["2026-08-19"] == "Afghanistan Independence Day"  # JSON keeps the stored day
    status, out, _ = _cli(capsys, store_url, "users", "list", "--json")
    admin = json.loads(out.splitlines()[0])
    assert (admin["language"], admin["calendar"], admin["digits"]) == (None, "solar_hijri", "eastern")


def test_refusals_and_usage(mapped_app: Any, store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    status, _out, err = _cli(capsys, store_url, "users", "preferences", "admin", "--language", "fr")
    assert status == 1 and err.strip().endswith("unknown language 'fr'; languages are en, az, ru, fa_AF, ps")
    assert err.count("\n") == 1
    status, _out, err = _cli(capsys, store_url, "users", "preferences", "admin")
    assert status == 2 and "give --language, --calendar or --digits" in err
    status, _out, err = _cli(capsys, store_url, "report", "appeals-by-month", "--param", "calendar=lunar")
    assert status == 1 and "unknown calendar 'lunar'" in err
