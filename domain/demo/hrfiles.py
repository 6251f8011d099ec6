"""The demo history of the personal files: continues after the personnel part (which leaves `demo.employees`).

Personal files of the staff of the Legal, Finance and Human Resources directorates, with their education,
languages and previous employment; the qualification the Legal advisers' and the budget posts require (a
lawyer's and an economist's higher education, as the seeds ask); two attestations; an award and a reprimand;
three numbered certificates of employment.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from domain import hrfiles as hf
from domain.demo.base import Step

FIELDS = {"LEGAL": "law", "FIN": "economics", "HR": "public administration"}
UNIVERSITIES = ("Kabul University", "Herat University", "Balkh University", "Nangarhar University",
                "American University of Afghanistan")
PLACES = ("Kabul", "Herat", "Mazar-i-Sharif", "Jalalabad", "Kandahar", "Bamyan", "Kunduz")
EMPLOYERS = ("Ministry of Finance", "Ministry of Justice", "UNDP Afghanistan", "Supreme Court", "Da Afghanistan Bank")
LANGUAGES = ("Dari, Pashto, English", "Pashto, Dari", "Dari, English", "Dari, Pashto, Uzbek")


def history(demo: Any) -> Iterator[Step]:
    hr = demo.heads["HR"]
    rng = demo.rng
    yield Step(hr, hf.SetPostRequirement(unit="LEGAL", position="ADVISER-1", level="higher", fields="law"))
    yield Step(hr, hf.SetPostRequirement(unit="LEGAL", position="ADVISER-2", level="higher", fields="law"))
    yield Step(hr, hf.SetPostRequirement(unit="FIN", position="CHIEF-ACC", level="higher",
                                         fields="economics, finance, accounting"))
    yield Step(hr, hf.SetPostRequirement(unit="FIN", position="BUDGET-1", level="higher",
                                         fields="economics, finance, accounting"))
    filed = []
    for number, e in sorted(demo.employees.items()):
        if e["unit"] not in FIELDS or e["left"]:
            continue
        born = date(1965, 1, 1) + timedelta(days=rng.randrange(11000))
        full_name = demo.person()
        yield Step(hr, hf.OpenPersonalFile(number=number, full_name=full_name, birth_date=born,
                                           birth_place=demo.pick(PLACES), citizenship="Afghanistan"))
        graduated = born.year + 22 + rng.randint(0, 4)
        field = FIELDS[e["unit"]] if e["post"] not in ("ASST",) else "secondary school"
        level = "higher" if field != "secondary school" else "secondary"
        yield Step(hr, hf.AddEducation(number=number, level=level, institution=demo.pick(UNIVERSITIES)
                                       if level == "higher" else "Habibia High School", field=field,
                                       graduated=graduated))
        if rng.random() < 0.3:
            yield Step(hr, hf.AddEducation(number=number, level="postgraduate", institution="Kabul University",
                                           field=field, graduated=graduated + 3))
        yield Step(hr, hf.RecordLanguages(number=number, languages=demo.pick(LANGUAGES)))
        if rng.random() < 0.5:
            start = date(graduated + 1, 3, 1)
            end = min(e["hired"] - timedelta(days=30), start + timedelta(days=1500))
            if start < end:
                yield Step(hr, hf.AddEmployment(number=number, employer=demo.pick(EMPLOYERS), post="specialist",
                                                start=start, end=end))
        filed.append(number)
    # Two attestations by the attestation commission, with their next dates.
    for number, result in zip(filed[:2], ("fit for the post", "fit, with recommendations"), strict=False):
        yield Step(hr, hf.RecordAttestation(number=number, on=date(2026, 4, 14), commission="Attestation "
                                            "commission of the Secretariat (order 2026/A3)", result=result,
                                            next_on=date(2029, 4, 14)))
    if len(filed) > 3:
        yield Step(hr, hf.RecordMeasure(number=filed[2], kind="award", on=date(2026, 3, 8),
                                        order_number="2026/AW-4", description="certificate of honour for the "
                                        "voter registration audit"), "order of the Chief Electoral Officer")
        yield Step(hr, hf.RecordMeasure(number=filed[3], kind="reprimand", on=date(2026, 6, 2),
                                        order_number="2026/D-1", description="late submission of the monthly "
                                        "budget execution report"), "order of the Chief Electoral Officer")
    for n, number in enumerate(filed[:3]):
        yield Step(hr, hf.IssueCertificate(number=number, on=date(2026, 5, 3 + 7 * n),
                                           purpose=("bank loan application", "visa application",
                                                    "university enrolment")[n]))
