"""Access context: users, their roles (clerk, auditor, administrator, head of unit) and clearance.

A user's id is derived from the lower-cased login name, so the name is unique by construction and
the actor of a command is found without any register.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache
from typing import Any, ClassVar
from uuid import UUID

from domain.commands import COMMANDS, Command, Context, Outcome
from domain.envelope import Envelope
from domain.errors import Message, NotPermitted, Refused
from domain.organisation import Unit, unit_id
from domain.preferences import Preferences, check_calendar, check_digits, check_language
from domain.records import Record, optional, refuse, require
from domain.roles import ADMINISTRATORS, ROLES

CLEARANCES = ("none", "confidential")
_NAME = re.compile(r"^[a-z][a-z0-9._-]{1,31}$")
_USERS = uuid.UUID("6f1f8a52-4c51-4a0e-9b8e-2d3f7c1a9e01")
_LOGINS = uuid.UUID("0d6b0c3e-52d4-4f8e-a1f7-6c0b9e2a4d13")
_ACCOUNT = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9._@-]{0,62}$")


@lru_cache(maxsize=4096)  # every command's actor is found by it
def user_id(name: str) -> UUID:
    return uuid.uuid5(_USERS, name.strip().lower())


def check_name(name: str) -> str:
    name = (name or "").strip().lower()
    require(_NAME.match(name), "user name {name!r} must be 2-32 letters, digits, '.', '_' or '-', starting with a "
                               "letter", name=name)
    return name


def login_id(account: str) -> UUID:
    return uuid.uuid5(_LOGINS, account.strip())


def check_account(account: str) -> str:
    account = (account or "").strip()
    require(_ACCOUNT.match(account), "account name {account!r} must be 1-63 letters, digits, '.', '_', '@' or '-' "
                                     "(an operating-system account or a PostgreSQL role)", account=account)
    return account


def check_role(role: str) -> str:
    require(role in ROLES, "unknown role {role!r}; roles are {roles}", role=role, roles=', '.join(ROLES))
    return role


def permitted_role(actor: User, command: type[Command]) -> str:
    """The role under which `actor` may run `command`; NotPermitted naming the rule when none allows it."""
    if not getattr(actor, "active", False):
        raise NotPermitted("user {actor_name} is deactivated", actor_name=actor.name)
    for role in actor.roles:
        if role in command.roles:
            return role
    if set(actor.roles) <= {"auditor"}:
        raise NotPermitted("auditors can read everything but change nothing: '{command_name}' refused for "
                           "{actor_name}", command_name=command.name, actor_name=actor.name)
    raise NotPermitted("{actor_name} ({actor_roles}) may not run '{command_name}'; it needs {command_roles}",
                       actor_name=actor.name, actor_roles=', '.join(actor.roles), command_name=command.name,
                       command_roles=' or '.join(sorted(command.roles)))


def may_run(actor: User | None, command_name: str) -> str | None:
    """Why `actor` may not run the command named `command_name`, or None when their role allows it.

    The UI asks this to offer only what a role may do; `Secretariat.handle` enforces the same rule.
    Record-specific rules (office scope, the state of a record) are checked when the command runs.
    """
    if actor is None:
        return "no acting user"
    cls = COMMANDS.get(command_name)
    if cls is None:
        return f"unknown command {command_name!r}"
    try:
        permitted_role(actor, cls)
    except NotPermitted as e:
        return str(e)
    return None


def office_scope(actor: User, find: Callable[[UUID], Any]) -> frozenset[str] | None:
    """The codes of the units whose records `actor` acts on and sees; None for every unit.

    A user of a provincial office (or of a unit under one) is limited to that provincial office and the
    units under it; headquarters users (any other unit, or none) and auditors see every unit."""
    if "auditor" in actor.roles or not actor.office:
        return None
    unit = find(unit_id(actor.office))
    while isinstance(unit, Unit) and unit.kind != "provincial":
        unit = find(unit.parent_id) if unit.parent_id else None
    if not isinstance(unit, Unit):
        return None
    codes: set[str] = set()
    todo = [unit]
    while todo:
        current = todo.pop()
        codes.add(current.code)
        todo.extend(u for u in (find(i) for i in current.subunits) if isinstance(u, Unit))
    return frozenset(codes)


def record_units(record: Any) -> tuple[str | None, ...] | None:
    """The units a record belongs to (a unit, a post, a letter's registering office and resolving unit, an
    appeal's receiving office and lead unit, a user's office); None for records bound to no unit."""
    units = getattr(record, "units", None)
    return tuple(units()) if callable(units) else None


def in_scope(scope: frozenset[str] | None, units: tuple[str | None, ...] | None) -> bool:
    """Whether a record of `units` lies within an office `scope` (None: every unit; a record of no unit
    is everyone's, a record whose units are all empty is headquarters')."""
    if scope is None or units is None:
        return True
    return any(u is not None and u.upper() in scope for u in units)


def office_refusal(actor: User, scope: frozenset[str] | None, record: Any) -> str | None:
    """The office rule: a user of a provincial office acts only on the records of that office's units."""
    units = record_units(record)
    if in_scope(scope, units):
        return None
    named = ", ".join(u for u in units or () if u) or "headquarters"
    return (Message("{actor_name} works for {actor_office} and acts only on its office's records; this {name} "
                    "belongs to {named}", actor_name=actor.name, actor_office=actor.office,
                    name=type(record).__name__.lower(), named=named))


