"""The records' event fast path (domain/records.py) keeps the library's guarantees: an event is built from
exactly its fields, creation needs an explicit id, and versions follow one another."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime

import pytest

from domain.envelope import Envelope
from domain.organisation import Election, Unit

ENVELOPE = Envelope(actor=uuid.uuid4(), actor_name="admin", role="administrator", office=None, reason="",
                    correlation_id=uuid.uuid4(), causation_id=None, command_id="t", command="test",
                    recorded_at=datetime(2026, 11, 23, tzinfo=UTC))


def _unit() -> Unit:
    return Unit.establish("SEC", "Secretariat", "office", None, ENVELOPE)


def test_an_event_needs_exactly_its_fields() -> None:
    unit = _unit()
    with pytest.raises(TypeError, match=r"missing \['name'\]"):
        unit.trigger_event(Unit.Renamed, envelope=ENVELOPE)
    with pytest.raises(TypeError, match=r"unknown \['colour'\]"):
        unit.trigger_event(Unit.Renamed, name="Office", colour="red", envelope=ENVELOPE)
    assert unit.version == 1 and len(unit.pending_events) == 1  # nothing half-applied


def test_events_follow_one_another_and_change_the_record() -> None:
    unit = _unit()
    unit.rename("Office of the CEO", ENVELOPE)
    first, second = unit.collect_events()
    assert (first.originator_version, second.originator_version) == (1, 2) and unit.version == 2
    assert second.originator_id == unit.id and unit.name == "Office of the CEO"
    again = second.mutate(first.mutate(None))  # replaying the events builds the same record
    assert again.name == unit.name and again.version == 2 and again.id == unit.id


def test_a_record_is_created_with_an_explicit_id() -> None:
    with pytest.raises(TypeError, match="explicit id"):
        Election._create(Election.Scheduled, code="PE26", name="x", kind="parliamentary",
                         voting_day=date(2026, 9, 1), envelope=ENVELOPE)
