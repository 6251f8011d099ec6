"""The training registers: programmes, sessions (with places taken and cost), and trainees (each enrolment with
attendance, score and certificate); and their reports (coverage of commission members trained before voting day
per constituency and role, certificates issued, cost per trainee)."""

from __future__ import annotations

from typing import Any

from domain.errors import Message
from domain.training import Programme, Session
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import Register, cents, prefix_match
from projections.reports import Report, ReportContext, ReportResult, year_clause

PROGRAMMES = Table("training_programmes", (
    ("id", "text"), ("code", "text"), ("title", "text"), ("audience", "text"), ("pass_mark", "int"),
    ("sessions", "int"), ("curriculum", "text"),
), key=("id",), indexes=(("code",), ("audience",)), search=("code", "title", "audience"))
SESSIONS = Table("training_sessions", (
    ("id", "text"), ("code", "text"), ("programme_code", "text"), ("place", "text"), ("unit_code", "text"),
    ("starts", "text"), ("ends", "text"), ("trainers", "text"), ("capacity", "int"), ("enrolled", "int"),
    ("attended", "int"), ("certified", "int"), ("cost", "int"), ("line_code", "text"),
), key=("id",), indexes=(("starts", "code"), ("programme_code",), ("unit_code",)),
   search=("code", "programme_code", "place", "unit_code", "starts", "ends", "trainers", "line_code"))
TRAINEES = Table("trainees", (
    ("session_id", "text"), ("key", "text"), ("session_code", "text"), ("programme_code", "text"), ("kind", "text"),
    ("name", "text"), ("commission", "text"), ("session_ends", "text"), ("attended", "int"), ("score", "int"),
    ("certificate", "text"), ("certified_on", "text"),
), key=("session_id", "key"), indexes=(("session_code", "name"), ("name",), ("commission", "name"),
                                       ("certificate",), ("certified_on",)),
   search=("session_code", "programme_code", "kind", "name", "commission", "certificate"))


