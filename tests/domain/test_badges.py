"""The badge's signed code and the revocation list (domain/badges.py), checked offline: valid, revoked as of the
list, expired, not yet valid, forged (a tampered payload, another key's signature), and text that is no badge
code at all; and `secretariat verify-badge`, one line with exit codes 0, 1 and 2."""

from __future__ import annotations

import base64
import json
from datetime import date
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.badges import BadgeCodeError, decode, read_revocation_list, revocation_list, sign_badge, verify
from domain.eventstore.keys import public_key_bytes
from tui.cli.main import main

CLAIMS = {"badge": "WJ26-S0001", "name": "Məmmədova Aygün — Мамедова Айгюн", "organisation": "ODIHR",
          "organisation_name": "محمد کریمی", "election": "WJ-2026", "category": "international observer",
          "valid_from": "2026-06-01", "valid_until": "2026-11-30"}
DAY = date(2026, 10, 17)


@pytest.fixture
def key() -> Ed25519PrivateKey:
    return Ed25519PrivateKey.generate()


def _public(key: Ed25519PrivateKey) -> bytes:
    return public_key_bytes(key.public_key())


def _list(tmp_path: Path, key: Ed25519PrivateKey, revoked: list[tuple[str, str]]) -> Path:
    path = tmp_path / "revoked.json"
    path.write_text(revocation_list(revoked, 42, key), encoding="utf-8")
    return path


def test_a_signed_badge_is_valid_within_its_dates(key: Ed25519PrivateKey, tmp_path: Path) -> None:
    code = sign_badge(CLAIMS, key)
    assert code.startswith("SECB1.") and decode(code)[0] == CLAIMS
    listed = read_revocation_list(_list(tmp_path, key, [("WJ26-S0999", "2026-09-01")]), _public(key))
    verdict = verify(code, _public(key), listed, DAY)
    assert verdict.status == "valid" and verdict.ok and CLAIMS["name"] in verdict.line
    assert "not revoked as of the list" in verdict.line
    assert verify(code, _public(key), None, DAY).line.endswith("no revocation list was checked")


def test_a_revoked_badge_is_revoked_as_of_the_list(key: Ed25519PrivateKey, tmp_path: Path) -> None:
    listed = read_revocation_list(_list(tmp_path, key, [("WJ26-S0001", "2026-09-01")]), _public(key))
    verdict = verify(sign_badge(CLAIMS, key), _public(key), listed, DAY)
    assert verdict.status == "revoked" and not verdict.ok and "2026-09-01" in verdict.line


def test_an_expired_or_early_badge_is_not_valid(key: Ed25519PrivateKey) -> None:
    code = sign_badge(CLAIMS, key)
    assert verify(code, _public(key), None, date(2026, 12, 1)).status == "expired"
    assert verify(code, _public(key), None, date(2026, 5, 31)).status == "not yet valid"
    assert verify(code, _public(key), None, date(2026, 11, 30)).status == "valid"  # the last day counts


