"""The demo history: a deterministic, realistic past for a fresh store, recorded through the real commands.

This module owns `secretariat demo` and the UI's "load a demo" choice: the generator of the history
(`DemoHistory`, pure: a seed in, a stream of steps out) and the loader (`load_demo`) that runs those
steps in batches through `Secretariat.handle_many`, so every domain rule holds and every event carries
an honest envelope.

The structure is the Afghan IEC secretariat of the seed documents: the Office of the Chief Electoral
Officer, its three deputies, the 13 HQ directorates under them (Legal under the office), a few sectors
named after the Azerbaijani CEC's sectors, and the 34 provincial offices with their four permanent
positions. The history then schedules elections, establishes a constituency commission per province
and precinct commissions under it, appoints, removes and replaces members, dissolves a few precincts,
and manages users. Past the base history (a few thousand events) it grows, as an archive import would:
more precinct commissions election by election, member changes, renames and staff-table positions.

Same seed and size, same events: everything but recorded-at times and correlation ids is derived from
the seed (record ids come from codes).
"""

from __future__ import annotations

import gc
import importlib
import importlib.util
import random
from collections.abc import Callable, Iterator, Sequence
from contextlib import nullcontext
from datetime import date, timedelta
from typing import Any, NamedTuple, TypeVar

from domain.access import AddUser, DeactivateUser, GrantRole, RevokeRole, SetClearance
from domain.commands import Command
from domain.contexts import modules as context_modules
from domain.errors import Refused
from domain.organisation import (
    AbolishPosition,
    AppointMember,
    DissolveCommission,
    EstablishCommission,
    EstablishPosition,
    EstablishUnit,
    RemoveMember,
    RenameUnit,
    ScheduleElection,
)

# Each module's `history(demo: DemoHistory) -> Iterator[Step]` continues the base history with its registers'
# own work (it may read and extend the DemoHistory's state: rng, admin, heads, clerks, elections ...).


def demo_parts() -> tuple[str, ...]:
    """The contexts' demo modules (`domain.demo.<ctx>`), in the contexts' order. A context whose history is
    written by a sibling's part (letters and appeals by the registry office's year in `correspondence`, the
    assets of the staff in `personnel`) has no module of its own; `tests/tui/test_demo.py` checks that the demo
    writes events of every context."""
    return tuple(m for m in context_modules("demo") if importlib.util.find_spec(m) is not None)


DEFAULT_EVENTS = 5_000
DEFAULT_SEED = 1
BATCH_SIZE = 20_000  # commands per transaction

# ---- the structure (from the seeds) ----------------------------------------------------------------

OFFICE = ("SEC", "Office of the Chief Electoral Officer")
DEPUTIES = (
    ("DEP-SC", "Strategic Communication Deputy Office"),
    ("DEP-OPS", "Operational Deputy Office"),
    ("DEP-FA", "Financial and Administrative Deputy Office"),
)


class Staff(NamedTuple):
    code: str
    title: str
    grade: str
    posts: int = 1  # how many such posts


class Directorate(NamedTuple):
    code: str
    name: str
    parent: str
    staff: tuple[Staff, ...]


def _directorate(code: str, name: str, parent: str, *specialists: Staff) -> Directorate:
    head = (Staff("DIR", f"Director, {name}", "grade 1"), Staff("DEP-DIR", "Deputy Director", "grade 2"))
    return Directorate(code, name, parent, head + specialists + (Staff("ASST", "Administrative Assistant",
                                                                        "grade 5"),))


