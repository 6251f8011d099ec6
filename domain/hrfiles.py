"""Personal files context: what the HR sector keeps about a person (date and place of birth, citizenship,
education with institution and field, languages, previous employment, family where the law asks), the
qualification a post requires, periodic attestation (commission, result, next date), disciplinary measures
and awards, and numbered certificates of employment issued on request.

A file is keyed by the personnel number and may be opened before the hire (a candidate's file). A post may
require a level of education in one of some fields (a lawyer's or an economist's higher education); hiring
into it is refused unless the person's file shows such an education, or an exception is recorded with its
reason (`check_qualification`, called by the hire in domain/personnel.py). Certificates are numbered
gap-free per year (CE-2026-0001) in the order they are issued, and dated in that order.
"""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any
from uuid import UUID

from domain.commands import Command, Context, Outcome
from domain.envelope import Envelope
from domain.errors import Message
from domain.organisation import Position, Unit, position_id, unit_id
from domain.records import LONG, Long, Name, Record, Ref, clean, optional, refuse, require
from domain.roles import DECIDERS, OFFICE_STAFF
from domain.rules import rule
from domain.shown import Listed

_NS = uuid.UUID("9a1c3e5f-7b2d-4c6e-8f0a-1b3d5f7a9c24")
EDUCATION_LEVELS = ("secondary", "vocational", "higher", "postgraduate")
ATTESTATION_RESULTS = ("fit for the post", "fit, with recommendations", "fit after retraining", "not fit")
MEASURES = ("award", "commendation", "reprimand", "severe reprimand", "warning")


def file_id(number: str) -> UUID:
    return uuid.uuid5(_NS, "personal-file/" + number.strip().upper())


def requirement_id(position: UUID) -> UUID:
    return uuid.uuid5(_NS, f"requirement/{position.hex}")


def series_id(year: int) -> UUID:
    return uuid.uuid5(_NS, f"certificates/{year}")


def _level(value: str) -> str:
    require(value in EDUCATION_LEVELS, "unknown education level {value!r}; levels are {education_levels}",
                                       value=value, education_levels=', '.join(EDUCATION_LEVELS))
    return value


class PersonalFile(Record):
    number: str
    full_name: str
    birth_date: date
    birth_place: str
    citizenship: str
    education: Listed
    employment: Listed
    languages: list[str]
    family: str
    attestations: Listed
    measures: Listed
    certificates: list[str]
    exceptions: list[str]

    class Opened(Record.Created):
        number: str
        full_name: str
        birth_date: date
        birth_place: str
        citizenship: str

        def apply(self, f: PersonalFile) -> None:
            f.number, f.full_name, f.birth_date = self.number, self.full_name, self.birth_date
            f.birth_place, f.citizenship = self.birth_place, self.citizenship
            f.education, f.employment = Listed(noun="degree"), Listed(noun="previous job")
            f.languages, f.family = [], ""
            f.attestations, f.measures = Listed(noun="attestation"), Listed(noun="measure")
            f.certificates, f.exceptions = [], []

    class EducationAdded(Record.Event):
        level: str
        institution: str
        field: str
        graduated: int

        def apply(self, f: PersonalFile) -> None:
            degree = {"level": self.level, "institution": self.institution, "field": self.field,
                      "graduated": self.graduated}
            f.education = Listed([*f.education, degree], "degree")

    class LanguagesRecorded(Record.Event):
        languages: list[str]

        def apply(self, f: PersonalFile) -> None:
            f.languages = list(self.languages)

    class EmploymentAdded(Record.Event):
        employer: str
        post: str
        start: date
        end: date

        def apply(self, f: PersonalFile) -> None:
            f.employment = Listed([*f.employment, {"employer": self.employer, "post": self.post, "start": self.start,
                                            "end": self.end}], "previous job")

    class FamilyRecorded(Record.Event):
        family: str

        def apply(self, f: PersonalFile) -> None:
            f.family = self.family

    class Attested(Record.Event):
        on: date
        commission: str
        result: str
        next_on: date | None

        def apply(self, f: PersonalFile) -> None:
            attestation = {"on": self.on, "commission": self.commission, "result": self.result,
                           "next_on": self.next_on}
            f.attestations = Listed([*f.attestations, attestation], "attestation")

    class MeasureRecorded(Record.Event):
        kind: str
        on: date
        order_number: str
        description: str

        def apply(self, f: PersonalFile) -> None:
            f.measures = Listed([*f.measures, {"kind": self.kind, "on": self.on, "order": self.order_number,
                                        "description": self.description}], "measure")

    class CertificateIssued(Record.Event):
        certificate: str
        on: date
        purpose: str

        def apply(self, f: PersonalFile) -> None:
            f.certificates = [*f.certificates, self.certificate]

    class ExceptionRecorded(Record.Event):
        position: str
        requirement: str

        def apply(self, f: PersonalFile) -> None:
            f.exceptions = [*f.exceptions, self.position]

    confidential = True  # personal data: opened only by cleared users, and every opening is recorded

    @property
    def code(self) -> str:
        return f"{self.number} {self.full_name}"

    def meets(self, level: str, fields: list[str]) -> bool:
        rank = EDUCATION_LEVELS.index(level)
        return any(EDUCATION_LEVELS.index(ed["level"]) >= rank and (not fields or ed["field"].lower() in fields)
                   for ed in self.education)

    def attest(self, on: date, commission: str, result: str, next_on: date | None, envelope: Envelope) -> None:
        require(result in ATTESTATION_RESULTS, "unknown attestation result {result!r}; results are {results}",
                result=result, results="; ".join(ATTESTATION_RESULTS))
        if self.attestations:
            last = self.attestations[-1]["on"]
            require(on > last, "{number} was last attested on {last}; an attestation is not dated before it",
                               number=self.number, last=last)
        require(next_on is None or next_on > on, "the next attestation ({next_on}) comes after this one ({on})",
                                                 next_on=next_on, on=on)
        self.trigger_event(self.Attested, on=on, commission=clean(commission, "attestation commission"),
                           result=result, next_on=next_on, envelope=envelope)


