"""Property context: the equipment register, custody (issue, return, relocation), maintenance, inventory counts,
loss and write-off.

An asset is in one state at a time: in store, issued (to an employee, a unit or a lower commission), in
maintenance, lost, or written off. Only an asset in store is issued, sent for maintenance or written off; only
its current custodian returns it; a written-off asset never moves again. Issuing to an employee goes through
the holdings contract (domain/personnel.py), so a person leaving receives nothing and cannot complete a
separation while holding an asset. Each location keeps the set of assets registered there, which an
inventory count is compared with.
"""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar
from uuid import UUID

from domain.commands import Command, Context, Outcome
from domain.envelope import Envelope
from domain.errors import Message
from domain.organisation import Commission, Unit, commission_id, unit_id
from domain.personnel import Employee, _money, _number, find_employee
from domain.records import NAME, REF, Name, Record, Ref, clean, optional, refuse, require
from domain.rules import rule

_NS = uuid.UUID("a5e7d2c4-1b3f-4e6a-9c8d-7f0e1d2c3b4a")
CATEGORIES = ("computer", "printer", "vehicle", "generator", "communication", "furniture", "tally equipment",
              "other")
FUNDING = ("state budget", "donor project", "other")
UNDER_CONTRACT = "supplier contract"  # received through procurement, paid to the supplier afterwards
CUSTODIANS = ("employee", "unit", "commission")
CONDITIONS = ("good", "worn", "damaged", "unserviceable")


def asset_id(inventory: str) -> UUID:
    return uuid.uuid5(_NS, "asset/" + inventory.strip().upper())


def location_id(name: str) -> UUID:
    return uuid.uuid5(_NS, "location/" + " ".join(name.split()).lower())


def count_id(number: str) -> UUID:
    return uuid.uuid5(_NS, "count/" + number.strip().upper())


class Location(Record):
    """A place assets are kept (a store room, an office): which assets are registered there now."""

    name: str
    assets: dict[str, UUID]

    class Opened(Record.Created):
        name: str

        def apply(self, loc: Location) -> None:
            loc.name = self.name
            loc.assets = {}

    class AssetArrived(Record.Event):
        asset_id: UUID
        inventory: str

        def apply(self, loc: Location) -> None:
            loc.assets[self.inventory] = self.asset_id

    class AssetLeft(Record.Event):
        inventory: str

        def apply(self, loc: Location) -> None:
            loc.assets.pop(self.inventory, None)


def _location(ctx: Context, name: str) -> Location:
    name = clean(" ".join((name or "").split()), "location", NAME)
    found = ctx.find(Location, location_id(name))
    if found is None:
        found = ctx.add(Location._create(Location.Opened, id=location_id(name), name=name, envelope=ctx.envelope))
    return found