# The commands on an existing user: a deactivated user takes none of them.
USER_COMMANDS = ("users.grant", "users.revoke", "users.clearance", "users.login", "users.deactivate",
                 "users.preferences")


class User(Record):
    name: str
    full_name: str
    roles: list[str]
    office: str | None
    active: bool
    clearance: str
    login: str
    # a user's interface preferences (domain.preferences); class defaults for users recorded before them
    language: str = ""
    calendar: str = "gregorian"
    digits: str = "latin"

    def units(self) -> tuple[str | None, ...]:
        """The units this record belongs to, for the office rule (`domain.access.office_refusal`)."""
        return (self.office,)

    class Added(Record.Created):
        name: str
        full_name: str
        roles: list[str]
        office: str | None

        def apply(self, user: User) -> None:
            user.name = self.name
            user.full_name = self.full_name
            user.roles = list(self.roles)
            user.office = self.office
            user.active = True
            user.clearance = "none"
            user.login = ""
            user.language, user.calendar, user.digits = "", "gregorian", "latin"

    class RoleGranted(Record.Event):
        role: str

        def apply(self, user: User) -> None:
            user.roles.append(self.role)

    class RoleRevoked(Record.Event):
        role: str

        def apply(self, user: User) -> None:
            user.roles.remove(self.role)

    class ClearanceSet(Record.Event):
        clearance: str

        def apply(self, user: User) -> None:
            user.clearance = self.clearance

    class Deactivated(Record.Event):
        def apply(self, user: User) -> None:
            user.active = False

    class LoginSet(Record.Event):
        login: str  # "" when the user no longer has an account

        def apply(self, user: User) -> None:
            user.login = self.login

    class PreferencesSet(Record.Event):
        language: str  # "" while the user has chosen none
        calendar: str
        digits: str

        def apply(self, user: User) -> None:
            user.language, user.calendar, user.digits = self.language, self.calendar, self.digits

    @property
    def preferences(self) -> Preferences:
        return Preferences(self.language, self.calendar, self.digits)

    def set_preferences(self, language: str | None, calendar: str | None, digits: str | None,
                        envelope: Envelope) -> None:
        """Change what was given (None keeps a choice), each value checked; refused when nothing changes."""
        self._allowed("users.preferences")
        new = Preferences(check_language(language) if language is not None else self.language,
                          check_calendar(calendar) if calendar is not None else self.calendar,
                          check_digits(digits) if digits is not None else self.digits)
        require(new != self.preferences, "user {name} already has these preferences", name=self.name)
        self.trigger_event(self.PreferencesSet, language=new.language, calendar=new.calendar, digits=new.digits,
                           envelope=envelope)

    @classmethod
    def add(cls, name: str, role: str, office: str | None, full_name: str, envelope: Envelope
            ) -> User:
        name = check_name(name)
        check_role(role)
        return cls._create(cls.Added, id=user_id(name), name=name, full_name=optional(full_name, "full name"),
                           roles=[role], office=office, envelope=envelope)

    def _allowed(self, command: str) -> None:
        refuse(self.allows(command))

    def grant(self, role: str, envelope: Envelope) -> None:
        self._allowed("users.grant")
        check_role(role)
        require(role not in self.roles, "user {name} already has the role {role}", name=self.name, role=role)
        self.trigger_event(self.RoleGranted, role=role, envelope=envelope)

    # the commands whose state rule `allows` decides
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset(USER_COMMANDS)

    def allows(self, command: str) -> str | None:
        """Why the user's state refuses that command, in words; None when its state allows it (the command's own
        values, and who runs it, are checked when it runs). The card offers exactly this."""
        if command not in USER_COMMANDS:
            return None
        if not self.active:
            return Message("user {name} is deactivated", name=self.name)
        if command == "users.revoke" and len(self.roles) <= 1:
            only = self.roles[0] if self.roles else "no role"
            return Message("{only} is the only role of {name}; deactivate the user instead", only=only,
                           name=self.name)
        return None

    def revoke(self, role: str, envelope: Envelope) -> None:
        # a role not held is named before what the state allows (its only role, a deactivated user)
        require(role in self.roles or not self.active, "user {name} does not have the role {role}", name=self.name,
                role=role)
        self._allowed("users.revoke")
        require(not (envelope.actor == self.id and role == "administrator"),
                "you cannot revoke your own administrator role")
        self.trigger_event(self.RoleRevoked, role=role, envelope=envelope)

    def set_clearance(self, clearance: str, envelope: Envelope) -> None:
        self._allowed("users.clearance")
        require(clearance in CLEARANCES,
                "unknown clearance {clearance!r}; clearances are {clearances}", clearance=clearance,
                clearances=', '.join(CLEARANCES))
        require(clearance != self.clearance, "user {name} already has clearance {clearance}", name=self.name,
                                             clearance=clearance)
        self.trigger_event(self.ClearanceSet, clearance=clearance, envelope=envelope)

    def allows_for(self, command: str, actor: UUID) -> str | None:
        """Why the user's state, or who acts, refuses that command, in words; None when it is allowed: nobody
        deactivates themselves. `deactivate` enforces it; the card asks it for the acting user."""
        refusal = self.allows(command)
        if refusal is None and command == "users.deactivate" and actor == self.id:
            return Message("you cannot deactivate yourself")
        return refusal

    def deactivate(self, envelope: Envelope) -> None:
        refuse(self.allows_for("users.deactivate", envelope.actor))
        self.trigger_event(self.Deactivated, envelope=envelope)