def test_a_tampered_payload_or_another_key_is_forged(key: Ed25519PrivateKey) -> None:
    code = sign_badge(CLAIMS, key)
    prefix, body, signature = code.split(".")
    claims = json.loads(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
    claims["valid_until"] = "2027-12-31"  # a longer validity, the same signature
    forged_body = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    assert verify(f"{prefix}.{forged_body}.{signature}", _public(key), None, DAY).status == "forged"
    other = Ed25519PrivateKey.generate()
    verdict = verify(sign_badge(CLAIMS, other), _public(key), None, DAY)
    assert verdict.status == "forged" and "FORGED" in verdict.line


@pytest.mark.parametrize("garbage", ["", "hello", "SECB1.x.y", "SECB1.!!!.???", "SECB2.e30.e30",
                                     "SECB1." + base64.urlsafe_b64encode(b'{"badge": 1}').decode() + ".AA"])
def test_garbage_is_not_a_badge_code(key: Ed25519PrivateKey, garbage: str) -> None:
    with pytest.raises(BadgeCodeError):
        verify(garbage, _public(key), None, DAY)


def test_a_list_signed_by_another_key_or_altered_is_refused(key: Ed25519PrivateKey, tmp_path: Path) -> None:
    path = _list(tmp_path, Ed25519PrivateKey.generate(), [])
    with pytest.raises(BadgeCodeError, match="not signed by the trusted key"):
        read_revocation_list(path, _public(key))
    path = _list(tmp_path, key, [("WJ26-S0001", "2026-09-01")])
    data = json.loads(path.read_text())
    data["revoked"] = []  # a badge taken off the list
    path.write_text(json.dumps(data))
    with pytest.raises(BadgeCodeError, match="not signed by the trusted key"):
        read_revocation_list(path, _public(key))


def test_verify_badge_says_one_line_with_its_exit_code(key: Ed25519PrivateKey, tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    public = _public(key).hex()
    code = sign_badge(CLAIMS, key)
    listed = str(_list(tmp_path, key, [("WJ26-S0002", "2026-09-01")]))

    def run(*argv: str) -> tuple[int, list[str]]:
        status = main(["verify-badge", *argv])
        out = capsys.readouterr()
        return status, (out.out + out.err).splitlines()

    status, lines = run(code, "--public-key", public, "--revocations", listed, "--today", "2026-10-17")
    assert status == 0 and len(lines) == 1 and lines[0].startswith("VALID: badge WJ26-S0001")
    status, lines = run(code, "--public-key", public, "--today", "2026-12-01")
    assert status == 1 and len(lines) == 1 and lines[0].startswith("EXPIRED")
    status, lines = run(sign_badge({**CLAIMS, "badge": "WJ26-S0002"}, key), "--public-key", public,
                        "--revocations", listed, "--today", "2026-10-17")
    assert status == 1 and len(lines) == 1 and lines[0].startswith("REVOKED")
    status, lines = run(sign_badge(CLAIMS, Ed25519PrivateKey.generate()), "--public-key", public)
    assert status == 1 and len(lines) == 1 and lines[0].startswith("FORGED")
    status, lines = run("not a code at all", "--public-key", public)
    assert status == 2 and lines == ["secretariat: not a badge code: it does not start with SECB1 and has not "
                                     "three parts separated by dots"]
    status, lines = run(code, "--public-key", "abc")
    assert status == 2 and len(lines) == 1 and "64-digit hex" in lines[0]
    other = str(_list(tmp_path / "..", Ed25519PrivateKey.generate(), []))
    status, lines = run(code, "--public-key", public, "--revocations", other)
    assert status == 2 and len(lines) == 1 and "not signed by the trusted key" in lines[0]
    status, lines = run(code, "--public-key", public, "--revocations", str(tmp_path / "missing.json"))
    assert status == 2 and len(lines) == 1 and "cannot be read" in lines[0]


def test_a_name_with_control_characters_is_printed_escaped(key: Ed25519PrivateKey,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    code = sign_badge({**CLAIMS, "name": "Ali\x1b[2J\nKarimi"}, key)
    assert main(["verify-badge", code, "--public-key", _public(key).hex(), "--today", "2026-10-17"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and out.count("\n") == 1 and "Ali\\x1b[2J\\nKarimi" in out


@pytest.mark.parametrize("words", [["print"], ["print", "letter"], ["print", "journal"], ["print", "badge"],
                                   ["badges"], ["badges", "revocations"], ["verify-badge"]])
def test_the_paper_sub_commands_have_help(words: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    from tui.cli.main import build_parser

    with pytest.raises(SystemExit) as exited:
        build_parser().parse_args([*words, "--help"])
    assert exited.value.code == 0 and "usage:" in capsys.readouterr().out


@pytest.mark.parametrize("argv", [["print"], ["print", "memo", "X", "--out", "x.pdf"], ["print", "letter", "X"],
                                  ["print", "journal", "sideways", "--from", "2026-01-01", "--to", "2026-01-02",
                                   "--out", "x.pdf"], ["badges"], ["verify-badge"]])
def test_paper_usage_errors_are_one_line(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("secretariat: ")
