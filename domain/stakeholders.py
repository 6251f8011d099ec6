"""Stakeholders context: accreditation for an election of organisations (observer missions, domestic observer
groups, media outlets, political parties) and then of their individuals (observers, media representatives,
party agents); the application window per election; parties' annual financial reports.

Accreditation: an organisation applies, then is accredited or refused (reasons required); its individuals may
apply only once it is accredited. An individual is applied -> accredited (a badge number unique across all
elections, validity dates) | refused (reasons required); accredited -> revoked (the badge's return date is
recorded). Expiry is not a command: an accreditation whose validity has ended is shown as expired when a
register or report is read (against that day), so nothing has to run on the day it lapses.
Applications (organisations' and individuals') close when the election plan's ACCREDITATION activity ends
(domain/plan.py); for an election whose plan has no such activity, a number of days before voting day: 10
unless set for the election by `accreditation.set-window`.

Other contexts that admit only accredited observers and media use `find_accredited(ctx, election, document, on)`.

A political party applies, and its agents are accredited, only while it is in the register of parties
(domain/parties.py) and neither suspended, merged nor dissolved.

Parties' annual financial reports (of parties in the register of parties; the party's name comes from there,
and a merged or dissolved party files nothing): expected (with a due date) -> submitted -> under review -> accepted |
deficiencies -> resubmitted -> under review ...; accepted -> published. Lateness is computed from the stored
due date: a report submitted after it was late; one still unsubmitted is late once the day read is past it.
Dates keep their order: decisions not before the application, revocation not before the accreditation, a party's
report handled only after its year ends and each step not before the one before it.
"""

from __future__ import annotations

import re
import uuid
from datetime import date, timedelta
from functools import lru_cache
from typing import ClassVar
from uuid import UUID

from domain.commands import Command, Context, Outcome
from domain.envelope import Envelope
from domain.errors import N_, Message
from domain.organisation import Election, election_id
from domain.parties import check_may_act
from domain.plan import deadline
from domain.records import LONG, REF, Long, Record, Ref, clean, optional, refuse, require
from domain.roles import OFFICE_STAFF

_NS = uuid.UUID("b7e2d4c1-5f3a-4a8e-9c6d-1e2f3a4b5c6d")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,23}$")
DEFAULT_WINDOW_DAYS = 10
ORGANISATION_KINDS = ("international observers", "domestic observers", "media", "political party")
# What an organisation's individuals are accredited as.
INDIVIDUAL_CATEGORY = {"international observers": "international observer", "domestic observers":
                       "domestic observer", "media": "media representative", "political party": "party agent"}


def _code(value: str, what: str) -> str:
    code = (value or "").strip().upper()
    require(_CODE.match(code), "{what} {value!r} must be 1-24 letters, digits or '-'", what=what, value=value)
    return code


def window_id(election: str) -> UUID:
    return uuid.uuid5(_NS, "window/" + election.strip().upper())


@lru_cache(maxsize=4096)
def organisation_id(election: str, code: str) -> UUID:
    return uuid.uuid5(_NS, f"organisation/{election.strip().upper()}/{code.strip().upper()}")


@lru_cache(maxsize=8192)
def individual_id(election: str, document: str) -> UUID:
    return uuid.uuid5(_NS, f"individual/{election.strip().upper()}/{document.strip().upper()}")


def badge_id(number: str) -> UUID:
    return uuid.uuid5(_NS, "badge/" + number.strip().upper())


@lru_cache(maxsize=4096)
def party_report_id(party: str, year: int) -> UUID:
    return uuid.uuid5(_NS, f"party-report/{party.strip().upper()}/{year}")


class AccreditationWindow(Record):
    """How many days before voting day an election's accreditation applications close."""

    code: str
    days: int

    class Set(Record.Event):
        days: int

        def apply(self, w: AccreditationWindow) -> None:
            w.days = self.days

    class Opened(Record.Created):
        election_code: str
        days: int

        def apply(self, w: AccreditationWindow) -> None:
            w.code, w.days = self.election_code, self.days


def closing_day(election: Election, window: AccreditationWindow | None) -> date:
    days = window.days if window is not None else DEFAULT_WINDOW_DAYS
    return election.voting_day - timedelta(days=days)


