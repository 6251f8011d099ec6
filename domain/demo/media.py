"""The demo history of media and outreach: continues the base history through the real commands.

The Information and Media directorate's press releases and statements through 2026 (drafted by its clerk,
approved by its head, published on the channels of the day), press conferences, media monitoring findings on
campaign materials and polls with the decisions taken (one still awaiting a decision), the Public Outreach
directorate's awareness campaigns in the provinces with the reach each province reports, and the Election
Education Centre's visits and voting simulations.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from domain import media as m
from domain.demo.base import PROVINCES, Step

RELEASES = (("the final voter list is published", date(2026, 2, 3)),
            ("the accreditation of observers opens", date(2026, 4, 14)),
            ("the nomination of candidates closes", date(2026, 6, 2)),
            ("preliminary results of the by-elections", date(2026, 9, 22)),
            ("the Commission's statement on a fake results sheet on social media", date(2026, 10, 5)))
OUTLETS = ("Tolo News", "Ariana News", "Radio Azadi", "Pajhwok", "Shamshad TV", "1TV")
FINDINGS = ("a poster on a mosque wall", "an opinion poll without its sample size", "an advert on election silence day",
            "a campaign video using the Commission's logo")


def history(demo: Any) -> Iterator[Step]:
    clerk = demo.clerks.get("MEDIA", demo.admin)
    head = demo.heads.get("MEDIA", demo.admin)
    outreach = demo.heads.get("PUB-OUT", demo.admin)
    spec = max(demo.elections, key=lambda e: e.voting_day)
    for n, (title, on) in enumerate(RELEASES, 1):
        kind = "statement" if "statement" in title else "press release"
        yield Step(clerk, m.DraftRelease(kind=kind, release_title=f"The Commission announces {title}",
                                         text=f"The Independent Election Commission announces {title}.",
                                         unit="MEDIA", drafted_on=on))
        number = f"PR-{on.year}-{n:05d}"
        yield Step(head, m.ApproveRelease(release=number, on=on))
        yield Step(clerk, m.PublishRelease(release=number, on=on + timedelta(days=1),
                                           channels="television, radio, social media"))
        yield Step(clerk, m.HoldPressEvent(held_on=on + timedelta(days=1), place="Media centre of the Commission",
                                           topic=title, speakers="Spokesperson of the Commission",
                                           media_present=demo.rng.randint(8, 30)))
    for n in range(1, 9):
        on = date(2026, 5, 1) + timedelta(days=17 * n)
        yield Step(clerk, m.RecordFinding(observed_on=on, outlet=demo.pick(OUTLETS),
                                          material="poll" if n % 3 == 0 else "campaign material",
                                          subject=f"a candidate of {demo.pick(PROVINCES).name}",
                                          finding=demo.pick(FINDINGS)))
        if n < 8:
            decision = m.DECISIONS[n % len(m.DECISIONS)]
            yield Step(head, m.DecideFinding(finding=f"MON-2026-{n:05d}", decision=decision,
                                             on=on + timedelta(days=3), reasons="reviewed by the Media directorate"))
    provinces = PROVINCES[:6]
    yield Step(outreach, m.LaunchCampaign(code="VOTE-2026", election=spec.code, campaign_title="Your vote, your voice",
                                          provinces=", ".join(f"PO-{p.code}" for p in provinces),
                                          messages="where and how to vote; the voter card; women's polling stations",
                                          channels="radio, posters, mosques and shuras, door-to-door",
                                          starts=date(2026, 6, 1), ends=date(2026, 9, 30)))
    for p in provinces:
        for month in (6, 8):
            yield Step(outreach, m.ReportReach(campaign="VOTE-2026", province=f"PO-{p.code}",
                                               on=date(2026, month, 28), channel=demo.pick(("radio", "posters")),
                                               people=demo.rng.randint(2_000, 40_000) * max(p.weight, 1)))
    for n in range(6):
        yield Step(outreach, m.ReceiveEducationVisit(visited_on=date(2026, 3, 7) + timedelta(days=21 * n),
                                                    group=demo.pick(("Kabul University students",
                                                                     "Habibia High School", "women's shura of Paghman",
                                                                     "youth association of Karte Se")),
                                                    visitors=demo.rng.randint(20, 90), simulation=n % 2 == 0))
