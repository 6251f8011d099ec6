"""The media and outreach registers: press (releases, statements and press events in one list), media monitoring
findings with their decisions, awareness campaigns with reach, and the Election Education Centre's visits; and
their reports (campaign reach by province, findings by decision)."""

from __future__ import annotations

from typing import Any

from domain.errors import Message
from domain.media import Campaign, EducationVisit, Finding, PressEvent, Release
from domain.shown import said
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import Register, prefix_match
from projections.reports import Report, ReportContext, ReportResult, year_clause

PRESS = Table("press", (
    ("id", "text"), ("number", "text"), ("kind", "text"), ("title", "text"), ("unit_code", "text"), ("dated", "text"),
    ("status", "text"), ("channels", "text"), ("published_on", "text"),
), key=("id",), indexes=(("dated", "number"), ("number",), ("status",), ("kind",)),
   search=("number", "kind", "title", "unit_code", "dated", "status", "channels", "published_on"))
FINDINGS = Table("media_findings", (
    ("id", "text"), ("number", "text"), ("observed_on", "text"), ("outlet", "text"), ("material", "text"),
    ("subject", "text"), ("finding", "text"), ("decision", "text"), ("decided_on", "text"),
), key=("id",), indexes=(("observed_on", "number"), ("decision",), ("outlet",)),
   search=("number", "observed_on", "outlet", "material", "subject", "finding", "decision",
           "decided_on"))
CAMPAIGNS = Table("campaigns", (
    ("id", "text"), ("code", "text"), ("election_code", "text"), ("title", "text"), ("provinces", "text"),
    ("channels", "text"), ("starts", "text"), ("ends", "text"), ("reached", "int"),
), key=("id",), indexes=(("starts", "code"), ("code",), ("election_code",)),
   search=("code", "election_code", "title", "provinces", "channels", "starts", "ends"))
REACH = Table("campaign_reach", (
    ("campaign_id", "text"), ("seq", "int"), ("campaign", "text"), ("province", "text"), ("reported_on", "text"),
    ("channel", "text"), ("people", "int"),
), key=("campaign_id", "seq"), indexes=(("campaign", "province"), ("province",)))
VISITS = Table("education_visits", (
    ("id", "text"), ("number", "text"), ("visited_on", "text"), ("grp", "text"), ("visitors", "int"),
    ("simulation", "text"),
), key=("id",), indexes=(("visited_on", "number"),), search=("number", "visited_on", "grp", "simulation"))


