"""Acting as a given user on the command line, honestly: the CLI trusts only the authenticated account
(this test process's own OS account on SQLite, its PostgreSQL role on PostgreSQL), so a test maps that
account to the user it needs, through the application API, as an administrator would with
`secretariat users login`. Nothing lets a process claim an identity."""

from __future__ import annotations

from domain.access import MapLogin
from domain.application import open_store
from domain.identity import account_of


def act_as(store_url: str, name: str, admin: str = "admin") -> str:
    """Map this process's account to user `name` (taking it from whoever held it); returns the account."""
    app = open_store(store_url)
    try:
        account = account_of(app)
        holder = app.user_for_login(account)
        if holder is not None and holder.name == name:
            return account
        if holder is not None and holder.login == account:
            app.handle(MapLogin(user=holder.name, login=""), user=admin)
        app.handle(MapLogin(user=name, login=account), user=admin)
        return account
    finally:
        app.close()


def bootstrap_here(app: object, name: str = "admin") -> None:
    """Initialise an empty store with `name` as its first administrator, acting from this process's
    account (what `secretariat init` does for its caller)."""
    app.bootstrap(name, login=account_of(app))  # type: ignore[attr-defined]
