"""The organisation registers: units (as a tree, with staff-table and vacancy counts), elections, lower
commissions and their members, and the staff table of positions."""

from __future__ import annotations

from typing import Any

from domain.organisation import Commission, Election, Position, Unit
from projections import conditions
from projections.engine import Projection, Rows, Table, on, text
from projections.registers import Register

UNITS = Table("units", (
    ("id", "text"), ("code", "text"), ("name", "text"), ("kind", "text"), ("parent_code", "text"),
    ("path", "text"), ("depth", "int"), ("active", "int"), ("subunits", "int"), ("positions_total", "int"),
    ("positions_vacant", "int"), ("dissolved_on", "text"), ("changed_at", "int"),
), key=("id",), indexes=(("path",), ("code",), ("name",), ("kind",), ("parent_code",)),
   search=("code", "name", "kind", "parent_code", "path", "dissolved_on"))
ELECTIONS = Table("elections", (
    ("id", "text"), ("code", "text"), ("name", "text"), ("kind", "text"), ("voting_day", "text"),
), key=("id",), indexes=(("voting_day", "code"), ("code",), ("name",), ("kind",)),
   search=("code", "name", "kind", "voting_day"))
COMMISSIONS = Table("commissions", (
    ("id", "text"), ("election_code", "text"), ("level", "text"), ("constituency", "int"), ("precinct", "int"),
    ("label", "text"), ("name", "text"), ("active", "int"), ("members", "int"), ("chair", "text"),
    ("precincts", "int"), ("dissolved_on", "text"),
), key=("id",), indexes=(("label",), ("election_code", "constituency"), ("name",), ("level",), ("chair",)),
   search=("label", "name", "level", "chair", "dissolved_on"))
MEMBERS = Table("commission_members", (
    ("commission_id", "text"), ("member", "text"), ("commission_label", "text"), ("role", "text"),
    ("nominated_by", "text"),
), key=("commission_id", "member"),
   indexes=(("commission_label", "member"), ("member",), ("role",), ("nominated_by",)),
   search=("commission_label", "member", "role", "nominated_by"))
POSITIONS = Table("positions", (
    ("id", "text"), ("unit_id", "text"), ("unit_code", "text"), ("code", "text"), ("title", "text"),
    ("grade", "text"), ("active", "int"), ("occupant", "text"), ("abolished_on", "text"),
), key=("id",), indexes=(("unit_code", "code"), ("code",), ("title",), ("grade",), ("occupant",)),
   search=("unit_code", "code", "title", "grade", "occupant", "abolished_on"))


# Where a commission row's values sit in its tuple: appointments are most of a history's events, so their
# handlers read and write commissions as value tuples (no dict per event in a rebuild)
_ID, _LABEL, _MEMBERS, _CHAIR, _PRECINCTS = (COMMISSIONS.column_names.index(c)
                                            for c in ("id", "label", "members", "chair", "precincts"))

# How the domain's attributes of these records read in their rows, where no column bears the attribute's name.
READS: dict[type, dict[str, str]] = {Position: {"occupant_id": "occupant"}}


def allowing(kind: type, command: str) -> str:
    """The filter of the register rows (positions, commissions) whose record's state allows `command`, from the
    condition the domain declares for it."""
    return conditions.allowing(kind, command, READS.get(kind))

