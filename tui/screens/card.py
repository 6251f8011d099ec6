"""The record card: a record's fields and status, its own history event by event with what each changed,
and the actions its state allows now, each on a key."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any, ClassVar
from uuid import UUID

import msgspec
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from domain.commands import COMMANDS
from domain.readaudit import is_confidential
from domain.readpolicy import record_refusal
from domain.records import Record
from domain.rules import allows
from domain.shown import Keyed, Listed, Told
from tui.i18n.bidi import in_session, visual, wrapped
from tui.i18n.catalogue import N_, _, say, word
from tui.i18n.formats import digits, show_amount, show_count, show_date, show_stored, show_told
from tui.i18n.settings import current
from tui.keys import KEYS
from tui.screens.host import host


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    command: str
    values: dict[str, Any]
    fixed: frozenset[str]


def actions_for(record: Any, find: Callable[[Any], Any] | None = None, actor: UUID | None = None) -> list[Action]:
    """The commands this record's current state allows, with the record's own fields filled in. A plugin whose
    rule also reads another record (the fixed-asset book for an asset) takes `find` (record id -> record). Given
    the acting user's id, those the domain refuses to that user (deactivating themselves) are left out."""
    from tui.plugins import offers

    out: list[Action] = []
    kind: type = type(record)  # as `type`: mypy takes type[Any] for unhashable in the cache's signature
    for offer in offers("ACTIONS", kind):
        taken = {a.key for a in out}
        offered = offer(record, find or (lambda _: None)) if _takes_find(offer) else offer(record)
        out += [a for a in offered if a.key not in taken]
    # labels are English msgids (marked N_ in the plugins): said here, once, in the reader's language
    out = [replace(a, label=_(a.label)) for a in out]
    return out if actor is None else [a for a in out if allows(record, a.command, actor=actor) is None]


@cache
def _takes_find(offer: Callable[..., Any]) -> bool:
    return len(inspect.signature(offer).parameters) > 1


def record_notes(secretariat: Any, record: Any) -> list[str]:
    """Lines a context wants under the card's fields (what blocks a step, what is overdue)."""
    from tui.plugins import offers

    kind: type = type(record)
    return [line for notes in offers("NOTES", kind) for line in notes(secretariat, record)]


def record_title(record: Any) -> str:
    kind = type(record).__name__
    label = getattr(record, "label", None) if kind == "Commission" else None
    name = (label or getattr(record, "code", None) or getattr(record, "number", None) or getattr(record, "name", None)
            or getattr(record, "draft", None) or getattr(record, "command", ""))  # registered, else draft number
    # (a command receipt is named by its command)
    return f"{_(kind)} {name}"  # the kind in the session's language (messages.declared() lists them)


CARD_TEXT_WIDTH = 72  # what a line of the card holds at 80 columns (its border and padding aside)


def event_name(topic: str) -> str:
    """An event's name as the history shows it: `Unit.Established` in English, its record kind and event in
    the session's language otherwise (both declared for the catalogue)."""
    return visual(event_words(topic))


def event_words(topic: str) -> str:
    """An event's name in reading order (event_name draws it): `Unit.Established`, or its kind and event said."""
    kind, _dot, event = topic.rpartition(".")
    if current().language == "en" or not kind:
        return topic
    return f"{_(kind)}: {_(event)}"


Namer = Callable[[UUID], "str | None"]


def _no_names(_: UUID) -> str | None:
    return None


def field_label(key: str) -> str:
    """An attribute's name as a user reads it: `co_units` -> "co units", `parent_id` -> "parent"."""
    return key.removesuffix("_id").replace("_", " ").strip()


def record_fields(record: Record, name_of: Namer = _no_names) -> list[tuple[str, str]]:
    """The record's declared fields as (label, words); another record is named by its title, an id no user knows is
    left out."""
    out = []
    for key, value in record.declared_state().items():
        if isinstance(value, UUID):
            named = name_of(value)
            if named is not None:
                out.append((field_label(key), named))
            continue
        out.append((field_label(key), value_text(value, name_of, key)))
    return out


def when_text(moment: Any) -> str:
    return f"{show_date(moment.date())} {digits(f'{moment:%H:%M}')}"


