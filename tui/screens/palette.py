"""The command palette: its sources (every command the acting user's roles permit, searchable by name; the
workspace's screens) and the palette itself in the session's language."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from typing import Any, Self

from rich.align import Align
from rich.text import Text
from textual.app import ComposeResult
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.widgets.option_list import Option

from domain.commands import COMMANDS
from tui.i18n.bidi import has_rtl, visual
from tui.i18n.catalogue import N_, _
from tui.i18n.library_texts import NO_MATCHES, library_text
from tui.i18n.settings import current
from tui.screens.host import host


class SessionCommandList(CommandList):
    """The palette's list of hits, with the line Textual adds when nothing matches ('No matches found') in the
    session's language. Textual writes that line itself, in English, and offers no setting for it: it is told by
    being a disabled option whose text is that sentence, and replaced by the translation (same id and place)."""

    def add_options(self, new_options: Iterable[Any]) -> Self:
        return super().add_options([_said(option) for option in new_options])


def _said(option: Any) -> Any:
    if not isinstance(option, Option) or not option.disabled:
        return option
    prompt = option.prompt.renderable if isinstance(option.prompt, Align) else option.prompt
    if not isinstance(prompt, Text) or prompt.plain != NO_MATCHES:
        return option
    return Option(Align.center(Text(library_text(NO_MATCHES), style=prompt.style)), disabled=True, id=option.id)


class SessionPalette(CommandPalette):
    """Textual's command palette speaking the session's language: the search prompt (given by the app) and the
    'No matches found' line of its list (`SessionCommandList`)."""

    def compose(self) -> ComposeResult:
        # Textual's own layout, with the list swapped for ours where it is yielded (inside the same containers)
        for widget in super().compose():
            yield SessionCommandList() if type(widget) is CommandList else widget


def _drawn(title: str, matcher: Any = None) -> Any:
    """A hit as the palette draws it: the letters typed highlighted; a right-to-left session's titles (or any in
    Arabic script) put into drawing order instead, whose highlight would fall on the wrong letters."""
    if current().rtl or has_rtl(title):
        return Text(visual(title))
    return matcher.highlight(title) if matcher is not None else title


class CommandsProvider(Provider):
    def _permitted(self) -> list[Any]:
        app = host(self)
        return [c for c in COMMANDS.values() if app.permits(c)]

    async def discover(self) -> Hits:
        app = host(self)
        for command in self._permitted():
            title = _(command.title) if command.title else command.name
            yield DiscoveryHit(_drawn(title), partial(app.open_form, command), text=title)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        app = host(self)
        for command in self._permitted():
            # the title once: the internal name is no second entry
            text = _(command.title) if command.title else command.name
            score = matcher.match(text)
            if score > 0:
                yield Hit(score, _drawn(text, matcher), partial(app.open_form, command), text=text)


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
            yield DiscoveryHit(_drawn(title), partial(app.run_action, action), text=title)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        app = host(self)
        for action, title in self._allowed():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, _drawn(title, matcher), partial(app.run_action, action), text=title)
