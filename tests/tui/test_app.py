"""The app opens on a store with a header naming the store, the acting user and their roles, and quits on q."""

from __future__ import annotations

from typing import Any

import pytest

from tests.tui.support import small_organisation
from tui.app import SecretariatApp
from tui.screens.host import Host


async def test_header_names_store_user_and_role_and_q_quits(app: Any) -> None:
    small_organisation(app)
    ui = SecretariatApp(app, "clerk")
    async with ui.run_test(size=(80, 24)) as pilot:
        assert ui.sub_title == f"{app.store_config.display} · clerk (clerk)"
        await pilot.press("q")
    assert ui.return_code == 0


def _crash_on_refresh(ui: SecretariatApp, monkeypatch: pytest.MonkeyPatch) -> None:
    def crash() -> None:
        raise RuntimeError("disk on fire\nsecond line")

    monkeypatch.setattr(ui, "action_refresh", crash)


async def _press_refresh(pilot: Any) -> None:
    await pilot.press("f5")


def test_an_unexpected_error_ends_with_one_line_not_a_traceback(app: Any, monkeypatch: pytest.MonkeyPatch,
                                                                  capfd: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("SECRETARIAT_DEBUG", raising=False)
    small_organisation(app)
    ui = SecretariatApp(app, "admin")
    _crash_on_refresh(ui, monkeypatch)
    ui.run(headless=True, size=(80, 24), auto_pilot=_press_refresh)
    out, err = capfd.readouterr()
    assert ui.return_code == 1
    assert ui.unexpected_error() == ("secretariat: unexpected RuntimeError: disk on fire "
                                     "(set SECRETARIAT_DEBUG=1 for details)")
    assert "Traceback" not in out + err and "disk on fire" not in out + err  # the command line says it once


def test_with_debug_set_the_traceback_is_shown_as_textual_prints_it(app: Any, monkeypatch: pytest.MonkeyPatch,
                                                                     capfd: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SECRETARIAT_DEBUG", "1")
    small_organisation(app)
    ui = SecretariatApp(app, "admin")
    _crash_on_refresh(ui, monkeypatch)
    ui.run(headless=True, size=(80, 24), auto_pilot=_press_refresh)
    _, err = capfd.readouterr()
    assert ui.return_code == 1 and ui.unexpected_error() is None
    assert "disk on fire" in err


def test_a_quiet_end_says_nothing(app: Any) -> None:
    small_organisation(app)
    ui = SecretariatApp(app, "clerk")

    async def quit_(pilot: Any) -> None:
        await pilot.press("q")

    ui.run(headless=True, size=(80, 24), auto_pilot=quit_)
    assert ui.return_code == 0 and ui.unexpected_error() is None


def test_the_app_is_the_host_its_screens_ask(app: Any) -> None:
    """Every member of tui.screens.host.Host exists on the app (screens reach the app only through it)."""
    small_organisation(app)
    ui = SecretariatApp(app, "clerk")
    assert isinstance(ui, Host)
    members = set(Host.__annotations__) | {name for name in vars(Host) if not name.startswith("_")}
    assert {"secretariat", "policy", "known_head", "run_command", "open_form", "lookup"} <= members
    assert [name for name in sorted(members) if not hasattr(ui, name)] == []