class TrainingProjection(Projection):
    name = "training"
    version = 1
    tables = (PROGRAMMES, SESSIONS, TRAINEES)

    def _get(self, rows: Rows, table: str, *key: Any) -> dict[str, Any]:
        row = rows.get(table, *key)
        assert row is not None, f"{table} {key} missing from the register"
        return dict(row)

    @on(Programme.Added)
    def programme(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("training_programmes", {"id": text(e.originator_id), "code": e.code, "title": e.title,
                                         "audience": e.audience, "pass_mark": e.pass_mark, "sessions": 0,
                                         "curriculum": e.curriculum})

    @on(Programme.SessionAdded)
    def programme_session(self, rows: Rows, position: int, e: Any) -> None:
        row = self._get(rows, "training_programmes", text(e.originator_id))
        rows.put("training_programmes", {**row, "sessions": e.number})

    @on(Session.Scheduled)
    def scheduled(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("training_sessions", {
            "id": text(e.originator_id), "code": e.code, "programme_code": e.programme_code, "place": e.place,
            "unit_code": e.unit_code, "starts": text(e.starts), "ends": text(e.ends), "trainers": e.trainers,
            "capacity": e.capacity, "enrolled": 0, "attended": 0, "certified": 0, "cost": cents(e.cost),
            "line_code": e.line_code or None})

    @on(Session.Enrolled)
    def enrolled(self, rows: Rows, position: int, e: Any) -> None:
        s = self._get(rows, "training_sessions", text(e.originator_id))
        rows.put("training_sessions", {**s, "enrolled": s["enrolled"] + 1})
        rows.put("trainees", {
            "session_id": s["id"], "key": e.key, "session_code": s["code"], "programme_code": s["programme_code"],
            "kind": e.kind, "name": e.name, "commission": e.commission or None, "session_ends": s["ends"],
            "attended": None, "score": None, "certificate": None, "certified_on": None})

    @on(Session.AttendanceRecorded)
    def attendance(self, rows: Rows, position: int, e: Any) -> None:
        sid = text(e.originator_id)
        t = self._get(rows, "trainees", sid, e.key)
        s = self._get(rows, "training_sessions", sid)
        before, after = t["attended"] == 1, bool(e.attended)
        rows.put("trainees", {**t, "attended": 1 if after else 0})
        rows.put("training_sessions", {**s, "attended": s["attended"] + (after - before)})

    @on(Session.Tested)
    def tested(self, rows: Rows, position: int, e: Any) -> None:
        t = self._get(rows, "trainees", text(e.originator_id), e.key)
        rows.put("trainees", {**t, "score": e.score})

    @on(Session.Certified)
    def certified(self, rows: Rows, position: int, e: Any) -> None:
        sid = text(e.originator_id)
        t = self._get(rows, "trainees", sid, e.key)
        s = self._get(rows, "training_sessions", sid)
        rows.put("trainees", {**t, "certificate": e.certificate, "certified_on": text(e.on)})
        rows.put("training_sessions", {**s, "certified": s["certified"] + 1})


PROJECTIONS = (TrainingProjection,)
REGISTERS = (
    Register("trainings", "training", "training_programmes", ("code",),
             ("code", "title", "audience", "pass_mark", "sessions"), "Training programmes", kind="programme",
             numeric=("pass_mark", "sessions"), fields={"audience": prefix_match("audience")}),
    Register("training-sessions", "training", "training_sessions", ("starts", "code"),
             ("code", "programme_code", "place", "unit_code", "starts", "ends", "trainers", "capacity", "enrolled",
              "attended", "certified", "cost", "line_code"), "Training sessions", kind="training session",
             descending=True, numeric=("capacity", "enrolled", "attended", "certified"), money=("cost",),
             fields={"programme": "programme_code = upper(?)", "unit": "unit_code = upper(?)",
                     "month": "substr(starts, 1, 7) = ?", "full": "enrolled >= capacity AND ? <> ''"},
             office=("unit_code",)),
    Register("trainees", "training", "trainees", ("session_code", "name"),
             ("session_code", "programme_code", "kind", "name", "commission", "attended", "score", "certificate"),
             "Trainees", record="session_id", key=("session_id", "key"), kind="training session",
             numeric=("attended", "score"),
             fields={"session": "session_code = upper(?)", "programme": "programme_code = upper(?)",
                     "kind": prefix_match("kind"), "certified": "certificate IS NOT NULL AND ? <> ''"}),
)


# ---- reports ------------------------------------------------------------------------------------------

def _coverage(ctx: ReportContext) -> ReportResult:
    """Per constituency and commission role: members, and those who attended a session ending by the election
    plan's TRAINING deadline (read from the plan, as other contexts' deadlines are), or by voting day where the
    plan has no training activity."""
    election = ctx.param("election").upper()
    if not election:
        latest = ctx.rows("SELECT code FROM elections ORDER BY voting_day DESC, code LIMIT 1")
        election = latest[0][0] if latest else ""
    planned = ctx.rows("SELECT ends FROM plan_activities WHERE election_code = ? AND code = 'TRAINING'", [election])
    voting = ctx.rows("SELECT voting_day FROM elections WHERE code = ?", [election])
    by = planned[0][0] if planned else (voting[0][0] if voting else "")
    found = ctx.rows(
        "SELECT substr(m.commission_label, 1, length(e.code) + 4) AS constituency, m.role, COUNT(*), "
        "SUM(CASE WHEN EXISTS (SELECT 1 FROM trainees t WHERE t.commission = m.commission_label "
        "AND upper(t.name) = upper(m.member) AND t.attended = 1 AND t.session_ends <= ?) "
        "THEN 1 ELSE 0 END) "
        "FROM commission_members m JOIN elections e ON e.code = ? "
        "AND substr(m.commission_label, 1, length(e.code) + 1) = e.code || '/' "
        "GROUP BY substr(m.commission_label, 1, length(e.code) + 4), m.role ORDER BY 1, 2", [by, election])
    out = [(c, role, int(n), int(t or 0), 100 * int(t or 0) // int(n) if n else None) for c, role, n, t in found]
    members, trained = sum(r[2] for r in out), sum(r[3] for r in out)
    return ReportResult(("constituency", "role", "members", "trained", "trained_percent"), out, bars="trained",
                        notes=(Message("{election}: {trained} of {members} commission members trained by the "
                                       "election plan's training deadline {by}", election=election,
                                       trained=int(trained), members=int(members), by=by) if planned else
                               Message("{election}: {trained} of {members} commission members trained before voting "
                                       "day", election=election, trained=int(trained), members=int(members)),))


def _certificates(ctx: ReportContext) -> ReportResult:
    year, params = year_clause(ctx, "certified_on")
    rows = ctx.rows("SELECT certificate, certified_on, name, kind, commission, programme_code, session_code, score "
                    f"FROM trainees WHERE certificate IS NOT NULL{year} ORDER BY certificate", params)
    return ReportResult(("certificate", "issued_on", "name", "kind", "commission", "programme", "session", "score"),
                        rows, notes=(Message("{count} certificates", count=len(rows)),))


def _cost_per_trainee(ctx: ReportContext) -> ReportResult:
    rows = ctx.rows("SELECT programme_code, COUNT(*), SUM(cost), SUM(attended) FROM training_sessions "
                    "GROUP BY programme_code ORDER BY programme_code")
    out = [(code, int(n), int(cost or 0), int(attended or 0),
            int(cost or 0) // int(attended) if attended else None) for code, n, cost, attended in rows]
    return ReportResult(("programme", "sessions", "cost", "trainees_attended", "cost_per_trainee"), out,
                        money=("cost", "cost_per_trainee"),
                        notes=(Message("cost per trainee: the sessions' cost over the trainees who attended"),))


REPORTS = (
    Report("training-coverage", "Commission members trained by the plan's deadline", _coverage, params=("election",),
           description="per constituency and role (--param election=PE26; default the latest election)"),
    Report("training-certificates", "Training certificates issued", _certificates, params=("year",)),
    Report("training-cost", "Training cost per trainee, by programme", _cost_per_trainee),
)