def check_window(ctx: Context, election: Election, applied_on: date) -> None:
    """Applications close when the election plan's accreditation activity ends; for an election whose plan has
    none, the window set for it (`accreditation.set-window`), else DEFAULT_WINDOW_DAYS before voting day."""
    planned = deadline(ctx, election.code, "ACCREDITATION")
    if planned is not None:
        require(applied_on <= planned, "accreditation applications for {election_code} closed on {planned} (election "
                                       "plan activity ACCREDITATION); {applied_on} is too late",
                                       election_code=election.code, planned=planned, applied_on=applied_on)
        return
    window = ctx.find(AccreditationWindow, window_id(election.code))
    closes = closing_day(election, window)
    days = window.days if window is not None else DEFAULT_WINDOW_DAYS
    require(applied_on <= closes, "accreditation applications for {election_code} closed on {closes} ({days} days "
                                  "before voting day {election_voting_day})", election_code=election.code,
                                  closes=closes, days=days, election_voting_day=election.voting_day)


# The statuses each command takes a record in (Organisation.allows, Individual.allows, PartyReport.allows decide
# by them; the cards offer exactly these).
ORGANISATION_STATUSES: dict[str, tuple[str, ...]] = {
    "accreditation.accredit-organisation": ("applied",), "accreditation.refuse-organisation": ("applied",),
    "accreditation.apply": ("accredited",), "accreditation.revoke-organisation": ("accredited",)}
INDIVIDUAL_STATUSES: dict[str, tuple[str, ...]] = {
    "accreditation.accredit": ("applied",), "accreditation.refuse": ("applied",),
    "accreditation.revoke": ("accredited",)}
REPORT_STATUSES: dict[str, tuple[str, ...]] = {
    "party-reports.submit": ("expected", "deficiencies"), "party-reports.review": ("submitted", "resubmitted"),
    "party-reports.accept": ("under review",), "party-reports.deficiencies": ("under review",),
    "party-reports.publish": ("accepted",)}


def _status_refusal(statuses: dict[str, tuple[str, ...]], status: str, command: str, what: str) -> str | None:
    """Why a record in `status` is refused `command` by its statuses table, in words; None when it is taken."""
    if command not in statuses or status in statuses[command]:
        return None
    wanted = statuses[command]
    return f"{what} is {status}, not " + ("awaiting a decision" if wanted == ("applied",) else " or ".join(wanted))


class Organisation(Record):
    election_code: str
    code: str
    name: str
    kind: str
    country: str
    applied_on: date
    status: str
    decided_on: date | None
    members: dict[str, str]

    class Applied(Record.Created):
        election_code: str
        code: str
        name: str
        kind: str
        country: str
        applied_on: date

        def apply(self, o: Organisation) -> None:
            o.election_code, o.code, o.name, o.kind = self.election_code, self.code, self.name, self.kind
            o.country, o.applied_on = self.country, self.applied_on
            o.status = "applied"
            o.decided_on = None
            o.members = {}  # accredited individuals: document -> valid until (ISO)

    class Accredited(Record.Event):
        decided_on: date

        def apply(self, o: Organisation) -> None:
            o.status, o.decided_on = "accredited", self.decided_on

    class Refused(Record.Event):
        decided_on: date
        reasons: str

        def apply(self, o: Organisation) -> None:
            o.status, o.decided_on = "refused", self.decided_on

    class Revoked(Record.Event):
        revoked_on: date

        def apply(self, o: Organisation) -> None:
            o.status = "revoked"

    class MemberAccredited(Record.Event):
        document: str
        valid_until: date

        def apply(self, o: Organisation) -> None:
            o.members = {**o.members, self.document: self.valid_until.isoformat()}

    class MemberReleased(Record.Event):
        document: str

        def apply(self, o: Organisation) -> None:
            o.members = {k: v for k, v in o.members.items() if k != self.document}

    @property
    def active(self) -> bool:
        return self.status in ("applied", "accredited")

    # the commands whose state rule `allows` decides
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(ORGANISATION_STATUSES)

    def allows(self, command: str) -> str | None:
        """Why the organisation's state refuses that command, in words (ORGANISATION_STATUSES); None when it
        allows it. The methods enforce it; the card offers exactly this."""
        return _status_refusal(ORGANISATION_STATUSES, self.status, command, Message("organisation {code}",
                                                                                    code=self.code))

    def _allowed(self, command: str) -> None:
        refusal = self.allows(command)
        refuse(refusal)

    def _pending(self, decided_on: date) -> None:
        require(
            decided_on >= self.applied_on,
            "the decision ({decided_on}) cannot precede the application of {code} ({applied_on})",
            decided_on=decided_on,
            code=self.code,
            applied_on=self.applied_on,
        )

    def accredit(self, decided_on: date, envelope: Envelope) -> None:
        self._allowed("accreditation.accredit-organisation")
        self._pending(decided_on)
        self.trigger_event(self.Accredited, decided_on=decided_on, envelope=envelope)

    def refuse(self, decided_on: date, reasons: str, envelope: Envelope) -> None:
        self._allowed("accreditation.refuse-organisation")
        self._pending(decided_on)
        self.trigger_event(
            self.Refused, decided_on=decided_on, reasons=clean(reasons, "reasons for refusal", LONG), envelope=envelope
        )

    def revoke(self, revoked_on: date, envelope: Envelope) -> None:
        self._allowed("accreditation.revoke-organisation")
        assert self.decided_on is not None  # accredited: decided
        require(revoked_on >= self.decided_on, "the accreditation of {code} cannot be revoked ({revoked_on}) before "
                                               "it was granted ({decided_on})",
                code=self.code, revoked_on=revoked_on, decided_on=self.decided_on)
        valid = sorted(d for d, until in self.members.items() if until >= revoked_on.isoformat())
        require(
            not valid,
            "organisation {code} still has {valid_count} accredited individual(s) ({valid}); revoke "
            "their accreditation first",
            code=self.code,
            valid_count=len(valid),
            valid=", ".join(valid[:5]),
        )
        self.trigger_event(self.Revoked, revoked_on=revoked_on, envelope=envelope)


