"""The personal-file registers: personal files (personal data, education, languages, the latest attestation,
measures, certificates), attestations, certificates of employment and the posts' qualification requirements;
and the report of attestations due.

Personal data is confidential: every personal-file and attestation row is marked so, and only users cleared
for confidential records read it (the read policy of projections/registers.py), as the HR sector is.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from domain.errors import N_, Message, Refused
from domain.hrfiles import CertificateSeries, PersonalFile, PostRequirement
from domain.shown import said_more
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import Register
from projections.reports import Report, ReportContext, ReportResult

FILES = Table("personal_files", (
    ("id", "text"), ("number", "text"), ("full_name", "text"), ("birth_date", "text"), ("birth_place", "text"),
    ("citizenship", "text"), ("education", "text"), ("languages", "text"), ("employment", "text"),
    ("attested_on", "text"), ("attestation", "text"), ("next_attestation", "text"), ("awards", "int"),
    ("penalties", "int"), ("certificates", "int"), ("exceptions", "text"), ("confidential", "int"),
), key=("id",), indexes=(("number",), ("next_attestation",)),
   search=("number", "full_name", "birth_date", "citizenship", "education", "languages", "attestation",
           "next_attestation"))
ATTESTATIONS = Table("attestations", (
    ("position", "int"), ("file_id", "text"), ("number", "text"), ("on_date", "text"), ("commission", "text"),
    ("result", "text"), ("next_on", "text"), ("confidential", "int"),
), key=("position",), indexes=(("number",), ("on_date",)),
   search=("on_date", "number", "commission", "result", "next_on"))
CERTIFICATES = Table("employment_certificates", (
    ("certificate", "text"), ("file_id", "text"), ("number", "text"), ("on_date", "text"), ("purpose", "text"),
    ("issued_by", "text"),
), key=("certificate",), indexes=(("number",), ("on_date",)),
   search=("certificate", "number", "on_date", "purpose", "issued_by"))
REQUIREMENTS = Table("post_requirements", (
    ("id", "text"), ("post", "text"), ("level", "text"), ("fields", "text"),
), key=("id",), indexes=(("post",),), search=("post", "level", "fields"))
_AWARDS = ("award", "commendation")


class PersonalFilesProjection(Projection):
    name = "hrfiles"
    version = 2  # 2: education and employment stored as sentences (domain.shown.said)
    tables = (FILES, ATTESTATIONS, CERTIFICATES, REQUIREMENTS)

    def _file(self, rows: Rows, e: Any) -> dict[str, Any]:
        row = rows.get("personal_files", text(e.originator_id))
        assert row is not None
        return dict(row)

    @on(PersonalFile.Opened)
    def opened(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("personal_files", {
            "id": text(e.originator_id), "number": e.number, "full_name": e.full_name,
            "birth_date": text(e.birth_date), "birth_place": e.birth_place, "citizenship": e.citizenship,
            "education": "", "languages": "", "employment": "", "attested_on": None, "attestation": None,
            "next_attestation": None, "awards": 0, "penalties": 0, "certificates": 0, "exceptions": "",
            "confidential": 1})

    @on(PersonalFile.EducationAdded)
    def education(self, rows: Rows, position: int, e: Any) -> None:
        f = self._file(rows, e)
        item = Message("{level} in {field}, {institution} ({graduated})", level=Message(e.level), field=e.field,
                       institution=e.institution, graduated=e.graduated)
        rows.put("personal_files", {**f, "education": said_more(f["education"], item)})

    @on(PersonalFile.LanguagesRecorded)
    def languages(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("personal_files", {**self._file(rows, e), "languages": ", ".join(e.languages)})

    @on(PersonalFile.EmploymentAdded)
    def employment(self, rows: Rows, position: int, e: Any) -> None:
        f = self._file(rows, e)
        item = Message("{post}, {employer} ({start} to {end})", post=e.post, employer=e.employer, start=e.start,
                       end=e.end)
        rows.put("personal_files", {**f, "employment": said_more(f["employment"], item)})

    @on(PersonalFile.FamilyRecorded)
    def family(self, rows: Rows, position: int, e: Any) -> None:
        """Family is kept on the file only (the card), never in a register row."""

    @on(PersonalFile.Attested)
    def attested(self, rows: Rows, position: int, e: Any) -> None:
        f = self._file(rows, e)
        rows.put("personal_files", {**f, "attested_on": text(e.on), "attestation": e.result,
                                    "next_attestation": text(e.next_on)})
        rows.put("attestations", {"position": position, "file_id": f["id"], "number": f["number"],
                                  "on_date": text(e.on), "commission": e.commission, "result": e.result,
                                  "next_on": text(e.next_on), "confidential": 1})

    @on(PersonalFile.MeasureRecorded)
    def measure(self, rows: Rows, position: int, e: Any) -> None:
        f = self._file(rows, e)
        column = "awards" if e.kind in _AWARDS else "penalties"
        rows.put("personal_files", {**f, column: f[column] + 1})

    @on(PersonalFile.CertificateIssued)
    def certificate(self, rows: Rows, position: int, e: Any) -> None:
        f = self._file(rows, e)
        rows.put("personal_files", {**f, "certificates": f["certificates"] + 1})
        rows.put("employment_certificates", {"certificate": e.certificate, "file_id": f["id"], "number": f["number"],
                                             "on_date": text(e.on), "purpose": e.purpose,
                                             "issued_by": e.envelope.actor_name})

    @on(PersonalFile.ExceptionRecorded)
    def exception(self, rows: Rows, position: int, e: Any) -> None:
        f = self._file(rows, e)
        rows.put("personal_files", {**f, "exceptions": "; ".join(filter(None, (f["exceptions"], e.position)))})

    @on(PostRequirement.Set)
    def requirement(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("post_requirements", {"id": text(e.originator_id), "post": e.position, "level": e.level,
                                       "fields": ", ".join(e.fields)})

    @on(PostRequirement.Changed)
    def requirement_changed(self, rows: Rows, position: int, e: Any) -> None:
        row = rows.get("post_requirements", text(e.originator_id))
        assert row is not None
        rows.put("post_requirements", {**row, "level": e.level, "fields": ", ".join(e.fields)})

    @on(CertificateSeries.Opened, CertificateSeries.Numbered)
    def series(self, rows: Rows, position: int, e: Any) -> None:
        """The numbering is the domain's; the certificates register shows the numbers issued."""


