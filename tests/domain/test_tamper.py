"""Tampering with stored history is caught by `secretariat verify`, which names the first bad position;
truncation and rewritten tails are caught against a signed checkpoint."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest

from domain.access import AddUser
from domain.eventstore.chain import Linker, link
from tests.identity import act_as
from tests.raw import RawEvents
from tui.cli.main import main


def _populate(app: object, users: int = 3) -> None:
    for n in range(users):
        app.handle(AddUser(user=f"clerk{n}", role="clerk"), user="admin")  # type: ignore[attr-defined]


def _verify(store_url: str, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, str]:
    code = main(["--store", store_url, "--user", "admin", "verify", *extra])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_intact_store_verifies_with_count_and_head(app: object, store_url: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    _populate(app)
    code, text = _verify(store_url, capsys)
    head = RawEvents(store_url).rows()[-1][5]
    assert code == 0
    assert "8 events" in text and bytes(head).hex() in text


def test_altered_state_blob_is_named(app: object, store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _populate(app)
    raw = RawEvents(store_url)
    raw.execute("UPDATE {t} SET state = ? WHERE {pos} = 5", (b'{"forged":true}',))
    code, text = _verify(store_url, capsys)
    assert code == 1
    assert "position 5" in text


def test_deleted_middle_row_is_named(app: object, store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _populate(app)
    RawEvents(store_url).execute("DELETE FROM {t} WHERE {pos} = 4")
    code, text = _verify(store_url, capsys)
    assert code == 1
    assert "position 5" in text and "expected position 4" in text


def test_deleted_middle_row_with_renumbered_tail_is_named(app: object, store_url: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    _populate(app)
    raw = RawEvents(store_url)
    raw.execute("DELETE FROM {t} WHERE {pos} = 4")
    for pos in range(5, 9):
        raw.move(pos, pos - 1)
    code, text = _verify(store_url, capsys)
    assert code == 1
    assert "position 4" in text


def test_swapped_rows_are_named(app: object, store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _populate(app)
    raw = RawEvents(store_url)
    raw.move(3, 1000)
    raw.move(6, 3)
    raw.move(1000, 6)
    code, text = _verify(store_url, capsys)
    assert code == 1
    assert "position 3" in text


def _checkpoint(store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> Path:
    out = tmp_path / "cp.json"
    act_as(store_url, "admin")
    assert main(["--store", store_url, "--user", "admin", "checkpoint", "--out", str(out)]) == 0
    capsys.readouterr()
    return out


def test_truncated_tail_is_caught_by_checkpoint(app: object, store_url: str, tmp_path: Path,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    _populate(app)
    cp = _checkpoint(store_url, tmp_path, capsys)
    RawEvents(store_url).execute("DELETE FROM {t} WHERE {pos} > 6")
    code, text = _verify(store_url, capsys)  # the shortened chain is self-consistent, but the checkpoint ...
    assert code == 1 and "truncated" in text  # ... kept in the store remembers position 8
    code, text = _verify(store_url, capsys, "--checkpoint", str(cp))
    covered = json.loads(cp.read_text())["position"]
    assert code == 1  # ... but the checkpoint remembers the position it covered
    assert "truncated" in text and f"position {covered}" in text


def test_rewritten_tail_with_recomputed_chain_is_caught_by_checkpoint(
        app: object, store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _populate(app)
    cp = _checkpoint(store_url, tmp_path, capsys)
    raw = RawEvents(store_url)
    rows = raw.rows()
    previous = bytes(rows[5][5])
    for pos, stream, version, topic, state, _ in rows[6:]:
        forged = bytes(state).replace(b"clerk2", b"mallory")
        previous = link(previous, pos, stream, version, topic, forged)
        raw.execute("UPDATE {t} SET state = ?, chain_hash = ? WHERE {pos} = ?", (forged, previous, pos))
    code, text = _verify(store_url, capsys)
    assert code == 1 and "rewritten" in text  # the checkpoint kept in the store
    code, text = _verify(store_url, capsys, "--checkpoint", str(cp))
    assert code == 1
    assert "rewritten" in text and f"position {json.loads(cp.read_text())['position']}" in text


def test_checkpoint_signed_by_another_key_is_refused(app: object, store_url: str, tmp_path: Path,
                                                     capsys: pytest.CaptureFixture[str],
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    _populate(app)
    monkeypatch.setenv("SECRETARIAT_HOME", str(tmp_path / "someone-else"))
    cp = _checkpoint(store_url, tmp_path, capsys)
    monkeypatch.setenv("SECRETARIAT_HOME", str(tmp_path / "ours"))
    from domain.eventstore.keys import signing_key

    signing_key(create=True)  # this installation's own key, which did not sign the checkpoint
    code, text = _verify(store_url, capsys, "--checkpoint", str(cp))
    assert code == 1
    assert "different key" in text


def test_checkpoint_key_is_private_and_outside_the_store(app: object, store_url: str, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    _checkpoint(store_url, tmp_path, capsys)
    from domain.eventstore.keys import KEY_FILE, data_dir

    key = data_dir() / KEY_FILE
    assert key.exists() and (key.stat().st_mode & 0o777) == 0o600
    assert not any(b"PRIVATE KEY" in bytes(r[4]) for r in RawEvents(store_url).rows())


def test_forged_row_outside_the_chain_is_named(app: object, store_url: str,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    _populate(app)
    raw = RawEvents(store_url)
    stream, version = raw.rows()[2][1], 99
    forged = (0, stream, version, "domain.access:User.RoleGranted", b'{"role":"administrator"}', b"x" * 32)
    if raw.config.kind == "postgresql":
        import psycopg

        with pytest.raises(psycopg.errors.CheckViolation):  # the table itself refuses positions below 1
            raw.execute("INSERT INTO {t} ({pos}, originator_id, originator_version, topic, state, chain_hash) "
                        "VALUES (?, ?, ?, ?, ?, ?)", forged)
        return
    raw.execute("INSERT INTO {t} ({pos}, originator_id, originator_version, topic, state, chain_hash) "
                "VALUES (?, ?, ?, ?, ?, ?)", forged)
    code, text = _verify(store_url, capsys)
    assert code == 1 and "position 0" in text and "outside the chain" in text


@pytest.mark.parametrize("column", ["state", "topic", "chain_hash"])
def test_nulled_column_is_a_malformed_row_at_its_position(app: object, store_url: str, column: str,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    _populate(app)
    raw = RawEvents(store_url)
    if raw.config.kind == "postgresql" and column == "chain_hash":
        pytest.skip("chain_hash is NOT NULL in the PostgreSQL table")
    if raw.config.kind == "sqlite" and column == "chain_hash":
        raw.execute("UPDATE {t} SET chain_hash = hex(chain_hash) WHERE {pos} = 3")
    else:
        raw.execute(f"UPDATE {{t}} SET {column} = NULL WHERE {{pos}} = 3")
    code, text = _verify(store_url, capsys)
    assert code == 1 and "position 3" in text and "malformed" in text


def test_verify_needs_no_user_and_reports_tampering_of_the_users_own_rows(
        app: object, store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    _populate(app)
    RawEvents(store_url).execute("UPDATE {t} SET state = ? WHERE {pos} = 1", (b'{"forged":true}',))
    code, text = _verify(store_url, capsys)
    assert code == 1 and "position 1" in text


def test_checkpoint_needs_a_trusted_key(app: object, store_url: str, tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    _populate(app)
    cp = _checkpoint(store_url, tmp_path, capsys)
    signer = json.loads(cp.read_text())["public_key"]
    monkeypatch.setenv("SECRETARIAT_HOME", str(tmp_path / "auditor"))  # an auditor's machine: no key of its own
    code, text = _verify(store_url, capsys, "--checkpoint", str(cp))
    assert code == 1 and "no trusted public key" in text
    assert _verify(store_url, capsys, "--checkpoint", str(cp), "--public-key", signer)[0] == 0
    stranger = "ab" * 32
    code, text = _verify(store_url, capsys, "--checkpoint", str(cp), "--public-key", stranger)
    assert code == 1 and "different key" in text


def test_checkpoint_never_overwrites_a_file(app: object, store_url: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "precious.db"
    target.write_bytes(b"keep me")
    act_as(store_url, "admin")
    code = main(["--store", store_url, "--user", "admin", "checkpoint", "--out", str(target)])
    assert code == 2 and "already exists" in capsys.readouterr().err
    assert target.read_bytes() == b"keep me"


@pytest.mark.only_on("sqlite")  # the words, not the store: one store is enough
def test_verify_speaks_the_readers_language_about_an_intact_and_a_broken_chain(
        app: object, store_url: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Verify's own findings (the chain, the checkpoints, the attachments) are templates the catalogue
    translates, not English sentences stitched into a translated line."""
    _populate(app)
    code, text = _verify(store_url, capsys, "--lang", "ru")
    assert code == 0 and "цепочка цела" in text and "подписанных контрольных точек ещё нет" in text
    assert "checkpoint" not in text and "covered" not in text
    RawEvents(store_url).execute("DELETE FROM {t} WHERE {pos} = 4")
    code, text = _verify(store_url, capsys, "--lang", "ru")
    assert code == 1 and "не хватает строки" in text and "ожидалась позиция 4" in text
    assert "missing" not in text and "expected" not in text


def test_a_batchs_linker_hashes_as_link_does() -> None:
    """The recorders hash a batch with `Linker` (stream and topic bytes made once): the chain must be the one
    `link` and every verifier compute, for text and UUID streams, repeated streams and bytes-like states."""
    stream = uuid.UUID("12345678-1234-5678-1234-567812345678")
    rows = [(1, stream, 1, "domain.a:A.Made", b'{"x":1}'), (2, stream.hex, 2, "domain.a:A.Made", b'{"x":2}'),
            (3, "another", 1, "domain.b:B.Done", memoryview(b"{}")),
            (4, stream, 3, "domain.b:B.Done", bytearray(b"[]"))]
    linker = Linker()
    by_linker = by_link = bytes(32)
    for position, s, version, topic, state in rows:
        by_linker = linker(by_linker, position, s, version, topic, state)  # type: ignore[arg-type]
        by_link = link(by_link, position, s, version, topic, state)  # type: ignore[arg-type]
        assert by_linker == by_link