class MediaProjection(Projection):
    name = "media"
    version = 2  # 2: a press event's media present stored as sentences (domain.shown.said)
    tables = (PRESS, FINDINGS, CAMPAIGNS, REACH, VISITS)

    def _update(self, rows: Rows, table: str, e: Any, **changes: Any) -> dict[str, Any]:
        row = rows.get(table, text(e.originator_id))
        assert row is not None, f"{table} row {e.originator_id} missing from the register"
        updated = {**row, **changes}
        rows.put(table, updated)
        return updated

    @on(Release.Drafted)
    def drafted(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("press", {"id": text(e.originator_id), "number": e.number, "kind": e.kind, "title": e.title,
                           "unit_code": e.unit_code, "dated": text(e.drafted_on), "status": "draft", "channels": None,
                           "published_on": None})

    @on(Release.Approved)
    def approved(self, rows: Rows, position: int, e: Any) -> None:
        self._update(rows, "press", e, status="approved")

    @on(Release.Published)
    def published(self, rows: Rows, position: int, e: Any) -> None:
        self._update(rows, "press", e, status="published", channels=", ".join(e.channels),
                     published_on=text(e.on))

    @on(PressEvent.Held)
    def press_event(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("press", {"id": text(e.originator_id), "number": e.number, "kind": "press event", "title": e.topic,
                           "unit_code": None, "dated": text(e.held_on), "status": "held",
                           "channels": said(Message("{count} media present", count=e.media_present)),
                           "published_on": None})

    @on(Finding.Observed)
    def observed(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("media_findings", {
            "id": text(e.originator_id), "number": e.number, "observed_on": text(e.observed_on), "outlet": e.outlet,
            "material": e.material, "subject": e.subject, "finding": e.finding, "decision": None,
            "decided_on": None})

    @on(Finding.Decided)
    def decided(self, rows: Rows, position: int, e: Any) -> None:
        self._update(rows, "media_findings", e, decision=e.decision, decided_on=text(e.on))

    @on(Campaign.Launched)
    def launched(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("campaigns", {
            "id": text(e.originator_id), "code": e.code, "election_code": e.election_code, "title": e.title,
            "provinces": ", ".join(e.provinces), "channels": ", ".join(e.channels), "starts": text(e.starts),
            "ends": text(e.ends), "reached": 0})

    @on(Campaign.ReachReported)
    def reach(self, rows: Rows, position: int, e: Any) -> None:
        row = rows.get("campaigns", text(e.originator_id))
        assert row is not None
        c = self._update(rows, "campaigns", e, reached=row["reached"] + e.people)
        rows.put("campaign_reach", {"campaign_id": c["id"], "seq": e.originator_version, "campaign": c["code"],
                                    "province": e.province, "reported_on": text(e.on), "channel": e.channel,
                                    "people": e.people})

    @on(EducationVisit.Received)
    def education(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("education_visits", {"id": text(e.originator_id), "number": e.number,
                                      "visited_on": text(e.visited_on), "grp": e.group, "visitors": e.visitors,
                                      "simulation": "simulation" if e.simulation else ""})


PROJECTIONS = (MediaProjection,)
REGISTERS = (
    Register("press", "media", "press", ("dated", "number"),
             ("number", "kind", "title", "unit_code", "dated", "status", "channels", "published_on"),
             "Press releases, statements and events", kind="press", descending=True,
             fields={"kind": prefix_match("kind"), "status": prefix_match("status"),
                     "month": "substr(dated, 1, 7) = ?"}, office=("unit_code",)),
    Register("media-monitoring", "media", "media_findings", ("observed_on", "number"),
             ("number", "observed_on", "outlet", "material", "subject", "finding", "decision", "decided_on"),
             "Media monitoring findings", kind="finding", descending=True,
             fields={"decision": prefix_match("decision"), "material": prefix_match("material"),
                     "open": "decision IS NULL AND ? <> ''"}),
    Register("campaigns", "media", "campaigns", ("starts", "code"),
             ("code", "election_code", "title", "provinces", "channels", "starts", "ends", "reached"),
             "Awareness campaigns", kind="campaign", descending=True, numeric=("reached",),
             fields={"election": "election_code = upper(?)",
                     "province": "replace(provinces, upper(?), '') <> provinces"}),
    Register("education-visits", "media", "education_visits", ("visited_on", "number"),
             ("number", "visited_on", "grp", "visitors", "simulation"), "Election Education Centre visits",
             kind="education visit", descending=True, numeric=("visitors",),
             fields={"month": "substr(visited_on, 1, 7) = ?"}),
)


def _reach(ctx: ReportContext) -> ReportResult:
    campaign = ctx.param("campaign").upper()
    where, params = (" WHERE campaign = ?", [campaign]) if campaign else ("", [])
    rows = ctx.rows(f"SELECT province, channel, SUM(people) FROM campaign_reach{where} GROUP BY province, channel "
                    "ORDER BY province, channel", params)
    out = [(p, ch, int(n)) for p, ch, n in rows]
    return ReportResult(("province", "channel", "people"), out, bars="people",
                        notes=(Message("{count} people reached", count=int(sum(r[2] for r in out))),))


def _findings(ctx: ReportContext) -> ReportResult:
    year, params = year_clause(ctx, "observed_on")
    rows = ctx.rows("SELECT COALESCE(decision, '(awaiting decision)'), material, COUNT(*) FROM media_findings "
                    f"WHERE 1 = 1{year} GROUP BY COALESCE(decision, '(awaiting decision)'), material ORDER BY 1, 2",
                    params)
    return ReportResult(("decision", "material", "findings"), [(d, m, int(n)) for d, m, n in rows], bars="findings")


REPORTS = (
    Report("campaign-reach", "Awareness campaigns: people reached by province and channel", _reach,
           params=("campaign",)),
    Report("monitoring-findings", "Media monitoring findings by decision", _findings, params=("year",)),
)
