"""Cards at the edges of the domain's rules (issue 13, rules only in the domain), on a small store: each side of a
boundary, the card offers a command exactly when the domain takes it. A visit is cancelled before the day it
begins, not on it; nobody deactivates themselves, and a deactivated user is offered no account action."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from domain.access import AddUser, DeactivateUser, GrantRole, user_id
from domain.application import Secretariat
from domain.delegations import CancelVisit, PlanVisit, Visit, visit_id
from domain.rules import allows
from tests.domain.rules import refused, run
from tui.contexts.delegations import visit_actions_on
from tui.screens.card import actions_for

ARRIVES = date(2026, 3, 8)


def _commands(actions: list[Any]) -> set[str]:
    return {a.command for a in actions}


def test_a_visit_is_cancelled_before_the_day_it_begins_on_its_card_and_in_the_domain(app: Secretariat) -> None:
    run(app, PlanVisit(organisation="CEC of Azerbaijan", country="Azerbaijan", arrives=ARRIVES,
                       departs=ARRIVES + timedelta(days=3), programme="Meetings", members="Head of delegation"))
    visit = app.find(visit_id("DEL-2026-00001"))
    assert isinstance(visit, Visit)
    eve, first_day = ARRIVES - timedelta(days=1), ARRIVES
    # the begin day: the card does not offer it, the domain refuses it (for that day, and when it runs)
    assert "delegations.cancel-visit" not in _commands(visit_actions_on(visit, first_day))
    assert allows(visit, "delegations.cancel-visit", on=first_day) is not None
    refused(app, CancelVisit(visit="DEL-2026-00001", on=first_day), "began on 2026-03-08", reason="late")
    # the day before: the card offers it, dated that day, and the domain takes it
    cancel = next(a for a in visit_actions_on(visit, eve) if a.command == "delegations.cancel-visit")
    assert cancel.values["on"] == eve and allows(visit, "delegations.cancel-visit", on=eve) is None
    run(app, CancelVisit(**cancel.values), reason="postponed")


def test_a_users_card_offers_the_account_actions_the_domain_allows_who_acts(app: Secretariat) -> None:
    admin = app.actor("admin")
    run(app, AddUser(user="clerk1", role="clerk"))
    clerk = app.find(user_id("clerk1"))
    # nobody deactivates themselves: not offered on one's own card, refused when run
    assert "users.deactivate" in _commands(actions_for(admin))  # the record's state allows it...
    assert "users.deactivate" not in _commands(actions_for(admin, actor=admin.id))  # ...not to the admin
    refused(app, DeactivateUser(user="admin"), "you cannot deactivate yourself", reason="left")
    assert "users.deactivate" in _commands(actions_for(clerk, actor=admin.id))
    run(app, DeactivateUser(user="clerk1"), reason="left")
    # a deactivated user: no account action offered (no deactivating again), and each is refused when run
    gone = app.find(user_id("clerk1"))
    assert not _commands(actions_for(gone, actor=admin.id))
    refused(app, DeactivateUser(user="clerk1"), "user clerk1 is deactivated", reason="again")
    refused(app, GrantRole(user="clerk1", role="head"), "user clerk1 is deactivated")
