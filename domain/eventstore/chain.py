"""The tamper-evident hash chain over stored events: how one link is computed and how a chain is checked.

Each stored row carries ``chain_hash = sha256(previous chain_hash || canonical bytes of
(position, stream id, version, topic, state))``. The first row links to 32 zero bytes.
"""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from uuid import UUID

from domain.errors import Message

GENESIS = bytes(32)
_HEADER = struct.Struct(">QQ")
_LEN = struct.Struct(">I")


def stream_key(originator_id: UUID | str) -> str:
    """The canonical text of a stream id, the same whichever store produced it."""
    return originator_id.hex if isinstance(originator_id, UUID) else str(originator_id)


def link(
    previous: bytes, position: int, stream: UUID | str, version: int, topic: str, state: bytes
) -> bytes:
    """The chain hash of one row, given the chain hash of the row before it."""
    stream_bytes, topic_bytes, state_bytes = stream_key(stream).encode(), topic.encode(), bytes(state)
    # One hashing call over the joined parts (the same bytes as hashing them one by one): cheaper per row.
    return hashlib.sha256(b"".join((
        previous, _HEADER.pack(position, version),
        _LEN.pack(len(stream_bytes)), stream_bytes,
        _LEN.pack(len(topic_bytes)), topic_bytes,
        _LEN.pack(len(state_bytes)), state_bytes,
    ))).digest()


class Linker:
    """`link` for the rows of one batch, the same hashes: the length-prefixed bytes of each stream and topic
    are made once per batch (a bulk load repeats them) and the state is hashed as it is when it is bytes."""

    def __init__(self) -> None:
        self._streams: dict[UUID | str, bytes] = {}
        self._topics: dict[str, bytes] = {}

    def __call__(self, previous: bytes, position: int, stream: UUID | str, version: int, topic: str,
                 state: bytes) -> bytes:
        stream_part = self._streams.get(stream)
        if stream_part is None:
            encoded = stream_key(stream).encode()
            stream_part = self._streams[stream] = _LEN.pack(len(encoded)) + encoded
        topic_part = self._topics.get(topic)
        if topic_part is None:
            encoded = topic.encode()
            topic_part = self._topics[topic] = _LEN.pack(len(encoded)) + encoded
        if type(state) is not bytes:
            state = bytes(state)
        return hashlib.sha256(b"".join((previous, _HEADER.pack(position, version), stream_part, topic_part,
                                        _LEN.pack(len(state)), state))).digest()


@dataclass(frozen=True)
class ChainRow:
    position: int
    stream: UUID | str
    version: int
    topic: str
    state: bytes
    chain_hash: bytes | None


@dataclass(frozen=True)
class ChainReport:
    """Outcome of a chain check: how many rows were good, the head, and the first fault if any."""

    count: int
    head_position: int
    head_hash: bytes
    bad_position: int | None = None
    bad_stream: str | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.bad_position is None


def _malformed(row: ChainRow) -> str | None:
    """Why a row cannot even be hashed (a column nulled or retyped behind the application's back)."""
    if not isinstance(row.position, int):
        return "position is not a number"
    if not isinstance(row.stream, UUID | str):
        return "stream id missing"
    if not isinstance(row.version, int):
        return "version is not a number"
    if not isinstance(row.topic, str):
        return "topic missing"
    if not isinstance(row.state, bytes | bytearray | memoryview):
        return "state is not bytes"
    if not isinstance(row.chain_hash, bytes | bytearray | memoryview) or len(bytes(row.chain_hash)) != 32:
        return "chain hash missing or not 32 bytes"
    return None


def check_chain(rows: Iterable[ChainRow], start_hash: bytes = GENESIS, start_position: int = 0
                ) -> ChainReport:
    """Recompute the chain over rows in position order; stop at the first fault.

    Positions must run 1, 2, 3 ... without gaps: both recorders assign them that way, so a gap
    means a deleted row.
    """
    previous = start_hash
    expected_position = start_position + 1
    count = 0
    head_position = start_position
    for row in rows:
        malformed = _malformed(row)
        if malformed:
            return ChainReport(count, head_position, previous, row.position if isinstance(row.position, int) else None,
                               str(row.stream), Message("row malformed: {malformed}", malformed=malformed))
        if row.position != expected_position:
            if row.position > expected_position:
                problem = Message("row missing before position {position} (expected position {expected})",
                                  position=row.position, expected=expected_position)
            else:
                problem = Message("position {position} out of order", position=row.position)
            return ChainReport(count, head_position, previous, row.position,
                               stream_key(row.stream), problem)
        computed = link(previous, row.position, row.stream, row.version, row.topic, row.state)
        if row.chain_hash is None or bytes(row.chain_hash) != computed:
            return ChainReport(count, head_position, previous, row.position,
                               stream_key(row.stream),
                               Message("stored chain hash does not match the row's contents"))
        previous = computed
        count += 1
        head_position = row.position
        expected_position += 1
    return ChainReport(count, head_position, previous)