class PostRequirement(Record):
    """The education a staff-table post requires: at least a level, in one of some fields (any field if none)."""

    position_id: UUID
    position: str
    level: str
    fields: list[str]

    class Set(Record.Created):
        position_id: UUID
        position: str
        level: str
        fields: list[str]

        def apply(self, r: PostRequirement) -> None:
            r.position_id, r.position, r.level, r.fields = self.position_id, self.position, self.level, self.fields

    class Changed(Record.Event):
        level: str
        fields: list[str]

        def apply(self, r: PostRequirement) -> None:
            r.level, r.fields = self.level, self.fields

    @property
    def text(self) -> str:
        return f"{self.level} education" + (f" in {' or '.join(self.fields)}" if self.fields else "")


class CertificateSeries(Record):
    """The year's certificates of employment: the last number and date, so numbers are gap-free and in date order."""

    year: int
    last: int
    last_on: date | None

    class Opened(Record.Created):
        year: int

        def apply(self, s: CertificateSeries) -> None:
            s.year, s.last, s.last_on = self.year, 0, None

    class Numbered(Record.Event):
        number: int
        on: date

        def apply(self, s: CertificateSeries) -> None:
            s.last, s.last_on = self.number, self.on


def check_qualification(ctx: Context, position: Position, number: str, exception: str, envelope: Envelope) -> None:
    """The hire rule: a post with a requirement is filled only by a person whose file meets it, or with an
    exception whose reason is recorded on the file."""
    requirement = ctx.find(PostRequirement, requirement_id(position.id))
    if requirement is None:
        return
    found = ctx.find(PersonalFile, file_id(number))
    reason = optional(exception, "qualification exception", 500)
    if found is not None and found.meets(requirement.level, requirement.fields):
        return
    if found is not None:
        require(reason, "post {position} requires {requirement}; the personal file of {number} shows none (record "
                "an exception with its reason to hire anyway)", position=position.label,
                requirement=requirement.text, number=number.strip().upper())
    require(reason, "post {position} requires {requirement}; no personal file of {number} shows it (record an "
            "exception with its reason to hire anyway)", position=position.label, requirement=requirement.text,
            number=number.strip().upper())
    require(found is not None, "an exception to the requirement of {position_label} is recorded on the person's "
                               "file: open the personal file of {number} first", position_label=position.label,
                               number=number.strip().upper())
    assert found is not None
    found.trigger_event(PersonalFile.ExceptionRecorded, position=position.label,
                        requirement=f"{requirement.text}; exception: {reason}", envelope=envelope)


def find_file(ctx: Context, number: str) -> PersonalFile:
    return ctx.get(PersonalFile, file_id(number), Message("no personal file of {number!r}",
        number=number.strip().upper()))


# ---- commands ----------------------------------------------------------------------------------

