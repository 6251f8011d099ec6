"""The message catalogue: the template is current with the sources and registries, every language's catalogue
has every key, translated, with the source's placeholders; translation works and falls back to English."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from domain.errors import Message, Refused
from tui.i18n import catalogue
from tui.i18n.messages import POT, declared, placeholders, pot_bytes, problems, template
from tui.i18n.settings import LANGUAGES, Settings, use

TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]


@pytest.fixture(scope="module")
def extracted() -> Catalog:
    return template()


@pytest.fixture(autouse=True)
def english_afterwards():
    yield
    use(Settings())
    catalogue.translations.cache_clear()


def test_the_template_is_current(extracted: Catalog) -> None:
    """A marked literal or a declared text missing from secretariat.pot (run `make messages`) fails here."""
    assert POT.read_bytes() == pot_bytes(extracted), "tui/locale/secretariat.pot is stale: run `make messages`"


def test_declared_texts_are_in_the_template(extracted: Catalog) -> None:
    texts = list(declared())
    assert any(where.startswith("command ") for _, where in texts)
    assert any(where.startswith("register ") for _, where in texts)
    missing = [(text, where) for text, where in texts if extracted.get(text) is None]
    assert not missing


def test_refusal_templates_are_extracted(extracted: Catalog) -> None:
    # one of each kind: a require(), a raise Refused(), a Message from `allows`, an outcome
    for text in ("{label} was closed on {closed_on}", "unknown command {name!r}", "appeal {number} is already closed",
                 "{day} declared a holiday"):
        assert extracted.get(text) is not None, text


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_catalogue_has_every_key(language: str, extracted: Catalog) -> None:
    missing = [p for p in problems(language, extracted) if p.startswith("missing")]
    assert not missing, f"{language}: {len(missing)} keys missing (run `make messages`): {missing[:5]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_catalogue_is_translated_with_the_same_placeholders(language: str, extracted: Catalog) -> None:
    found = problems(language, extracted)
    assert not found, f"{language}: {len(found)} problems, e.g. {found[:10]}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_no_translation_brings_control_characters_its_source_lacks(language: str) -> None:
    """A tab or other control character typed into a translation is drawn (a Dari count once read 'P<tab>۱ سطر');
    only what the English source has (a newline) may be in it. Bidi marks are format characters, not these."""
    import unicodedata

    def controls(text: str) -> set[str]:
        return {ch for ch in text if unicodedata.category(ch) == "Cc"}

    with catalogue.catalogue_path(language, "po").open("rb") as f:
        translations = read_po(f, locale=language)
    found = []
    for m in translations:
        if not m.id:  # the header
            continue
        sources = m.id if isinstance(m.id, tuple) else (m.id,)
        for text in m.string if isinstance(m.string, tuple) else (m.string,):
            if text and controls(text) - set().union(*(controls(s) for s in sources)):
                found.append((m.id, text))
    assert not found, found[:5]


def test_the_completeness_check_finds_what_translators_must_fix(tmp_path: Path, extracted: Catalog,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """The check itself (not xfail): an untranslated, a fuzzy and a placeholder-changing entry, a missing key."""
    from tui.i18n import messages

    source = Catalog(locale="ru", domain="secretariat", fuzzy=False)
    source.add("Registers")
    source.add("Inbox")
    source.add("letter {number} is closed")
    source.add("Reports")
    source.add("Saved {path}")
    catalog = Catalog(locale="ru", domain="secretariat", fuzzy=False)
    catalog.add("Registers", "")
    catalog.add("Inbox", "Входящие", flags=("fuzzy",))
    catalog.add("letter {number} is closed", "письмо {nomer} закрыто")
    catalog.add("Saved {path}", "Сохранено: {path}")
    po = tmp_path / "ru" / "LC_MESSAGES" / "secretariat.po"
    po.parent.mkdir(parents=True)
    with po.open("wb") as f:
        write_po(f, catalog)
    monkeypatch.setattr(messages, "catalogue_path", lambda language, suffix: tmp_path / language / "LC_MESSAGES"
                        / f"secretariat.{suffix}")
    found = problems("ru", source)
    assert sorted(p.split(":")[0] for p in found) == ["fuzzy", "missing", "placeholders differ", "untranslated"]


def test_placeholders_are_compared_with_conversions_and_formats() -> None:
    assert placeholders("{n:,} rows of {title!r}, {{literal}}") == {"n:,", "title!r"}


def _install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, entries: dict[str, str], fuzzy: set[str] = frozenset()
             ) -> Path:
    catalog = Catalog(locale="ru", domain="secretariat", fuzzy=False)
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr, flags=("fuzzy",) if msgid in fuzzy else ())
    po = tmp_path / "ru" / "LC_MESSAGES" / "secretariat.po"
    po.parent.mkdir(parents=True)
    with po.open("wb") as f:
        write_po(f, catalog)
    monkeypatch.setattr(catalogue, "LOCALE_DIR", tmp_path)
    catalogue.translations.cache_clear()
    use(Settings(language="ru"))
    return po


def test_a_po_without_mo_is_compiled_in_memory(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    po = _install(tmp_path, monkeypatch, {"Registers": "Реестры", "Inbox": "Входящие"}, fuzzy={"Inbox"})
    assert not po.with_suffix(".mo").exists()
    assert catalogue._("Registers") == "Реестры"
    assert catalogue._("Inbox") == "Inbox"  # fuzzy: English until reviewed
    assert catalogue._("Not in the catalogue") == "Not in the catalogue"


def test_a_stale_mo_gives_way_to_its_po(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from babel.messages.mofile import write_mo

    po = _install(tmp_path, monkeypatch, {"Registers": "Реестры"})
    old = Catalog(locale="ru", domain="secretariat")
    old.add("Registers", "Старое")
    mo = po.with_suffix(".mo")
    with mo.open("wb") as f:
        write_mo(f, old)
    os.utime(mo, (po.stat().st_mtime - 10, po.stat().st_mtime - 10))
    assert catalogue._("Registers") == "Реестры"
    os.utime(mo, (po.stat().st_mtime + 10, po.stat().st_mtime + 10))
    catalogue.translations.cache_clear()
    assert catalogue._("Registers") == "Старое"


def test_a_refusal_is_translated_whole_and_its_data_stays_literal(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    _install(tmp_path, monkeypatch, {"letter {number} is closed": "письмо {number} закрыто",
                                     "Refused: {e}": "Отказано: {e}"})
    refusal = Refused("letter {number} is closed", number="[b]INC-1{x}[/b]")
    assert str(refusal) == "letter [b]INC-1{x}[/b] is closed"  # English, as before
    assert catalogue.say(refusal) == "письмо [b]INC-1{x}[/b] закрыто"
    assert catalogue._("Refused: {e}", e=refusal) == "Отказано: письмо [b]INC-1{x}[/b] закрыто"
    assert catalogue.say(Message("letter {number} is closed", number=7)) == "письмо 7 закрыто"


def test_a_translation_with_broken_placeholders_falls_back_to_english(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    _install(tmp_path, monkeypatch, {"letter {number} is closed": "письмо {nomer} закрыто"})
    assert catalogue.say(Refused("letter {number} is closed", number=5)) == "letter 5 is closed"


def test_plural_forms_follow_the_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = Catalog(locale="ru", domain="secretariat", fuzzy=False)
    catalog.add(("{n:,} row", "{n:,} rows"), ("{n:,} строка", "{n:,} строки", "{n:,} строк"))
    po = tmp_path / "ru" / "LC_MESSAGES" / "secretariat.po"
    po.parent.mkdir(parents=True)
    with po.open("wb") as f:
        write_po(f, catalog)
    monkeypatch.setattr(catalogue, "LOCALE_DIR", tmp_path)
    catalogue.translations.cache_clear()
    use(Settings(language="ru"))
    shown = [catalogue.ngettext("{n:,} row", "{n:,} rows", n, n=n) for n in (1, 3, 5, 21)]
    assert shown == ["1 строка", "3 строки", "5 строк", "21 строка"]


def test_english_is_the_source_unchanged() -> None:
    use(Settings(language="en"))
    assert catalogue._("Registers") == "Registers"
    assert catalogue._("due {due}", due="2026-01-01") == "due 2026-01-01"
    assert catalogue.ngettext("{n:,} row", "{n:,} rows", 1, n=1) == "1 row"
    assert catalogue.say(Refused("unknown command {name!r}", name="x")) == "unknown command 'x'"


def test_the_shipped_catalogues_parse_and_compile(tmp_path: Path) -> None:
    """What `make` does at installation (`python -m tui.i18n.compile`): every .po compiles to a catalogue that
    gettext reads back with its translations."""
    import gettext

    for language in LANGUAGES:
        po = catalogue.catalogue_path(language, "po")
        with po.open("rb") as f:
            catalog = read_po(f, locale=language)
        translated = next((m for m in catalog if m.id and isinstance(m.id, str) and m.string), None)
        mo = tmp_path / f"{language}.mo"
        mo.write_bytes(catalogue.compiled(po, language))
        with mo.open("rb") as f:
            read = gettext.GNUTranslations(f)
        if translated is not None:  # English is the source: its msgstr stay empty
            assert read.gettext(str(translated.id)) == translated.string


def test_the_makefile_compiles_catalogues_at_installation() -> None:
    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    assert "python -m tui.i18n.compile" in makefile and "messages:" in makefile
