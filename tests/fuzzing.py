"""Hostile command lines for every sub-command, and the check each must pass: exit 0, 1 or 2 (never 3), at
most one line on stderr with no traceback, and nothing written unless the command succeeded.

Shared by tests/tui/test_fuzz_cli.py (a few hundred examples) and bench/fuzz.py (long runs).
Paths the fuzzer chooses always lie inside the run's own folder.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

HOSTILE_TEXT = [
    "", " ", "-", "--", "--help", "'", '"', "\\", "%s", "%n", "{}", "{0}", "$(id)", "`id`", "; DROP TABLE x;--",
    "' OR 1=1 --", "NEAR(", "\"unterminated", "a*", "*", "^", "AND OR NOT", "[b]bold[/b]", "[/]", "\x00", "\x1b[31m",
    "\n", "line\nbreak", "\r", "\t", "\u202e", "\ufeff", "\u0000x", "\udcff", "ab\udcfe", "😀", "漢字", "Ä" * 300,
    "x" * 10_000, "0", "-1", "1e999", "9" * 40, "-9" * 20, "NaN", "inf", "0x10", "1_000",
    "2026-02-30", "2026-13-01", "0000-01-01", "9999-12-31T25:61", "1850-01-01", "2026-01-01T00:00:00+99:00",
    "/dev/zero", "/proc/self/mem", "/", ".", "..", "../../etc/passwd", "postgresql://u:pw@[::1/x",
    "sqlite://", "sqlite:///", "postgres:", "admin", "clerk", "administrator", "confidential", "none",
]

text = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=40),
                 st.text(alphabet=st.characters(min_codepoint=0, max_codepoint=0x10FFFF), max_size=12))
number = st.one_of(st.integers(min_value=-(10 ** 30), max_value=10 ** 30).map(str), st.sampled_from(HOSTILE_TEXT))
REGISTERS = ["units", "users", "staff-table", "appeals", "incoming", "nope"]
REPORTS = ["incoming-journal", "documents-under-control", "budget-execution", "nope"]


def _opt(name: str, values: Any) -> Any:
    return st.one_of(st.just([]), values.map(lambda v: [name, v]))


def _path(folder: Path) -> Any:
    return text.map(lambda t: str(folder / t) if t else str(folder))


def argv_strategy(store: str, folder: Path) -> Any:
    """Whole command lines: global options, then one sub-command with hostile arguments."""
    sub = st.one_of(
        st.tuples(st.just(["users", "add"]), text, _opt("--role", text), _opt("--office", text),
                  _opt("--full-name", text)).map(lambda t: [*t[0], t[1], *t[2], *t[3], *t[4]]),
        st.tuples(st.sampled_from(["grant", "revoke"]), text, text, _opt("--reason", text)).map(
            lambda t: ["users", t[0], t[1], t[2], *t[3]]),
        st.tuples(text, _opt("--reason", text)).map(lambda t: ["users", "deactivate", t[0], *t[1]]),
        st.tuples(text, text).map(lambda t: ["users", "clearance", t[0], t[1]]),
        st.just(["users", "list", "--json"]),
        st.tuples(_opt("--checkpoint", _path(folder)), _opt("--public-key", text)).map(
            lambda t: ["verify", *t[0], *t[1]]),
        _opt("--out", _path(folder)).map(lambda o: ["checkpoint", *o]),
        st.tuples(_opt("--since", text), _opt("--until", text), _opt("--actor", text), _opt("--type", text),
                  _opt("--stream", text), _opt("--limit", number)).map(
            lambda t: ["log", *t[0], *t[1], *t[2], *t[3], *t[4], *t[5]]),
        st.tuples(st.lists(st.one_of(st.sampled_from(REGISTERS), text), max_size=2), _opt("--reason", text)).map(
            lambda t: ["rebuild", *t[0], *t[1]]),
        st.just(["status", "--json"]),
        st.tuples(st.one_of(st.sampled_from(REGISTERS), text), _opt("--as-of", st.one_of(number, text))).map(
            lambda t: ["show", t[0], *t[1]]),
        text.map(lambda t: ["history", t]),
        st.tuples(_opt("--events", st.sampled_from(["-1", "x", "1e9", "", "１２"])), _opt("--seed", text)).map(
            lambda t: ["demo", *t[0], *t[1]]),
        st.tuples(_path(folder), _opt("--since", text), _opt("--until", text)).map(
            lambda t: ["export", "--out", t[0], *t[1], *t[2]]),
        st.tuples(_path(folder), _opt("--public-key", text)).map(lambda t: ["verify-export", t[0], *t[1]]),
        st.tuples(st.one_of(st.sampled_from(REPORTS), text), _opt("--param", text), _opt("--today", text)).map(
            lambda t: ["report", t[0], *t[1], *t[2]]),
        st.tuples(st.one_of(st.just("admin"), text), _path(folder)).map(lambda t: ["attach", t[0], t[1]]),
        text.map(lambda t: ["attachments", t]),
        st.tuples(text, _path(folder)).map(lambda t: ["attachment-get", t[0], "--out", t[1]]),
        st.one_of(_path(folder).map(lambda p: ["attachment-folder", p]), st.just(["attachment-folder", "--in-store"])),
    )
    glob = st.tuples(st.one_of(st.just("admin"), text), _opt("--command-id", text))
    return st.tuples(glob, sub).map(lambda t: ["--store", store, "--user", t[0][0], *t[0][1], *t[1]])


def run_one(main: Callable[[list[str]], int], argv: list[str], head: Callable[[], int]) -> tuple[int, str]:
    """Run one command line in-process; check the contract; return (exit code, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    before = head()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(argv)
    text = err.getvalue()
    assert code in (0, 1, 2) or (code == 4 and "verify-export" in argv), (argv, code, text)
    assert "Traceback" not in text and "unexpected" not in text, (argv, text)
    assert text.count("\n") <= 1, (argv, text)
    if code != 0:
        after = head()
        # A refused command records nothing. (An auditors' export or a rebuild that fails records nothing either.)
        assert after == before, (argv, code, text, before, after)
    return code, text
