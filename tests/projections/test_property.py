"""Property: for random sequences of commands (valid and refused), on SQLite and PostgreSQL, the
incrementally maintained registers equal a from-scratch rebuild and an as-of view at the head, an as-of
view at a middle position equals the registers of a store that only ever saw the prefix, the event log
as of that position cut from its live tables equals the event log folded up to it, and every register as
of that position started from the rebuild's nearest snapshot equals the same register folded from the
start."""

from __future__ import annotations

import importlib
from datetime import date
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain import access, organisation
from domain.errors import Refused
from projections.asof import as_of
from projections.registers import registers as all_registers
from projections.runner import Registers
from projections.snapshots import nearest
from tests.conftest import STORES
from tests.contexts import story_modules
from tests.pg import POOLED, SchemaPool
from tests.projections.support import fresh_store, snapshot

# Mostly valid plans, so that most generated commands are accepted; the rest are refused and must
# leave no trace.
PLAN = {"HQ": ("office", None), "FIN": ("department", "HQ"), "HR": ("sector", "FIN"), "KBL": ("provincial", None),
        "HRT": ("provincial", "HQ")}
UNITS = st.sampled_from(sorted(PLAN))
USERS = st.sampled_from(["ana", "bek", "cem"])
ELECTIONS = st.sampled_from(["PE26", "PE26", "PE26", "LE27"])
CONSTITUENCY = st.sampled_from([1, 1, 1, 2])
PRECINCT = st.sampled_from([None, None, None, 1, 2])
DAY = st.dates(date(2026, 1, 1), date(2026, 12, 31))
NAMES = st.sampled_from(["Main", "Finance [b]x[/b]", "Kabul [/x]", "Herat"])
MEMBERS = st.sampled_from(["Aliyev", "Karimi", "Nazari"])


def _planned_unit(code: str, name: str) -> organisation.EstablishUnit:
    kind, parent = PLAN[code]
    return organisation.EstablishUnit(code=code, unit_name=name, kind=kind, parent=parent)


SETUP = st.one_of(
    st.builds(_planned_unit, UNITS, NAMES),
    st.builds(organisation.ScheduleElection, code=ELECTIONS, election_name=st.just("Election"),
              kind=st.sampled_from(organisation.ELECTION_KINDS), voting_day=DAY),
    st.builds(organisation.EstablishCommission, election=ELECTIONS, constituency=CONSTITUENCY,
              precinct=PRECINCT, commission_name=NAMES),
    st.builds(access.AddUser, user=USERS, role=st.sampled_from(access.ROLES), office=st.none() | UNITS),
)
CHANGES = st.one_of(
    st.builds(organisation.EstablishUnit, code=UNITS, unit_name=NAMES, kind=st.sampled_from(organisation.UNIT_KINDS),
              parent=st.none() | UNITS),
    st.builds(organisation.RenameUnit, code=UNITS, unit_name=NAMES),
    st.builds(organisation.DissolveUnit, code=UNITS, effective=DAY),
    st.builds(organisation.EstablishPosition, unit=UNITS, code=st.sampled_from(["P1", "P2"]),
              position_title=st.just("Specialist")),
    st.builds(organisation.AbolishPosition, unit=UNITS, code=st.sampled_from(["P1", "P2"]), effective=DAY),
    st.builds(organisation.AppointMember, election=ELECTIONS, constituency=CONSTITUENCY, precinct=PRECINCT,
              member=MEMBERS, role=st.sampled_from(["member", "member", "chair", "secretary"])),
    st.builds(organisation.RemoveMember, election=ELECTIONS, constituency=CONSTITUENCY, precinct=PRECINCT,
              member=MEMBERS),
    st.builds(organisation.DissolveCommission, election=ELECTIONS, constituency=CONSTITUENCY, precinct=PRECINCT,
              effective=DAY),
    st.builds(access.GrantRole, user=USERS, role=st.sampled_from(access.ROLES)),
    st.builds(access.RevokeRole, user=USERS, role=st.sampled_from(access.ROLES)),
    st.builds(access.SetClearance, user=USERS, clearance=st.sampled_from(access.CLEARANCES)),
    st.builds(access.DeactivateUser, user=USERS),
)
# Short stories whose later commands act on what the earlier ones created.
STORIES = st.one_of(
    st.builds(lambda m, p: [organisation.AppointMember(election="PE26", constituency=1, precinct=p, member=m),
                            organisation.RemoveMember(election="PE26", constituency=1, precinct=p, member=m)],
              MEMBERS, PRECINCT),
    st.builds(lambda u, c, d: [organisation.EstablishPosition(unit=u, code=c, position_title="Officer"),
                               organisation.AbolishPosition(unit=u, code=c, effective=d)],
              st.sampled_from(["HQ", "FIN", "KBL"]), st.sampled_from(["P1", "P2"]), DAY),
    st.builds(lambda u, r: [access.AddUser(user=u, role="clerk"), access.GrantRole(user=u, role=r),
                            access.RevokeRole(user=u, role="clerk")], USERS, st.sampled_from(["head", "auditor"])),
)
# Each step: a command, and whether the registers catch up right after it. A fixed, valid preamble
# comes first so that later changes have records to act on.
PREAMBLE = [_planned_unit("HQ", "Secretariat"), _planned_unit("FIN", "Finance"), _planned_unit("KBL", "Kabul"),
            organisation.ScheduleElection(code="PE26", election_name="Parliamentary", kind="parliamentary",
                                          voting_day=date(2026, 9, 1)),
            organisation.EstablishCommission(election="PE26", constituency=1, commission_name="ConEC 1")]
