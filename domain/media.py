"""Media and outreach: press releases and statements (numbered PR-YYYY-NNNNN; drafted by a unit, approved by a
head, published on channels), press events (PEV-YYYY-NNNNN), media monitoring findings on campaign materials and
polls with the decision taken (MON-YYYY-NNNNN), awareness campaigns by province with their messages, channels
and reach, and the Election Education Centre's visits and simulations (EEC-YYYY-NNNNN).

A release is drafted -> approved -> published, each step not before the one before it; only an approved
release is published, and only a head or administrator approves (not the clerk who drafted it). A monitoring
finding is decided once, not before it was observed. A campaign reaches only its own provinces, within its
dates, and reach is a count of people (never negative).
"""

from __future__ import annotations

import re
import uuid
from datetime import date
from functools import lru_cache
from typing import ClassVar
from uuid import UUID

from domain.commands import Command, Context, Outcome
from domain.conditions import Attr, Check, StateRule
from domain.correspondence import next_number
from domain.envelope import Envelope
from domain.errors import N_, Message
from domain.organisation import find_election, find_unit
from domain.records import LONG, PROSE, SUBJECT, Long, Prose, Record, Subject, clean, refuse, require
from domain.roles import DECIDERS, OFFICE_STAFF

_NS = uuid.UUID("2f8a6c4e-1b3d-4e5f-9a7b-6c8d0e1f2a3b")
_CODE = re.compile(r"^[A-Z0-9][A-Z0-9-]{0,23}$")
RELEASE_KINDS = ("press release", "statement")
MATERIALS = ("campaign material", "poll", "news report", "advertisement")
DECISIONS = ("no violation", "warning", "removal requested", "referred to the Commission")
CHANNELS = ("radio", "television", "SMS", "posters", "door-to-door", "social media", "mosques and shuras")


@lru_cache(maxsize=4096)
def record_id(kind: str, number: str) -> UUID:
    return uuid.uuid5(_NS, f"{kind}/{number.strip().upper()}")


def _channels(text: str) -> list[str]:
    chosen = [c.strip() for c in re.split(r"[,;]", text or "") if c.strip()]
    require(chosen, "name at least one channel: {channels}", channels=', '.join(CHANNELS))
    unknown = [c for c in chosen if c not in CHANNELS]
    require(not unknown, "unknown channel {unknown}; channels are {channels}", unknown=', '.join(map(repr, unknown)),
                         channels=', '.join(CHANNELS))
    return chosen


# The status a press release must have for each step: the card and the pickers read this, `Release.allows`
# decides by it.
RELEASE_STATUSES = {"media.approve-release": "draft", "media.publish-release": "approved"}


class Release(Record):
    code: str
    kind: str
    title: str
    text: str
    unit_code: str
    drafted_on: date
    drafted_by: str
    status: str
    last_on: date
    channels: list[str]

    class Drafted(Record.Created):
        number: str
        kind: str
        title: str
        text: str
        unit_code: str
        drafted_on: date
        drafted_by: str

        def apply(self, r: Release) -> None:
            r.code, r.kind, r.title, r.text = self.number, self.kind, self.title, self.text
            r.unit_code, r.drafted_on, r.drafted_by = self.unit_code, self.drafted_on, self.drafted_by
            r.status, r.last_on, r.channels = "draft", self.drafted_on, []

    class Approved(Record.Event):
        on: date

        def apply(self, r: Release) -> None:
            r.status, r.last_on = "approved", self.on

    class Published(Record.Event):
        on: date
        channels: list[str]

        def apply(self, r: Release) -> None:
            r.status, r.last_on, r.channels = "published", self.on, list(self.channels)

    # the commands whose state rule `allows` decides
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(RELEASE_STATUSES)

    def allows(self, command: str) -> str | None:
        """Why the release's state refuses that command, in words; None when its state allows it
        (RELEASE_STATUSES). The methods enforce it; the card and the pickers offer exactly this."""
        if command not in RELEASE_STATUSES or self.status == RELEASE_STATUSES[command]:
            return None
        if command == "media.approve-release":
            return Message("{code} is {status}, not a draft awaiting approval", code=self.code, status=self.status)
        return Message("{code} is {status}; only an approved release is published", code=self.code,
                       status=self.status)

    def _allowed(self, command: str) -> None:
        refusal = self.allows(command)
        refuse(refusal)

    def approve(self, on: date, approver: str, envelope: Envelope) -> None:
        self._allowed("media.approve-release")
        require(approver != self.drafted_by, "{code} was drafted by {approver}; another person approves it",
                                             code=self.code, approver=approver)
        require(on >= self.last_on, "{code} cannot be approved on {on}, before it was drafted ({last_on})",
                                    code=self.code, on=on, last_on=self.last_on)
        self.trigger_event(self.Approved, on=on, envelope=envelope)

    def publish(self, on: date, channels: list[str], envelope: Envelope) -> None:
        self._allowed("media.publish-release")
        require(on >= self.last_on, "{code} cannot be published on {on}, before its approval ({last_on})",
                                    code=self.code, on=on, last_on=self.last_on)
        self.trigger_event(self.Published, on=on, channels=channels, envelope=envelope)


