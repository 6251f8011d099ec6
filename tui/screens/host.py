"""What a screen may ask of the app it runs in, typed: the screens reach the app through `host(self)` and this
protocol (tui.app.SecretariatApp implements it; tests/tui/test_host.py holds it to every member), never through
an untyped `self.app` and `# type: ignore`."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, Protocol, cast, runtime_checkable

from textual.app import App

if TYPE_CHECKING:
    from domain.application import Result, Secretariat
    from domain.commands import Command
    from projections.db import Database
    from projections.registers import Register
    from projections.runner import Registers
    from tui.i18n.settings import Settings
    from tui.widgets.fields import Reference


@runtime_checkable
class Host(Protocol):
    """The app as its screens see it: the store, the acting user, the registers and the few things a screen
    asks the app to do (run a command, open a form or a register, look records up for a picker)."""

    secretariat: Secretariat
    actor: Any  # the acting user (domain.access.User or the bootstrap's actor)
    registers: Registers
    registers_lock: threading.Lock
    reader: Database
    read_conn: Any
    shown_registers: list[Register]
    poll_seconds: float
    background_status: str
    settings: Settings  # the session's language, calendar and digits

    @property
    def policy(self) -> Any:
        """The read policy's view of the acting user (domain.readpolicy.Reader)."""
        ...

    @property
    def known_head(self) -> int:
        """The last event the app's registers were caught up with (screens reload when it moves)."""
        ...

    def run_command(self, command: type[Command], values: dict[str, Any], command_id: str,
                    reason: str) -> Result: ...

    def open_form(self, command: type[Command], values: dict[str, Any] | None = None,
                  fixed: frozenset[str] = frozenset(),
                  on_done: Callable[[Result | None], None] | None = None) -> None: ...

    def lookup(self, ref: Reference, typed: str, limit: int, scope: str = "") -> list[tuple[str, str]]: ...

    def open_register(self, name: str, words: str) -> None: ...

    def show_inbox_count(self, total: int | None) -> None: ...

    def permits(self, command: type[Command]) -> bool: ...

    def may_open(self, action: str) -> bool: ...

    def load_demo(self, progress: Callable[[int, int], None]) -> int: ...

    def show_title(self) -> None: ...

    # the Textual App's own, which screens use through the same handle
    def notify(self, message: str, *, title: str = "", severity: Any = "information", timeout: float | None = None,
               markup: bool = False) -> None: ...

    def push_screen(self, screen: Any, callback: Any = None, wait_for_dismiss: bool = False) -> Any: ...

    def pop_screen(self) -> Any: ...

    def call_from_thread(self, callback: Callable[..., Any], *args: Any, **kwargs: Any) -> Any: ...

    def run_action(self, action: Any, default_namespace: Any = None) -> Any: ...

    def save_screenshot(self, filename: str | None = None, path: str | None = None,
                        time_format: str | None = None) -> str: ...


class _InApp(Protocol):
    @property
    def app(self) -> App[Any]: ...


def host(node: _InApp) -> Host:
    """The app `node` (a screen, a widget, a command palette's provider) runs in, as the Host its screens use."""
    return cast(Host, node.app)
