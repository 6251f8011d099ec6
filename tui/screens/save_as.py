"""The small "save as" modal behind the `e` key of a register view and of the reports screen: a file name
(its suffix .csv, .xlsx or .json chooses the format), Enter writes what the user sees now (the register's
filter and sort, or the report shown) through `tui.export_files`, Esc closes. A name that cannot be written
(an existing file, a folder, a missing folder, an unknown suffix) is said in the modal, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input

from domain.errors import SecretariatError
from tui.export_files import Sheet, format_of, write_sheet
from tui.i18n.catalogue import N_, _, ngettext, say
from tui.i18n.formats import figure
from tui.keys import KEYS
from tui.widgets.paragraph import Paragraph


class SaveAsScreen(ModalScreen[str | None]):
    """Ask for a file name and write `sheet()` there; dismissed with the message said, None when closed."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss(None)", N_("Close"), priority=True), KEYS]
    DEFAULT_CSS = """
    SaveAsScreen { align: center middle; }
    SaveAsScreen > Vertical { width: 80; max-width: 100%; height: auto; border: thick $primary;
        background: $surface; padding: 0 1; }
    SaveAsScreen .title { text-style: bold; }
    SaveAsScreen #save-as-error { color: $error; height: auto; }
    """

    def __init__(self, title: str, default: str, sheet: Callable[[], Sheet]) -> None:
        super().__init__()
        self.title_text = title
        self.default = default
        self.sheet = sheet

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Paragraph(_("Export {title_text}", title_text=self.title_text), classes="title")
            yield Paragraph(_("File name (.xlsx, .csv or .json); Enter writes, Esc closes"))
            yield Input(value=self.default, id="save-as-file")
            yield Paragraph(id="save-as-error")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#save-as-file", Input).focus()

    @on(Input.Submitted, "#save-as-file")
    def _write(self, event: Input.Submitted) -> None:
        error = self.query_one("#save-as-error", Paragraph)
        out = Path(event.value.strip()).expanduser()
        try:
            if not event.value.strip():
                raise SecretariatError("name the file to write")
            fmt = format_of(out, None)
            sheet = self.sheet()
            n = write_sheet(sheet, out, fmt)
        except SecretariatError as e:
            error.update(Text(say(e)))
            return
        message = ngettext("{n:,} row of {title} written to {out}", "{n:,} rows of {title} written to {out}", n,
                           n=figure(n), title=_(sheet.title), out=out)
        self.app.notify(message)
        self.dismiss(message)
