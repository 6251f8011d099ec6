"""Reading the small files the program is handed (checkpoints, keys, manifests, signatures): regular files
only, never more than a stated size, and every failure one line naming the file.

A checkpoint pointed at /dev/zero, a FIFO or /proc/self/mem must end in a sentence, not in a process
that grows until it is killed or hangs waiting for a writer.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from domain.errors import StoreError

SMALL_FILE = 64 * 1024  # checkpoints, keys, signatures
MANIFEST_LIMIT = 1024 * 1024
LINE_LIMIT = 16 * 1024 * 1024  # one event line of an export


def shown(path: object) -> str:
    """A path (or any text) fit for one line: control characters and undecodable bytes escaped. The zero-width
    (non-)joiners stay: Dari and Pashto words are spelled with them (a message in those languages is shown too)."""
    text = str(path)
    return "".join(ch if (ch.isprintable() or ch in _JOINERS) and not 0xD800 <= ord(ch) <= 0xDFFF else repr(ch)[1:-1]
                   for ch in text)


_JOINERS = frozenset("\u200c\u200d")


def read_bounded(path: Path, limit: int, what: str) -> bytes:
    """The bytes of a regular file of at most `limit` bytes, else StoreError in one line."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise StoreError("no {what} file at {shown}", what=what, shown=shown(path)) from None
    except (OSError, ValueError) as e:
        raise StoreError("cannot read {what} {shown}: {value}", what=what, shown=shown(path),
                         value=getattr(e, 'strerror', None) or e) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise StoreError("{what} {shown} is not a regular file", what=what, shown=shown(path))
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise StoreError("{what} {shown} is too large (over {limit:,} bytes); not a {what} file", what=what,
                             shown=shown(path), limit=limit)
        return b"".join(chunks)
    except OSError as e:
        raise StoreError("cannot read {what} {shown}: {reason}", what=what, shown=shown(path),
                         reason=e.strerror or e) from None
    finally:
        os.close(fd)
