"""The dashboard's figures (issue 25): tiles with key counts and their change since last week, and the series
and bars of its charts, read from the registers (never the event table) in SQL both stores understand.

Each figure is the one the report computing the same thing gives (overdue appeals as `overdue-appeals`,
documents overdue as `documents-under-control`, budget execution as `budget-execution` and
`allocations-vs-transfers`, vacant posts as `vacancies`, accreditations as `accredited-list`); the tests hold
them equal on a demo store. Every tile and bar carries a Link: the register and the filter text that show
the records behind it (`counts` says whether that register's row count is the figure itself).

Office scope: a reader scoped to some offices (a provincial office's user) sees the rows whose unit column
names one of them, and the budget of their province's constituency commissions; headquarters sees all. A
tile or chart whose register is absent from the catalogue (a context not installed) is left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

from domain.errors import N_, Message
from projections.db import Database
from projections.registers import registers

WEEKS = 12  # the weekly series cover this many weeks, the last ending today
OPEN_APPEAL = "status IN ('assigned', 'under review', 'expert opinion', 'decided')"  # as overdue-appeals
PROVINCIAL_SUFFIX = " Provincial Office"  # a provincial office's unit name: "<province> Provincial Office"


@dataclass(frozen=True)
class Link:
    """The records behind a figure: a register opened with a filter (as typed on `/`)."""
    register: str
    filter: str = ""
    counts: bool = True  # whether the filtered register's row count equals the figure


@dataclass(frozen=True)
class Tile:
    key: str
    label: str
    value: int
    previous: int | None  # the same figure a week ago (None: not known from the registers)
    link: Link | None
    unit: str = "count"  # "count" or "percent" (a whole percentage: 45 means 45%)

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.value - self.previous


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    link: Link | None
    plan: int | None = None  # what the bar is drawn against (a budget, a post count); None: the largest bar


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    kind: str  # "series" (a sparkline, oldest first), "bars" (scaled to the largest) or "progress" (vs plan)
    bars: tuple[Bar, ...]
    money: bool = False  # values and plans are minor units (cents)
    link: Link | None = None  # the records behind the whole chart
    note: str = ""

    @property
    def values(self) -> list[int]:
        return [b.value for b in self.bars]


@dataclass(frozen=True)
class Dashboard:
    today: date
    audience: str
    offices: frozenset[str] | None  # the reader's office scope (None: the whole secretariat)
    tiles: tuple[Tile, ...] = ()
    charts: tuple[Chart, ...] = ()
    registers: tuple[str, ...] = field(default=())  # the registers the figures were read from

    def tile(self, key: str) -> Tile | None:
        return next((t for t in self.tiles if t.key == key), None)

    def chart(self, key: str) -> Chart | None:
        return next((c for c in self.charts if c.key == key), None)

    def as_json(self) -> dict[str, Any]:
        """Numbers only: counts, whole percentages and minor units, never glyphs or formatted text."""
        def link(x: Link | None) -> dict[str, Any] | None:
            return None if x is None else asdict(x)

        return {
            "today": self.today.isoformat(), "audience": self.audience,
            "offices": sorted(self.offices) if self.offices is not None else None,
            "tiles": [{"key": t.key, "label": t.label, "value": t.value, "unit": t.unit, "previous": t.previous,
                       "change": t.change, "link": link(t.link)} for t in self.tiles],
            "charts": [{"key": c.key, "title": c.title, "kind": c.kind, "money": c.money, "note": c.note,
                        "link": link(c.link),
                        "bars": [{"label": b.label, "value": b.value, "plan": b.plan, "link": link(b.link)}
                                 for b in c.bars]} for c in self.charts],
        }


# ---- who reads: audience and office scope ---------------------------------------------------------------

def scope_for(db: Database, conn: Any, office: str | None) -> tuple[str, frozenset[str] | None]:
    """The audience a user of `office` reads the dashboard as, and their office scope: a provincial office's
    user sees that office only; headquarters (and a user of no office) sees the whole secretariat."""
    if not office:
        return Message("the secretariat"), None
    found = db.execute(conn, "SELECT name, kind FROM units WHERE code = ?", (office.upper(),))
    if not found:
        return Message("the secretariat"), None
    name, kind = found[0]
    if kind == "provincial":
        return f"{name} ({office.upper()})", frozenset({office.upper()})
    return Message("the secretariat (for {name})", name=name), None


class _Reader:
    """The SQL helpers one build shares: the connection, the day, the scope and the reader's clearance."""

    def __init__(self, db: Database, conn: Any, today: date, offices: frozenset[str] | None,
                 cleared: bool) -> None:
        self.db, self.conn, self.today, self.offices, self.cleared = db, conn, today, offices, cleared
        self.day = today.isoformat()
        self.week_ago = (today - timedelta(days=7)).isoformat()
        self.present = set(registers())

    def rows(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        return [tuple(r) for r in self.db.execute(self.conn, sql, params)]

    def scalar(self, sql: str, params: Sequence[Any] = ()) -> int:
        found = self.rows(sql, params)
        return int(found[0][0] or 0) if found else 0

    def scope(self, column: str) -> tuple[str, list[Any]]:
        """The condition keeping rows of the reader's offices (by a unit column), with its parameters."""
        if self.offices is None:
            return "", []
        codes = sorted(self.offices)
        return f" AND {column} IN ({', '.join('?' * len(codes))})", codes

    def visible(self) -> str:
        return "" if self.cleared else " AND confidential = 0"

    def has(self, *names: str) -> bool:
        return all(n in self.present for n in names)


def _week_bounds(today: date, weeks: int = WEEKS) -> list[tuple[date, date]]:
    """(first, last) day of each of the last `weeks` seven-day weeks, oldest first, the last ending today."""
    return [(today - timedelta(days=7 * k + 6), today - timedelta(days=7 * k)) for k in reversed(range(weeks))]


def _since_until(first: date, last: date) -> str:
    return f"since:{first.isoformat()} until:{last.isoformat()}"


def _unit_word(offices: frozenset[str] | None) -> str:
    """The filter word repeating the reader's scope in a link (one office), else nothing."""
    return f" unit:{next(iter(offices))}" if offices is not None and len(offices) == 1 else ""


# ---- correspondence and appeals ---------------------------------------------------------------------------

def _received(r: _Reader, table: str, column: str, unit: str, extra: str = "") -> list[int]:
    """Records received in each week of the series (oldest first)."""
    weeks = _week_bounds(r.today)
    where, params = r.scope(unit)
    found = dict(r.rows(
        f"SELECT {column}, COUNT(*) FROM {table} WHERE {column} >= ? AND {column} <= ?{extra}{where} "
        f"GROUP BY {column}", [weeks[0][0].isoformat(), weeks[-1][1].isoformat(), *params]))
    return [sum(int(n) for day, n in found.items() if first.isoformat() <= str(day) <= last.isoformat())
            for first, last in weeks]


def _received_chart(r: _Reader, key: str, title: str, register: str, table: str, column: str, unit: str,
                    extra: str = "", words: str = "") -> Chart:
    weeks = _week_bounds(r.today)
    scope = _unit_word(r.offices)
    bars = tuple(Bar(first.isoformat(), n, Link(register, f"{words}{_since_until(first, last)}{scope}"))
                 for (first, last), n in zip(weeks, _received(r, table, column, unit, extra), strict=True))
    return Chart(key, title, "series", bars,
                 link=Link(register, f"{words}{_since_until(weeks[0][0], weeks[-1][1])}{scope}"),
                 note=Message("weeks of seven days, the last ending {day}", day=r.day))


def _week_tile(key: str, label: str, chart: Chart) -> Tile:
    """This week's count (the series' last point) against the week before."""
    values = chart.values
    return Tile(key, label, values[-1], values[-2] if len(values) > 1 else None, chart.bars[-1].link)


def _overdue_appeals(r: _Reader) -> tuple[Tile, Chart]:
    where, params = r.scope("lead_unit")
    by_unit = r.rows(f"SELECT lead_unit, COUNT(*) FROM appeals WHERE {OPEN_APPEAL} AND due < ?{where} "
                     "GROUP BY lead_unit ORDER BY lead_unit", [r.day, *params])
    # A week ago: assigned by then, due before then, and not answered (or declared inadmissible) by then.
    previous = r.scalar("SELECT COUNT(*) FROM appeals WHERE assigned_on <= ? AND due < ? AND status <> "
                        f"'inadmissible' AND (answered_on IS NULL OR answered_on > ?){where}",
                        [r.week_ago, r.week_ago, r.week_ago, *params])
    total = sum(int(n) for _, n in by_unit)
    tile = Tile("overdue_appeals", N_("Overdue appeals"), total, previous,
                Link("appeals", f"due:overdue{_unit_word(r.offices)}"))
    bars = tuple(Bar(str(unit), int(n), Link("appeals", f"unit:{unit} due:overdue")) for unit, n in by_unit)
    return tile, Chart("overdue_appeals_by_unit", N_("Overdue appeals by unit"), "bars", bars, link=tile.link,
                       note=Message("past due and not answered, as of {day}", day=r.day))


def _overdue_documents(r: _Reader) -> tuple[Tile, Chart]:
    where, params = r.scope("unit")
    visible = r.visible()
    by_unit = r.rows(f"SELECT unit, COUNT(*) FROM correspondence WHERE status = 'under control' AND due < ?"
                     f"{visible}{where} GROUP BY unit ORDER BY unit", [r.day, *params])
    # A week ago: due before then and not executed by then (executed later, or still under control).
    previous = r.scalar("SELECT COUNT(*) FROM correspondence WHERE due < ? AND (executed_on > ? OR "
                        f"(executed_on IS NULL AND status = 'under control')){visible}{where}",
                        [r.week_ago, r.week_ago, *params])
    total = sum(int(n) for _, n in by_unit)
    tile = Tile("overdue_documents", N_("Documents overdue"), total, previous,
                Link("correspondence", f"due:overdue{_unit_word(r.offices)}"))
    bars = tuple(Bar(str(unit), int(n), Link("correspondence", f"unit:{unit} due:overdue")) for unit, n in by_unit)
    return tile, Chart("overdue_documents_by_unit", N_("Documents under control overdue, by unit"), "bars", bars,
                       link=tile.link, note=Message("resolved, past due and not executed, as of {day}", day=r.day))


# ---- finance ---------------------------------------------------------------------------------------------

def _budget_year(r: _Reader) -> int | None:
    """The budget year read: this year's, else the latest before it."""
    return r.rows("SELECT MAX(year) FROM budget_lines WHERE year <= ?", [r.today.year])[0][0]


def _percent(part: int, whole: int) -> int:
    return 100 * part // whole if whole else 0


def _budget_lines(r: _Reader, year: int) -> tuple[Tile, Chart]:
    lines = r.rows("SELECT code, amount, transferred FROM budget_lines WHERE year = ? ORDER BY code", [year])
    amount = sum(int(a) for _, a, _ in lines)
    transferred = sum(int(t) for _, _, t in lines)
    # A week ago: the transfers valued by then, against the same budget.
    before = r.scalar("SELECT SUM(m.amount) FROM finance_movements m JOIN budget_lines b ON b.code = m.line_code "
                      "WHERE m.kind = 'transfer' AND b.year = ? AND m.on_date <= ?", [year, r.week_ago])
    tile = Tile("budget_execution", N_("Budget executed"), _percent(transferred, amount),
                _percent(before, amount), Link("budget", f"year:{year}", counts=False), unit="percent")
    bars = tuple(Bar(str(code), int(t), Link("budget", f"year:{year} {code}", counts=False), plan=int(a))
                 for code, a, t in lines)
    return tile, Chart("budget_by_line", Message("Budget {year} transferred, by line", year=year), "progress", bars,
                       money=True,
                       link=tile.link, note=N_("transferred against each line's budget"))


def _province_names(r: _Reader) -> dict[int, str]:
    """Constituency number -> its province, named by its constituency commission."""
    names: dict[int, str] = {}
    for number, name in r.rows("SELECT constituency, name FROM commissions WHERE level = 'constituency' "
                               "ORDER BY election_code"):
        names[int(number)] = str(name).split(" Constituency")[0]
    return names


def _scoped_constituencies(r: _Reader) -> set[int] | None:
    """The constituencies of the reader's provincial offices (None: no scope). An office's province is the
    first word(s) of its unit name before ' Provincial Office', as its constituency commission is named."""
    if r.offices is None:
        return None
    codes = sorted(r.offices)
    provinces = {str(n).removesuffix(PROVINCIAL_SUFFIX) for (n,) in r.rows(
        f"SELECT name FROM units WHERE code IN ({', '.join('?' * len(codes))})", codes)}
    return {number for number, name in _province_names(r).items() if name in provinces}


def _budget_provinces(r: _Reader) -> tuple[Tile | None, Chart | None]:
    latest = r.rows("SELECT election_code FROM allocations WHERE allocated_on <= ? "
                    "ORDER BY allocated_on DESC, code DESC LIMIT 1", [r.day])
    if not latest:
        return None, None
    election = str(latest[0][0])
    found = r.rows("SELECT constituency, SUM(amount), SUM(transferred) FROM allocations WHERE election_code = ? "
                   "GROUP BY constituency ORDER BY constituency", [election])
    scoped = _scoped_constituencies(r)
    names = _province_names(r)
    bars = []
    for number, amount, transferred in found:
        if scoped is not None and int(number) not in scoped:
            continue
        label = names.get(int(number), f"constituency {int(number)}")
        bars.append(Bar(label, int(transferred or 0), Link(
            "allocations", f"election:{election} {election}/{int(number):03d}", counts=False), plan=int(amount or 0)))
    chart = Chart("budget_by_province", Message("Allocations to commissions ({election}) transferred, by province",
                                                election=election),
                  "progress", tuple(bars), money=True, link=Link("allocations", f"election:{election}", counts=False),
                  note=N_("transferred against what was allocated to each province's commissions"))
    tile = None
    if scoped is not None:  # a province reads its own commissions' execution
        amount, transferred = sum(b.plan or 0 for b in bars), sum(b.value for b in bars)
        tile = Tile("budget_execution", N_("Allocations sent"), _percent(transferred, amount), None,
                    bars[0].link if len(bars) == 1 else chart.link, unit="percent")
    return tile, chart


# ---- personnel and stakeholders -------------------------------------------------------------------------

_CURRENT = ("EXISTS (SELECT 1 FROM staff_assignments a WHERE a.unit_code = p.unit_code AND "
            "a.position_code = p.code AND a.start_on <= ? AND (a.end_on IS NULL OR a.end_on >= ?))")


def _posts(r: _Reader) -> tuple[Tile, Chart]:
    where, params = r.scope("p.unit_code")
    by_unit = r.rows(f"SELECT p.unit_code, COUNT(*), SUM(CASE WHEN {_CURRENT} THEN 0 ELSE 1 END) FROM positions p "
                     f"WHERE p.active = 1{where} GROUP BY p.unit_code ORDER BY p.unit_code", [r.day, r.day, *params])
    previous = r.scalar(f"SELECT SUM(CASE WHEN {_CURRENT} THEN 0 ELSE 1 END) FROM positions p "
                        f"WHERE p.active = 1{where}", [r.week_ago, r.week_ago, *params])
    vacant = sum(int(v or 0) for _, _, v in by_unit)
    tile = Tile("vacant_posts", N_("Vacant posts"), vacant, previous,
                Link("staff-table", _unit_word(r.offices).strip(), counts=False))
    bars = tuple(Bar(str(unit), int(total) - int(v or 0), Link("staff-table", f"unit:{unit}", counts=False),
                     plan=int(total)) for unit, total, v in by_unit)
    return tile, Chart("posts_by_unit", N_("Posts filled, by unit"), "progress", bars, link=tile.link,
                       note=Message("filled posts against the unit's staff table, on {day}", day=r.day))


def _accreditations(r: _Reader) -> tuple[Tile, Chart] | None:
    # The election of the latest badges (those of the coming election; the last one's, once all expired).
    latest = r.rows("SELECT election_code FROM accreditations WHERE level = 'individual' AND status = 'accredited' "
                    "ORDER BY valid_until DESC, election_code LIMIT 1")
    if not latest:
        return None
    election = str(latest[0][0])
    by_category = r.rows("SELECT category, COUNT(*) FROM accreditations WHERE level = 'individual' AND "
                         "status = 'accredited' AND valid_until >= ? AND election_code = ? GROUP BY category "
                         "ORDER BY category", [r.day, election])
    # A week ago: badges valid from then or earlier (the register keeps no date of an individual's decision).
    previous = r.scalar("SELECT COUNT(*) FROM accreditations WHERE level = 'individual' AND valid_from <= ? AND "
                        "valid_until >= ? AND election_code = ? AND (status = 'accredited' OR "
                        "(status = 'revoked' AND revoked_on > ?))", [r.week_ago, r.week_ago, election, r.week_ago])
    words = f"election:{election} level:individual status:accredited"
    tile = Tile("accredited", Message("Accredited {election}", election=election), sum(int(n) for _,
                                                                                       n in by_category), previous,
                Link("accreditations", words, counts=False))
    bars = tuple(Bar(str(category), int(n), Link("accreditations", f"{words} category:{str(category).split()[0]}",
                                                 counts=False)) for category, n in by_category)
    return tile, Chart("accredited_by_category", Message("Accredited for {election}, by category", election=election),
                       "bars", bars,
                       link=tile.link, note=Message("badges valid on {day}", day=r.day))


# ---- the Commission's sessions and acts, election materials (registers of contexts being added) ---------

def _sessions(r: _Reader) -> Tile:
    """Sessions held this year (convened ones not yet opened are not held)."""
    year = str(r.today.year)
    held = "status IN ('open', 'adjourned', 'closed') AND substr(held_on, 1, 4) = ? AND held_on <= ?"
    value = r.scalar(f"SELECT COUNT(*) FROM sessions WHERE {held}", [year, r.day])
    previous = r.scalar(f"SELECT COUNT(*) FROM sessions WHERE {held}", [year, r.week_ago])
    return Tile("sessions_held", Message("Sessions held {year}", year=r.today.year), value, previous,
                Link("sessions", f"year:{year}", counts=False))


def _under_control(r: _Reader) -> tuple[Tile, Tile, Chart]:
    """Decisions and orders under control (open), and those overdue by unit (as decisions-under-control)."""
    where, params = r.scope("unit")
    scope = _unit_word(r.offices)
    open_now = r.scalar(f"SELECT COUNT(*) FROM execution_control WHERE executed_on IS NULL{where}", params)
    open_before = r.scalar("SELECT COUNT(*) FROM execution_control WHERE assigned_on <= ? AND "
                           f"(executed_on IS NULL OR executed_on > ?){where}", [r.week_ago, r.week_ago, *params])
    by_unit = r.rows(f"SELECT unit, COUNT(*) FROM execution_control WHERE executed_on IS NULL AND due < ?{where} "
                     "GROUP BY unit ORDER BY unit", [r.day, *params])
    late_before = r.scalar("SELECT COUNT(*) FROM execution_control WHERE due < ? AND assigned_on <= ? AND "
                           f"(executed_on IS NULL OR executed_on > ?){where}",
                           [r.week_ago, r.week_ago, r.week_ago, *params])
    under = Tile("under_control", N_("Under control"), open_now, open_before,
                 Link("execution-control", f"open:yes{scope}"))
    late = Tile("control_overdue", N_("Control overdue"), sum(int(n) for _, n in by_unit), late_before,
                Link("execution-control", f"due:overdue{scope}"))
    bars = tuple(Bar(str(unit), int(n), Link("execution-control", f"unit:{unit} due:overdue")) for unit, n in by_unit)
    return under, late, Chart("control_overdue_by_unit", N_("Decisions and orders overdue, by unit"), "bars", bars,
                              link=late.link, note=Message("under control, past due and not executed, as of {day}",
                                                           day=r.day))


def _materials(r: _Reader) -> tuple[Tile, Chart] | None:
    """Materials dispatched to each province's commissions for the latest election, and how many of those
    dispatches are acknowledged."""
    latest = r.rows("SELECT election_code FROM dispatches WHERE dispatched_on <= ? "
                    "ORDER BY dispatched_on DESC, waybill DESC LIMIT 1", [r.day])
    if not latest:
        return None
    election = str(latest[0][0])
    found = r.rows("SELECT constituency, COUNT(*), SUM(CASE WHEN status <> 'dispatched' THEN 1 ELSE 0 END) "
                   "FROM dispatches WHERE election_code = ? GROUP BY constituency ORDER BY constituency", [election])
    scoped = _scoped_constituencies(r)
    names = _province_names(r)
    bars = tuple(Bar(names.get(int(number), f"constituency {int(number)}"), int(acknowledged or 0),
                     Link("dispatches", f"election:{election} constituency:{int(number)}", counts=False),
                     plan=int(sent)) for number, sent, acknowledged in found
                 if scoped is None or int(number) in scoped)
    waiting = sum((b.plan or 0) - b.value for b in bars)
    words = f"election:{election} status:dispatched"
    if scoped is not None:
        words += "".join(f" constituency:{n}" for n in sorted(scoped)[:1])
    # none waiting: the register holds no 'dispatched' row for the filter word to name, so the tile opens the
    # election's dispatches (their statuses show each was acknowledged)
    link = Link("dispatches", words, counts=scoped is None or len(scoped) <= 1) if waiting else \
        Link("dispatches", f"election:{election}", counts=False)
    tile = Tile("materials_unacknowledged", N_("Not acknowledged"), waiting, None, link)
    return tile, Chart("materials_by_province", Message("Materials ({election}) acknowledged, by province",
                                                        election=election), "progress",
                       bars, link=Link("dispatches", f"election:{election}", counts=False),
                       note=N_("dispatches acknowledged against dispatches sent"))


# ---- the whole -----------------------------------------------------------------------------------------------

def build(db: Database, conn: Any, today: date, *, offices: frozenset[str] | None = None, cleared: bool = False,
          audience: str = Message("the secretariat")) -> Dashboard:
    """Every figure the registers present hold, for a reader of this scope and clearance, on `today`."""
    r = _Reader(db, conn, today, offices, cleared)
    tiles: list[Tile] = []
    charts: list[Chart] = []
    for part in (_registry, _money, _commission):
        part_tiles, part_charts = part(r)
        tiles += part_tiles
        charts += part_charts
    return Dashboard(today, audience, offices, tuple(tiles), tuple(charts), tuple(sorted(r.present)))


def _registry(r: _Reader) -> tuple[list[Tile], list[Chart]]:
    """Appeals and letters: received this week and per week, and those overdue."""
    tiles: list[Tile] = []
    charts: list[Chart] = []
    if r.has("appeals"):
        received = _received_chart(r, "appeals_per_week", N_("Appeals received per week"), "appeals", "appeals",
                                   "received_on", "lead_unit")
        tiles.append(_week_tile("appeals_week", N_("Appeals this week"), received))
        charts.append(received)
    if r.has("correspondence"):
        letters = _received_chart(r, "letters_per_week", N_("Letters received per week"), "correspondence",
                                  "correspondence", "registered_on", "unit", " AND direction = 'incoming'"
                                  + r.visible(), words="direction:incoming ")
        tiles.append(_week_tile("letters_week", N_("Letters this week"), letters))
        charts.append(letters)
    if r.has("appeals"):
        tile, chart = _overdue_appeals(r)
        tiles.append(tile)
        charts.append(chart)
    if r.has("correspondence"):
        tile, chart = _overdue_documents(r)
        tiles.append(tile)
        charts.append(chart)
    return tiles, charts


def _money(r: _Reader) -> tuple[list[Tile], list[Chart]]:
    """The budget (headquarters' lines, the provinces' allocations) and the materials sent out."""
    tiles: list[Tile] = []
    charts: list[Chart] = []
    if r.has("budget", "allocations"):
        year = _budget_year(r)
        if year is not None and r.offices is None:  # the budget lines are headquarters'
            tile, chart = _budget_lines(r, int(year))
            tiles.append(tile)
            charts.append(chart)
        province_tile, province_chart = _budget_provinces(r)
        if province_tile is not None:
            tiles.append(province_tile)
        if province_chart is not None:
            charts.append(province_chart)
    if r.has("dispatches"):
        materials = _materials(r)
        if materials is not None:
            tiles.append(materials[0])
            charts.append(materials[1])
    return tiles, charts


def _commission(r: _Reader) -> tuple[list[Tile], list[Chart]]:
    """The Commission's sessions, the execution of its acts, the staff table and accreditation."""
    tiles: list[Tile] = []
    charts: list[Chart] = []
    if r.has("sessions") and r.offices is None:  # the Commission's sessions are headquarters'
        tiles.append(_sessions(r))
    if r.has("execution-control"):
        under, late, control = _under_control(r)
        tiles += [under, late]
        charts.append(control)
    if r.has("staff-table", "staff-assignments"):
        tile, chart = _posts(r)
        tiles.append(tile)
        charts.append(chart)
    if r.has("accreditations") and r.offices is None:  # accreditation is the Commission's, not a province's
        found = _accreditations(r)
        if found is not None:
            tiles.append(found[0])
            charts.append(found[1])
    return tiles, charts