DIRECTORATES = (
    _directorate("PUB-OUT", "Public Outreach Directorate", "DEP-SC",
                 Staff("CIVIC-ED", "Civic Education Officer", "grade 3", 3),
                 Staff("MATERIALS", "Outreach Materials Officer", "grade 4"),
                 Staff("EDU-CENTRE", "Election Education Centre Coordinator", "grade 3")),
    _directorate("EXT-REL", "External Relations Directorate", "DEP-SC",
                 Staff("OBSERVERS", "Observer Liaison Officer", "grade 3", 2),
                 Staff("PROTOCOL", "Protocol Officer", "grade 4"),
                 Staff("STAKEHOLDER", "Stakeholder Engagement Officer", "grade 3")),
    _directorate("MEDIA", "Information and Media Relations Directorate", "DEP-SC",
                 Staff("SPOKESPERSON", "Spokesperson", "grade 2"),
                 Staff("MONITORING", "Media Monitoring Officer", "grade 4", 2),
                 Staff("SOCIAL", "Social Media Officer", "grade 4")),
    _directorate("PLAN", "Planning and Policy Directorate", "DEP-OPS",
                 Staff("PLANNER", "Electoral Planning Officer", "grade 3", 2),
                 Staff("POLICY", "Policy Analyst", "grade 3"),
                 Staff("REPORTING", "Reporting Officer", "grade 4")),
    _directorate("IT", "Information Technology Directorate", "DEP-OPS",
                 Staff("DBA", "Database Administrator", "grade 3"),
                 Staff("NETWORK", "Network Administrator", "grade 3"),
                 Staff("DEVELOPER", "Systems Developer", "grade 3", 2),
                 Staff("TALLY", "National Tally Centre Supervisor", "grade 3")),
    _directorate("FIELD-OPS", "Field Operations Directorate", "DEP-OPS",
                 Staff("LIAISON", "Provincial Liaison Officer", "grade 3", 4),
                 Staff("OPERATIONS", "Operations Officer", "grade 4", 2)),
    _directorate("TRAIN", "Training and Capacity Building Directorate", "DEP-OPS",
                 Staff("TRAINER", "Training Officer", "grade 3", 3),
                 Staff("CURRICULUM", "Curriculum Developer", "grade 3"),
                 Staff("LIBRARIAN", "Librarian", "grade 5")),
    _directorate("FIN", "Finance and Budget Directorate", "DEP-FA",
                 Staff("CHIEF-ACC", "Chief Accountant", "grade 2"),
                 Staff("BUDGET", "Budget Officer", "grade 3", 2),
                 Staff("PAYROLL", "Payroll Officer", "grade 4"),
                 Staff("DONOR", "Donor Projects Officer", "grade 3")),
    _directorate("HR", "Human Resources Directorate", "DEP-FA",
                 Staff("RECRUIT", "Recruitment Officer", "grade 3", 2),
                 Staff("RECORDS", "Personnel Records Officer", "grade 4")),
    _directorate("GENDER", "Gender Directorate", "DEP-FA",
                 Staff("MAINSTREAM", "Gender Mainstreaming Officer", "grade 3", 2)),
    _directorate("LOG", "Logistics Directorate", "DEP-FA",
                 Staff("WAREHOUSE", "Warehouse Manager", "grade 3"),
                 Staff("FLEET", "Fleet Officer", "grade 4"),
                 Staff("ASSETS", "Asset Officer", "grade 4", 2)),
    _directorate("PROC", "Procurement Directorate", "DEP-FA",
                 Staff("PROCUREMENT", "Procurement Officer", "grade 3", 2),
                 Staff("CONTRACTS", "Contracts Officer", "grade 3")),
    _directorate("LEGAL", "Legal Directorate", "SEC",
                 Staff("ADVISER", "Legal Adviser", "grade 3", 3),
                 Staff("ACCREDIT", "Accreditation Officer", "grade 4", 2)),
)

# Sectors as the CEC seed names them, placed under the IEC directorate doing that work.
SECTORS = (
    ("IT-AIS", "Sector of Automation of Information Systems", "IT"),
    ("IT-NET", "Sector of Control and Coordination of Informational Network", "IT"),
    ("IT-TSS", "Sector of Technical and System Support", "IT"),
    ("HR-OW", "Sector of Office Works", "HR"),
    ("HR-HRS", "Sector of Human Resources", "HR"),
    ("TRAIN-TS", "Training Sector", "TRAIN"),
    ("EXT-PP", "Sector of Work with Political Parties in Elections", "EXT-REL"),
    ("EXT-PFR", "Sector of Financial Reports of Political Parties", "EXT-REL"),
    ("MEDIA-ED", "Editorial and Publication Sector", "MEDIA"),
)
SECTOR_STAFF = (Staff("HEAD", "Head of Sector", "grade 2"), Staff("CHIEF-SPEC", "Chief Specialist", "grade 3"),
                Staff("SPEC", "Leading Specialist", "grade 4", 2))
OFFICE_STAFF_TABLE = (Staff("CEO", "Chief Electoral Officer", "grade 1"),
                      Staff("CHIEF-STAFF", "Chief of Staff", "grade 2"),
                      Staff("EXEC-ASST", "Executive Assistant", "grade 4"))
DEPUTY_STAFF_TABLE = (Staff("DEPUTY", "Deputy Chief Electoral Officer", "grade 1"),
                      Staff("ASST", "Executive Assistant", "grade 4"))
# The four permanent positions of every provincial office.
PROVINCIAL_STAFF = (Staff("PD", "Provincial Director", "grade 2"),
                    Staff("PO", "Public Outreach Officer", "grade 4"),
                    Staff("ITO", "Information Technology Officer", "grade 4"),
                    Staff("FAO", "Finance and Administration Officer", "grade 4"))