class Asset(Record):
    inventory: str
    category: str
    description: str
    serial: str
    cost: Decimal
    funding: str
    donor_project: str
    location: str
    acquired_on: date
    next_service: date | None
    status: str
    custodian_kind: str | None
    custodian: str | None
    custodian_name: str | None
    custodian_id: UUID | None
    condition: str

    class Registered(Record.Created):
        inventory: str
        category: str
        description: str
        serial: str
        cost: Decimal
        funding: str
        donor_project: str
        location: str
        acquired_on: date
        next_service: date | None

        def apply(self, a: Asset) -> None:
            a.inventory, a.category, a.description, a.serial = self.inventory, self.category, self.description, \
                self.serial
            a.cost, a.funding, a.donor_project = self.cost, self.funding, self.donor_project
            a.location, a.acquired_on, a.next_service = self.location, self.acquired_on, self.next_service
            a.status = "in store"
            a.custodian_kind = a.custodian = a.custodian_name = None
            a.custodian_id = None
            a.condition = "good"

    class Issued(Record.Event):
        custodian_kind: str
        custodian_id: UUID
        custodian: str  # personnel number, unit code or commission label
        custodian_name: str
        on: date

        def apply(self, a: Asset) -> None:
            a.status = "issued"
            a.custodian_kind, a.custodian_id = self.custodian_kind, self.custodian_id
            a.custodian, a.custodian_name = self.custodian, self.custodian_name

    class Returned(Record.Event):
        custodian: str
        condition: str
        on: date

        def apply(self, a: Asset) -> None:
            a.status, a.condition = "in store", self.condition
            a.custodian_kind = a.custodian = a.custodian_name = a.custodian_id = None

    class Relocated(Record.Event):
        location: str
        on: date

        def apply(self, a: Asset) -> None:
            a.location = self.location

    class MaintenanceStarted(Record.Event):
        on: date
        work: str

        def apply(self, a: Asset) -> None:
            a.status = "in maintenance"

    class MaintenanceEnded(Record.Event):
        on: date
        next_service: date | None
        condition: str

        def apply(self, a: Asset) -> None:
            a.status, a.next_service, a.condition = "in store", self.next_service, self.condition

    class LossReported(Record.Event):
        on: date
        custodian: str | None

        def apply(self, a: Asset) -> None:
            a.status = "lost"
            a.custodian_kind = a.custodian = a.custodian_name = a.custodian_id = None

    class WrittenOff(Record.Event):
        act_number: str
        on: date
        reason: str

        def apply(self, a: Asset) -> None:
            a.status = "written off"

    @property
    def label(self) -> str:
        if self.description:
            return Message("asset {inventory} ({category}, {description})", inventory=self.inventory,
                           category=Message(self.category), description=self.description)
        return Message("asset {inventory} ({category})", inventory=self.inventory, category=Message(self.category))

    @property
    def code(self) -> str:
        return f"{self.inventory} ({self.status})"

    # the commands whose state rule `allows` decides
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset({
        "assets.issue", "assets.return", "assets.relocate", "assets.maintenance-start", "assets.maintenance-end",
        "assets.loss", "assets.write-off"
    })

    def allows(self, command: str) -> str | None:
        """Why the asset's state refuses that command, in words; None when its state allows it (the command's own
        values are checked when it runs). The methods below enforce it; the card offers exactly this."""
        if command not in ASSET_STATUSES or self.status in ASSET_STATUSES[command]:
            return None
        if self.status == "written off":
            if command == "assets.write-off":
                return Message("asset {inventory} is already written off", inventory=self.inventory)
            return Message("asset {inventory} is written off; it does not move", inventory=self.inventory)
        return _asset_refusal(self, command)

    def _allowed(self, command: str) -> None:
        refusal = self.allows(command)
        refuse(refusal)

    def _movable(self) -> None:
        require(self.status != "written off", "asset {inventory} is written off; it does not move",
                                              inventory=self.inventory)
        require(self.status != "lost", "asset {inventory} is reported lost", inventory=self.inventory)

    def issue(self, kind: str, custodian_id: UUID, custodian: str, name: str, on: date, envelope: Envelope) -> None:
        self._allowed("assets.issue")
        self.trigger_event(self.Issued, custodian_kind=kind, custodian_id=custodian_id, custodian=custodian,
                           custodian_name=name, on=on, envelope=envelope)

    def give_back(self, custodian: str, condition: str, on: date, envelope: Envelope) -> None:
        self._allowed("assets.return")
        require(custodian.strip().upper() == str(self.custodian).upper(),
                "asset {inventory} is held by {custodian}; only they can return it", inventory=self.inventory,
                custodian=self.custodian)
        require(condition in CONDITIONS, "unknown condition {condition!r}; conditions are {conditions}",
                                         condition=condition, conditions=', '.join(CONDITIONS))
        self.trigger_event(self.Returned, custodian=self.custodian, condition=condition, on=on, envelope=envelope)

    def relocate(self, old: Location, new: Location, on: date, envelope: Envelope) -> None:
        self._allowed("assets.relocate")
        require(new.id != old.id, "asset {inventory} is already at {location}", inventory=self.inventory,
                                  location=self.location)
        old.trigger_event(Location.AssetLeft, inventory=self.inventory, envelope=envelope)
        new.trigger_event(Location.AssetArrived, asset_id=self.id, inventory=self.inventory, envelope=envelope)
        self.trigger_event(self.Relocated, location=new.name, on=on, envelope=envelope)

    def start_maintenance(self, on: date, work: str, envelope: Envelope) -> None:
        self._allowed("assets.maintenance-start")
        self.trigger_event(self.MaintenanceStarted, on=on, work=clean(work, "work"), envelope=envelope)

    def end_maintenance(self, on: date, next_service: date | None, condition: str, envelope: Envelope) -> None:
        self._allowed("assets.maintenance-end")
        require(condition in CONDITIONS, "unknown condition {condition!r}; conditions are {conditions}",
                                         condition=condition, conditions=', '.join(CONDITIONS))
        require(next_service is None or next_service > on, "the next service is due after the maintenance")
        self.trigger_event(self.MaintenanceEnded, on=on, next_service=next_service, condition=condition,
                           envelope=envelope)

    def report_loss(self, on: date, location: Location, envelope: Envelope) -> None:
        self._allowed("assets.loss")
        location.trigger_event(Location.AssetLeft, inventory=self.inventory, envelope=envelope)
        self.trigger_event(self.LossReported, on=on, custodian=self.custodian, envelope=envelope)

    def write_off(self, act_number: str, on: date, reason: str, location: Location, envelope: Envelope) -> None:
        self._allowed("assets.write-off")
        act = _number(act_number, "write-off act number")
        reason = clean(reason, "write-off reason")
        if self.status != "lost":
            location.trigger_event(Location.AssetLeft, inventory=self.inventory, envelope=envelope)
        self.trigger_event(self.WrittenOff, act_number=act, on=on, reason=reason, envelope=envelope)


