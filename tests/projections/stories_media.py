"""Media and outreach's part of the projection property test (tests/projections/test_property.py): releases through
approval and publication, findings and decisions, a campaign in the property test's provincial offices with
reach, education visits."""

from __future__ import annotations

from datetime import date
from typing import Any

from hypothesis import strategies as st

from domain import media as m

D = date(2026, 6, 1)
PREAMBLE: list[Any] = [
    m.DraftRelease(release_title="Voter list [b]", text="Published [/x]", unit="HQ", drafted_on=D),
    m.RecordFinding(observed_on=D, outlet="Tolo", material="poll", subject="Candidate", finding="No sample size"),
    m.LaunchCampaign(code="VOTE", election="PE26", campaign_title="Vote", provinces="KBL, HRT", messages="How",
                     channels="radio, posters", starts=D, ends=date(2026, 8, 31)),
]
ON = st.dates(date(2026, 5, 25), date(2026, 9, 10))
RELEASES = st.sampled_from(["PR-2026-00001", "PR-2026-00002", "PR-2026-00009"])
CHANGES: Any = st.one_of(
    st.builds(m.DraftRelease, release_title=st.just("Statement"), text=st.just("Text"),
              unit=st.sampled_from(["HQ", "XX"]), drafted_on=ON),
    st.builds(m.ApproveRelease, release=RELEASES, on=ON),
    st.builds(m.PublishRelease, release=RELEASES, on=ON, channels=st.sampled_from(["radio", "fax", ""])),
    st.builds(m.DecideFinding, finding=st.sampled_from(["MON-2026-00001", "MON-2026-00002"]),
              decision=st.sampled_from([*m.DECISIONS, "ban"]), on=ON, reasons=st.just("Reviewed")),
    st.builds(m.ReportReach, campaign=st.just("VOTE"), province=st.sampled_from(["KBL", "HRT", "HQ"]), on=ON,
              channel=st.sampled_from(["radio", "television"]), people=st.sampled_from([0, 500, -1])),
    st.builds(m.ReceiveEducationVisit, visited_on=ON, group=st.just("Students [b]"),
              visitors=st.sampled_from([0, 30]), simulation=st.booleans()),
    st.builds(m.HoldPressEvent, held_on=ON, place=st.just("Media centre"), topic=st.just("Results"),
              speakers=st.just("Spokesperson"), media_present=st.sampled_from([0, 12])),
)
STORIES: Any = st.one_of(
    st.builds(lambda on: [m.DraftRelease(release_title="Results", text="Text", unit="HQ", drafted_on=D),
                          m.ApproveRelease(release="PR-2026-00002", on=on),
                          m.PublishRelease(release="PR-2026-00002", on=on, channels="television, radio")],
              st.dates(date(2026, 6, 1), date(2026, 6, 30))),
)
