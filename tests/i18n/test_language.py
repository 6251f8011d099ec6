"""Which language a session speaks (issue 23): `--lang`, then SECRETARIAT_LANG, then the acting user's stored
language, then the process locale, else English; an unknown explicit choice refused in one sentence. The
command line's help and messages and the app's screens, footer and keys panel in that language, and the
domain's words (statuses, roles, kinds) translated where cells and cards draw them, never typed data.

The screens are checked against a small catalogue written here (the shipped ones are being translated)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po
from rich.console import Console
from textual.widgets._footer import FooterKey

from domain.access import SetPreferences
from tests.tui.support import screen_text, settled, small_organisation, wait_for
from tests.tui.test_shell import choose_register, shell
from tui.cli.main import main
from tui.i18n import catalogue
from tui.i18n.bidi import visual
from tui.i18n.language import UnknownLanguage, from_locale, known, option_value, resolve
from tui.i18n.settings import Settings, current, use
from tui.widgets.table import RegisterTable

RU = {"Quit": "Выход", "Filter": "Фильтр", "type part of any value, or words like status:open": "часть любого значения",
      "department": "управление",
      "provincial": "провинциальное", "yes": "да", "Units": "Подразделения", "kind": "вид",
      "Event-sourced back office of an election commission's secretariat. With no sub-command, opens the "
      "terminal UI.": "Бэк-офис секретариата избирательной комиссии.", "refused: {e}": "отказано: {e}",
      "no user named {name!r}": "нет пользователя {name!r}"}
FA = {"Quit": "خروج", "department": "ریاست", "Units": "واحدها", "yes": "بلی", "Filter": "فلتر"}


@pytest.fixture
def catalogues(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Small Russian and Dari catalogues in place of the shipped ones."""
    for language, entries in (("ru", RU), ("fa_AF", FA)):
        po = Catalog(locale=language, domain=catalogue.DOMAIN)
        for msgid, msgstr in entries.items():
            po.add(msgid, msgstr)
        path = tmp_path / "locale" / language / "LC_MESSAGES" / f"{catalogue.DOMAIN}.po"
        path.parent.mkdir(parents=True)
        with path.open("wb") as f:
            write_po(f, po)
    monkeypatch.setattr(catalogue, "LOCALE_DIR", tmp_path / "locale")
    catalogue.translations.cache_clear()
    catalogue._english_words.cache_clear()
    yield tmp_path / "locale"
    catalogue.translations.cache_clear()
    catalogue._english_words.cache_clear()


# ---- the order -------------------------------------------------------------------------------------------

def test_the_order_is_option_environment_stored_locale_english() -> None:
    env = {"SECRETARIAT_LANG": "az", "LANG": "ps_AF.UTF-8"}
    assert resolve("ru", "fa_AF", env) == "ru"
    assert resolve(None, "fa_AF", env) == "az"
    assert resolve(None, "fa_AF", {"LANG": "ps_AF.UTF-8"}) == "fa_AF"
    assert resolve(None, "", {"LANG": "ps_AF.UTF-8"}) == "ps"
    assert resolve(None, "", {"LANG": "de_DE.UTF-8"}) == "en"
    assert resolve(None, "", {}) == "en"
    assert resolve("", "", {"SECRETARIAT_LANG": ""}) == "en"  # empty counts as not given


@pytest.mark.parametrize(("environment", "language"), [
    ({"LANG": "fa_AF.UTF-8"}, "fa_AF"), ({"LANG": "prs_AF.UTF-8"}, "fa_AF"), ({"LANG": "prs"}, "fa_AF"),
    ({"LANG": "ps_AF"}, "ps"), ({"LANG": "ru_RU.UTF-8"}, "ru"), ({"LANG": "az_AZ.UTF-8"}, "az"),
    ({"LC_MESSAGES": "ru_RU.UTF-8", "LANG": "ps_AF"}, "ru"), ({"LC_ALL": "fa_AF", "LC_MESSAGES": "ru_RU"}, "fa_AF"),
    ({"LANGUAGE": "de:ps", "LANG": "ru_RU"}, "ps"), ({"LC_ALL": "C.UTF-8", "LANG": "ru_RU"}, None),
    ({"LANG": "C"}, None), ({"LANG": "en_GB.UTF-8"}, "en")])
