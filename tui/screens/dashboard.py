"""The dashboard screen (issue 25): for the user's audience and office scope, tiles with the key counts and
their change since last week, then the charts: received per week as sparklines, overdue by unit and
accreditations by category as bars, budget execution and posts filled as bars against their plan.

Everything is drawn with Textual's own widgets from `rich.text.Text` (never markup, so a unit or category
typed by a user shows literally); bars are block characters against a shaded remainder and every bar prints
its figure, so nothing is told by colour alone. Every tile, bar and chart opens the register behind it,
filtered (Enter or a click). The figures (projections/dashboard.py) are read in a thread worker on its own
connection, never on the event loop, and read again when the app notices a change in the store (its poller
moves `_known_head`). `s` saves the screen as SVG for a briefing.
"""

from __future__ import annotations

import time
from datetime import date, datetime
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import events, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Footer, Sparkline, Static

from projections.dashboard import Bar, Chart, Dashboard, Link, Tile
from tui.i18n.bidi import in_session, visual
from tui.i18n.catalogue import N_, _, say
from tui.i18n.formats import digits, figure, show_day, show_percent, show_said
from tui.i18n.settings import current
from tui.screens.host import host
from tui.widgets.worker_connection import WorkerConnection

LABEL = 16  # bar labels are cut to this many characters
BAR = 22  # a bar's full width in cells


def short_money(cents: int) -> str:
    """Minor units as a short amount for a bar: 203628760000 -> '2.04B', 123456 -> '1.2K'."""
    value = cents / 100
    for limit, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= limit:
            return f"{value / limit:.{2 if suffix == 'B' else 1}f}{suffix}"
    return f"{value:,.0f}"


def short_figure(cents: int) -> str:
    """A short amount as the session writes its digits (`short_money` in Eastern Arabic-Indic where asked)."""
    text = short_money(cents)
    return digits(text.translate(str.maketrans(",.", "٬٫"))) if current().digits == "eastern" else text


TILE_WIDTH = 18  # a tile's line at 80 columns (four tiles a row)


def _fit(text: str, width: int = TILE_WIDTH) -> str:
    """A tile's line cut to its width in reading order: right to left, Textual's own cut would drop its start."""
    return text if len(text) <= width else text[:width - 1] + "…"


def tile_text(tile: Tile) -> Text:
    """A tile's label, then its figure and the change in a week in words ('3  +1 in a week')."""
    value = show_percent(tile.value) if tile.unit == "percent" else f"{figure(tile.value):,}"
    change = ""
    if tile.change is not None:
        if not tile.change:
            change = _("  = a week ago")
        elif tile.unit == "percent":
            change = _("  {change:+,} pt in a week", change=figure(tile.change))
        else:
            change = _("  {change:+,} in a week", change=figure(tile.change))
    if current().rtl:  # the figure at the right, the change to its left; cut where reading ends (the left)
        text = Text(in_session(_fit(say(tile.label))) + "\n", style="dim")
        text.append(in_session(_fit(f"{value}{change}")), style="bold")
        return text
    text = Text(visual(say(tile.label)) + "\n", style="dim")
    text.append(value, style="bold")
    text.append(change)
    return text


def bar_text(chart: Chart, bar: Bar, largest: int) -> Text:
    """One bar: its label, the filled part in blocks and the rest shaded, then its figure in words."""
    against = bar.plan if chart.kind == "progress" and bar.plan else largest
    filled = 0 if against <= 0 or bar.value <= 0 else max(1, round(BAR * min(bar.value, against) / against))
    label = bar.label
    if len(label) > LABEL:  # a code keeps its distinguishing tail (…2211-PEC), a name its start
        label = "…" + label[1 - LABEL:] if " " not in label else label[:LABEL - 1] + "…"
    text = Text(label.ljust(LABEL) + " ")
    text.append("█" * filled, style="green" if chart.kind == "progress" else "yellow")
    text.append("░" * (BAR - filled) if chart.kind == "progress" else " " * (BAR - filled), style="dim")
    shown = short_figure(bar.value) if chart.money else f"{figure(bar.value):,}"
    if bar.plan is not None:
        shown += f"/{short_figure(bar.plan) if chart.money else f'{figure(bar.plan):,}'}"
        if bar.plan:
            shown += f" {show_percent(100 * bar.value // bar.plan)}"
    text.append(" " + shown)
    return text


