"""The card, the pickers and the domain give one answer (issue 13, "rules only in the domain"), checked over the
demo history (and a few records in states it never reaches) for every record kind that has card actions:

- every action a card offers, run with its prefilled values (the rest filled as a clerk would: a reference from
  its picker, today's date, a small amount, a fresh text), is accepted by the domain in a dry run;
- where the domain says what a record's state allows (`domain.rules.allows`: the record's own RULED_COMMANDS and
  the rules other contexts declare on it, asked as the card asks it: for today and the acting user), the card
  offers such a command exactly when the domain allows it; and a dry run of any command the card offers on some
  records of a kind but not on this one is refused;
- every candidate a reference picker lists for such a record is one the domain allows, and every record it
  leaves out is one the domain refuses.

Actions whose remaining fields cannot be filled from the record and the registers (a person to name, a fact to
state) are skipped with their reason in NEEDS_INPUT; the test fails when such an entry is no longer needed.
"""

from __future__ import annotations

import ast
import importlib
import itertools
import pkgutil
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from domain.application import Secretariat
from domain.commands import COMMANDS
from domain.depreciation import BOOK_ID, Capitalisation, capitalise_refusal
from domain.errors import Refused
from domain.records import Record
from domain.rules import allows, condition, declared_rules, ruled_commands
from projections.conditions import sql
from projections.runner import Registers
from tests.demo_store import DemoStores, caught_up, demo_copy
from tui.plugins import modules
from tui.screens.card import Action, actions_for
from tui.widgets.fields import Reference, form_fields, hints

TODAY = date(2026, 12, 1)  # the day after the demo's history ends
FIND: list[Any] = [None]  # the demo store's `find`, as the card passes it to plugins reading other records
ACTOR: list[Any] = [None]  # the administrator's id: the card leaves out what the domain refuses to who acts
SAMPLE = 3  # records tried per kind and card state (the set of commands its card offers)