class PressEvent(Record):
    code: str
    held_on: date
    place: str
    topic: str
    speakers: str
    media_present: int

    class Held(Record.Created):
        number: str
        held_on: date
        place: str
        topic: str
        speakers: str
        media_present: int

        def apply(self, p: PressEvent) -> None:
            p.code, p.held_on, p.place, p.topic = self.number, self.held_on, self.place, self.topic
            p.speakers, p.media_present = self.speakers, self.media_present


class Finding(Record):
    code: str
    observed_on: date
    outlet: str
    material: str
    subject: str
    finding: str
    decision: str | None
    decided_on: date | None

    class Observed(Record.Created):
        number: str
        observed_on: date
        outlet: str
        material: str
        subject: str
        finding: str

        def apply(self, f: Finding) -> None:
            f.code, f.observed_on, f.outlet, f.material = self.number, self.observed_on, self.outlet, self.material
            f.subject, f.finding = self.subject, self.finding
            f.decision, f.decided_on = None, None

    class Decided(Record.Event):
        decision: str
        on: date
        reasons: str

        def apply(self, f: Finding) -> None:
            f.decision, f.decided_on = self.decision, self.on

    # the commands whose state rule `allows` decides
    STATE_RULES: ClassVar[dict[str, StateRule]] = {"media.decide-finding": StateRule(Check(
        Attr("decision").eq(None), lambda f: Message("finding {code} was decided on {decided_on}: {decision}",
                                                     code=f.code, decided_on=f.decided_on, decision=f.decision)))}
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(STATE_RULES)

    def allows(self, command: str) -> str | None:
        """Why the finding's state refuses that command, in words (a finding is decided once); None when it
        allows it. The method enforces it; the card offers exactly this, the finding picker lists it."""
        rule = self.STATE_RULES.get(command)
        return None if rule is None else rule(self)

    def decide(self, decision: str, on: date, reasons: str, envelope: Envelope) -> None:
        refusal = self.allows("media.decide-finding")
        refuse(refusal)
        require(
            decision in DECISIONS,
            "unknown decision {decision!r}; decisions are {decisions}",
            decision=decision,
            decisions=", ".join(DECISIONS),
        )
        require(
            on >= self.observed_on,
            "finding {code} was observed on {observed_on}; it cannot be decided on {on}",
            code=self.code,
            observed_on=self.observed_on,
            on=on,
        )
        self.trigger_event(
            self.Decided, decision=decision, on=on, reasons=clean(reasons, "reasons", LONG), envelope=envelope
        )


class Campaign(Record):
    code: str
    election_code: str
    title: str
    provinces: list[str]
    messages: str
    channels: list[str]
    starts: date
    ends: date
    reach: dict[str, int]

    class Launched(Record.Created):
        code: str
        election_code: str
        title: str
        provinces: list[str]
        messages: str
        channels: list[str]
        starts: date
        ends: date

        def apply(self, c: Campaign) -> None:
            c.code, c.election_code, c.title, c.provinces = self.code, self.election_code, self.title, self.provinces
            c.messages, c.channels, c.starts, c.ends = self.messages, self.channels, self.starts, self.ends
            c.reach = {}  # province -> people reached so far

    class ReachReported(Record.Event):
        province: str
        on: date
        channel: str
        people: int

        def apply(self, c: Campaign) -> None:
            c.reach = {**c.reach, self.province: c.reach.get(self.province, 0) + self.people}

    def report_reach(self, province: str, on: date, channel: str, people: int, envelope: Envelope) -> None:
        require(
            province in self.provinces,
            "campaign {code} does not run in {province}; it runs in {provinces}",
            code=self.code,
            province=province,
            provinces=", ".join(self.provinces),
        )
        require(
            self.starts <= on <= self.ends,
            "campaign {code} runs {starts} to {ends}; no reach on {on}",
            code=self.code,
            starts=self.starts,
            ends=self.ends,
            on=on,
        )
        require(
            channel in self.channels,
            "campaign {code} uses {channels}, not {channel!r}",
            code=self.code,
            channels=", ".join(self.channels),
            channel=channel,
        )
        require(0 <= people <= 10_000_000, "people reached must be 0-10,000,000, not {people}", people=people)
        self.trigger_event(
            self.ReachReported, province=province, on=on, channel=channel, people=people, envelope=envelope
        )

    @property
    def reached(self) -> int:
        return sum(self.reach.values())