# Each context's stories module (tests/projections/stories_<ctx>.py, where the context has one) adds its own
# preamble (after ours), single changes and stories; tests/test_contexts.py checks every context is covered.
CONTEXTS = [importlib.import_module(name) for name in story_modules()]
PREAMBLE += [c for m in CONTEXTS for c in m.PREAMBLE]
CHANGES = st.one_of(CHANGES, *(m.CHANGES for m in CONTEXTS if m.CHANGES is not None))
STORIES = st.one_of(STORIES, *(m.STORIES for m in CONTEXTS if m.STORIES is not None))
BODY = st.lists(st.one_of(SETUP.map(lambda c: [c]), CHANGES.map(lambda c: [c]), STORIES), min_size=6, max_size=20)
STEPS = st.builds(lambda flags, body: list(zip([*PREAMBLE, *(c for part in body for c in part)], flags, strict=False)),
                  st.lists(st.booleans(), min_size=160, max_size=160), BODY)


def _run(app: Any, registers: Registers, steps: list[tuple[Any, bool]]) -> list[int]:
    heads = []
    for command, catch_up in steps:
        try:
            app.handle(command, user="admin", reason="property test")
        except Refused:
            pass
        if catch_up:
            registers.catch_up()
        heads.append(app.head())
    registers.catch_up()
    return heads


def _check(kind: str, steps: list[tuple[Any, bool]], cut: int, every: int, pool: SchemaPool | None) -> None:
    with fresh_store(kind, pool) as app:
        registers = Registers(app)
        registers.setup()
        heads = _run(app, registers, steps)
        incremental = snapshot(registers.db, registers.conn)
        assert snapshot(*as_of(app, app.head())) == incremental
        registers.snapshot_every = every  # snapshots every few positions, so an as-of below starts from one
        registers.rebuild()
        assert snapshot(registers.db, registers.conn) == incremental
        middle = heads[min(cut, len(heads)) - 1]
        _check_snapshots(app, registers, middle, every)
        registers.close()
        for p in [p for p in registers.projections if p.cut]:  # the event log, cut from its live tables
            others = tuple(name for q in registers.projections if q is not p for name in _names(q))
            folded = snapshot(*as_of(app, middle, projections=[p]), skip=others)
            assert snapshot(*as_of(app, middle, registers=[p.name]), skip=others) == folded
            assert folded["event_log"]  # the cut was compared with rows, not with two empty tables
        with fresh_store(kind, pool) as prefix_app:
            prefix = Registers(prefix_app)
            prefix.setup()
            _run(prefix_app, prefix, steps[:cut])
            # The event log holds each store's own times, receipt and command ids: compare the other registers.
            own = ("event_log", "event_log_confidential", "event_log_confidential_commands")
            assert snapshot(*as_of(app, middle), skip=own) == snapshot(prefix.db, prefix.conn, skip=own)
            prefix.close()


def _names(p: Any) -> list[str]:
    """A projection's tables and views."""
    return [*(t.name for t in p.tables), *(name for name, _ in p.views)]


def _check_snapshots(app: Any, registers: Registers, middle: int, every: int) -> None:
    """Every register as of `middle`, each projection started from its nearest snapshot (asked for by register
    name), equals the same folded from the start (asked for by projection)."""
    names = {r.projection: r.name for r in all_registers().values()}
    viewed = [p for p in registers.projections if p.name in names and not p.cut]
    others = tuple(name for p in registers.projections if p not in viewed for name in _names(p))
    from_snapshots = snapshot(*as_of(app, middle, registers=[names[p.name] for p in viewed]), skip=others)
    assert from_snapshots == snapshot(*as_of(app, middle, projections=viewed), skip=others)
    if middle >= every:  # the rebuild wrote one at or below the middle: it was used, not only compared
        assert all(0 < nearest(registers.db, registers.conn, p, middle) <= middle for p in viewed)


@pytest.mark.timeout(1200)  # every example builds every register four times; the suite's 300 s is too short here
@pytest.mark.parametrize("kind", STORES)
def test_incremental_equals_rebuild_equals_as_of(kind: str, request: pytest.FixtureRequest) -> None:
    # on PostgreSQL, pooled schemas whose registers are set up (the prefix's store goes back to the pool; the first
    # store's rebuild changes its tables, so the pool drops it)
    pool = request.getfixturevalue("_schema_pool") if kind == "postgresql" and POOLED else None

    @settings(max_examples=15 if kind == "sqlite" else 6, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(steps=STEPS, cut=st.integers(1, 120), every=st.integers(1, 60))
    def prop(steps: list[tuple[Any, bool]], cut: int, every: int) -> None:
        _check(kind, steps, cut, every, pool)

    prop()