# (record kind, command): why a dry run cannot fill the action's remaining fields from the record and the
# registers alone. These are skipped (the domain's refusal is about the values, not the record's state).
NEEDS_INPUT: dict[tuple[str, str], str] = {
    ("Activity", "plan.reschedule"): "moving a legal deadline names the Commission's decision in the reason",
    ("Asset", "assets.issue"): "the custodian is typed (a personnel number, unit or commission) to match its kind",
    ("BudgetLine", "budgets.revise-line"): "the revised amount must stay above what is allocated",
    ("BudgetLine", "allocations.allocate"): "a commission of an election not yet over is typed (no picker scope)",
    ("Calendar", "calendar.set-weekend"): "a weekend other than the current one is typed",
    ("Candidate", "candidates.withdraw"): "the withdrawal's date decides (within the election plan's window)",
    ("Commission", "commissions.establish"): "a precinct number not yet taken is typed",
    ("Commission", "commissions.remove"): "a member's name is typed",
    ("CourtCase", "legal.schedule-hearing"): "the hearing's date must follow the last one",
    ("Decision", "acts.repeal"): "a later normative act must exist to repeal it",
    ("Decision", "acts.amend"): "a later normative act must exist to amend it",
    ("Employee", "staff.promote"): "the personnel order it cites is typed",
    ("Employee", "staff.separate"): "the personnel order it cites is typed",
    ("Employee", "staff.transfer"): "the personnel order it cites is typed",
    ("Item", "items.reorder-level"): "the form proposes the current level; a different one is typed",
    ("Item", "stock.receive"): "a numbered item's serial range is typed",
    ("PayrollRun", "payroll.correct"): "an employee of that payroll is picked (the picker lists all employees)",
    ("Position", "staff.hire"): "a fixed term's end date, and the order the hire cites, are typed",
    ("Reception", "appeals.register"): "the registration date must follow the series' last one",
    ("Session", "training.attendance"): "an enrolled participant's number is typed",
    ("Session", "training.certify"): "an enrolled participant's number is typed",
    ("Session", "training.score"): "an enrolled participant's number is typed",
    ("Session", "training.enrol"): "a personnel number is typed",
    ("Session", "sessions.notify"): "a member, or else an invited person's accreditation, is named (not both)",
    ("Stock", "stock.receive"): "a numbered item's serial range is typed",
    ("Stock", "stock.move"): "a numbered item's serial range is typed",
    ("Stock", "stock.write-off"): "a numbered item's serial range is typed",
    ("VoterFigure", "voters.report"): "the form proposes the current figures; changed ones are typed",
    ("Warehouse", "dispatches.send"): "a commission of an election not yet over is typed (no picker scope)",
    ("Appeal", "appeals.answer"): "a response letter registered after the appeal is picked",
    ("Calendar", "calendar.remove-holiday"): "the date of a holiday is typed",
    ("User", "users.preferences"): "the form proposes the current choices; a different one is chosen",
    ("Campaign", "media.report-reach"): "a unit the campaign runs in is typed",
}
# command: why a dry run of a picker's candidate cannot fill the rest of the form (the card fills it from the record).
PICKER_NEEDS_INPUT: dict[str, str] = {
    "allocations.verify-report": "the accepted amount is typed (the card proposes the reported one)",
    "assets.return": "who returns it is typed: its custodian (the card proposes them)",
    "correspondence.return": "who gives it back is typed: its holder (the card proposes them)",
    "decisions.publish": "a medium it is not yet published in is chosen (the card proposes one)",
    "decisions.register": "the adopted item awaiting its decision is typed (the card proposes it)",
    "sessions.vote": "an item not yet voted on is typed (the card proposes it)",
    "donors.settle-advance": "an open advance's number is typed (the card proposes a lone one)",
    "legal.record-hearing": "the date of a scheduled hearing is typed",
    "party-reports.publish": "the year of an expected report is typed",
    "party-reports.review": "the year of an expected report is typed",
    "party-reports.submit": "the year of an expected report is typed",
}
# (record kind, command): the card offers it, and the domain may refuse it for a reason beyond the records' state.
BEYOND_STATE: dict[tuple[str, str], str] = {
    ("Session", "sessions.roll-call"): "every member of the Commission (another record) may be marked already",
}
# command: the domain's answer for a record whose rule is asked of a view joining it with another record (an asset
# as capitalising it sees it: with the fixed-asset book), as the card asks it; its kinds declare STATE_RULES too.
VIEW_RULES: dict[str, Callable[[Any], str | None]] = {
    "depreciation.capitalise": lambda asset: capitalise_refusal(FIND[0](BOOK_ID), asset),
}
VIEWS: tuple[type, ...] = (Capitalisation,)


def _kinds() -> list[str]:
    return sorted({kind.rsplit(".", 1)[-1] for m in modules() for kind in getattr(m, "ACTIONS", {})})


@pytest.fixture(scope="module")
def demo(demo_stores: DemoStores,
         tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Secretariat, Registers, dict[str, list[Any]]]]:
    with demo_copy(demo_stores, tmp_path_factory.mktemp("rules")) as app:
        _states_the_demo_lacks(app, _records_by_kind(app))
        with caught_up(app) as registers:
            FIND[0], ACTOR[0] = app.find, app.actor("admin").id
            yield app, registers, _records_by_kind(app)


def _states_the_demo_lacks(app: Secretariat, records: dict[str, list[Any]]) -> None:
    """Records in states the demo's history never reaches, so that both answers of their rules are tried: a
    dissolved unit, an abolished post, a visit and a trip abroad still planned."""
    office = next(u.code for u in records["Unit"] if u.kind == "office" and u.active)
    election = records["Election"][-1].code
    later = TODAY + timedelta(days=10)
    steps = [("units.establish", {"code": "RULES-GONE", "unit_name": "Dissolved", "kind": "department",
                                  "parent": office}),
             ("units.dissolve", {"code": "RULES-GONE", "effective": TODAY}),
             ("positions.establish", {"unit": office, "code": "RULES-GONE", "position_title": "Abolished"}),
             ("positions.abolish", {"unit": office, "code": "RULES-GONE", "effective": TODAY}),
             ("delegations.plan-visit", {"organisation": "Central Election Commission", "country": "Kazakhstan",
                                         # ahead (cancelled before it begins), over a date a form's filling tries
                                         "arrives": date(2027, 1, 14), "departs": date(2027, 1, 17),
                                         "programme": "Exchange of experience", "members": "Two members"}),
             ("delegations.plan-trip", {"election": election, "member": "A. Member", "destination": "Almaty",
                                        "purpose": "Observation", "departs": later,
                                        "returns": later + timedelta(days=3)})]
    app.handle_many([(app.command(name, values), "states the demo lacks") for name, values in steps], user="admin",
                    command_id_prefix="rules-states")
    _a_session_still_open(app, records, office)