class OrganisationProjection(Projection):
    name = "organisation"
    # 2: trigram search and an index per sortable column; 3: search covers every shown text column;
    # 4: occupants of positions (hiring, transfers, separations) and the units' vacancy counts;
    # 5: the search form column (any case or spelling finds a name), and elections searchable
    version = 5
    tables = (UNITS, ELECTIONS, COMMISSIONS, MEMBERS, POSITIONS)
    streamed = ("commission_members",)  # tens of thousands of rows, only ever put or deleted

    @staticmethod
    def _unit(rows: Rows, unit_id: Any) -> dict[str, Any]:
        row = rows.get("units", text(unit_id))
        assert row is not None, f"unit {unit_id} missing from the register"
        return row  # handlers copy it ({**row, ...}) before putting it back

    @on(Unit.Established)
    def unit_established(self, rows: Rows, position: int, e: Any) -> None:
        parent = self._unit(rows, e.parent_id) if e.parent_id else None
        rows.put("units", {
            "id": text(e.originator_id), "code": e.code, "name": e.name, "kind": e.kind,
            "parent_code": parent["code"] if parent else None,
            "path": f"{parent['path']}/{e.code}" if parent else e.code,
            "depth": parent["depth"] + 1 if parent else 0, "active": 1, "subunits": 0,
            "positions_total": 0, "positions_vacant": 0, "dissolved_on": None, "changed_at": position,
        })

    @on(Unit.Renamed)
    def unit_renamed(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("units", {**self._unit(rows, e.originator_id), "name": e.name, "changed_at": position})

    @on(Unit.SubunitAttached, Unit.SubunitDetached)
    def unit_subunits(self, rows: Rows, position: int, e: Any) -> None:
        row = self._unit(rows, e.originator_id)
        step = 1 if isinstance(e, Unit.SubunitAttached) else -1
        rows.put("units", {**row, "subunits": row["subunits"] + step, "changed_at": position})

    @on(Unit.PositionAdded, Unit.PositionRemoved)
    def unit_positions(self, rows: Rows, position: int, e: Any) -> None:
        row = self._unit(rows, e.originator_id)
        step = 1 if isinstance(e, Unit.PositionAdded) else -1
        rows.put("units", {**row, "positions_total": row["positions_total"] + step,
                           "positions_vacant": row["positions_vacant"] + step, "changed_at": position})

    @on(Unit.Dissolved)
    def unit_dissolved(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("units", {**self._unit(rows, e.originator_id), "active": 0,
                           "dissolved_on": text(e.effective), "changed_at": position})

    @on(Position.Established)
    def position_established(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("positions", {"id": text(e.originator_id), "unit_id": text(e.unit_id), "unit_code": e.unit_code,
                               "code": e.code, "title": e.title, "grade": e.grade, "active": 1,
                               "occupant": None, "abolished_on": None})

    @on(Position.Abolished)
    def position_abolished(self, rows: Rows, position: int, e: Any) -> None:
        row = rows.get("positions", text(e.originator_id))
        assert row is not None
        rows.put("positions", {**row, "active": 0, "abolished_on": text(e.effective)})

    @on(Position.Occupied, Position.Vacated)
    def position_occupancy(self, rows: Rows, position: int, e: Any) -> None:
        row = rows.get("positions", text(e.originator_id))
        assert row is not None
        occupied = isinstance(e, Position.Occupied)
        rows.put("positions", {**row, "occupant": f"{e.number} {e.full_name}" if occupied else None})
        unit = self._unit(rows, row["unit_id"])
        rows.put("units", {**unit, "positions_vacant": unit["positions_vacant"] + (-1 if occupied else 1),
                           "changed_at": position})

    @on(Election.Scheduled)
    def election_scheduled(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("elections", {"id": text(e.originator_id), "code": e.code, "name": e.name, "kind": e.kind,
                               "voting_day": text(e.voting_day)})

    @on(Commission.Established)
    def commission_established(self, rows: Rows, position: int, e: Any) -> None:
        tail = f"-{e.precinct:04d}" if e.precinct is not None else ""
        rows.put("commissions", {
            "id": text(e.originator_id), "election_code": e.election_code, "level": e.level,
            "constituency": e.constituency, "precinct": e.precinct,
            "label": e.election_code if e.level == "central" else f"{e.election_code}/{e.constituency:03d}{tail}",
            "name": e.name, "active": 1,
            "members": 0, "chair": None, "precincts": 0, "dissolved_on": None,
        })

    def _commission(self, rows: Rows, cid: Any) -> dict[str, Any]:
        row = rows.get("commissions", text(cid))
        assert row is not None, f"commission {cid} missing from the register"
        return row  # handlers copy it ({**row, ...}) before putting it back

    @staticmethod
    def _commission_values(rows: Rows, cid: Any) -> list[Any]:
        values = rows.get_values(COMMISSIONS, text(cid))
        assert values is not None, f"commission {cid} missing from the register"
        return list(values)

    @on(Commission.MemberAppointed)
    def member_appointed(self, rows: Rows, position: int, e: Any) -> None:
        c = self._commission_values(rows, e.originator_id)
        rows.put_values(MEMBERS, (c[_ID], e.member, c[_LABEL], e.role, e.nominated_by))
        c[_MEMBERS] += 1
        if e.role == "chair":
            c[_CHAIR] = e.member
        rows.put_values(COMMISSIONS, tuple(c))

    @on(Commission.MemberRemoved)
    def member_removed(self, rows: Rows, position: int, e: Any) -> None:
        c = self._commission_values(rows, e.originator_id)
        rows.delete("commission_members", c[_ID], e.member)
        c[_MEMBERS] -= 1
        if c[_CHAIR] == e.member:
            c[_CHAIR] = None
        rows.put_values(COMMISSIONS, tuple(c))

    @on(Commission.PrecinctAttached, Commission.PrecinctDetached)
    def commission_precincts(self, rows: Rows, position: int, e: Any) -> None:
        c = self._commission_values(rows, e.originator_id)
        c[_PRECINCTS] += 1 if isinstance(e, Commission.PrecinctAttached) else -1
        rows.put_values(COMMISSIONS, tuple(c))

    @on(Commission.Dissolved)
    def commission_dissolved(self, rows: Rows, position: int, e: Any) -> None:
        rows.put("commissions", {**self._commission(rows, e.originator_id), "active": 0,
                                 "dissolved_on": text(e.effective)})


PROJECTIONS = (OrganisationProjection,)
REGISTERS = (
    Register("units", "organisation", "units", ("path",),
             ("code", "name", "kind", "parent_code", "path", "active", "subunits", "positions_total",
              "positions_vacant", "dissolved_on"), "Units", kind="unit", office=("code",),
             fields={"kind": "kind = ?", "parent": "parent_code = upper(?)"}),
    Register("elections", "organisation", "elections", ("voting_day", "code"),
             ("code", "name", "kind", "voting_day"), "Elections", kind="election",
             fields={"kind": "kind = ?", "year": "substr(voting_day, 1, 4) = ?"}),
    Register("commissions", "organisation", "commissions", ("label",),
             ("label", "name", "level", "active", "members", "chair", "precincts", "dissolved_on"),
             "Lower commissions", kind="commission", fields={"level": "level = ?"}),
    Register("commission-members", "organisation", "commission_members", ("commission_label", "member"),
             ("commission_label", "member", "role", "nominated_by"), "Commission members",
             record="commission_id", key=("commission_id", "member"), kind="commission"),
    Register("staff-table", "organisation", "positions", ("unit_code", "code"),
             ("unit_code", "code", "title", "grade", "active", "occupant", "abolished_on"), "Staff table",
             kind="position", office=("unit_code",), fields={"unit": "unit_code = upper(?)"}),
)