class Login(Record):
    """An authenticated account (an operating-system account on SQLite, a PostgreSQL role on PostgreSQL)
    and the one user it acts as. Its id is derived from the account name, so an account is mapped to at
    most one user by construction."""

    account: str
    user: str

    class Created(Record.Created):
        account: str
        user: str

        def apply(self, login: Login) -> None:
            login.account, login.user = self.account, self.user

    class Assigned(Record.Event):
        user: str  # "" when the account is unmapped

        def apply(self, login: Login) -> None:
            login.user = self.user

    @classmethod
    def create(cls, account: str, user: str, envelope: Envelope) -> Login:
        return cls._create(cls.Created, id=login_id(account), account=account, user=user, envelope=envelope)

    def assign(self, user: str, envelope: Envelope) -> None:
        self.trigger_event(self.Assigned, user=user, envelope=envelope)


def map_login(ctx: Context, user: User, account: str) -> None:
    """Give `user` the account `account` ("" takes their account away), releasing the account they had.

    An account acts as one user only: mapping one that another user holds is refused."""
    account = check_account(account) if account else ""
    if account == user.login:
        require(account, "user {user_name} has no account to clear", user_name=user.name)
        raise Refused("user {user_name} is already mapped to account {account}", user_name=user.name,
                      account=account)
    if account:
        held = ctx.find(Login, login_id(account))
        require(held is None or not held.user or held.user == user.name,
                "account {account} is already mapped to user {value}; clear that mapping first (secretariat users "
                "login NAME --clear)", account=account, value=held.user if held else '')
        if held is None:
            ctx.add(Login.create(account, user.name, ctx.envelope))
        else:
            held.assign(user.name, ctx.envelope)
    if user.login:
        old = ctx.find(Login, login_id(user.login))
        if old is not None and old.user == user.name:
            old.assign("", ctx.envelope)
    user.trigger_event(User.LoginSet, login=account, envelope=ctx.envelope)


