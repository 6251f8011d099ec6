"""RegisterTable: a virtual table on Textual's line API that shows a register of any size.

Only the visible lines are rendered; each asks a small cache of SQL pages (RegisterQuery) for its row,
so a register of a million rows costs what its visible page costs. User-entered values are drawn as
plain segments: nothing in a value is ever read as markup.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from projections.paging import RegisterQuery
from projections.registers import local_time_text
from tui.i18n.bidi import visual
from tui.i18n.catalogue import N_, _, english_word, word
from tui.i18n.formats import digits, show_money, show_stored
from tui.i18n.settings import current

PAGE = 100
CACHED_PAGES = 32
MAX_WIDTH = 32


def heading(column: str) -> str:
    """A column's heading as drawn: its name in words, in the session's language."""
    return _(column.replace("_", " "))


def cell_text(value: Any, column: str = "", money: tuple[str, ...] = (), timestamps: tuple[str, ...] = ()) -> str:
    if value is None:
        return "-"
    if column in timestamps:
        moment = local_time_text(value)
        day = show_stored(moment[:10])
        return digits(day + moment[10:]) if day else moment
    if column == "active":
        return _("yes") if value else _("no")
    if (translated := word(column, value)) is not None:  # a status, role or kind, in the session's language
        return translated
    if column in money:
        return show_money(value)
    if isinstance(value, int | float):
        return digits(str(value))
    text = show_stored(value) or str(value)
    return text.replace("\n", " ⏎ ") if "\n" in text else text  # a long text's lines, on the row's one line


class RegisterTable(ScrollView, can_focus=True):
    """The rows of one register, paged from SQL, with a cursor, sorting and a filter."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", N_("Up"), show=False),
        Binding("down", "cursor(1)", N_("Down"), show=False),
        Binding("pageup", "page(-1)", N_("Page up"), show=False),
        Binding("pagedown", "page(1)", N_("Page down"), show=False),
        Binding("home", "jump(0)", N_("First"), show=False),
        Binding("end", "jump(-1)", N_("Last"), show=False),
        Binding("enter", "open", N_("Open")),
        Binding("s", "sort_next", N_("Sort")),
        Binding("S", "sort_reverse", N_("Reverse"), show=False),
        Binding("e", "export_rows", N_("Export")),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"register-table--header", "register-table--cursor",
                                             "register-table--odd"}
    DEFAULT_CSS = """
    RegisterTable { height: 1fr; }
    RegisterTable > .register-table--header { text-style: bold; background: $primary 30%; }
    RegisterTable > .register-table--cursor { background: $accent 60%; }
    RegisterTable:blur > .register-table--cursor { background: $accent 25%; }
    RegisterTable > .register-table--odd { background: $surface-lighten-1 20%; }
    """

    cursor: reactive[int] = reactive(0, always_update=True)

    class Opened(Message):
        def __init__(self, table: RegisterTable, record_id: str) -> None:
            super().__init__()
            self.table = table
            self.record_id = record_id

    def __init__(self, query: RegisterQuery, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self.register_query = query
        self._pages: OrderedDict[int, list[tuple[Any, ...]]] = OrderedDict()
        self.total = 0
        self.widths: list[int] = [len(heading(c)) for c in query.columns]

    # ---- data -----------------------------------------------------------------------------------

    def on_mount(self) -> None:
        self.reload()

    def reload(self, keep: bool = True) -> None:
        """Re-read the register (after a change, a sort or a filter), keeping the cursor's record if it can."""
        record = self.current_record() if keep else None
        self._pages.clear()
        self.register_query.invalidate()
        self.total = self.register_query.count()
        self._measure()
        if record is not None:
            index = self.register_query.index_of(record)
            if index is not None:
                self.cursor = index
        self.cursor = min(max(self.cursor, 0), max(self.total - 1, 0))
        self.virtual_size = Size(sum(self.widths) + len(self.widths), self.total + 1)
        self._scroll_cursor_into_view()
        self.refresh()

    def _measure(self) -> None:
        columns, money = self.register_query.columns, self.register_query.register.money
        timestamps = self.register_query.register.timestamps
        widths = [len(heading(c)) for c in columns]
        for row in self._page(0):
            for i, value in enumerate(row[: len(widths)]):
                widths[i] = min(max(widths[i], len(cell_text(value, columns[i], money, timestamps))), MAX_WIDTH)
        self.widths = widths

    def _page(self, number: int) -> list[tuple[Any, ...]]:
        if number in self._pages:
            self._pages.move_to_end(number)
            return self._pages[number]
        rows = self.register_query.page(number * PAGE, PAGE)
        self._pages[number] = rows
        if len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        return rows

    def row(self, index: int) -> tuple[Any, ...] | None:
        if not 0 <= index < self.total:
            return None
        rows = self._page(index // PAGE)
        offset = index % PAGE
        return rows[offset] if offset < len(rows) else None

    def current_record(self) -> str | None:
        row = self.row(self.cursor)
        return str(row[-1]) if row else None

    def current_values(self) -> dict[str, Any]:
        row = self.row(self.cursor)
        return dict(zip(self.register_query.columns, row, strict=False)) if row else {}

    # ---- rendering ------------------------------------------------------------------------------

    def _line(self, values: list[str], style: Style, marks: list[str] | None = None) -> Strip:
        """One line of cells, each cut to its column with "…"; a mark (the sort arrow) is never cut off."""
        segments = []
        rtl = current().rtl
        for n, (value, width) in enumerate(zip(values, self.widths, strict=False)):
            mark = marks[n] if marks else ""
            room = width - len(mark)
            # cut in reading order, then put into the order a terminal draws (right-to-left script reordered)
            text = visual(value if len(value) <= room else value[: max(room - 1, 0)] + "…") + mark
            segments.append(Segment(" " + text.rjust(width) if rtl else text.ljust(width) + " ", style))
        if rtl:  # a right-to-left reader starts at the right: the first column is drawn last
            segments.reverse()
        return Strip(segments)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.size.width
        base = self.rich_style
        if y == 0:
            header_style = base + self.get_component_rich_style("register-table--header")
            columns = self.register_query.columns
            labels = [heading(name) for name in columns]
            arrow = " ▼" if self.register_query.descending else " ▲"
            marks = [arrow if name == self.register_query.sort else "" for name in columns]
            return self._crop(self._line(labels, header_style, marks), scroll_x, width, header_style)
        index = scroll_y + y - 1
        row = self.row(index)
        if row is None:
            return Strip.blank(width, base)
        style = base
        if index == self.cursor:
            style = base + self.get_component_rich_style("register-table--cursor")
        elif index % 2:
            style = base + self.get_component_rich_style("register-table--odd")
        money, timestamps = self.register_query.register.money, self.register_query.register.timestamps
        values = [cell_text(v, c, money, timestamps) for v, c in zip(row, self.register_query.columns, strict=False)]
        return self._crop(self._line(values, style), scroll_x, width, style)

    @staticmethod
    def _crop(line: Strip, scroll_x: int, width: int, style: Style) -> Strip:
        """The part of a line in view. Right to left, the line is held against the right edge and scrolling
        moves into it from the right, so the first columns are in view first."""
        if not current().rtl:
            return line.crop_extend(scroll_x, scroll_x + width, style)
        total = line.cell_length
        if total < width:
            return Strip([Segment(" " * (width - total), style), *line]).simplify()
        end = total - scroll_x
        return line.crop_extend(max(end - width, 0), end, style)

    # ---- moving ---------------------------------------------------------------------------------

    def _scroll_cursor_into_view(self) -> None:
        visible = max(self.size.height - 1, 1)
        top = int(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False)

    def watch_cursor(self, old: int, new: int) -> None:
        self._scroll_cursor_into_view()
        self.refresh()

    def action_cursor(self, step: int) -> None:
        self.cursor = min(max(self.cursor + step, 0), max(self.total - 1, 0))

    def action_page(self, step: int) -> None:
        self.action_cursor(step * max(self.size.height - 2, 1))

    def action_jump(self, index: int) -> None:
        self.cursor = max(self.total - 1, 0) if index < 0 else min(index, max(self.total - 1, 0))

    def action_open(self) -> None:
        record = self.current_record()
        if record is not None:
            self.post_message(self.Opened(self, record))

    def action_export_rows(self) -> None:
        """The rows shown (this filter and sort, the reader's own) to a file the user names."""
        from datetime import date

        from tui.export_files import register_sheet
        from tui.screens.save_as import SaveAsScreen

        query = self.register_query
        self.app.push_screen(SaveAsScreen(_(query.register.title), f"{query.register.name}-{date.today()}.xlsx",
                                          lambda: register_sheet(query.register, query.all_rows())))

    def action_sort_next(self) -> None:
        columns = list(self.register_query.columns)
        current = columns.index(self.register_query.sort) if self.register_query.sort in columns else -1
        self.sort_by(columns[(current + 1) % len(columns)])

    def action_sort_reverse(self) -> None:
        self.register_query.set(descending=not self.register_query.descending)
        self.show_top()

    def sort_by(self, column: str) -> None:
        self.register_query.set(sort=column, descending=False)
        self.show_top()

    def show_top(self) -> None:
        """A new order, a new filter or another register: the first rows, from the first column."""
        self.cursor = 0
        self.reload(keep=False)
        self.scroll_to(x=0, y=0, animate=False)

    def set_filter(self, text: str) -> None:
        self.register_query.set(filter=english_word(text))  # a translated status or kind finds the stored word
        self.show_top()

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            x = event.x + int(self.scroll_x)
            edge = 0
            for name, width in zip(self.register_query.columns, self.widths, strict=False):
                edge += width + 1
                if x < edge:
                    if self.register_query.sort == name:
                        self.action_sort_reverse()
                    else:
                        self.sort_by(name)
                    return
            return
        index = int(self.scroll_y) + event.y - 1
        if 0 <= index < self.total:
            if index == self.cursor and event.chain >= 2:
                self.action_open()
            self.cursor = index
