"""Role sets are declared once (domain/roles.py) and every rule names one of them: a command's roles, a
register's readers. One name means one set everywhere; no other module spells a set of roles out again."""

from __future__ import annotations

import ast
from pathlib import Path

import domain.application  # noqa: F401  (every context's commands register themselves on import)
from domain import roles
from domain.commands import COMMANDS
from projections.registers import registers

DECLARED = {name: value for name, value in vars(roles).items() if isinstance(value, frozenset)}
ROOT = Path(__file__).resolve().parents[2]


def test_every_command_names_a_declared_role_set() -> None:
    odd = {name: sorted(cls.roles) for name, cls in COMMANDS.items() if cls.roles not in DECLARED.values()}
    assert not odd, odd


def test_every_register_is_read_by_a_declared_role_set() -> None:
    odd = {name: sorted(r.roles) for name, r in registers().items() if r.roles not in DECLARED.values()}
    assert not odd, odd


def test_the_sets_are_distinct_and_of_known_roles() -> None:
    assert len(set(DECLARED.values())) == len(DECLARED)  # no two names for one set
    assert all(s <= set(roles.ROLES) for s in DECLARED.values())


def _role_literals(path: Path) -> list[int]:
    """Lines where a set literal of role names only is written."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Set) and len(node.elts) > 1 and all(
                isinstance(e, ast.Constant) and e.value in roles.ROLES for e in node.elts):
            found.append(node.lineno)
    return found


def test_no_module_spells_a_role_set_out_again() -> None:
    own = ROOT / "domain" / "roles.py"
    spelled = {str(p.relative_to(ROOT)): lines for layer in ("domain", "projections", "tui")
               for p in sorted((ROOT / layer).rglob("*.py")) if p != own and (lines := _role_literals(p))}
    assert not spelled, spelled