class Province(NamedTuple):
    number: int  # the IEC's province number, used as the constituency number
    name: str
    code: str
    capital: str
    weight: int  # relative size of the electorate: how many precincts it gets

    @property
    def unit(self) -> str:
        return f"PO-{self.code}"


PROVINCES = tuple(Province(n, *row) for n, row in enumerate((
    ("Kabul", "KAB", "Kabul", 20), ("Kapisa", "KAP", "Mahmud-i-Raqi", 2), ("Parwan", "PAR", "Charikar", 3),
    ("Wardak", "WAR", "Maidan Shahr", 3), ("Logar", "LOG", "Pul-i-Alam", 2), ("Nangarhar", "NAN", "Jalalabad", 8),
    ("Laghman", "LAG", "Mehtarlam", 2), ("Panjshir", "PAN", "Bazarak", 1), ("Baghlan", "BGL", "Puli Khumri", 4),
    ("Bamyan", "BAM", "Bamyan", 2), ("Ghazni", "GHA", "Ghazni", 6), ("Paktika", "PKA", "Sharana", 2),
    ("Paktia", "PIA", "Gardez", 3), ("Khost", "KHO", "Khost", 3), ("Kunar", "KNR", "Asadabad", 2),
    ("Nuristan", "NUR", "Parun", 1), ("Badakhshan", "BDS", "Fayzabad", 4), ("Takhar", "TAK", "Taloqan", 4),
    ("Kunduz", "KDZ", "Kunduz", 4), ("Samangan", "SAM", "Aybak", 2), ("Balkh", "BAL", "Mazar-i-Sharif", 7),
    ("Sar-e Pol", "SAR", "Sar-e Pol", 2), ("Ghor", "GHO", "Chaghcharan", 3), ("Daykundi", "DAY", "Nili", 2),
    ("Uruzgan", "URU", "Tarinkot", 1), ("Zabul", "ZAB", "Qalat", 1), ("Kandahar", "KAN", "Kandahar", 5),
    ("Jowzjan", "JOW", "Sheberghan", 2), ("Faryab", "FYB", "Maymana", 4), ("Helmand", "HEL", "Lashkar Gah", 3),
    ("Badghis", "BDG", "Qala-i-Naw", 2), ("Herat", "HER", "Herat", 9), ("Farah", "FRA", "Farah", 2),
    ("Nimroz", "NIM", "Zaranj", 1),
), start=1))
TOTAL_WEIGHT = sum(p.weight for p in PROVINCES)


class ElectionSpec(NamedTuple):
    code: str
    name: str
    kind: str
    voting_day: date


# The demo's timeline is one election cycle: the 2026 parliamentary election (voting day Saturday 17 October)
# prepared through the year (budget, allocations, accreditation, staff, letters and appeals) and followed by
# its count, complaints and spending reports until the end of November 2026, the demo's "today".
CURRENT_ELECTION = ElectionSpec("WJ-2026", "Wolesi Jirga Elections 2026", "parliamentary", date(2026, 10, 17))
BASE_ELECTIONS = (
    CURRENT_ELECTION,
    ElectionSpec("PC-2014", "Provincial Council Elections 2014", "provincial", date(2014, 4, 5)),
)
# Entered from the archive as the history grows, one election at a time.
ARCHIVE_ELECTIONS = (
    ElectionSpec("WJ-2018", "Wolesi Jirga Elections 2018", "parliamentary", date(2018, 10, 20)),
    ElectionSpec("PR-2019", "Presidential Election 2019", "presidential", date(2019, 9, 28)),
    ElectionSpec("PR-2014", "Presidential Election 2014", "presidential", date(2014, 4, 5)),
    ElectionSpec("WJ-2010", "Wolesi Jirga Elections 2010", "parliamentary", date(2010, 9, 18)),
    ElectionSpec("PR-2009", "Presidential Election 2009", "presidential", date(2009, 8, 20)),
    ElectionSpec("PC-2009", "Provincial Council Elections 2009", "provincial", date(2009, 8, 20)),
    ElectionSpec("WJ-2005", "Wolesi Jirga Elections 2005", "parliamentary", date(2005, 9, 18)),
    ElectionSpec("PC-2005", "Provincial Council Elections 2005", "provincial", date(2005, 9, 18)),
    ElectionSpec("PR-2004", "Presidential Election 2004", "presidential", date(2004, 10, 9)),
)
CHUNK = 1_200  # precincts entered by one clerk in one batch during growth
PRECINCTS_PER_ELECTION = 5_000  # about the number of polling centres; doubled each time the archive is done