# The statuses in which a standing asset takes each command on it (a written-off one takes none): the card and
# the pickers read this, `Asset.allows` decides by it.
ASSET_STATUSES: dict[str, tuple[str, ...]] = {
    "assets.issue": ("in store",), "assets.return": ("issued",),
    "assets.relocate": ("in store", "issued", "in maintenance"), "assets.maintenance-start": ("in store",),
    "assets.maintenance-end": ("in maintenance",), "assets.loss": ("in store", "issued", "in maintenance"),
    "assets.write-off": ("in store", "lost"),
}
_WHY_NOT = {"assets.issue": "it cannot be issued",
            "assets.maintenance-start": "it goes for maintenance from store (have it returned first)",
            "assets.write-off": "only an asset in store (or reported lost) is written off"}


def _asset_refusal(a: Asset, command: str) -> str:
    if a.status == "lost":
        return Message("asset {inventory} is reported lost", inventory=a.inventory)
    if command in _WHY_NOT:
        held = f" (to {a.custodian})" if a.status == "issued" and command == "assets.issue" else ""
        return Message("asset {inventory} is {status}{held}; {why_not}", inventory=a.inventory, status=a.status,
                       held=held, why_not=_WHY_NOT[command])
    return Message("asset {inventory} is {status}, not {asset_statuses}", inventory=a.inventory, status=a.status,
                   asset_statuses=ASSET_STATUSES[command][0])


class InventoryCount(Record):
    """A count at one location: what was found, what is missing against the register, what was unexpected."""

    number: str
    location: str
    counted_on: date
    found: list[str]
    missing: list[str]
    unexpected: list[str]

    class Recorded(Record.Created):
        number: str
        location: str
        counted_on: date
        found: list[str]
        missing: list[str]
        unexpected: list[str]

        def apply(self, c: InventoryCount) -> None:
            c.number, c.location, c.counted_on = self.number, self.location, self.counted_on
            c.found, c.missing, c.unexpected = self.found, self.missing, self.unexpected

    @property
    def code(self) -> str:
        return f"{self.number} at {self.location}"


# ---- commands ---------------------------------------------------------------------------------

def find_asset(ctx: Context, inventory: str) -> Asset:
    return ctx.get(Asset, asset_id(inventory), Message("no asset with inventory number {inventory!r}",
        inventory=inventory.strip().upper()))


def _donor_project(ctx: Context, code: str, acquired_on: date) -> str:
    """The donor project's code, checked against the finance register: the project exists and the asset was
    acquired within its period (a closed project's assets bought while it ran may still be registered)."""
    from domain.finance import DonorProject, donor_project_id

    code = _number(code, "donor project code")
    project = ctx.get(DonorProject, donor_project_id(code), Message("no donor project with code {code!r}", code=code))
    require(project.starts <= acquired_on <= project.ends, "donor project {code} runs from {project_starts} to "
                                                           "{project_ends}; an asset acquired on {acquired_on} was "
                                                           "not bought under it", code=code,
                                                           project_starts=project.starts, project_ends=project.ends,
                                                           acquired_on=acquired_on)
    return code


