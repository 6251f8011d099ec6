"""The demo history of candidates' files: continues the plan and parties parts through the real commands.

For the election the plan part planned, candidates are nominated in a dozen constituencies (by the parties of
the register or self-nominated) within the plan's nomination window, submit signature sheets, have a sample
checked against the 1,000 valid signatures required, and are registered or refused by Commission decisions;
one is refused at nomination for a missing document, a few fall short of signatures, two withdraw.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

from domain import candidates as c
from domain.demo.base import PROVINCES, Step
from domain.demo.stakeholders import PARTIES

REQUIRED = 1_000
SAMPLE = 200


def history(demo: Any) -> Iterator[Step]:
    spec = max(demo.elections, key=lambda e: e.voting_day)
    clerk = demo.clerks.get("LEGAL", demo.admin)
    head = demo.heads.get("LEGAL", demo.admin)
    rng = demo.rng
    v = spec.voting_day
    decisions = 0
    withdrawals = 0
    for province in PROVINCES[:12]:
        for _ in range(2 + province.weight // 4):
            document = f"T{rng.randint(1_000_000, 9_999_999)}"
            party = demo.pick(PARTIES)[0] if rng.random() < 0.6 else ""
            nominated = v - timedelta(days=rng.randint(101, 119))
            yield Step(clerk, c.NominateCandidate(election=spec.code, document=document, full_name=demo.person(),
                                                  constituency=province.number, party=party,
                                                  nominated_on=nominated))
            decisions += 1
            decision = f"DEC-{v.year}-{200 + decisions:04d}"
            if rng.random() < 0.04:
                yield Step(head, c.RefuseCandidate(election=spec.code, document=document, on=v - timedelta(days=95),
                                                   decision=decision,
                                                   reasons="no certificate of education attached to the nomination"))
                continue
            signatures = rng.randint(900, 1_600)
            yield Step(clerk, c.SubmitSignatures(election=spec.code, document=document,
                                                 on=v - timedelta(days=rng.randint(91, 99)),
                                                 sheets=signatures // 25 + 1, signatures=signatures))
            valid = rng.randint(150, SAMPLE)
            yield Step(clerk, c.CheckSignatures(election=spec.code, document=document, on=v - timedelta(days=88),
                                                sampled=SAMPLE, valid=valid, invalid=SAMPLE - valid,
                                                required=REQUIRED))
            on = v - timedelta(days=rng.randint(76, 85))
            if signatures * valid // SAMPLE < REQUIRED:
                yield Step(head, c.RefuseCandidate(election=spec.code, document=document, on=on, decision=decision,
                                                   reasons=f"an estimated {signatures * valid // SAMPLE} valid "
                                                           f"signatures of the {REQUIRED} required"))
                continue
            yield Step(head, c.RegisterCandidate(election=spec.code, document=document, on=on, decision=decision))
            if withdrawals < 2 and decisions % 7 == 0:
                withdrawals += 1
                yield Step(clerk, c.WithdrawCandidate(election=spec.code, document=document,
                                                      on=v - timedelta(days=60)),
                           "the candidate's written statement of withdrawal")
