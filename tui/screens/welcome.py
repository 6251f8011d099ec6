"""The first-run screen: a new store offers to load the demo secretariat or to start empty."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Button, Footer, ProgressBar

from tui.i18n.bidi import visual
from tui.i18n.catalogue import N_, _
from tui.screens.host import host
from tui.widgets.paragraph import Paragraph

WELCOME = (N_("Welcome to Secretariat.\n\nThis store is new. You can load a demo secretariat — the Chief Electoral "
           "Officer's office, three deputies, thirteen directorates, thirty-four provincial offices with their "
           "staff tables and staff, elections with their lower commissions, a year of letters and appeals, "
           "equipment in custody, a budget allocated to the commissions, accredited observers, and the "
           "Commission's sessions, decisions, orders and court cases, the election's materials dispatched to "
           "every precinct and its ballots reconciled — to look around, or start empty and "
           "establish your own first units."))


class WelcomeScreen(Screen[str]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "demo", N_("Load demo")),
        Binding("e", "empty", N_("Start empty")),
    ]
    DEFAULT_CSS = """
    WelcomeScreen { align: center middle; }
    WelcomeScreen > Vertical { width: 80; max-width: 100%; height: auto; border: thick $primary; padding: 1 2; }
    WelcomeScreen Button { margin: 1 1 0 0; }
    WelcomeScreen ProgressBar { display: none; }
    WelcomeScreen ProgressBar.running { display: block; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Paragraph(_(WELCOME))
            yield Button(visual(_("Load the demo secretariat (d)")), id="demo", variant="primary")
            yield Button(visual(_("Start empty (e)")), id="empty")
            yield ProgressBar(id="progress", show_eta=True)
        yield Footer()

    @on(Button.Pressed, "#demo")
    def action_demo(self) -> None:
        self.query_one("#progress", ProgressBar).add_class("running")
        for button in self.query(Button):
            button.disabled = True
        self._load()

    @on(Button.Pressed, "#empty")
    def action_empty(self) -> None:
        self.dismiss("empty")

    @work(thread=True, exclusive=True)
    def _load(self) -> None:
        app = host(self)
        bar = self.query_one("#progress", ProgressBar)

        def progress(done: int, total: int) -> None:
            app.call_from_thread(bar.update, total=total, progress=done)

        try:
            app.load_demo(progress)
        except Exception as e:  # shown to the user; the store keeps whatever batches committed
            app.call_from_thread(app.notify, _("Demo could not be loaded: {e}", e=e), severity="error")
            app.call_from_thread(self.dismiss, "empty")
            return
        app.call_from_thread(self.dismiss, "demo")
