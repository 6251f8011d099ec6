"""Command forms: a modal screen per command, built from its fields (one-line inputs, multi-line areas for
long texts, choices, references with suggestions), checking each field as it is typed against the command's
own declarations, showing a domain refusal by the field at fault with the typed values kept, asking before
Esc discards typed values, and recording a command once however often it is submitted (the form keeps one
client command id)."""

from __future__ import annotations

import re
import uuid
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Footer, Input, Label, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from domain.commands import Command
from domain.errors import SecretariatError
from tui.i18n.bidi import visual
from tui.i18n.catalogue import N_, _
from tui.i18n.formats import show_date, show_stored
from tui.i18n.library_texts import select_prompt
from tui.i18n.settings import current
from tui.keys import KEYS
from tui.screens.host import host
from tui.widgets.fields import Field, Reference, form_fields

MATCHES = 6


class LineInput(Input):
    """A one-line input: line breaks in pasted text become spaces, so nothing pasted is lost."""

    def _on_paste(self, event: events.Paste) -> None:
        event.prevent_default()  # Input's own handler would keep only the first line
        if event.text:
            line = re.sub(r"[ \t]*[\r\n]+[ \t]*", " ", event.text.strip("\r\n"))
            if self.selection.is_empty:
                self.insert_text_at_cursor(line)
            else:
                self.replace(line, *self.selection)
        event.stop()


class ReferenceInput(LineInput):
    """An input whose value names a record; typing part of a code or name lists matching records."""


class Suggestions(OptionList, can_focus=False):
    """The records matching a reference field; driven from the field (↓ ↑ Enter, Esc closes), never focused,
    so Tab always goes on to the next field."""


class LongText(TextArea):
    """A multi-line field (instructions, opinions, decisions, reasons, reports): Enter starts a new line."""

    @property
    def value(self) -> str:
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        self.text = text


