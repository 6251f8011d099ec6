"""The envelope every event carries: who acted, in which role and office, why, and as part of what."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec


class Envelope(msgspec.Struct, frozen=True, kw_only=True):
    actor: UUID
    actor_name: str
    role: str
    office: str | None
    reason: str
    correlation_id: UUID
    causation_id: UUID | None
    command_id: str
    command: str
    recorded_at: datetime
