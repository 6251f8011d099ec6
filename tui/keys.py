"""The keys panel's own key, on every screen: F1 or `?` shows the keys of the screen in front and what each
does in words (Textual's HelpPanel lists each active binding with its description and tooltip), and hides it
again. The app binds it for its full screens; a modal screen cuts the app's bindings off, so each carries
KEYS in its own BINDINGS. In a text field `?` is a character typed (the field consumes it); F1 still works."""

from __future__ import annotations

from textual.binding import Binding

from tui.i18n.catalogue import N_

KEYS = Binding("f1,question_mark", "app.toggle_keys", N_("Keys"), tooltip=N_("show or hide this panel of keys"))