def _user(ctx: Context, name: str) -> User:
    return ctx.get(User, user_id(name), Message("no user named {name!r}", name=name.strip().lower()))


class AddUser(Command, frozen=True, kw_only=True):
    name = "users.add"
    title = "Add a user"
    roles = ADMINISTRATORS
    user: str
    role: str
    office: str | None = None
    full_name: str = ""
    login: str = ""  # the account they authenticate as (OS account or PostgreSQL role)

    def execute(self, ctx: Context) -> Outcome:
        office = self.office.strip().upper() if self.office else None
        if office:
            unit = ctx.get(Unit, unit_id(office), Message("no unit with code {code!r}", code=office))
            require(unit.active, "unit {office} is dissolved", office=office)
        existing = ctx.find(User, user_id(self.user))
        require(existing is None, "a user named {user!r} already exists", user=self.user.strip().lower())
        user = ctx.add(User.add(self.user, self.role, office, self.full_name, ctx.envelope))
        if self.login:
            map_login(ctx, user, self.login)
        if user.login:
            message = Message("user {name} added as {role}, account {login}", name=user.name, role=self.role,
                              login=user.login)
        else:
            message = Message("user {name} added as {role}", name=user.name, role=self.role)
        return Outcome(message=message, record_ids=[user.id])


class MapLogin(Command, frozen=True, kw_only=True):
    name = "users.login"
    title = "Map a user to an account"
    roles = ADMINISTRATORS
    user: str
    login: str  # "" clears the user's account

    def execute(self, ctx: Context) -> Outcome:
        user = _user(ctx, self.user)
        if self.login:  # a deactivated user's account may still be taken away
            user._allowed("users.login")
        map_login(ctx, user, self.login)
        text = Message("user {name} acts from account {login}", name=user.name, login=user.login) if user.login \
            else Message("user {name} has no account now", name=user.name)
        return Outcome(message=text, record_ids=[user.id])


class GrantRole(Command, frozen=True, kw_only=True):
    name = "users.grant"
    title = "Grant a role"
    roles = ADMINISTRATORS
    user: str
    role: str

    def execute(self, ctx: Context) -> Outcome:
        user = _user(ctx, self.user)
        user.grant(self.role, ctx.envelope)
        return Outcome(message=Message("{role} granted to {user_name}", role=self.role, user_name=user.name),
                       record_ids=[user.id])


class RevokeRole(Command, frozen=True, kw_only=True):
    name = "users.revoke"
    title = "Revoke a role"
    roles = ADMINISTRATORS
    needs_reason = True
    user: str
    role: str

    def execute(self, ctx: Context) -> Outcome:
        user = _user(ctx, self.user)
        user.revoke(self.role, ctx.envelope)
        return Outcome(message=Message("{role} revoked from {user_name}", role=self.role, user_name=user.name),
                       record_ids=[user.id])


class SetClearance(Command, frozen=True, kw_only=True):
    name = "users.clearance"
    title = "Set a user's clearance"
    roles = ADMINISTRATORS
    user: str
    clearance: str

    def execute(self, ctx: Context) -> Outcome:
        user = _user(ctx, self.user)
        lowering = CLEARANCES.index(self.clearance) < CLEARANCES.index(user.clearance) \
            if self.clearance in CLEARANCES else False
        require(ctx.envelope.reason or not lowering, "lowering a clearance is a revocation and needs a reason")
        user.set_clearance(self.clearance, ctx.envelope)
        return Outcome(message=Message("clearance of {user_name} set to {clearance}", user_name=user.name,
                                       clearance=self.clearance),
                       record_ids=[user.id])