def _a_session_still_open(app: Secretariat, records: dict[str, list[Any]], unit: str) -> None:
    """A session the demo leaves open, and its acts: an item voted and adopted with no decision yet, an item not yet
    voted on, a normative act not yet sent to the State Register and one sent, awaiting its number."""
    def run(name: str, values: dict[str, Any]) -> Any:
        return app.handle(app.command(name, values), user="admin", reason="states the demo lacks")

    cec = next(c for c in records["Commission"] if c.election_id is None and c.active)
    chair = next(member for member, role in cec.members.items() if role == "chair")
    convened = run("sessions.convene", {"held_on": TODAY, "place": "Hall", "chair": chair})
    session = app.find(convened.outcome.record_ids[0])
    for n in range(4):
        run("sessions.add-item", {"session": session.number, "item_title": f"Rules {n + 1}", "unit": unit,
                                  "item_kind": "normative act"})
    for member in cec.members:
        run("sessions.attendance", {"session": session.number, "member": member})
    run("sessions.open", {"session": session.number, "on": TODAY})
    for item in (1, 2, 3):
        run("sessions.vote", {"session": session.number, "item": item, "votes_for": len(cec.members)})
    acts = [app.find(run("decisions.register", {"session": session.number, "item": item, "normative": True})
                     .outcome.record_ids[0]).number for item in (1, 2)]
    run("decisions.send-to-state-register", {"decision": acts[0], "on": TODAY})


def _records_by_kind(app: Secretariat) -> dict[str, list[Any]]:
    ids: dict[UUID, None] = {}
    start = 1
    while notifications := app.recorder.select_notifications(start=start, limit=5000):
        ids.update((n.originator_id, None) for n in notifications)
        start = notifications[-1].id + 1
    out: dict[str, list[Any]] = defaultdict(list)
    for record_id in ids:
        record = app.find(record_id)
        out[type(record).__name__].append(record)
    return out


def _sample(records: list[Any]) -> list[Any]:
    """Up to SAMPLE records in each state: the set of commands the card offers on them, and the set the domain
    refuses them (a card that offers a refused command shares its set with records where it is allowed)."""
    states: dict[tuple[tuple[str, ...], tuple[str, ...]], list[Any]] = defaultdict(list)
    for r in records:
        refused = tuple(sorted(c for c in ruled_commands(r) if asked(r, c) is not None))
        states[tuple(sorted(a.command for a in card_actions(r))), refused].append(r)
    return [r for group in states.values() for r in group[:SAMPLE]]


def card_actions(record: Any) -> list[Action]:
    """What the card offers the administrator on the record (the trial acts as the administrator)."""
    return actions_for(record, FIND[0], ACTOR[0])


def asked(record: Any, command: str) -> str | None:
    """The domain's answer as the card asks it: for today, and for the administrator."""
    return allows(record, command, on=date.today(), actor=ACTOR[0])


_fresh = itertools.count(1)


def candidates(registers: Registers, ref: Reference, limit: int = 1, scope: str = "") -> list[str]:
    """What the picker lists first (as the form's type-ahead does, without typed text)."""
    where, params = " AND active = 1" if ref.active_only and ref.table in ("units", "users") else "", ()
    if ref.where:
        where += f" AND ({ref.where})"
    if ref.scope and scope:
        where, params = where + f" AND {ref.scope[0]} = ?", (scope.upper(),)
    rows = registers.db.execute(registers.conn, f"SELECT {ref.value} FROM {ref.table} WHERE 1 = 1{where} "
                                f"ORDER BY {ref.value} LIMIT ?", (*params, limit))
    return [str(r[0]) for r in rows]


