"""Printing from a record's card: the file name to write the record's document to (a PDF), then the result in
words; the document is read under the acting user's read policy, as on the command line."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input

from domain.errors import SecretariatError, StoreError
from tui.i18n.catalogue import N_, _
from tui.keys import KEYS
from tui.paper.printing import print_document
from tui.screens.host import host
from tui.widgets.paragraph import Paragraph

CSS = """
PrintScreen { align: center middle; }
PrintScreen > Vertical { width: 80; max-width: 100%; height: auto; border: thick $primary; background: $surface;
                         padding: 0 1; }
PrintScreen .title { text-style: bold; }
"""


def _safe_name(number: str) -> str:
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in number)


class PrintScreen(ModalScreen[Path | None]):
    """Asks for the PDF's file name; Enter (or ctrl+s) writes it; Esc closes."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+s", "write", N_("Print"), priority=True),
                                             Binding("escape", "dismiss", N_("Close"), priority=True), KEYS]
    DEFAULT_CSS = CSS

    def __init__(self, kind: str, number: str) -> None:
        super().__init__()
        self.kind, self.number = kind, number

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Paragraph(_("Print the {kind} {number} to a PDF", kind=_(self.kind), number=self.number),
                            classes="title")
            yield Paragraph(_("New file to write"))
            yield Input(value=f"{self.kind}-{_safe_name(self.number)}.pdf", id="print-out")
            yield Paragraph(_("Enter prints · Esc closes"))
            yield Paragraph(id="print-result")
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_write()

    def action_write(self) -> None:
        app = host(self)
        result = self.query_one("#print-result", Paragraph)
        out = self.query_one("#print-out", Input).value.strip()
        if not out:
            result.update(_("Name a new file to write the document to."))
            return
        try:
            with app.registers_lock:
                app.registers.catch_up()
                printed = print_document(app.secretariat, app.registers, app.policy, self.kind, (self.number,),
                                         Path(out).expanduser())
        except (SecretariatError, StoreError) as e:
            result.update(_("Not printed: {e}", e=e))
            return
        app.notify(printed.message())
        self.dismiss(printed.path)
