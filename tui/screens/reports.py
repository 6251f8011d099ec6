"""The reports screen: the reports the user's roles may read, each shown as a table computed from the
registers (amounts as amounts, a bar column drawn as bars), with an optional parameter line
(`year=2026 election=PE26`) and the date it is computed for."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from domain.errors import NotPermitted, SecretariatError
from domain.readpolicy import report_refusal
from projections.reports import ReportContext, ReportResult, bar, report, run_report, scoped_connection, visible_reports
from tui.i18n.bidi import visual
from tui.i18n.catalogue import N_, _, ngettext, say
from tui.i18n.formats import show_count, show_date, show_report_cell, show_said
from tui.screens.host import host


def parse_params(text: str) -> dict[str, str]:
    """`year=2026 election=PE26` -> {"year": "2026", "election": "PE26"}; a word without '=' is refused."""
    out = {}
    for word in text.split():
        name, sep, value = word.partition("=")
        if not sep or not name:
            raise ValueError(f"parameters are NAME=VALUE words, not {word!r}")
        out[name] = value
    return out


def bar_cells(result: ReportResult) -> list[str]:
    """The bar column's values as bars, proportional to the largest."""
    if result.bars is None:
        return []
    i = result.columns.index(result.bars)
    values = [float(r[i] or 0) for r in result.rows]
    largest = max(values, default=0.0)
    return [bar(v, largest) for v in values]


class ReportsScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", N_("Back")),
        Binding("p", "focus_params", N_("Parameters")),
        Binding("e", "export", N_("Export")),
    ]
    DEFAULT_CSS = """
    ReportsScreen #report-list { width: 30%; min-width: 28; max-width: 64; border-right: tall $primary 40%; }
    ReportsScreen #report-title { height: 1; text-style: bold; padding: 0 1; }
    ReportsScreen #report-notes { height: auto; color: $text-muted; padding: 0 1; }
    ReportsScreen #report-error { height: auto; color: $error; padding: 0 1; }
    ReportsScreen #report-params { height: 3; }
    """

    def __init__(self, today: date | None = None, register: str | None = None) -> None:
        super().__init__()
        self.today = today
        self.register = register  # the register it was opened from: its own reports come first
        self.current: str | None = None
        self.result: ReportResult | None = None

    def compose(self) -> ComposeResult:
        app = host(self)
        with Horizontal():
            yield OptionList(*[Option(Text(_(r.title)), id=r.name) for r in visible_reports(app.actor.roles)],
                             id="report-list")
            with Vertical():
                yield Static(id="report-title", markup=False)
                yield Input(placeholder=_("parameters: NAME=VALUE ... (Enter applies)"), id="report-params")
                yield Static(id="report-error", markup=False)
                yield DataTable(id="report-table", zebra_stripes=True, cursor_type="row")
                yield Static(id="report-notes", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        from projections.catalogue import register_reports

        options = self.query_one("#report-list", OptionList)
        options.focus()
        own = register_reports().get(self.register or "", ())
        names = [str(options.get_option_at_index(i).id) for i in range(options.option_count)]
        first = next((n for n in names if n in own), None)
        if first is not None:  # start on the current register's reports
            options.highlighted = names.index(first)
            self.show(first)
            options.focus()

    @on(DataTable.RowSelected, "#report-table")
    def _drill(self, event: DataTable.RowSelected) -> None:
        """Enter on a row: the register behind the report, filtered to that row's records."""
        from tui.plugins import exported

        if self.result is None or self.current is None:
            return
        link = exported("DRILL").get(self.current)
        if link is None:
            self.app.notify(_("This report's rows are totals of several registers; they open no records"),
                            severity="information")
            return
        register, template = link
        row = dict(zip(self.result.columns, self.result.rows[event.cursor_row], strict=True))
        words = template.format(**{k: "" if v is None else v for k, v in row.items()})
        app = host(self)
        app.pop_screen()
        app.open_register(register, words)

    @on(OptionList.OptionSelected, "#report-list")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.show(str(event.option.id))

    @on(Input.Submitted, "#report-params")
    def _params(self) -> None:
        if self.current:
            self.show(self.current)

    def action_export(self) -> None:
        """The report shown to a file the user names (.xlsx, .csv or .json)."""
        from tui.export_files import report_sheet
        from tui.screens.save_as import SaveAsScreen

        result, name = self.result, self.current
        if result is None or name is None:
            self.app.notify(_("Choose a report first; e exports the one shown"), severity="warning")
            return
        title = _(report(name).title)
        self.app.push_screen(SaveAsScreen(title, f"{name}-{self.today or date.today()}.xlsx",
                                          lambda: report_sheet(title, result)))

    def action_focus_params(self) -> None:
        self.query_one("#report-params", Input).focus()

    def show(self, name: str) -> None:
        app = host(self)
        self.current = name
        error = self.query_one("#report-error", Static)
        table = self.query_one("#report-table", DataTable)
        try:
            params = parse_params(self.query_one("#report-params", Input).value)
            today = self.today or date.today()
            with app.registers_lock:
                app.registers.catch_up()
            refusal = report_refusal(app.policy, name, report(name).roles)
            if refusal:
                raise NotPermitted(refusal)
            with scoped_connection(app.reader, app.policy) as conn:
                ctx = ReportContext(app.reader, conn, today, app.policy.cleared, params, app.settings.calendar)
                result = run_report(ctx, name, app.actor.roles)
        except (SecretariatError, ValueError) as e:
            error.update(Text(say(e)))
            self.result = None  # the old result would read as the answer to the new question
            table.clear(columns=True)
            self.query_one("#report-title", Static).update("")
            self.query_one("#report-notes", Static).update("")
            return
        self.result = result
        error.update("")
        title = next(_(r.title) for r in visible_reports(app.actor.roles) if r.name == name)
        # English says "rows" even for one, as it always has; other languages pick their plural form
        self.query_one("#report-title", Static).update(Text(visual(ngettext(
            "{title} · {n} rows · as of {today}", "{title} · {n} rows · as of {today}", len(result.rows), title=title,
            n=show_count(len(result.rows)), today=show_date(today)))))
        table.clear(columns=True)
        columns = [*result.columns, *([""] if result.bars else [])]
        table.add_columns(*[_(c) for c in columns])
        bars = bar_cells(result)
        for n, row in enumerate(result.rows):
            cells = [Text(visual(show_report_cell(result, c, v)), justify="right" if c in result.money else "left")
                     for c, v in zip(result.columns, row, strict=True)]
            if result.bars:
                cells.append(Text(bars[n], style="green"))
            table.add_row(*cells)
        self.query_one("#report-notes", Static).update(Text(visual("\n".join(show_said(n) for n in result.notes))))
        table.focus()
