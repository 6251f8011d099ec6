"""RegisterTable: a virtual table on Textual's line API that shows a register of any size.

Only the visible lines are rendered; each asks a small cache of SQL pages (RegisterQuery) for its row,
so a register of a million rows costs what its visible page costs. User-entered values are drawn as
plain segments: nothing in a value is ever read as markup.
"""

from __future__ import annotations

import copy
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, ClassVar

from rich.segment import Segment
from rich.style import Style
from textual import events, on, work
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from projections.paging import RegisterQuery
from projections.registers import Register
from tui.i18n.bidi import ljust, rjust, visual
from tui.i18n.catalogue import N_, _, english_word
from tui.i18n.formats import show_cell
from tui.i18n.settings import current
from tui.widgets.worker_connection import WorkerConnection

PAGE = 100
CACHED_PAGES = 32
MAX_WIDTH = 32


def heading(column: str) -> str:
    """A column's heading as drawn: its name in words, in the session's language."""
    return _(column.replace("_", " "))


cell_text = show_cell  # a cell as the table draws it (formats.show_cell, shared with `secretariat show`)


def table_lines(register: Register, rows: list[dict[str, Any]], marked: list[bool]) -> list[str]:
    """A few rows of a register as lines of text (the replay shows them under each event), written and laid out as
    the register's table draws them: headings and cells in the session's words, each column as wide as its widest
    cell; right to left, the first column at the right edge and a marked row's arrow beyond it, pointing in. The
    first line is the headings."""
    columns = register.columns
    cells = [[heading(c) for c in columns]] + [
        [cell_text(row.get(c), c, register.money, register.timestamps) for c in columns] for row in rows]
    widths = [min(max(len(r[i]) for r in cells), MAX_WIDTH) for i in range(len(columns))]
    rtl, lines = current().rtl, []
    for hit, values in zip([False, *marked], cells, strict=True):
        drawn = [visual(v if len(v) <= w else v[:w - 1] + "…") for v, w in zip(values, widths, strict=True)]
        if rtl:
            lines.append("  ".join(rjust(d, w) for d, w in zip(drawn[::-1], widths[::-1], strict=True))
                         + (" ◄" if hit else "  "))
        else:
            lines.append(("► " if hit else "  ") + "  ".join(ljust(d, w) for d, w in zip(drawn, widths, strict=True)))
    return lines


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

    def __init__(self, query: RegisterQuery, *, id: str | None = None,
                 first: tuple[int, list[tuple[Any, ...]]] | None = None) -> None:
        """`first`: the count and first page of `query`, read before the event loop runs (the app's first screen);
        without it they are read in a worker once the table is mounted."""
        super().__init__(id=id)
        self._first = first
        self._query = query
        self._pages: OrderedDict[int, list[tuple[Any, ...]]] = OrderedDict()
        self.total = 0
        self.widths: list[int] = [len(heading(c)) for c in query.columns]
        self._token = self._shown_token = 0
        self._reading: int | None = None  # the request a worker is reading now
        self._wanted: dict[str, Any] = {}  # what requests made during that read change, merged
        self._keep = True
        self._base: RegisterQuery | None = None  # the query the running read copied
        self._asked: dict[str, Any] = {}  # what the requests not yet shown change, for `requested_query`
        self._asked_of: RegisterQuery | None = None
        self._then: dict[int, Callable[[], None]] = {}
        self._connection = WorkerConnection(lambda: self._query.db)  # the reload worker's own connection
        self._page_connection = WorkerConnection(lambda: self._query.db)  # the page workers', one read at a time
        self._pending: set[int] = set()  # pages a worker is reading for the rows shown

    # ---- data -----------------------------------------------------------------------------------

    @property
    def register_query(self) -> RegisterQuery:
        return self._query

    @register_query.setter
    def register_query(self, query: RegisterQuery) -> None:
        """Another register's query: the rows shown were the old register's, so none are shown until its own are
        read (a row is never drawn under another register's columns)."""
        if query.register is not self._query.register:
            self._pages.clear()
            self.total = 0
            self.widths = [len(c) for c in query.columns]
            self.virtual_size = Size(sum(self.widths) + len(self.widths), 1)
            self.refresh()
        self._query = query

    def on_mount(self) -> None:
        if self._first is None:
            self.reload()
            return
        total, rows = self._first
        self._first = None
        self._show(total, rows, None)

    def _show(self, total: int, first: list[tuple[Any, ...]], index: int | None) -> None:
        self._pages.clear()
        self._pending.clear()
        self._pages[0] = first
        self.total = total
        self._measure()
        if index is not None:
            self.cursor = index
        self.cursor = min(max(self.cursor, 0), max(self.total - 1, 0))
        self.virtual_size = Size(sum(self.widths) + len(self.widths), self.total + 1)
        self._scroll_cursor_into_view()
        self.refresh()

    class Reloaded(Message):
        """A reload's answer, read in a worker: the query as evaluated, its count and first page, and where the
        cursor's record now stands. `token` says which request it answers (only the latest is shown)."""

        def __init__(self, token: int, query: RegisterQuery, total: int, first: list[tuple[Any, ...]],
                     index: int | None) -> None:
            super().__init__()
            self.token, self.query, self.total, self.first, self.index = token, query, total, first, index

    class Shown(Message):
        """The table now shows a reload's rows (the app updates its title and status line)."""

        def __init__(self, table: RegisterTable) -> None:
            super().__init__()
            self.table = table

    class Unreadable(Message):
        def __init__(self, token: int, problem: str) -> None:
            super().__init__()
            self.token, self.problem = token, problem

    @property
    def reading(self) -> bool:
        """A reload was asked for and its rows are not shown yet."""
        return self._shown_token != self._token

    def reload(self, keep: bool = True, *, sort: str | None = None, descending: bool | None = None,
               filter: str | None = None, then: Callable[[], None] | None = None) -> None:
        """Re-read the register (after a change, a sort or a filter), keeping the cursor's record if it can.

        Nothing is read here: a worker evaluates a copy of the query on a connection of its own (count, first
        page, the cursor's record) and posts `Reloaded`. While one read runs, further requests are merged into
        one that runs when it ends (the latest filter, sort and order win; typing never queues a read per key),
        and an answer to an older request is never shown. `then` runs once its rows are shown."""
        self._token += 1
        if then is not None:
            self._then[self._token] = then
        changes = {k: v for k, v in (("sort", sort), ("descending", descending), ("filter", filter)) if v is not None}
        self._wanted = {**self._wanted, **changes}
        self._asked = {**self._asked, **changes} if self._asked_of is self.register_query else changes
        self._asked_of = self.register_query
        self._keep = keep if self._reading is None else self._keep and keep
        if self._reading is None:
            self._start_read()

    def _start_read(self) -> None:
        wanted, self._wanted = self._wanted, {}
        record = self._cached_record() if self._keep else None
        self._reading, self._base = self._token, self.register_query
        self._read(self._token, copy.copy(self.register_query), record, wanted.get("sort"),
                   wanted.get("descending"), wanted.get("filter"))

    def _read_ended(self) -> None:
        """A read answered: the merged request that came meanwhile, if any, reads now."""
        self._reading = None
        if self._token != self._shown_token:
            self._keep = self._keep if self._wanted else True
            self._start_read()

    def requested_query(self) -> RegisterQuery:
        """The view last asked for (its sort, order and filter), even while its rows are still being read: what an
        export writes."""
        if not self._asked or self._asked_of is not self.register_query:
            return self.register_query
        query = copy.copy(self.register_query)
        query.set(**self._asked)
        return query

    def _cached_record(self) -> str | None:
        """The cursor's record, if its page is at hand (no reading on the event loop)."""
        rows = self._pages.get(self.cursor // PAGE)
        offset = self.cursor % PAGE
        return str(rows[offset][-1]) if rows is not None and offset < len(rows) else None

    @work(thread=True, exclusive=True, group="register-reload", exit_on_error=False)
    def _read(self, token: int, query: RegisterQuery, record: str | None, sort: str | None,
              descending: bool | None, filter: str | None) -> None:
        shown_conn = query.conn
        try:
            with self._connection.use() as conn:
                query.conn = conn
                query.set(sort=sort, descending=descending, filter=filter)
                total = query.count()
                first = query.page(0, PAGE)
                index = query.index_of(record) if record is not None else None
        except Exception as e:  # a busy or vanished store: the rows shown stay, the status says why
            self.post_message(self.Unreadable(token, _("could not read the register ({e})", e=e)))
            return
        query.conn = shown_conn
        self.post_message(self.Reloaded(token, query, total, first, index))

    @on(Reloaded)
    def _reloaded(self, message: Reloaded) -> None:
        message.stop()
        if self.register_query is self._base:  # not replaced meanwhile (another register): the next read starts here
            self.register_query = message.query
            if self._asked_of is self._base:
                self._asked_of = message.query
        if message.token != self._token:
            self._read_ended()  # a newer request came meanwhile: read it, show nothing older
            return
        self._reading = None
        self._shown_token = message.token
        self._asked = {}
        self._show(message.total, message.first, message.index)
        self.post_message(self.Shown(self))
        # What waited on this request or on earlier ones merged into it runs now, in the order asked.
        done = sorted(t for t in self._then if t <= message.token)
        for t in done:
            self._then.pop(t)()

    @on(Unreadable)
    def _unreadable(self, message: Unreadable) -> None:
        message.stop()
        if message.token != self._token:
            self._read_ended()
            return
        self._reading = None
        self._shown_token = message.token
        self.app.notify(_("The register {title}: {problem}", title=_(self.register_query.register.title),
                          problem=message.problem), severity="warning")

    def on_unmount(self) -> None:
        self._connection.close()
        self._page_connection.close()

    def _measure(self) -> None:
        columns, money = self.register_query.columns, self.register_query.register.money
        timestamps = self.register_query.register.timestamps
        widths = [len(heading(c)) for c in columns]
        for row in self._pages.get(0, []):
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

    def _drawn_row(self, index: int) -> tuple[Any, ...] | None:
        """A row to draw: from a page at hand; a page not read yet is read in a worker (the line stays blank until
        it comes), so scrolling a large register never waits for the database on the event loop."""
        if not 0 <= index < self.total:
            return None
        number = index // PAGE
        rows = self._pages.get(number)
        if rows is None:
            if number not in self._pending and self._shown_token == self._token:
                self._pending.add(number)
                above = self._pages.get(number - 1)  # the page above, at hand: the next one by keyset, if it can be
                last = above[-1] if above is not None and len(above) == PAGE else None
                self._read_page(self._shown_token, number, copy.copy(self.register_query), last)
            return None
        offset = index % PAGE
        return rows[offset] if offset < len(rows) else None

    class PageRead(Message):
        """A page read in a worker, for the rows shown when it was asked for (`token`)."""

        def __init__(self, token: int, number: int, rows: list[tuple[Any, ...]] | None) -> None:
            super().__init__()
            self.token, self.number, self.rows = token, number, rows

    @work(thread=True, group="register-page", exit_on_error=False)
    def _read_page(self, token: int, number: int, query: RegisterQuery, last: tuple[Any, ...] | None) -> None:
        rows: list[tuple[Any, ...]] | None
        try:
            with self._page_connection.use() as conn:
                query.conn = conn
                rows = query.page_after(last, PAGE) if last is not None else None
                if rows is None:
                    rows = query.page(number * PAGE, PAGE)
        except Exception:  # a busy or vanished store: the line stays blank; drawing it again asks again
            rows = None
        self.post_message(self.PageRead(token, number, rows))

    @on(PageRead)
    def _page_read(self, message: PageRead) -> None:
        message.stop()
        self._pending.discard(message.number)
        if message.token != self._shown_token or message.rows is None:
            return  # rows of a view no longer shown
        self._pages[message.number] = message.rows
        if len(self._pages) > CACHED_PAGES:
            self._pages.popitem(last=False)
        self.refresh()

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
            segments.append(Segment(" " + rjust(text, width) if rtl else ljust(text, width) + " ", style))
        if rtl:  # a right-to-left reader starts at the right: the first column is drawn last
            segments.reverse()
        return Strip(segments)

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        width = self.scrollable_content_region.width  # not under the scrollbar (right to left, the first column)
        base = self.rich_style
        if y == 0:
            header_style = base + self.get_component_rich_style("register-table--header")
            columns = self.register_query.columns
            labels = [heading(name) for name in columns]
            arrow = " ▼" if self.register_query.descending else " ▲"
            marks = [arrow if name == self.register_query.sort else "" for name in columns]
            return self._crop(self._line(labels, header_style, marks), scroll_x, width, header_style)
        index = scroll_y + y - 1
        row = self._drawn_row(index)
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

        query = self.requested_query()
        self.app.push_screen(SaveAsScreen(_(query.register.title), f"{query.register.name}-{date.today()}.xlsx",
                                          lambda: register_sheet(query.register, query.all_rows())))

    def action_sort_next(self) -> None:
        columns = list(self.register_query.columns)
        current = columns.index(self.register_query.sort) if self.register_query.sort in columns else -1
        self.sort_by(columns[(current + 1) % len(columns)])

    def action_sort_reverse(self) -> None:
        self.show_top(descending=not self.register_query.descending)

    def sort_by(self, column: str) -> None:
        if column not in self.register_query.columns:
            raise ValueError(f"cannot sort on {column!r}")
        self.show_top(sort=column, descending=False)

    def show_top(self, *, sort: str | None = None, descending: bool | None = None, filter: str | None = None,
                 then: Callable[[], None] | None = None) -> None:
        """A new order, a new filter or another register: the first rows, from the first column."""
        self.cursor = 0

        def at_top() -> None:  # once the new rows are shown (the scrollable size is theirs)
            self.scroll_to(x=0, y=0, animate=False)
            if then is not None:
                then()

        self.reload(keep=False, sort=sort, descending=descending, filter=filter, then=at_top)
        self.scroll_to(x=0, y=0, animate=False)

    def set_filter(self, text: str, then: Callable[[], None] | None = None) -> None:
        # a translated status or kind finds the stored English word
        self.show_top(filter=english_word(text), then=then)

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