class EducationVisit(Record):
    code: str
    visited_on: date
    group: str
    visitors: int
    simulation: bool

    class Received(Record.Created):
        number: str
        visited_on: date
        group: str
        visitors: int
        simulation: bool

        def apply(self, v: EducationVisit) -> None:
            v.code, v.visited_on, v.group, v.visitors, v.simulation = (
                self.number,
                self.visited_on,
                self.group,
                self.visitors,
                self.simulation,
            )


def _find(ctx: Context, cls: type[Record], kind: str, number: str, what: str) -> Record:
    return ctx.get(cls, record_id(kind, number or ""), Message("no {what} {value!r}",
        what=Message(what), value=(number or '').strip().upper()))


# ---- commands ----------------------------------------------------------------------------------


class DraftRelease(Command, frozen=True, kw_only=True):
    name = "media.draft-release"
    title = "Draft a press release or statement"
    roles = OFFICE_STAFF
    kind: str = "press release"
    release_title: str
    text: Prose
    unit: str
    drafted_on: date

    def execute(self, ctx: Context) -> Outcome:
        require(
            self.kind in RELEASE_KINDS,
            "unknown kind {kind!r}; kinds are {release_kinds}",
            kind=self.kind,
            release_kinds=", ".join(RELEASE_KINDS),
        )
        unit = find_unit(ctx, self.unit)
        number = next_number(ctx, "PR", self.drafted_on)
        r = ctx.add(
            Release._create(
                Release.Drafted,
                id=record_id("release", number),
                number=number,
                kind=self.kind,
                title=clean(self.release_title, "title"),
                text=clean(self.text, "text", PROSE),
                unit_code=unit.code,
                drafted_on=self.drafted_on,
                drafted_by=ctx.envelope.actor_name,
                envelope=ctx.envelope,
            )
        )
        return Outcome(message=Message("{kind} {number} drafted", kind=r.kind, number=number), record_ids=[r.id])


class ApproveRelease(Command, frozen=True, kw_only=True):
    name = "media.approve-release"
    title = "Approve a press release or statement"
    roles = DECIDERS
    release: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        r = _find(ctx, Release, "release", self.release, N_("press release"))
        assert isinstance(r, Release)
        r.approve(self.on, ctx.envelope.actor_name, ctx.envelope)
        return Outcome(message=Message("{code} approved", code=r.code), record_ids=[r.id])


class PublishRelease(Command, frozen=True, kw_only=True):
    name = "media.publish-release"
    title = "Publish an approved press release or statement"
    roles = OFFICE_STAFF
    release: str
    on: date
    channels: str

    def execute(self, ctx: Context) -> Outcome:
        r = _find(ctx, Release, "release", self.release, N_("press release"))
        assert isinstance(r, Release)
        r.publish(self.on, _channels(self.channels), ctx.envelope)
        return Outcome(
            message=Message("{code} published on {channels}", code=r.code, channels=", ".join(r.channels)),
            record_ids=[r.id],
        )


class HoldPressEvent(Command, frozen=True, kw_only=True):
    name = "media.press-event"
    title = "Record a press conference or briefing"
    roles = OFFICE_STAFF
    held_on: date
    place: str
    topic: Subject
    speakers: Subject
    media_present: int = 0

    def execute(self, ctx: Context) -> Outcome:
        require(
            0 <= self.media_present <= 1000,
            "media present must be 0-1,000, not {media_present}",
            media_present=self.media_present,
        )
        number = next_number(ctx, "PEV", self.held_on)
        p = ctx.add(
            PressEvent._create(
                PressEvent.Held,
                id=record_id("event", number),
                number=number,
                held_on=self.held_on,
                place=clean(self.place, "place"),
                topic=clean(self.topic, "topic", SUBJECT),
                speakers=clean(self.speakers, "speakers", SUBJECT),
                media_present=self.media_present,
                envelope=ctx.envelope,
            )
        )
        return Outcome(message=Message("press event {code} recorded", code=p.code), record_ids=[p.id])