class OpenPersonalFile(Command, frozen=True, kw_only=True):
    name = "files.open"
    title = "Open a personal file"
    roles = OFFICE_STAFF
    number: str
    full_name: Name
    birth_date: date
    birth_place: Name
    citizenship: Ref

    def execute(self, ctx: Context) -> Outcome:
        from domain.personnel import _number

        number = _number(self.number, "personnel number")
        require(ctx.find(PersonalFile, file_id(number)) is None, "a personal file of {number} already exists",
                                                                 number=number)
        require(date(1900, 1, 1) <= self.birth_date, "date of birth {birth_date} is out of range",
                                                     birth_date=self.birth_date)
        f = ctx.add(PersonalFile._create(PersonalFile.Opened, id=file_id(number), number=number,
                                         full_name=clean(self.full_name, "full name", 120), birth_date=self.birth_date,
                                         birth_place=clean(self.birth_place, "place of birth", 120),
                                         citizenship=clean(self.citizenship, "citizenship", 60),
                                         envelope=ctx.envelope))
        return Outcome(message=Message("personal file of {number} opened", number=number), record_ids=[f.id])


class AddEducation(Command, frozen=True, kw_only=True):
    name = "files.education"
    title = "Add education to a personal file"
    roles = OFFICE_STAFF
    number: str
    level: str
    institution: str
    field: str
    graduated: int

    def execute(self, ctx: Context) -> Outcome:
        f = find_file(ctx, self.number)
        require(f.birth_date.year < self.graduated <= 2100, "graduation year {graduated} is out of range",
                                                            graduated=self.graduated)
        f.trigger_event(PersonalFile.EducationAdded, level=_level(self.level),
                        institution=clean(self.institution, "institution"), field=clean(self.field, "field").lower(),
                        graduated=self.graduated, envelope=ctx.envelope)
        return Outcome(message=Message("education added to the file of {number}", number=f.number), record_ids=[f.id])


class RecordLanguages(Command, frozen=True, kw_only=True):
    name = "files.languages"
    title = "Record the languages a person speaks"
    roles = OFFICE_STAFF
    number: str
    languages: str  # separated by commas

    def execute(self, ctx: Context) -> Outcome:
        f = find_file(ctx, self.number)
        words = [clean(w, "language", 40) for w in self.languages.split(",") if w.strip()]
        require(words, "name at least one language")
        f.trigger_event(PersonalFile.LanguagesRecorded, languages=words, envelope=ctx.envelope)
        return Outcome(message=Message("languages of {number} recorded", number=f.number), record_ids=[f.id])


class AddEmployment(Command, frozen=True, kw_only=True):
    name = "files.employment"
    title = "Add previous employment to a personal file"
    roles = OFFICE_STAFF
    number: str
    employer: str
    post: str
    start: date
    end: date

    def execute(self, ctx: Context) -> Outcome:
        f = find_file(ctx, self.number)
        require(self.start <= self.end, "employment cannot end ({end}) before it starts ({start})", end=self.end,
                                        start=self.start)
        require(self.start > f.birth_date, "employment starts after the date of birth")
        f.trigger_event(PersonalFile.EmploymentAdded, employer=clean(self.employer, "employer"),
                        post=clean(self.post, "post"), start=self.start, end=self.end, envelope=ctx.envelope)
        return Outcome(message=Message("previous employment added to the file of {number}", number=f.number),
                       record_ids=[f.id])


class RecordFamily(Command, frozen=True, kw_only=True):
    name = "files.family"
    title = "Record family members (where the law asks)"
    roles = OFFICE_STAFF
    number: str
    family: Long

    def execute(self, ctx: Context) -> Outcome:
        f = find_file(ctx, self.number)
        f.trigger_event(PersonalFile.FamilyRecorded, family=clean(self.family, "family", LONG), envelope=ctx.envelope)
        return Outcome(message=Message("family of {number} recorded", number=f.number), record_ids=[f.id])


class RecordAttestation(Command, frozen=True, kw_only=True):
    name = "files.attest"
    title = "Record an attestation"
    roles = OFFICE_STAFF
    number: str
    on: date
    commission: str
    result: str
    next_on: date | None = None

    def execute(self, ctx: Context) -> Outcome:
        from domain.personnel import Employee, employee_id

        f = find_file(ctx, self.number)
        e = ctx.find(Employee, employee_id(f.number))
        require(e is not None, "{number} is not an employee; attestation is of staff", number=f.number)
        assert e is not None
        e.check_employed_on(self.on, "attestation")
        f.attest(self.on, self.commission, self.result, self.next_on, ctx.envelope)
        return Outcome(message=Message("attestation of {number}: {result}", number=f.number, result=self.result),
                       record_ids=[f.id])


