"""The demo history of the stakeholder registers: continues the finance part through the real commands.

Observer missions, domestic observers, media and party agents accredited for the 2026 election (a few refused or
revoked), and the parties' annual financial reports for three years.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from domain import stakeholders as s
from domain.demo.base import CURRENT_ELECTION, Step
from domain.demo.finance import ELECTION

ORGANISATIONS = (
    ("EU-EAT", "European Union Election Assessment Team", "international observers", "EU", 6),
    ("ANFREL", "Asian Network for Free Elections", "international observers", "TH", 5),
    ("FEFA", "Free and Fair Election Forum of Afghanistan", "domestic observers", "AF", 14),
    ("TEFA", "Transparent Election Foundation of Afghanistan", "domestic observers", "AF", 10),
    ("TOLO", "Tolo News", "media", "AF", 5),
    ("PAJHWOK", "Pajhwok Afghan News", "media", "AF", 4),
    ("ARIANA", "Ariana Television Network", "media", "AF", 3),
    ("JAMIAT", "Jamiat-e Islami Afghanistan", "political party", "AF", 6),
    ("WAHDAT", "Hizb-e Wahdat-e Islami", "political party", "AF", 5),
)
REFUSED_ORGANISATION = ("ELECT-WATCH", "Election Watch Network", "domestic observers", "AF")
PARTIES = (("JAMIAT", "Jamiat-e Islami Afghanistan"), ("WAHDAT", "Hizb-e Wahdat-e Islami"),
           ("HEZB", "Hezb-e Islami Afghanistan"), ("JUNBISH", "Junbish-e Milli Islami"),
           ("AFGHAN-MILLAT", "Afghan Millat Party"), ("HAQ", "Haq wa Adalat Party"),
           ("TRUTH", "Truth and Justice Party"), ("RIGHT", "Right and Justice Party"))
REFUSAL_REASONS = ("application incomplete: no copy of the passport", "not registered as a media outlet",
                   "the organisation did not nominate this person")
REVOCATION_REASONS = ("campaigned for a candidate inside a polling centre",
                      "badge lent to another person", "left the observer mission")


def history(demo: Any) -> Iterator[Step]:
    yield from accreditation(demo)
    yield from party_reports(demo)


def accreditation(demo: Any) -> Iterator[Step]:
    clerk = demo.clerks.get("LEGAL", demo.admin)
    head = demo.heads.get("EXT-REL", demo.admin)
    rng = demo.rng
    voting = CURRENT_ELECTION.voting_day
    year = voting.year
    yield Step(head, s.SetAccreditationWindow(election=ELECTION, days=14),
               "Commission decision: applications close two weeks before voting day")
    badges = 0
    documents: set[str] = set()
    for code, name, kind, country, people in ORGANISATIONS:
        applied = date(year, 7, 1) + timedelta(days=rng.randint(0, 40))
        yield Step(clerk, s.ApplyOrganisation(election=ELECTION, code=code, organisation_name=name, kind=kind,
                                              country=country, applied_on=applied))
        yield Step(head, s.AccreditOrganisation(election=ELECTION, organisation=code,
                                                decided_on=applied + timedelta(days=rng.randint(2, 10))))
        for _ in range(people):
            document = f"{'P' if country != 'AF' else 'T'}{rng.randint(1000000, 9999999)}"
            if document in documents:
                continue
            documents.add(document)
            yield Step(clerk, s.ApplyIndividual(election=ELECTION, organisation=code, document=document,
                                                full_name=demo.person(), applied_on=applied + timedelta(days=15)))
            if rng.random() < 0.08:
                yield Step(head, s.RefuseIndividual(election=ELECTION, document=document,
                                                    reasons=demo.pick(REFUSAL_REASONS)))
                continue
            badges += 1
            badge = f"WJ{year % 100}-{badges:05d}"
            yield Step(head, s.AccreditIndividual(election=ELECTION, document=document, badge=badge,
                                                  valid_from=voting - timedelta(days=30),
                                                  valid_until=voting + timedelta(days=30)))
            if rng.random() < 0.05:
                yield Step(head, s.RevokeIndividual(election=ELECTION, document=document,
                                                    revoked_on=voting,
                                                    badge_returned_on=voting + timedelta(days=1)),
                           demo.pick(REVOCATION_REASONS))
    code, name, kind, country = REFUSED_ORGANISATION
    yield Step(clerk, s.ApplyOrganisation(election=ELECTION, code=code, organisation_name=name, kind=kind,
                                          country=country, applied_on=date(year, 8, 2)))
    yield Step(head, s.RefuseOrganisation(election=ELECTION, organisation=code, decided_on=date(year, 8, 9),
                                          reasons="not registered with the Ministry of Justice as an organisation"))


def party_reports(demo: Any) -> Iterator[Step]:
    clerk = demo.clerks.get("LEGAL", demo.admin)
    head = demo.heads.get("EXT-REL", demo.admin)
    rng = demo.rng
    last = CURRENT_ELECTION.voting_day.year - 1  # the last year whose reports fell due (31 March)
    for year in (last - 2, last - 1, last):
        due = date(year + 1, 3, 31)
        for party, _ in PARTIES:
            yield Step(clerk, s.ExpectPartyReport(party=party, year=year, due=due))
            roll = rng.random()
            if roll < 0.1 and year == last:
                continue  # never submitted: late
            submitted = due + timedelta(days=rng.randint(-40, 25))
            yield Step(clerk, s.SubmitPartyReport(party=party, year=year, on=submitted))
            if roll < 0.2 and year == last:
                continue
            yield Step(head, s.ReviewPartyReport(party=party, year=year, on=submitted + timedelta(days=10)))
            on = submitted + timedelta(days=30)
            if rng.random() < 0.3:
                yield Step(head, s.ReturnPartyReport(party=party, year=year, on=on,
                                                     deficiencies="donations above the legal limit not itemised"))
                if rng.random() < 0.3:
                    continue
                yield Step(clerk, s.SubmitPartyReport(party=party, year=year, on=on + timedelta(days=20)))
                yield Step(head, s.ReviewPartyReport(party=party, year=year, on=on + timedelta(days=25)))
                on += timedelta(days=40)
            yield Step(head, s.AcceptPartyReport(party=party, year=year, on=on))
            if year < last or rng.random() < 0.5:
                yield Step(head, s.PublishPartyReport(party=party, year=year, on=on + timedelta(days=14)))
