"""Card actions, notes and form hints for press releases, monitoring findings, campaigns and the Election
Education Centre (merged into the card and the forms by tui.plugins)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from domain import media
from projections.conditions import allowing
from tui.i18n.catalogue import N_, _, word
from tui.i18n.formats import figure
from tui.screens.card import Action
from tui.widgets.fields import Reference

GROUP = "Media and outreach"


def release_actions(r: Any) -> list[Action]:
    this, fixed, on = {"release": r.code}, frozenset({"release"}), {"on": max(date.today(), r.last_on)}
    steps = (("a", N_("Approve"), "media.approve-release"), ("p", N_("Publish"), "media.publish-release"))
    return [Action(key, label, command, {**this, **on}, fixed) for key, label, command in steps
            if r.allows(command) is None]


def finding_actions(f: Any) -> list[Action]:
    return [Action("d", N_("Record the decision"), "media.decide-finding",
                   {"finding": f.code, "on": max(date.today(), f.observed_on)}, frozenset({"finding"}))
            ] if f.allows("media.decide-finding") is None else []


def campaign_actions(c: Any) -> list[Action]:
    return [Action("r", N_("Report reach"), "media.report-reach",
                   {"campaign": c.code, "on": min(max(date.today(), c.starts), c.ends)}, frozenset({"campaign"}))]


def release_notes(secretariat: Any, r: Any) -> list[str]:
    notes = [_("drafted by {drafted_by} on {on}; approved by another person before publication",
               drafted_by=r.drafted_by, on=r.drafted_on)]
    if r.channels:
        notes.append(_("published on {channels}", channels=', '.join(r.channels)))
    return notes


def campaign_notes(secretariat: Any, c: Any) -> list[str]:
    lines = [_("{reached:,} people reached so far; provinces {provinces}; channels {channels}",
               reached=figure(c.reached), provinces=", ".join(c.provinces),
               channels=", ".join(word("channel", ch) or ch for ch in c.channels))]
    lines += [f"  {province}: {figure(people):,}" for province, people in sorted(c.reach.items())]
    return lines


ACTIONS: dict[str, Callable[[Any], list[Action]]] = {"Release": release_actions, "Finding": finding_actions,
                                                     "Campaign": campaign_actions}
NOTES: dict[str, Callable[[Any, Any], list[str]]] = {"Release": release_notes, "Campaign": campaign_notes}
CREATE = {"press": "media.draft-release", "media-monitoring": "media.finding", "campaigns": "media.launch-campaign",
          "education-visits": "media.education-visit"}
COMMAND_REFERENCES: dict[tuple[str, str], Reference] = {
    **{(name, "release"): Reference("press", "number", "title", active_only=False, where=f"status = '{status}'")
       for name, status in media.RELEASE_STATUSES.items()},
    ("media.decide-finding", "finding"): Reference("media_findings", "number", "subject", active_only=False,
                                                   where=allowing(media.Finding, "media.decide-finding")),
    ("media.report-reach", "campaign"): Reference("campaigns", "code", "title", active_only=False),
}
COMMAND_CHOICES: dict[tuple[str, str], tuple[str, ...]] = {
    ("media.draft-release", "kind"): media.RELEASE_KINDS, ("media.finding", "material"): media.MATERIALS,
    ("media.decide-finding", "decision"): media.DECISIONS, ("media.report-reach", "channel"): media.CHANNELS}
NEW_NAMES = {("media.launch-campaign", "code")}
LABELS = {"release_title": "Title", "text": "Text", "drafted_on": "Drafted on",
          "channels": "Channels (comma-separated)", "speakers": "Speakers", "media_present": "Media present",
          "observed_on": "Observed on", "outlet": "Outlet", "material": "Material", "finding": "Finding",
          "campaign_title": "Title", "provinces": "Provincial offices (codes, comma-separated)",
          "messages": "Messages", "people": "People reached", "visited_on": "Visited on", "group": "Group",
          "visitors": "Visitors", "simulation": "Voting simulation held"}