def test_the_locale_names_a_language(environment: dict[str, str], language: str | None) -> None:
    assert from_locale(environment) == language


def test_an_unknown_choice_is_refused_naming_the_five_languages() -> None:
    with pytest.raises(UnknownLanguage) as refused:
        resolve("fr", "", {})
    with pytest.raises(UnknownLanguage):
        resolve(None, "", {"SECRETARIAT_LANG": "klingon"})
    text = str(refused.value)
    assert text.startswith("unknown language 'fr'; languages are ")
    assert all(f"{code} (" in text for code in ("en", "az", "ru", "fa_AF", "ps"))
    assert known("FA_af") == "fa_AF" and known("xx") is None


def test_the_option_is_read_wherever_it_stands() -> None:
    assert option_value(["status", "--lang", "ru"]) == ("ru", ["status"])
    assert option_value(["--lang=fa_AF", "show", "units"]) == ("fa_AF", ["show", "units"])
    assert option_value(["run", "x", "--", "--lang", "ru"]) == (None, ["run", "x", "--", "--lang", "ru"])


# ---- the command line ------------------------------------------------------------------------------------

def test_the_command_line_refuses_an_unknown_language_in_one_line(capsys: pytest.CaptureFixture[str],
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    assert main(["--lang", "xx", "status"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unknown language 'xx'; languages are en (English)" in err
    monkeypatch.setenv("SECRETARIAT_LANG", "de")
    assert main(["status"]) == 2
    assert "unknown language 'de'" in capsys.readouterr().err


def test_help_follows_the_option_then_the_environment_then_the_locale(
        catalogues: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    russian = "Бэк-офис секретариата избирательной комиссии."
    main(["--help"])
    assert russian not in capsys.readouterr().out
    main(["--help", "--lang", "ru"])
    assert russian in capsys.readouterr().out
    monkeypatch.setenv("LANG", "ru_RU.UTF-8")
    main(["--help"])
    assert russian in capsys.readouterr().out
    monkeypatch.setenv("SECRETARIAT_LANG", "en")
    main(["--help"])
    assert russian not in capsys.readouterr().out


def test_the_acting_users_stored_language_comes_after_the_explicit_choice(
        catalogues: Path, mapped_app: Any, store_url: str, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    mapped_app.handle(SetPreferences(user="admin", language="ru"), user="admin")
    assert main(["--store", store_url, "users", "preferences", "nobody", "--digits", "latin"]) == 1
    assert capsys.readouterr().err.strip() == "secretariat: отказано: нет пользователя 'nobody'"
    assert main(["--store", store_url, "--lang", "en", "users", "preferences", "nobody", "--digits", "latin"]) == 1
    assert capsys.readouterr().err.strip() == "secretariat: refused: no user named 'nobody'"
    monkeypatch.setenv("SECRETARIAT_LANG", "en")
    assert main(["--store", store_url, "users", "preferences", "nobody", "--digits", "latin"]) == 1
    assert "no user named 'nobody'" in capsys.readouterr().err
    monkeypatch.delenv("SECRETARIAT_LANG")
    monkeypatch.setenv("LANG", "fa_AF.UTF-8")  # the stored language comes before the locale
    assert main(["--store", store_url, "users", "preferences", "nobody", "--digits", "latin"]) == 1
    assert "нет пользователя 'nobody'" in capsys.readouterr().err


# ---- the app ---------------------------------------------------------------------------------------------

@pytest.fixture
def organisation(tmp_path: Path) -> Iterator[Any]:
    from domain.application import open_store

    app = open_store(str(tmp_path / "store.db"), create=True)
    app.bootstrap("admin")
    small_organisation(app)
    yield app
    app.close()


def _footer(ui: Any) -> str:
    return " ".join(key.description for key in ui.screen.query(FooterKey))


def _rows(ui: Any) -> str:
    table = ui.query_one(RegisterTable)
    return "\n".join(table.render_line(y).text for y in range(table.size.height))


async def _drawn(ui: Any, pilot: Any) -> tuple[str, str, str]:
    await choose_register(pilot, ui, "units")
    await wait_for(pilot, lambda: "KBL" in _rows(ui))
    rows = _rows(ui)
    await pilot.press("f1")
    await wait_for(pilot, lambda: bool(ui.screen.query("HelpPanel")))
    console = Console(width=200, record=True, file=io.StringIO())
    for widget in ui.screen.query("HelpPanel *"):
        console.print(widget.render())
    panel = console.export_text()
    return rows, _footer(ui), panel


@pytest.mark.parametrize(("language", "words"), [
    ("ru", {"title": "Подразделения", "cell": "управление", "yes": "да", "key": "Выход",
            "tip": "Фильтр часть любого значения"}),
    ("fa_AF", {"title": "واحدها", "cell": "ریاست", "yes": "بلی", "key": "خروج", "tip": "فلتر"})])
async def test_a_screen_is_drawn_in_the_sessions_language(catalogues: Path, organisation: Any, language: str,
                                                         words: dict[str, str]) -> None:
    use(Settings(language=language))
    ui = shell(organisation)
    async with ui.run_test(size=(130, 30)) as pilot:
        rows, footer, panel = await _drawn(ui, pilot)
        text = screen_text(ui)
        assert visual(words["title"]) in text  # the register's title
        assert visual(words["cell"]) in rows and visual(words["yes"]) in rows  # kind and active, translated
        assert "department" not in rows
        assert "Finance and Budget" in rows  # typed data as typed
        assert visual(words["key"]) in footer and "Quit" not in footer  # the footer's keys
        assert visual(words["tip"]) in panel  # the keys panel (F1)
    assert current().language == language


async def test_an_english_session_after_a_russian_one_is_english_again(catalogues: Path,
                                                                       organisation: Any) -> None:
    use(Settings(language="ru"))
    async with shell(organisation).run_test(size=(130, 30)):
        pass
    use(Settings(language="en"))
    ui = shell(organisation)
    async with ui.run_test(size=(130, 30)) as pilot:
        rows, footer, _panel = await _drawn(ui, pilot)
        assert "department" in rows and "Quit" in footer and "Выход" not in footer


async def test_a_translated_status_or_kind_filters_the_register(catalogues: Path, organisation: Any) -> None:
    use(Settings(language="ru"))
    ui = shell(organisation)
    async with ui.run_test(size=(130, 30)) as pilot:
        await choose_register(pilot, ui, "units")
        table = ui.query_one(RegisterTable)
        table.set_filter("управление")  # the Russian word for the stored kind 'department'
        await wait_for(pilot, lambda: "KBL" not in _rows(ui) and "FIN " in _rows(ui))
        assert "HR " in _rows(ui)
        table.set_filter("KBL")  # shown: the next filter's answer cannot be mistaken for this one's
        await wait_for(pilot, lambda: "KBL" in _rows(ui) and "FIN " not in _rows(ui))
        table.set_filter("department")  # the English word still works
        await wait_for(pilot, lambda: "KBL" not in _rows(ui) and "FIN " in _rows(ui))
        await settled(pilot)  # no read left running as the app closes


def test_only_the_domains_words_in_a_status_role_or_kind_are_translated(catalogues: Path) -> None:
    from tui.i18n.catalogue import english_word, word
    from tui.screens.card import value_text

    use(Settings(language="ru"))
    assert word("kind", "department") == "управление"
    assert word("roles", "department, provincial") == "управление, провинциальное"
    assert word("name", "department") is None  # typed data is shown as typed
    assert word("kind", "department store") is None  # not a word of the vocabulary
    assert value_text("department", field="kind") == "управление" and value_text("department") == "department"
    assert english_word(" Управление ") == "department" and english_word("управ") == "управ"