class SetPreferences(Command, frozen=True, kw_only=True):
    """A user's language, calendar and digits: an administrator sets anyone's, every other user their own."""

    name = "users.preferences"
    title = "Set a user's language, calendar and digits"
    user: str
    language: str | None = None
    calendar: str | None = None
    digits: str | None = None

    def execute(self, ctx: Context) -> Outcome:
        user = _user(ctx, self.user)
        actor = ctx.find(User, ctx.envelope.actor)
        if user.id != ctx.envelope.actor and (actor is None or "administrator" not in actor.roles):
            raise NotPermitted("{actor} may set only their own preferences; an administrator sets {user_name}'s",
                               actor=ctx.envelope.actor_name, user_name=user.name)
        user.set_preferences(self.language, self.calendar, self.digits, ctx.envelope)
        chosen = user.preferences
        return Outcome(
            message=Message(
                "{user_name}: language {language}, calendar {chosen_calendar}, digits {chosen_digits}",
                user_name=user.name,
                language=chosen.language or "from the locale",
                chosen_calendar=chosen.calendar,
                chosen_digits=chosen.digits,
            ),
            record_ids=[user.id],
        )


class DeactivateUser(Command, frozen=True, kw_only=True):
    name = "users.deactivate"
    title = "Deactivate a user"
    roles = ADMINISTRATORS
    needs_reason = True
    user: str

    def execute(self, ctx: Context) -> Outcome:
        user = _user(ctx, self.user)
        user.deactivate(ctx.envelope)
        return Outcome(message=Message("user {user_name} deactivated", user_name=user.name), record_ids=[user.id])


# ---- two-person rule for money leaving the secretariat ------------------------------------------------

_RULE_ID = uuid.uuid5(_USERS, "two-person-rule")
AWAITING = "awaiting approval"


class TwoPersonRule(Record):
    """The amount above which money leaving the secretariat needs a second user's approval (one record)."""

    threshold: Decimal

    class Created(Record.Created):
        threshold: Decimal

        def apply(self, rule: TwoPersonRule) -> None:
            rule.threshold = self.threshold

    class ThresholdChanged(Record.Event):
        threshold: Decimal

        def apply(self, rule: TwoPersonRule) -> None:
            rule.threshold = self.threshold


class PendingPayment(Record):
    """A command paying money out above the threshold, entered by its maker and waiting for a second user
    with the right role: approved (the command runs, under the approver's envelope) or rejected."""

    command: str
    fields: str
    amount: Decimal
    maker: str
    summary: str
    maker_id: UUID
    status: str
    approver: str | None

    class Submitted(Record.Created):
        command: str
        fields: str  # the command as JSON, run as entered on approval
        amount: Decimal
        maker: str
        summary: str

        def apply(self, p: PendingPayment) -> None:
            p.command, p.fields, p.amount, p.maker, p.summary = (
                self.command,
                self.fields,
                self.amount,
                self.maker,
                self.summary,
            )
            p.maker_id = self.envelope.actor
            p.status = AWAITING
            p.approver = None

    class Approved(Record.Event):
        approver: str

        def apply(self, p: PendingPayment) -> None:
            p.status, p.approver = "approved", self.approver

    class Rejected(Record.Event):
        approver: str

        def apply(self, p: PendingPayment) -> None:
            p.status, p.approver = "rejected", self.approver

    # the commands whose state rule `allows` decides (who decides is checked when it runs: not its maker)
    RULED_COMMANDS: ClassVar[frozenset[str]] = frozenset({"approvals.approve", "approvals.reject"})

    def allows(self, command: str) -> str | None:
        """Why the payment's state refuses that command, in words; None when it awaits a decision."""
        if command in self.RULED_COMMANDS and self.status != AWAITING:
            return Message("payment {id} is already {status}", id=self.id, status=self.status)
        return None

    def decide(self, approve: bool, approver: User, envelope: Envelope) -> None:
        refusal = self.allows("approvals.approve" if approve else "approvals.reject")
        refuse(refusal)
        require(
            envelope.actor != self.maker_id,
            "{approver_name} entered this payment and cannot approve or reject it: a second user must",
            approver_name=approver.name,
        )
        self.trigger_event(self.Approved if approve else self.Rejected, approver=approver.name, envelope=envelope)


def threshold(find: Callable[[UUID], Any]) -> Decimal | None:
    """The administrator's threshold for the two-person rule; None while none is set."""
    rule = find(_RULE_ID)
    return rule.threshold if isinstance(rule, TwoPersonRule) else None


