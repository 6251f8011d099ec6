"""The record card: a record's fields and status, its own history event by event with what each changed,
and the actions its state allows now, each on a key."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from domain.commands import COMMANDS
from domain.readaudit import is_confidential
from projections.registers import is_cleared


@dataclass(frozen=True)
class Action:
    key: str
    label: str
    command: str
    values: dict[str, Any]
    fixed: frozenset[str]


def actions_for(record: Any) -> list[Action]:
    """The commands this record's current state allows, with the record's own fields filled in."""
    from tui.plugins import offers

    out: list[Action] = []
    for offer in offers("ACTIONS", type(record).__name__):
        taken = {a.key for a in out}
        out += [a for a in offer(record) if a.key not in taken]
    return out


def record_notes(secretariat: Any, record: Any) -> list[str]:
    """Lines a context wants under the card's fields (what blocks a step, what is overdue)."""
    from tui.plugins import offers

    return [line for notes in offers("NOTES", type(record).__name__) for line in notes(secretariat, record)]


def record_title(record: Any) -> str:
    kind = type(record).__name__
    label = getattr(record, "label", None) if kind == "Commission" else None
    name = label or getattr(record, "code", None) or getattr(record, "name", "")
    return f"{kind} {name}"


def record_fields(record: Any) -> list[tuple[str, str]]:
    hidden = {"_id", "_version", "_created_on", "_modified_on", "_pending_events"}
    out = []
    for key, value in vars(record).items():
        if key in hidden:
            continue
        out.append((key.replace("_", " "), value_text(value)))
    return out


def when_text(moment: Any) -> str:
    return f"{moment:%Y-%m-%d %H:%M}"


def value_text(value: Any) -> str:
    """A field's value as a card line: ids shortened, collections counted or listed."""
    if isinstance(value, UUID):
        return value.hex[:8]
    if isinstance(value, set | frozenset):
        return f"{len(value)}"
    if isinstance(value, dict):
        return ", ".join(f"{k} ({v})" for k, v in value.items()) or "-"
    if isinstance(value, list):
        return ", ".join(map(str, value)) or "-"
    return "-" if value is None else str(value)


class RecordCard(ModalScreen[Any]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", "Close")]
    DEFAULT_CSS = """
    RecordCard { align: center middle; }
    RecordCard > VerticalScroll { width: 90; max-width: 100%; height: 90%; border: thick $primary;
                                  background: $surface; padding: 0 1; }
    RecordCard .title { text-style: bold; }
    RecordCard .section { text-style: bold; margin-top: 1; color: $accent; }
    """

    def __init__(self, record_id: str) -> None:
        super().__init__()
        self.record_id = record_id
        self.record: Any = None
        self.actions: list[Action] = []
        self._viewed = False

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(id="card-title", classes="title", markup=False)
            yield Static(id="card-fields", markup=False)
            yield Static("Actions", classes="section")
            yield Static(id="card-actions", markup=False)
            yield Static("History", classes="section")
            yield Static(id="card-history", markup=False)

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        from projections.history import history

        app: Any = self.app
        try:
            self.record = app.secretariat.find(UUID(self.record_id))
        except ValueError:  # a row that stands for no record (an account of the ledger, say)
            self.query_one("#card-title", Static).update(Text(f"{self.record_id}: this row has no record card"))
            return
        if self.record is None:
            self.query_one("#card-title", Static).update(Text("This record no longer exists"))
            return
        if is_confidential(self.record) and not is_cleared(app.actor):
            # Not even its fields: an uncleared user learns only that the record exists and is confidential.
            self.query_one("#card-title", Static).update(Text("Confidential record"))
            self.query_one("#card-fields", Static).update(Text(
                "You are not cleared for confidential records; ask an administrator for clearance."))
            self.query_one("#card-actions", Static).update(Text("none for you now"))
            self.query_one("#card-history", Static).update(Text(""))
            self.actions = []
            return
        if not self._viewed:
            from domain.readaudit import record_view

            record_view(app.secretariat, app.actor.name, self.record)  # confidential: who looked, and when
            self._viewed = True
        self.actions = [a for a in actions_for(self.record) if app.permits(COMMANDS[a.command])]
        self.query_one("#card-title", Static).update(Text(record_title(self.record)))
        fields = Text()
        for key, value in record_fields(self.record):
            fields.append(f"{key:>14}: ", style="bold")
            fields.append(value + "\n")
        if not hasattr(self.record, "status"):
            status = "active" if getattr(self.record, "active", True) else "closed"
            fields.append(f"{'status':>14}: ", style="bold")
            fields.append(status)
        for note in record_notes(app.secretariat, self.record):
            fields.append("\n")
            fields.append("  ! ", style="bold")
            fields.append(note)
        self.query_one("#card-fields", Static).update(fields)
        actions = Text()
        for a in self.actions:
            actions.append(f"[{a.key}] ", style="bold")
            actions.append(a.label + "   ")
        self.query_one("#card-actions", Static).update(actions if self.actions else Text("none for you now"))
        lines = Text()
        for entry in history(app.secretariat, self.record_id):
            env = entry.envelope
            lines.append(f"v{entry.version} ", style="bold")
            lines.append(f"{entry.type}  ")
            if env is not None:
                lines.append(f"{when_text(env.recorded_at)} {env.actor_name} ({env.role})")
                if env.reason:
                    lines.append(f" — {env.reason}")
            lines.append("\n")
            for key, (before, after) in entry.changes.items():
                if entry.version == 1:
                    lines.append(f"    {key}: {value_text(after)}\n")
                else:
                    lines.append(f"    {key}: {value_text(before)} → {value_text(after)}\n")
        self.query_one("#card-history", Static).update(lines)

    def on_key(self, event: Any) -> None:
        action = next((a for a in self.actions if a.key == event.key), None)
        if action is None:
            return
        event.stop()
        self.app.open_form(COMMANDS[action.command], action.values, action.fixed,  # type: ignore[attr-defined]
                           on_done=lambda _: self.load())
