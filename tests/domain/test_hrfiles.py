"""Personal-file rules (domain/hrfiles.py): files, education, attestation in date order, measures, certificates
numbered gap-free per year in date order, post requirements, and the hire refused into a post whose requirement
the person's file does not meet unless an exception with its reason is recorded on the file."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from domain import hrfiles as hf
from domain import organisation as o
from domain import personnel as p
from domain.errors import Refused


def run(app: Any, command: Any) -> Any:
    return app.handle(command, user="admin", reason="test")


def refused(app: Any, command: Any, match: str) -> None:
    head = app.head()
    with pytest.raises(Refused, match=match):
        run(app, command)
    assert app.head() == head


def file_of(app: Any, number: str) -> hf.PersonalFile:
    found = app.find(hf.file_id(number))
    assert isinstance(found, hf.PersonalFile)
    return found


def _hire(number: str, why: str = "") -> p.HireEmployee:
    return p.HireEmployee(number=number, full_name="Candidate", employment_type="permanent", unit="LEGAL",
                          position="ADV", order_number="1", order_date=date(2026, 1, 1), effective=date(2026, 1, 1),
                          qualification_exception=why)


@pytest.fixture
def office(app: Any) -> Any:
    for command in (
        o.EstablishUnit(code="LEGAL", unit_name="Legal", kind="department", parent=None),
        o.EstablishPosition(unit="LEGAL", code="ADV", position_title="Legal adviser", grade="grade 3"),
        o.EstablishPosition(unit="LEGAL", code="ASST", position_title="Assistant", grade="grade 5"),
        hf.SetPostRequirement(unit="LEGAL", position="ADV", level="higher", fields="law"),
        hf.OpenPersonalFile(number="E1", full_name="Ann", birth_date=date(1990, 1, 1), birth_place="Kabul",
                            citizenship="Afghanistan"),
    ):
        run(app, command)
    return app


def test_a_post_s_requirement_is_met_by_the_file_or_excepted_with_a_reason(office: Any) -> None:
    refused(office, _hire("E2"), "post LEGAL/ADV requires higher education in law; no personal file of E2 shows it")
    refused(office, _hire("E1"), "the personal file of E1 shows none")
    run(office, hf.AddEducation(number="E1", level="higher", institution="Kabul University", field="Economics",
                                graduated=2012))
    refused(office, _hire("E1"), "the personal file of E1 shows none")  # higher, but not in law
    refused(office, _hire("E2", "no lawyer applied"), "open the personal file of E2 first")
    run(office, _hire("E1", "no lawyer applied twice; enrolled in law studies"))
    assert file_of(office, "E1").exceptions == ["LEGAL/ADV"]


def test_a_qualified_file_is_hired_without_exception(office: Any) -> None:
    run(office, hf.AddEducation(number="E1", level="postgraduate", institution="Kabul University", field="law",
                                graduated=2014))
    run(office, _hire("E1"))
    assert file_of(office, "E1").exceptions == []
    run(office, p.HireEmployee(number="E3", full_name="Cy", employment_type="permanent", unit="LEGAL", position="ASST",
                               order_number="2", order_date=date(2026, 1, 1), effective=date(2026, 1, 1)))  # no rule


def test_files_and_their_entries_are_checked(office: Any) -> None:
    refused(office, hf.OpenPersonalFile(number="E1", full_name="Again", birth_date=date(1990, 1, 1), birth_place="X",
                                        citizenship="Y"), "a personal file of E1 already exists")
    refused(office, hf.OpenPersonalFile(number="E9", full_name="Old", birth_date=date(1850, 1, 1), birth_place="X",
                                        citizenship="Y"), "date of birth 1850-01-01 is out of range")
    refused(office, hf.AddEducation(number="E1", level="doctorate", institution="U", field="law", graduated=2012),
            "unknown education level 'doctorate'")
    refused(office, hf.AddEducation(number="E1", level="higher", institution="U", field="law", graduated=1980),
            "graduation year 1980 is out of range")
    refused(office, hf.AddEmployment(number="E1", employer="MoF", post="clerk", start=date(2015, 1, 1),
                                     end=date(2014, 1, 1)), "cannot end")
    refused(office, hf.RecordLanguages(number="E1", languages=" , "), "at least one language")
    refused(office, hf.AddEducation(number="E7", level="higher", institution="U", field="law", graduated=2012),
            "no personal file of 'E7'")
    refused(office, hf.SetPostRequirement(unit="LEGAL", position="ADV", level="higher", fields="law"),
            "already requires higher education in law")


def test_attestations_measures_and_certificates(office: Any) -> None:
    refused(office, hf.RecordAttestation(number="E1", on=date(2026, 4, 1), commission="C", result="fit for the post"),
            "E1 is not an employee")
    run(office, hf.AddEducation(number="E1", level="higher", institution="U", field="law", graduated=2012))
    run(office, _hire("E1"))
    refused(office, hf.RecordAttestation(number="E1", on=date(2025, 4, 1), commission="C", result="fit for the post"),
            "hired on 2026-01-01")
    refused(office, hf.RecordAttestation(number="E1", on=date(2026, 4, 1), commission="C", result="brilliant"),
            "unknown attestation result 'brilliant'")
    refused(office, hf.RecordAttestation(number="E1", on=date(2026, 4, 1), commission="C", result="fit for the post",
                                         next_on=date(2026, 3, 1)), "the next attestation \\(2026-03-01\\) comes after")
    run(office, hf.RecordAttestation(number="E1", on=date(2026, 4, 1), commission="C", result="fit for the post",
                                     next_on=date(2029, 4, 1)))
    refused(office, hf.RecordAttestation(number="E1", on=date(2026, 4, 1), commission="C", result="not fit"),
            "last attested on 2026-04-01")
    refused(office, hf.RecordMeasure(number="E1", kind="medal", on=date(2026, 5, 1), order_number="O-1",
                                     description="x"), "unknown measure 'medal'")
    run(office, hf.IssueCertificate(number="E1", on=date(2026, 5, 2), purpose="bank"))
    run(office, hf.IssueCertificate(number="E1", on=date(2026, 5, 3), purpose="visa"))
    refused(office, hf.IssueCertificate(number="E1", on=date(2026, 5, 2), purpose="late"),
            "certificate 2 of 2026 is dated 2026-05-03; the next is not dated before it")
    run(office, hf.IssueCertificate(number="E1", on=date(2027, 1, 5), purpose="new year"))
    assert file_of(office, "E1").certificates == ["CE-2026-0001", "CE-2026-0002", "CE-2027-0001"]