def needs_approval(command: Command, find: Callable[[UUID], Any]) -> tuple[Decimal, Decimal] | None:
    """(amount, threshold) if `command` pays money out above the threshold, so a second user must approve
    it; else None. Commands declare the field holding the amount they pay out in `money_out`."""
    field = type(command).money_out
    if not field:
        return None
    amount = getattr(command, field, None)
    limit = threshold(find)
    if limit is None or not isinstance(amount, Decimal) or not amount.is_finite() or amount <= limit:
        return None
    return amount, limit


def hold_for_approval(command: Command, amount: Decimal, limit: Decimal, ctx: Context) -> Outcome:
    """Record `command` as awaiting a second user's approval (its rules were checked by the caller)."""
    import msgspec

    summary = f"{command.title}: {amount:,.2f} entered by {ctx.envelope.actor_name}"
    pending = ctx.add(
        PendingPayment._create(
            PendingPayment.Submitted,
            id=uuid.uuid4(),
            command=command.name,
            fields=msgspec.json.encode(command).decode(),
            amount=amount,
            maker=ctx.envelope.actor_name,
            summary=summary,
            envelope=ctx.envelope,
        )
    )
    return Outcome(
        message=Message(
            "{summary} is above the threshold of {limit:,.2f}: awaiting approval by a second user (entry {pending_id})",
            summary=summary,
            limit=limit,
            pending_id=pending.id,
        ),
        record_ids=[pending.id],
    )


class SetThreshold(Command, frozen=True, kw_only=True):
    name = "approvals.threshold"
    title = "Set the two-person threshold for payments"
    roles = ADMINISTRATORS
    amount: Decimal

    def execute(self, ctx: Context) -> Outcome:
        require(
            isinstance(self.amount, Decimal) and self.amount.is_finite() and self.amount >= 0,
            "threshold {amount} must be an amount of zero or more",
            amount=self.amount,
        )
        amount = self.amount.quantize(Decimal("0.01"))
        rule = ctx.find(TwoPersonRule, _RULE_ID)
        if rule is None:
            ctx.add(TwoPersonRule._create(TwoPersonRule.Created, id=_RULE_ID, threshold=amount, envelope=ctx.envelope))
        else:
            require(rule.threshold != amount, "the threshold is already {amount:,.2f}", amount=amount)
            rule.trigger_event(TwoPersonRule.ThresholdChanged, threshold=amount, envelope=ctx.envelope)
        return Outcome(
            message=Message("payments above {amount:,.2f} now need a second user's approval", amount=amount),
            record_ids=[_RULE_ID],
        )


def _pending(ctx: Context, entry: str) -> PendingPayment:
    try:
        pending_id = UUID(str(entry).strip())
    except ValueError:
        raise Refused("not an entry id: {entry!r}", entry=entry) from None
    return ctx.get(PendingPayment, pending_id, Message("no payment awaiting approval with id {entry}", entry=entry))


class ApprovePayment(Command, frozen=True, kw_only=True):
    name = "approvals.approve"
    title = "Approve a payment entered by another user"
    entry: str

    def execute(self, ctx: Context) -> Outcome:
        import msgspec

        pending = _pending(ctx, self.entry)
        approver = ctx.get(User, ctx.envelope.actor, "the approver is not a user")
        cls = COMMANDS[pending.command]
        permitted_role(approver, cls)  # the right role: one that may make the payment itself
        pending.decide(True, approver, ctx.envelope)
        outcome = msgspec.json.decode(pending.fields, type=cls).execute(ctx)
        return Outcome(
            message=Message(
                "approved by {approver_name}: {outcome_message}",
                approver_name=approver.name,
                outcome_message=outcome.message,
            ),
            record_ids=[pending.id, *outcome.record_ids],
        )


class RejectPayment(Command, frozen=True, kw_only=True):
    name = "approvals.reject"
    title = "Reject a payment entered by another user"
    needs_reason = True
    entry: str

    def execute(self, ctx: Context) -> Outcome:
        pending = _pending(ctx, self.entry)
        approver = ctx.get(User, ctx.envelope.actor, "the approver is not a user")
        permitted_role(approver, COMMANDS[pending.command])
        pending.decide(False, approver, ctx.envelope)
        return Outcome(
            message=Message(
                "payment {pending_id} rejected by {approver_name}", pending_id=pending.id, approver_name=approver.name
            ),
            record_ids=[pending.id],
        )
