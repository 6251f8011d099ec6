"""Proving the history is intact: re-walking the hash chain, and signed checkpoints of its head.

A checkpoint is a JSON file with (position, head hash, time) and an Ed25519 signature over them.
Verifying against a checkpoint also catches what the chain alone cannot: a truncated tail, or a
tail rewritten with a freshly recomputed chain.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature

from domain.errors import Message, StoreError
from domain.eventstore.chain import GENESIS, ChainReport, check_chain
from domain.eventstore.files import SMALL_FILE, read_bounded, shown
from domain.eventstore.keys import load_public_key, public_key_bytes, signing_key
from domain.eventstore.snapshot import ChainSnapshot, snapshot_of

Progress = Callable[[int, int], None]
PROGRESS_EVERY = 10_000


def verify_chain(source: Any, progress: Progress | None = None) -> ChainReport:
    """Recompute the chain of a store (its recorder or its StoreConfig) up to the head seen at the start.

    One consistent snapshot: writers may go on appending meanwhile; what they add is not checked now."""
    with snapshot_of(source) as snap:
        return verify_snapshot(snap, progress)


def verify_snapshot(snap: ChainSnapshot, progress: Progress | None = None,
                    start: tuple[int, bytes] = (0, GENESIS)) -> ChainReport:
    """The chain of one snapshot (from `start`, a position and its chain hash already known good: a checkpoint's).
    The fast path only hashes; a row whose hash does not match (or that cannot even be hashed) is then read
    whole and checked field by field to say what is wrong with it. The report counts the rows checked."""
    if snap.head and snap.low < 1:
        return ChainReport(0, 0, GENESIS, snap.low, None,
                           Message("stray row at position {position}, outside the chain", position=snap.low))
    previous, expected = start[1], start[0] + 1
    sha256 = hashlib.sha256
    every = PROGRESS_EVERY
    failed = None
    rows = snap.preimages(start[0])
    for position, stored, preimage in rows:
        if position != expected or preimage is None:
            failed = position
            break
        computed = sha256(previous + preimage).digest()
        if computed != stored:
            failed = position
            break
        previous = computed
        if progress and expected % every == 0:
            progress(expected, snap.head)
        expected += 1
    rows.close()
    good = expected - 1
    checked = good - start[0]
    if failed is None:
        if progress:
            progress(good, snap.head)
        return ChainReport(checked, good, previous)
    if failed < expected:
        return ChainReport(checked, good, previous, failed, None,
                           Message("position {position} out of order (duplicated)", position=failed))
    # Read the failing row whole and check it field by field, to say what is wrong with it.
    report = check_chain(snap.rows(good, failed), previous, good)
    if report.ok:  # cannot happen with the same bytes; said plainly rather than passed over
        return ChainReport(checked, good, previous, failed, None, Message("row could not be checked"))
    return ChainReport(checked + report.count, report.head_position, report.head_hash, report.bad_position,
                       report.bad_stream, report.problem)


@dataclass(frozen=True)
class Checkpoint:
    position: int
    head_hash: str
    time: str
    public_key: str
    signature: str
    previous: str = ""  # digest of the checkpoint before it ("" for the first, and for older files)

    def statement(self) -> bytes:
        return statement_bytes(self.position, self.head_hash, self.time, self.previous)

    @property
    def digest(self) -> str:
        """What the next checkpoint names: its signed statement and signature, hashed."""
        try:
            signature = bytes.fromhex(self.signature)
        except ValueError:
            signature = self.signature.encode()
        return hashlib.sha256(self.statement() + signature).hexdigest()


def statement_bytes(position: int, head_hash: str, time: str, previous: str = "") -> bytes:
    fields: dict[str, Any] = {"position": position, "head_hash": head_hash, "time": time}
    if previous:  # a checkpoint of the chain of checkpoints; older ones sign the first three alone
        fields["previous"] = previous
    return json.dumps(fields, sort_keys=True, separators=(",", ":")).encode()


def make_checkpoint(report: ChainReport, previous: str = "", *, create_key: bool = True) -> Checkpoint:
    key = signing_key(create=create_key)
    time = datetime.now(UTC).isoformat(timespec="seconds")
    head = report.head_hash.hex()
    signature = key.sign(statement_bytes(report.head_position, head, time, previous))
    return Checkpoint(report.head_position, head, time, public_key_bytes(key.public_key()).hex(),
                      signature.hex(), previous)


def write_checkpoint(checkpoint: Checkpoint, path: Path) -> None:
    """Write a new file (never over an existing one), atomically."""
    if path.exists():
        raise StoreError("{path} already exists; choose another file", path=path)
    tmp = path.with_name(path.name + ".part")
    try:
        tmp.write_text(json.dumps(checkpoint.__dict__, indent=2) + "\n")
        os.link(tmp, path)  # fails if the file appeared meanwhile
    except FileExistsError:
        raise StoreError("{path} already exists; choose another file", path=path) from None
    except OSError as e:
        raise StoreError("cannot write checkpoint {path}: {strerror}", path=path, strerror=e.strerror) from None
    finally:
        tmp.unlink(missing_ok=True)


def read_checkpoint(path: Path) -> Checkpoint:
    raw = read_bounded(path, SMALL_FILE, "checkpoint")
    try:
        data = json.loads(raw)
        return Checkpoint(int(data["position"]), str(data["head_hash"]), str(data["time"]),
                          str(data["public_key"]), str(data["signature"]), str(data.get("previous") or ""))
    except (ValueError, KeyError, TypeError) as e:
        raise StoreError("checkpoint {shown} is not a valid checkpoint file: {shown2}", shown=shown(path),
                         shown2=shown(e)) from None


def check_signature(checkpoint: Checkpoint, trusted_public_key: bytes) -> str | None:
    """None if the checkpoint is signed by the trusted key, else why not. The key embedded in the file
    is never trusted on its own: anyone can sign a checkpoint with a key of their own."""
    try:
        if bytes.fromhex(checkpoint.public_key) != trusted_public_key:
            return Message("checkpoint was signed by a different key")
        load_public_key(trusted_public_key).verify(bytes.fromhex(checkpoint.signature), checkpoint.statement())
    except (ValueError, InvalidSignature):
        return Message("checkpoint signature is not valid")
    return None


def check_against_checkpoint(hash_at: Callable[[int], bytes | None], report: ChainReport,
                             checkpoint: Checkpoint, trusted_public_key: bytes) -> str | None:
    """None if the store still holds the checkpointed history, else the problem in one line."""
    problem = check_signature(checkpoint, trusted_public_key)
    if problem:
        return problem
    if report.head_position < checkpoint.position:
        return Message("history truncated: checkpoint covers position {position} but the store ends at {head}",
                       position=checkpoint.position, head=report.head_position)
    stored = hash_at(checkpoint.position)
    if stored is None or stored.hex() != checkpoint.head_hash:
        return Message("history rewritten: chain hash at position {position} differs from the signed checkpoint",
                       position=checkpoint.position)
    return None
