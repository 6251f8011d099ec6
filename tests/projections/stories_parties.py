"""The register of parties' part of the projection property test (tests/projections/test_property.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from domain import parties as pt

PREAMBLE: list[Any] = [
    pt.RegisterParty(code="PRG", party_name="Progress [/x]", registration_number="MOJ-2",
                     registered_on=date(2012, 3, 1), leader="Karimi", address="Herat"),
    pt.RegisterParty(code="AWN", party_name="Women's Network", kind="public organisation",
                     registration_number="MOJ-3", registered_on=date(2015, 6, 1), leader="Nazari", address="Kabul"),
]
PARTIES = st.sampled_from(["PRG", "AWN", "PDA", "NONE"])
DAY = st.dates(date(2026, 1, 1), date(2026, 12, 31))
TEXT = st.sampled_from(["Ahmadi", "Ahmadi [b]", "", "Kabul [/x]"])
CHANGES: Any = st.one_of(
    st.builds(pt.ChangeLeader, party=PARTIES, leader=TEXT, on=DAY),
    st.builds(pt.ChangeAddress, party=PARTIES, address=TEXT, on=DAY),
    st.builds(pt.SuspendParty, party=PARTIES, on=DAY),
    st.builds(pt.ReinstateParty, party=PARTIES, on=DAY),
    st.builds(pt.MergeParty, party=PARTIES, into=PARTIES, on=DAY),
    st.builds(pt.DissolveParty, party=PARTIES, on=DAY),
    st.builds(pt.HoldMeeting, party=PARTIES, held_on=DAY, subject=TEXT, participants=TEXT),
)
STORIES: Any = st.one_of(
    st.builds(lambda on: [pt.SuspendParty(party="PRG", on=on), pt.ReinstateParty(party="PRG", on=on),
                          pt.HoldMeeting(party="PRG", held_on=on, subject="Calendar", participants="Leader")], DAY),
)
