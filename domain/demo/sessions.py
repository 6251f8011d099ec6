"""The demo history of the Commission's own work (sessions, acts and legal contexts): continues the base history
through the real commands, after the registry's part (whose working calendar it relies on).

The central commission (nine members) meets through the 2026 election cycle of the Wolesi Jirga elections
(voting day 17 October 2026): regular sessions twice a month from January to November, extraordinary ones around
voting day; notices to every member and to accredited journalists and observers; agenda items reported by the
HQ directorates; about one member in ten absent with a reason (now and then one votes by proxy); one session
adjourned and continued; votes per item (one item fails its two-thirds majority); decisions registered, the
normative ones published, sent to the State Register and registered there, one amended and one repealed by later
acts; decisions and the Chairman's orders put under execution control (most executed, some late, some still open
and overdue); minutes with their recordings; certified extracts; general orders and decrees through legal visa
(one returned with remarks) to signature; legal opinions (two overdue); two court cases with hearings, one judged
and appealed. The Chairman is the demo's administrator; the General department's registry clerk (HR-OW) keeps the
sessions, the Law department's clerk the legal work, the Commission's counsel (hired here) gives visas and
represents the Commission in court.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from domain import acts as a
from domain import legal as lg
from domain import sessions as s
from domain import stakeholders as st
from domain.calendar import add_working_days
from domain.demo.base import CURRENT_ELECTION
from domain.demo.correspondence import CONFIDENTIAL_HOLDER, REGISTRY, _calendar
from domain.organisation import AppointMember, EstablishCentralCommission, EstablishPosition
from domain.personnel import HireEmployee

ELECTION = CURRENT_ELECTION.code  # the cycle the whole demo follows
VOTING = CURRENT_ELECTION.voting_day
LAST_DAY = date(2026, 11, 30)
COUNSEL = "LG-01"
ROLES = ("chair", "deputy chair", "secretary", *("member",) * 6)
ABSENCES = ("illness", "official mission abroad", "family reasons", "annual leave", "monitoring in the provinces")
UNITS = ("FIELD-OPS", "PUB-OUT", "FIN", "LOG", "IT", "EXT-REL", "MEDIA", "TRAIN", "LEGAL", "PLAN")
DECISIONS = ("the calendar of electoral events", "the number of ballot papers to print", "the results of the audit "
             "of the voter list", "the budget of the precinct commissions", "polling centres in {province}",
             "the outreach campaign plan", "the accreditation of international observers", "the procurement of "
             "sensitive materials", "the training of precinct commission members", "complaints from {province}",
             "the transport plan of sensitive materials", "the list of registered candidates in {province}")
NORMATIVE = ("Instruction on the counting of votes", "Regulation on the accreditation of observers", "Procedure "
             "for the transfer of results forms", "Instruction on the work of precinct commissions", "Regulation on "
             "campaign finance reports", "Procedure for the recount of ballots")
PROVINCES = ("Kabul", "Herat", "Balkh", "Nangarhar", "Kandahar", "Bamyan", "Badakhshan", "Ghazni")
REQUESTERS = ("Kabul Appeal Court", "Ministry of Justice", "Electoral Complaints Commission", "a candidate's agent",
              "Herat Provincial Court", "Attorney General's Office")
ORDERS = (("general order", "FIELD-OPS", "On the working group for the Wolesi Jirga elections"),
          ("general order", "LOG", "On the storage of sensitive materials"),
          ("decree", "FIN", "On the per diem of polling staff"),
          ("general order", "IT", "On access to the results management system"),
          ("general order", "HR", "On the duty roster for voting day"),
          ("decree", "PUB-OUT", "On the accreditation desk for the media"),
          ("general order", "LEGAL", "On the handling of election complaints"),
          ("general order", "FIELD-OPS", "On the deployment of provincial support teams"))


def _working_day(day: date, calendar: Any) -> date:
    while day.weekday() in calendar.weekend or day.isoformat() in calendar.holidays:
        day += timedelta(days=1)
    return day


def _checksum(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()


def _dates(calendar: Any) -> list[tuple[date, str]]:
    days = [(_working_day(date(2026, m, d), calendar), "regular") for m in range(1, 12) for d in (6, 20)]
    days += [(_working_day(d, calendar), "extraordinary") for d in (date(2026, 10, 13), date(2026, 10, 18),
                                                                    date(2026, 10, 25))]
    return sorted(days)


class _Commission:
    def __init__(self, demo: Any) -> None:
        self.demo, self.rng = demo, demo.rng
        self.chair = demo.admin
        self.clerk = demo.clerks.get(REGISTRY, demo.admin)
        self.legal = demo.clerks.get("LEGAL", demo.admin)
        self.media = demo.heads.get("EXT-REL", demo.admin)
        self.calendar = _calendar()
        self.members: list[str] = []
        self.guests: list[str] = []  # accredited documents
        self.failed = False  # whether a normative item has failed its majority yet
        self.acts: list[tuple[str, date]] = []  # normative acts and their dates
        self.decisions: list[tuple[str, date, str]] = []  # number, date, rapporteur unit

    def number(self, series: str, width: int = 4) -> str:
        return self.demo.number(series, 2026, width)

    def step(self, user: str, command: Any, reason: str = "") -> Any:
        from domain.demo.base import Step

        return Step(user, command, reason)


def _setup(c: _Commission) -> Iterator[Any]:
    demo = c.demo
    yield c.step(c.chair, EstablishCentralCommission(commission_name="Independent Election Commission"))
    for role in ROLES:
        name = demo.person()
        while name in c.members:
            name = demo.person()
        c.members.append(name)
        yield c.step(c.chair, AppointMember(election="CEC", constituency=0, member=name, role=role,
                                            nominated_by="Presidential decree"))
    yield c.step(c.chair, EstablishPosition(unit="LEGAL", code="COUNSEL", position_title="Counsel of the Commission",
                                            grade="grade 2"))
    yield c.step(demo.heads.get("HR", c.chair), HireEmployee(
        number=COUNSEL, full_name=demo.person(), employment_type="permanent", unit="LEGAL", position="COUNSEL",
        order_number="2025/LEG-3", order_date=date(2025, 12, 1), effective=date(2025, 12, 15)),
        "appointed before the register of orders was kept here")
    # Invited to the sessions from June: correspondents and observers accredited for the Commission's own work.
    for code, name, kind in (("SHAMSHAD", "Shamshad TV", "media"), ("1TV", "1TV Kabul", "media"),
                             ("AWEC", "Afghan Women's Educational Center", "domestic observers")):
        yield c.step(c.legal, st.ApplyOrganisation(election=ELECTION, code=code, organisation_name=name, kind=kind,
                                                   applied_on=date(2026, 5, 10)))
        yield c.step(c.media, st.AccreditOrganisation(election=ELECTION, organisation=code,
                                                      decided_on=date(2026, 5, 20)))
        for _ in range(2):
            document = f"T{c.rng.randint(1000000, 9999999)}"
            c.guests.append(document)
            yield c.step(c.legal, st.ApplyIndividual(election=ELECTION, organisation=code, document=document,
                                                     full_name=demo.person(), applied_on=date(2026, 5, 25)))
            yield c.step(c.media, st.AccreditIndividual(election=ELECTION, document=document,
                                                        badge=f"WJ26-S{len(c.guests):04d}", valid_from=date(2026, 6, 1),
                                                        valid_until=date(2026, 11, 30)))


def _session(c: _Commission, held: date, kind: str, index: int) -> Iterator[Any]:
    rng, clerk = c.rng, c.clerk
    number = c.number("SES", 3)
    yield c.step(clerk, s.ConveneSession(kind=kind, held_on=held, place="Conference hall, IEC headquarters",
                                         chair=c.members[0]))
    for member in c.members:
        yield c.step(clerk, s.SendNotice(session=number, member=member, sent_on=held - timedelta(days=3)))
    if held >= date(2026, 6, 1):
        for document in rng.sample(c.guests, 2):
            yield c.step(clerk, s.SendNotice(session=number, election=ELECTION, document=document,
                                             sent_on=held - timedelta(days=3)))
    items: list[tuple[str, str, str]] = []  # kind, title, unit
    if index % 3 == 1 and len(c.acts) < len(NORMATIVE):
        items.append(("normative act", NORMATIVE[len(c.acts)], "LEGAL"))
    for _ in range(rng.randint(1, 3)):
        title = c.demo.pick(DECISIONS).format(province=c.demo.pick(PROVINCES))
        items.append(("decision", f"On {title}", c.demo.pick(UNITS)))
    if kind == "extraordinary":
        items = [("decision", "On the preliminary results" if held > VOTING else "On voting day arrangements",
                  "FIELD-OPS")]
    if index == 9:  # the session adjourned before its last item
        items.append(("decision", "On the report of the Field Operations Directorate", "FIELD-OPS"))
    for n, (item_kind, title, unit) in enumerate(items, start=1):
        yield c.step(clerk, s.AddAgendaItem(session=number, item_title=title, item_kind=item_kind, unit=unit,
                                            drafts=f"draft {number} item {n}.docx; explanatory note.pdf"))
    absent = [m for m in c.members[1:] if rng.random() < 0.1][:3]
    proxy = absent[0] if absent and rng.random() < 0.3 else None
    for member in c.members:
        if member == proxy:
            continue
        reason = c.demo.pick(ABSENCES) if member in absent else ""
        yield c.step(clerk, s.MarkAttendance(session=number, member=member,
                                             status="absent" if member in absent else "present", reason=reason))
    if proxy:
        yield c.step(clerk, s.MarkAttendance(session=number, member=proxy, status="proxy", proxy=c.members[0]))
    yield c.step(clerk, s.OpenSession(session=number, on=held))
    voters = len(c.members) - len(absent) + (1 if proxy else 0)
    adjourn = index == 9
    for n, (item_kind, title, unit) in enumerate(items, start=1):
        if adjourn and n == len(items):
            yield c.step(clerk, s.AdjournSession(session=number, on=held, continues_on=held + timedelta(days=1)),
                         "the rapporteur asked for a day to answer the members' questions")
            yield c.step(clerk, s.ContinueSession(session=number, on=_working_day(held + timedelta(days=1),
                                                                                  c.calendar)))
        full = voters == len(c.members)
        against, abstained = rng.randint(0, 2 if full else 1), rng.randint(0, 1) if full else 0
        if item_kind == "normative act" and index >= 12 and not c.failed:
            against, abstained, c.failed = 3, 1, True  # the two-thirds majority is not reached: the item fails
        votes_for = voters - against - abstained
        yield c.step(clerk, s.Vote(session=number, item=n, votes_for=votes_for, against=against,
                                   abstained=abstained))
        needed = s.needed(s.DEFAULT_MAJORITIES[item_kind], len(c.members))
        if votes_for >= needed:
            yield from _decision(c, number, held, n, item_kind, title, unit)
    closed = _working_day(held + timedelta(days=1), c.calendar) if adjourn else held
    yield c.step(clerk, s.CloseSession(session=number, on=closed))
    minutes_on = _working_day(closed + timedelta(days=2), c.calendar)
    if minutes_on <= LAST_DAY:
        files = [f"{number} video.mp4", f"{number} audio.mp3"]
        yield c.step(clerk, s.RecordMinutes(session=number, on=minutes_on,
                                            recordings="; ".join(f"{f} {_checksum(f)}" for f in files)))


def _decision(c: _Commission, session: str, held: date, item: int, kind: str, title: str, unit: str) -> Iterator[Any]:
    normative = kind == "normative act"
    number = c.number("DEC")
    yield c.step(c.clerk, a.RegisterDecision(session=session, item=item, normative=normative))
    if normative:
        c.acts.append((number, held))
        for medium, days in (("website", 1), ("official gazette", 9)):
            on = held + timedelta(days=days)
            if on <= LAST_DAY:
                yield c.step(c.clerk, a.PublishAct(decision=number, medium=medium, on=on,
                                                   reference=f"Gazette No. {held.month:02d}/{item}"
                                                   if medium == "official gazette" else "iec.org.af"))
        if held + timedelta(days=20) <= LAST_DAY:
            yield c.step(c.clerk, a.SendToStateRegister(decision=number, on=held + timedelta(days=3)))
            registration = f"SR-2026-{len(c.acts):03d}"
            yield c.step(c.clerk, a.RecordStateRegistration(decision=number, registration_number=registration,
                                                            on=held + timedelta(days=17)))
        if len(c.acts) == 4:  # the fourth act amends the first, the fifth repeals the second
            yield c.step(c.clerk, a.AmendAct(act=c.acts[0][0], by=number, effective=held + timedelta(days=10),
                                             summary="articles 4 and 7 restated for the counting of votes"))
        if len(c.acts) == 5:
            yield c.step(c.clerk, a.RepealAct(act=c.acts[1][0], by=number, effective=held + timedelta(days=10)))
        return
    c.decisions.append((number, held, unit))
    assigned = held + timedelta(days=1)
    due = add_working_days(c.calendar, assigned, 10)
    yield c.step(c.chair, a.AssignExecution(record=number, unit=unit, instruction=f"carry out: {title}",
                                            on=assigned, working_days=10))
    reported = due + timedelta(days=c.rng.randint(-8, 4))
    if reported <= LAST_DAY - timedelta(days=10):
        yield c.step(c.clerk, a.ReportExecution(record=number, unit=unit, on=max(reported, assigned),
                                                report="carried out; report filed with the General department"))
    if c.rng.random() < 0.2 and held + timedelta(days=5) <= LAST_DAY:
        yield c.step(c.clerk, a.IssueExtract(decision=number, requester=c.demo.pick(REQUESTERS),
                                             purpose="certified copy requested", issued_on=held + timedelta(days=5),
                                             certified_by=CONFIDENTIAL_HOLDER))


def _orders(c: _Commission) -> Iterator[Any]:
    hr = c.demo.heads.get("HR", c.chair)
    for n, (kind, unit, title) in enumerate(ORDERS):
        drafted = _working_day(date(2026, 1 + n, 10), c.calendar)
        signed = _working_day(drafted + timedelta(days=6), c.calendar)
        draft = c.number("DRF")
        yield c.step(hr, a.DraftOrder(order_kind=kind, order_title=title, unit=unit, drafted_on=drafted))
        yield c.step(hr, a.SubmitOrder(order=draft, on=drafted))
        if n == 2:
            yield c.step(c.legal, a.ReturnOrder(order=draft, lawyer=COUNSEL, on=drafted + timedelta(days=1),
                                                remarks="the per diem must follow the government rates"))
            yield c.step(hr, a.SubmitOrder(order=draft, on=drafted + timedelta(days=3)))
        yield c.step(c.legal, a.VisaOrder(order=draft, lawyer=COUNSEL, opinion="lawful",
                                          on=drafted + timedelta(days=4)))
        yield c.step(c.chair, a.SignOrder(order=draft, on=signed))
        number = c.number("ORD" if kind == "general order" else "DCR")
        if n % 2 == 0:
            assigned = signed + timedelta(days=1)
            yield c.step(c.chair, a.AssignExecution(record=number, unit=unit, instruction="execute the order",
                                                    on=assigned, working_days=15))
            if n < 6:
                yield c.step(c.clerk, a.ReportExecution(record=number, unit=unit, on=assigned + timedelta(days=18),
                                                        report="executed"))
    c.number("DRF")
    yield c.step(hr, a.DraftOrder(order_title="On the closing of the election period", unit="FIELD-OPS",
                                  drafted_on=date(2026, 11, 25)))


def _legal(c: _Commission) -> Iterator[Any]:
    legal = c.legal
    documents = (("FIN", "contract", "Contract for printing ballot papers"), ("EXT-REL", "memorandum",
                 "Memorandum with the Electoral Complaints Commission"), ("LOG", "contract", "Lease of the Herat "
                 "warehouse"), ("TRAIN", "code of conduct", "Code of conduct for polling staff"),
                 ("IT", "contract", "Support contract for the results system"), ("PUB-OUT", "draft act",
                 "Draft instruction on voter education"))
    for n, (unit, kind, document) in enumerate(documents):
        requested = _working_day(date(2026, 2 + n, 3), c.calendar)
        number = c.number("LOP")
        yield c.step(legal, lg.RequestOpinion(unit=unit, subject_kind=kind, document=document, requested_on=requested,
                                              working_days=5))
        yield c.step(legal, lg.AssignLawyer(opinion=number, lawyer=COUNSEL, on=requested))
        if n < 4:
            yield c.step(legal, lg.GiveOpinion(opinion=number, conclusion="lawful" if n % 2 else "lawful with remarks",
                                               text="no objection" if n % 2 else "clauses 3 and 9 to be revised",
                                               on=requested + timedelta(days=4 + n)))
    cases = (("Kabul Primary Court", "2-112/2026", "Candidate A. Rahimi v. IEC", "refusal to register a candidate",
              "defendant", date(2026, 7, 6), (date(2026, 7, 27), date(2026, 8, 24))),
             ("Herat Appeal Court", "3-45/2026", "IEC v. Printing house Aria", "late delivery of ballot papers",
              "plaintiff", date(2026, 8, 6), (date(2026, 8, 27), date(2026, 11, 5))))
    for n, (court, theirs, parties, subject, standing, opened, hearings) in enumerate(cases, start=1):
        case = c.number("CASE", 3)
        yield c.step(legal, lg.RegisterCase(court=court, case_number=theirs, parties=parties, subject=subject,
                                            standing=standing, opened_on=opened))
        yield c.step(legal, lg.AppointRepresentative(case=case, employee=COUNSEL, power_of_attorney=f"POA-2026/{n}",
                                                     valid_until=date(2026, 12, 31), on=opened))
        for hearing in hearings:
            yield c.step(legal, lg.ScheduleHearing(case=case, on=hearing))
            yield c.step(legal, lg.RecordHearing(case=case, on=hearing, outcome="parties heard; adjourned for "
                                                 "evidence" if hearing == hearings[0] else "judgment reserved"))
        if n == 1:
            yield c.step(legal, lg.RecordJudgment(case=case, on=date(2026, 9, 2), outcome="lost", appeal_days=30,
                                                  summary="the registration is to be reconsidered"))
            yield c.step(legal, lg.FileAppeal(case=case, on=date(2026, 9, 20)),
                         "the Commission appeals to the Supreme Court")
        yield c.step(legal, lg.ScheduleHearing(case=case, on=date(2026, 12, 8 + n)))


def history(demo: Any) -> Iterator[Any]:
    c = _Commission(demo)
    yield from _setup(c)
    yield from _orders(c)
    for index, (held, kind) in enumerate(_dates(c.calendar)):
        yield from _session(c, held, kind, index)
    yield from _legal(c)

