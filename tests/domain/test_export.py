"""Export for outside auditors: a clean export verifies offline, and every kind of tampering with its files
is named; since/until exports stay verifiable; unusable targets and broken chains are refused."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.access import AddUser
from domain.errors import StoreError
from domain.eventstore.chain import link
from domain.eventstore.export import export_store, verify_export
from domain.eventstore.integrity import check_against_checkpoint, read_checkpoint, statement_bytes, verify_chain
from domain.eventstore.keys import public_key_bytes
from tests.raw import RawEvents


def _add_users(app: Any, *names: str) -> int:
    """Add clerks; return the store's head position afterwards."""
    for name in names:
        app.handle(AddUser(user=name, role="clerk"), user="admin")
    return app.recorder.chain_bounds()[2]


def _populate(app: Any) -> None:
    _add_users(app, "clerk0", "clerk1", "clerk2")  # 8 events: init (2) + 3 x (user, receipt)


def _lines(export: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in (export / "events.jsonl").read_text().splitlines()]


def _write_lines(export: Path, lines: list[dict[str, Any]]) -> None:
    (export / "events.jsonl").write_text("".join(json.dumps(line) + "\n" for line in lines))


def _problem(export: Path, trusted: bytes | None = None) -> str:
    report = verify_export(export, trusted)
    assert not report.ok
    assert report.problem is not None and "\n" not in report.problem
    return report.problem


@pytest.fixture
def export(app: Any, tmp_path: Path) -> Path:
    _populate(app)
    out = tmp_path / "export"
    export_store(app, out)
    return out


# --- clean exports --------------------------------------------------------------------------------------


def test_clean_export_verifies_and_matches_the_store(app: Any, store_url: str, tmp_path: Path) -> None:
    _populate(app)
    seen: list[tuple[int, int]] = []
    summary = export_store(app, tmp_path / "export", progress=lambda done, total: seen.append((done, total)))
    out = tmp_path / "export"
    assert sorted(p.name for p in out.iterdir()) == ["checkpoint.json", "events.jsonl", "manifest.json", "manifest.sig",
                                                     "public-key.txt"]
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging left behind
    assert (summary.count, summary.first_position, summary.last_position) == (8, 1, 8)
    assert seen and seen[-1] == (16, 16)  # verify 8 rows, write 8 rows
    assert all(done <= total for done, total in seen) and [d for d, _ in seen] == sorted(d for d, _ in seen)

    rows = RawEvents(store_url).rows()
    lines = _lines(out)
    assert [line["position"] for line in lines] == list(range(1, 9))
    for line, (_, _, _, topic, state, chain_hash) in zip(lines, rows, strict=True):
        assert base64.b64decode(line["state"]) == bytes(state)
        assert line["chain_hash"] == bytes(chain_hash).hex() and line["topic"] == topic
    assert lines[0]["previous_hash"] == "00" * 32 and "previous_hash" not in lines[1]
    assert lines[2]["envelope"]["actor_name"] == "admin" and lines[2]["envelope"]["command"] == "users.add"
    assert lines[2]["payload"]["name"] == "clerk0" and lines[2]["recorded_at"].startswith("20")

    manifest = json.loads((out / "manifest.json").read_text())
    assert (manifest["count"], manifest["first_position"], manifest["last_position"]) == (8, 1, 8)
    assert manifest["head_hash"] == summary.head_hash == lines[-1]["chain_hash"]
    assert "password" not in json.dumps(manifest) and manifest["format_version"] == 2

    report = verify_export(out, bytes.fromhex(summary.public_key))
    assert report.ok and report.key_trusted, report.problem
    assert (report.count, report.head_position, report.head_hash) == (8, 8, summary.head_hash)
    assert "8 events" in report.describe()


def test_export_verifies_offline_without_store_or_private_key(export: Path, app: Any, store_url: str,
                                                              tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                                              ) -> None:
    key = bytes.fromhex((export / "public-key.txt").read_text().strip())
    app.close()
    RawEvents(store_url).execute("DELETE FROM {t}")  # the store is gone for the auditor
    monkeypatch.setenv("SECRETARIAT_HOME", str(tmp_path / "auditor"))  # and no key of their own
    report = verify_export(export, key)
    assert report.ok, report.problem
    assert not (tmp_path / "auditor").exists()


def test_export_checkpoint_is_a_store_checkpoint(export: Path, app: Any) -> None:
    """An auditor who can also reach the store checks it with the export's checkpoint."""
    checkpoint = read_checkpoint(export / "checkpoint.json")
    key = bytes.fromhex((export / "public-key.txt").read_text().strip())
    assert check_against_checkpoint(app.recorder.chain_hash_at, verify_chain(app.recorder), checkpoint, key) is None


