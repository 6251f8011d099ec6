"""The administrator's workspace: every register's version, position, lag and last rebuild, live; and
rebuilds chosen, explained and watched with a progress bar, without taking the registers from clerks."""

from __future__ import annotations

import threading
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Input, ProgressBar, SelectionList, Static

from domain.errors import Message, SecretariatError
from projections.engine import Progress
from projections.runner import RebuildCancelled, Registers
from tui.i18n.bidi import in_session, visual, wrapped
from tui.i18n.catalogue import N_, _, say
from tui.i18n.formats import Figure, digits
from tui.i18n.settings import current
from tui.keys import KEYS
from tui.screens.audit import MODAL_CSS
from tui.screens.host import host


def drawn_line(widget: Static, text: str) -> Text:
    """A line for `widget` as the session draws it: a right-to-left one wrapped to the widget in reading order,
    then each line reordered (Textual would wrap the reordered text from its wrong end)."""
    if not current().rtl:
        return Text(text)
    return Text(wrapped(text, widget.content_size.width or 76))


def _mirrored(cells: list[Any]) -> list[Any]:
    """A row's cells as a right-to-left session lays them: the first column at the right edge."""
    return cells[::-1] if current().rtl else cells


class StatusScreen(ModalScreen[None]):
    """Projection status, refreshed every second; c checks every register against the history."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", N_("Close")),
                                             Binding("c", "check", N_("Check against the history")), KEYS]
    # the table takes what the title and the check's line leave, so the line stays on screen at 80x24 (a long
    # line wraps: its height is its own)
    DEFAULT_CSS = MODAL_CSS.format(name="StatusScreen") + """
