"""Where Secretariat keeps its own files (the data directory) and the Ed25519 signing key in it.

The key is created on first use with mode 0600 and never stored in the event store.
Data directory: $SECRETARIAT_HOME, else $XDG_DATA_HOME/secretariat, else ~/.local/share/secretariat.
"""

from __future__ import annotations

import os
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from domain.errors import StoreError
from domain.eventstore.files import SMALL_FILE, read_bounded

KEY_FILE = "checkpoint-signing-key.pem"


def data_dir() -> Path:
    home = os.environ.get("SECRETARIAT_HOME")
    if home:
        return Path(home).expanduser()
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "secretariat"


def signing_key(create: bool = True) -> Ed25519PrivateKey:
    try:
        return _signing_key(create)
    except OSError as e:
        raise StoreError("cannot use the signing key in {data_dir}: {value}", data_dir=data_dir(),
                         value=e.strerror or e) from None


def public_key() -> bytes | None:
    """This installation's public key, if it has a signing key."""
    if not (data_dir() / KEY_FILE).is_file():
        return None
    return public_key_bytes(signing_key(create=False).public_key())


def _signing_key(create: bool) -> Ed25519PrivateKey:
    path = data_dir() / KEY_FILE
    if path.exists():
        try:
            key = serialization.load_pem_private_key(read_bounded(path, SMALL_FILE, "signing key"), password=None)
        except (ValueError, TypeError) as e:
            raise StoreError("signing key {path} is unreadable: {e}", path=path, e=e) from None
        if not isinstance(key, Ed25519PrivateKey):
            raise StoreError("signing key {path} is not an Ed25519 key", path=path)
        return key
    if not create:
        raise StoreError("no signing key at {path}", path=path)
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(pem)
    return key


def public_key_bytes(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def load_public_key(raw: bytes) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(raw)


def parse_public_key(text: str) -> bytes | None:
    """The 32 bytes of a 64-digit hex Ed25519 public key, or None if the text is not one."""
    try:
        raw = bytes.fromhex(text.strip())
    except ValueError:
        return None
    return raw if len(raw) == 32 else None


def read_public_key(value: str) -> bytes | None:
    """A public key given as 64 hex digits or as a file holding them (read bounded); None if neither."""
    raw = parse_public_key(value)
    if raw is not None:
        return raw
    path = Path(value)
    if not (path.exists() or path.is_symlink()):
        return None
    try:
        return parse_public_key(read_bounded(path, SMALL_FILE, "public key").decode())
    except UnicodeDecodeError:
        return None
