"""Command forms: a modal screen per command, built from its fields, checking each field as it is typed,
showing a domain refusal at the form with the typed values kept, and recording a command once however
often it is submitted (the form keeps one client command id)."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from domain.commands import Command
from domain.errors import SecretariatError
from tui.widgets.fields import Field, Reference, form_fields

MATCHES = 6


class ReferenceInput(Input):
    """An input whose value names a record; typing part of a code or name lists matching records."""


class CommandForm(ModalScreen[Any]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "submit", "Save", priority=True),
        Binding("escape", "cancel", "Cancel", priority=True),
    ]
    DEFAULT_CSS = """
    CommandForm { align: center middle; }
    CommandForm > VerticalScroll { width: 76; max-width: 100%; height: auto; max-height: 100%;
                                   border: thick $primary; background: $surface; padding: 0 1; }
    CommandForm .title { text-style: bold; margin-bottom: 1; }
    CommandForm .label { margin-top: 1; color: $text-muted; }
    CommandForm Input, CommandForm Select { width: 1fr; }
    CommandForm Button { margin-right: 2; }
    CommandForm .error { color: $error; height: auto; display: none; }
    CommandForm .error.shown { display: block; }
    CommandForm .refusal { color: $error; text-style: bold; height: auto; }
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
        given = {k: "" if v is None else str(v) for k, v in (values or {}).items()}
        # The command's own defaults first (a choice then starts on its usual value), what the caller gave over them.
        self.values = {f.name: f.default for f in self.fields if f.default} | given
        self.fixed = fixed
        self.command_id = uuid.uuid4().hex  # one id for this form: a re-submit records nothing new
        self.submitted = 0
        self.result: Any = None

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(Text(self.command.title or self.command.name), classes="title")
            yield Static("", id="refusal", classes="refusal", markup=False)
            for f in self.fields:
                yield Label(Text(f.label + ("" if f.required else " (optional)")), classes="label")
                if f.kind == "choice":
                    options = [(c, c) for c in f.choices]
                    initial = self.values.get(f.name) if self.values.get(f.name) in f.choices else Select.NULL
                    yield Select(options, value=initial, id=f"f-{f.name}", allow_blank=not f.required or
                                 initial is Select.NULL, disabled=f.name in self.fixed, compact=True)
                else:
                    cls = ReferenceInput if f.kind == "reference" else Input
                    placeholder = {"date": "YYYY-MM-DD", "int": "number", "amount": "0.00"}.get(f.kind, "")
                    yield cls(self.values.get(f.name, ""), placeholder=placeholder, id=f"f-{f.name}",
                              disabled=f.name in self.fixed, compact=True)
                    if f.kind == "reference":
                        yield OptionList(id=f"m-{f.name}")
                yield Static("", id=f"e-{f.name}", classes="error", markup=False)
            if self.command.needs_reason:
                yield Label("Reason (required)", classes="label")
                yield Input(self.values.get("reason", ""), id="f-reason", compact=True)
                yield Static("", id="e-reason", classes="error", markup=False)
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", variant="primary", id="save", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def on_mount(self) -> None:
        for widget in self.query("Input, Select"):
            if not widget.disabled:
                widget.focus()
                break

    # ---- checking as typed ----------------------------------------------------------------------

    def _field(self, widget_id: str | None) -> Field | None:
        name = (widget_id or "")[2:]
        return next((f for f in self.fields if f.name == name), None)

    def _raw(self, f: Field) -> str:
        widget = self.query_one(f"#f-{f.name}")
        if isinstance(widget, Select):
            return "" if widget.value is Select.NULL else str(widget.value)
        assert isinstance(widget, Input)
        return widget.value

    def _show_check(self, f: Field) -> str | None:
        problem = f.check(self._raw(f))
        error = self.query_one(f"#e-{f.name}", Static)
        error.update(problem or "")
        error.set_class(problem is not None, "shown")
        widget = self.query_one(f"#f-{f.name}")
        widget.set_class(problem is not None and isinstance(widget, Input) and bool(widget.value), "-invalid")
        return problem

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        f = self._field(event.input.id)
        if f is None:
            return
        self._show_check(f)
        if f.reference is not None and event.input.has_focus:
            self._list_matches(f, f.reference, event.value)

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        f = self._field(event.select.id)
        if f is not None:
            self._show_check(f)

    def _list_matches(self, f: Field, ref: Reference, typed: str) -> None:
        matches = self.app.lookup(ref, typed, MATCHES) if typed.strip() else []  # type: ignore[attr-defined]
        options = self.query_one(f"#m-{f.name}", OptionList)
        options.clear_options()
        exact = [m for m in matches if m[0] == typed.strip()]
        if matches and not (len(matches) == 1 and exact):
            options.add_options([Option(Text(f"{value}  {label or ''}"), id=value) for value, label in matches])
            options.add_class("open")
        else:
            options.remove_class("open")

    def on_key(self, event: Any) -> None:
        focused = self.focused
        if event.key == "down" and isinstance(focused, ReferenceInput):
            options = self.query_one(f"#m-{focused.id[2:]}", OptionList)  # type: ignore[index]
            if options.has_class("open"):
                options.focus()
                options.highlighted = 0
                event.stop()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        name = (event.option_list.id or "")[2:]
        field_input = self.query_one(f"#f-{name}", Input)
        field_input.value = str(event.option.id)
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
        self.dismiss(None)

    def action_submit(self) -> None:
        if self.result is not None:
            return  # already recorded and closing: a second Enter adds nothing
        problems = [p for f in self.fields if (p := self._show_check(f))]
        reason = ""
        if self.command.needs_reason:
            reason = self.query_one("#f-reason", Input).value.strip()
            error = self.query_one("#e-reason", Static)
            error.update("" if reason else "a reason is required")
            error.set_class(not reason, "shown")
            if not reason:
                problems.append("reason")
        refusal = self.query_one("#refusal", Static)
        if problems:
            refusal.update("Please correct the fields marked below.")
            return
        # An empty optional field is left out, so the command's own default applies.
        values = {f.name: value for f in self.fields if (value := f.value(self._raw(f))) is not None}
        self.submitted += 1
        try:
            result = self.app.run_command(self.command, values, self.command_id, reason)  # type: ignore[attr-defined]
        except SecretariatError as e:
            refusal.update(f"Refused: {e}")
            return
        self.result = result
        self.dismiss(result)
