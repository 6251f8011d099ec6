"""The demo history of the registry registers: continues DemoHistory.base() through the real commands.

The General department's registry (the Sector of Office Works, HR-OW, whose clerk keeps the registry) through
January-November 2026: the working calendar (Afghan government weekend, public holidays), incoming letters from
ministries, partners, parties and the provincial offices resolved by the chairman to HQ directorates and
provincial offices, replies and circulars, a confidential letter a month handed over against a receipt, filing,
one disposal act, citizens' receptions, and appeals of every kind and channel through their lifecycle: most
answered on time, some late, some inadmissible, referred out or escalated, and the recent ones still open (some
overdue). The chairman is the demo's administrator. The year is planned month by month and yielded in date
order (on one day: registration, the chairman's resolutions, review, decisions, responses), and every
registration is numbered when it is yielded, so numbers follow the dates within each series and year.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta
from types import SimpleNamespace
from typing import Any

from domain.appeals import (
    TERMS,
    AnswerAppeal,
    AssignAppeal,
    CloseAppeal,
    DecideAppeal,
    DeclareInadmissible,
    EscalateAppeal,
    ExtendAppeal,
    GiveExpertOpinion,
    RecordReception,
    ReferOut,
    RegisterAppeal,
    StartReview,
)
from domain.calendar import COUNTRIES, LoadPublicHolidays, SetWeekend, add_working_days, parse_weekend, public_holidays
from domain.correspondence import (
    ApproveDisposalAct,
    DisposeDocument,
    DraftDisposalAct,
    FileDocument,
    HandOverDocument,
    ReceiveDocument,
    ReportExecution,
    ResolveDocument,
    ReturnDocument,
    SendDocument,
)
from domain.organisation import EstablishPosition
from domain.personnel import HireEmployee

REGISTRY = "HR-OW"  # the General department of the seeds: the Sector of Office Works keeps the registry
YEAR = 2026
MONTHS = range(1, 12)
LAST_DAY = date(YEAR, 11, 30)  # nothing of the history is dated after its last month
WEEKEND = COUNTRIES["AF"][1]  # the IEC's: the Afghan government's week, Friday off
HOLIDAY_NAMES = "en_US"  # the demo reads in English; a store may load them in Dari or Pashto (fa_AF, ps_AF)
HOLIDAYS = tuple(public_holidays("AF", 2026, HOLIDAY_NAMES))  # Afghanistan's, from the holidays package
HQ_UNITS = ("LEGAL", "FIELD-OPS", "PUB-OUT", "FIN", "LOG", "IT", "HR", "EXT-REL", "MEDIA", "TRAIN")
SENDERS = ("Ministry of Interior", "Ministry of Finance", "Ministry of Education", "Office of the President",
           "Electoral Complaints Commission", "UNDP ELECT II", "Ministry of Foreign Affairs",
           "Free and Fair Election Forum of Afghanistan", "Afghanistan Independent Human Rights Commission",
           "National Statistics and Information Authority")
SUBJECTS = ("security of polling centres", "use of schools as polling centres", "budget execution for the quarter",
            "voter registration statistics", "observer accreditation procedures", "printing of ballot papers",
            "transport of sensitive materials", "staff secondment request", "civic education campaign",
            "data exchange on the voter list", "procurement of tamper-evident bags", "audit findings follow-up")
APPEAL_SUBJECTS = ("name missing from the voter list", "polling centre moved without notice",
                   "refusal to issue a voter card", "conduct of a precinct commission member",
                   "request for a copy of the results form", "proposal for mobile voting in remote villages",
                   "campaign material on a public building", "delay in paying polling staff",
                   "access of observers to the count", "request for information on candidate nomination")
KIND_WEIGHTS = (("inquiry", 3), ("application", 3), ("suggestion", 1), ("complaint", 4), ("electoral complaint", 2))
CHANNEL_WEIGHTS = (("written", 5), ("electronic", 3), ("oral", 1))
BODIES = ("Ministry of Interior", "Ministry of Education", "Attorney General's Office", "Municipality of Kabul")
OFFICIALS = ("Head of the General department", "Deputy Chief Electoral Officer", "Chief of Staff")
LETTERS, APPEALS, RECEPTIONS = 2, 3, 1  # a month: the demo's registry part stays at about 600 events
CONFIDENTIAL_HOLDER = "OW-C1"  # the registry's own confidential records officer, hired here


def _calendar() -> Any:
    """The calendar the history sets up, to know the due dates the domain will compute."""
    return SimpleNamespace(weekend=parse_weekend(WEEKEND), holidays={d.isoformat(): n for d, n in HOLIDAYS})


PHASES = ("register", "chair", "review", "decide", "respond")  # a day's steps, in this order


class _Registry:
    def __init__(self, demo: Any) -> None:
        self.demo = demo
        self.rng = demo.rng
        self.clerk = demo.clerks[REGISTRY]
        self.chair = demo.admin
        self.calendar = _calendar()
        self.numbers = {"INC": 0, "OUT": 0, "CONF": 0, "APL": 0, "REC": 0}
        self.provinces = [u for u in demo.clerks if u.startswith("PO-")] or ["FIELD-OPS"]
        self.filed_early: list[dict[str, str]] = []
        self.plan: list[tuple[date, int, int, Any]] = []  # (day, phase, sequence, step or step maker)

    def at(self, day: date, phase: str, entry: Any) -> None:
        """Plan a step for a day: the history is yielded in date order, so registration numbers follow the
        dates within each series (a registration may not be dated before the last one)."""
        self.plan.append((day, PHASES.index(phase), len(self.plan), entry))

    def planned(self) -> Iterator[Any]:
        for _, _, _, entry in sorted(self.plan, key=lambda p: p[:3]):
            yield entry() if callable(entry) else entry

    def number(self, series: str) -> str:
        self.numbers[series] += 1
        return f"{series}-{YEAR}-{self.numbers[series]:05d}"

    def weighted(self, pairs: tuple[tuple[str, int], ...]) -> str:
        total = sum(w for _, w in pairs)
        pick = self.rng.random() * total
        for value, weight in pairs:
            pick -= weight
            if pick < 0:
                return value
        return pairs[-1][0]

    def day(self, month: int) -> date:
        return date(YEAR, month, 1) + timedelta(days=self.demo.pick(range(24)))

    def working(self, start: date, days: int) -> date:
        return add_working_days(self.calendar, start, days)

    def registered(self, series: str, cell: dict[str, str], user: str, command: Any) -> Callable[[], Any]:
        """A registration, numbered when it is yielded (the order the domain numbers it in); later steps
        read its number from `cell`."""
        from domain.demo.base import Step

        def make() -> Any:
            cell["number"] = self.number(series)
            return Step(user, command)
        return make

    def send(self, cell: dict[str, str], **fields: Any) -> Callable[[], Any]:
        return self.registered("OUT", cell, self.clerk, SendDocument(**fields))


def _setup(r: _Registry) -> Iterator[Any]:
    from domain.demo.base import Step

    yield Step(r.chair, SetWeekend(weekend=WEEKEND), "the Afghan government's working week: Friday off")
    yield Step(r.chair, LoadPublicHolidays(country="AF", year=2026, names_in=HOLIDAY_NAMES))
    yield Step(r.chair, EstablishPosition(unit=REGISTRY, code="CONF-OFFICER", position_title="Confidential Records "
                                          "Officer", grade="grade 4"))
    yield Step(r.chair, HireEmployee(number=CONFIDENTIAL_HOLDER, full_name=r.demo.person(), employment_type="permanent",
                                     unit=REGISTRY, position="CONF-OFFICER", order_number="OW-12/2025",
                                     order_date=date(2025, 12, 20), effective=date(2025, 12, 27)))


def _month(r: _Registry, month: int) -> None:
    from domain.demo.base import Step

    rng, pick, clerk, chair, at = r.rng, r.demo.pick, r.clerk, r.chair, r.at
    recent = month >= 10  # the last weeks: much still open
    finish = 0.35 if month == 11 else 0.65 if month == 10 else 1.0

    # ---- letters --------------------------------------------------------------------------------------------
    for _ in range(LETTERS):
        received = r.day(month)
        provincial = rng.random() < 0.35
        province = pick(r.provinces)
        sender = f"IEC provincial office {province}" if provincial else pick(SENDERS)
        subject = pick(SUBJECTS)
        their_date = received - timedelta(days=pick(range(1, 6)))
        letter: dict[str, str] = {}
        at(received, "register", r.registered("INC", letter, clerk, ReceiveDocument(
            received_on=received, sender=sender, their_number=f"{pick(range(10, 999))}/{pick(range(1, 60))}",
            their_date=their_date, subject=subject.capitalize(),
            classification="official use" if rng.random() < 0.3 else "public")))
        if rng.random() < 0.2:  # for information only: straight to the file
            filed = received + timedelta(days=2)
            at(filed, "respond", lambda c=letter, d=filed: Step(clerk, FileDocument(
                document=c["number"], case_file=f"01-INFO/{YEAR}", on=d)))
            continue
        unit = province if provincial and rng.random() < 0.6 else pick(HQ_UNITS)
        resolved = received + timedelta(days=pick(range(0, 3)))
        due = r.working(resolved, 10)
        instruction = pick(("Prepare a reply", "Review and report", "For action", "Prepare an opinion"))
        at(resolved, "chair", lambda c=letter, u=unit, i=instruction, d=resolved: Step(chair, ResolveDocument(
            document=c["number"], unit=u, instruction=i, on=d)))
        if rng.random() > finish:
            continue  # still under control
        late = rng.random() < 0.2
        done = due + timedelta(days=pick(range(1, 8))) if late else resolved + timedelta(
            days=pick(range(1, max(2, (due - resolved).days))))
        done = min(done, LAST_DAY)
        if rng.random() < 0.6:
            # The reply ends the letter's control itself (executed "by reply OUT-...").
            at(done, "respond", lambda c=letter, a=sender, t=subject, d=done: r.send(
                {}, sent_on=d, addressee=a, subject=f"Re: {t}", in_reply_to=c["number"])())
        else:
            report = pick(("Information provided by telephone", "Opinion prepared and sent to the chairman",
                           "Measures taken; no reply required"))
            at(done, "respond", lambda c=letter, d=done, t=report: Step(clerk, ReportExecution(
                document=c["number"], on=d, report=t)))
        if month <= 3 and rng.random() < 0.5:
            case = f"01-ROUTINE/{YEAR}"
            r.filed_early.append(letter)
        else:
            case = f"02-{unit}/{YEAR}"
        filed = done + timedelta(days=1)
        at(filed, "respond", lambda c=letter, f=case, d=filed: Step(clerk, FileDocument(
            document=c["number"], case_file=f, on=d)))

    # ---- a circular to the provinces, and a confidential letter ------------------------------------------------
    sent = r.day(month)
    at(sent, "register", r.send({}, sent_on=sent, addressee="All provincial offices", subject=pick((
        "Instructions on the voter list update", "Schedule of training sessions",
        "Reporting template for the quarter", "Security coordination meetings"))))
    if month % 2 == 0:  # a confidential letter every other month
        received = r.day(month)
        secret: dict[str, str] = {}
        at(received, "register", r.registered("CONF", secret, clerk, ReceiveDocument(
            received_on=received, sender=pick(SENDERS), classification="confidential")))
        handed = received + timedelta(days=1)
        at(handed, "review", lambda c=secret, d=handed: Step(clerk, HandOverDocument(
            document=c["number"], employee=CONFIDENTIAL_HOLDER, receipt=f"R-{month:02d}/{YEAR}", on=d)))
        if not recent:
            back, filed = received + timedelta(days=5), received + timedelta(days=6)
            at(back, "respond", lambda c=secret, d=back: Step(clerk, ReturnDocument(
                document=c["number"], employee=CONFIDENTIAL_HOLDER, on=d)))
            at(filed, "respond", lambda c=secret, d=filed: Step(clerk, FileDocument(
                document=c["number"], case_file=f"00-CONF/{YEAR}", on=d)))

    # ---- receptions and appeals ------------------------------------------------------------------------------
    appeals: list[tuple[dict[str, str], str, date, str]] = []
    for _ in range(RECEPTIONS):
        held = r.day(month)
        citizen = r.demo.person()
        topic = pick(APPEAL_SUBJECTS)
        reception: dict[str, str] = {}
        at(held, "register", r.registered("REC", reception, clerk, RecordReception(
            held_on=held, citizen=citizen, contact=f"{pick(r.provinces)} province", official=pick(OFFICIALS),
            topic=topic.capitalize())))
        if rng.random() < 0.7:
            kind = r.weighted(KIND_WEIGHTS)
            contact = f"{pick(r.provinces)} province"
            appeal: dict[str, str] = {}
            at(held, "register", lambda a=appeal, c=reception, k=kind, d=held, p=citizen, o=contact, t=topic:
               r.registered("APL", a, clerk, RegisterAppeal(kind=k, channel="reception", received_on=d, applicant=p,
                                                          contact=o, subject=t.capitalize(), reception=c["number"]))())
            appeals.append((appeal, kind, held, citizen))
    for _ in range(APPEALS):
        received = r.day(month)
        kind = r.weighted(KIND_WEIGHTS)
        channel = r.weighted(CHANNEL_WEIGHTS)
        applicant = r.demo.person()
        appeal = {}
        at(received, "register", r.registered("APL", appeal, clerk, RegisterAppeal(
            kind=kind, channel=channel, received_on=received, applicant=applicant,
            contact=f"{pick(('Kabul', 'Herat', 'Mazar-i-Sharif', 'Kandahar', 'Jalalabad'))}, "
                    f"district {pick(range(1, 16))}", subject=pick(APPEAL_SUBJECTS).capitalize())))
        appeals.append((appeal, kind, received, applicant))

    for appeal, kind, received, applicant in appeals:
        fate = rng.random()
        if fate < 0.08:  # inadmissible: a notice, then closed
            on = received + timedelta(days=2)
            grounds = pick(("Filed after the statutory deadline",
                            "Outside the Commission's competence and no body named",
                            "Repeats an appeal already decided"))
            at(on, "chair", lambda a=appeal, d=on, g=grounds: Step(chair, DeclareInadmissible(
                appeal=a["number"], on=d, grounds=g)))
            if rng.random() < finish:
                notice: dict[str, str] = {}
                at(on, "respond", lambda a=appeal, c=notice, d=on, p=applicant: r.send(
                    c, sent_on=d, addressee=p, subject=f"Notice on appeal {a['number']}")())
                at(on, "respond", lambda a=appeal, d=on, c=notice: Step(clerk, AnswerAppeal(
                    appeal=a["number"], response=c["number"], on=d)))
                at(on, "respond", lambda a=appeal, d=on: Step(clerk, CloseAppeal(appeal=a["number"], on=d)))
            continue
        if fate < 0.15:  # not ours: referred to the competent body with a notice
            on = received + timedelta(days=3)
            body = pick(BODIES)
            referral: dict[str, str] = {}
            at(on, "respond", lambda a=appeal, c=referral, d=on, b=body: r.send(
                c, sent_on=d, addressee=b, subject=f"Referral of appeal {a['number']}")())
            at(on, "respond", lambda a=appeal, b=body, d=on, c=referral: Step(clerk, ReferOut(
                appeal=a["number"], body=b, notice=c["number"], on=d)))
            closed = on + timedelta(days=1)
            at(closed, "respond", lambda a=appeal, d=closed: Step(clerk, CloseAppeal(appeal=a["number"], on=d)))
            continue
        assigned = received + timedelta(days=1)
        due = r.working(assigned, TERMS[kind])
        lead = pick(r.provinces) if rng.random() < 0.4 else pick(HQ_UNITS)
        co = "LEGAL" if kind in ("complaint", "electoral complaint") and lead != "LEGAL" else ""
        at(assigned, "chair", lambda a=appeal, u=lead, c=co, d=assigned: Step(chair, AssignAppeal(
            appeal=a["number"], lead_unit=u, co_units=c, on=d)))
        review = assigned + timedelta(days=1)
        at(review, "review", lambda a=appeal, d=review: Step(clerk, StartReview(appeal=a["number"], on=d)))
        if kind == "electoral complaint" and rng.random() < 0.25:  # to the higher body
            transmission: dict[str, str] = {}
            at(review, "review", lambda a=appeal, c=transmission, d=review: r.send(
                c, sent_on=d, addressee="Electoral Complaints Commission",
                subject=f"Transmission of electoral complaint {a['number']}")())
            at(review, "decide", lambda a=appeal, d=review, c=transmission: Step(chair, EscalateAppeal(
                appeal=a["number"], body="Electoral Complaints Commission", notice=c["number"], on=d)))
            closed = review + timedelta(days=1)
            at(closed, "respond", lambda a=appeal, d=closed: Step(clerk, CloseAppeal(appeal=a["number"], on=d)))
            continue
        if rng.random() > finish:
            if recent and rng.random() < 0.3:
                why = pick(("the expert group needs the precinct's records",
                            "the provincial office's report is pending", "the applicant was asked for documents"))
                at(review, "decide", lambda a=appeal, w=why: Step(chair, ExtendAppeal(
                    appeal=a["number"], working_days=10), w))
            continue  # still open
        late = rng.random() < 0.2
        answered = due + timedelta(days=pick(range(1, 9))) if late else review + timedelta(
            days=pick(range(1, max(2, (due - review).days))))
        answered = max(min(answered, LAST_DAY), review + timedelta(days=1))
        if kind in ("complaint", "electoral complaint"):
            opinion = pick(("Well founded; the commission should correct the list", "Not supported by the records",
                            "Partly founded; a warning to the precinct chair is proposed"))
            at(review, "review", lambda a=appeal, d=review, o=opinion: Step(clerk, GiveExpertOpinion(
                appeal=a["number"], on=d, opinion=o)))
        decision = pick(("Upheld", "Rejected", "Partly upheld", "Information provided",
                         "Suggestion accepted for the next cycle"))
        at(answered, "decide", lambda a=appeal, d=answered, t=decision: Step(chair, DecideAppeal(
            appeal=a["number"], on=d, decision=t)))
        response: dict[str, str] = {}
        # The answer is a letter to the applicant that answers nothing else.
        at(answered, "respond", lambda a=appeal, c=response, d=answered, p=applicant: r.send(
            c, sent_on=d, addressee=p, subject=f"Response to appeal {a['number']}")())
        at(answered, "respond", lambda a=appeal, d=answered, c=response: Step(clerk, AnswerAppeal(
            appeal=a["number"], response=c["number"], on=d)))
        if not (recent and rng.random() < 0.3):
            at(answered, "respond", lambda a=appeal, d=answered: Step(clerk, CloseAppeal(appeal=a["number"], on=d)))


def history(demo: Any) -> Iterator[Any]:
    from domain.demo.base import Step

    r = _Registry(demo)
    yield from _setup(r)
    for month in MONTHS:
        _month(r, month)
    yield from r.planned()  # the whole year in date order
    act = f"DA-01/{YEAR}"
    yield Step(r.clerk, DraftDisposalAct(act=act, drafted_on=date(YEAR, 11, 2),
                                         basis="Routine correspondence of the first quarter: retention ended"))
    yield Step(r.chair, ApproveDisposalAct(act=act, on=date(YEAR, 11, 5)))
    for letter in r.filed_early[:6]:
        yield Step(r.clerk, DisposeDocument(document=letter["number"], act=act, on=date(YEAR, 11, 9)),
                   "retention period ended; act approved by the chairman")
