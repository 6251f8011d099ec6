"""Which of the application's cached records a command may use without asking the store.

The aggregate cache holds records as last read or written by this process. Reading a record from it
normally costs a round trip to the store all the same (the library fast-forwards it with any newer events).
Instead, a command first reads, in one go (`refresh`; one round trip on PostgreSQL), the store's head and the
(stream, version) of every event since the head of the previous refresh: a cached record that missed one of
them is marked stale, every other cached record is then known to hold all of its events up to the new
head, and the command reads it from memory. A stale record is fast-forwarded from the store when next read;
too many events since the last refresh (a bulk load by another process) mark every cached record stale.

The command thus sees every record as of its first read (the head), or later for the ones it reads from the
store, never earlier: as before, a record another process changes meanwhile makes the insert conflict if
the command changes it too. Records found missing are remembered as missing for the rest of the command.
Everything here runs under the application's command lock.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from copy import deepcopy
from typing import Any
from uuid import UUID

CHANGES_LIMIT = 1000  # events since the last refresh read one by one; past this every cached record is stale


class FreshCache:
    def __init__(self, repository: Any, recorder: Any, to_domain_event: Callable[[Any], Any],
                 project: Callable[[Any, Iterable[Any]], Any]) -> None:
        self._repository = repository
        self._recorder = recorder
        self._to_domain_event = to_domain_event
        self._project = project
        self.position: int | None = None  # every cached record not in `stale` holds its events up to here
        self.stale: set[UUID] = set()
        self.missing: set[UUID] = set()  # records found missing since the refresh of the running command
        self.active = False  # within a command, after its refresh

    @property
    def usable(self) -> bool:
        return self._repository.cache is not None and hasattr(self._recorder, "command_reads")

    def refresh(self, streams: Sequence[UUID] = ()) -> int:
        """The store's head; marks the records changed since the last refresh stale; reads `streams` (the actor,
        the command's receipt) up to date into the cache in the same round trip. From now until `end`, reads
        of cached records that are not stale cost nothing."""
        cache = self._repository.cache
        known: dict[UUID, Any] = {}  # the cached copies of `streams` known current up to the last refresh
        for record_id in streams:
            try:
                known[record_id] = None if record_id in self.stale else cache.get(record_id)
            except KeyError:
                known[record_id] = None
        first = self.position is None
        reads = self._recorder.command_reads(
            self.position or 0, 0 if first else CHANGES_LIMIT,
            [(record_id, 0 if record is None else record.version) for record_id, record in known.items()])
        if reads.changes is None:  # the first refresh, or too much has changed: nothing cached is trusted
            self.stale = set(cache.cache)
        else:
            for record_id, version in reads.changes:
                if record_id in cache.cache and record_id not in self.stale:
                    record = cache.get(record_id)
                    if record is not None and record.version < version:
                        self.stale.add(record_id)
        if len(self.stale) > 2 * max(len(cache.cache), 1000):  # records since dropped from the cache
            self.stale &= set(cache.cache)
        self.missing = set()
        for record_id, events in reads.streams.items():
            record = known[record_id]
            if events or record is not None:
                record = self._project(record, map(self._to_domain_event, events))
                cache.put(record_id, record)
                self.stale.discard(record_id)
            else:
                self.missing.add(record_id)
        self.position = reads.head
        self.active = True
        return int(reads.head)

    def end(self) -> None:
        """The command is over: reads go to the store again until the next refresh."""
        self.active = False
        self.missing = set()

    def wrote(self, positions: Sequence[int], records: Iterable[Any]) -> None:
        """A command of this process stored events at `positions` for `records` (the cached objects it
        changed, now exactly as stored). Right after the last refresh's head, they move it on; the records it
        created go into the cache."""
        if not positions or self.position is None:
            return
        cache = self._repository.cache
        for record in records:
            cache.put(record.id, record)
            self.stale.discard(record.id)
        if min(positions) == self.position + 1 and max(positions) == self.position + len(positions):
            self.position = max(positions)

    def get(self, record_id: UUID, *, copy: bool) -> Any:
        """A record from memory if it is known to be current (a copy if `copy`), else Ellipsis: read it from the
        store. None if it was found missing during this command."""
        if not self.active:
            return ...
        if record_id in self.missing:
            return None
        if record_id in self.stale:
            return ...
        try:
            found = self._repository.cache.get(record_id)
        except KeyError:
            return ...
        return deepcopy(found) if copy else found

    def unread(self, record_id: UUID) -> bool:
        """Whether `get` would have to read this record from the store."""
        return self.active and record_id not in self.missing and (
            record_id in self.stale or record_id not in self._repository.cache.cache)

    def read(self, record_id: UUID, found: Any) -> None:
        """A record was read from the store (fast-forwarded if cached): current now, or missing if None."""
        self.stale.discard(record_id)
        if found is None and self.active:
            self.missing.add(record_id)