class Individual(Record):
    election_code: str
    organisation_id: UUID
    organisation_code: str
    organisation_name: str
    category: str
    code: str
    full_name: str
    applied_on: date
    status: str
    badge: str | None
    valid_from: date | None
    valid_until: date | None

    class Applied(Record.Created):
        election_code: str
        organisation_id: UUID
        organisation_code: str
        organisation_name: str
        category: str
        document: str
        full_name: str
        applied_on: date

        def apply(self, i: Individual) -> None:
            i.election_code, i.organisation_id = self.election_code, self.organisation_id
            i.organisation_code, i.organisation_name = self.organisation_code, self.organisation_name
            i.category, i.code, i.full_name = self.category, self.document, self.full_name
            i.applied_on = self.applied_on
            i.status = "applied"
            i.badge = None
            i.valid_from = None
            i.valid_until = None

    class Accredited(Record.Event):
        badge: str
        valid_from: date
        valid_until: date

        def apply(self, i: Individual) -> None:
            i.status, i.badge, i.valid_from, i.valid_until = "accredited", self.badge, self.valid_from, self.valid_until

    class Refused(Record.Event):
        reasons: str

        def apply(self, i: Individual) -> None:
            i.status = "refused"

    class Revoked(Record.Event):
        revoked_on: date
        badge_returned_on: date

        def apply(self, i: Individual) -> None:
            i.status = "revoked"

    @property
    def active(self) -> bool:
        return self.status in ("applied", "accredited")

    # the commands whose state rule `allows` decides
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(INDIVIDUAL_STATUSES)

    def allows(self, command: str) -> str | None:
        """Why the individual's state refuses that command, in words (INDIVIDUAL_STATUSES); None when it allows
        it. The methods enforce it; the card offers exactly this."""
        return _status_refusal(INDIVIDUAL_STATUSES, self.status, command, self.code)

    def _allowed(self, command: str) -> None:
        refusal = self.allows(command)
        refuse(refusal)

    def accredit(
        self, organisation: Organisation, badge: str, valid_from: date, valid_until: date, envelope: Envelope
    ) -> None:
        self._allowed("accreditation.accredit")
        require(
            valid_until >= self.applied_on,
            "the badge cannot expire ({valid_until}) before the application ({applied_on})",
            valid_until=valid_until,
            applied_on=self.applied_on,
        )
        require(
            organisation.status == "accredited",
            "organisation {organisation_code} is {organisation_status}, not accredited",
            organisation_code=organisation.code,
            organisation_status=organisation.status,
        )
        require(
            valid_until >= valid_from,
            "the badge cannot expire ({valid_until}) before it is valid ({valid_from})",
            valid_until=valid_until,
            valid_from=valid_from,
        )
        self.trigger_event(
            self.Accredited, badge=badge, valid_from=valid_from, valid_until=valid_until, envelope=envelope
        )
        organisation.trigger_event(
            Organisation.MemberAccredited, document=self.code, valid_until=valid_until, envelope=envelope
        )

    def refuse(self, reasons: str, envelope: Envelope) -> None:
        self._allowed("accreditation.refuse")
        self.trigger_event(self.Refused, reasons=clean(reasons, "reasons for refusal", LONG), envelope=envelope)

    def revoke(self, organisation: Organisation, revoked_on: date, badge_returned_on: date, envelope: Envelope) -> None:
        self._allowed("accreditation.revoke")
        require(
            revoked_on >= self.applied_on,
            "the accreditation of {code} cannot be revoked ({revoked_on}) before the application ({applied_on})",
            code=self.code,
            revoked_on=revoked_on,
            applied_on=self.applied_on,
        )
        require(
            badge_returned_on >= self.applied_on,
            "the badge cannot be returned ({badge_returned_on}) before the application ({applied_on})",
            badge_returned_on=badge_returned_on,
            applied_on=self.applied_on,
        )
        self.trigger_event(self.Revoked, revoked_on=revoked_on, badge_returned_on=badge_returned_on, envelope=envelope)
        organisation.trigger_event(Organisation.MemberReleased, document=self.code, envelope=envelope)


