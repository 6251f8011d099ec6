"""The chain of signed checkpoints: taken automatically where a key exists, each naming the one before it,
kept in the store and in files; verify says how many events no checkpoint covers yet, and catches a
deleted checkpoint (from the store or from the files)."""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest

from domain.access import AddUser
from domain.eventstore import checkpoints
from domain.eventstore.chain import link
from domain.eventstore.keys import signing_key
from tests.raw import RawEvents
from tui.cli.main import main


@pytest.fixture
def app(mapped_app: Any) -> Any:
    """This module drives the command line: its administrator is this process's account's user."""
    return mapped_app


def _cli(capsys: pytest.CaptureFixture[str], store_url: str, *argv: str) -> tuple[int, str]:
    code = main(["--store", store_url, "--user", "admin", *argv])
    out = capsys.readouterr()
    return code, out.out + out.err


def _table(raw: RawEvents) -> str:
    return "secretariat_checkpoints" if raw.config.kind == "sqlite" else f"{raw.config.schema}.secretariat_checkpoints"


@pytest.fixture
def signer(monkeypatch: pytest.MonkeyPatch) -> None:
    signing_key(create=True)  # an administrator's installation: it has a key
    monkeypatch.setenv("SECRETARIAT_CHECKPOINT_EVERY", "2")


def test_checkpoints_are_taken_every_n_events_and_chained(app: Any, store_url: str, signer: None,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    for n in range(6):
        assert _cli(capsys, store_url, "users", "add", f"clerk{n}", "--role", "clerk")[0] == 0
    with checkpoints.snapshot_of(app.store_config) as snap:
        kept = checkpoints.stored(snap)
        files = checkpoints.kept_files(checkpoints.store_id(snap))
    assert len(kept) >= 2
    assert kept[0].previous == "" and all(b.previous == a.digest for a, b in pairwise(kept))
    assert [c.digest for c in files] == [c.digest for c in kept]
    code, text = _cli(capsys, store_url, "verify")
    uncovered = app.head() - kept[-1].position
    assert code == 0 and f"signed checkpoints: {len(kept)}," in text
    assert f"events not yet covered by a signed checkpoint: {uncovered}" in text
    code, text = _cli(capsys, store_url, "verify", "--json")
    report = json.loads(text)
    assert report["events_not_covered_by_a_signed_checkpoint"] == uncovered and report["checkpoint_signatures_checked"]


def test_no_key_no_automatic_checkpoint(app: Any, store_url: str, capsys: pytest.CaptureFixture[str],
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SECRETARIAT_CHECKPOINT_EVERY", "1")
    assert _cli(capsys, store_url, "users", "add", "clerk", "--role", "clerk")[0] == 0
    code, text = _cli(capsys, store_url, "verify")
    assert code == 0 and f"no signed checkpoint yet: all events are covered by the chain alone ({app.head()})" in text


def test_a_forged_tail_after_the_last_checkpoint_shows_as_uncovered(
        app: Any, store_url: str, signer: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """What design allows: someone who can write the database appends a validly chained event after the last
    checkpoint. The chain verifies; verify says how many events no signature covers."""
    for n in range(4):
        app.handle(AddUser(user=f"clerk{n}", role="clerk"), user="admin")
    assert _cli(capsys, store_url, "checkpoint", "--out", str(tmp_path / "cp.json"))[0] == 0
    raw = RawEvents(store_url)
    last = raw.rows()[-1]
    forged_state = bytes(raw.rows()[2][4])
    forged_hash = link(bytes(last[5]), last[0] + 1, last[1], 99, last[3], forged_state)
    raw.execute("INSERT INTO {t} ({pos}, originator_id, originator_version, topic, state, chain_hash) "
                "VALUES (?, ?, ?, ?, ?, ?)", (last[0] + 1, last[1], 99, last[3], forged_state, forged_hash))
    code, text = _cli(capsys, store_url, "verify")
    # the signing itself is recorded after the checkpoint (the read policy), then comes the forged event
    assert code == 0 and "events not yet covered by a signed checkpoint: 2" in text


def test_a_checkpoint_deleted_from_the_store_is_caught_by_its_file(
        app: Any, store_url: str, signer: None, capsys: pytest.CaptureFixture[str]) -> None:
    for n in range(5):
        assert _cli(capsys, store_url, "users", "add", f"clerk{n}", "--role", "clerk")[0] == 0
    raw = RawEvents(store_url)
    newest = raw.execute(f"SELECT MAX(position) FROM {_table(raw)}")[0][0]
    raw.execute(f"DELETE FROM {_table(raw)} WHERE position = ?", (newest,))
    code, text = _cli(capsys, store_url, "verify")
    assert code == 1 and f"position {newest}" in text and "missing from the store" in text


def test_a_checkpoint_deleted_from_the_middle_breaks_the_chain_of_checkpoints(
        app: Any, store_url: str, signer: None, capsys: pytest.CaptureFixture[str]) -> None:
    for n in range(5):
        assert _cli(capsys, store_url, "users", "add", f"clerk{n}", "--role", "clerk")[0] == 0
    raw = RawEvents(store_url)
    positions = [r[0] for r in raw.execute(f"SELECT position FROM {_table(raw)} ORDER BY position")]
    assert len(positions) >= 3
    raw.execute(f"DELETE FROM {_table(raw)} WHERE position = ?", (positions[1],))
    code, text = _cli(capsys, store_url, "verify")
    assert code == 1 and "does not follow the one before it" in text


def test_a_rebuild_ends_with_a_checkpoint(app: Any, store_url: str, signer: None,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    assert _cli(capsys, store_url, "rebuild", "users")[0] == 0
    assert checkpoints.last_position(app.store_config) == app.head()
