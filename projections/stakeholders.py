"""The stakeholder registers: accreditations (organisations, then their individuals, with badges, refusals and
revocations) and parties' annual financial reports; and their reports (the accredited list, the filing matrix).

Expired badges and late party reports are decided by the reports (and filter words) against the day they are
given, never when an event is folded.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from domain.errors import Message
from domain.stakeholders import Individual, Organisation, PartyReport
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import Register, prefix_match
from projections.reports import Report, ReportContext, ReportResult

ACCREDITATIONS = Table("accreditations", (
    ("id", "text"), ("election_code", "text"), ("level", "text"), ("organisation", "text"),
    ("organisation_name", "text"), ("name", "text"), ("category", "text"), ("document", "text"),
    ("country", "text"), ("status", "text"), ("badge", "text"), ("applied_on", "text"), ("decided_on", "text"),
    ("valid_from", "text"), ("valid_until", "text"), ("reasons", "text"), ("revoked_on", "text"),
    ("badge_returned_on", "text"),
), key=("id",), indexes=(("election_code", "organisation", "level", "name"), ("name",), ("status",),
                         ("badge",), ("valid_until",)),
   search=("election_code", "level", "organisation", "name", "category", "document", "status", "badge",
           "valid_until"))
PARTY_REPORTS = Table("party_reports", (
    ("id", "text"), ("party", "text"), ("party_name", "text"), ("year", "int"), ("status", "text"),
    ("due", "text"), ("submitted_on", "text"), ("late", "int"), ("resubmissions", "int"), ("deficiencies", "text"),
    ("published_on", "text"),
), key=("id",), indexes=(("party", "year"), ("year", "party"), ("status",), ("due",)),
   search=("party", "party_name", "status", "due", "submitted_on", "deficiencies", "published_on"))


class StakeholdersProjection(Projection):
    name = "stakeholders"
    version = 2  # 2: the search form column (domain.folding)
    tables = (ACCREDITATIONS, PARTY_REPORTS)

    @staticmethod
    def _row(rows: Rows, table: str, key: Any) -> dict[str, Any]:
        row = rows.get(table, text(key))
        assert row is not None, f"{key} missing from {table}"
        return dict(row)

    # ---- accreditation ----

    @on(Organisation.Applied)
    def organisation_applied(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("accreditations", {
            "id": text(e.originator_id), "election_code": e.election_code, "level": "organisation",
            "organisation": e.code, "organisation_name": e.name, "name": e.name, "category": e.kind,
            "document": None, "country": e.country, "status": "applied", "badge": None,
            "applied_on": text(e.applied_on), "decided_on": None, "valid_from": None, "valid_until": None,
            "reasons": None, "revoked_on": None, "badge_returned_on": None})

    @on(Organisation.Accredited)
    def organisation_accredited(self, rows: Rows, position: int, e: Any) -> None:
        row = self._row(rows, "accreditations", e.originator_id)
        rows.put("accreditations", {**row, "status": "accredited", "decided_on": text(e.decided_on)})

    @on(Organisation.Refused)
    def organisation_refused(self, rows: Rows, position: int, e: Any) -> None:
        row = self._row(rows, "accreditations", e.originator_id)
        rows.put("accreditations", {**row, "status": "refused", "decided_on": text(e.decided_on),
                                    "reasons": e.reasons})

    @on(Organisation.Revoked)
    def organisation_revoked(self, rows: Rows, position: int, e: Any) -> None:
        row = self._row(rows, "accreditations", e.originator_id)
        rows.put("accreditations", {**row, "status": "revoked", "revoked_on": text(e.revoked_on)})

    @on(Individual.Applied)
    def individual_applied(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("accreditations", {
            "id": text(e.originator_id), "election_code": e.election_code, "level": "individual",
            "organisation": e.organisation_code, "organisation_name": e.organisation_name, "name": e.full_name,
            "category": e.category, "document": e.document, "country": None, "status": "applied", "badge": None,
            "applied_on": text(e.applied_on), "decided_on": None, "valid_from": None, "valid_until": None,
            "reasons": None, "revoked_on": None, "badge_returned_on": None})

    @on(Individual.Accredited)
    def individual_accredited(self, rows: Rows, position: int, e: Any) -> None:
        row = self._row(rows, "accreditations", e.originator_id)
        rows.put("accreditations", {**row, "status": "accredited", "badge": e.badge,
                                    "valid_from": text(e.valid_from), "valid_until": text(e.valid_until)})

    @on(Individual.Refused)
    def individual_refused(self, rows: Rows, position: int, e: Any) -> None:
        row = self._row(rows, "accreditations", e.originator_id)
        rows.put("accreditations", {**row, "status": "refused", "reasons": e.reasons})

    @on(Individual.Revoked)
    def individual_revoked(self, rows: Rows, position: int, e: Any) -> None:
        row = self._row(rows, "accreditations", e.originator_id)
        rows.put("accreditations", {**row, "status": "revoked", "revoked_on": text(e.revoked_on),
                                    "badge_returned_on": text(e.badge_returned_on)})

    # ---- parties' financial reports ----

    @on(PartyReport.Expected)
    def party_report_expected(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("party_reports", {
            "id": text(e.originator_id), "party": e.party, "party_name": e.party_name, "year": e.year,
            "status": "expected", "due": text(e.due), "submitted_on": None, "late": 0, "resubmissions": 0,
            "deficiencies": None, "published_on": None})

    @on(PartyReport.Submitted)
    def party_report_submitted(self, rows: Rows, position: int, e: Any) -> None:
        r = self._row(rows, "party_reports", e.originator_id)
        if e.resubmission:
            r.update(status="resubmitted", resubmissions=r["resubmissions"] + 1)
        else:
            r.update(status="submitted", submitted_on=text(e.submitted_on),
                     late=1 if text(e.submitted_on) > r["due"] else 0)
        rows.put("party_reports", r)

    @on(PartyReport.ReviewStarted, PartyReport.Accepted)
    def party_report_step(self, rows: Rows, position: int, e: Any) -> None:
        r = self._row(rows, "party_reports", e.originator_id)
        status = "under review" if isinstance(e, PartyReport.ReviewStarted) else "accepted"
        rows.put("party_reports", {**r, "status": status})

    @on(PartyReport.DeficienciesFound)
    def party_report_deficient(self, rows: Rows, position: int, e: Any) -> None:
        r = self._row(rows, "party_reports", e.originator_id)
        rows.put("party_reports", {**r, "status": "deficiencies", "deficiencies": e.deficiencies})

    @on(PartyReport.Published)
    def party_report_published(self, rows: Rows, position: int, e: Any) -> None:
        r = self._row(rows, "party_reports", e.originator_id)
        rows.put("party_reports", {**r, "status": "published", "published_on": text(e.published_on)})


# ---- reports ------------------------------------------------------------------------------------

def _accredited_list(ctx: ReportContext) -> ReportResult:
    today = ctx.today.isoformat()
    election = ctx.param("election").upper()
    where, params = ("AND election_code = ?", (election,)) if election else ("", ())
    rows = ctx.rows("SELECT election_code, category, organisation_name, name, badge, valid_from, valid_until "
                    "FROM accreditations WHERE level = 'individual' AND status = 'accredited' AND valid_until >= ? "
                    f"{where} ORDER BY election_code, category, organisation_name, name", (today, *params))
    expired = ctx.rows("SELECT COUNT(*) FROM accreditations WHERE level = 'individual' AND status = 'accredited' "
                       f"AND valid_until < ? {where}", (today, *params))[0][0]
    return ReportResult(("election", "category", "organisation", "name", "badge", "valid_from", "valid_until"),
                        rows, notes=(Message("{count} accredited as of {today}; {expired} expired badge(s) not listed",
                                       count=len(rows), today=ctx.today, expired=int(expired)),))


def _party_filings(ctx: ReportContext) -> ReportResult:
    today = ctx.today.isoformat()
    rows = ctx.rows("SELECT party, year, status, due, late FROM party_reports ORDER BY party, year")
    years = sorted({r[1] for r in rows})
    matrix: dict[str, dict[int, str]] = defaultdict(dict)
    late_count = 0
    for party, year, status, due, late in rows:
        is_late = bool(late) or (status == "expected" and due < today)
        late_count += is_late
        matrix[party][year] = status + (" (late)" if is_late else "")
    out = [(party, *(matrix[party].get(y, "-") for y in years)) for party in sorted(matrix)]
    return ReportResult(("party", *(str(y) for y in years)), out,
                        notes=(Message("{count} part(ies), {late} late report(s) as of {today}", count=len(out),
                                       late=late_count,
                                       today=ctx.today),))


PROJECTIONS = (StakeholdersProjection,)
REGISTERS = (
    Register("accreditations", "stakeholders", "accreditations", ("election_code", "organisation", "level", "name"),
             ("election_code", "level", "organisation", "name", "category", "document", "status", "badge",
              "valid_until"), "Accreditations", kind="accreditation",
             fields={"election": "election_code = upper(?)", "status": "status = ?", "level": "level = ?",
                     "organisation": "organisation = upper(?)", "badge": "badge = upper(?)",
                     "category": prefix_match("category"),
                     "expired": "status = 'accredited' AND valid_until < ?"}),
    Register("party-reports", "stakeholders", "party_reports", ("party", "year"),
             ("party", "party_name", "year", "status", "due", "submitted_on", "late", "deficiencies",
              "published_on"), "Parties' annual financial reports", kind="party-report",
             numeric=("year", "late"),
             fields={"year": "CAST(year AS TEXT) = ?", "status": "status = ?", "party": "party = upper(?)",
                     "late": "status = 'expected' AND due < ?"}),
)
REPORTS = (
    Report("accredited-list", "Accredited observers, media and agents (for publication)", _accredited_list,
           params=("election",)),
    Report("party-filings", "Parties' annual financial reports: filing matrix by year", _party_filings),
)
