"""The msgspec mapper: typed values come back typed, older event versions are upcast, unknown topics
are named with their position."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import msgspec
import pytest
from eventsourcing.persistence import StoredEvent
from eventsourcing.utils import get_topic

from domain.envelope import Envelope
from domain.errors import UnknownEventType
from domain.records import Record
from projections.eventlog import entries
from tests.identity import act_as
from tui.cli.main import main


def _envelope() -> Envelope:
    return Envelope(actor=uuid.uuid4(), actor_name="admin", role="administrator", office=None, reason="",
                    correlation_id=uuid.uuid4(), causation_id=None, command_id="c", command="test",
                    recorded_at=datetime.now(UTC))


class Payment(Record):
    class Made(Record.Created):
        amount: Decimal
        value_date: date
        payee: UUID
        booked_at: datetime

        def apply(self, p: Any) -> None:
            p.amount = self.amount

    class Corrected(Record.Event):
        class_version = 2
        amount: Decimal
        currency: str  # added in version 2; version 1 events had no currency

        @staticmethod
        def upcast_v1_v2(state: dict[str, Any]) -> None:
            state["currency"] = "AFN"

        def apply(self, p: Any) -> None:
            p.amount, p.currency = self.amount, self.currency


def test_decimal_date_uuid_datetime_come_back_typed(app: Any) -> None:
    payee = uuid.uuid4()
    booked = datetime(2026, 3, 1, 9, 30, tzinfo=UTC)
    p = Payment._create(Payment.Made, id=uuid.uuid4(), amount=Decimal("1250.10"), value_date=date(2026, 3, 2),
                        payee=payee, booked_at=booked, envelope=_envelope())
    app.save(p)
    event = app.mapper.to_domain_event(app.recorder.select_notifications(None, 100)[-1])
    assert event.amount == Decimal("1250.10") and isinstance(event.amount, Decimal)
    assert event.value_date == date(2026, 3, 2) and type(event.value_date) is date
    assert event.payee == payee and isinstance(event.payee, UUID)
    assert event.booked_at == booked
    assert isinstance(event.envelope, Envelope) and isinstance(event.envelope.actor, UUID)
    assert app.repository.get(p.id).amount == Decimal("1250.10")


def test_version_1_event_is_upcast_on_read(app: Any) -> None:
    p = Payment._create(Payment.Made, id=uuid.uuid4(), amount=Decimal("1"), value_date=date(2026, 1, 1),
                        payee=uuid.uuid4(), booked_at=datetime.now(UTC), envelope=_envelope())
    app.save(p)
    # A Corrected event as version 1 of the class wrote it: no currency, no class_version.
    v1_state = msgspec.json.encode({"timestamp": datetime.now(UTC), "amount": "99.50",
                                    "envelope": _envelope()})
    app.recorder.insert_events([StoredEvent(originator_id=p.id, originator_version=2,
                                            topic=get_topic(Payment.Corrected), state=v1_state)])
    loaded = app.repository.get(p.id)
    assert loaded.amount == Decimal("99.50")
    assert loaded.currency == "AFN"
    current = Payment.Corrected(originator_id=p.id, originator_version=3, timestamp=datetime.now(UTC),
                                amount=Decimal("2"), currency="USD", envelope=_envelope())
    stored = app.mapper.to_stored_event(current)
    assert b'"class_version":2' in stored.state
    assert app.mapper.to_domain_event(stored).currency == "USD"


def test_unknown_topic_is_named_with_its_position(app: Any, store_url: str,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    act_as(store_url, "admin")
    head = app.head()
    app.recorder.insert_events([StoredEvent(originator_id=uuid.uuid4(), originator_version=1,
                                            topic="domain.retired:Gone.Happened", state=b"{}")])
    with pytest.raises(UnknownEventType) as caught:
        list(entries(app))
    assert "domain.retired:Gone.Happened" in str(caught.value)
    assert f"position {head + 1}" in str(caught.value)
    assert main(["--store", store_url, "--user", "admin", "log"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "domain.retired:Gone.Happened" in err and f"position {head + 1}" in err


def test_a_stored_topic_never_imports_a_module(app: Any) -> None:
    import sys

    sys.modules.pop("antigravity", None)
    app.recorder.insert_events([StoredEvent(originator_id=uuid.uuid4(), originator_version=1,
                                            topic="antigravity:geohash", state=b"{}")])
    with pytest.raises(UnknownEventType, match="antigravity:geohash"):
        list(entries(app))
    assert "antigravity" not in sys.modules


def test_an_event_from_a_newer_program_is_refused(app: Any) -> None:
    from domain.errors import CorruptEvent

    state = msgspec.json.encode({"timestamp": datetime.now(UTC), "amount": "1", "currency": "USD",
                                 "class_version": 3, "envelope": _envelope()})
    stored = StoredEvent(originator_id=uuid.uuid4(), originator_version=2, topic=get_topic(Payment.Corrected),
                         state=state)
    with pytest.raises(CorruptEvent, match="newer version"):
        app.mapper.to_domain_event(stored)
