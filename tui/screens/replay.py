"""Replay: step through the history one event at a time (or to the next event of a type or an actor)
and watch one register change, the rows the last step touched highlighted."""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Input

from domain.readpolicy import ConfidentialStreams, event_view
from projections.audit_log import confidential_at
from projections.engine import MemoryRows, Projection, Rows, decode
from projections.registers import Register
from projections.runner import all_projections
from tui.i18n.bidi import visual
from tui.i18n.catalogue import N_, _
from tui.screens.card import event_words, when_text
from tui.screens.host import host
from tui.widgets.paragraph import Lines, Paragraph
from tui.widgets.table import table_lines

WINDOW = 14


class TouchedRows(Rows):
    """MemoryRows that remember which keys the last event put or deleted."""

    def __init__(self, inner: MemoryRows) -> None:
        self.inner = inner
        self.touched: set[tuple[str, tuple[Any, ...]]] = set()

    def get(self, table: str, *key: Any) -> dict[str, Any] | None:
        return self.inner.get(table, *key)

    def put(self, table: str, row: dict[str, Any]) -> None:
        self.inner.put(table, row)
        self.touched.add((table, tuple(row[k] for k in self.inner.keys[table])))

    def delete(self, table: str, *key: Any) -> None:
        self.inner.delete(table, *key)
        self.touched.add((table, key))


class ReplayState:
    """The chosen register rebuilt in memory up to a position; forward steps apply one event."""

    def __init__(self, app: Any, register: Register) -> None:
        self.app = app
        self.register = register
        self.projection: Projection = next(p for p in all_projections() if p.name == register.projection)
        self.head = app.head()
        self.reset(0)

    def reset(self, position: int) -> None:
        self.rows = TouchedRows(MemoryRows(self.projection.tables))
        self.position = 0
        self.last: Any = None
        self.confidential = ConfidentialStreams()
        self.last_confidential = False
        self.step_to(position)

    def _event(self, position: int) -> tuple[str, Any] | None:
        found = self.app.recorder.select_notifications(position, 1)
        if not found:
            return None
        n = found[0]
        _position, topic, event = decode((n.id, n.originator_id, n.originator_version, n.topic, n.state))
        return topic, event

    def step(self) -> bool:
        if self.position >= self.head:
            return False
        self.position += 1
        found = self._event(self.position)
        self.rows.touched.clear()
        if found is None:
            return True
        topic, event = found
        self.last = (topic, event)
        self.last_confidential = self.confidential.see(event)
        if topic in self.projection.handlers or not self.projection.handlers:
            self.projection.apply(self.rows, self.position, topic, event)
        return True

    def step_to(self, position: int) -> None:
        """Replay from scratch to an earlier position (stepping back)."""
        position = max(position, 0)
        if position < self.position:
            self.rows = TouchedRows(MemoryRows(self.projection.tables))
            self.position, self.last = 0, None
            self.confidential = ConfidentialStreams()
        while self.position < position - 1 and self.step():
            pass
        if self.position < position:
            self.step()

    def next_matching(self, kind: str, text: str) -> bool:
        """Step forward to the next event whose type (kind='type') or actor (kind='actor') matches."""
        while self.step():
            topic, event = self.last
            envelope = getattr(event, "envelope", None)
            if kind == "type" and text.lower() in topic.lower():
                return True
            if kind == "actor" and envelope is not None and envelope.actor_name == text.strip().lower():
                return True
        return False

    def table_rows(self, policy: Any = None) -> list[tuple[dict[str, Any], bool]]:
        """The register's rows now, each with whether this event changed it; only those `policy` (the read
        policy's reader) may see."""
        table = self.register.table
        key = self.projection.table(table).key
        visible = [r for r in self.rows.inner.data[table].values()
                   if policy is None or self.register.row_visible(policy, r)]
        rows = sorted(visible,
                      key=lambda r: tuple("" if r.get(c) is None else str(r.get(c)) for c in self.register.order))
        return [(r, (table, tuple(r[k] for k in key)) in self.rows.touched) for r in rows]


class ReplayScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("right", "forward", N_("Next event"), priority=True),
        Binding("left", "back", N_("Previous event"), priority=True),
        Binding("t", "ask('type')", N_("Next of type")),
        Binding("u", "ask('actor')", N_("Next by actor")),
        Binding("escape", "close", N_("Close")),
    ]
    DEFAULT_CSS = """
    ReplayScreen #replay-event { background: $primary 30%; padding: 0 1; height: auto; }
    ReplayScreen #replay-ask { display: none; }
    ReplayScreen #replay-ask.open { display: block; }
    """

    def __init__(self, register: Register) -> None:
        super().__init__()
        self.register = register
        self.asking = ""

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Paragraph(id="replay-event")
            yield Input(id="replay-ask", disabled=True)
            with VerticalScroll():
                yield Lines(id="replay-rows")
                yield Paragraph(id="replay-count")
        yield Footer()

    def on_mount(self) -> None:
        app = host(self)
        self.state = ReplayState(app.secretariat, self.register)
        self.render_state()

    def render_state(self) -> None:
        s = self.state
        app = host(self)
        line = _("REPLAY of {title}: position {position} of {head}", title=_(self.register.title),
                 position=s.position, head=s.head)
        if s.last is not None:
            topic, event = s.last
            envelope = getattr(event, "envelope", None)
            line += f" — {event_words(topic.split(':', 1)[-1])}"
            if envelope is not None:
                line += _(" by {envelope_actor_name} ({envelope_role}) at {envelope_recorded_at}",
                          envelope_actor_name=envelope.actor_name, envelope_role=_(envelope.role),
                          envelope_recorded_at=when_text(envelope.recorded_at))
                secret = s.last_confidential or confidential_at(app.reader, app.read_conn, s.position)
                _shown, reason = event_view(app.policy, secret, {}, envelope.reason)
                if reason:
                    line += f" — {reason}"
        self.query_one("#replay-event", Paragraph).update(line)
        rows = s.table_rows(app.policy)
        changed = [i for i, (_row, hit) in enumerate(rows) if hit]
        start = max((changed[0] if changed else 0) - WINDOW // 2, 0)
        window = rows[start:start + WINDOW * 3]
        drawn = table_lines(self.register, [row for row, _hit in window], [hit for _row, hit in window])
        self.query_one("#replay-rows", Lines).show(
            [(drawn[0], "bold"), *((text, "bold reverse" if hit else "") for text, (_row, hit) in
                                   zip(drawn[1:], window, strict=True))])
        self.query_one("#replay-count", Paragraph).update(
            _("{rows_count} rows; {changed_count} changed by this event", rows_count=len(rows),
              changed_count=len(changed)))

    def action_forward(self) -> None:
        self.state.step()
        self.render_state()

    def action_back(self) -> None:
        self.state.step_to(self.state.position - 1)
        self.render_state()

    def action_ask(self, kind: str) -> None:
        self.asking = kind
        ask = self.query_one("#replay-ask", Input)
        asked = _("event type (part of it), Enter") if kind == "type" else _("actor's user name, Enter")
        ask.placeholder = visual(asked)
        ask.value = ""
        ask.disabled = False
        ask.add_class("open")
        ask.focus()

    @on(Input.Submitted, "#replay-ask")
    def _asked(self, event: Input.Submitted) -> None:
        event.input.remove_class("open")
        event.input.disabled = True
        if not self.state.next_matching(self.asking, event.value):
            self.app.notify(_("No later event with {asking} {event_value!r}", asking=self.asking,
                              event_value=event.value), severity="warning")
        self.render_state()

    def action_close(self) -> None:
        ask = self.query_one("#replay-ask", Input)
        if ask.has_class("open"):
            ask.remove_class("open")
            ask.disabled = True
            return
        self.app.pop_screen()