class Badge(Record):
    """A badge number, taken once and never reused."""

    code: str
    individual_id: UUID

    class Issued(Record.Created):
        number: str
        individual_id: UUID

        def apply(self, b: Badge) -> None:
            b.code, b.individual_id = self.number, self.individual_id


# Each step's refusals as whole sentences (so that they translate whole): (refused in this status, refused within
# the report's own year, refused before the report's last step).
_REPORT_STEPS = {
    "party-reports.submit": (
        N_("the {year} report of {party} is {status}; it cannot be submitted"),
        N_("a report on {year} cannot be submitted within that year ({on})"),
        N_("the {year} report of {party} cannot be submitted on {on}, before its last step ({last_step_on})")),
    "party-reports.review": (
        N_("the {year} report of {party} is {status}; it cannot be taken under review"),
        N_("a report on {year} cannot be taken under review within that year ({on})"),
        N_("the {year} report of {party} cannot be taken under review on {on}, before its last step "
           "({last_step_on})")),
    "party-reports.accept": (
        N_("the {year} report of {party} is {status}; it cannot be accepted"),
        N_("a report on {year} cannot be accepted within that year ({on})"),
        N_("the {year} report of {party} cannot be accepted on {on}, before its last step ({last_step_on})")),
    "party-reports.deficiencies": (
        N_("the {year} report of {party} is {status}; it cannot be returned with deficiencies"),
        N_("a report on {year} cannot be returned with deficiencies within that year ({on})"),
        N_("the {year} report of {party} cannot be returned with deficiencies on {on}, before its last step "
           "({last_step_on})")),
    "party-reports.publish": (
        N_("the {year} report of {party} is {status}; it cannot be published"),
        N_("a report on {year} cannot be published within that year ({on})"),
        N_("the {year} report of {party} cannot be published on {on}, before its last step ({last_step_on})")),
}


