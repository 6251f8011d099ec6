"""The aggregate cache commands read records through: what it hands out is what replaying the record's
stream gives, after successful commands, after refused ones that changed the record before refusing,
and after another process (another application on the same store) wrote."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

import pytest

from domain.application import open_store
from domain.commands import COMMANDS, Command, Context, Outcome
from domain.errors import Refused
from domain.organisation import AppointMember, Commission, EstablishCommission, ScheduleElection, commission_id


def _state(record: Any) -> dict[str, Any]:
    return {k: v for k, v in vars(record).items() if k != "_pending_events"}


def _replayed(store_url: str, record_id: Any) -> dict[str, Any]:
    fresh = open_store(store_url)  # its own, empty cache: the record replayed from its stream
    try:
        return _state(fresh.find(record_id))
    finally:
        fresh.close()


class AppointThenRefuse(Command, frozen=True, kw_only=True):
    """Changes the commission, then refuses: nothing of it may stay in the cache."""

    name = "tests.appoint-then-refuse"
    roles: ClassVar[frozenset[str]] = frozenset({"administrator"})
    member: str

    def execute(self, ctx: Context) -> Outcome:
        found = ctx.get(Commission, CID, "no commission")
        found.appoint(self.member, "member", "", ctx.envelope)
        raise Refused("refused after changing the record")


COMMANDS.pop(AppointThenRefuse.name)  # a test's own command: not one users may run
CID: Any = None


@pytest.fixture
def commission(app: Any) -> Any:
    global CID
    app.handle(ScheduleElection(code="PE26", election_name="Election", kind="presidential",
                                voting_day=date(2026, 10, 1)), user="admin")
    app.handle(EstablishCommission(election="PE26", constituency=1, commission_name="One"), user="admin")
    CID = commission_id("PE26", 1, None)
    return CID


def test_cached_record_equals_replay_after_commands(app: Any, store_url: str, commission: Any) -> None:
    for n in range(30):
        app.handle(AppointMember(election="PE26", constituency=1, member=f"Member {n:02d}"), user="admin")
    assert _state(app.find(commission)) == _replayed(store_url, commission)
    assert len(app.find(commission).members) == 30


def test_a_refused_command_leaves_nothing_in_the_cache(app: Any, store_url: str, commission: Any) -> None:
    app.handle(AppointMember(election="PE26", constituency=1, member="Before"), user="admin")
    before = _state(app.find(commission))
    with pytest.raises(Refused, match="after changing"):
        app.handle(AppointThenRefuse(member="Ghost"), user="admin")
    assert _state(app.find(commission)) == before == _replayed(store_url, commission)
    app.handle(AppointMember(election="PE26", constituency=1, member="After"), user="admin")
    assert set(app.find(commission).members) == {"Before", "After"}


def test_another_writer_s_events_reach_the_cached_record(app: Any, store_url: str, commission: Any) -> None:
    app.handle(AppointMember(election="PE26", constituency=1, member="Mine"), user="admin")
    other = open_store(store_url)
    try:
        other.handle(AppointMember(election="PE26", constituency=1, member="Theirs"), user="admin")
    finally:
        other.close()
    app.handle(AppointMember(election="PE26", constituency=1, member="Mine again"), user="admin")
    assert set(app.find(commission).members) == {"Mine", "Theirs", "Mine again"}
    assert _state(app.find(commission)) == _replayed(store_url, commission)


class OpenFixedCommission(Command, frozen=True, kw_only=True):
    """Adds one commission under a fixed id without looking for it first: only `Context.add` checks it exists."""

    name = "tests.open-fixed-commission"
    roles: ClassVar[frozenset[str]] = frozenset({"administrator"})

    def execute(self, ctx: Context) -> Outcome:
        ctx.add(Commission._create(Commission.Established, id=FIXED, election_id=None, election_code="PE26",
                                   level="constituency", constituency=9, precinct=None, name="Fixed",
                                   envelope=ctx.envelope))
        return Outcome(message="opened")


COMMANDS.pop(OpenFixedCommission.name)
FIXED = commission_id("PE26", 9, None)


def _reads(app: Any, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The stream reads the application makes from now on (the library's and its own fast-forwards)."""
    reads: list[Any] = []
    original = app.recorder.select_events

    def counted(originator_id: Any, **kwargs: Any) -> Any:
        reads.append(originator_id)
        return original(originator_id, **kwargs)

    monkeypatch.setattr(app.recorder, "select_events", counted)
    return reads


def test_a_command_on_cached_records_reads_no_stream_again(app: Any, commission: Any,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    app.handle(AppointMember(election="PE26", constituency=1, member="First"), user="admin")
    reads = _reads(app, monkeypatch)
    app.handle(AppointMember(election="PE26", constituency=1, member="Second"), user="admin")
    assert reads == []  # the actor and the commission from the cache, known current as of the command's head
    assert set(app.find(commission).members) == {"First", "Second"}


def test_a_record_another_process_created_is_refused_as_existing_not_as_a_conflict(app: Any, store_url: str,
                                                                                    commission: Any) -> None:
    other = open_store(store_url)
    try:
        other.handle(OpenFixedCommission(), user="admin")
    finally:
        other.close()
    head = app.head()
    with pytest.raises(Refused, match="already exists"):
        app.handle(OpenFixedCommission(), user="admin")
    assert app.head() == head


def test_after_many_events_elsewhere_every_cached_record_is_read_again(app: Any, store_url: str, commission: Any,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import domain.fresh_cache

    app.handle(AppointMember(election="PE26", constituency=1, member="Mine"), user="admin")
    monkeypatch.setattr(domain.fresh_cache, "CHANGES_LIMIT", 2)
    other = open_store(store_url)
    try:
        for n in range(3):  # three commands, six events: more than the two read one by one
            other.handle(AppointMember(election="PE26", constituency=1, member=f"Theirs {n}"), user="admin")
    finally:
        other.close()
    app.handle(AppointMember(election="PE26", constituency=1, member="Mine again"), user="admin")
    assert _state(app.find(commission)) == _replayed(store_url, commission)
    assert len(app.find(commission).members) == 5