class RecordMeasure(Command, frozen=True, kw_only=True):
    name = "files.measure"
    title = "Record a disciplinary measure or an award"
    roles = DECIDERS
    needs_reason = True
    number: str
    kind: str
    on: date
    order_number: str
    description: str

    def execute(self, ctx: Context) -> Outcome:
        from domain.personnel import _number

        f = find_file(ctx, self.number)
        require(self.kind in MEASURES, "unknown measure {kind!r}; measures are {measures}", kind=self.kind,
                                       measures=', '.join(MEASURES))
        f.trigger_event(PersonalFile.MeasureRecorded, kind=self.kind, on=self.on,
                        order_number=_number(self.order_number, "order number"),
                        description=clean(self.description, "description"), envelope=ctx.envelope)
        return Outcome(message=Message("{kind} recorded in the file of {number}", kind=self.kind, number=f.number),
                       record_ids=[f.id])


class IssueCertificate(Command, frozen=True, kw_only=True):
    name = "files.certificate"
    title = "Issue a certificate of employment"
    roles = OFFICE_STAFF
    number: str
    on: date
    purpose: str

    def execute(self, ctx: Context) -> Outcome:
        from domain.personnel import Employee, employee_id

        f = find_file(ctx, self.number)
        e = ctx.find(Employee, employee_id(f.number))
        require(e is not None, "{number} was never employed here; no certificate of employment", number=f.number)
        assert e is not None
        e.check_employed_on(self.on, "certificate")
        series = ctx.find(CertificateSeries, series_id(self.on.year)) or ctx.add(
            CertificateSeries._create(CertificateSeries.Opened, id=series_id(self.on.year), year=self.on.year,
                                      envelope=ctx.envelope))
        last_on: Any = series.last_on
        require(last_on is None or self.on >= last_on, "certificate {series_last} of {year} is dated {last_on}; the "
                                                       "next is not dated before it", series_last=series.last,
                                                       year=self.on.year, last_on=last_on)
        n = series.last + 1
        require(n <= 9999, "the certificates of {year} are exhausted", year=self.on.year)
        series.trigger_event(CertificateSeries.Numbered, number=n, on=self.on, envelope=ctx.envelope)
        certificate = f"CE-{self.on.year}-{n:04d}"
        f.trigger_event(PersonalFile.CertificateIssued, certificate=certificate, on=self.on,
                        purpose=clean(self.purpose, "purpose"), envelope=ctx.envelope)
        return Outcome(message=Message("certificate {certificate} issued to {number}", certificate=certificate,
                                       number=f.number), record_ids=[f.id])


@rule(Position, "files.requirement")
def requirement_for(p: Position) -> str | None:
    """A qualification is required of a post on the staff table, not of an abolished one. `SetPostRequirement`
    enforces it; the post's card asks it."""
    return None if p.active else Message("position {label} is abolished", label=p.label)


class SetPostRequirement(Command, frozen=True, kw_only=True):
    name = "files.requirement"
    title = "Set the education a post requires"
    roles = DECIDERS
    unit: str
    position: str
    level: str
    fields: str = ""  # fields of study, separated by commas (any field if empty)

    def execute(self, ctx: Context) -> Outcome:
        u = ctx.get(Unit, unit_id(self.unit), Message("no unit with code {code!r}", code=self.unit.strip().upper()))
        p = ctx.get(Position, position_id(u.code, self.position), Message("no position {code}/{position}",
            code=u.code, position=self.position.strip().upper()))
        refuse(requirement_for(p))
        level = _level(self.level)
        fields = sorted({w.strip().lower() for w in self.fields.split(",") if w.strip()})
        found = ctx.find(PostRequirement, requirement_id(p.id))
        if found is None:
            found = ctx.add(PostRequirement._create(PostRequirement.Set, id=requirement_id(p.id), position_id=p.id,
                                                    position=p.label, level=level, fields=fields,
                                                    envelope=ctx.envelope))
        else:
            require((found.level, found.fields) != (level, fields), "post {label} already requires {found_text}",
                                                                    label=p.label, found_text=found.text)
            found.trigger_event(PostRequirement.Changed, level=level, fields=fields, envelope=ctx.envelope)
        return Outcome(message=Message("post {label} requires {found_text}", label=p.label, found_text=found.text),
                       record_ids=[found.id])