class RecordFinding(Command, frozen=True, kw_only=True):
    name = "media.finding"
    title = "Record a media monitoring finding"
    roles = OFFICE_STAFF
    observed_on: date
    outlet: str
    material: str
    subject: str
    finding: Prose

    def execute(self, ctx: Context) -> Outcome:
        require(
            self.material in MATERIALS,
            "unknown material {material!r}; materials are {materials}",
            material=self.material,
            materials=", ".join(MATERIALS),
        )
        number = next_number(ctx, "MON", self.observed_on)
        f = ctx.add(
            Finding._create(
                Finding.Observed,
                id=record_id("finding", number),
                number=number,
                observed_on=self.observed_on,
                outlet=clean(self.outlet, "outlet"),
                material=self.material,
                subject=clean(self.subject, "subject"),
                finding=clean(self.finding, "finding", PROSE),
                envelope=ctx.envelope,
            )
        )
        return Outcome(message=Message("finding {code} recorded", code=f.code), record_ids=[f.id])


class DecideFinding(Command, frozen=True, kw_only=True):
    name = "media.decide-finding"
    title = "Record the decision taken on a monitoring finding"
    roles = DECIDERS
    finding: str
    decision: str
    on: date
    reasons: Long

    def execute(self, ctx: Context) -> Outcome:
        f = _find(ctx, Finding, "finding", self.finding, N_("monitoring finding"))
        assert isinstance(f, Finding)
        f.decide(self.decision, self.on, self.reasons, ctx.envelope)
        return Outcome(
            message=Message("finding {code}: {decision}", code=f.code, decision=self.decision), record_ids=[f.id]
        )


class LaunchCampaign(Command, frozen=True, kw_only=True):
    name = "media.launch-campaign"
    title = "Launch an awareness campaign"
    roles = OFFICE_STAFF
    code: str
    election: str
    campaign_title: str
    provinces: str
    messages: Prose
    channels: str
    starts: date
    ends: date

    def execute(self, ctx: Context) -> Outcome:
        code = (self.code or "").strip().upper()
        require(_CODE.match(code), "campaign code {code!r} must be 1-24 letters, digits or '-'", code=self.code)
        election = find_election(ctx, self.election)
        require(
            self.ends >= self.starts,
            "a campaign cannot end ({ends}) before it starts ({starts})",
            ends=self.ends,
            starts=self.starts,
        )
        names = [p.strip() for p in re.split(r"[,;\s]+", self.provinces or "") if p.strip()]
        require(names, "name the provincial offices the campaign runs in")
        units = [find_unit(ctx, n) for n in names]
        wrong = [u.code for u in units if u.kind != "provincial"]
        require(not wrong, "a campaign runs in provincial offices; not: {wrong}", wrong=", ".join(wrong))
        require(ctx.find(Campaign, record_id("campaign", code)) is None, "campaign {code} already exists", code=code)
        c = ctx.add(
            Campaign._create(
                Campaign.Launched,
                id=record_id("campaign", code),
                code=code,
                election_code=election.code,
                title=clean(self.campaign_title, "title"),
                provinces=sorted({u.code for u in units}),
                messages=clean(self.messages, "messages", PROSE),
                channels=_channels(self.channels),
                starts=self.starts,
                ends=self.ends,
                envelope=ctx.envelope,
            )
        )
        return Outcome(
            message=Message(
                "campaign {code} launched in {provinces_count} province(s)",
                code=c.code,
                provinces_count=len(c.provinces),
            ),
            record_ids=[c.id],
        )


class ReportReach(Command, frozen=True, kw_only=True):
    name = "media.report-reach"
    title = "Report a campaign's reach in a province"
    roles = OFFICE_STAFF
    campaign: str
    province: str
    on: date
    channel: str
    people: int

    def execute(self, ctx: Context) -> Outcome:
        c = _find(ctx, Campaign, "campaign", self.campaign, N_("campaign"))
        assert isinstance(c, Campaign)
        c.report_reach((self.province or "").strip().upper(), self.on, self.channel, self.people, ctx.envelope)
        return Outcome(
            message=Message("campaign {code}: {reached:,} people reached so far", code=c.code, reached=c.reached),
            record_ids=[c.id],
        )


class ReceiveEducationVisit(Command, frozen=True, kw_only=True):
    name = "media.education-visit"
    title = "Record a visit to the Election Education Centre"
    roles = OFFICE_STAFF
    visited_on: date
    group: str
    visitors: int
    simulation: bool = False

    def execute(self, ctx: Context) -> Outcome:
        require(1 <= self.visitors <= 2000, "visitors must be 1-2,000, not {visitors}", visitors=self.visitors)
        number = next_number(ctx, "EEC", self.visited_on)
        v = ctx.add(
            EducationVisit._create(
                EducationVisit.Received,
                id=record_id("eec", number),
                number=number,
                visited_on=self.visited_on,
                group=clean(self.group, "group"),
                visitors=self.visitors,
                simulation=self.simulation,
                envelope=ctx.envelope,
            )
        )
        return Outcome(
            message=Message("visit {code} of {group} recorded", code=v.code, group=v.group), record_ids=[v.id]
        )
