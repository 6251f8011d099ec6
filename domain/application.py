"""The Secretariat application: runs commands for a known actor, once per command id, and stores
their events through the chain recorder and the msgspec mapper.

Role checks and reason checks live here, not in the UI: every way in (CLI, TUI, tests) goes
through `Secretariat.handle`.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib
import os
import random
import threading
import time
import uuid
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from functools import partial
from typing import Any, ClassVar
from uuid import UUID

import msgspec
from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, RecordConflictError
from eventsourcing.utils import get_topic

from domain.access import (
    Login,
    User,
    check_account,
    check_name,
    hold_for_approval,
    login_id,
    map_login,
    needs_approval,
    office_refusal,
    office_scope,
    permitted_role,
    user_id,
)
from domain.commands import COMMANDS, Command, Context, Outcome
from domain.contexts import modules as context_modules
from domain.envelope import Envelope
from domain.errors import Conflict, Message, NotPermitted, Refused, StoreError, UnknownActor
from domain.eventstore.mapper import MsgspecMapper
from domain.eventstore.store import (
    StoreConfig,
    check_postgres,
    check_sqlite,
    create_sqlite_file,
    environment,
    parse_store_url,
)
from domain.fresh_cache import FreshCache
from domain.maintenance import RegisterRebuild, rebuild_refusal
from domain.receipts import CommandReceipt, fingerprint, receipt_id
from domain.records import LONG, Record, optional, require

BATCH = "batch"  # the command name of a batch's receipt
CONTENTION_ATTEMPTS = 500  # tries of a command that keeps losing the race for a counter ...
CONTENTION_SECONDS = 120.0  # ... for at most this long: each lost try means another clerk's number went through
CONTENTION_PAUSE = 0.001  # seconds; the random pause before try n is at most n times this, capped at 20x
STALE_RETRIES = 3  # a command refused while other processes wrote is run again on fresh state this often

for _module in context_modules("domain"):  # every context's commands register themselves on import
    importlib.import_module(_module)


@dataclass(frozen=True)
class Result:
    """What `handle` returns: the outcome, the store position of its last event, and whether it
    was a re-sent command answered from its receipt."""

    outcome: Outcome
    position: int | None
    replayed: bool = False

    @property
    def message(self) -> str:
        return self.outcome.message


@dataclass(frozen=True)
class BatchResult(Result):
    """What `handle_many` returns: a Result, plus how many commands ran and how many events were stored
    (the batch's receipt included; both 0 for a batch answered from its receipt)."""

    commands: int = 0
    events: int = 0
    would_change: frozenset[UUID] = frozenset()  # a dry run's answer: the records the batch would change


INIT_EVENTS = 4  # at most: the first administrator, their account's mapping (two events) and the receipt


class Secretariat(Application[UUID]):
    name = "Secretariat"
    # Records are kept in an aggregate cache (least recently used, fast-forwarded from the store on every
    # read, handed out as deep copies), so a command on a long-lived record (a commission with thousands of
    # members, a unit) costs the same as on a new one instead of replaying its whole stream each time.
    env: ClassVar[dict[str, str]] = {"MAPPER_TOPIC": get_topic(MsgspecMapper), "IS_SNAPSHOTTING_ENABLED": "n",
                                     "AGGREGATE_CACHE_MAXSIZE": "2000"}
    read_only: str | None = None  # why this store cannot be written here (a standby), set by open_store
    store_config: StoreConfig  # where the store is (set by open_store)

    def _writable(self) -> None:
        if self.read_only:
            raise Refused(self.read_only)

    # ---- reading ------------------------------------------------------------------------------

    # Every application open in this process, so a caller that opens stores in passing (the command line's main,
    # called many times by the tests) closes them, and their background threads, when it is done.
    opened: ClassVar[weakref.WeakSet[Secretariat]] = weakref.WeakSet()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        Secretariat.opened.add(self)
        # Commands change cached records in place (see `_load_for_command`): one at a time per process.
        self._command_lock = threading.RLock()
        # Which cached records a running command may read without asking the store.
        self._fresh = FreshCache(self.repository, self.recorder, self.mapper.to_domain_event, _project)
        # The kinds of command seen taking a registration number (reading a contended record): they run under
        # the writers' lock from their first read where the store offers that (`_writing`).
        self._counting: set[type[Command]] = set()
        self.tries_again = 0  # tries of commands beyond their first, since opening (benches report it)
        self.last_written = 0  # the highest position this application stored (its registers know they are behind)

    _collected = False  # closed by the garbage collector (see __del__)

    def close(self) -> None:
        """Closes the store; a SQLite store's background checkpointer ends first (it would otherwise touch the
        files for a while after the close, e.g. re-create them in a folder being removed)."""
        Secretariat.opened.discard(self)
        stop = getattr(self.recorder, "stop_checkpoints", None)
        if stop is not None:
            stop(wait=not self._collected)
        super().close()

    def __del__(self) -> None:
        # A collection may run anywhere, even inside another store's checkpointer bookkeeping (holding its lock):
        # the checkpointer is told to stop, not waited for.
        self._collected = True
        super().__del__()

    def find(self, record_id: UUID) -> Record | None:
        """A record as stored (a copy: changing it changes nothing), None if there is none. Taken under the
        command lock: a command changes cached records in place, and another thread (a UI worker loading a
        card) must not copy one half-changed."""
        with self._command_lock:
            return self._get(record_id, copy=True)

    def _get(self, record_id: UUID, *, copy: bool) -> Record | None:
        """A record from the cache where a running command knows it current (`domain.fresh_cache`), else from
        the store (fast-forwarded if cached); a copy if `copy`."""
        found = self._fresh.get(record_id, copy=copy)
        if found is ...:
            try:
                found = self.repository.get(record_id, projector_func=_project, deepcopy_from_cache=copy)
            except AggregateNotFoundError:
                found = None
            self._fresh.read(record_id, found)
        return found if isinstance(found, Record) else None

    def user(self, name: str) -> User | None:
        found = self.find(user_id(name))
        return found if isinstance(found, User) else None

    def chain_hash_at(self, position: int) -> bytes | None:
        """The chain hash stored at a position (None where there is no row): both of the store's recorders keep
        it (domain.eventstore), the library's recorder type does not know of it."""
        recorder: Any = self.recorder
        found: bytes | None = recorder.chain_hash_at(position)
        return found

    def head(self) -> int:
        return self.recorder.max_notification_id() or 0

    def is_empty(self) -> bool:
        return self.head() == 0

    def only_initialised(self) -> bool:
        """Nothing recorded but `init` (the first administrator, their account's mapping and the receipt): a
        store for the first-run choice (demo or empty) and for loading the demo."""
        head = self.head()
        if not 0 < head <= INIT_EVENTS:
            return False
        return all(getattr(getattr(self.mapper.to_domain_event(n), "envelope", None), "command", None) == "users.init"
                   for n in self.recorder.select_notifications(1, INIT_EVENTS))

    # ---- acting -------------------------------------------------------------------------------

    def actor(self, name: str) -> User:
        user = self.user(name) if name else None
        if user is None:
            raise UnknownActor("unknown user {name!r}; an administrator must add you first", name=name)
        if not user.active:
            raise UnknownActor("user {user_name} is deactivated", user_name=user.name)
        return user

    def user_for_login(self, account: str) -> User | None:
        """The user an authenticated account acts as: the one mapped to it; for a store from before
        accounts were mapped, the user named like the account, as long as that user has no account."""
        login = self.find(login_id(account)) if account else None
        if isinstance(login, Login):
            return self.user(login.user) if login.user else None
        try:
            same_name = self.user(check_name(account))
        except Refused:
            return None
        return same_name if same_name is not None and not same_name.login else None

    def bootstrap(self, name: str, full_name: str = "", login: str = "") -> Result:
        """Make the acting user the first administrator of an empty store, acting from account `login`."""
        if not self.is_empty():
            raise Refused("the store is already initialised")
        name = check_name(name)
        login = check_account(login) if login else ""
        # One fixed command id: two racing first starts collide on its receipt, so only one wins.
        envelope = self._envelope(user_id(name), name, "administrator", None,
                                  "first administrator of a new store", "init", "users.init", None, None)
        user = User.add(name, "administrator", None, full_name, envelope)
        records: list[Record] = [user]
        if login:
            ctx = Context(lambda _: None, envelope)
            ctx.add(user)
            map_login(ctx, user, login)
            records = ctx.changed()
        message = Message("store initialised; {name} is its first administrator, acting from account {login}",
                          name=user.name, login=login) if login else \
            Message("store initialised; {name} is its first administrator", name=user.name)
        outcome = Outcome(message=message, record_ids=[user.id])
        receipt = CommandReceipt.record("users.init", "", outcome, envelope)
        try:
            return self._save([*records, receipt], outcome)
        except (IntegrityError, RecordConflictError):
            raise Refused("the store is already initialised") from None

    def pinned(self) -> contextlib.AbstractContextManager[Any]:
        """Reads and writes of this thread on one database connection until the block ends (PostgreSQL: one
        pooled connection per command instead of one per record read; SQLite: nothing to do)."""
        pinned = getattr(self.recorder, "pinned", None)
        return pinned() if pinned is not None else contextlib.nullcontext()

    def handle(self, command: Command, *, user: str, command_id: str | None = None, reason: str = "",
               correlation_id: UUID | None = None, causation_id: UUID | None = None) -> Result:
        self._writable()
        with self.pinned():
            return self._handle(command, user=user, command_id=command_id, reason=reason,
                                correlation_id=correlation_id, causation_id=causation_id)

    def _handle(self, command: Command, *, user: str, command_id: str | None, reason: str,
                correlation_id: UUID | None, causation_id: UUID | None) -> Result:
        given = (command_id or "").strip()
        command_id = given or uuid.uuid4().hex  # a new id has no receipt: nothing to look for
        with self._command_lock, self._writing(command):
            # The store's head, what changed since, the actor and the receipt: one read (domain.fresh_cache).
            head = self._refresh([user_id(user)] if user else [], [receipt_id(command_id)] if given else [])
            try:
                return self._handle_fresh(command, head, user, command_id, bool(given), reason, correlation_id,
                                          causation_id)
            finally:
                self._fresh.end()

    def _writing(self, command: Command) -> contextlib.AbstractContextManager[Any]:
        """For a kind of command that takes a registration number: its tries read and insert under the writers'
        lock where the store offers it (PostgreSQL, `writing`), so it never loses the race for the number to
        another process and runs again (under contention most tries lost it, and some lost it a hundred times).
        Other commands need no lock to read, and their conflicts are rare."""
        writing = getattr(self.recorder, "writing", None)
        if writing is None or type(command) not in self._counting:
            return contextlib.nullcontext()
        return writing()

    def _refresh(self, *streams: list[UUID]) -> int:
        """The store's head, with the cached records known current as of it (see `domain.fresh_cache`); the
        head alone where there is no cache or the recorder cannot say what changed."""
        if not self._fresh.usable:
            return self.head()
        return self._fresh.refresh([record_id for ids in streams for record_id in ids])

    def _handle_fresh(self, command: Command, head: int, user: str, command_id: str, given: bool, reason: str,
                      correlation_id: UUID | None, causation_id: UUID | None) -> Result:
        actor = self.actor(user)
        digest = fingerprint(command)
        earlier = self.find(receipt_id(command_id)) if given else None
        if isinstance(earlier, CommandReceipt):
            return Result(earlier.answer(command.name, digest, actor.id), None, replayed=True)
        role = self.permitted_role(actor, type(command))
        reason = optional(reason, "reason", LONG)
        if type(command).needs_reason and not reason:
            raise Refused("'{command_name}' needs a reason", command_name=command.name)
        envelope = self._envelope(actor.id, actor.name, role, actor.office, reason, command_id,
                                  command.name, correlation_id, causation_id)
        return self._attempts(command, envelope, actor, digest, head)

    def _attempts(self, command: Command, envelope: Envelope, actor: User, digest: str, head: int) -> Result:
        """Run the command until it is saved, refused in words or conflicts (see `_lost_counter_race`)."""
        tries = _Tries(started=time.monotonic())
        for attempt in range(1, CONTENTION_ATTEMPTS + 1):
            tries.attempt = attempt
            self.tries_again += attempt > 1
            with self._writing(command):  # a try that lost a counter race runs again under the lock
                done = self._attempt(command, envelope, actor, digest, head if attempt == 1 else None, tries)
            if done is not None:
                return done
        raise AssertionError("unreachable: the last attempt returns or raises")

    def _attempt(self, command: Command, envelope: Envelope, actor: User, digest: str, head: int | None,
                 tries: _Tries) -> Result | None:
        """One try of a command: its Result, or None to try again; raises if refused or in conflict."""
        if head is None:
            head = self._refresh()
        loaded: list[UUID] = []
        ctx = Context(partial(self._load_for_command, loaded=loaded), envelope,
                      unread=None if tries.checked or not self._fresh.usable else self._fresh.unread)
        try:
            held = needs_approval(command, self.find)
            if held is None:
                outcome = command.execute(ctx)
                self._check_office(actor, ctx.changed(), self.find, {})
            else:  # the two-person rule: its rules are checked now, its effects wait for a second user
                command.execute(ctx)
                self._check_office(actor, ctx.changed(), self.find, {})
                self._forget(loaded)  # the trial's changes leave the cache
                loaded.clear()
                ctx = Context(partial(self._load_for_command, loaded=loaded), envelope)
                outcome = hold_for_approval(command, *held, ctx)
        except Refused:
            self._forget(loaded)
            if ctx.assumed_new and not tries.checked:  # refused in words as before: with what it adds looked for
                tries.checked = True
                return None
            if self._lost_counter_race(command, _counters_read(ctx), tries):
                return None
            # Records are read as of the head at the command's start (from the cache) or later (from the
            # store), not in one snapshot: another process may commit meanwhile, and the command is then
            # refused on a mix of old and new state. Refused while the store moved: run it again on fresh
            # state (a few times).
            if tries.stale < STALE_RETRIES and self.head() != head:
                tries.stale += 1
                return None
            raise
        except BaseException:
            self._forget(loaded)
            raise
        counters = _counters_read(ctx)
        if counters:
            self._counting.add(type(command))
        receipt = CommandReceipt.record(command.name, digest, outcome, envelope)
        try:
            return self._save([*confidential_first(ctx.changed()), receipt], outcome)
        except BaseException as e:
            self._forget(loaded)
            if not isinstance(e, IntegrityError | RecordConflictError):
                raise
        self._fresh.end()  # what the command knew is out of date: read the receipt and counters from the store
        again = self.find(receipt_id(envelope.command_id))
        if isinstance(again, CommandReceipt):
            return Result(again.answer(command.name, digest, actor.id), None, replayed=True)
        if self._lost_counter_race(command, counters, tries):
            return None
        if ctx.assumed_new and not tries.checked:  # perhaps one of the records it added exists: look for them
            tries.checked = True
            return None
        raise Conflict("another user changed the same record at the same moment; "
                       "nothing was recorded, please try again") from None

    def _lost_counter_race(self, command: Command, counters: dict[UUID, int], tries: _Tries) -> bool:
        """Whether a command failed only because another took the same counter (a registration number)
        meanwhile: then it runs again on the fresh counter, under the writers' lock where the store has one
        (`_writing`), else after a short random pause. A refusal or conflict computed on a stale counter is not
        the clerk's fault; once the attempts run out it is 'busy'."""
        stale = False
        for record_id, loaded in counters.items():
            latest = self.recorder.select_events(record_id, desc=True, limit=1)
            if latest and latest[0].originator_version > loaded:
                stale = True
        if not stale:
            return False
        if tries.attempt >= CONTENTION_ATTEMPTS or time.monotonic() - tries.started > CONTENTION_SECONDS:
            raise Conflict("the register is busy: many registrations in this series at once; nothing was "
                           "recorded, please try again") from None
        self._counting.add(type(command))
        if getattr(self.recorder, "writing", None) is None:
            time.sleep(random.uniform(0, CONTENTION_PAUSE * min(tries.attempt, 20)))
        return True

    def _load_for_command(self, record_id: UUID, loaded: list[UUID]) -> Record | None:
        """A record for a command to change: the cached object itself, not a copy (copying a record with a
        long history costs about what replaying it does). If the command fails, `_forget` drops what it
        loaded from the cache, so no half-applied change survives; if it is saved, the cached record is
        exactly what the store now holds."""
        loaded.append(record_id)
        return self._get(record_id, copy=False)

    def _forget(self, record_ids: Iterable[UUID]) -> None:
        cache = self.repository.cache
        if cache is None:
            return
        for record_id in record_ids:
            try:
                cache.get(record_id, evict=True)
            except KeyError:
                pass

    def handle_many(self, commands: Iterable[Command | tuple[Command, str] | tuple[Command, str, str]], *,
                    user: str, reason: str = "", command_id_prefix: str, numbers: Sequence[int] | None = None,
                    dry_run: bool = False) -> BatchResult:
        """Run many commands as one unit of work: all of them are recorded, in one transaction, or none.

        For bulk loads (the demo history), where a transaction per command costs more than the rules do.

        - Each item is a command, a (command, reason) pair or a (command, reason, actor) triple: the pair's
          reason overrides `reason`, the triple's actor (a user name) acts for that command instead of
          `user`, so one batch can hold a history in which clerks and heads take turns. `user` is the
          batch's own actor (its receipt's). Every actor must be an active user, checked when its first
          command runs (a user added earlier in the batch may act later in it); each actor's role is
          checked once per command class. A command that needs a reason and has none is refused, as in
          `handle`.
        - Each command runs its own `execute` under its own envelope (its name, reason, recorded-at and the
          command id ``<prefix>/<n>``, n counting from 1), against ONE shared set of loaded aggregates, so
          a later command sees what earlier ones changed; they are read on one connection, in one read
          transaction. All envelopes of a batch share one correlation id.
        - Events are stored in command order, exactly as handling the commands one by one would store
          them, minus their receipts.
        - Receipts: one per batch, under the id `command_id_prefix`, fingerprinting every command and its
          reason. A re-sent batch (same id, same commands, same user) is answered from that receipt and
          records nothing; a different batch under a used id is refused. There are no per-command
          receipts: they would double the events of a bulk load, and no client re-sends one command of a
          batch on its own, so the ``<prefix>/<n>`` ids in the envelopes have no receipts of their own.
          The receipt's outcome lists no record ids (a batch may touch thousands of records).
        - Any refusal aborts the whole batch with nothing written; its message names the command's
          place in the batch, and its `batch_index` attribute holds it (from 1), `cause` the rule's own words.
          An empty batch records nothing, not even a receipt.
        - `numbers`: what ``<n>`` is in each command's id instead of its place (an import's row numbers).
        - `dry_run`: every rule is checked as above but nothing is written (the result counts what would be,
          and names the records that would change).
        """
        self._writable()
        command_id_prefix = command_id_prefix.strip()
        require(command_id_prefix, "a batch needs a command id")
        actor = self.actor(user)
        items = [(item, reason, "") if isinstance(item, Command) else
                 (item[0], item[1], item[2] if len(item) > 2 else "") for item in commands]
        if not items:
            return BatchResult(Outcome(message=Message("no commands")), None)
        digest = _batch_fingerprint(items)
        earlier = self.find(receipt_id(command_id_prefix))
        if isinstance(earlier, CommandReceipt):
            return BatchResult(earlier.answer(BATCH, digest, actor.id), None, replayed=True)
        correlation_id = uuid.uuid4()
        events, role = self._execute_batch(items, actor, command_id_prefix, correlation_id, numbers)
        if dry_run:
            return BatchResult(Outcome(message=Message("{items_count} commands would be recorded",
                                                       items_count=len(items))), None,
                               commands=len(items), events=len(events),
                               would_change=frozenset(e.originator_id for e in events))
        outcome = Outcome(message=Message("{items_count} commands recorded in one batch", items_count=len(items)))
        receipt_envelope = self._envelope(actor.id, actor.name, role, actor.office, optional(reason, "reason", LONG),
                                          command_id_prefix, BATCH, correlation_id, None)
        receipt = CommandReceipt.record(BATCH, digest, outcome, receipt_envelope)
        try:
            # Straight to the recorder: `save` would check each event against a runtime protocol and
            # wrap each in two more objects, together costing more than encoding it. Snapshots are off
            # and nothing here listens to `_notify`.
            events.extend(receipt.collect_events())
            positions = self.recorder.insert_events([self.mapper.to_stored_event(e) for e in events])
            self.last_written = max(self.last_written, *(positions or [0]))
        except (IntegrityError, RecordConflictError):
            again = self.find(receipt_id(command_id_prefix))
            if isinstance(again, CommandReceipt):
                return BatchResult(again.answer(BATCH, digest, actor.id), None, replayed=True)
            raise Conflict("another user changed a record of this batch at the same moment; "
                           "nothing was recorded, please try again") from None
        return BatchResult(outcome, max(positions or [0]) or None, commands=len(items), events=len(events))

    def _execute_batch(self, items: list[tuple[Command, str, str]], actor: User, command_id_prefix: str,
                       correlation_id: UUID, numbers: Sequence[int] | None = None) -> tuple[list[Any], str]:
        """Execute a batch's commands in order; their events in order, and the role of the batch's actor."""
        roles: dict[tuple[str, type[Command]], str] = {}
        reasons: dict[str, str] = {}
        loaded: dict[UUID, Record | None] = {}
        events: list[Any] = []
        with self._stream_reader() as read:
            def load(record_id: UUID) -> Record | None:
                try:  # one hash of the id when it is loaded already (a UUID hashes in Python)
                    return loaded[record_id]
                except KeyError:
                    stored = read(record_id)
                    found = loaded[record_id] = (_project(None, map(self.mapper.to_domain_event, stored))
                                                 if stored else None)
                    return found

            actors: dict[str, User] = {}  # the same objects as in `loaded`: a deactivation in the batch shows
            scopes: dict[str, frozenset[str] | None] = {}

            def acting(name: str) -> User:
                found = actors.get(name)
                if found is None:
                    record = load(user_id(name))
                    if not isinstance(record, User):
                        raise UnknownActor("unknown user {name!r}; an administrator must add them first", name=name)
                    found = actors[name] = record
                if not found.active:
                    raise UnknownActor("user {found_name} is deactivated", found_name=found.name)
                return found

            for n, (command, text, name) in enumerate(items, start=1):
                try:
                    cls = type(command)
                    who = acting(name) if name and name != actor.name else actor
                    if (who.name, cls) not in roles:
                        roles[(who.name, cls)] = self.permitted_role(who, cls)
                    if text not in reasons:
                        reasons[text] = optional(text, "reason", LONG)
                    why = reasons[text]
                    if cls.needs_reason and not why:
                        raise Refused("'{command_name}' needs a reason", command_name=command.name)
                    envelope = self._envelope(who.id, who.name, roles[(who.name, cls)], who.office, why,
                                              f"{command_id_prefix}/{numbers[n - 1] if numbers else n}",
                                              command.name, correlation_id, None)
                    ctx = Context(load, envelope)
                    if cls.money_out and needs_approval(command, load) is not None:
                        raise Refused("it pays out more than the two-person threshold: enter it on its own, "
                                      "for a second user to approve")
                    command.execute(ctx)
                    self._check_office(who, ctx.changed(), load, scopes)
                except Refused as e:
                    refused = type(e)(f"batch {command_id_prefix}, command {n} ({command.name}): {e}")
                    refused.batch_index, refused.cause = n, str(e)
                    raise refused from None
                for record in confidential_first(ctx.changed()):
                    events.extend(record.collect_events())
                    loaded[record.id] = record
        own = [role for (name, _), role in roles.items() if name == actor.name]
        return events, own[0] if own else actor.roles[0]

    @staticmethod
    def _check_office(actor: User, records: list[Record], find: Callable[[UUID], Any],
                      scopes: dict[str, frozenset[str] | None]) -> None:
        """The office rule, next to the role check: a user of a provincial office changes only records of
        that office's units. `scopes` caches each actor's scope (worked out again before a refusal, in
        case a unit of their office was established since)."""
        if not actor.office:
            return
        for record in records:
            if actor.name not in scopes:
                scopes[actor.name] = office_scope(actor, find)
            refusal = office_refusal(actor, scopes[actor.name], record)
            if refusal:
                scopes[actor.name] = office_scope(actor, find)
                refusal = office_refusal(actor, scopes[actor.name], record)
            if refusal:
                raise NotPermitted(refusal)

    @contextmanager
    def _stream_reader(self) -> Iterator[Callable[[UUID], Sequence[Any]]]:
        """Read whole streams for a batch: through the chain recorders' one-transaction reader, else the library."""
        reader = getattr(self.recorder, "stream_reader", None)
        if reader is not None:
            with reader() as read:
                yield read
        else:
            yield self.recorder.select_events

    def check_rebuild(self, user: str) -> User:
        """The acting user if they may rebuild registers on demand (administrators), else NotPermitted in words."""
        actor = self.actor(user)
        refusal = rebuild_refusal(actor.name, actor.roles)
        if refusal is not None:
            raise NotPermitted(refusal)
        return actor

    def record_rebuild(self, user: str, register: str, from_version: int | None, to_version: int,
                       events: int, rows: int, seconds: float, reason: str, *, on_start: bool = False) -> Result:
        """Record that a register was rebuilt: on demand, by an administrator (`check_rebuild`); `on_start`, because
        its version changed, by any known active user's start-up (maintenance of the read side, not a change to
        any record)."""
        actor = self.actor(user) if on_start else self.check_rebuild(user)
        envelope = self._envelope(actor.id, actor.name, actor.roles[0], actor.office, reason,
                                  uuid.uuid4().hex, "registers.rebuild", None, None)
        record = RegisterRebuild.record(register, from_version, to_version, events, rows, seconds, envelope)
        return self._save([record], Outcome(message=Message("register {register} rebuilt", register=register)))

    @staticmethod
    def permitted_role(actor: User, command: type[Command]) -> str:
        return permitted_role(actor, command)

    def command(self, name: str, fields: dict[str, Any]) -> Command:
        """Build a command by name from loosely typed fields (CLI, forms); bad values are Refused."""
        import msgspec

        cls = COMMANDS.get(name)
        if cls is None:
            raise Refused("unknown command {name!r}", name=name)
        try:
            return msgspec.convert(fields, cls, strict=False)
        except msgspec.ValidationError as e:
            raise Refused("{name}: {e}", name=name, e=e) from None

    @staticmethod
    def _envelope(actor: UUID, actor_name: str, role: str, office: str | None, reason: str,
                  command_id: str, command: str, correlation_id: UUID | None,
                  causation_id: UUID | None) -> Envelope:
        return Envelope(actor=actor, actor_name=actor_name, role=role, office=office, reason=reason,
                        correlation_id=correlation_id or uuid.uuid4(), causation_id=causation_id,
                        command_id=command_id, command=command, recorded_at=datetime.now(UTC))

    def _save(self, records: list[Record], outcome: Outcome) -> Result:
        recordings = self.save(*records)
        positions = [r.notification.id for r in recordings if r.notification.id]
        # The saved records are now exactly as stored: cached for the next command (receipts are read only
        # when a command is sent again).
        self._fresh.wrote(positions, [r for r in records if not isinstance(r, CommandReceipt)])
        self.last_written = max(self.last_written, *positions, 0)
        return Result(outcome, max(positions, default=None))


@dataclass
class _Tries:
    """Where a command's tries stand: refusals retried on fresh state, whether what it adds is looked for first."""

    started: float
    attempt: int = 1
    stale: int = 0
    checked: bool = False


def _counters_read(ctx: Context) -> dict[UUID, int]:
    """The version each contended record (a registration counter) had when the command read it."""
    read = {r.id: r.version - len(r.pending_events) for r in ctx._seen.values()
            if getattr(type(r), "contended", False)}
    # A counter the command found missing and then could not create: another created it meanwhile.
    read.update({r.id: 0 for r in ctx.clashed if getattr(type(r), "contended", False)})
    return read


def confidential_first(records: Iterable[Record]) -> list[Record]:
    """A command's changed records, confidential ones first (otherwise in order): the events of one command
    share its envelope, so a reader following the history knows the command is confidential from its
    first event on (the event-log register, which never rewrites a row, relies on it)."""
    return sorted(records, key=lambda r: not getattr(r, "confidential", False))


def _project(aggregate: Any, events: Iterable[Any]) -> Any:
    """The library's projector without its per-event runtime-protocol assertion (about 30 us an event on
    Python 3.11, more than decoding it): every stored event of ours is a Record event with `mutate`."""
    for event in events:
        aggregate = event.mutate(aggregate)
    return aggregate


def _batch_fingerprint(items: list[tuple[Command, str, str]]) -> str:
    """A digest of every command of a batch (its class and fields), its reason and its actor, in order."""
    # A command acting for the batch's own user keeps the digest it had before actors could differ.
    parts = [(type(c).__name__, c, reason, who) if who else (type(c).__name__, c, reason) for c, reason, who in items]
    return hashlib.sha256(msgspec.json.encode(parts)).hexdigest()


def open_store(url: str | None, *, create: bool = False, group: str | None = None) -> Secretariat:
    """Check the store, then open the application on it. Nothing is written if a check fails; a new
    SQLite file is created 0600 (0660 for `group`)."""
    config = parse_store_url(url)
    read_only = None
    if config.kind == "sqlite":
        assert config.path is not None
        check_sqlite(config.path, create=create)
        if create and not config.path.exists():
            create_sqlite_file(config.path, group)
    else:
        read_only = check_postgres(config, create=create)
        if config.session_attrs:  # the pool's connections choose their server the same way (libpq reads it)
            os.environ["PGTARGETSESSIONATTRS"] = config.session_attrs
    try:
        app = Secretariat(env=environment(config, create=create and not read_only))
    except Exception as e:  # the library wraps driver errors in several ways
        raise StoreError("cannot open store {config_display}: {e}", config_display=config.display, e=e) from None
    app.store_config = config
    app.read_only = read_only
    return app