class PartyReport(Record):
    party: str
    party_name: str
    year: int
    due: date
    code: str
    status: str
    submitted_on: date | None
    deficiencies: str
    last_step_on: date | None

    class Expected(Record.Created):
        party: str
        party_name: str
        year: int
        due: date

        def apply(self, r: PartyReport) -> None:
            r.party, r.party_name, r.year, r.due = self.party, self.party_name, self.year, self.due
            r.code = f"{self.party}/{self.year}"
            r.status = "expected"
            r.submitted_on = None
            r.deficiencies = ""
            r.last_step_on = None  # the date of the latest step: no step may precede it

    class Submitted(Record.Event):
        submitted_on: date
        resubmission: bool

        def apply(self, r: PartyReport) -> None:
            r.last_step_on = self.submitted_on
            r.status = "resubmitted" if self.resubmission else "submitted"
            if r.submitted_on is None:
                r.submitted_on = self.submitted_on

    class ReviewStarted(Record.Event):
        started_on: date

        def apply(self, r: PartyReport) -> None:
            r.last_step_on = self.started_on
            r.status = "under review"

    class Accepted(Record.Event):
        accepted_on: date

        def apply(self, r: PartyReport) -> None:
            r.last_step_on = self.accepted_on
            r.status = "accepted"

    class DeficienciesFound(Record.Event):
        found_on: date
        deficiencies: str

        def apply(self, r: PartyReport) -> None:
            r.last_step_on = self.found_on
            r.status = "deficiencies"
            r.deficiencies = self.deficiencies

    class Published(Record.Event):
        published_on: date

        def apply(self, r: PartyReport) -> None:
            r.last_step_on = self.published_on
            r.status = "published"

    # the commands whose state rule `allows` decides
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(REPORT_STATUSES)

    def allows(self, command: str) -> str | None:
        """Why the report's state refuses that command, in words (REPORT_STATUSES); None when it allows it. The
        methods enforce it; the card offers exactly this."""
        if command not in REPORT_STATUSES or self.status in REPORT_STATUSES[command]:
            return None
        # the status as a Message: shown in the reader's language (it is a word of the vocabulary)
        return Message(_REPORT_STEPS[command][0], year=self.year, party=self.party, status=Message(self.status))

    def _in(self, command: str, on: date) -> None:
        _refused, within_year, before_last = _REPORT_STEPS[command]
        refuse(self.allows(command))
        require(on.year > self.year, within_year, year=self.year, on=on)
        require(self.last_step_on is None or on >= self.last_step_on, before_last, year=self.year, party=self.party,
                on=on, last_step_on=self.last_step_on)

    def submit(self, submitted_on: date, envelope: Envelope) -> None:
        self._in("party-reports.submit", submitted_on)
        self.trigger_event(
            self.Submitted, submitted_on=submitted_on, resubmission=self.status == "deficiencies", envelope=envelope
        )

    def start_review(self, started_on: date, envelope: Envelope) -> None:
        self._in("party-reports.review", started_on)
        self.trigger_event(self.ReviewStarted, started_on=started_on, envelope=envelope)

    def accept(self, accepted_on: date, envelope: Envelope) -> None:
        self._in("party-reports.accept", accepted_on)
        self.trigger_event(self.Accepted, accepted_on=accepted_on, envelope=envelope)

    def find_deficiencies(self, found_on: date, deficiencies: str, envelope: Envelope) -> None:
        self._in("party-reports.deficiencies", found_on)
        self.trigger_event(
            self.DeficienciesFound,
            found_on=found_on,
            deficiencies=clean(deficiencies, "deficiencies", LONG),
            envelope=envelope,
        )

    def publish(self, published_on: date, envelope: Envelope) -> None:
        self._in("party-reports.publish", published_on)
        self.trigger_event(self.Published, published_on=published_on, envelope=envelope)


# ---- commands ----------------------------------------------------------------------------------


def _election(ctx: Context, code: str) -> Election:
    return ctx.get(Election, election_id(code), Message("no election with code {code!r}", code=code.strip().upper()))


def find_organisation(ctx: Context, election: str, code: str) -> Organisation:
    return ctx.get(
        Organisation,
        organisation_id(election, code),
        Message("no organisation {code!r} has applied for {election}",
            code=code.strip().upper(), election=election.strip().upper()),
    )


def find_individual(ctx: Context, election: str, document: str) -> Individual:
    return ctx.get(
        Individual,
        individual_id(election, document),
        Message("no application by document {document!r} for {election}",
            document=document.strip().upper(), election=election.strip().upper()),
    )


def find_accredited(ctx: Context, election: str, document: str, on: date) -> Individual:
    """An individual accredited for the election and whose badge is valid on that day, or a refusal: for other
    contexts that admit only accredited observers and media (to commission sessions, for instance)."""
    i = find_individual(ctx, election, document)
    require(i.status == "accredited", "{full_name} ({code}) is {status}, not accredited",
            full_name=i.full_name, code=i.code, status=i.status)
    assert i.valid_from is not None and i.valid_until is not None  # accredited: a badge issued
    require(i.valid_from <= on <= i.valid_until, "the badge {badge} of {full_name} is valid from {valid_from} "
                                                 "to {valid_until}, not on {on}",
            badge=i.badge, full_name=i.full_name, valid_from=i.valid_from, valid_until=i.valid_until, on=on)
    return i