def note_text(note: str) -> str:
    """A chart's note in the session's language, its days ("as of 2026-12-02") in the reader's calendar and
    digits (`formats.show_said`, which the command line's dashboard uses too)."""
    return show_said(note)


class Opens(Static, can_focus=True):
    """A tile, bar or chart title that opens the records behind it (Enter or a click)."""

    class Chosen(Message):
        def __init__(self, link: Link) -> None:
            super().__init__()
            self.link = link

    DEFAULT_CSS = """
    Opens:focus { text-style: reverse; }
    """

    def __init__(self, content: Text, link: Link | None, **kwargs: Any) -> None:
        super().__init__(content, markup=False, **kwargs)
        self.link = link

    def _choose(self) -> None:
        if self.link is not None:
            self.post_message(self.Chosen(self.link))

    def on_click(self, event: events.Click) -> None:
        self._choose()

    def on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            self._choose()
        elif event.key in ("down", "up"):  # to the next figure, not a scroll of the column of charts
            event.stop()
            (self.screen.focus_next if event.key == "down" else self.screen.focus_previous)()


class BarList(Static, can_focus=True):
    """A chart's bars as one widget (one line each): up and down move between them, Enter or a click opens
    the records behind the bar under the cursor. One widget per chart keeps the screen quick to draw."""

    DEFAULT_CSS = """
    BarList { height: auto; }
    """

    def __init__(self, chart: Chart, **kwargs: Any) -> None:
        super().__init__(markup=False, **kwargs)
        self.chart = chart
        self.cursor = 0
        self.largest = max((max(b.value, b.plan or 0) for b in chart.bars), default=0)
        self._draw()

    def set_chart(self, chart: Chart) -> None:
        self.chart = chart
        self.largest = max((max(b.value, b.plan or 0) for b in chart.bars), default=0)
        self.cursor = min(self.cursor, max(len(chart.bars) - 1, 0))
        self._draw()

    def _draw(self) -> None:
        lines = []
        for n, b in enumerate(self.chart.bars):
            line = bar_text(self.chart, b, self.largest)
            if n == self.cursor and self.has_focus:
                line.stylize("reverse")
            lines.append(line)
        self.update(Text("\n").join(lines))

    def on_focus(self) -> None:
        self._draw()

    def on_blur(self) -> None:
        self._draw()

    def _choose(self) -> None:
        link = self.chart.bars[self.cursor].link if self.chart.bars else None
        if link is not None:
            self.post_message(Opens.Chosen(link))

    def on_click(self, event: events.Click) -> None:
        if 0 <= event.y < len(self.chart.bars):
            self.cursor = event.y
            self._choose()

    def on_key(self, event: events.Key) -> None:
        last = len(self.chart.bars) - 1
        if event.key == "enter":
            event.stop()
            self._choose()
        elif event.key == "down" and self.cursor < last:
            event.stop()
            self.cursor += 1
            self._draw()
            self.scroll_visible_line()
        elif event.key == "up" and self.cursor > 0:
            event.stop()
            self.cursor -= 1
            self._draw()
            self.scroll_visible_line()
        elif event.key in ("down", "up"):  # past the last or first bar: the next or previous figure
            event.stop()
            (self.screen.focus_next if event.key == "down" else self.screen.focus_previous)()

    def scroll_visible_line(self) -> None:
        """Keep the cursor's line in view in the scrolling column of charts."""
        from textual.geometry import Region

        parent = self.parent
        if isinstance(parent, Widget):
            parent.scroll_to_region(Region(0, self.virtual_region.y + self.cursor, self.size.width, 1),
                                    animate=False)


class DashboardScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", N_("Back")),
        Binding("s", "save", N_("Save SVG")),
        Binding("f5", "reload", N_("Refresh"), show=False),
    ]
    DEFAULT_CSS = """
    DashboardScreen #dash-title { height: 1; text-style: bold; padding: 0 1; }
    DashboardScreen #dash-status { height: 1; color: $text-muted; padding: 0 1; }
    DashboardScreen #tiles { grid-size: 4; grid-gutter: 0 1; height: auto; padding: 0 1; }
    DashboardScreen #tiles Opens { height: 2; text-wrap: nowrap; text-overflow: ellipsis; }
    DashboardScreen #body { height: 1fr; }
    DashboardScreen #charts { height: 1fr; padding: 0 1; }
    DashboardScreen .chart-title { margin-top: 1; text-style: bold; }
    DashboardScreen .chart-note { color: $text-muted; }
    DashboardScreen Sparkline { height: 2; width: 1fr; }
    """

    def __init__(self, today: date | None = None, save_dir: Path | None = None) -> None:
        super().__init__()
        self.today = today
        self.save_dir = save_dir
        self.figures: Dashboard | None = None
        self.loads = 0  # figures shown so far (the tests wait on it)
        self._seen_head: int | None = None
        self._shape: tuple[Any, ...] = ()
        self.painted_at = 0.0
        self._connection = WorkerConnection(self._database)

    def compose(self) -> ComposeResult:
        yield Static(_("Dashboard"), id="dash-title", markup=False)
        yield Static(_("reading the registers…"), id="dash-status", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        app = host(self)
        self._seen_head = app.known_head
        self.load()
        self.set_interval(max(0.1, float(getattr(app, "poll_seconds", 1.0)) / 2), self._watch)

    def _watch(self) -> None:
        """Read the figures again when the app's poller has caught the registers up with new events."""
        head = host(self).known_head
        if head != self._seen_head:
            self._seen_head = head
            self.load()

    def action_reload(self) -> None:
        self.load()

    # ---- reading, off the event loop ----------------------------------------------------------------

    def _database(self) -> Any:
        from projections.db import Database

        return Database(host(self).secretariat.store_config)

    @work(thread=True, exclusive=True, group="dashboard", exit_on_error=False)
    def load(self) -> None:
        from projections.dashboard import build, scope_for

        app = host(self)
        try:
            with self._connection.use() as conn:
                db = self._connection.db
                with db.read(conn):
                    who = app.policy  # the read policy: clearance and office scope
                    audience, _office = scope_for(db, conn, getattr(app.actor, "office", None))
                    figures = build(db, conn, self.today or date.today(), offices=who.offices, cleared=who.cleared,
                                    audience=audience)
        except Exception as e:  # a busy or vanished store: say so and keep the last figures
            self.app.call_from_thread(self._problem, _("Could not read the figures: {e}", e=e))
            return
        self.app.call_from_thread(self.show, figures)

    def _painted(self) -> None:
        self.painted_at = time.perf_counter()  # the figures on the screen (bench/dashboard.py reads it)

    def _problem(self, message: str) -> None:
        self.query_one("#dash-status", Static).update(Text(message))

    def on_unmount(self) -> None:
        self._connection.close()

    # ---- drawing --------------------------------------------------------------------------------------

    async def show(self, figures: Dashboard) -> None:
        focused = self.focused.id if self.focused is not None else None
        self.figures = figures
        self.query_one("#dash-title", Static).update(Text(in_session(_(
            "Dashboard · {figures_audience} · {figures_today}", figures_audience=figures.audience,
            figures_today=show_day(figures.today)))))
        self.query_one("#dash-status", Static).update(Text(in_session(
            _("updated {strftime} · Enter or click opens the records · s saves SVG",
              strftime=digits(datetime.now().strftime('%H:%M:%S'))))))
        if not self._update_in_place(figures):  # drawn anew in one mount (one layout)
            await self.query("#body").remove()
            body = Vertical(
                Grid(*[Opens(tile_text(t), t.link, id=f"tile-{t.key}") for t in figures.tiles], id="tiles"),
                VerticalScroll(*[w for chart in figures.charts for w in self._chart(chart)], id="charts",
                               can_focus=False),
                id="body")
            await self.mount(body, before=self.query_one(Footer))
        self._shape = self._shape_of(figures)
        self.call_after_refresh(self._painted)
        self.loads += 1
        target = next(iter(self.query(f"#{focused}")), None) if focused else None
        if target is None:
            target = next(iter(self.query(Opens)), None)
        if target is not None:
            target.focus()

    @staticmethod
    def _shape_of(figures: Dashboard) -> tuple[Any, ...]:
        """What the widgets depend on besides their text: which tiles and charts, and how many bars."""
        return (tuple(t.key for t in figures.tiles), tuple((c.key, c.kind, len(c.bars)) for c in figures.charts))

    def _update_in_place(self, figures: Dashboard) -> bool:
        """New figures of the same shape update the widgets shown (a refresh); another shape is drawn anew."""
        if self._shape != self._shape_of(figures):
            return False
        for t in figures.tiles:
            tile = self.query_one(f"#tile-{t.key}", Opens)
            tile.link = t.link
            tile.update(tile_text(t))
        for chart in figures.charts:
            title = self.query_one(f"#chart-{chart.key}", Opens)
            title.link = chart.link
            title.update(self._title(chart))
            if chart.kind == "series":
                self.query_one(f"#spark-{chart.key}", Sparkline).data = [float(v) for v in chart.values]
                self.query_one(f"#note-{chart.key}", Static).update(self._series_note(chart))
            elif chart.bars:
                self.query_one(f"#bars-{chart.key}", BarList).set_chart(chart)
        return True

    @staticmethod
    def _title(chart: Chart) -> Text:
        total = _("  total {sum:,}, most {max:,} a week", sum=figure(sum(chart.values)),
                  max=figure(max(chart.values, default=0))) \
            if chart.kind == "series" else ""
        if current().rtl:
            return Text(in_session(say(chart.title) + total))
        title = Text(visual(say(chart.title)))
        title.append(total, style="dim")
        return title

    @staticmethod
    def _series_note(chart: Chart) -> Text:
        return Text(in_session(_("{chart_bars_count} weeks from {label}; the week from {label2}: {value:,}",
                                 chart_bars_count=figure(len(chart.bars)), label=show_day(chart.bars[0].label),
                                 label2=show_day(chart.bars[-1].label), value=figure(chart.bars[-1].value))))

    def _chart(self, chart: Chart) -> list[Any]:
        out: list[Any] = [Opens(self._title(chart), chart.link, id=f"chart-{chart.key}", classes="chart-title")]
        if chart.kind == "series":
            out.append(Sparkline([float(v) for v in chart.values], id=f"spark-{chart.key}"))
            out.append(Static(self._series_note(chart), id=f"note-{chart.key}", classes="chart-note", markup=False))
            return out
        if not chart.bars:
            out.append(Static(Text(in_session(_("none"))), classes="chart-note", markup=False))
        else:
            out.append(BarList(chart, id=f"bars-{chart.key}"))
        out.append(Static(Text(in_session(note_text(chart.note))), classes="chart-note", markup=False))
        return out

    # ---- going to the records ---------------------------------------------------------------------

    def on_opens_chosen(self, message: Opens.Chosen) -> None:
        app = host(self)
        link = message.link
        if link.register not in {r.name for r in app.shown_registers}:
            app.notify(_("Your role does not show the register {register}", register=link.register),
                       severity="warning")
            return
        app.pop_screen()
        app.open_register(link.register, link.filter)  # as a report's drill-down: one record opens its card

    def action_save(self) -> None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        folder = self.save_dir or Path.cwd()
        try:
            path = self.app.save_screenshot(filename=f"dashboard-{stamp}.svg", path=str(folder))
        except OSError as e:
            self.app.notify(_("Could not save the screen: {e}", e=e), severity="error")
            return
        self.app.notify(Text(_("Saved {path}", path=path)).plain, title=_("Dashboard"))