class RegisterAsset(Command, frozen=True, kw_only=True):
    name = "assets.register"
    title = "Register an asset"
    inventory: str
    category: str
    description: str = ""
    serial: Ref = ""
    cost: Decimal
    funding: str = "state budget"
    donor_project: str = ""
    location: Name
    acquired_on: date
    next_service: date | None = None

    def execute(self, ctx: Context) -> Outcome:
        require(self.funding in FUNDING, "unknown funding source {funding!r}; sources are {funding2}",
                                         funding=self.funding, funding2=', '.join(FUNDING))
        return self.record(ctx, self.funding)

    def record(self, ctx: Context, funding: str) -> Outcome:
        """Register the asset as funded by `funding`: one of FUNDING, or UNDER_CONTRACT when procurement
        receives it under a supplier's contract (the supplier is paid later, so the ledger owes it meanwhile)."""
        inventory = _number(self.inventory, "inventory number")
        require(ctx.find(Asset, asset_id(inventory)) is None, "inventory number {inventory} is already registered",
                                                              inventory=inventory)
        require(self.category in CATEGORIES, "unknown category {category!r}; categories are {categories}",
                category=self.category, categories=", ".join(CATEGORIES))
        donor = ""
        if funding == "donor project":
            require(self.donor_project.strip(), "an asset funded by a donor project names the project's code")
            donor = _donor_project(ctx, self.donor_project, self.acquired_on)
        else:
            require(not self.donor_project.strip(), "an asset funded by the {funding} names no donor project",
                                                    funding=funding)
        location = _location(ctx, self.location)
        a = ctx.add(Asset._create(Asset.Registered, id=asset_id(inventory), inventory=inventory,
                                  category=self.category, description=optional(self.description, "description"),
                                  serial=optional(self.serial, "serial number", REF),
                                  cost=_money(self.cost, "cost"), funding=funding, donor_project=donor,
                                  location=location.name, acquired_on=self.acquired_on,
                                  next_service=self.next_service, envelope=ctx.envelope))
        location.trigger_event(Location.AssetArrived, asset_id=a.id, inventory=inventory, envelope=ctx.envelope)
        return Outcome(message=Message("asset {inventory} registered", inventory=inventory), record_ids=[a.id])


def _parse_commission(label: str) -> tuple[str, int, int | None]:
    """'PE26/001' or 'PE26/001-0003' -> (election, constituency, precinct)."""
    election, sep, rest = label.strip().upper().partition("/")
    constituency, dash, precinct = rest.partition("-")
    require(sep and constituency.isdigit() and (not dash or precinct.isdigit()),
            "a commission is named like PE26/001 or PE26/001-0003, not {label!r}", label=label.strip())
    return election, int(constituency), int(precinct) if dash else None


@rule(Employee, "assets.issue")
def employee_custodian(e: Employee) -> str | None:
    """An employee receives an asset while employed (and before the last working day: the date is checked when it is
    issued). `Employee.take` enforces it through the same answer; the employee's card asks it."""
    return e.receiving_refusal("asset")


class IssueAsset(Command, frozen=True, kw_only=True):
    name = "assets.issue"
    title = "Issue an asset to a custodian"
    inventory: str
    custodian_kind: str
    custodian: str  # personnel number, unit code, or commission like PE26/001-0003
    on: date

    def execute(self, ctx: Context) -> Outcome:
        a = find_asset(ctx, self.inventory)
        kind = self.custodian_kind
        require(kind in CUSTODIANS, "unknown custodian kind {kind!r}; kinds are {custodians}", kind=kind,
                                    custodians=', '.join(CUSTODIANS))
        holder: Any
        if kind == "employee":
            holder = find_employee(ctx, self.custodian)
            a.issue(kind, holder.id, holder.number, holder.full_name, self.on, ctx.envelope)
            holder.take("asset", a.id, str(a.label), self.on, ctx.envelope)  # stored: plain text
        elif kind == "unit":
            holder = ctx.get(Unit, unit_id(self.custodian), Message("no unit with code {code!r}",
                code=self.custodian.strip().upper()))
            require(holder.active, "unit {holder_code} is dissolved", holder_code=holder.code)
            a.issue(kind, holder.id, holder.code, holder.name, self.on, ctx.envelope)
        else:
            election, constituency, precinct = _parse_commission(self.custodian)
            holder = ctx.get(Commission, commission_id(election, constituency, precinct),
                             Message("no commission {custodian}", custodian=self.custodian.strip().upper()))
            require(holder.active, "commission {holder_label} is dissolved", holder_label=holder.label)
            a.issue(kind, holder.id, holder.label, holder.name, self.on, ctx.envelope)
        return Outcome(message=Message("asset {inventory} issued to {custodian}", inventory=a.inventory,
                                       custodian=a.custodian), record_ids=[a.id])