def find_party_report(ctx: Context, party: str, year: int) -> PartyReport:
    return ctx.get(
        PartyReport,
        party_report_id(party, year),
        Message("no {year} financial report is expected from {party!r}", year=year, party=party.strip().upper()),
    )


class SetAccreditationWindow(Command, frozen=True, kw_only=True):
    name = "accreditation.set-window"
    title = "Set how many days before voting day applications close"
    roles = OFFICE_STAFF
    election: str
    days: int

    def execute(self, ctx: Context) -> Outcome:
        election = _election(ctx, self.election)
        require(0 <= self.days <= 180, "the window must close 0-180 days before voting day, not {days}", days=self.days)
        w = ctx.find(AccreditationWindow, window_id(election.code))
        if w is None:
            w = ctx.add(
                AccreditationWindow._create(
                    AccreditationWindow.Opened,
                    id=window_id(election.code),
                    election_code=election.code,
                    days=self.days,
                    envelope=ctx.envelope,
                )
            )
        else:
            require(
                w.days != self.days,
                "applications for {election_code} already close {days} days before",
                election_code=election.code,
                days=self.days,
            )
            w.trigger_event(AccreditationWindow.Set, days=self.days, envelope=ctx.envelope)
        return Outcome(
            message=Message(
                "applications for {election_code} close on {closing_day}",
                election_code=election.code,
                closing_day=closing_day(election, w),
            ),
            record_ids=[w.id],
        )


class ApplyOrganisation(Command, frozen=True, kw_only=True):
    name = "accreditation.apply-organisation"
    title = "Register an organisation's application for accreditation"
    roles = OFFICE_STAFF
    election: str
    code: str
    organisation_name: str
    kind: str
    country: Ref = ""
    applied_on: date

    def execute(self, ctx: Context) -> Outcome:
        election = _election(ctx, self.election)
        code = _code(self.code, "organisation code")
        require(
            self.kind in ORGANISATION_KINDS,
            "unknown organisation kind {kind!r}; kinds are {organisation_kinds}",
            kind=self.kind,
            organisation_kinds=", ".join(ORGANISATION_KINDS),
        )
        require(
            ctx.find(Organisation, organisation_id(election.code, code)) is None,
            "organisation {code} has already applied for {election_code}",
            code=code,
            election_code=election.code,
        )
        if self.kind == "political party":
            check_may_act(ctx, code, self.applied_on, "have its agents accredited", suspended_ok=False)
        check_window(ctx, election, self.applied_on)
        o = ctx.add(
            Organisation._create(
                Organisation.Applied,
                id=organisation_id(election.code, code),
                election_code=election.code,
                code=code,
                name=clean(self.organisation_name, "name"),
                kind=self.kind,
                country=optional(self.country, "country", REF),
                applied_on=self.applied_on,
                envelope=ctx.envelope,
            )
        )
        return Outcome(
            message=Message(
                "{code} has applied for accreditation for {election_code}", code=o.code, election_code=election.code
            ),
            record_ids=[o.id],
        )


class AccreditOrganisation(Command, frozen=True, kw_only=True):
    name = "accreditation.accredit-organisation"
    title = "Accredit an organisation"
    roles = OFFICE_STAFF
    election: str
    organisation: str
    decided_on: date

    def execute(self, ctx: Context) -> Outcome:
        o = find_organisation(ctx, self.election, self.organisation)
        o.accredit(self.decided_on, ctx.envelope)
        return Outcome(
            message=Message("{code} accredited for {election_code}", code=o.code, election_code=o.election_code),
            record_ids=[o.id],
        )


class RefuseOrganisation(Command, frozen=True, kw_only=True):
    name = "accreditation.refuse-organisation"
    title = "Refuse an organisation's accreditation"
    roles = OFFICE_STAFF
    election: str
    organisation: str
    decided_on: date
    reasons: Long

    def execute(self, ctx: Context) -> Outcome:
        o = find_organisation(ctx, self.election, self.organisation)
        o.refuse(self.decided_on, self.reasons, ctx.envelope)
        return Outcome(message=Message("accreditation of {code} refused", code=o.code), record_ids=[o.id])