def _variants(registers: Registers, f: Any, values: dict[str, Any]) -> list[Any]:
    """What a clerk might enter in an empty required field: a picker's first candidates, a few dates (today
    first), small numbers, each choice, a fresh text."""
    if f.kind == "reference" and f.reference is not None:
        scope = str(values.get(f.reference.scope[1], "")) if f.reference.scope else ""
        return candidates(registers, f.reference, limit=4, scope=scope) or [""]
    return {"date": [TODAY, date(2027, 1, 15), date(2026, 9, 1), date(2026, 3, 1)],
            "amount": [Decimal("1.00"), Decimal("100.00")], "int": [1, 50, 99, 2020],
            "choice": list(f.choices)}.get(f.kind) or [f"T{next(_fresh)}"]


def fillings(registers: Registers, action: Action, tries: int = 40) -> Iterator[dict[str, Any]]:
    """The action's values with every required field it leaves empty filled, in up to `tries` ways."""
    empty = [f for f in form_fields(COMMANDS[action.command]) if action.values.get(f.name) in (None, "")
             and (f.required or (f.kind == "int" and f.default == "0"))]  # a count left at 0 is one to fill
    plain = [f for f in empty if not (f.kind == "reference" and f.reference is not None and f.reference.scope)]
    scoped = [f for f in empty if f not in plain]
    for combo in itertools.islice(itertools.product(*(_variants(registers, f, action.values) for f in plain)),
                                  tries):
        out = {**action.values, **{f.name: v for f, v in zip(plain, combo, strict=True)}}
        for f in scoped:  # a scoped reference after the field it depends on
            out[f.name] = _variants(registers, f, out)[0]
        yield out


def attempt(app: Secretariat, registers: Registers, action: Action) -> tuple[str | None, frozenset[UUID]]:
    """The first filling the domain accepts in a dry run (None and the records it would change), else the
    last refusal."""
    refusal = None
    for values in fillings(registers, action):
        refusal, changed = trial(app, action.command, values)
        if refusal is None:
            return None, changed
    return refusal, frozenset()


def trial(app: Secretariat, command: str, values: dict[str, Any]) -> tuple[str | None, frozenset[UUID]]:
    """A dry run as the administrator: (the domain's refusal or None, the records it would change)."""
    try:
        result = app.handle_many([(app.command(command, values), "trial run of a card action")], user="admin",
                                 command_id_prefix=uuid.uuid4().hex, dry_run=True)
    except Refused as e:
        return str(getattr(e, "cause", e)), frozenset()
    return None, result.would_change


@pytest.mark.parametrize("kind", _kinds())
def test_every_action_a_card_offers_is_accepted_by_the_domain(demo: Any, kind: str) -> None:
    app, registers, records = demo
    disagreements, skipped = [], set()
    for record in _sample(records.get(kind, [])):
        for action in card_actions(record):
            refusal, _ = attempt(app, registers, action)
            state_refusal = asked(record, action.command)
            if refusal is None:
                continue
            if state_refusal is None and (kind, action.command) in {**NEEDS_INPUT, **BEYOND_STATE}:
                skipped.add((kind, action.command))
                continue
            disagreements.append(f"{kind} {getattr(record, 'code', record.id)}: the card offers "
                                 f"{action.command}, the domain refuses: {refusal}")
    stale = {k for k in {**NEEDS_INPUT, **BEYOND_STATE} if k[0] == kind} - skipped
    assert not disagreements, "\n".join(disagreements)
    assert not stale, f"NEEDS_INPUT entries no longer needed: {stale}"