class ReturnAsset(Command, frozen=True, kw_only=True):
    name = "assets.return"
    title = "Return an asset to store"
    inventory: str
    returned_by: str  # the current custodian: personnel number, unit code or commission label
    condition: str = "good"
    on: date

    def execute(self, ctx: Context) -> Outcome:
        a = find_asset(ctx, self.inventory)
        kind, holder_id = a.custodian_kind, a.custodian_id
        a.give_back(self.returned_by, self.condition, self.on, ctx.envelope)
        if kind == "employee":
            ctx.get(Employee, holder_id, "the custodian is missing").release("asset", a.id, ctx.envelope)
        return Outcome(message=Message("asset {inventory} returned to store", inventory=a.inventory), record_ids=[a.id])


class RelocateAsset(Command, frozen=True, kw_only=True):
    name = "assets.relocate"
    title = "Relocate an asset"
    inventory: str
    location: Name
    on: date

    def execute(self, ctx: Context) -> Outcome:
        a = find_asset(ctx, self.inventory)
        a._movable()
        a.relocate(_location(ctx, a.location), _location(ctx, self.location), self.on, ctx.envelope)
        return Outcome(message=Message("asset {inventory} moved to {location}", inventory=a.inventory,
                                       location=a.location), record_ids=[a.id])


class StartMaintenance(Command, frozen=True, kw_only=True):
    name = "assets.maintenance-start"
    title = "Send an asset for maintenance"
    inventory: str
    work: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        a = find_asset(ctx, self.inventory)
        a.start_maintenance(self.on, self.work, ctx.envelope)
        return Outcome(message=Message("asset {inventory} in maintenance", inventory=a.inventory), record_ids=[a.id])


class EndMaintenance(Command, frozen=True, kw_only=True):
    name = "assets.maintenance-end"
    title = "Take an asset back from maintenance"
    inventory: str
    on: date
    condition: str = "good"
    next_service: date | None = None

    def execute(self, ctx: Context) -> Outcome:
        a = find_asset(ctx, self.inventory)
        a.end_maintenance(self.on, self.next_service, self.condition, ctx.envelope)
        return Outcome(message=Message("asset {inventory} back in store", inventory=a.inventory), record_ids=[a.id])


class ReportLoss(Command, frozen=True, kw_only=True):
    name = "assets.loss"
    title = "Report an asset lost"
    needs_reason = True
    inventory: str
    on: date

    def execute(self, ctx: Context) -> Outcome:
        a = find_asset(ctx, self.inventory)
        kind, holder_id = a.custodian_kind, a.custodian_id
        a.report_loss(self.on, _location(ctx, a.location), ctx.envelope)
        if kind == "employee":  # reported lost: no longer held, so it no longer blocks a separation
            ctx.get(Employee, holder_id, "the custodian is missing").release("asset", a.id, ctx.envelope)
        return Outcome(message=Message("asset {inventory} reported lost", inventory=a.inventory), record_ids=[a.id])


class WriteOffAsset(Command, frozen=True, kw_only=True):
    name = "assets.write-off"
    title = "Write an asset off by an act"
    needs_reason = True
    inventory: str
    act_number: str
    on: date
    write_off_reason: str

    def execute(self, ctx: Context) -> Outcome:
        a = find_asset(ctx, self.inventory)
        a.write_off(self.act_number, self.on, self.write_off_reason, _location(ctx, a.location), ctx.envelope)
        return Outcome(message=Message("asset {inventory} written off", inventory=a.inventory), record_ids=[a.id])


class CountInventory(Command, frozen=True, kw_only=True):
    name = "assets.count"
    title = "Record an inventory count at a location"
    count_number: str
    location: Name
    counted_on: date
    found: str  # inventory numbers found, separated by commas or spaces

    def execute(self, ctx: Context) -> Outcome:
        number = _number(self.count_number, "count number")
        require(ctx.find(InventoryCount, count_id(number)) is None, "count {number} is already recorded",
                                                                    number=number)
        location = ctx.find(Location, location_id(self.location or " "))
        require(location is not None, "no assets were ever registered at {location!r}",
                                      location=self.location.strip())
        assert location is not None
        found = sorted({w.strip().upper() for w in self.found.replace(",", " ").split() if w.strip()})
        expected = set(location.assets)
        c = ctx.add(InventoryCount._create(
            InventoryCount.Recorded, id=count_id(number), number=number, location=location.name,
            counted_on=self.counted_on, found=found, missing=sorted(expected - set(found)),
            unexpected=sorted(set(found) - expected), envelope=ctx.envelope))
        return Outcome(message=Message("count {number}: {missing_count} missing, {unexpected_count} unexpected",
                                       number=number, missing_count=len(c.missing),
                                       unexpected_count=len(c.unexpected)),
                       record_ids=[c.id])
