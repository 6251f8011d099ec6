"""Telling a dropped database connection (server restart, failover, an administrator ending sessions) from a
refused statement, so that callers open a new connection instead of failing for good."""

from __future__ import annotations


def connection_lost(error: BaseException) -> bool:
    """True for a connection the server ended or that broke (PostgreSQL), not for a refused statement."""
    try:
        import psycopg
    except ImportError:  # pragma: no cover - psycopg is a dependency
        return False
    from eventsourcing.persistence import InterfaceError, OperationalError

    if isinstance(error, psycopg.OperationalError | psycopg.InterfaceError):
        return True
    return isinstance(error, OperationalError | InterfaceError) and "connection" in str(error).lower()