def _own_commands(app: Secretariat, registers: Registers,
                  records: list[Any]) -> dict[str, tuple[type, dict[str, str]]]:
    """Commands the card offers on records of one kind that change the record itself, each with the record class
    it was learned from (two contexts may name a class alike: a Commission session, a training session) and how its
    fixed values come from the record (field -> the record's attribute), learned from a record it was offered on."""
    out: dict[str, tuple[type, dict[str, str]]] = {}
    for record in records:
        for action in card_actions(record):
            if action.command in out:
                continue
            refusal, changed = attempt(app, registers, action)
            if refusal is not None or record.id not in changed:
                continue
            own = {k: v for k, v in vars(record).items() if not k.startswith("_")}
            template = {f: f if f in own and own[f] == action.values[f] else
                        next((k for k, v in own.items() if v is not None and v == action.values[f]), "")
                        for f in action.fixed}
            if all(template.values()):
                out[action.command] = type(record), template
    return out


@pytest.mark.parametrize("kind", _kinds())
def test_the_domain_refuses_exactly_what_a_card_does_not_offer(demo: Any, kind: str) -> None:
    app, registers, records = demo
    sample = _sample(records.get(kind, []))
    own = _own_commands(app, registers, sample)
    disagreements = []
    for record in sample:
        offered = {a.command for a in card_actions(record)}
        for command in ruled_commands(record):  # the domain's answer (the record's or another context's), both ways
            refusal = asked(record, command)
            if (refusal is None) != (command in offered):
                disagreements.append(f"{kind} {getattr(record, 'code', record.id)}: the domain "
                                     f"{'allows' if refusal is None else 'refuses'} {command}, "
                                     f"the card {'offers' if command in offered else 'does not offer'} it")
        for command, (learned_from, template) in own.items():
            if command in offered or type(record) is not learned_from:
                continue
            action = Action("", "", command, {f: getattr(record, attr) for f, attr in template.items()},
                            frozenset(template))
            refusal, changed = attempt(app, registers, action)
            if refusal is None and record.id in changed:
                disagreements.append(f"{kind} {getattr(record, 'code', record.id)}: the card does not offer "
                                     f"{command}, the domain accepts it")
    assert not disagreements, "\n".join(disagreements)


def test_every_state_rule_names_a_command(demo: Any) -> None:
    for kind in demo[2].values():
        assert ruled_commands(kind[0]) <= set(COMMANDS), type(kind[0]).__name__


def test_a_picker_lists_exactly_the_records_the_domain_allows(demo: Any) -> None:
    """Every picker of a field naming the record a command changes, where that record's kind rules on the command
    (RULED_COMMANDS): its candidates are exactly the records whose `allows` says yes (a value naming several records
    is listed when one of them is allowed); where the rule declares its condition (domain.conditions), the picker
    filters by that condition as the projection writes it, not by one of its own. Pickers of other fields
    (a person, a later act) name records the command's state rule does not judge."""
    app, registers, records = demo
    targets = _picked_attributes(records)
    checked, wrong = [], []
    for (command, field), ref in sorted(hints()["COMMAND_REFERENCES"].items()):
        columns = {r[1] for r in registers.db.execute(registers.conn, f"PRAGMA table_info({ref.table})")}
        if (command, field) not in targets or ("id" not in columns and (ref.scope or not targets[command, field][1])):
            continue
        # a scoped picker (positions of the chosen unit) names a record by the scope's value and its own
        key = f"{ref.scope[0]} || '/' || {ref.value}" if ref.scope else ref.value
        listed = set(candidates(registers, Reference(ref.table, key, ref.label, ref.active_only, ref.where),
                                limit=100_000))
        if "id" in columns:
            rows = registers.db.execute(registers.conn, f"SELECT id, {key} FROM {ref.table}")
            judged = [(str(value), app.find(UUID(record_id))) for record_id, value in rows]
        else:  # rows without the record's id: the records of the card's kind, by the attribute the card fills in
            kind_name, attribute = targets[command, field]
            judged = [(str(getattr(r, attribute)), r) for r in records[kind_name]]
        judged = [(value, r) for value, r in judged if command in ruled_commands(r) or command in VIEW_RULES]
        answer = VIEW_RULES.get(command, lambda r, c=command: allows(r, c))
        if judged:
            checked.append(command)
            kinds = [type(judged[0][1]), *VIEWS]
            declared = [k for k in kinds if condition(k, command) is not None]
            if declared and written(declared[0], command) not in ref.where:
                wrong.append(f"{command} {field}: the picker filters by {ref.where!r}, not by the condition the "
                             f"domain declares ({written(declared[0], command)!r})")
        # a value may name several records (a party's reports, one a year): it is listed when one is allowed
        allowed = {value for value, r in judged if answer(r) is None}
        refusals = {value: str(answer(r)) for value, r in judged if value not in allowed}
        wrong += [f"{command} {field} {value}: the picker {'lists' if value in listed else 'leaves out'} it, the "
                  f"domain {'allows it' if value in allowed else 'refuses: ' + refusals[value]}"
                  for value in sorted({value for value, _ in judged}) if (value in listed) != (value in allowed)]
    assert not wrong, "\n".join(wrong)
    assert {"allocations.close", "allocations.submit-report", "assets.issue", "acts.repeal", "correspondence.file",
            "accreditation.revoke", "party-reports.publish", "training.enrol", "media.decide-finding",
            "contracts.pay", "sessions.vote", "decisions.register", "decisions.publish",
            "decisions.send-to-state-register", "decisions.state-registered", "acts.amend",
            "depreciation.capitalise"} <= set(checked)


