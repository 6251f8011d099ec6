"""A paragraph of interface text drawn in visual order: wrapped to the widget's width first, then each drawn line
reordered (python-bidi) and, in a right-to-left session, right-aligned.

Reordering a whole paragraph and letting the terminal wrap it would put its end on the first line: Dari and
Pashto paragraphs (the welcome text, help) must be wrapped before they are reordered, which only the widget
that knows its width can do."""

from __future__ import annotations

import textwrap
from typing import Any

from rich.text import Text
from textual.widgets import Static

from tui.i18n.bidi import fitted, has_rtl, rjust, visual
from tui.i18n.settings import current


def drawn_lines(text: str, width: int, rtl: bool) -> list[str]:
    """The lines of `text` as a terminal of `width` cells must draw them."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(textwrap.wrap(paragraph, width) or [""])
    if not rtl:
        return [visual(line) for line in lines]
    return [rjust(visual(line, rtl=True), width) for line in lines]


class Paragraph(Static):
    """Static text that wraps itself before reordering (see the module's docstring); shown literally. Every line of
    interface text a screen shows (a title, a hint, a result) is one: a right-to-left session then reads each at the
    right edge, from the right, on every screen alike."""

    def __init__(self, text: str = "", *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.text = text

    def update(self, content: Any = "", *, layout: bool = True) -> None:
        """Show `content` (its words: a rich Text's style is the widget's, from the CSS)."""
        self.text = content.plain if isinstance(content, Text) else str(content)
        self.refresh(layout=True)

    def render(self) -> Text:
        width = max(self.content_size.width, 10)  # less the padding: a line fills the room it is drawn in
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


class Body(Static):
    """A styled body of lines (an event's fields, a verification's result): drawn as given left to right; right to
    left, each line wrapped to the widget's width, put into drawing order and held against the right edge, a line
    keeping the style its start has (a bold heading stays bold, a broken chain stays red)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.body = Text()

    def update(self, content: Any = "", *, layout: bool = True) -> None:
        self.body = content if isinstance(content, Text) else Text(str(content))
        self.refresh(layout=True)

    def render(self) -> Text:
        if not current().rtl:
            return self.body
        width = max(self.content_size.width, 10)
        drawn = Text()
        for line in self.body.split("\n", allow_blank=True):
            leading = [span.style for span in line.spans if span.start == 0]
            for part in drawn_lines(line.plain.strip(), width, rtl=True):
                drawn.append(part + "\n", style=leading[0] if leading else line.style)
        drawn.rstrip()
        return drawn


class Lines(Static):
    """Lines already in drawing order (a table's rows as text), each with its style, held against the edge where
    the session's reading starts: wider than the widget, a line loses its far end (left to right, its right part;
    right to left, its left part), never its start."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.lines: list[tuple[str, str]] = []

    def show(self, lines: list[tuple[str, str]]) -> None:
        self.lines = lines
        self.refresh(layout=True)

    def render(self) -> Text:
        width, rtl = max(self.content_size.width, 10), current().rtl
        drawn = Text(no_wrap=True, overflow="crop")
        for n, (line, style) in enumerate(self.lines):
            shown = (line[-width:] if len(line) > width else rjust(line, width)) if rtl else line[:width]
            drawn.append(("\n" if n else "") + shown, style=style)
        return drawn
