"""The record card: a record's fields and status, its own history event by event with what each changed,
and the actions its state allows now, each on a key."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from functools import cache
from typing import Any, ClassVar
from uuid import UUID

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from domain.commands import COMMANDS
from domain.readaudit import is_confidential
from domain.readpolicy import record_refusal
from tui.i18n.bidi import visual
from tui.i18n.catalogue import N_, _, word
from tui.i18n.formats import digits, show_amount, show_count, show_date, show_stored
from tui.keys import KEYS
from tui.screens.host import host


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    command: str
    values: dict[str, Any]
    fixed: frozenset[str]


def actions_for(record: Any, find: Callable[[Any], Any] | None = None) -> list[Action]:
    """The commands this record's current state allows, with the record's own fields filled in. A plugin whose
    rule also reads another record (the fixed-asset book for an asset) takes `find` (record id -> record)."""
    from tui.plugins import offers

    out: list[Action] = []
    for offer in offers("ACTIONS", type(record)):
        taken = {a.key for a in out}
        offered = offer(record, find or (lambda _: None)) if _takes_find(offer) else offer(record)
        out += [a for a in offered if a.key not in taken]
    return out


@cache
def _takes_find(offer: Callable[..., Any]) -> bool:
    return len(inspect.signature(offer).parameters) > 1


def record_notes(secretariat: Any, record: Any) -> list[str]:
    """Lines a context wants under the card's fields (what blocks a step, what is overdue)."""
    from tui.plugins import offers

    return [line for notes in offers("NOTES", type(record)) for line in notes(secretariat, record)]


def record_title(record: Any) -> str:
    kind = type(record).__name__
    label = getattr(record, "label", None) if kind == "Commission" else None
    name = (label or getattr(record, "code", None) or getattr(record, "number", None) or getattr(record, "name", None)
            or getattr(record, "draft", ""))  # registered, else draft number
    return f"{kind} {name}"


Namer = Callable[[UUID], "str | None"]


def _no_names(_: UUID) -> str | None:
    return None


def field_label(key: str) -> str:
    """An attribute's name as a user reads it: `co_units` -> "co units", `parent_id` -> "parent"."""
    return key.removesuffix("_id").replace("_", " ").strip()


def record_fields(record: Any, name_of: Namer = _no_names) -> list[tuple[str, str]]:
    """The record's fields as (label, words); another record is named by its title, an id no user knows is left
    out."""
    hidden = {"_id", "_version", "_created_on", "_modified_on", "_pending_events"}
    out = []
    for key, value in vars(record).items():
        if key in hidden:
            continue
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
        return name_of(value) or "another record"
    if isinstance(value, datetime):
        return when_text(value)
    if isinstance(value, date):
        return show_date(value)
    if isinstance(value, int):
        return show_count(value)
    if isinstance(value, set | frozenset):
        return f"{len(value)}"
    if isinstance(value, dict):
        return ", ".join(f"{k} ({value_text(v, name_of)})" for k, v in value.items()) or "-"
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

    def compose(self) -> ComposeResult:
        # The actions first, right under the title: at 80x24 they are in view without scrolling (and in the footer).
        with VerticalScroll():
            yield Static(id="card-title", classes="title", markup=False)
            yield Static(id="card-actions", markup=False)
            yield Static(id="card-files", markup=False)  # under the actions too: `O` opens one
            yield Static(id="card-fields", markup=False)
            yield Static(_("History"), classes="section")
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
            self._bindings._add_binding(Binding(a.key, f"act('{a.key}')", a.label))
        if self.printable is not None:
            self._bindings._add_binding(Binding("P", "print", _("Print")))
        if self.attachable:
            self._bindings._add_binding(Binding("A", "attach", _("Attach a file")))
        if self.files:
            self._bindings._add_binding(Binding("O", "open_file", _("Open a file")))
        self.refresh_bindings()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        from projections.history import history

        app = host(self)
        try:
            self.record = app.secretariat.find(UUID(self.record_id))
        except ValueError:  # a row that stands for no record (an account of the ledger, say)
            self.query_one("#card-title", Static).update(Text(_("{record_id}: this row has no record card",
                                                                record_id=self.record_id)))
            return
        if self.record is None:
            self.query_one("#card-title", Static).update(Text(_("This record no longer exists")))
            return
        refusal = record_refusal(app.policy, self.record, self.record_id)
        if refusal:
            # Not even its fields: an uncleared user learns only that the record exists and is confidential.
            confidential = is_confidential(self.record) and not app.policy.cleared
            self.query_one("#card-title", Static).update(Text("Confidential record" if confidential else
                                                              "Record of another office"))
            self.query_one("#card-fields", Static).update(Text(
                "You are not cleared for confidential records; ask an administrator for clearance." if confidential
                else refusal))
            self.query_one("#card-actions", Static).update(Text(_("Actions: none for you now")))
            self.query_one("#card-history", Static).update(Text(""))
            self.actions = []
            self._bind_actions()
            return
        if not self._viewed:
            from domain.readaudit import record_view

            record_view(app.secretariat, app.actor.name, self.record)  # confidential: who looked, and when
            self._viewed = True
        self.actions = [a for a in actions_for(self.record, app.secretariat.find) if app.permits(COMMANDS[a.command])]
        from tui.paper.printing import printable

        self.printable = printable(self.record)
        from domain.attachments import files_of, may_attach

        self.attachable = may_attach(app.secretariat, app.actor, self.record)
        self.files = files_of(app.secretariat, self.record.id)
        self.query_one("#card-title", Static).update(Text(visual(record_title(self.record))))
        self._bind_actions()
        fields = Text()
        for key, value in record_fields(self.record, self.name_of):
            fields.append(f"{key:>14}: ", style="bold")
            fields.append(visual(value) + "\n")
        for note in record_notes(app.secretariat, self.record):
            fields.append("\n")
            fields.append("  ! ", style="bold")
            fields.append(visual(note))
        self.query_one("#card-fields", Static).update(fields)
        actions = Text(_("Actions: "), style="bold")
        for a in self.actions:
            actions.append(f"[{a.key}] ", style="bold")
            actions.append(a.label + "   ")
        if not self.actions:
            actions.append(_("none for you now   "))
        if self.printable is not None:
            actions.append("[P] ", style="bold")
            actions.append(_("Print to PDF") + "   ")
        if self.attachable:
            actions.append("[A] ", style="bold")
            actions.append(_("Attach a file") + "   ")
        if self.files:
            actions.append("[O] ", style="bold")
            actions.append(_("Open a file"))
        self.query_one("#card-actions", Static).update(actions)
        self.query_one("#card-files", Static).update(self._files_text())
        lines = Text()
        for entry in history(app.secretariat, self.record_id):
            env = entry.envelope
            lines.append(_("v{entry_version} ", entry_version=entry.version), style="bold")
            lines.append(f"{entry.type}  ")
            if env is not None:
                lines.append(f"{when_text(env.recorded_at)} {env.actor_name} ({env.role})")
                if env.reason:
                    lines.append(f" — {visual(env.reason)}")
            lines.append("\n")
            for key, (before, after) in entry.changes.items():
                label, was, now = (field_label(key), value_text(before, self.name_of, key),
                                   value_text(after, self.name_of, key))
                was, now = visual(was), visual(now)
                lines.append(f"    {label}: {now}\n" if entry.version == 1 else f"    {label}: {was} → {now}\n")
        self.query_one("#card-history", Static).update(lines)

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