class RevokeOrganisation(Command, frozen=True, kw_only=True):
    name = "accreditation.revoke-organisation"
    title = "Revoke an organisation's accreditation"
    roles = OFFICE_STAFF
    needs_reason = True
    election: str
    organisation: str
    revoked_on: date

    def execute(self, ctx: Context) -> Outcome:
        o = find_organisation(ctx, self.election, self.organisation)
        o.revoke(self.revoked_on, ctx.envelope)
        return Outcome(message=Message("accreditation of {code} revoked", code=o.code), record_ids=[o.id])


class ApplyIndividual(Command, frozen=True, kw_only=True):
    name = "accreditation.apply"
    title = "Register an individual's application (observer, media, party agent)"
    roles = OFFICE_STAFF
    election: str
    organisation: str
    document: str
    full_name: str
    applied_on: date

    def execute(self, ctx: Context) -> Outcome:
        election = _election(ctx, self.election)
        o = find_organisation(ctx, election.code, self.organisation)
        refusal = o.allows("accreditation.apply")
        require(refusal is None, "{refusal}; its individuals can apply only once it is accredited", refusal=refusal)
        if o.kind == "political party":
            check_may_act(ctx, o.code, self.applied_on, "have its agents accredited", suspended_ok=False)
        document = _code(self.document, "document number")
        require(
            ctx.find(Individual, individual_id(election.code, document)) is None,
            "document {document} has already applied for {election_code}",
            document=document,
            election_code=election.code,
        )
        check_window(ctx, election, self.applied_on)
        i = ctx.add(
            Individual._create(
                Individual.Applied,
                id=individual_id(election.code, document),
                election_code=election.code,
                organisation_id=o.id,
                organisation_code=o.code,
                organisation_name=o.name,
                category=INDIVIDUAL_CATEGORY[o.kind],
                document=document,
                full_name=clean(self.full_name, "full name"),
                applied_on=self.applied_on,
                envelope=ctx.envelope,
            )
        )
        return Outcome(
            message=Message(
                "{full_name} ({category}, {code}) has applied", full_name=i.full_name, category=i.category, code=o.code
            ),
            record_ids=[i.id],
        )


class AccreditIndividual(Command, frozen=True, kw_only=True):
    name = "accreditation.accredit"
    title = "Accredit an individual and issue a badge"
    roles = OFFICE_STAFF
    election: str
    document: str
    badge: str
    valid_from: date
    valid_until: date

    def execute(self, ctx: Context) -> Outcome:
        i = find_individual(ctx, self.election, self.document)
        badge = _code(self.badge, "badge number")
        require(ctx.find(Badge, badge_id(badge)) is None, "badge {badge} has already been issued", badge=badge)
        o = ctx.get(Organisation, i.organisation_id, Message("organisation {organisation_code} is missing",
            organisation_code=i.organisation_code))
        if o.kind == "political party":
            check_may_act(ctx, o.code, self.valid_from, "have its agents accredited", suspended_ok=False)
        i.accredit(o, badge, self.valid_from, self.valid_until, ctx.envelope)
        ctx.add(
            Badge._create(Badge.Issued, id=badge_id(badge), number=badge, individual_id=i.id, envelope=ctx.envelope)
        )
        return Outcome(
            message=Message("{full_name} accredited, badge {badge}", full_name=i.full_name, badge=badge),
            record_ids=[i.id],
        )


class RefuseIndividual(Command, frozen=True, kw_only=True):
    name = "accreditation.refuse"
    title = "Refuse an individual's accreditation"
    roles = OFFICE_STAFF
    election: str
    document: str
    reasons: Long

    def execute(self, ctx: Context) -> Outcome:
        i = find_individual(ctx, self.election, self.document)
        i.refuse(self.reasons, ctx.envelope)
        return Outcome(
            message=Message("accreditation of {full_name} refused", full_name=i.full_name), record_ids=[i.id]
        )


class RevokeIndividual(Command, frozen=True, kw_only=True):
    name = "accreditation.revoke"
    title = "Revoke an individual's accreditation (badge returned)"
    roles = OFFICE_STAFF
    needs_reason = True
    election: str
    document: str
    revoked_on: date
    badge_returned_on: date

    def execute(self, ctx: Context) -> Outcome:
        i = find_individual(ctx, self.election, self.document)
        o = ctx.get(Organisation, i.organisation_id, Message("organisation {organisation_code} is missing",
            organisation_code=i.organisation_code))
        i.revoke(o, self.revoked_on, self.badge_returned_on, ctx.envelope)
        return Outcome(
            message=Message(
                "accreditation of {full_name} revoked; badge {badge} returned", full_name=i.full_name, badge=i.badge
            ),
            record_ids=[i.id],
        )


