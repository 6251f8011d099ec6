"""Key bindings described in the session's language: the footer and the help panel (F1, ?) show them.

Textual merges a class's BINDINGS once, when the class is defined (English: the descriptions are declared with
N_()), and each widget copies that map when it is made. `translate_bindings()` rewrites every widget class's
merged map in the session's language from the English one it keeps, so it runs at start-up, after the
language is chosen and before the app is made (SecretariatApp.__init__); running it again for another language
starts from English again. Bindings added at run time (the card's actions) are translated where added.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import Binding, BindingsMap
from textual.dom import DOMNode

from tui.i18n.bidi import visual
from tui.i18n.catalogue import _, translations
from tui.i18n.settings import current

_ENGLISH: dict[type[DOMNode], BindingsMap] = {}  # each class's merged map as declared
# the catalogue each class's merged map was translated with (another language's, or the same language's
# catalogue loaded afresh, as after a catalogue is replaced, translates it again)
_LANGUAGE: dict[type[DOMNode], object] = {}


def _subclasses(cls: type[DOMNode]) -> list[type[DOMNode]]:
    found, todo = [], [cls]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.append(sub)
            todo.append(sub)
    return found


_MADE: set[Binding] = set()  # bindings this module made (already in the session's language and drawing order)


def _in(binding: Binding) -> Binding:
    if not binding.description or binding in _MADE:  # translating twice would reorder right-to-left words back
        return binding
    # drawn by Textual as they are: right-to-left words in visual order, as every text this UI draws
    made = replace(binding, description=visual(_(binding.description)),
                   tooltip=visual(_(binding.tooltip)) if binding.tooltip else binding.tooltip)
    if made != binding:  # an unchanged one (English) stays translatable in a later session's language
        _MADE.add(made)
    return made


def translate_bindings() -> None:
    """Every widget class's bindings described in the session's language (classes imported since the last call
    too: some screens are imported when first opened; the app calls this again before it shows a screen)."""
    language = current().language
    table = None if language == "en" else translations(language)
    for cls in _subclasses(DOMNode):
        merged = cls.__dict__.get("_merged_bindings")
        if merged is None or _LANGUAGE.get(cls) is table:
            continue
        english = _ENGLISH.setdefault(cls, merged)
        # Textual keeps the merged map on the class (no public setter); each widget copies it when made
        cls._merged_bindings = BindingsMap.from_keys(
            {key: [_in(b) for b in bindings] for key, bindings in english.key_to_bindings.items()})
        _LANGUAGE[cls] = table


def translate_node(node: DOMNode) -> None:
    """A widget made before its class was translated (a screen imported when first opened, made, then pushed):
    its own copy of the bindings described in the session's language, keeping any it added itself."""
    translate_bindings()
    for bindings in node._bindings.key_to_bindings.values():
        bindings[:] = [_in(b) for b in bindings]
