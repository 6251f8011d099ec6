"""Personal files' part of the projection property test: files, education, attestations, measures,
numbered certificates, post requirements and hires refused or allowed by them."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from domain import hrfiles as hf
from domain import personnel as p

DAY = st.dates(date(2026, 1, 1), date(2026, 12, 31))
NUMBERS = st.sampled_from(["E1", "E2", "E7"])

PREAMBLE: list[Any] = [
    hf.OpenPersonalFile(number="E1", full_name="Employee E1 [/x]", birth_date=date(1990, 5, 1), birth_place="Kabul",
                        citizenship="Afghanistan"),
    hf.SetPostRequirement(unit="FIN", position="ACC", level="higher", fields="economics, finance"),
]
CHANGES: Any = st.one_of(
    st.builds(hf.OpenPersonalFile, number=NUMBERS, full_name=st.just("Person [b]"),
              birth_date=st.just(date(1985, 1, 1)), birth_place=st.just("Herat"), citizenship=st.just("Afghanistan")),
    st.builds(hf.AddEducation, number=NUMBERS, level=st.sampled_from(["higher", "secondary", "doctorate"]),
              institution=st.just("Kabul University"), field=st.sampled_from(["economics", "law"]),
              graduated=st.sampled_from([2010, 1900])),
    st.builds(hf.RecordAttestation, number=NUMBERS, on=DAY, commission=st.just("Attestation commission"),
              result=st.sampled_from(hf.ATTESTATION_RESULTS), next_on=st.none() | DAY),
    st.builds(hf.RecordMeasure, number=NUMBERS, kind=st.sampled_from(hf.MEASURES), on=DAY,
              order_number=st.just("O-1"), description=st.just("diligence")),
    st.builds(hf.IssueCertificate, number=NUMBERS, on=DAY, purpose=st.just("bank loan")),
    st.builds(lambda n, why: p.HireEmployee(number=n, full_name="Candidate", employment_type="permanent", unit="FIN",
                                            position="ACC", order_number="5/2026", order_date=date(2026, 2, 1),
                                            effective=date(2026, 2, 1), qualification_exception=why),
              NUMBERS, st.sampled_from(["", "no economist applied; studies enrolled"])),
)
STORIES: Any = st.one_of(
    st.builds(lambda f: [hf.OpenPersonalFile(number="E7", full_name="Candidate", birth_date=date(1991, 1, 1),
                                             birth_place="Balkh", citizenship="Afghanistan"),
                         hf.AddEducation(number="E7", level="higher", institution="Balkh University", field=f,
                                         graduated=2014),
                         p.HireEmployee(number="E7", full_name="Candidate", employment_type="permanent", unit="FIN",
                                        position="ACC", order_number="7/2026", order_date=date(2026, 3, 1),
                                        effective=date(2026, 3, 1))],
              st.sampled_from(["economics", "law"])),
)