RENAMES = (
    ("PUB-OUT", "Information and Public Outreach Directorate", "name aligned with the approved organogram"),
    ("PO-URU", "Oruzgan Provincial Office", "spelling standardised to the national gazetteer"),
    ("EXT-REL", "External Relations and Stakeholder Engagement Directorate",
     "stakeholder engagement unit merged into the directorate"),
    ("IT", "Information and Communication Technology Directorate", "name aligned with the approved organogram"),
    ("PO-DAY", "Daikundi Provincial Office", "spelling standardised to the national gazetteer"),
    ("GENDER", "Gender and Social Inclusion Directorate", "mandate widened by decision of the Commission"),
    ("IT-TSS", "Technical Support Sector", "sector names shortened by order of the Chief Electoral Officer"),
    ("PO-SAR", "Sar-i-Pul Provincial Office", "spelling standardised to the national gazetteer"),
    ("TRAIN", "Electoral Training and Capacity Building Directorate", "name aligned with the approved organogram"),
    ("PO-JOW", "Jawzjan Provincial Office", "spelling standardised to the national gazetteer"),
    ("PO-NIM", "Nimruz Provincial Office", "spelling standardised to the national gazetteer"),
    ("HR-OW", "Sector of Office Works and Archives", "archive duties added to the sector"),
    ("PO-PIA", "Paktya Provincial Office", "spelling standardised to the national gazetteer"),
)
# Staff-table growth: which directorate, what post.
EXTRA_POSTS = (
    ("FIELD-OPS", "ELECTORAL-OFF", "Electoral Operations Officer", "grade 4"),
    ("PUB-OUT", "OUTREACH-OFF", "Public Outreach Officer", "grade 4"),
    ("TRAIN", "TRAINER-X", "Training Officer", "grade 4"),
    ("IT", "DATA-ENTRY", "Data Entry Supervisor", "grade 5"),
    ("LOG", "STOREKEEPER", "Storekeeper", "grade 5"),
    ("FIN", "ACCOUNTANT", "Accountant", "grade 4"),
    ("LEGAL", "COMPLAINTS", "Complaints Officer", "grade 4"),
    ("GENDER", "GENDER-OFF", "Gender Officer", "grade 4"),
)

# ---- people ---------------------------------------------------------------------------------------

MEN = ("Ahmad", "Mohammad", "Abdul Rahman", "Abdullah", "Hamid", "Karim", "Rahim", "Farid", "Wahid", "Zalmai",
       "Nasir", "Yousuf", "Sayed", "Jawad", "Naqibullah", "Habibullah", "Rahmatullah", "Sultan", "Qasim",
       "Mirwais", "Omid", "Shafiq", "Najib", "Aziz", "Ghulam Sakhi", "Haroon", "Jamshid", "Khalid", "Masoud",
       "Nabil", "Rashid", "Samiullah", "Tariq", "Zabihullah", "Bashir", "Daud", "Ehsan", "Fawad", "Hekmat",
       "Abdul Qadir")
WOMEN = ("Fatima", "Zahra", "Nasrin", "Habiba", "Mariam", "Shabnam", "Nazanin", "Latifa", "Homa", "Parwana",
         "Fawzia", "Malalai", "Rahima", "Sediqa", "Jamila", "Zarghona", "Roya", "Shukria", "Farzana", "Nilofar",
         "Soraya", "Mursal", "Freshta", "Hasina", "Lina", "Mahbooba", "Nargis", "Palwasha", "Sima", "Tahmina")
FAMILIES = ("Ahmadzai", "Popal", "Sultani", "Karimi", "Rahimi", "Hakimi", "Noori", "Amiri", "Wardak", "Kakar",
            "Safi", "Mohammadi", "Hashimi", "Sadat", "Stanekzai", "Barakzai", "Durrani", "Yousufzai", "Nazari",
            "Rasuli", "Faizi", "Rezaei", "Hussaini", "Jalali", "Qaderi", "Haidari", "Azizi", "Habibi", "Samadi",
            "Sharifi", "Tokhi", "Momand", "Shinwari", "Niazi", "Alokozai", "Mangal", "Zadran", "Naseri", "Qasimi",
            "Sarwari", "Ibrahimi", "Akbari", "Mansoori", "Paiman", "Rahmani", "Sahak", "Taraki", "Jawhari", "Ludin")
NOMINATORS = ("IEC provincial office", "IEC provincial office", "IEC provincial office", "IEC Secretariat",
              "Provincial Council", "Civil society organisations", "Ulema council", "Department of Women's Affairs")
VENUES = ("Boys' High School", "Girls' High School", "Primary School", "Jami Mosque", "Health Centre",
          "District Centre", "Community Hall", "Madrasa", "Teacher Training College", "Village Council House")
