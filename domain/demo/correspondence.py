"""The demo history of the registry registers: continues DemoHistory.base() through the real commands.

The General department's registry (the Sector of Office Works, HR-OW, whose clerk keeps the registry) through
January-November 2026: the working calendar (Afghan government weekend, public holidays), incoming letters from
ministries, partners, parties and the provincial offices resolved by the chairman to HQ directorates and
provincial offices, replies and circulars, a confidential letter a month handed over against a receipt, filing,
one disposal act, citizens' receptions, and appeals of every kind and channel through their lifecycle: most
answered on time, some late, some inadmissible, referred out or escalated, and the recent ones still open (some
overdue). The chairman is the demo's administrator. Month by month the steps come in phases (registration,
the chairman's resolutions, review, decisions, responses) so consecutive steps by one user share a batch.
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
from domain.calendar import DeclareHoliday, SetWeekend, add_working_days
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
WEEKEND = "thu,fri"
HOLIDAYS = ((date(2026, 2, 15), "Liberation Day"), (date(2026, 3, 20), "Eid al-Fitr"),
            (date(2026, 3, 21), "Nowruz"), (date(2026, 3, 22), "Eid al-Fitr (second day)"),
            (date(2026, 4, 28), "Victory Day"), (date(2026, 5, 27), "Eid al-Adha"),
            (date(2026, 5, 28), "Eid al-Adha (second day)"), (date(2026, 6, 25), "Ashura"),
            (date(2026, 8, 19), "Independence Day"), (date(2026, 8, 26), "Mawlid al-Nabi"))
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
    return SimpleNamespace(weekend=[3, 4], holidays={d.isoformat(): n for d, n in HOLIDAYS})


class _Registry:
    def __init__(self, demo: Any) -> None:
        self.demo = demo
        self.rng = demo.rng
        self.clerk = demo.clerks[REGISTRY]
        self.chair = demo.admin
        self.calendar = _calendar()
        self.numbers = {"INC": 0, "OUT": 0, "CONF": 0, "APL": 0, "REC": 0}
        self.provinces = [u for u in demo.clerks if u.startswith("PO-")] or ["FIELD-OPS"]
        self.filed_early: list[str] = []

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

    def send(self, cell: dict[str, str], **fields: Any) -> Callable[[], Any]:
        """An outgoing letter, numbered when it is yielded (the order the domain numbers it in); later steps
        read its number from `cell`."""
        from domain.demo.base import Step

        def make() -> Any:
            cell["number"] = self.number("OUT")
            return Step(self.clerk, SendDocument(**fields))
        return make


def _setup(r: _Registry) -> Iterator[Any]:
    from domain.demo.base import Step

    yield Step(r.chair, SetWeekend(weekend=WEEKEND), "government working week runs Saturday to Wednesday")
    for day, name in HOLIDAYS:
        yield Step(r.chair, DeclareHoliday(day=day, holiday_name=name))
    yield Step(r.chair, EstablishPosition(unit=REGISTRY, code="CONF-OFFICER", position_title="Confidential Records "
                                          "Officer", grade="grade 4"))
    yield Step(r.chair, HireEmployee(number=CONFIDENTIAL_HOLDER, full_name=r.demo.person(), employment_type="permanent",
                                     unit=REGISTRY, position="CONF-OFFICER", order_number="OW-12/2025",
                                     order_date=date(2025, 12, 20), effective=date(2025, 12, 27)))


def _month(r: _Registry, month: int) -> Iterator[Any]:  # noqa: C901 (one month of the registry, phase by phase)
    from domain.demo.base import Step

    rng, pick, clerk, chair = r.rng, r.demo.pick, r.clerk, r.chair
    phases: dict[str, list[Any]] = {p: [] for p in ("register", "chair", "review", "decide", "respond")}
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
        number = r.number("INC")
        phases["register"].append(Step(clerk, ReceiveDocument(
            received_on=received, sender=sender, their_number=f"{pick(range(10, 999))}/{pick(range(1, 60))}",
            their_date=their_date, subject=subject.capitalize(),
            classification="official use" if rng.random() < 0.3 else "public")))
        if rng.random() < 0.2:  # for information only: straight to the file
            phases["respond"].append(Step(clerk, FileDocument(document=number, case_file=f"01-INFO/{YEAR}",
                                                              on=received + timedelta(days=2))))
            continue
        unit = province if provincial and rng.random() < 0.6 else pick(HQ_UNITS)
        resolved = received + timedelta(days=pick(range(0, 3)))
        due = r.working(resolved, 10)
        phases["chair"].append(Step(chair, ResolveDocument(
            document=number, unit=unit, instruction=pick(("Prepare a reply", "Review and report", "For action",
                                                          "Prepare an opinion")), on=resolved)))
        if rng.random() > finish:
            continue  # still under control
        late = rng.random() < 0.2
        done = due + timedelta(days=pick(range(1, 8))) if late else resolved + timedelta(
            days=pick(range(1, max(2, (due - resolved).days))))
        done = min(done, LAST_DAY)
        if rng.random() < 0.6:
            reply: dict[str, str] = {}
            # The reply ends the letter's control itself (executed "by reply OUT-...").
            phases["respond"].append(r.send(reply, sent_on=done, addressee=sender, subject=f"Re: {subject}",
                                            in_reply_to=number))
        else:
            phases["respond"].append(Step(clerk, ReportExecution(document=number, on=done, report=pick((
                "Information provided by telephone", "Opinion prepared and sent to the chairman",
                "Measures taken; no reply required")))))
        if month <= 3 and rng.random() < 0.5:
            case = f"01-ROUTINE/{YEAR}"
            r.filed_early.append(number)
        else:
            case = f"02-{unit}/{YEAR}"
        phases["respond"].append(Step(clerk, FileDocument(document=number, case_file=case,
                                                          on=done + timedelta(days=1))))

    # ---- a circular to the provinces, and a confidential letter ------------------------------------------------
    phases["register"].append(r.send({}, sent_on=r.day(month), addressee="All provincial offices", subject=pick((
        "Instructions on the voter list update", "Schedule of training sessions",
        "Reporting template for the quarter", "Security coordination meetings"))))
    if month % 2 == 0:  # a confidential letter every other month
        received = r.day(month)
        secret = r.number("CONF")
        phases["register"].append(Step(clerk, ReceiveDocument(received_on=received, sender=pick(SENDERS),
                                                              classification="confidential")))
        phases["review"].append(Step(clerk, HandOverDocument(document=secret, employee=CONFIDENTIAL_HOLDER,
                                                             receipt=f"R-{month:02d}/{YEAR}",
                                                             on=received + timedelta(days=1))))
        if not recent:
            phases["respond"].append(Step(clerk, ReturnDocument(document=secret, employee=CONFIDENTIAL_HOLDER,
                                                                on=received + timedelta(days=5))))
            phases["respond"].append(Step(clerk, FileDocument(document=secret, case_file=f"00-CONF/{YEAR}",
                                                              on=received + timedelta(days=6))))

    # ---- receptions and appeals ------------------------------------------------------------------------------
    appeals: list[tuple[str, str, date, str]] = []
    for _ in range(RECEPTIONS):
        held = r.day(month)
        citizen = r.demo.person()
        topic = pick(APPEAL_SUBJECTS)
        reception = r.number("REC")
        phases["register"].append(Step(clerk, RecordReception(held_on=held, citizen=citizen,
                                                              contact=f"{pick(r.provinces)} province",
                                                              official=pick(OFFICIALS), topic=topic.capitalize())))
        if rng.random() < 0.7:
            kind = r.weighted(KIND_WEIGHTS)
            phases["register"].append(Step(clerk, RegisterAppeal(
                kind=kind, channel="reception", received_on=held, applicant=citizen,
                contact=f"{pick(r.provinces)} province", subject=topic.capitalize(), reception=reception)))
            appeals.append((r.number("APL"), kind, held, citizen))
    for _ in range(APPEALS):
        received = r.day(month)
        kind = r.weighted(KIND_WEIGHTS)
        channel = r.weighted(CHANNEL_WEIGHTS)
        applicant = r.demo.person()
        phases["register"].append(Step(clerk, RegisterAppeal(
            kind=kind, channel=channel, received_on=received, applicant=applicant,
            contact=f"{pick(('Kabul', 'Herat', 'Mazar-i-Sharif', 'Kandahar', 'Jalalabad'))}, "
                    f"district {pick(range(1, 16))}", subject=pick(APPEAL_SUBJECTS).capitalize())))
        appeals.append((r.number("APL"), kind, received, applicant))

    for number, kind, received, applicant in appeals:
        fate = rng.random()
        if fate < 0.08:  # inadmissible: a notice, then closed
            on = received + timedelta(days=2)
            phases["chair"].append(Step(chair, DeclareInadmissible(appeal=number, on=on, grounds=pick((
                "Filed after the statutory deadline", "Outside the Commission's competence and no body named",
                "Repeats an appeal already decided")))))
            if rng.random() < finish:
                notice: dict[str, str] = {}
                phases["respond"] += [
                    r.send(notice, sent_on=on, addressee=applicant, subject=f"Notice on appeal {number}"),
                    lambda n=number, d=on, c=notice: Step(clerk, AnswerAppeal(appeal=n, response=c["number"], on=d)),
                    Step(clerk, CloseAppeal(appeal=number, on=on))]
            continue
        if fate < 0.15:  # not ours: referred to the competent body with a notice
            on = received + timedelta(days=3)
            body = pick(BODIES)
            referral: dict[str, str] = {}
            phases["respond"] += [
                r.send(referral, sent_on=on, addressee=body, subject=f"Referral of appeal {number}"),
                lambda n=number, b=body, d=on, c=referral: Step(clerk, ReferOut(appeal=n, body=b, notice=c["number"],
                                                                                on=d)),
                Step(clerk, CloseAppeal(appeal=number, on=on + timedelta(days=1)))]
            continue
        assigned = received + timedelta(days=1)
        due = r.working(assigned, TERMS[kind])
        lead = pick(r.provinces) if rng.random() < 0.4 else pick(HQ_UNITS)
        co = "LEGAL" if kind in ("complaint", "electoral complaint") and lead != "LEGAL" else ""
        phases["chair"].append(Step(chair, AssignAppeal(appeal=number, lead_unit=lead, co_units=co, on=assigned)))
        review = assigned + timedelta(days=1)
        phases["review"].append(Step(clerk, StartReview(appeal=number, on=review)))
        if kind == "electoral complaint" and rng.random() < 0.25:  # to the higher body
            transmission: dict[str, str] = {}
            phases["review"].append(r.send(transmission, sent_on=review, addressee="Electoral Complaints Commission",
                                           subject=f"Transmission of electoral complaint {number}"))
            phases["decide"].append(lambda n=number, d=review, c=transmission: Step(chair, EscalateAppeal(
                appeal=n, body="Electoral Complaints Commission", notice=c["number"], on=d)))
            phases["respond"].append(Step(clerk, CloseAppeal(appeal=number, on=review + timedelta(days=1))))
            continue
        if rng.random() > finish:
            if recent and rng.random() < 0.3:
                phases["decide"].append(Step(chair, ExtendAppeal(appeal=number, working_days=10), pick((
                    "the expert group needs the precinct's records", "the provincial office's report is pending",
                    "the applicant was asked for documents"))))
            continue  # still open
        late = rng.random() < 0.2
        answered = due + timedelta(days=pick(range(1, 9))) if late else review + timedelta(
            days=pick(range(1, max(2, (due - review).days))))
        answered = max(min(answered, LAST_DAY), review + timedelta(days=1))
        if kind in ("complaint", "electoral complaint"):
            phases["review"].append(Step(clerk, GiveExpertOpinion(appeal=number, on=review, opinion=pick((
                "Well founded; the commission should correct the list", "Not supported by the records",
                "Partly founded; a warning to the precinct chair is proposed")))))
        phases["decide"].append(Step(chair, DecideAppeal(appeal=number, on=answered, decision=pick((
            "Upheld", "Rejected", "Partly upheld", "Information provided", "Suggestion accepted for the next cycle")))))
        response: dict[str, str] = {}
        phases["respond"] += [
            r.send(response, sent_on=answered, addressee=applicant, subject=f"Response to appeal {number}"),
            lambda n=number, d=answered, c=response: Step(clerk, AnswerAppeal(appeal=n, response=c["number"], on=d))]
        if not (recent and rng.random() < 0.3):
            phases["respond"].append(Step(clerk, CloseAppeal(appeal=number, on=answered)))

    # Outgoing letters are numbered as they are yielded (see `_Registry.send`), in the domain's own order.
    for name in ("register", "chair", "review", "decide", "respond"):
        for entry in phases[name]:
            yield entry() if callable(entry) else entry


def history(demo: Any) -> Iterator[Any]:
    from domain.demo.base import Step

    r = _Registry(demo)
    yield from _setup(r)
    for month in MONTHS:
        yield from _month(r, month)
    act = f"DA-01/{YEAR}"
    yield Step(r.clerk, DraftDisposalAct(act=act, drafted_on=date(YEAR, 11, 2),
                                         basis="Routine correspondence of the first quarter: retention ended"))
    yield Step(r.chair, ApproveDisposalAct(act=act, on=date(YEAR, 11, 5)))
    for number in r.filed_early[:6]:
        yield Step(r.clerk, DisposeDocument(document=number, act=act, on=date(YEAR, 11, 9)),
                   "retention period ended; act approved by the chairman")
