"""Whether the terminal the app draws on is still there. A clerk's SSH session that drops without a hang-up
reaching the app (a `su` or `sudo` in between, a killed multiplexer) leaves the app reading an end-of-file from a
closed terminal forever, one core busy on the store's server; the app checks now and then and ends itself."""

from __future__ import annotations

import os
import sys

CHECK_SECONDS = 2.0
EXIT_TERMINAL_GONE = 129  # as a process ended by a hang-up (128 + SIGHUP)


def terminal_fd() -> int | None:
    """The terminal the app was started on, if it was started on one (not under a test's headless driver)."""
    try:
        fd = sys.__stdin__.fileno() if sys.__stdin__ is not None else -1
    except (OSError, ValueError):
        return None
    return fd if fd >= 0 and os.isatty(fd) else None


def terminal_gone(fd: int) -> bool:
    """The terminal behind `fd` was closed (hung up): it is no terminal any more."""
    try:
        return not os.isatty(fd)
    except OSError:
        return True