def test_since_until_exports_only_that_range_and_verifies(app: Any, tmp_path: Path) -> None:
    before = _add_users(app, "early1", "early2")
    since = datetime.now(UTC)
    middle = _add_users(app, "middle1", "middle2")
    until = datetime.now(UTC)
    _add_users(app, "late1")

    summary = export_store(app, tmp_path / "window", since=since, until=until)
    lines = _lines(tmp_path / "window")
    assert [line["position"] for line in lines] == list(range(before + 1, middle + 1))
    assert {line["payload"].get("name") for line in lines} - {None} == {"middle1", "middle2"}
    manifest = json.loads((tmp_path / "window" / "manifest.json").read_text())
    assert manifest["previous_hash"] == app.recorder.chain_hash_at(before).hex() == summary.previous_hash
    assert manifest["since"] == since.isoformat() and manifest["until"] == until.isoformat()
    assert verify_export(tmp_path / "window").ok

    export_store(app, tmp_path / "tail", since=until)
    assert next(line["position"] for line in _lines(tmp_path / "tail")) == middle + 1
    assert verify_export(tmp_path / "tail").ok
    export_store(app, tmp_path / "head", until=since.replace(tzinfo=None))  # naive: UTC
    assert [line["position"] for line in _lines(tmp_path / "head")] == list(range(1, before + 1))
    assert verify_export(tmp_path / "head").ok