def _picked_attributes(records: dict[str, list[Any]]) -> dict[tuple[str, str], tuple[str, str]]:
    """(command, field) of the actions cards offer -> (the record's kind, the attribute the card fills the field
    from: the same name, else the one holding its value; "" when none does)."""
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for kind, rs in records.items():
        for r in _sample(rs):
            own = {k: v for k, v in vars(r).items() if not k.startswith("_")}
            for a in card_actions(r):
                for f in a.fixed:
                    attribute = f if f in own and own[f] == a.values[f] else next(
                        (k for k, v in own.items() if v is not None and v == a.values[f]), "")
                    if not out.get((a.command, f), ("", ""))[1]:
                        out[a.command, f] = (kind, attribute)
    return out


def test_a_pickers_first_candidates_are_accepted_by_the_domain(demo: Any) -> None:
    """Pickers whose records declare no state rule for the command: the first few candidates, each run in a dry
    run with the rest of the form filled as a clerk would, are accepted (unless the values decide: NEEDS_INPUT)."""
    app, registers, records = demo
    targets = {(a.command, f): kind for kind, rs in records.items() for r in rs for a in card_actions(r)
               for f in a.fixed}
    wrong = []
    for (command, field), ref in sorted(hints()["COMMAND_REFERENCES"].items()):
        kind = targets.get((command, field))
        if kind is None or (kind, command) in {**NEEDS_INPUT, **BEYOND_STATE} or command in PICKER_NEEDS_INPUT:
            continue
        for value in candidates(registers, ref, limit=3):
            refusal, _ = attempt(app, registers, Action("", "", command, {field: value}, frozenset({field})))
            if refusal is not None:
                wrong.append(f"{command} {field} {value}: the picker lists it, the domain refuses: {refusal}")
    assert not wrong, "\n".join(wrong)


# ---- the interface's own code: no state tested again, and every question names a rule ----------------------

UI = Path(__file__).resolve().parents[2] / "tui"
# (module, function): a comparison of a record's status in the interface that describes the state (a note, a
# label's wording) and decides no command: what it would ask the domain has no rule to ask.
DESCRIBES_STATE: dict[tuple[str, str], str] = {
    ("tui/contexts/parties.py", "party_notes"): "how a merged, dissolved or suspended party stands",
    ("tui/contexts/personnel.py", "trip_notes"): "a settled or cancelled trip's outcome",
    ("tui/contexts/correspondence.py", "document_notes"): "a registered letter awaiting the chairman's resolution",
    ("tui/contexts/stakeholders.py", "party_report_actions"): "the label of a report received again",
    ("tui/contexts/assets.py", "asset_notes"): "a written-off asset's end",
}


