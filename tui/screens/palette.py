"""The command palette's source: every command the acting user's roles permit, searchable by name."""

from __future__ import annotations

from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider

from domain.commands import COMMANDS
from tui.i18n.catalogue import N_, _
from tui.screens.host import host


class CommandsProvider(Provider):
    def _permitted(self) -> list[Any]:
        app = host(self)
        return [c for c in COMMANDS.values() if app.permits(c)]

    async def discover(self) -> Hits:
        app = host(self)
        for command in self._permitted():
            yield DiscoveryHit(_(command.title) if command.title else command.name, partial(app.open_form, command))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        app = host(self)
        for command in self._permitted():
            # the title once: the internal name is no second entry
            text = _(command.title) if command.title else command.name
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, matcher.highlight(text), partial(app.open_form, command))


WORKSPACE = [("as_of", N_("As of a date or position (historical registers)")),
             ("replay", N_("Replay the history step by step")), ("verify", N_("Verify the hash chain and checkpoints")),
             ("export", N_("Export for outside auditors")), ("status", N_("Register status")),
             ("rebuild", N_("Rebuild registers")), ("reports", N_("Reports")),
             ("dashboard", N_("Dashboard: key figures and charts"))]


class WorkspaceProvider(Provider):
    """The auditor's and administrator's screens, for the roles that may open them."""

    def _allowed(self) -> list[tuple[str, str]]:
        app = host(self)
        return [(action, _(title)) for action, title in WORKSPACE if app.may_open(action)]

    async def discover(self) -> Hits:
        app = host(self)
        for action, title in self._allowed():
            yield DiscoveryHit(title, partial(app.run_action, action))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        app = host(self)
        for action, title in self._allowed():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), partial(app.run_action, action))
