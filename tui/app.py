"""The Textual app: for now one screen with the store, the acting user and the store's summary.
The full shell (sidebar, registers, cards, forms) arrives with the terminal UI issue."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.widgets import Footer, Header, Static


class SecretariatApp(App[None]):
    TITLE = "Secretariat"
    BINDINGS = [("q", "quit", "Quit")]
    CSS = "#summary { padding: 1 2; }"

    def __init__(self, secretariat: Any, user: str) -> None:
        super().__init__()
        self.secretariat = secretariat
        self.actor = secretariat.actor(user)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical():
            yield Static(self._summary(), id="summary")
        yield Footer()

    def on_mount(self) -> None:
        roles = ", ".join(self.actor.roles)
        self.sub_title = f"{self.secretariat.store_config.display} · {self.actor.name} ({roles})"

    def _summary(self) -> Text:
        text = Text()
        text.append("Store: ", style="bold")
        text.append(self.secretariat.store_config.display + "\n")
        text.append("User: ", style="bold")
        text.append(f"{self.actor.name} — {', '.join(self.actor.roles)}\n")
        text.append("Events recorded: ", style="bold")
        text.append(f"{self.secretariat.head()}\n")
        return text
