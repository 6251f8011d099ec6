"""Who is acting: the account the store's authenticator vouches for, and the user mapped to it.

On SQLite the authenticator is the operating system: the account of the process's effective uid
(`pwd.getpwuid(os.geteuid())`, never `$USER`, which anyone can set). On PostgreSQL it is the server:
`session_user`, the role it authenticated (peer, password or certificate). An administrator maps each
user to one account (`secretariat users login NAME ACCOUNT`); `--user NAME` only states whom the caller
expects to be, and a mismatch is refused. Code calling the application API directly (tests, the demo)
names its user itself: that is code already trusted with the store.
"""

from __future__ import annotations

import os
import pwd
from typing import Any

from domain.access import User, check_name
from domain.errors import StoreError, UnknownActor, first_line


def os_account() -> str:
    """The operating-system account this process runs as (its effective uid)."""
    uid = os.geteuid()
    try:
        return pwd.getpwuid(uid).pw_name
    except KeyError:
        raise UnknownActor("your operating-system account (uid {uid}) has no name; ask the system administrator to "
                           "create one", uid=uid) from None


def session_role(app: Any) -> str:
    """The PostgreSQL role the server authenticated for this store's connections (`session_user`)."""
    import psycopg

    try:
        with psycopg.connect(app.store_config.conninfo) as conn:
            row = conn.execute("SELECT session_user").fetchone()
    except psycopg.Error as e:
        first = first_line(e)
        raise StoreError("cannot ask PostgreSQL who you are: {first}", first=first) from None
    return str(row[0]) if row else ""


def account_of(app: Any) -> str:
    """The authenticated account acting on this store."""
    return session_role(app) if app.store_config.kind == "postgresql" else os_account()


def authenticated_user(app: Any, expected: str | None = None) -> User:
    """The active user mapped to the authenticated account; refused in one line when there is none,
    when that user is deactivated, or when `expected` (from --user) names somebody else."""
    account = account_of(app)
    user = app.user_for_login(account)
    where = "PostgreSQL role" if app.store_config.kind == "postgresql" else "account"
    if user is None:
        raise UnknownActor("your {where} {account!r} is not mapped to a user of this store; ask an administrator to "
                           "run 'secretariat users login NAME {account}'", where=where, account=account)
    if not user.active:
        raise UnknownActor("user {user_name} (your {where} {account!r}) is deactivated; ask an administrator",
                           user_name=user.name, where=where, account=account)
    if expected and check_name(expected) != user.name:
        raise UnknownActor("your {where} {account!r} acts as user {user_name}, not {expected}; --user only states "
                           "whom you expect to be", where=where, account=account, user_name=user.name,
                           expected=expected.strip())
    return user