def value_text(value: Any, name_of: Namer = _no_names, field: str = "") -> str:
    """A field's value as words: yes/no, amounts with thousands and cents, other records by their title,
    collections counted or listed; a word of the domain's vocabulary in a status, role or kind field
    translated (domain.vocabulary), anything typed shown as it is."""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if (translated := word(field, value)) is not None:
        return translated
    if isinstance(value, Decimal):
        return show_amount(value)
    if isinstance(value, UUID):
        return name_of(value) or _("another record")
    if isinstance(value, Told):  # a record's collection in sentences, translated and in the reader's settings
        return show_told(value.told())  # "؛ " between them in Dari and Pashto
    if isinstance(value, Listed | Keyed):  # a record's collection: counted, its field's label naming it
        return show_count(len(value)) if value else "-"
    if isinstance(value, datetime):
        return when_text(value)
    if isinstance(value, date):
        return show_date(value)
    if isinstance(value, int):
        return show_count(value)
    if isinstance(value, set | frozenset):
        return show_count(len(value))
    if isinstance(value, msgspec.Struct):  # a value made of fields (a command receipt's outcome): read as a dict is
        return value_text(msgspec.structs.asdict(value), name_of, field)
    if isinstance(value, dict):  # a record's own dict (a judgment, the minutes): its keys read as labels
        return ", ".join(f"{_(field_label(k)) if isinstance(k, str) else k} ({value_text(v, name_of, str(k))})"
                         for k, v in value.items()) or "-"
    if isinstance(value, list | tuple):
        return ", ".join(value_text(v, name_of, field) for v in value) or "-"
    return "-" if value is None else show_stored(value) or str(value)


FILES_SHOWN = 3  # attached files listed on the card itself, so that the fields stay in view at 80x24


