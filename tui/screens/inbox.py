"""The personal inbox screen (issue 22): the user's own work in groups (projections/inbox.py) — each group's
heading with its count opens its register filtered as the group is (Enter or a click), each item opens its
record's card. The groups are read in a thread worker on the screen's own connection, never on the event
loop, and read again whenever the app's poller notices the store has moved (as the dashboard does). Every
line is `rich.text.Text` (a letter's subject typed by a user shows literally, never as markup).

Also here: the sidebar's "Inbox" entry, whose count is read the same way off the event loop.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from projections.inbox import Group, Inbox, Item
from tui.i18n.bidi import in_session, visual
from tui.i18n.catalogue import N_, _, ngettext, say, word
from tui.i18n.formats import digits, figure, show_day, show_stored
from tui.i18n.settings import current
from tui.screens.host import host
from tui.widgets.worker_connection import WorkerConnection


def read_inbox(app: Any, db: Any, conn: Any, today: date) -> Inbox:
    """The acting user's inbox through the read policy (their roles, clearance and office scope)."""
    from projections.inbox import build

    with db.read(conn):
        return build(db, conn, app.policy, office=getattr(app.actor, "office", None), today=today)


def leads_to(group: Group) -> str:
    """Where a group's heading leads: the register and filter as an English reader types them
    ('allocations due:overdue'); in another language the register's title in it (the filter's words are English
    syntax, and Enter applies it all the same)."""
    if current().language == "en":
        return f"{group.spec.register} {group.spec.filter}"
    from projections.registers import registers

    known = registers().get(group.spec.register)
    return _(known.title) if known is not None else group.spec.register


def group_line(group: Group) -> Text:
    if current().rtl:  # one line read from the right: the heading, its count, then where it leads
        where = f"  {leads_to(group)}" if group.count else ""
        return Text(in_session(f"{say(group.spec.title)} ({figure(group.count):,}){where}"), style="bold")
    text = Text(f"{visual(say(group.spec.title))} ", style="bold")
    text.append(f"({figure(group.count):,})", style="bold" if group.count else "dim")
    if group.count:
        text.append(f"  {visual(leads_to(group))}", style="dim")
    return text


def item_text(item: Item) -> str:
    """An item's values as the session shows them: stored days in its calendar and digits, statuses in its words."""
    return " · ".join("-" if v is None or v == "" else word(c, v) or show_stored(v) or str(v) for c, v in item.values)


def item_line(group: Group, n: int) -> Text:
    if current().rtl:
        return Text(in_session(item_text(group.items[n])) + "   ")
    return Text("   " + visual(item_text(group.items[n])))


def options_for(inbox: Inbox) -> list[Option]:
    """Section headings (not selectable), then each group with work in it: its heading (opens its register
    filtered) and its items (each opens its card). A section with nothing in it is one dim line, so what is
    waiting stays in view at 80x24."""
    options: list[Option] = []
    sections: dict[str, list[Group]] = {}
    for g in inbox.groups:
        sections.setdefault(g.spec.section, []).append(g)
    for section, groups in sections.items():
        nothing = "" if any(g.count for g in groups) else _("  nothing waiting")
        if current().rtl:
            heading = Text(in_session(say(section).upper() + nothing), style="dim bold")
        else:
            heading = Text(visual(say(section).upper()), style="dim bold")
            heading.append(nothing, style="dim")
        options.append(Option(heading, id=f"section:{section}", disabled=True))
        for g in groups:
            if g.count:
                options += group_options(g)
    return options


def group_options(g: Group) -> list[Option]:
    options = [Option(group_line(g), id=f"group:{g.key}")]
    options += [Option(item_line(g, n), id=f"item:{g.key}:{n}") for n in range(len(g.items))]
    if g.count > len(g.items):
        options.append(Option(Text(in_session(_("   … {count:,} more: Enter on the heading lists them all",
                                                count=figure(g.count - len(g.items)))),
                                   style="dim"), id=f"more:{g.key}", disabled=True))
    return options


class InboxScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", N_("Back"), tooltip=N_("back to the registers")),
        Binding("enter", "open", N_("Open"),
                tooltip=N_("a heading: its register, filtered; an item: its record's card")),
        Binding("f5", "reload", N_("Refresh"),
                tooltip=N_("read the inbox again now (it also follows the store by itself)")),
    ]
    DEFAULT_CSS = """
    InboxScreen #inbox-title { height: 1; text-style: bold; padding: 0 1; }
    InboxScreen #inbox-status { height: 1; color: $text-muted; padding: 0 1; }
    InboxScreen #inbox-list { height: 1fr; border: none; text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(self, today: date | None = None) -> None:
        super().__init__()
        self.today = today
        self.inbox: Inbox | None = None
        self.loads = 0  # inboxes shown so far (the tests wait on it)
        self._seen_head: int | None = None
        self._connection = WorkerConnection(lambda: _database(host(self)))  # one read at a time on it

    def compose(self) -> ComposeResult:
        yield Static(_("Inbox"), id="inbox-title", markup=False)
        yield Static(_("reading your work…"), id="inbox-status", markup=False)
        yield OptionList(id="inbox-list")
        yield Footer()

    def on_mount(self) -> None:
        app = host(self)
        self._seen_head = app.known_head
        self.query_one(OptionList).focus()
        self.load()
        self.set_interval(max(0.1, float(getattr(app, "poll_seconds", 1.0)) / 2), self._watch)

    def _watch(self) -> None:
        """Read the inbox again when the app's poller has caught the registers up with new events."""
        head = host(self).known_head
        if head != self._seen_head:
            self._seen_head = head
            self.load()

    def action_reload(self) -> None:
        self.load()

    @work(thread=True, exclusive=True, group="inbox", exit_on_error=False)
    def load(self) -> None:
        app = host(self)
        try:
            with self._connection.use() as conn:
                inbox = read_inbox(app, self._connection.db, conn, self.today or date.today())
        except Exception as e:  # a busy or vanished store: say so and keep what is shown
            self.app.call_from_thread(self._problem, _("Could not read your inbox: {e}", e=e))
            return
        self.app.call_from_thread(self.show, inbox)

    def _problem(self, message: str) -> None:
        self.query_one("#inbox-status", Static).update(Text(message))

    def on_unmount(self) -> None:
        self._connection.close()

    def show(self, inbox: Inbox) -> None:
        self.inbox = inbox
        self.query_one("#inbox-title", Static).update(Text(
            in_session(ngettext("Inbox · {total:,} item · {scope} · {today}",
                                "Inbox · {total:,} items · {scope} · {today}",
                                inbox.total, total=figure(inbox.total), scope=inbox.scope,
                                today=show_day(inbox.today)))))
        self.query_one("#inbox-status", Static).update(Text(in_session(
            _("updated {strftime} · Enter opens · Esc back · F1 keys", strftime=digits(f"{datetime.now():%H:%M:%S}")))))
        listing = self.query_one(OptionList)
        before = listing.highlighted_option.id if listing.highlighted_option is not None else None
        listing.clear_options()
        listing.add_options(options_for(inbox))
        ids = [o.id for o in listing._options]
        if before in ids:
            listing.highlighted = ids.index(before)
        else:
            listing.highlighted = next((i for i, o in enumerate(listing._options) if not o.disabled), None)
        self.loads += 1
        app = host(self)
        app.show_inbox_count(inbox.total)

    # ---- opening --------------------------------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.open(str(event.option.id))

    def action_open(self) -> None:
        listing = self.query_one(OptionList)
        if listing.highlighted_option is not None:
            self.open(str(listing.highlighted_option.id))

    def open(self, option: str) -> None:
        """A group's heading: its register filtered as the group is; an item: its record's card."""
        if self.inbox is None:
            return
        kind, _sep, rest = option.partition(":")
        app = host(self)
        if kind == "group":
            group = self.inbox.group(rest)
            if group is None:
                return
            if group.spec.register not in {r.name for r in app.shown_registers}:
                app.notify(_("Your role does not show the register {register}", register=group.spec.register),
                           severity="warning")
                return
            app.pop_screen()
            app.open_register(group.spec.register, group.spec.filter)
        elif kind == "item":
            key, _sep2, n = rest.rpartition(":")
            group = self.inbox.group(key)
            if group is None or not n.isdigit() or int(n) >= len(group.items):
                return
            from tui.screens.card import RecordCard

            app.push_screen(RecordCard(group.items[int(n)].record_id))


class InboxEntry(Static, can_focus=True):
    """The sidebar's first line: "Inbox" and the count of the user's items; Enter or a click opens it."""

    class Chosen(Message):
        pass

    DEFAULT_CSS = """
    InboxEntry { height: 1; padding: 0 1; text-style: bold; }
    InboxEntry:focus { text-style: bold reverse; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(Text(_("Inbox")), markup=False, **kwargs)
        self.count: int | None = None

    def set_count(self, count: int | None) -> None:
        self.count = count
        self.update(Text(visual(_("Inbox") if count is None else _("Inbox ({count:,})", count=figure(count)))))

    def on_click(self, event: events.Click) -> None:
        self.post_message(self.Chosen())

    def on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            self.post_message(self.Chosen())


class InboxCounter:
    """Counts the user's inbox off the event loop, on its own connection, for the sidebar's entry."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self._connection = WorkerConnection(lambda: _database(app))  # a count waits for the one running

    def count(self) -> int:
        with self._connection.use() as conn:
            return read_inbox(self.app, self._connection.db, conn, date.today()).total

    def close(self) -> None:
        self._connection.close()


def _database(app: Any) -> Any:
    from projections.db import Database

    return Database(app.secretariat.store_config)
