"""Finance context: budgets, allocations to lower commissions, transfers, spending reports, refunds and donor
projects.

THE DONOR-PROJECT CONTRACT (used by the property context; keep these names stable):
- `donor_project_id(code)` derives a donor project's id from its code (so codes are unique).
- `DonorProject.code`, `DonorProject.active` (False once closed) and `DonorProject.closed` (its negation).
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from functools import lru_cache
from uuid import UUID

from domain.envelope import Envelope
from domain.records import Record

_NS = uuid.UUID("6a1f3c2e-9b8d-4e7f-a1c2-d3e4f5a6b7c8")


@lru_cache(maxsize=1024)
def donor_project_id(code: str) -> UUID:
    return uuid.uuid5(_NS, "donor-project/" + code.strip().upper())


class DonorProject(Record):
    class Registered(Record.Created):
        code: str
        title: str
        donor: str
        agreement: str
        currency: str
        amount: Decimal
        starts: date
        ends: date

        def apply(self, p: DonorProject) -> None:
            p.code, p.title, p.donor, p.agreement = self.code, self.title, self.donor, self.agreement
            p.currency, p.amount, p.starts, p.ends = self.currency, self.amount, self.starts, self.ends
            p.active = True
            p.received = Decimal(0)
            p.advances = {}

    class Closed(Record.Event):
        on: date

        def apply(self, p: DonorProject) -> None:
            p.active = False

    @property
    def closed(self) -> bool:
        return not self.active

    @classmethod
    def register(cls, code: str, title: str, donor: str, agreement: str, currency: str, amount: Decimal,
                 starts: date, ends: date, envelope: Envelope) -> DonorProject:
        return cls._create(cls.Registered, id=donor_project_id(code), code=code, title=title, donor=donor,
                           agreement=agreement, currency=currency, amount=amount, starts=starts, ends=ends,
                           envelope=envelope)