def test_window_without_events_is_refused(app: Any, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no events recorded between"):
        export_store(app, tmp_path / "empty", since=datetime(2999, 1, 1, tzinfo=UTC))
    assert not (tmp_path / "empty").exists()


# --- refusals -------------------------------------------------------------------------------------------


def test_non_empty_directory_is_refused_with_nothing_written(app: Any, tmp_path: Path) -> None:
    out = tmp_path / "export"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(StoreError) as refused:
        export_store(app, out)
    assert "not empty" in str(refused.value) and "\n" not in str(refused.value)
    assert [p.name for p in out.iterdir()] == ["keep.txt"] and (out / "keep.txt").read_text() == "mine"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []  # no staging left behind


def test_empty_existing_directory_is_used(app: Any, tmp_path: Path) -> None:
    (tmp_path / "export").mkdir()
    export_store(app, tmp_path / "export")
    assert verify_export(tmp_path / "export").ok


def test_broken_chain_is_refused(app: Any, store_url: str, tmp_path: Path) -> None:
    _populate(app)
    RawEvents(store_url).execute("UPDATE {t} SET state = ? WHERE {pos} = 5", (b'{"forged":true}',))
    with pytest.raises(StoreError, match="broken chain: position 5"):
        export_store(app, tmp_path / "export")
    assert not (tmp_path / "export").exists()


# --- tampering with an export ---------------------------------------------------------------------------


def test_changed_payload_is_named(export: Path) -> None:
    lines = _lines(export)
    lines[4]["payload"]["name"] = "mallory"
    _write_lines(export, lines)
    problem = _problem(export)
    assert "line 5 (position 5)" in problem and "payload field 'name'" in problem


def test_changed_envelope_is_named(export: Path) -> None:
    lines = _lines(export)
    lines[2]["envelope"]["reason"] = "approved by the head"
    _write_lines(export, lines)
    assert "line 3 (position 3): envelope field 'reason'" in _problem(export)


def test_changed_state_is_named(export: Path) -> None:
    lines = _lines(export)
    state = base64.b64decode(lines[4]["state"]).replace(b"clerk1", b"mallor")
    lines[4]["state"] = base64.b64encode(state).decode()
    _write_lines(export, lines)
    problem = _problem(export)
    assert "line 5 (position 5)" in problem and "chain hash" in problem


def test_changed_state_and_payload_with_recomputed_chain_is_caught_by_the_checkpoint(export: Path) -> None:
    lines = _lines(export)
    previous = bytes.fromhex(lines[5]["chain_hash"])
    for line in lines[6:]:
        state = base64.b64decode(line["state"]).replace(b"clerk2", b"mallor")
        line["state"] = base64.b64encode(state).decode()
        line["payload"] = json.loads(json.dumps(line["payload"]).replace("clerk2", "mallor"))
        previous = link(previous, line["position"], line["stream"], line["version"], line["topic"], state)
        line["chain_hash"] = previous.hex()
    _write_lines(export, lines)
    manifest = json.loads((export / "manifest.json").read_text())
    manifest["head_hash"] = previous.hex()
    (export / "manifest.json").write_text(json.dumps(manifest))
    problem = _problem(export)
    assert "checkpoint.json" in problem and "position 8" in problem and "rewritten" in problem


def test_removed_line_is_named(export: Path) -> None:
    lines = _lines(export)
    del lines[3]
    _write_lines(export, lines)
    problem = _problem(export)
    assert "line 4 (position 5)" in problem and "4 was expected" in problem
    report = verify_export(export)
    assert (report.line, report.position, report.count, report.head_position) == (4, 5, 3, 3)


def test_removed_last_line_is_caught(export: Path) -> None:
    _write_lines(export, _lines(export)[:-1])
    assert "ending at position 8" in _problem(export)


def test_swapped_lines_are_named(export: Path) -> None:
    lines = _lines(export)
    lines[2], lines[5] = lines[5], lines[2]
    _write_lines(export, lines)
    problem = _problem(export)
    assert "line 3 (position 6)" in problem and "3 was expected" in problem


def test_malformed_line_is_named(export: Path) -> None:
    text = (export / "events.jsonl").read_text().splitlines()
    text[6] = text[6][: len(text[6]) // 2]
    (export / "events.jsonl").write_text("\n".join(text) + "\n")
    assert _problem(export).startswith("line 7: malformed")


def test_checkpoint_signed_by_another_key_is_refused(export: Path) -> None:
    checkpoint = json.loads((export / "checkpoint.json").read_text())
    other = Ed25519PrivateKey.generate()
    statement = statement_bytes(checkpoint["position"], checkpoint["head_hash"], checkpoint["time"])
    checkpoint["signature"] = other.sign(statement).hex()
    (export / "checkpoint.json").write_text(json.dumps(checkpoint))
    assert "checkpoint.json: the signature is not valid" in _problem(export)

    checkpoint["public_key"] = public_key_bytes(other.public_key()).hex()  # and names the other key
    (export / "checkpoint.json").write_text(json.dumps(checkpoint))
    assert "not by the export's key" in _problem(export)


def test_export_re_signed_throughout_is_caught_only_by_a_trusted_key(export: Path) -> None:
    """Whoever replaces the key file as well makes the files agree: the key handed over separately decides."""
    ours = bytes.fromhex((export / "public-key.txt").read_text().strip())
    other = Ed25519PrivateKey.generate()
    other_hex = public_key_bytes(other.public_key()).hex()
    checkpoint = json.loads((export / "checkpoint.json").read_text())
    statement = statement_bytes(checkpoint["position"], checkpoint["head_hash"], checkpoint["time"])
    checkpoint.update(public_key=other_hex, signature=other.sign(statement).hex())
    (export / "checkpoint.json").write_text(json.dumps(checkpoint))
    (export / "public-key.txt").write_text(other_hex + "\n")
    manifest = json.loads((export / "manifest.json").read_text())
    manifest["sha256"]["checkpoint.json"] = _sha256(export / "checkpoint.json")
    manifest["sha256"]["public-key.txt"] = _sha256(export / "public-key.txt")
    (export / "manifest.json").write_text(json.dumps(manifest))
    (export / "manifest.sig").write_text(other.sign((export / "manifest.json").read_bytes()).hex())

    untrusted = verify_export(export)
    assert untrusted.ok and not untrusted.key_trusted and "NOT verified" in untrusted.describe()
    problem = _problem(export, ours)
    assert "not by the trusted key" in problem and ours.hex() in problem


def test_trusted_key_that_differs_is_refused(export: Path) -> None:
    stranger = public_key_bytes(Ed25519PrivateKey.generate().public_key())
    assert "not by the trusted key" in _problem(export, stranger)


def test_manifest_hash_mismatch_is_named(export: Path) -> None:
    manifest = json.loads((export / "manifest.json").read_text())
    manifest["sha256"]["events.jsonl"] = "0" * 64
    (export / "manifest.json").write_text(json.dumps(manifest))
    assert _problem(export) == "manifest.json: sha256 of events.jsonl does not match the file"


def test_reformatted_events_file_is_caught_by_the_manifest(export: Path) -> None:
    _write_lines(export, _lines(export))  # same content, different spacing: every line still checks
    assert "sha256 of events.jsonl" in _problem(export)


def test_manifest_count_mismatch_is_named(export: Path) -> None:
    manifest = json.loads((export / "manifest.json").read_text())
    manifest["count"] = 9
    (export / "manifest.json").write_text(json.dumps(manifest))
    assert "lists 9 events" in _problem(export)


def test_missing_file_is_named(export: Path) -> None:
    (export / "checkpoint.json").unlink()
    assert _problem(export) == "checkpoint.json is missing"


def _sha256(path: Path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_manifest_metadata_is_signed(export: Path) -> None:
    manifest = json.loads((export / "manifest.json").read_text())
    manifest["store"] = "/somewhere/else.db"
    manifest["created_at"] = "2020-01-01T00:00:00+00:00"
    (export / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n")
    assert "the manifest was edited" in _problem(export)


def test_a_full_forgery_without_a_trusted_key_exits_with_its_own_status(
        export: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli.main import main

    key = (export / "public-key.txt").read_text().strip()
    assert main(["verify-export", str(export), "--public-key", key]) == 0
    assert main(["verify-export", str(export)]) == 4
    out = capsys.readouterr().out
    assert "internally consistent only" in out and "NOT verified" in out


@pytest.mark.only_on("sqlite")  # the words, not the store
def test_verify_export_names_the_fault_in_the_readers_language(export: Path,
                                                               capsys: pytest.CaptureFixture[str]) -> None:
    """An auditor reading Russian gets the export's fault in Russian: the line, its position and what is wrong
    are one template, not an English sentence inside a translated frame."""
    from tui.cli.main import main

    lines = _lines(export)
    del lines[3]
    _write_lines(export, lines)
    assert main(["--lang", "ru", "verify-export", str(export)]) == 1
    err = capsys.readouterr().err
    assert "проверка выгрузки не пройдена: строка 4 (позиция 5): позиция 5 там, где ожидалась 4" in err
    assert "line" not in err and "expected" not in err and "missing" not in err
