"""Badges a polling station can verify offline: the signed code printed as a QR code on an accreditation
badge, the signed list of revoked badges exported for the field, and the check of a scanned code.

A code is `SECB1.<claims>.<signature>`: the claims (badge number, person, organisation, election, category,
validity) as canonical JSON in unpadded base64url, and an Ed25519 signature of them by the secretariat's key
(the installation's signing key, `domain.eventstore.keys`) over a label that no other signed statement of
Secretariat uses, so a checkpoint's signature can never pass for a badge. A revocation list is a JSON file
signed the same way. Checking needs only the public key, the list and the day: no store, no network.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from domain.eventstore.keys import load_public_key, public_key_bytes

PREFIX = "SECB1"
BADGE_LABEL = b"secretariat badge v1\n"
LIST_LABEL = b"secretariat badge revocations v1\n"
LIST_KIND = "secretariat badge revocations"
CLAIMS = ("badge", "name", "organisation", "organisation_name", "election", "category", "valid_from", "valid_until")


class BadgeCodeError(ValueError):
    """Text that is no badge code at all (not a forgery: nothing to check)."""


class RevocationListError(BadgeCodeError):
    """A revocation list that cannot be read, or is not signed by the trusted key."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise BadgeCodeError("it is not base64") from None


def _canonical(value: Any) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def sign_badge(claims: dict[str, str], key: Ed25519PrivateKey) -> str:
    """The text of a badge's QR code."""
    body = _canonical({k: claims[k] for k in CLAIMS})
    return f"{PREFIX}.{_b64(body)}.{_b64(key.sign(BADGE_LABEL + body))}"


@dataclass(frozen=True)
class RevocationList:
    issued_at: str
    position: int
    public_key: str
    revoked: dict[str, str]  # badge -> revoked on


def revocation_list(revoked: list[tuple[str, str]], position: int, key: Ed25519PrivateKey,
                    now: datetime | None = None) -> str:
    """The signed revocation list, as the text of its file."""
    body = {"kind": LIST_KIND, "issued_at": (now or datetime.now(UTC)).isoformat(timespec="seconds"),
            "position": position, "public_key": public_key_bytes(key.public_key()).hex(),
            "revoked": [{"badge": b, "revoked_on": on} for b, on in revoked]}
    signature = key.sign(LIST_LABEL + _canonical(body)).hex()
    return json.dumps({**body, "signature": signature}, indent=1, ensure_ascii=False) + "\n"


def read_revocation_list(path: Path, trusted: bytes) -> RevocationList:
    """A revocation list file, checked against the trusted public key; RevocationListError in words otherwise."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise RevocationListError(f"the revocation list {path} cannot be read ({e.strerror or e})") from None
    except (ValueError, UnicodeDecodeError):
        raise RevocationListError(f"the revocation list {path} is not JSON") from None
    if not isinstance(data, dict) or data.get("kind") != LIST_KIND or not isinstance(data.get("signature"), str):
        raise RevocationListError(f"{path} is not a badge revocation list")
    body = {k: v for k, v in data.items() if k != "signature"}
    try:
        load_public_key(trusted).verify(bytes.fromhex(data["signature"]), LIST_LABEL + _canonical(body))
        revoked = {str(r["badge"]): str(r["revoked_on"]) for r in data["revoked"]}
        return RevocationList(str(data["issued_at"]), int(data["position"]), str(data["public_key"]), revoked)
    except (InvalidSignature, ValueError):
        raise RevocationListError(f"the revocation list {path} is not signed by the trusted key") from None
    except (KeyError, TypeError):
        raise RevocationListError(f"the revocation list {path} is incomplete") from None


@dataclass(frozen=True)
class Verdict:
    status: str  # valid, revoked, expired, not yet valid, forged
    line: str
    claims: dict[str, str] | None = None

    @property
    def ok(self) -> bool:
        return self.status == "valid"


def decode(code: str) -> tuple[dict[str, str], bytes, bytes]:
    """The claims, signed bytes and signature of a code; BadgeCodeError if it is not a badge code at all."""
    parts = code.strip().split(".")
    if len(parts) != 3 or parts[0] != PREFIX:
        raise BadgeCodeError("it does not start with SECB1 and has not three parts separated by dots")
    body, signature = _unb64(parts[1]), _unb64(parts[2])
    try:
        claims = json.loads(body.decode("utf-8"))
    except (ValueError, UnicodeDecodeError):
        raise BadgeCodeError("its claims are not readable") from None
    if not isinstance(claims, dict) or set(claims) != set(CLAIMS) or not all(isinstance(v, str)
                                                                              for v in claims.values()):
        raise BadgeCodeError("its claims are not those of a badge")
    return claims, body, signature


def verify(code: str, trusted: bytes, revocations: RevocationList | None, today: date) -> Verdict:
    """Whether a scanned code is a valid badge today: forged (not signed by the trusted key), revoked as of the
    list, expired (or not valid yet), or valid. BadgeCodeError when the text is no badge code at all."""
    claims, body, signature = decode(code)
    who = f"badge {claims['badge']} of {claims['name']} ({claims['organisation']}, {claims['election']})"
    try:
        load_public_key(trusted).verify(signature, BADGE_LABEL + body)
    except (InvalidSignature, ValueError):
        return Verdict("forged", f"FORGED: {who} is not signed by the secretariat's key; do not admit", claims)
    if revocations is not None and claims["badge"] in revocations.revoked:
        return Verdict("revoked", f"REVOKED: {who} was revoked on {revocations.revoked[claims['badge']]} "
                       f"(revocation list of {revocations.issued_at}); do not admit", claims)
    if today.isoformat() > claims["valid_until"]:
        return Verdict("expired", f"EXPIRED: {who} was valid until {claims['valid_until']}", claims)
    if today.isoformat() < claims["valid_from"]:
        return Verdict("not yet valid", f"NOT YET VALID: {who} is valid from {claims['valid_from']}", claims)
    listed = (f"not revoked as of the list of {revocations.issued_at}" if revocations is not None
              else "no revocation list was checked")
    return Verdict("valid", f"VALID: {who}, {claims['category']}, valid {claims['valid_from']} to "
                   f"{claims['valid_until']}; {listed}", claims)