class RecordCard(ModalScreen[Any]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", N_("Close")), KEYS]
    DEFAULT_CSS = """
    RecordCard { align: center middle; }
    RecordCard > VerticalScroll { width: 90; max-width: 100%; height: 1fr; border: thick $primary;
                                  background: $surface; padding: 0 1; }
    RecordCard .title { text-style: bold; }
    RecordCard .section { text-style: bold; margin-top: 1; color: $accent; }
    """

    def __init__(self, record_id: str) -> None:
        super().__init__()
        self.record_id = record_id
        self.record: Any = None
        self.actions: list[Action] = []
        self.printable: tuple[str, str] | None = None  # (document kind, number) that `P` prints
        self._viewed = False
        self.attachable = False  # `A` attaches a file to the record
        self.files: list[Any] = []  # the record's attached files, `O` opens one
        self._names: dict[UUID, str | None] = {}
        self.reading = True  # until the worker's read is shown (not Textual's own `loading`, which covers the screen)

    def compose(self) -> ComposeResult:
        # The actions first, right under the title: at 80x24 they are in view without scrolling (and in the footer).
        with VerticalScroll():
            yield Static(id="card-title", classes="title", markup=False)
            yield Static(id="card-actions", markup=False)
            yield Static(id="card-files", markup=False)  # under the actions too: `O` opens one
            yield Static(id="card-fields", markup=False)
            yield Static(visual(_("History")), classes="section")
            yield Static(id="card-history", markup=False)
        yield Footer()

    def name_of(self, record_id: UUID) -> str | None:
        """Another record as a user knows it ("Unit SEC"), or None for an id that names no record."""
        if record_id not in self._names:
            app = host(self)
            found = app.secretariat.find(record_id)
            self._names[record_id] = None if found is None else record_title(found)
        return self._names[record_id]

    def _bind_actions(self) -> None:
        """Each action on its key, shown in the footer with its label."""
        self._bindings = self._merged_bindings.copy() if self._merged_bindings is not None else self._bindings
        for a in self.actions:
            self._bindings._add_binding(Binding(a.key, f"act('{a.key}')", visual(a.label)))
        if self.printable is not None:
            self._bindings._add_binding(Binding("P", "print", visual(_("Print"))))
        if self.attachable:
            self._bindings._add_binding(Binding("A", "attach", visual(_("Attach a file"))))
        if self.files:
            self._bindings._add_binding(Binding("O", "open_file", visual(_("Open a file"))))
        self.refresh_bindings()

    def on_mount(self) -> None:
        self.query_one("#card-title", Static).update(Text(_("Loading the record…")))
        self.load()

    def _fields_text(self, secretariat: Any, record: Any) -> Text:
        """The record's fields, then the notes its context has on it."""
        if current().rtl:
            return self._fields_text_rtl(secretariat, record)
        fields = Text()
        for key, value in record_fields(record, self.name_of):
            fields.append(f"{visual(_(key)):>14}: ", style="bold")
            fields.append(visual(value) + "\n")
        for note in record_notes(secretariat, record):
            fields.append("\n")
            fields.append("  ! ", style="bold")
            fields.append(visual(note))
        return fields

    def _fields_text_rtl(self, secretariat: Any, record: Any) -> Text:
        """A right-to-left reader's fields: each label at the right edge, its value to its left, each drawn in its
        own order (a date or a Latin name reads as it does in a table cell); the values end one column apart from
        the widest label."""
        shown = [(_(key), value) for key, value in record_fields(record, self.name_of)]
        width = max((len(label) for label, _value in shown), default=0) + 1
        fields = Text(justify="right")
        for label, value in shown:
            fields.append(f"{visual(value)} {' ' * (width - len(label) - 1)}")
            fields.append(f":{visual(label, rtl=True)}\n", style="bold")
        for note in record_notes(secretariat, record):
            fields.append("\n" + wrapped(note, CARD_TEXT_WIDTH - 4).replace("\n", "    \n") + " !  ")
        return fields

    def load(self) -> None:
        """Read the record, its history and the actions it allows in a worker; `Loaded` shows them."""
        self.reading = True
        self._read()

    @dataclass(frozen=True)
    class Content:
        """What the card shows, read off the event loop."""

        record: Any
        title: Text
        actions_line: Text
        fields: Text
        history: Text
        actions: list[Action]
        printable: tuple[str, str] | None = None
        attachable: bool = False  # `A` attaches a file to the record
        files: list[Any] = field(default_factory=list)  # the record's attached files, `O` opens one

    class Loaded(Message):
        def __init__(self, content: RecordCard.Content) -> None:
            super().__init__()
            self.content = content

    @work(thread=True, exclusive=True, group="card", exit_on_error=False)
    def _read(self) -> None:
        try:
            content = self._content()
        except Exception as e:  # a store that failed under us: say so on the card, keep the app
            content = self.Content(None, Text(_("Could not read the record")), Text(""),
                                   Text(_("The store could not be read ({e}); close the card and try again", e=e)),
                                   Text(""), [])
        self.post_message(self.Loaded(content))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        c = message.content
        self.reading = False
        self.record, self.actions, self.printable = c.record, c.actions, c.printable
        self.attachable, self.files = c.attachable, c.files
        self.query_one("#card-title", Static).update(c.title)
        self.query_one("#card-actions", Static).update(c.actions_line)
        self.query_one("#card-fields", Static).update(c.fields)
        self.query_one("#card-history", Static).update(c.history)
        self.query_one("#card-files", Static).update(self._files_text())
        self._bind_actions()

    def _content(self) -> RecordCard.Content:
        app = host(self)
        try:
            record = app.secretariat.find(UUID(self.record_id))
        except ValueError:  # a row that stands for no record (an account of the ledger, say)
            return self.Content(None, Text(_("{record_id}: this row has no record card", record_id=self.record_id)),
                                Text(""), Text(""), Text(""), [])
        if record is None:
            return self.Content(None, Text(_("This record no longer exists")), Text(""), Text(""), Text(""), [])
        refusal = record_refusal(app.policy, record, self.record_id)
        if refusal:
            # Not even its fields: an uncleared user learns only that the record exists and is confidential.
            confidential = is_confidential(record) and not app.policy.cleared
            return self.Content(
                record, Text(_("Confidential record") if confidential else _("Record of another office")),
                Text(_("Actions: none for you now")),
                Text(_("You are not cleared for confidential records; ask an administrator for clearance.")
                     if confidential else say(refusal)), Text(""), [])
        if not self._viewed:
            from domain.readaudit import record_view

            record_view(app.secretariat, app.actor.name, record)  # confidential: who looked, and when
            self._viewed = True
        actions = [a for a in actions_for(record, app.secretariat.find, app.actor.id)
                   if app.permits(COMMANDS[a.command])]
        from tui.paper.printing import printable as printable_of

        printable = printable_of(record)
        from domain.attachments import files_of, may_attach

        attachable = may_attach(app.secretariat, app.actor, record)
        files = files_of(app.secretariat, record.id)
        fields = self._fields_text(app.secretariat, record)
        actions_line = Text(_("Actions: "), style="bold")
        for a in actions:
            actions_line.append(f"[{a.key}] ", style="bold")
            actions_line.append(a.label + "   ")
        if not actions:
            actions_line.append(_("none for you now   "))
        if printable is not None:
            actions_line.append("[P] ", style="bold")
            actions_line.append(_("Print to PDF") + "   ")
        if attachable:
            actions_line.append("[A] ", style="bold")
            actions_line.append(_("Attach a file") + "   ")
        if files:
            actions_line.append("[O] ", style="bold")
            actions_line.append(_("Open a file"))
        if current().rtl:  # read from the right (its keys' brackets mirrored), wrapped before it is reordered
            actions_line = Text(wrapped(actions_line.plain.rstrip(), CARD_TEXT_WIDTH))
        lines = self._history_text(app.secretariat)
        return self.Content(record, Text(visual(record_title(record))), actions_line, fields, lines, actions, printable,
                            attachable, files)

    def _history_text(self, secretariat: Any) -> Text:
        """Every version of the record: who recorded it, when and why, and the fields it changed."""
        from projections.history import history

        rtl = current().rtl
        lines = Text(justify="right") if rtl else Text()
        for entry in history(secretariat, self.record_id):
            env = entry.envelope
            if rtl:  # the version, the event, when and who, read from the right
                who = f"{when_text(env.recorded_at)} {env.actor_name} ({_(env.role)})" if env is not None else ""
                why = f" — {env.reason}" if env is not None and env.reason else ""
                kind, _dot, event = entry.type.rpartition(".")
                version = _("v{entry_version} ", entry_version=entry.version)
                head = f"{version}{_(kind)}: {_(event)}  {who}{why}"
                lines.append(in_session(head) + "\n", style="bold")
            else:
                lines.append(_("v{entry_version} ", entry_version=entry.version), style="bold")
                lines.append(f"{event_name(entry.type)}  ")
                if env is not None:
                    lines.append(f"{when_text(env.recorded_at)} {env.actor_name} ({_(env.role)})")
                    if env.reason:
                        lines.append(f" — {visual(env.reason)}")
                lines.append("\n")
            for key, (before, after) in entry.changes.items():
                label, was, now = (_(field_label(key)), value_text(before, self.name_of, key),
                                   value_text(after, self.name_of, key))
                if rtl:  # read from the right: the label, then what it was, then (left of it) what it became
                    change = visual(now) if entry.version == 1 else f"{visual(now)} ← {visual(was)}"
                    lines.append(f"{change} :{visual(label, rtl=True)}    \n")
                    continue
                label, was, now = visual(label), visual(was), visual(now)
                lines.append(f"    {label}: {now}\n" if entry.version == 1 else f"    {label}: {was} → {now}\n")
        return lines

    def _files_text(self) -> Text:
        from tui.screens.attachments import file_line

        if not self.files:
            return Text("")
        text = Text(_("Attachments ({files_count})\n", files_count=len(self.files)), style="bold")
        for f in self.files[:FILES_SHOWN]:
            text.append(f"  {visual(file_line(f))}\n", style="")
        if len(self.files) > FILES_SHOWN:
            text.append(_("  … and {files_count} more: O lists them all\n",
                          files_count=len(self.files) - FILES_SHOWN), style="")
        return text

    def action_attach(self) -> None:
        if self.attachable and self.record is not None:
            from tui.screens.attachments import AttachScreen

            self.app.push_screen(AttachScreen(self.record.id, record_title(self.record)), lambda _: self.load())

    def action_open_file(self) -> None:
        if self.files and self.record is not None:
            from tui.screens.attachments import OpenAttachmentScreen

            self.app.push_screen(OpenAttachmentScreen(self.record.id, record_title(self.record), self.files))

    def action_print(self) -> None:
        if self.printable is not None:
            from tui.screens.paper import PrintScreen

            self.app.push_screen(PrintScreen(*self.printable))

    def action_act(self, key: str) -> None:
        action = next((a for a in self.actions if a.key == key), None)
        if action is None:
            return
        host(self).open_form(COMMANDS[action.command], action.values, action.fixed,
                           on_done=lambda _: self.load())
