"""A paragraph of interface text drawn in visual order: wrapped to the widget's width first, then each drawn line
reordered (python-bidi) and, in a right-to-left session, right-aligned.

Reordering a whole paragraph and letting the terminal wrap it would put its end on the first line: Dari and
Pashto paragraphs (the welcome text, help) must be wrapped before they are reordered, which only the widget
that knows its width can do."""

from __future__ import annotations

import textwrap

from rich.text import Text
from textual.widgets import Static

from tui.i18n.bidi import fitted, has_rtl, visual
from tui.i18n.settings import current


def drawn_lines(text: str, width: int, rtl: bool) -> list[str]:
    """The lines of `text` as a terminal of `width` cells must draw them."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(textwrap.wrap(paragraph, width) or [""])
    if not rtl:
        return [visual(line) for line in lines]
    return [visual(line, rtl=True).rjust(width) for line in lines]


class Paragraph(Static):
    """Static text that wraps itself before reordering (see the module's docstring); shown literally."""

    def __init__(self, text: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = text

    def render(self) -> Text:
        width = max(self.size.width, 10)
        rtl = current().rtl
        if not rtl and not has_rtl(self.text):
            return Text(self.text)
        return Text("\n".join(drawn_lines(self.text, width, rtl)))


class Line(Static):
    """One line of interface text drawn in visual order and cut to the widget's width where reading stops: in a
    right-to-left session the cut falls at the left end, where a terminal widget would cut the line's start."""

    def __init__(self, text: str = "", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.text = text

    def show(self, text: str) -> None:
        self.text = text
        self.refresh()

    def render(self) -> Text:
        if not current().rtl:
            return Text(visual(self.text))
        return Text(fitted(self.text, self.content_size.width))
