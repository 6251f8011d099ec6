"""Key descriptions follow the session's catalogue, not only its language: a catalogue read again (another set of
translations for the same language) translates the footer again, and translating a widget made earlier never
changes its class's English descriptions (found when a Russian session after a test's small Russian catalogue
showed 'Open', 'Sort', 'New' in English)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from textual.binding import Binding, BindingType
from textual.widget import Widget

from tui.i18n import catalogue
from tui.i18n.bindings import translate_bindings, translate_node
from tui.i18n.catalogue import N_
from tui.i18n.settings import Settings, use


class _Keys(Widget):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("q", "quit", N_("Quit"))]


def _catalogue(root: Path, quit_word: str) -> Path:
    po = Catalog(locale="ru", domain=catalogue.DOMAIN)
    po.add("Quit", quit_word)
    path = root / "locale" / "ru" / "LC_MESSAGES" / f"{catalogue.DOMAIN}.po"
    path.parent.mkdir(parents=True)
    with path.open("wb") as f:
        write_po(f, po)
    return root / "locale"


@pytest.fixture
def restored(monkeypatch: pytest.MonkeyPatch) -> Iterator[pytest.MonkeyPatch]:
    yield monkeypatch
    monkeypatch.undo()
    use(Settings())
    catalogue.translations.cache_clear()
    translate_bindings()


def _described() -> str:
    merged = _Keys._merged_bindings
    assert merged is not None
    return merged.key_to_bindings["q"][0].description


def test_a_catalogue_read_again_translates_the_keys_again(tmp_path: Path, restored: pytest.MonkeyPatch) -> None:
    restored.setattr(catalogue, "LOCALE_DIR", _catalogue(tmp_path / "a", "Выход"))
    catalogue.translations.cache_clear()
    use(Settings(language="ru"))
    translate_bindings()
    assert _described() == "Выход"
    restored.setattr(catalogue, "LOCALE_DIR", _catalogue(tmp_path / "b", "Выйти"))  # same language, new words
    catalogue.translations.cache_clear()
    translate_bindings()
    assert _described() == "Выйти"


def test_translating_a_widget_leaves_its_class_english(tmp_path: Path, restored: pytest.MonkeyPatch) -> None:
    use(Settings())
    translate_bindings()
    made_in_english = _Keys()  # a widget made before the session's language was chosen
    restored.setattr(catalogue, "LOCALE_DIR", _catalogue(tmp_path, "Выход"))
    catalogue.translations.cache_clear()
    use(Settings(language="ru"))
    translate_node(made_in_english)
    assert made_in_english._bindings.key_to_bindings["q"][0].description == "Выход"
    use(Settings())
    translate_bindings()
    assert _described() == "Quit"  # English again: the class's declared words were not overwritten