def _attestations_due(ctx: ReportContext) -> ReportResult:
    days = ctx.param("days", "60")
    if not days.isdigit():
        raise Refused("days must be a number, not {days!r}", days=days)
    until = (ctx.today + timedelta(days=int(days))).isoformat()
    restriction = "" if ctx.cleared else " AND confidential = 0"
    rows = ctx.rows("SELECT number, full_name, attested_on, attestation, next_attestation FROM personal_files "
                    f"WHERE next_attestation IS NOT NULL AND next_attestation <= ?{restriction} "
                    "ORDER BY next_attestation, number", (until,))
    overdue = sum(1 for r in rows if r[4] < ctx.today.isoformat())
    template = (N_("{count} attestation(s) due by {until}, {overdue} overdue as of {today}") if ctx.cleared else
                N_("{count} attestation(s) due by {until}, {overdue} overdue as of {today}; personal files are for "
                   "cleared users only"))
    return ReportResult(("number", "name", "last_attested", "result", "next_due"), rows,
                        notes=(Message(template, count=len(rows), until=ctx.today + timedelta(days=int(days)),
                                       overdue=overdue, today=ctx.today),))


PROJECTIONS = (PersonalFilesProjection,)
REGISTERS = (
    Register("personal-files", "hrfiles", "personal_files", ("number",),
             ("number", "full_name", "birth_date", "citizenship", "education", "languages", "attestation",
              "next_attestation", "awards", "penalties", "certificates"), "Personal files", kind="personal-file",
             numeric=("awards", "penalties", "certificates"), confidential="confidential",
             fields={"number": "number = upper(?)", "due": "next_attestation <= ?"}),
    Register("attestations", "hrfiles", "attestations", ("on_date", "number"),
             ("on_date", "number", "commission", "result", "next_on"), "Attestations", record="file_id",
             key=("position",), descending=True, confidential="confidential",
             fields={"number": "number = upper(?)", "result": "result = ?"}),
    Register("certificates", "hrfiles", "employment_certificates", ("certificate",),
             ("certificate", "number", "on_date", "purpose", "issued_by"), "Certificates",
             record="file_id", key=("certificate",), descending=True, fields={"number": "number = upper(?)"}),
    Register("post-requirements", "hrfiles", "post_requirements", ("post",), ("post", "level", "fields"),
             "Post requirements", fields={"post": "post = upper(?)"}),
)
REPORTS = (
    Report("attestations-due", "Attestations due (next date within N days)", _attestations_due, params=("days",)),
)