class ConfirmDiscard(ModalScreen[bool]):
    """Asked when Esc would close a form holding typed values."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", N_("Discard")), Binding("n", "answer(False)", N_("Keep editing")),
        Binding("escape", "answer(False)", N_("Keep editing")), KEYS,
    ]
    DEFAULT_CSS = """
    ConfirmDiscard { align: center middle; }
    ConfirmDiscard > Vertical { width: 50; height: auto; border: thick $warning; background: $surface;
                                padding: 0 1; }
    ConfirmDiscard Horizontal { height: auto; margin-top: 1; }
    ConfirmDiscard Button { margin-right: 2; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(_("Discard what you typed in this form?"), markup=False)
            with Horizontal():
                yield Button(visual(_("Discard (y)")), variant="error", id="discard", compact=True)
                yield Button(visual(_("Keep editing (n)")), id="keep", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#keep", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "discard")

    def action_answer(self, discard: bool) -> None:
        self.dismiss(discard)


class CommandForm(ModalScreen[Any]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", N_("Save"), priority=True),
        Binding("escape", "cancel", N_("Cancel")), KEYS,
    ]
    DEFAULT_CSS = """
    CommandForm { align: center middle; }
    CommandForm > VerticalScroll { width: 76; max-width: 100%; height: auto; max-height: 100%;
                                   border: thick $primary; background: $surface; padding: 0 1; }
    CommandForm .title { text-style: bold; margin-bottom: 1; }
    CommandForm .label { margin-top: 1; color: $text-muted; }
    CommandForm Input, CommandForm Select { width: 1fr; }
    CommandForm LongText { width: 1fr; height: 4; }
    CommandForm Button { margin-right: 2; }
    CommandForm .error { color: $error; height: auto; display: none; }
    CommandForm .error.shown { display: block; }
    CommandForm .refusal { color: $error; text-style: bold; height: auto; margin-top: 1; display: none; }
    CommandForm .refusal.shown { display: block; }
    CommandForm OptionList { height: auto; max-height: 6; display: none; }
    CommandForm OptionList.open { display: block; }
    CommandForm Input.-invalid { border: tall $error; }
    CommandForm .buttons { height: auto; margin-top: 1; }
    """

    def __init__(self, command: type[Command], values: dict[str, Any] | None = None,
                 fixed: frozenset[str] = frozenset()) -> None:
        super().__init__()
        self.command = command
        self.fields = form_fields(command)
        given = {k: "" if v is None else show_date(v) if isinstance(v, date) else str(v)
                 for k, v in (values or {}).items()}
        # The command's own defaults first (a choice then starts on its usual value), what the caller gave over them.
        self.values = {f.name: f.default for f in self.fields if f.default} | given
        for f in self.fields:  # a stored ISO day given as text: typed in the session's calendar
            if f.kind == "date" and f.name in self.values:
                self.values[f.name] = show_stored(self.values[f.name]) or self.values[f.name]
        self.fixed = fixed
        self.command_id = uuid.uuid4().hex  # one id for this form: a re-submit records nothing new
        self.submitted = 0
        self.recording = False  # a submission is being recorded in a worker
        self.result: Any = None
        self.initial: dict[str, str] = {}
        self.picked: dict[str, str] = {}  # a reference field's value as picked from its list (no re-listing)

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(visual(_(self.command.title) if self.command.title else self.command.name)),
                         classes="title")
            for f in self.fields:
                yield Label(Text(visual(f"{f.label} ({f.requirement})" if f.requirement else f.label)),
                            classes="label")
                if f.kind == "choice":
                    options = [(c, c) for c in f.choices]
                    initial = self.values.get(f.name) if self.values.get(f.name) in f.choices else Select.NULL
                    yield Select(options, value=initial, id=f"f-{f.name}", allow_blank=not f.required or
                                 initial is Select.NULL, disabled=f.name in self.fixed, compact=True,
                                 prompt=select_prompt())
                elif f.kind == "longtext":
                    yield LongText(self.values.get(f.name, ""), id=f"f-{f.name}", disabled=f.name in self.fixed,
                                   compact=True, show_line_numbers=False, soft_wrap=True)
                else:
                    cls = ReferenceInput if f.kind == "reference" else LineInput
                    placeholder = {"date": "YYYY-MM-DD", "int": _("number"), "amount": "0.00"}.get(f.kind, "")
                    yield cls(self.values.get(f.name, ""), placeholder=placeholder, id=f"f-{f.name}",
                              disabled=f.name in self.fixed, compact=True)
                    if f.kind == "reference":
                        yield Suggestions(id=f"m-{f.name}")
                yield Static("", id=f"e-{f.name}", classes="error", markup=False)
            if self.command.needs_reason:
                yield Label(_("Reason (required)"), classes="label")
                yield LongText(self.values.get("reason", ""), id="f-reason", compact=True, show_line_numbers=False,
                               soft_wrap=True)
                yield Static("", id="e-reason", classes="error", markup=False)
            yield Static("", id="refusal", classes="refusal", markup=False)
            with Horizontal(classes="buttons"):
                buttons = [Button(visual(_("Save (ctrl+s)")), variant="primary", id="save", compact=True),
                           Button(visual(_("Cancel (esc)")), id="cancel", compact=True)]
                yield from reversed(buttons) if current().rtl else buttons  # Save first where reading starts
        yield Footer()

    def on_mount(self) -> None:
        for widget in self.query("Input, Select, TextArea"):
            if not widget.disabled:
                widget.focus()
                break
        self.initial = self._typed_values()

    def _typed_values(self) -> dict[str, str]:
        values = {f.name: self._raw(f) for f in self.fields}
        if self.command.needs_reason:
            values["reason"] = self.query_one("#f-reason", TextArea).text
        return values

    # ---- checking as typed ----------------------------------------------------------------------

    def _field(self, widget_id: str | None) -> Field | None:
        name = (widget_id or "")[2:]
        return next((f for f in self.fields if f.name == name), None)

    def _raw(self, f: Field) -> str:
        widget = self.query_one(f"#f-{f.name}")
        if isinstance(widget, Select):
            return "" if widget.value is Select.NULL else str(widget.value)
        if isinstance(widget, TextArea):
            return widget.text
        assert isinstance(widget, Input)
        return widget.value

    def _show_check(self, f: Field) -> str | None:
        problem = f.check(self._raw(f))
        self._show_error(f.name, problem)
        widget = self.query_one(f"#f-{f.name}")
        widget.set_class(problem is not None and isinstance(widget, Input) and bool(widget.value), "-invalid")
        return problem

    def _show_error(self, name: str, problem: str | None) -> None:
        error = self.query_one(f"#e-{name}", Static)
        error.update(problem or "")
        error.set_class(problem is not None, "shown")

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        f = self._field(event.input.id)
        if f is None:
            return
        self._show_check(f)
        if f.reference is not None:
            if self.picked.pop(f.name, None) == event.value:
                return  # the value just picked from the list: nothing more to suggest
            if event.input.has_focus:
                self._list_matches(f, f.reference, event.value)

    @on(TextArea.Changed)
    def _text_typed(self, event: TextArea.Changed) -> None:
        f = self._field(event.text_area.id)
        if f is not None:
            self._show_check(f)

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        f = self._field(event.select.id)
        if f is not None:
            self._show_check(f)

    def _list_matches(self, f: Field, ref: Reference, typed: str) -> None:
        scope = ""
        if ref.scope and any(other.name == ref.scope[1] for other in self.fields):
            scope = self._raw(next(other for other in self.fields if other.name == ref.scope[1]))
        found = host(self).lookup(ref, typed, MATCHES, scope) if typed.strip() else []
        matches = list({value: (value, label) for value, label in reversed(found)}.values())[::-1]  # one per value
        options = self.query_one(f"#m-{f.name}", OptionList)
        options.clear_options()
        exact = [m for m in matches if m[0] == typed.strip()]
        if matches and not (len(matches) == 1 and exact):
            options.add_options([Option(Text(f"{value}  {label or ''}"), id=value) for value, label in matches])
            options.add_class("open")
        else:
            options.remove_class("open")

    def _open_list(self) -> OptionList | None:
        """The suggestion list under the focused reference field, if it is open."""
        focused = self.focused
        if isinstance(focused, ReferenceInput):
            options = self.query_one(f"#m-{(focused.id or '')[2:]}", OptionList)
            if options.has_class("open"):
                return options
        return None

    def on_key(self, event: events.Key) -> None:
        options = self._open_list()
        if options is None:
            return
        if event.key in ("down", "up"):
            if options.highlighted is None:
                options.highlighted = 0
            elif event.key == "down":
                options.action_cursor_down()
            else:
                options.action_cursor_up()
        elif event.key == "enter" and options.highlighted is not None:
            options.action_select()
        elif event.key in ("tab", "shift+tab"):
            options.remove_class("open")
            return  # and Tab moves on as usual
        else:
            return
        event.stop()
        event.prevent_default()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        name = (event.option_list.id or "")[2:]
        field_input = self.query_one(f"#f-{name}", Input)
        self.picked[name] = str(event.option.id)
        field_input.value = str(event.option.id)
        field_input.cursor_position = len(field_input.value)
        event.option_list.remove_class("open")
        field_input.focus()

    # ---- submitting ---------------------------------------------------------------------------

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_submit()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        self.action_submit()

    def action_cancel(self) -> None:
        """Esc: closes an open suggestion list first; a form with typed values asks before discarding them."""
        options = self._open_list()
        if options is not None:
            options.remove_class("open")
            return
        if self._typed_values() == self.initial:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(ConfirmDiscard(), answered)

    def _field_named_in(self, message: str) -> Field | None:
        """The field a refusal names (its label or name as words), the one named first; None if none is."""
        text = message.lower()
        found: list[tuple[int, int, Field]] = []
        for n, f in enumerate(self.fields):
            for word in {f.label.lower(), f.name.replace("_", " ")}:
                if len(word) >= 3 and (m := re.search(rf"\b{re.escape(word)}\b", text)):
                    found.append((m.start(), n, f))
        return min(found, key=lambda t: t[:2])[2] if found else None

    def _focus_field(self, name: str) -> None:
        widget = self.query_one(f"#f-{name}")
        if widget.disabled:
            self.query_one("#refusal", Static).scroll_visible(animate=False)
            return
        widget.focus()
        self.call_after_refresh(self.query_one(f"#e-{name}", Static).scroll_visible, animate=False)

    def action_submit(self) -> None:
        if self.result is not None:
            return  # already recorded and closing: a second Enter adds nothing
        problems = [f.name for f in self.fields if self._show_check(f)]
        reason = ""
        if self.command.needs_reason:
            reason = self.query_one("#f-reason", TextArea).text.strip()
            self._show_error("reason", None if reason else _("a reason is required"))
            if not reason:
                problems.append("reason")
        refusal = self.query_one("#refusal", Static)
        if problems:
            refusal.update(_("Please correct the fields marked in red.") if len(problems) > 1 else
                           _("Please correct the field marked in red."))
            refusal.add_class("shown")
            self._focus_field(problems[0])
            return
        # An empty optional field is left out, so the command's own default applies.
        values = {f.name: value for f in self.fields if (value := f.value(self._raw(f))) is not None}
        if self.recording:
            return  # the same command is on its way: one submission at a time (the id makes it once anyway)
        self.submitted += 1
        self.recording = True
        refusal.update(_("Recording…"))
        refusal.add_class("shown")
        self._record(values, reason)

    @work(thread=True, exclusive=True, group="command", exit_on_error=False)
    def _record(self, values: dict[str, Any], reason: str) -> None:
        """The command and the registers' catch-up, off the event loop; the outcome comes back as a message."""
        try:
            result = host(self).run_command(self.command, values, self.command_id, reason)
        except SecretariatError as e:
            self.post_message(self.NotRecorded(_("Refused: {e}", e=e)))
        except Exception as e:  # a store that failed under us: the form stays, with what was typed
            self.post_message(self.NotRecorded(_("Not recorded: the store could not be written ({e}); try again", e=e),
                                           field=False))
        else:
            self.post_message(self.Recorded(result))

    class Recorded(Message):
        """The command was recorded (or answered from its receipt); the registers show it."""

        def __init__(self, result: Any) -> None:
            super().__init__()
            self.result = result

    class NotRecorded(Message):
        """The command was not recorded: the sentence to show, and whether it may name a field at fault."""

        def __init__(self, text: str, field: bool = True) -> None:
            super().__init__()
            self.text, self.field = text, field

    @on(Recorded)
    def _recorded(self, message: Recorded) -> None:
        self.recording = False
        self.result = message.result
        self.dismiss(message.result)

    @on(NotRecorded)
    def _refused(self, message: NotRecorded) -> None:
        self.recording = False
        refusal = self.query_one("#refusal", Static)
        refusal.update(message.text)
        refusal.add_class("shown")
        at_fault = self._field_named_in(message.text) if message.field else None
        if at_fault is None:
            self.call_after_refresh(refusal.scroll_visible, animate=False)
        else:
            self._show_error(at_fault.name, message.text)
            self._focus_field(at_fault.name)