@cache
def _ui_functions() -> tuple[tuple[str, str, ast.AST], ...]:
    """(module, function, its tree) for every function in tui/, parsed once for the tests below."""
    out = []
    for path in sorted(UI.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        name = str(path.relative_to(UI.parent))
        out += [(name, node.name, node) for node in ast.walk(tree) if isinstance(node, ast.FunctionDef)]
    return tuple(out)


def _is_state_word(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    return isinstance(node, ast.Tuple | ast.List | ast.Set) and all(_is_state_word(e) for e in node.elts)


def test_the_interface_does_not_test_a_records_state_again() -> None:
    """A comparison of a record's `status` or `state` with words, in tui/, decides what a card shows or offers by a
    rule of its own: it asks the domain instead (`allows`), unless it only describes the state (DESCRIBES_STATE)."""
    found = set()
    for module, function, node in _ui_functions():
        for compare in (n for n in ast.walk(node) if isinstance(n, ast.Compare)):
            sides = [compare.left, *compare.comparators]
            if any(isinstance(s, ast.Attribute) and s.attr in ("status", "state") for s in sides) and any(
                    _is_state_word(s) for s in sides):
                found.add((module, function))
    assert found - set(DESCRIBES_STATE) == set(), "ask the domain (allows) instead"
    assert set(DESCRIBES_STATE) <= found, "DESCRIBES_STATE entries no longer needed"


def _ruled_anywhere() -> set[str]:
    kinds: list[type] = [Record]
    for kind in kinds:
        kinds += kind.__subclasses__()
    return {c for kind in kinds for c in getattr(kind, "RULED_COMMANDS", ())} | {
        c for _kind, c in declared_rules()}


def test_every_question_the_interface_asks_names_a_rule() -> None:
    """Each command named in tui/ to `record.allows(...)`, `allows_on`, `allows_for` or `allows(record, ...)` is one
    some record's state rules on: a misspelt or unruled name would be answered 'allowed' for every record."""
    ruled, asked = _ruled_anywhere(), []
    for module, _function, node in _ui_functions():
        for call in (n for n in ast.walk(node) if isinstance(n, ast.Call)):
            name = call.func.attr if isinstance(call.func, ast.Attribute) else getattr(call.func, "id", "")
            if name not in ("allows", "allows_on", "allows_for"):
                continue
            args = call.args[1:] if isinstance(call.func, ast.Name) else call.args
            if args and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
                asked.append((module, args[0].value))
    assert len(asked) > 30
    assert not [(m, c) for m, c in asked if c not in ruled]


@cache
def _reads() -> dict[type, dict[str, str]]:
    """How the domain's attributes read in the registers' rows, as each projection module declares (READS)."""
    import projections

    return {kind: r for info in pkgutil.iter_modules(projections.__path__)
            for kind, r in getattr(importlib.import_module(f"projections.{info.name}"), "READS", {}).items()}


def written(kind: type, command: str) -> str:
    """The condition the domain declares for `command` on a `kind` record, as its projection writes the filter."""
    declared = condition(kind, command)
    assert declared is not None
    return sql(declared, _reads().get(kind))


def test_every_declared_condition_is_what_its_commands_picker_filters_by() -> None:
    """A rule declared as conditions (a StateRule: allocations, donor projects, payroll runs, visits, trips, legal
    opinions...) is the filter of its command's picker, as the projection writes it: the picker lists no record
    the domain refuses and leaves out none it allows, whatever states the demo reaches."""
    kinds: list[type] = [Record]
    for kind in kinds:
        kinds += kind.__subclasses__()
    kinds += VIEWS
    declared = {(kind, c) for kind in kinds for c in getattr(kind, "STATE_RULES", {})} | {
        (kind, c) for kind, c in declared_rules() if condition(kind, c) is not None}
    references = hints()["COMMAND_REFERENCES"]
    unused = []
    for kind, command in sorted(declared, key=str):
        pickers = [ref for (c, _field), ref in references.items() if c == command]
        if pickers and not any(written(kind, command) in ref.where for ref in pickers):  # none: the code is typed
            unused.append(f"{kind.__name__} {command}")
    assert len(declared) >= 20
    assert not unused, "no picker of these commands filters by the declared condition"
