"""Attachments from a record's card: `A` asks for the path of a file to attach (checked: a file that exists, can be
read, is not too large and is of an allowed type, or one sentence saying why not); `O` lists the record's files and
Enter opens one with the system's viewer (a copy written to a temporary file; where none exists, it says where the
copy is). The rules and the read policy are the domain's (domain/attachments.py), as on the command line."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar
from uuid import UUID

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, OptionList
from textual.widgets.option_list import Option

from domain.attachments import AttachedFile, attach, get_content
from domain.errors import SecretariatError
from domain.filetypes import ALLOWED_NAMES, MAX_BYTES, label_of
from tui.attachment_files import extract_and_open, read_file_to_attach
from tui.i18n.bidi import visual
from tui.i18n.catalogue import N_, _, say
from tui.keys import KEYS
from tui.screens.host import host
from tui.widgets.paragraph import Paragraph

CSS = """
AttachScreen, OpenAttachmentScreen { align: center middle; }
AttachScreen > Vertical, OpenAttachmentScreen > Vertical { width: 80; max-width: 100%; height: auto;
    max-height: 100%; border: thick $primary; background: $surface; padding: 0 1; }
AttachScreen .title, OpenAttachmentScreen .title { text-style: bold; }
OpenAttachmentScreen OptionList { height: auto; max-height: 12; }
"""


def file_line(f: AttachedFile) -> str:
    """One attached file in words: its name as typed, type, size, when and by whom."""
    return _("{filename}  ({kind}, {size:,} bytes, {day} {by})", filename=f.filename, kind=_(label_of(f.media_type)),
             size=f.size, day=f.attached_at.date(), by=f.attached_by)


class AttachScreen(ModalScreen[str | None]):
    """The path of a file to attach to the record; Enter attaches it, Esc closes."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", N_("Close"), priority=True), KEYS]
    DEFAULT_CSS = CSS

    def __init__(self, record_id: UUID, label: str) -> None:
        super().__init__()
        self.record_id, self.label = record_id, label

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Paragraph(_("Attach a file to {label}", label=self.label), classes="title")
            yield Paragraph(_("{allowed_names}; at most {max_bytes} MB", allowed_names=ALLOWED_NAMES,
                           max_bytes=MAX_BYTES // 1048576))
            yield Input(placeholder=visual(_("path of the file, e.g. ~/scans/letter.pdf")), id="attach-path")
            yield Paragraph(_("Enter attaches · Esc closes"))
            yield Paragraph(id="attach-result")
        yield Footer()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        app = host(self)
        result = self.query_one("#attach-result", Paragraph)
        typed = event.value.strip()
        if not typed:
            result.update(_("Type the path of the file to attach."))
            return
        path = Path(typed).expanduser()
        try:
            done = attach(app.secretariat, app.actor.name, self.record_id, self.label, read_file_to_attach(path),
                          path.name)
        except SecretariatError as e:
            result.update(Text(_("Not attached: {e}", e=e)))
            return
        app.notify(say(done.message), markup=False)
        self.dismiss(done.sha256)


class OpenAttachmentScreen(ModalScreen[None]):
    """The record's files; Enter opens the highlighted one with the system's viewer, Esc closes."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss", N_("Close"), priority=True), KEYS]
    DEFAULT_CSS = CSS

    def __init__(self, record_id: UUID, label: str, files: list[AttachedFile]) -> None:
        super().__init__()
        self.record_id, self.label, self.files = record_id, label, files

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Paragraph(_("Files attached to {label}", label=self.label), classes="title")
            yield OptionList(*[Option(Text(visual(file_line(f))), id=f.sha256) for f in self.files],
                             id="attachment-list")
            yield Paragraph(_("↑ ↓ choose · Enter opens with the system viewer · Esc closes"))
            yield Paragraph(id="open-result")
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        app = host(self)
        result = self.query_one("#open-result", Paragraph)
        try:
            attached, content = get_content(app.secretariat, app.actor.name, str(event.option.id),
                                            self.record_id)
            said = extract_and_open(content, attached.filename)
        except SecretariatError as e:
            result.update(Text(_("Not opened: {e}", e=e)))
            return
        result.update(Text(said))
        app.notify(said, markup=False)
