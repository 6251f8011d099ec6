"""The demo history of the register of parties and public organisations: continues DemoHistory.base() through
the real commands.

The parties whose agents and annual reports the stakeholders part handles, registered with the justice
authority years before; two more that end during the year (one merges into another, one dissolves); leaders and
addresses that change, a suspension lifted, and the Department's meetings with the parties about the election
calendar, the campaign rules and the accreditation of their agents.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from domain import parties as pt
from domain.demo.base import Step
from domain.demo.stakeholders import PARTIES

ENDING = (("NEHZAT", "Nehzat-e Kar party"), ("SOLH", "Hizb-e Solh (Peace party)"))
ORGANISATIONS = (("AWN", "Afghan Women's Network"), ("TAWANA", "Tawana Youth Association"))
DISTRICTS = ("Karte Char", "Shahr-e Naw", "Wazir Akbar Khan", "Karte Se", "Khair Khana", "Macroyan")
SUBJECTS = ("the election calendar and the nomination deadlines", "the campaign finance rules",
            "accreditation of party agents at polling centres", "the complaints procedure",
            "the code of conduct for political parties")


def history(demo: Any) -> Iterator[Step]:
    clerk = demo.clerks.get("LEGAL", demo.admin)
    head = demo.heads.get("LEGAL", demo.admin)
    rng = demo.rng
    everyone = [(code, name, "political party") for code, name in (*PARTIES, *ENDING)]
    everyone += [(code, name, "public organisation") for code, name in ORGANISATIONS]
    for n, (code, name, kind) in enumerate(everyone, 1):
        registered = date(2005 + n % 8, 1 + n % 12, 1 + (7 * n) % 28)
        yield Step(clerk, pt.RegisterParty(code=code, party_name=name, kind=kind,
                                           registration_number=f"MOJ-{registered.year}-{100 + 7 * n:04d}",
                                           registered_on=registered, leader=demo.person(),
                                           address=f"{demo.pick(DISTRICTS)}, Kabul"))
    for code, _ in PARTIES[:3]:
        yield Step(clerk, pt.ChangeLeader(party=code, leader=demo.person(), on=date(2026, 2, 10)))
    yield Step(clerk, pt.ChangeAddress(party=PARTIES[4][0], address="Darulaman Road, Kabul", on=date(2026, 3, 1)))
    haq = PARTIES[5][0]
    yield Step(head, pt.SuspendParty(party=haq, on=date(2026, 4, 6)),
               "Ministry of Justice order: the party's congress was not held within the legal term")
    yield Step(head, pt.ReinstateParty(party=haq, on=date(2026, 6, 20)),
               "Ministry of Justice: the congress was held on 2026-06-14")
    for code, _, _ in everyone[: len(PARTIES)]:
        for _ in range(rng.randint(1, 3)):
            held = date(2026, 1, 15) + timedelta(days=rng.randint(0, 300))
            yield Step(clerk, pt.HoldMeeting(party=code, held_on=held, subject=demo.pick(SUBJECTS),
                                             participants=f"{demo.person()}, {demo.person()}",
                                             record="The Department explained the rules and took the party's "
                                                    "questions for the Commission."))
    yield Step(head, pt.MergeParty(party=ENDING[0][0], into=PARTIES[6][0], on=date(2026, 7, 1)),
               "congress decision of both parties, registered by the Ministry of Justice")
    yield Step(head, pt.DissolveParty(party=ENDING[1][0], on=date(2026, 9, 15)),
               "dissolved by decision of its congress")
