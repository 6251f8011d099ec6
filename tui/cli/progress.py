"""Progress bars for the command line's long jobs (rebuild, demo, verify, checkpoint, export), drawn by
rich.progress with the count, the rate and the time left; only on a terminal: piped or redirected output
(scripts, logs, --json) gets no bars at all."""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import TracebackType
from typing import Any, TextIO

from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    Task,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from tui.i18n.catalogue import _
from tui.i18n.formats import digits, figure


class RateColumn(ProgressColumn):
    """Events a second, as measured by rich over the last updates, in the reader's language and digits."""

    def render(self, task: Task) -> Text:
        return Text(_("{rate:,.0f} events/s", rate=task.speed) if task.speed else "", style="progress.data.speed")


class CountColumn(ProgressColumn):
    """'1200/5000': done of all, in the reader's digits."""

    def render(self, task: Task) -> Text:
        total = str(figure(int(task.total))) if task.total is not None else "?"
        return Text(f"{figure(int(task.completed))}/{total}", style="progress.download")


class TimeLeftColumn(TimeRemainingColumn):
    """The time left ('0:00:12'), in the reader's digits."""

    def render(self, task: Task) -> Text:
        shown = super().render(task)
        return Text(digits(shown.plain), style=shown.style)


class Bars:
    """A context holding the bars of one job; `counter(label)` and `registers` are the callbacks the jobs take
    (None when the stream is not a terminal, so the job does no drawing work at all)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        stream = stream or sys.stderr
        self.shown = bool(getattr(stream, "isatty", lambda: False)())
        self.progress = Progress(
            TextColumn("{task.description}", markup=False), BarColumn(), CountColumn(), RateColumn(),
            TimeLeftColumn(), console=Console(file=stream, force_terminal=self.shown or None))
        self.tasks: dict[str, TaskID] = {}

    def __enter__(self) -> Bars:
        if self.shown:
            self.progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        if self.shown:
            self.progress.stop()

    def _update(self, label: str, done: int, total: int) -> None:
        task = self.tasks.get(label)
        if task is None:
            task = self.tasks[label] = self.progress.add_task(label, total=max(total, 1))
        self.progress.update(task, completed=done, total=max(total, 1))

    def counter(self, label: str) -> Callable[[int, int], None] | None:
        """A (done, total) callback drawing one bar named `label`."""
        if not self.shown:
            return None
        return lambda done, total: self._update(label, done, total)

    @property
    def registers(self) -> Callable[[Any], None] | None:
        """A callback for a rebuild's progress: one bar per register, named with its phase."""
        if not self.shown:
            return None

        def show(p: Any) -> None:
            self._update(p.register, p.done, p.total)
            phase = _(p.phase.replace("-", " "))  # the phases' words as the registers screen declares them
            self.progress.update(self.tasks[p.register], description=f"{p.register} ({phase})")
        return show
