"""Candidates' part of the projection property test (tests/projections/test_property.py): nominations in the
property test's constituency 1 of PE26, by the parties of the preambles or self-nominated, through their steps."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from domain import candidates as c

D = date(2026, 2, 10)
PREAMBLE: list[Any] = [
    c.NominateCandidate(election="PE26", document="T1", full_name="Zahra [b]", constituency=1, party="PRG",
                        nominated_on=D),
]
DOCS = st.sampled_from(["T1", "T2", "T3"])
ON = st.dates(date(2026, 2, 1), date(2026, 4, 30))
CHANGES: Any = st.one_of(
    st.builds(c.NominateCandidate, election=st.just("PE26"), document=DOCS, full_name=st.just("Karim [/x]"),
              constituency=st.sampled_from([1, 2]), party=st.sampled_from(["", "PRG", "PDA", "NONE"]),
              nominated_on=ON),
    st.builds(c.SubmitSignatures, election=st.just("PE26"), document=DOCS, on=ON, sheets=st.sampled_from([1, 40]),
              signatures=st.sampled_from([500, 1200])),
    st.builds(c.CheckSignatures, election=st.just("PE26"), document=DOCS, on=ON, sampled=st.just(100),
              valid=st.sampled_from([60, 95]), invalid=st.sampled_from([5, 40]), required=st.just(1000)),
    st.builds(c.RegisterCandidate, election=st.just("PE26"), document=DOCS, on=ON, decision=st.just("DEC-1")),
    st.builds(c.RefuseCandidate, election=st.just("PE26"), document=DOCS, on=ON, decision=st.just("DEC-2"),
              reasons=st.sampled_from(["", "no certificate"])),
)
STORIES: Any = st.one_of(
    st.builds(lambda ok: [
        c.SubmitSignatures(election="PE26", document="T1", on=date(2026, 2, 20), sheets=40, signatures=1200),
        c.CheckSignatures(election="PE26", document="T1", on=date(2026, 2, 25), sampled=100,
                          valid=95 if ok else 60, invalid=5 if ok else 40, required=1000),
        c.RegisterCandidate(election="PE26", document="T1", on=date(2026, 3, 1), decision="DEC-7") if ok else
        c.RefuseCandidate(election="PE26", document="T1", on=date(2026, 3, 1), decision="DEC-7",
                          reasons="signatures short")], st.booleans()),
)
