"""The domain's own words stored as values (statuses, roles, kinds, classifications...): the one declared
vocabulary the interface shows translated where it draws such a value (table cells, card fields, the inbox).

A value is translated only when it is one of these words AND stands in one of `COLUMNS` (a status, a role, a
kind): what a user typed (a subject, a name) is never translated, even if it happens to read "closed". The
words are stored and typed in English; the catalogue carries them (messages.declared() yields `WORDS`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from domain import (
    acts,
    appeals,
    assets,
    correspondence,
    finance,
    hrfiles,
    leave,
    ledger,
    legal,
    media,
    organisation,
    parties,
    payroll,
    personnel,
    procurement,
    roles,
    sessions,
    stakeholders,
    training,
)
from domain.errors import N_
from domain.supplies import ballots, distribution, stock

# columns whose values are words of this vocabulary (register columns and record fields of that name)
COLUMNS: frozenset[str] = frozenset({
    "status", "state", "role", "roles", "kind", "record_kind", "subject_kind", "custodian_kind", "report_status",
    "military_status", "direction", "classification", "category", "channel", "channels", "decision",
    "last_outcome", "outcome", "stage", "attendance", "clearance", "employment_type", "movement", "order_kind",
    "conclusion", "result", "legal"})

# states records take in their events (not all are declared in a table of the rules)
_STATES = (N_("registered"), N_("under control"), N_("executed"), N_("filed"), N_("disposed"), N_("draft"),
           N_("approved"), N_("rejected"), N_("requested"), N_("applied"), N_("accredited"), N_("refused"),
           N_("revoked"), N_("withdrawn"), N_("computed"), N_("paid"), N_("voided"), N_("submitted"),
           N_("resubmitted"), N_("reported"), N_("published"), N_("closed"), N_("open"), N_("cancelled"),
           N_("planned"), N_("departed"), N_("arrived"), N_("dispatched"), N_("acknowledged"), N_("returned"),
           N_("received"), N_("issued"), N_("lost"), N_("written off"), N_("in use"), N_("in stock"),
           N_("expected"), N_("appealed"), N_("judged"), N_("settled"), N_("accepted"), N_("visaed"),
           N_("merged"), N_("dissolved"), N_("active"), N_("inactive"), N_("counted"), N_("reconciled"),
           N_("signed"), N_("delivered"), N_("scheduled"), N_("held"), N_("adopted"), N_("due today"),
           N_("overdue"), N_("present"), N_("absent"), N_("proxy"), N_("incoming"), N_("outgoing"),
           N_("internal"), N_("none"), N_("confidential"), N_("pending"),
           # staff, labour cards, finance, assets, supplies, relations, acts, candidates, the plan
           N_("on staff"), N_("leaving"), N_("separated"), N_("hire"), N_("separation"), N_("separation initiated"),
           N_("awaiting approval"), N_("not submitted"), N_("verified"), N_("verified spending"),
           N_("advance returned"), N_("fully depreciated"), N_("found"), N_("missing"), N_("unexpected"),
           N_("commission"), N_("unit"), N_("count"), N_("dispatch"), N_("move in"), N_("move out"), N_("receipt"),
           N_("return"), N_("write-off"), N_("incoming visit"), N_("trip abroad"), N_("press event"),
           N_("in force"), N_("in force (amended)"), N_("not adopted"), N_("given"), N_("contracted"),
           N_("signatures submitted"), N_("signatures checked"), N_("enough"), N_("not enough"),
           N_("domestic observer"), N_("international observer"), N_("media representative"), N_("party agent"),
           N_("completed"), N_("in progress"), N_("legal deadline"), N_("judgment reserved"), N_("repealed"),
           N_("state budget"), N_("donor project"), N_("supplier contract"), N_("other"))


def _words(declared: Any) -> Iterable[str]:
    """The words of a declaration: a tuple of words, or a rules table (command -> states, or (states, what))."""
    if isinstance(declared, str):
        yield declared
    elif isinstance(declared, Mapping):
        for key, value in declared.items():
            if not (isinstance(key, str) and "." in key):  # a command name is not a word of the vocabulary
                yield from _words(key)
            yield from _words(value if not isinstance(value, tuple) or not value or isinstance(value[0], str)
                              else value[0])
    elif isinstance(declared, tuple | list | frozenset | set):
        for item in declared:
            yield from _words(item)


WORDS: frozenset[str] = frozenset(w for w in _words((
    _STATES, roles.ROLES, organisation.UNIT_KINDS, organisation.ELECTION_KINDS, organisation.MEMBER_ROLES,
    correspondence.CLASSIFICATIONS, appeals.KINDS, appeals.CHANNELS, appeals.APPEAL_STATUSES, acts.ORDER_KINDS,
    acts.ORDER_STATUSES, assets.CATEGORIES, assets.ASSET_STATUSES, finance.PAYMENT_KINDS, leave.LEAVE_KINDS,
    legal.OUTCOMES, ledger.KINDS, media.RELEASE_KINDS, media.DECISIONS, media.CHANNELS, parties.KINDS,
    payroll.WITHHOLDING_KINDS, payroll.RUN_STATUSES, personnel.SEPARATION_KINDS, personnel.MILITARY_STATUSES,
    personnel.TRIP_STATUSES, personnel.EMPLOYMENT_TYPES, tuple(personnel.MOVEMENTS), procurement.REQUEST_STATUSES,
    legal.CONCLUSIONS, legal.SUBJECTS, hrfiles.ATTESTATION_RESULTS, hrfiles.MEASURES, hrfiles.EDUCATION_LEVELS,
    sessions.SESSION_KINDS, sessions.ITEM_KINDS,
    sessions.SESSION_STATUSES, stakeholders.ORGANISATION_KINDS, stakeholders.ORGANISATION_STATUSES,
    stakeholders.INDIVIDUAL_STATUSES, stakeholders.REPORT_STATUSES, training.KINDS, ballots.BALLOT_STATUSES,
    distribution.DISPATCH_STATUSES, stock.KINDS, stock.ORDER_KINDS, media.RELEASE_STATUSES))
    if w[:1].isalpha() and not w.isupper())