class ExpectPartyReport(Command, frozen=True, kw_only=True):
    name = "party-reports.expect"
    title = "Expect a party's annual financial report"
    roles = OFFICE_STAFF
    party: str
    year: int
    due: date

    def execute(self, ctx: Context) -> Outcome:
        require(1990 <= self.year <= 2100, "year {year} is out of range", year=self.year)
        require(
            self.due.year > self.year,
            "a report on {year} cannot be due within that year ({due})",
            year=self.year,
            due=self.due,
        )
        registered = check_may_act(ctx, self.party, self.due, "be expected to file a report", suspended_ok=True)
        party = registered.code
        require(
            ctx.find(PartyReport, party_report_id(party, self.year)) is None,
            "the {year} report of {party} is already expected",
            year=self.year,
            party=party,
        )
        r = ctx.add(
            PartyReport._create(
                PartyReport.Expected,
                id=party_report_id(party, self.year),
                party=party,
                party_name=registered.name,
                year=self.year,
                due=self.due,
                envelope=ctx.envelope,
            )
        )
        return Outcome(
            message=Message("the {year} report of {party} is expected by {due}", year=r.year, party=r.party, due=r.due),
            record_ids=[r.id],
        )


class _PartyStep(Command, frozen=True, kw_only=True):
    party: str
    year: int
    on: date


class SubmitPartyReport(_PartyStep, frozen=True, kw_only=True):
    name = "party-reports.submit"
    title = "Receive a party's financial report (or its resubmission)"
    roles = OFFICE_STAFF

    def execute(self, ctx: Context) -> Outcome:
        r = find_party_report(ctx, self.party, self.year)
        check_may_act(ctx, r.party, self.on, "file a report", suspended_ok=True)
        r.submit(self.on, ctx.envelope)
        return Outcome(
            message=Message("the {year} report of {party} is {status}", year=r.year, party=r.party, status=r.status),
            record_ids=[r.id],
        )


class ReviewPartyReport(_PartyStep, frozen=True, kw_only=True):
    name = "party-reports.review"
    title = "Take a party's financial report under review"
    roles = OFFICE_STAFF

    def execute(self, ctx: Context) -> Outcome:
        r = find_party_report(ctx, self.party, self.year)
        r.start_review(self.on, ctx.envelope)
        return Outcome(
            message=Message("the {year} report of {party} is under review", year=r.year, party=r.party),
            record_ids=[r.id],
        )


class AcceptPartyReport(_PartyStep, frozen=True, kw_only=True):
    name = "party-reports.accept"
    title = "Accept a party's financial report"
    roles = OFFICE_STAFF

    def execute(self, ctx: Context) -> Outcome:
        r = find_party_report(ctx, self.party, self.year)
        r.accept(self.on, ctx.envelope)
        return Outcome(
            message=Message("the {year} report of {party} is accepted", year=r.year, party=r.party), record_ids=[r.id]
        )


class ReturnPartyReport(_PartyStep, frozen=True, kw_only=True):
    name = "party-reports.deficiencies"
    title = "Return a party's financial report with deficiencies"
    roles = OFFICE_STAFF
    deficiencies: Long

    def execute(self, ctx: Context) -> Outcome:
        r = find_party_report(ctx, self.party, self.year)
        r.find_deficiencies(self.on, self.deficiencies, ctx.envelope)
        return Outcome(
            message=Message("the {year} report of {party} was returned with deficiencies", year=r.year, party=r.party),
            record_ids=[r.id],
        )


class PublishPartyReport(_PartyStep, frozen=True, kw_only=True):
    name = "party-reports.publish"
    title = "Publish a party's financial report"
    roles = OFFICE_STAFF

    def execute(self, ctx: Context) -> Outcome:
        r = find_party_report(ctx, self.party, self.year)
        r.publish(self.on, ctx.envelope)
        return Outcome(
            message=Message("the {year} report of {party} is published", year=r.year, party=r.party), record_ids=[r.id]
        )