StatusScreen #status { height: 1fr; }
StatusScreen #check { height: auto; }
.-rtl StatusScreen #check, .-rtl RebuildScreen Static { text-align: right; }
"""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(in_session(_("Registers"))), classes="title")
            yield DataTable(id="status", cursor_type="row")
            yield Static(Text(in_session(_("c: check every register against a fresh fold of the history"))),
                         id="check")
        yield Footer()

    def action_check(self) -> None:
        check = self.query_one("#check", Static)
        check.update(drawn_line(check, _("checking the registers against the history ...")))
        app = host(self)

        def run() -> None:
            from projections.register_check import check_registers

            try:
                results = check_registers(app.secretariat)
                bad = [r for r in results if not r.ok]
                line = (_("all {n} registers equal the history", n=Figure(len(results))) if not bad else
                        _("register {register} differs from the history at position {position}: {problem} "
                          "(rebuild it)", register=bad[0].register, position=Figure(bad[0].position),
                          problem=bad[0].problem))
            except Exception as e:  # shown, never raised into the UI
                line = _("the check could not run: {e}", e=e)
            app.call_from_thread(self._show_check, line)

        threading.Thread(target=run, name="register-check", daemon=True).start()

    def _show_check(self, line: str) -> None:
        try:
            check = self.query_one("#check", Static)
            check.update(drawn_line(check, line))
        except NoMatches:
            pass  # the screen was closed meanwhile

    def on_mount(self) -> None:
        table = self.query_one("#status", DataTable)
        columns = (N_("register"), N_("version"), N_("folded to"), N_("history head"), N_("lag"), N_("last rebuild"))
        table.add_columns(*_mirrored([visual(_(c)) for c in columns]))
        self.refresh_status()
        self.set_interval(1.0, self.refresh_status)

    def refresh_status(self) -> None:
        app = host(self)
        table = self.query_one("#status", DataTable)
        table.clear()
        with app.registers_lock:
            statuses = app.registers.status()
        for s in statuses:
            version = "-" if s.version is None else str(Figure(s.version))
            if s.version is not None and s.version != s.declared_version:
                version += " " + _("(code: {version})", version=s.declared_version)
            lag = f"{Figure(s.lag):,}" if s.position <= s.head else _("AHEAD of the history: rebuild")
            table.add_row(*_mirrored([Text(s.name), visual(version), f"{Figure(s.position):,}", f"{Figure(s.head):,}",
                                      visual(lag), Text(digits(s.rebuilt_at or "-"))]))


# a rebuild's phases (projections.engine.Progress.phase), as the progress line names them
_PHASES = {"reading": N_("reading"), "writing": N_("writing"), "catching-up": N_("catching up"),
           "swapped": N_("swapped")}


class RebuildScreen(ModalScreen[None]):
    """Choose registers, give a reason, watch the rebuild; Esc while it runs cancels it safely."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "start", N_("Rebuild"), priority=True),
                                             Binding("escape", "cancel", N_("Cancel / close"), priority=True),
                                             Binding("f2", "hide", N_("Hide (keeps running)"), priority=True), KEYS]
    DEFAULT_CSS = MODAL_CSS.format(name="RebuildScreen") + """
    RebuildScreen SelectionList { height: auto; max-height: 8; }
    RebuildScreen #rebuild-line { height: auto; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.cancel = threading.Event()
        self.running = False

    def compose(self) -> ComposeResult:
        app = host(self)
        names = [p.name for p in app.registers.projections]
        with Vertical():
            yield Static(Text(in_session(_("Rebuild registers"))), classes="title")
            yield SelectionList[str](*[(n, n, True) for n in names], id="rebuild-choice")
            yield Static(Text(in_session(_("Reason (required)"))))
            yield Input(placeholder=visual(_("why these registers are rebuilt")), id="rebuild-reason")
            hint = _("ctrl+s starts · F2 hides this screen while the rebuild goes on · Esc cancels a running rebuild, "
                     "or closes")
            yield Static(Text(wrapped(hint, 76) if current().rtl else hint), id="rebuild-hint")
            yield ProgressBar(total=1, id="rebuild-progress", show_eta=False)
            yield Static("", id="rebuild-line", markup=False)
        yield Footer()

    def action_start(self) -> None:
        if self.running:
            return
        names = list(self.query_one("#rebuild-choice", SelectionList).selected)
        reason = self.query_one("#rebuild-reason", Input).value.strip()
        line = self.query_one("#rebuild-line", Static)
        if not names:
            line.update(drawn_line(line, _("Choose at least one register.")))
            return
        if not reason:
            line.update(drawn_line(line, _("A reason is required.")))
            return
        self.running = True
        self.cancel.clear()
        self.rebuild(names, reason)

    def action_cancel(self) -> None:
        if self.running:
            self.cancel.set()
            line = self.query_one("#rebuild-line", Static)
            line.update(drawn_line(line, _("Cancelling…")))
        else:
            self.dismiss(None)

    def action_hide(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted, "#rebuild-reason")
    def _enter(self) -> None:
        self.action_start()

    def _show(self, total: int, done: int, text: str, running: bool = True) -> None:
        """Progress on this screen while it is shown, and in the app's status line while it runs (the
        outcome stays on this screen and in a toast, not in every register's status line)."""
        app = host(self)
        app.background_status = text if running else ""
        if self.is_attached:
            try:
                self.query_one("#rebuild-progress", ProgressBar).update(total=max(total, 1), progress=done)
                line = self.query_one("#rebuild-line", Static)
                line.update(drawn_line(line, text))
            except NoMatches:
                pass  # hidden a moment ago: its widgets are gone, the status line carries on
        app.show_title()

    def rebuild(self, names: list[str], reason: str) -> None:
        # A worker of the app, not of this screen: hiding the screen does not stop the rebuild.
        self.app.run_worker(lambda: self._rebuild(names, reason), thread=True, exclusive=True,
                            group="rebuild", exit_on_error=False)

    def _rebuild(self, names: list[str], reason: str) -> None:
        app = host(self)

        def progress(p: Progress) -> None:
            if self.cancel.is_set():
                raise RebuildCancelled()
            eta = "-" if p.eta_seconds is None else _("{seconds} s", seconds=Figure(round(p.eta_seconds)))
            text = _("rebuilding {register}: {phase} {done:,}/{total:,} events · {rate:,} events/s · ETA {eta}",
                     register=p.register, phase=Message(_PHASES.get(p.phase, p.phase)), done=Figure(p.done),
                     total=Figure(p.total), rate=Figure(round(p.events_per_second)), eta=eta)
            app.call_from_thread(self._show, p.total, p.done, text)

        registers = Registers(app.secretariat)  # its own connections: clerks' reads and writes go on
        summaries = []
        try:
            try:
                summaries = registers.rebuild(names, progress=progress, user=app.actor.name, reason=reason)
                done = "; ".join(
                    _("{register}: {events:,} events, {rows:,} rows in {seconds} s ({rate:,}/s)", register=s.register,
                      events=Figure(s.events), rows=Figure(s.rows), seconds=digits(f"{s.seconds:.1f}"),
                      rate=Figure(round(s.events_per_second))) for s in summaries)
                status = _("Done. {summary}", summary=done)
            except RebuildCancelled:
                status = _("Cancelled: the live registers are as they were.")
            except SecretariatError as e:
                status = _("Refused: {e}", e=e)
            except Exception as e:  # the store failed under it: say so, the live registers are untouched
                first = (say(e).strip().splitlines() or [""])[0]
                status = _("Failed: {error}: {first}; the live registers are as they were", error=type(e).__name__,
                           first=first)
            finally:
                registers.close()
            # Shown before `running` drops, so whoever waits for the end sees how it ended.
            app.call_from_thread(self._show, 1, 1 if summaries else 0, status, False)
            if summaries:
                app.call_from_thread(app.notify, done, title=_("Rebuilt"))
        finally:
            self.running = False