REMOVAL_REASONS = (
    "resigned for personal reasons", "moved out of the province", "health reasons",
    "conflict of interest: a close relative is a candidate", "absent from three consecutive sessions",
    "failed the post-training assessment", "the nominating body withdrew the nomination",
    "appointed to a government post",
)
DISSOLUTION_REASONS = (
    "polling centre closed for security reasons",
    "merged with a neighbouring precinct after the voter list review",
    "no voters registered at the polling centre",
    "polling centre building unavailable after flood damage",
)
ABOLITION_REASONS = ("restructuring approved by the Commission", "post frozen under the budget ceiling",
                     "duties merged into another post")


class Step(NamedTuple):
    """One command of the history, by whom, and why; `more` when the next step completes the same piece of
    work (a commission and its members, a removal and its replacement), which no batch boundary splits."""

    user: str
    command: Command
    reason: str = ""
    more: bool = False


Precinct = tuple[str, int, int]  # election code, constituency, precinct
T = TypeVar("T")


class DemoHistory:
    """The history as a stream of steps. `base()` is finite (a few thousand events); `growth()` never ends:
    the loader stops taking from it once the store is big enough. Both only depend on the seed."""

    def __init__(self, seed: int, admin: str) -> None:
        self.rng = random.Random(seed)
        self.admin = admin
        self.logins: set[str] = {admin}
        self.heads: dict[str, str] = {}  # unit code -> login of its head
        self.clerks: dict[str, str] = {}  # unit code -> login of its (latest) clerk
        self.field_clerks: list[str] = []  # Field Operations clerks: they enter the archive
        self.members: dict[Precinct, dict[str, str]] = {}  # commission -> member -> role
        self.precinct_count: dict[tuple[str, int], int] = {}  # (election, constituency) -> precincts so far
        self.open_precincts: list[Precinct] = []  # precinct commissions, for picking member changes
        self.dissolved: set[Precinct] = set()
        self.elections: list[ElectionSpec] = []
        self.renames = list(RENAMES)
        self.extra_posts: list[tuple[str, str]] = []  # established growth posts not yet abolished
        self.post_numbers: dict[str, int] = {}
        self.registered: dict[tuple[str, int], int] = {}  # (series, year) -> numbers the domain has issued

    def number(self, series: str, year: int, width: int = 4) -> str:
        """The number the domain will give the next record of a series and year (the demo's parts share the
        count, so a part that numbers in a series after another one knows where it stands)."""
        n = self.registered[(series, year)] = self.registered.get((series, year), 0) + 1
        return f"{series}-{year}-{n:0{width}d}"

    # ---- base ----------------------------------------------------------------------------------

    def base(self) -> Iterator[Step]:
        """The secretariat of the seeds, two elections with their commissions, its users, and a few changes
        of every kind (removals, dissolutions, role changes, a deactivation, renames)."""
        yield from self.structure()
        for spec in BASE_ELECTIONS:
            yield from self.schedule(spec)
        yield from self.users()
        field = self.field_clerks[0]
        for spec in BASE_ELECTIONS:
            yield from self.constituency_commissions(field, spec)
        for province in PROVINCES:
            clerk = self.clerks[province.unit]
            for spec in BASE_ELECTIONS:
                for _ in range(2 + province.weight // 3):
                    yield from self.precinct_commission(clerk, spec, province)
            for _ in range(1 + province.weight // 6):
                yield from self.member_change(clerk, self.pick_precinct(province))
        for spec in BASE_ELECTIONS:
            for constituency in self.rng.sample(PROVINCES, 2):
                yield from self.member_change(field, (spec.code, constituency.number, 0))
        yield from self.dissolutions(BASE_ELECTIONS[0], self.rng.sample(PROVINCES, 3))
        yield from self.role_changes()
        for code, name, reason in self.take_renames(2):
            yield Step(self.admin, RenameUnit(code=code, unit_name=name), reason)
        for module in demo_parts():  # the contexts' own histories, in the contexts' order
            yield from importlib.import_module(module).history(self)

    def structure(self) -> Iterator[Step]:
        a = self.admin
        yield Step(a, EstablishUnit(code=OFFICE[0], unit_name=OFFICE[1], kind="office"))
        yield from self.positions(OFFICE[0], OFFICE_STAFF_TABLE)
        for code, name in DEPUTIES:
            yield Step(a, EstablishUnit(code=code, unit_name=name, kind="deputy", parent=OFFICE[0]))
            yield from self.positions(code, DEPUTY_STAFF_TABLE)
        for d in DIRECTORATES:
            yield Step(a, EstablishUnit(code=d.code, unit_name=d.name, kind="department", parent=d.parent))
            yield from self.positions(d.code, d.staff)
        for code, name, parent in SECTORS:
            yield Step(a, EstablishUnit(code=code, unit_name=name, kind="sector", parent=parent))
            yield from self.positions(code, SECTOR_STAFF)
        for p in PROVINCES:
            # Provincial offices answer to the Operational deputy, through Field Operations.
            yield Step(a, EstablishUnit(code=p.unit, unit_name=f"{p.name} Provincial Office", kind="provincial",
                                        parent="DEP-OPS"))
            yield from self.positions(p.unit, PROVINCIAL_STAFF)

    def positions(self, unit: str, staff: tuple[Staff, ...]) -> Iterator[Step]:
        for s in staff:
            for n in range(1, s.posts + 1):
                code = s.code if s.posts == 1 else f"{s.code}-{n}"
                yield Step(self.admin, EstablishPosition(unit=unit, code=code, position_title=s.title,
                                                         grade=s.grade))

    def users(self) -> Iterator[Step]:
        for d in DIRECTORATES:
            yield self.add_user("head", d.code)
        for _ in range(3):
            yield self.add_user("clerk", "FIELD-OPS")
        for unit in ("HR", "HR-OW", "LEGAL", "FIN", "LOG"):
            yield self.add_user("clerk", unit)
        for p in PROVINCES:
            yield self.add_user("head", p.unit)  # the provincial director
            yield self.add_user("clerk", p.unit)
        yield self.add_user("auditor", "SEC")

    def role_changes(self) -> Iterator[Step]:
        a, heads = self.admin, self.heads
        acting = self.clerks["PO-KDZ"]
        yield Step(a, GrantRole(user=acting, role="head"), "acting provincial director while the director is on leave")
        yield Step(a, GrantRole(user=heads["IT"], role="administrator"), "second administrator for the IT directorate")
        yield Step(a, SetClearance(user=heads["LEGAL"], clearance="confidential"), "handles confidential appeals")
        yield Step(a, SetClearance(user=heads["HR"], clearance="confidential"), "handles personnel files")
        yield Step(a, SetClearance(user=heads["FIN"], clearance="confidential"), "handles donor agreements")
        yield Step(a, RevokeRole(user=acting, role="head"), "acting appointment ended; the director returned")
        yield Step(a, SetClearance(user=heads["FIN"], clearance="none"), "no longer handles donor agreements")
        yield Step(a, DeactivateUser(user=self.clerks["HR"]), "fixed-term contract ended")

    # ---- growth --------------------------------------------------------------------------------

    def growth(self) -> Iterator[Step]:
        """Archive import: election after election, province after province, in chunks of precincts (so a
        batch touches few constituency commissions); when every election is full, capacities double."""
        level, chunks = 0, 0
        while True:
            for spec in (*BASE_ELECTIONS, *ARCHIVE_ELECTIONS):
                if spec not in self.elections:
                    yield from self.schedule(spec)
                    yield from self.constituency_commissions(self.field_clerks[chunks % 3], spec)
                missing = [p for p in PROVINCES
                           for _ in range(self.capacity(p, level) - self.precinct_count[(spec.code, p.number)])]
                for start in range(0, len(missing), CHUNK):
                    yield from self.growth_chunk(spec, missing[start:start + CHUNK], chunks)
                    chunks += 1
            level += 1

    def growth_chunk(self, spec: ElectionSpec, provinces: list[Province], chunks: int) -> Iterator[Step]:
        clerk = self.field_clerks[chunks % len(self.field_clerks)]
        for p in provinces:
            yield from self.precinct_commission(clerk, spec, p)
        for _ in range(len(provinces) // 10):
            yield from self.member_change(clerk, self.pick(self.open_precincts))
        yield from self.dissolutions(spec, [self.pick(provinces)])
        yield from self.staff_table_changes(2 * chunks)
        yield from self.staff_table_changes(2 * chunks + 1)
        for code, name, reason in self.take_renames(1 if chunks % 3 == 0 else 0):
            yield Step(self.admin, RenameUnit(code=code, unit_name=name), reason)
        if chunks % 5 == 4:
            yield from self.turnover()

    def capacity(self, p: Province, level: int) -> int:
        return max(2, round(PRECINCTS_PER_ELECTION * p.weight / TOTAL_WEIGHT)) * 2 ** level

    def staff_table_changes(self, rounds: int) -> Iterator[Step]:
        unit, code, title, grade = self.pick(EXTRA_POSTS)
        number = self.post_numbers.get(code, 0) + 1
        self.post_numbers[code] = number
        post = f"{code}-{number}"
        self.extra_posts.append((unit, post))
        yield Step(self.admin, EstablishPosition(unit=unit, code=post, position_title=title, grade=grade))
        if rounds % 4 == 3 and len(self.extra_posts) > 1:
            unit, post = self.extra_posts.pop(self.rng.randrange(len(self.extra_posts) - 1))
            effective = date(2019, 1, 1) + timedelta(days=self.rng.randrange(1500))
            yield Step(self.admin, AbolishPosition(unit=unit, code=post, effective=effective),
                       self.pick(ABOLITION_REASONS))

    def turnover(self) -> Iterator[Step]:
        """A provincial clerk leaves and a new one is added for the same office."""
        p = self.pick(PROVINCES)
        yield Step(self.admin, DeactivateUser(user=self.clerks[p.unit]),
                   self.pick(("resigned", "transferred to another ministry", "fixed-term contract ended")))
        yield self.add_user("clerk", p.unit)

    # ---- elections and commissions ---------------------------------------------------------------

    def schedule(self, spec: ElectionSpec) -> Iterator[Step]:
        self.elections.append(spec)
        for p in PROVINCES:
            self.precinct_count[(spec.code, p.number)] = 0
        yield Step(self.admin, ScheduleElection(code=spec.code, election_name=spec.name, kind=spec.kind,
                                                voting_day=spec.voting_day))

    def constituency_commissions(self, clerk: str, spec: ElectionSpec) -> Iterator[Step]:
        for p in PROVINCES:
            yield Step(clerk, EstablishCommission(election=spec.code, constituency=p.number,
                                                  commission_name=f"{p.name} Constituency Election Commission"),
                       more=True)
            yield from self.appoint_all(clerk, (spec.code, p.number, 0), ("chair", "deputy chair", "secretary",
                                                                          "member", "member"))

    def precinct_commission(self, clerk: str, spec: ElectionSpec, p: Province) -> Iterator[Step]:
        key = (spec.code, p.number)
        number = self.precinct_count[key] + 1
        self.precinct_count[key] = number
        venue = self.pick(VENUES)
        yield Step(clerk, EstablishCommission(election=spec.code, constituency=p.number, precinct=number,
                                              commission_name=f"Precinct Commission {number} ({venue}, "
                                                              f"{p.capital}, {p.name})"), more=True)
        roles = ["chair", "secretary", "member", "member", "member"]
        if self.rng.random() < 0.3:
            roles.insert(1, "deputy chair")
        precinct = (spec.code, p.number, number)
        self.open_precincts.append(precinct)
        yield from self.appoint_all(clerk, precinct, roles)

    def appoint_all(self, clerk: str, commission: Precinct, roles: list[str] | tuple[str, ...]) -> Iterator[Step]:
        self.members[commission] = {}
        for n, role in enumerate(roles, start=1):
            yield self.appoint(clerk, commission, role, more=n < len(roles))

    def appoint(self, clerk: str, commission: Precinct, role: str, more: bool = False) -> Step:
        members = self.members[commission]
        name = self.person()
        while name in members:
            name = self.person()
        members[name] = role
        election, constituency, precinct = commission
        return Step(clerk, AppointMember(election=election, constituency=constituency,
                                         precinct=precinct or None, member=name, role=role,
                                         nominated_by=self.pick(NOMINATORS)), more=more)

    def member_change(self, clerk: str, commission: Precinct) -> Iterator[Step]:
        """A member leaves, with a reason, and someone else takes the same role."""
        members = self.members[commission]
        leaving = self.pick(sorted(members))
        role = members.pop(leaving)
        election, constituency, precinct = commission
        yield Step(clerk, RemoveMember(election=election, constituency=constituency, precinct=precinct or None,
                                       member=leaving), self.pick(REMOVAL_REASONS), more=True)
        yield self.appoint(clerk, commission, role)

    def pick_precinct(self, p: Province) -> Precinct:
        return self.pick([c for c in self.open_precincts if c[1] == p.number])

    def dissolutions(self, spec: ElectionSpec, provinces: list[Province]) -> Iterator[Step]:
        for p in provinces:
            candidates = [n for n in range(1, self.precinct_count[(spec.code, p.number)] + 1)
                          if (spec.code, p.number, n) not in self.dissolved]
            for number in self.rng.sample(candidates, min(len(candidates) - 1, self.rng.randint(1, 2))):
                precinct = (spec.code, p.number, number)
                self.dissolved.add(precinct)
                self.open_precincts.remove(precinct)
                effective = spec.voting_day - timedelta(days=self.rng.randint(5, 40))
                yield Step(self.admin, DissolveCommission(election=spec.code, constituency=p.number,
                                                          precinct=number, effective=effective),
                           self.pick(DISSOLUTION_REASONS))

    def pick(self, items: Sequence[T]) -> T:
        """A random item (`random.choice` costs about twice as much, and this runs for every member)."""
        return items[int(self.rng.random() * len(items))]

    # ---- people ----------------------------------------------------------------------------------

    def person(self) -> str:
        given = self.pick(WOMEN if self.rng.random() < 0.3 else MEN)
        return f"{given} {self.pick(FAMILIES)}"

    def add_user(self, role: str, office: str) -> Step:
        """A new person with a login made of their initial and family name (a.karimi, a.karimi2, ...)."""
        full_name = self.person()
        given, family = full_name.rsplit(" ", 1)
        base = f"{given[0]}.{family}".lower()
        login, n = base, 1
        while login in self.logins:
            n += 1
            login = f"{base}{n}"
        self.logins.add(login)
        if role == "head":
            self.heads[office] = login
        elif role == "clerk":
            self.clerks[office] = login
            if office == "FIELD-OPS":
                self.field_clerks.append(login)
        return Step(self.admin, AddUser(user=login, role=role, office=office, full_name=full_name))

    def take_renames(self, count: int) -> list[tuple[str, str, str]]:
        taken, self.renames = self.renames[:count], self.renames[count:]
        return taken


# ---- loading ---------------------------------------------------------------------------------------


def check_can_load(app: Any, user: str) -> None:
    """Refuse, before anything is written, unless the store is fresh and the user an administrator."""
    actor = app.actor(user)
    if "administrator" not in actor.roles:
        raise Refused("only administrators load the demo; {actor_name} is {actor_roles}", actor_name=actor.name,
                      actor_roles=', '.join(actor.roles))
    if not app.only_initialised():
        raise Refused("the demo needs a fresh store; this one already has {head} events (a demo load that was "
                      "stopped part-way leaves a consistent store that cannot be finished: to continue, load the "
                      "demo into a new store, e.g. 'secretariat --store demo2.db init' then 'secretariat --store "
                      "demo2.db demo')", head=app.head())


def write_history(app: Any, user: str, *, events: int = DEFAULT_EVENTS, seed: int = DEFAULT_SEED,
                  progress: Callable[[int, int], None] | None = None, batch_size: int = BATCH_SIZE) -> int:
    """Write the demo history into a fresh store as `user` (an administrator) until the store holds at least
    `events` events; the registers are brought up by the caller (`projections.bulk.load_demo`). Returns the
    number of events written.

    `app` is the Secretariat application (not the Textual app). `progress(done, total)` is called after
    each batch with the events written so far and the expected total (which grows when the base history
    alone is larger than `events`). Refused, with nothing written, on a store that holds more than its
    first administrator's init events, or for a user who is not an administrator.
    """
    check_can_load(app, user)
    name = app.actor(user).name
    start = app.head()
    history = DemoHistory(seed, name)
    written = 0

    def run(batch: list[Step], number: int) -> None:
        nonlocal written
        # One batch holds the turns of many users (each command acts as its own step's user): the
        # administrator loading the demo owns the batch, and a batch ends on size alone.
        result = app.handle_many([(s.command, s.reason, s.user) for s in batch], user=name,
                                 command_id_prefix=f"demo-{seed}-{number:06d}")
        written += result.events
        if progress:
            progress(written, max(events - start, written))

    def room() -> int:
        # Commands for the next batch: a command records about 1.2 events, so aim a little short of the
        # target and let the last batches close in on it.
        return max(1, min(batch_size, (events - start - written) * 5 // 6))

    number = 0
    bulk = getattr(app.recorder, "bulk_checkpoints", nullcontext)  # SQLite: checkpoints off the commit path
    collecting = gc.isenabled()
    # The load keeps hundreds of thousands of objects alive for a while and makes no cycles worth
    # collecting; the collector's passes over them cost about a tenth of the load.
    gc.disable()
    try:
        with bulk():
            for batch in batches(history.base(), lambda: batch_size):
                number += 1
                run(batch, number)
            growth = batches(history.growth(), room)
            while start + written < events:
                number += 1
                run(next(growth), number)
    finally:
        if collecting:
            gc.enable()
    return written


def batches(steps: Iterator[Step], size: Callable[[], int]) -> Iterator[list[Step]]:
    """Consecutive steps, at most `size()` of them at a time (more to finish a piece of work)."""
    batch: list[Step] = []
    limit = size()
    for step in steps:
        if batch and not batch[-1].more and len(batch) >= limit:
            yield batch
            batch, limit = [], size()
        batch.append(step)
    if batch:
        yield batch
