"""The Secretariat shell: a sidebar of the registers the user's role may see, the register table (paged,
sorted and filtered in SQL), record cards, command forms, the command palette, toasts for outcomes and a
header with store, user and role. New rows written by other processes appear within a couple of seconds.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Iterable
from typing import Any, ClassVar, cast

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.containers import Horizontal, Vertical
from textual.notifications import SeverityLevel
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from domain.commands import COMMANDS, Command, role_refusal
from domain.errors import NotPermitted
from domain.maintenance import REBUILDERS
from domain.readpolicy import reader
from domain.roles import AUDIT_READERS
from projections.db import Database
from projections.paging import RegisterQuery, clean_filter, like_pattern
from projections.reconnect import connection_lost
from projections.registers import Register, registers, visible_registers
from projections.runner import Registers
from tui.i18n.bidi import visual
from tui.i18n.bindings import translate_bindings, translate_node
from tui.i18n.catalogue import N_, _, ngettext, say
from tui.i18n.formats import figure
from tui.i18n.library_texts import search_prompt, system_commands
from tui.i18n.user_settings import apply_user_settings
from tui.lagging import registers_behind
from tui.screens.admin import RebuildScreen, StatusScreen
from tui.screens.audit import AsOfScreen, EventScreen, ExportScreen, VerifyScreen
from tui.screens.card import RecordCard
from tui.screens.forms import CommandForm
from tui.screens.inbox import InboxCounter, InboxEntry, InboxScreen
from tui.screens.palette import CommandsProvider, SessionPalette, WorkspaceProvider
from tui.screens.replay import ReplayScreen
from tui.screens.welcome import WelcomeScreen
from tui.terminal import CHECK_SECONDS, EXIT_TERMINAL_GONE, terminal_fd, terminal_gone
from tui.unexpected import debugging, kept, kept_console, sentence
from tui.widgets.fields import Reference
from tui.widgets.paragraph import Line
from tui.widgets.table import PAGE, RegisterTable


def register_group(register: Register) -> str:
    """The sidebar heading a register stands under: its context's GROUP; the engine's event log is Audit."""
    from projections.catalogue import projection_contexts
    from tui.plugins import groups

    context = projection_contexts().get(register.projection)
    return groups().get(context, N_("Other")) if context is not None else N_("Audit")


def sidebar_options(registers: list[Register]) -> list[Option]:
    """The registers under a dim, unselectable heading per department, departments in their first register's
    order."""
    grouped: dict[str, list[Register]] = {}
    for r in registers:
        grouped.setdefault(register_group(r), []).append(r)
    options: list[Option] = []
    heading = None
    for r in (r for members in grouped.values() for r in members):
        group = register_group(r)
        if group != heading:
            heading = group
            options.append(Option(Text(visual(_(group).upper()), style="dim bold"), id=f"group:{group}",
                                  disabled=True))
        options.append(Option(Text(" " + visual(_(r.title))), id=r.name))
    return options


LISTEN_SECONDS = 0.5  # how long the PostgreSQL listener waits for a notification before it looks if it should end


def _settle_heap() -> None:
    """Once the first screen is drawn: what start-up made (modules, the catalogue, the first screen's widgets)
    lives as long as the app, so after one collection it leaves the collector's generations (gc.freeze), and a
    full collection while a clerk saves walks only what was made since (a pause of tens of ms otherwise). Only
    for a process that runs one app: frozen objects are never collected, whatever becomes of them."""
    gc.collect()
    gc.freeze()


class SecretariatApp(App[None]):
    TITLE = "Secretariat"
    COMMANDS = App.COMMANDS | {CommandsProvider, WorkspaceProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", N_("Quit"), tooltip=N_("leave Secretariat")),
        Binding("slash", "filter", N_("Filter"), tooltip=N_("type part of any value, or words like status:open")),
        Binding("n", "new", N_("New"), tooltip=N_("a new record in this register (its form)")),
        Binding("n", "explain_new", N_("New"), show=False,  # where the role may create nothing: says so in words
                tooltip=N_("says why nothing is created here by your role")),
        Binding("escape", "hide_keys", N_("Close the keys panel"), show=False, priority=True),
        Binding("escape", "clear_filter", N_("Clear filter"), show=False, tooltip=N_("and close the filter")),
        Binding("f5", "refresh", N_("Refresh"), show=False, tooltip=N_("read changes by others now")),
        Binding("ctrl+p", "command_palette", N_("Commands"), tooltip=N_("every command your role may run, by title")),
        Binding("a", "as_of", N_("As of"), show=False, tooltip=N_("this register at a past position or time")),
        Binding("y", "replay", N_("Replay"), show=False, tooltip=N_("step through the events of this register")),
        Binding("v", "verify", N_("Verify"), show=False, tooltip=N_("check the hash chain of the events")),
        Binding("t", "status", N_("Status"), show=False, tooltip=N_("each register's position and lag")),
        Binding("b", "rebuild", N_("Rebuild"), show=False, tooltip=N_("rebuild registers from the events")),
        Binding("x", "export", N_("Export"), show=False, tooltip=N_("every event for outside auditors")),
        Binding("r", "reports", N_("Reports"), tooltip=N_("the reports, this register's first")),
        Binding("d", "dashboard", N_("Dashboard"), show=False, tooltip=N_("key counts and charts for your office")),
        Binding("i", "inbox", N_("Inbox"), tooltip=N_("your own work: letters, appeals, approvals due")),
        Binding("f1,question_mark", "toggle_keys", N_("Keys"), tooltip=N_("show or hide this panel of keys")),
    ]
    AUDIT = AUDIT_READERS
    WORKSPACE_TITLES: ClassVar[dict[str, str]] = {
        "as_of": N_("The historical view"), "replay": N_("Replay"), "verify": N_("Verifying the chain"),
        "status": N_("Register status"), "export": N_("Export"), "rebuild": N_("Rebuilding registers")}
    WORKSPACE: ClassVar[dict[str, frozenset[str]]] = {
        "as_of": AUDIT, "replay": AUDIT, "verify": AUDIT, "status": AUDIT, "export": AUDIT, "rebuild": REBUILDERS}
    CSS = """
    #sidebar { width: 26; border-right: tall $primary 40%; }
    #sidebar OptionList { height: 1fr; border: none; }
    #inbox-entry { border-bottom: solid $primary 40%; height: 2; }
    #register-title { height: 1; text-style: bold; padding: 0 1; }
    #register-status { height: 1; color: $text-muted; padding: 0 1; }
    #filter { display: none; }
    #filter.open { display: block; }
    /* right to left (Dari, Pashto): the sidebar on the right, titles and labels from the right */
    .-rtl #sidebar { dock: right; border-right: none; border-left: tall $primary 40%; }
    .-rtl #register-title, .-rtl #register-status, .-rtl Label, .-rtl .title { width: 1fr; text-align: right; }
    .-rtl OptionList { text-align: right; }
    .-rtl #inbox-title, .-rtl #inbox-status, .-rtl #dash-title, .-rtl #dash-status, .-rtl .chart-title,
    .-rtl .chart-note, .-rtl Opens, .-rtl BarList, .-rtl #inbox-entry { text-align: right; }
    .-rtl #card-actions, .-rtl #card-fields, .-rtl #card-history, .-rtl .section { width: 1fr; text-align: right; }
    .-rtl .buttons { align-horizontal: right; }
    """

    def __init__(self, secretariat: Any, user: str, *, store_label: str | None = None,
                 poll_seconds: float = 1.0, inbox_first: bool = False, settle_heap: bool = False) -> None:
        translate_bindings()  # the footer and help in the session's language: before any widget copies them
        super().__init__()
        self.settle_heap = settle_heap  # the process is the app's alone (the command line's): see _settle_heap
        self.listening = threading.Event()  # PostgreSQL: the listener waits for other processes' writes
        self.stopping = threading.Event()  # the app is ending: the listener ends too
        self.inbox_first = inbox_first  # the inbox over the registers at start-up (the command line's app)
        self.inbox_counter = InboxCounter(self)
        self.secretariat = secretariat
        self.actor = secretariat.actor(user)
        self.settings = apply_user_settings(secretariat, self.actor.name)
        self._policy: tuple[int, Any] | None = None
        self.store_label = store_label or secretariat.store_config.display
        self.poll_seconds = poll_seconds
        self.registers = Registers(secretariat)
        self.registers_lock = threading.Lock()
        self.read_only: str | None = getattr(secretariat, "read_only", None)
        if not self.read_only:  # a standby's registers are the primary's: read, never written here
            with self.registers_lock:  # before the event loop runs: the first screen shows current rows
                self.registers.setup(self.actor.name)
                self.registers.catch_up()
        self.reader = Database(secretariat.store_config)
        self.read_conn = self.reader.connect()
        self.shown_registers: list[Register] = visible_registers(self.actor.roles)
        self.current: Register = self.shown_registers[0]
        self._known_head = secretariat.head()
        self.background_status = ""
        first = self._query(self.current)  # its first rows read here, before the event loop runs
        self._first_rows = (first, first.count(), first.page(0, PAGE))
        if not debugging():  # an unexpected error's traceback is kept, and said in one sentence (unexpected_error)
            self.error_console = kept_console()

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = False) -> None:
        """Every toast of the app, from any screen or thread: its text is shown literally, never parsed as
        markup, because messages carry what users typed (a name like "[/x] Karimi")."""
        super().notify(visual(message), title=visual(title), severity=severity, timeout=timeout, markup=False)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own commands in the palette (Keys, Quit, Theme ...), in the session's language."""
        return system_commands(super().get_system_commands(screen))

    def action_command_palette(self) -> None:
        """Textual's command palette, its search prompt in the session's language."""
        if self.use_command_palette and not CommandPalette.is_open(cast(App[object], self)):
            self.push_screen(SessionPalette(placeholder=search_prompt(), id="--command-palette"))

    # ---- layout ---------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            with Vertical(id="sidebar"):
                yield InboxEntry(id="inbox-entry")
                yield OptionList(*sidebar_options(self.shown_registers), id="registers")
            with Vertical(id="main"):
                yield Static(id="register-title", markup=False)
                yield Input(placeholder=_("filter: type part of any value; Esc clears"), id="filter")
                query, total, rows = self._first_rows
                yield RegisterTable(query, id="table", first=(total, rows))
                yield Line(id="register-status")
        yield Footer()

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """Textual's push_screen; a screen made before its class's bindings were translated is translated."""
        if isinstance(screen, Screen):
            translate_node(screen)
        return super().push_screen(screen, *args, **kwargs)

    def on_mount(self) -> None:
        if self.settings.rtl:
            self.add_class("-rtl")
        roles = ", ".join(_(role) for role in self.actor.roles)
        self.title = visual(_("Secretariat"))
        self.sub_title = visual(f"{self.store_label} · {self.actor.name} ({roles})")
        self.show_title()
        self.query_one(RegisterTable).focus()
        self.set_interval(self.poll_seconds, self._poll)
        if self.registers.db.kind == "postgresql":
            threading.Thread(target=self._listen, name="listen", daemon=True).start()
        if self.is_fresh() and not self.read_only:  # nothing to start on a standby
            self.push_screen(WelcomeScreen(), self._after_welcome)
        elif self.inbox_first:
            self.push_screen(InboxScreen())
        self._count_inbox()
        if self.settle_heap:
            self.call_after_refresh(_settle_heap)
        if not self.is_headless and (fd := terminal_fd()) is not None:
            self.set_interval(CHECK_SECONDS, lambda: self.exit_if_terminal_gone(fd))

    def exit_if_terminal_gone(self, fd: int) -> None:
        """End the app when its terminal was closed under it (see tui.terminal)."""
        if terminal_gone(fd):
            self.exit(return_code=EXIT_TERMINAL_GONE)

    @property
    def policy(self) -> Any:
        """The read policy's view of this user, worked out again whenever the store has moved on (a
        clearance granted, a unit established under their office)."""
        head = self.secretariat.head()
        if self._policy is None or self._policy[0] != head:
            user = self.secretariat.user(self.actor.name) or self.actor
            self._policy = (head, reader(user, self.secretariat.find))
        return self._policy[1]

    @property
    def known_head(self) -> int:
        """The last event the registers were caught up with (screens reading the registers reload when it moves)."""
        return self._known_head

    def _query(self, register: Register) -> RegisterQuery:
        return RegisterQuery(self.reader, self.read_conn, register, restriction=register.restriction_for(self.policy),
                             calendar=self.settings.calendar)

    def show_title(self) -> None:
        main = self.screen_stack[0]  # the shell's own screen, also while a card or form covers it
        table = main.query_one(RegisterTable)
        main.query_one("#register-title", Static).update(Text(visual(_(self.current.title))))
        q = table.register_query
        parts = [ngettext("{total:,}{more} row", "{total:,}{more} rows", table.total, total=figure(table.total),
                          more="" if q.exact else "+")]
        if q.problem:  # first, where it is read: why the filter shows nothing
            parts.insert(0, say(q.problem))
        if q.sort:
            column = _(q.sort.replace("_", " "))
            parts.append(_("sorted by {column}, descending", column=column) if q.descending else
                         _("sorted by {column}", column=column))
        if q.filter:
            parts.append(_("filter: {filter}", filter=q.filter))
        if self.read_only:
            parts.append(_("read-only standby: commands are recorded on the primary"))
        if self.background_status:
            parts.append(self.background_status)
        elif self.create_command() is not None:
            parts.append(_("Enter opens · s sorts · / filters · n new · ctrl+p commands"))
        else:
            parts.append(_("Enter opens · s sorts · / filters · ctrl+p commands"))
        status = " · ".join(parts)
        main.query_one("#register-status", Line).show(status)

    # ---- registers ------------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#registers")
    def _register_chosen(self, event: OptionList.OptionSelected) -> None:
        self.show_register(str(event.option.id))

    def show_register(self, name: str) -> None:
        register = next(r for r in self.shown_registers if r.name == name)
        self.current = register
        table = self.query_one(RegisterTable)
        table.register_query = self._query(register)
        table.show_top()
        filter_input = self.query_one("#filter", Input)
        filter_input.value = ""
        filter_input.remove_class("open")
        words = " ".join(f"{name}:…" for name in (register.fields or {}))
        filter_input.placeholder = visual(_("filter: {words} or part of any value; Esc clears", words=words) if words
                                          else _("filter: type part of any value; Esc clears"))
        self.show_title()
        table.focus()
        self.refresh_bindings()  # "n New" in the footer only where the role may create

    def open_register(self, name: str, words: str) -> None:
        """A register filtered by `words` (a report's drill-down); one record found opens its card."""
        if not any(r.name == name for r in self.shown_registers):
            self.notify(_("Your role does not show the register {name}", name=name), severity="warning")
            return
        self.show_register(name)
        sidebar = self.query_one("#registers", OptionList)
        sidebar.highlighted = next(i for i, o in enumerate(sidebar._options) if o.id == name)
        filter_input = self.query_one("#filter", Input)
        filter_input.add_class("open")
        with filter_input.prevent(Input.Changed):  # the filter is read once, here, not again by the typing path
            filter_input.value = words
        table = self.query_one(RegisterTable)

        def one_opens() -> None:
            if table.total == 1:
                self.call_after_refresh(table.action_open)

        table.set_filter(words, then=one_opens)

    def action_filter(self) -> None:
        filter_input = self.query_one("#filter", Input)
        filter_input.add_class("open")
        filter_input.focus()

    @on(Input.Changed, "#filter")
    def _filter_typed(self, event: Input.Changed) -> None:
        """Typing never waits: the table reads the filter in its worker, and of what is typed while one read runs
        only the latest text is read next."""
        if clean_filter(event.value) != event.value:
            self.notify(_("Control characters in a filter are ignored"), severity="warning")
        self.query_one(RegisterTable).set_filter(event.value)

    @on(RegisterTable.Shown)
    def _table_shown(self) -> None:
        if self.screen_stack:  # not while the app is closing
            self.show_title()

    @on(Input.Submitted, "#filter")
    def _filter_done(self) -> None:
        self.query_one(RegisterTable).focus()

    def action_clear_filter(self) -> None:
        filter_input = self.query_one("#filter", Input)
        if filter_input.value:
            filter_input.value = ""
        filter_input.remove_class("open")
        self.query_one(RegisterTable).focus()

    def action_refresh(self) -> None:
        self._poll()

    @on(RegisterTable.Opened)
    def _open_card(self, event: RegisterTable.Opened) -> None:
        if event.table.register_query.register.kind == "event":
            self.push_screen(EventScreen(int(event.record_id)))
        else:
            self.push_screen(RecordCard(event.record_id))

    # ---- auditor's and administrator's workspaces ----------------------------------------------------

    MAIN_SCREEN_ONLY = frozenset({"filter", "new", "explain_new", "clear_filter", "refresh", "reports", "inbox"})

    def action_hide_keys(self) -> None:
        self.action_hide_help_panel()

    def action_toggle_keys(self) -> None:
        """F1 or ?: the keys of the screen in front and what each does, or away again."""
        if self.screen.query("HelpPanel"):
            self.action_hide_help_panel()
        else:
            self.action_show_help_panel()

    def action_inbox(self) -> None:
        if not isinstance(self.screen, InboxScreen):
            self.push_screen(InboxScreen())

    @on(InboxEntry.Chosen)
    def _inbox_chosen(self) -> None:
        self.action_inbox()

    def show_inbox_count(self, total: int | None) -> None:
        self.screen_stack[0].query_one(InboxEntry).set_count(total)

    @work(thread=True, exclusive=True, group="inbox-count", exit_on_error=False)
    def _count_inbox(self) -> None:
        """The sidebar's inbox count, read off the event loop."""
        try:
            total = self.inbox_counter.count()
        except Exception:  # a busy store: the count waits for the next change
            return
        self.call_from_thread(self.show_inbox_count, total)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "hide_keys":  # Esc closes the keys panel first, on whichever screen it is open
            return bool(self.screen.query("HelpPanel"))
        if action in self.MAIN_SCREEN_ONLY and len(self.screen_stack) > 1:
            return False  # they act on the register on the main screen, which another screen now covers
        if action in ("new", "explain_new"):  # the footer shows "n New" only where the role may create
            return (self.create_command() is not None) == (action == "new")
        return True  # a workspace key the role may not use says so (may_open), rather than do nothing

    def may_open(self, action: str) -> bool:
        """Whether the acting user's roles open this workspace screen."""
        roles = self.WORKSPACE.get(action)
        return roles is None or bool(roles & set(self.actor.roles))

    def _open_allowed(self, action: str) -> bool:
        if self.may_open(action):
            return True
        who = " and ".join(f"{r}s" for r in sorted(self.WORKSPACE[action]))
        self.notify(_("{workspace_titles} is for {who}; your role is {roles}",
                      workspace_titles=_(self.WORKSPACE_TITLES[action]), who=who, roles=', '.join(self.actor.roles)),
                    severity="warning")
        return False

    def action_as_of(self) -> None:
        if self._open_allowed("as_of"):
            self.push_screen(AsOfScreen(self.current, self.shown_registers))

    def action_replay(self) -> None:
        if self._open_allowed("replay"):
            self.push_screen(ReplayScreen(self.current))

    def action_verify(self) -> None:
        if self._open_allowed("verify"):
            self.push_screen(VerifyScreen())

    def action_export(self) -> None:
        if self._open_allowed("export"):
            self.push_screen(ExportScreen())

    def action_status(self) -> None:
        if self._open_allowed("status"):
            self.push_screen(StatusScreen())

    def action_reports(self) -> None:
        from tui.screens.reports import ReportsScreen

        self.push_screen(ReportsScreen(register=self.current.name))

    def action_dashboard(self) -> None:
        from tui.screens.dashboard import DashboardScreen

        if not isinstance(self.screen, DashboardScreen):
            self.push_screen(DashboardScreen())

    def action_rebuild(self) -> None:
        if self._open_allowed("rebuild"):
            self.push_screen(RebuildScreen(), lambda _: self._reload_table())

    # ---- commands -------------------------------------------------------------------------------

    def permits(self, command: type[Command]) -> bool:
        if self.read_only:
            return False  # nothing is recorded on a standby; the title says why
        try:
            self.secretariat.permitted_role(self.actor, command)
        except NotPermitted:
            return False
        return True

    def create_command(self) -> type[Command] | None:
        """The command `n` opens on the current register, if there is one and the role may run it."""
        from tui.plugins import exported

        name = exported("CREATE").get(self.current.name)
        command = COMMANDS[name] if name else None
        return command if command is not None and self.permits(command) else None

    def action_new(self) -> None:
        command = self.create_command()
        if command is not None:
            self.open_form(command)

    def action_explain_new(self) -> None:
        from tui.plugins import exported

        name = exported("CREATE").get(self.current.name)
        if name is None:
            self.notify(_("Nothing is created directly in {title}; open a record for its actions, or ctrl+p for "
                          "every command", title=_(self.current.title)), severity="information")
            return
        self.notify(role_refusal(self.actor.roles, COMMANDS[name]) or "", severity="warning")

    def open_form(self, command: type[Command], values: dict[str, Any] | None = None,
                  fixed: frozenset[str] = frozenset(), on_done: Callable[[Any], None] | None = None) -> None:
        def done(result: Any) -> None:
            if result is not None:
                self.notify(say(result.message), title=_("Recorded"))
                self._reload_table()
            if on_done is not None:
                on_done(result)

        self.push_screen(CommandForm(command, values, fixed), done)

    def run_command(self, command: type[Command], values: dict[str, Any], command_id: str, reason: str) -> Any:
        """Run one command for the acting user; its result is in the registers when this returns."""
        built = self.secretariat.command(command.name, values)
        result = self.secretariat.handle(built, user=self.actor.name, command_id=command_id, reason=reason)
        if result.position:
            try:
                with self.registers_lock:
                    self.registers.wait(result.position)
            except Exception as e:  # recorded all the same: the form closes as saved, the lag is said
                if debugging():
                    raise
                self.notify(registers_behind(e), severity="warning", timeout=15)
                return result
            self._known_head = max(self._known_head, result.position)  # no second reload from the poller
        return result

    def lookup(self, ref: Reference, typed: str, limit: int, scope: str = "") -> list[tuple[str, str]]:
        """Records whose code or name contains the typed text, for type-ahead in forms; with a `scope` value,
        only those whose scope column equals it (the positions of the unit chosen in the form)."""
        pattern = like_pattern(clean_filter(typed).strip())
        like = "LIKE" if self.reader.kind == "sqlite" else "ILIKE"
        active = " AND active = 1" if ref.active_only and ref.table in ("units", "users") else ""
        if ref.where:
            active += f" AND ({ref.where})"
        if ref.confidential and not self.policy.cleared:
            active += f" AND {ref.confidential} = 0"
        scoped = next((r for r in registers().values() if r.table == ref.table and r.office), None)
        if scoped is not None and self.policy.offices is not None:  # office scope, as the register's rows
            active += f" AND {scoped.restriction_for(self.policy)}"
        params: tuple[Any, ...] = (pattern, pattern)
        if ref.scope and scope.strip():
            active += f" AND {ref.scope[0]} = ?"
            params += (clean_filter(scope).strip().upper(),)
        rows = self.reader.execute(
            self.read_conn, f"SELECT {ref.value}, {ref.label} FROM {ref.table} WHERE ({ref.value} {like} ? ESCAPE '\\' "
            f"OR {ref.label} {like} ? ESCAPE '\\'){active} ORDER BY {ref.value} LIMIT ?", (*params, limit))
        return [(str(v), str(label or "")) for v, label in rows]

    # ---- first run and changes from elsewhere ---------------------------------------------------

    def is_fresh(self) -> bool:
        """No organisation yet and nothing but the store's initialisation recorded."""
        units = self.reader.execute(self.read_conn, "SELECT COUNT(*) FROM units")[0][0]
        return units == 0 and self.secretariat.only_initialised()

    def load_demo(self, progress: Callable[[int, int], None]) -> int:
        from projections.bulk import load_demo

        # the app's own catch-up waits: the load ends by rebuilding every register, and a poll woken by the
        # load's own notifications would catch up those registers while the rebuild swaps them
        with self.registers_lock:
            written = load_demo(self.secretariat, self.actor.name, progress=progress)
            self.registers.catch_up()
        return written

    def _after_welcome(self, choice: str | None) -> None:
        self._reload_table()
        if choice == "empty" and self.permits(COMMANDS["units.establish"]):
            self.open_form(COMMANDS["units.establish"])
        elif self.inbox_first:
            self.push_screen(InboxScreen())

    def _reload_table(self) -> None:
        self.query_one(RegisterTable).reload()  # the title follows when its rows are shown
        self._count_inbox()

    def _listen(self) -> None:
        """PostgreSQL, on a thread of its own (not a worker: it lasts as long as the app): poll as soon as another
        process writes (the recorder NOTIFYs with every insert) instead of at the next tick; the ticks go on,
        so a listener that fails (a lost connection) only delays the rows."""
        try:
            conn = self.registers.db.connect()
        except Exception:  # the ticks still poll
            return
        try:
            conn.execute("LISTEN secretariat_events")
            self.listening.set()
            while not self.stopping.is_set():
                if any(True for _ in conn.notifies(timeout=LISTEN_SECONDS, stop_after=1)) \
                        and not self.stopping.is_set():
                    self.call_from_thread(self._poll)
        except Exception:  # the ticks still poll
            pass
        finally:
            self.listening.clear()
            conn.close()

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def _poll(self) -> None:
        try:
            head = self.secretariat.head()
            if head == self._known_head:
                return
            if not self.read_only:
                with self.registers_lock:
                    self.registers.catch_up()
        except Exception as e:  # a busy or vanished store: say so, keep the app, try again next tick
            if connection_lost(e):
                self._reconnect()
                return
            self.call_from_thread(self.notify, _("Could not read new changes: {e}", e=e), severity="warning")
            return
        self._known_head = head
        self.call_from_thread(self._reload_table)

    def _reconnect(self) -> None:
        """The server dropped our connections (restart, failover): open them again, say so once, and say once
        that it is still unreachable when it is (the next tick tries again)."""
        try:
            with self.registers_lock:
                fresh = self.registers.db.connect()
                old, self.registers.conn = self.registers.conn, fresh
                self.read_conn, old_read = self.reader.connect(), self.read_conn
            for conn in (old, old_read):
                try:
                    conn.close()
                except Exception:  # already broken
                    pass
        except Exception as e:
            if not self._disconnected:
                self._disconnected = True
                self.call_from_thread(self.notify,
                                      Text(_("Lost the connection to the store ({e}); retrying", e=e)).plain,
                                      severity="warning")
            return
        self._disconnected = False
        for table in self.query(RegisterTable):  # the open register reads through the new connection
            table.register_query.conn = self.read_conn
        self.call_from_thread(self.notify, _("Reconnected to the store"), title=_("Store"))
        self.call_from_thread(self._reload_table)

    _disconnected = False

    def unexpected_error(self) -> str | None:
        """After `run()`: the one sentence saying what unexpected error ended the app, None when none did
        (tui.unexpected; with SECRETARIAT_DEBUG=1 Textual has printed the traceback itself)."""
        if not self.return_code or debugging():
            return None
        return sentence(kept(self.error_console))

    def on_unmount(self) -> None:
        self.stopping.set()
        self.inbox_counter.close()
        with self.registers_lock:  # a poll still catching up on its thread finishes first (closing under it crashed)
            self.registers.close()
        self.reader.close(self.read_conn)
