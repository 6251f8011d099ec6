"""Attachments in the UI and on the command line: from a letter's card, `A`, a path, Enter attaches the file (a
bad path is refused in one sentence and records nothing); the card lists the files by name as typed and `O`,
Enter opens one (with no viewer on the machine it says where the copy was written). `secretariat attach`,
`attachments` and `attachment-get`, and a clerk without clearance who can neither list nor get a confidential
letter's scan."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from domain.access import SetClearance
from domain.attachments import attach
from domain.correspondence import ReceiveDocument, document_id
from tests.identity import act_as
from tests.tui.support import screen_text, small_organisation, wait_for
from tui.cli.main import main
from tui.i18n.bidi import visual

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
ODD_NAME = "[b]scan[i] ورود.pdf"  # shown as typed, never as markup


def _letter(app: Any, **extra: Any) -> str:
    fields = {"received_on": date(2026, 2, 2), "sender": "Ministry", "subject": "Ballots", **extra}
    return app.handle(ReceiveDocument(**fields), user="admin").message.split()[0]


async def test_the_card_attaches_lists_and_opens_files(app: Any, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.widgets import Input, OptionList

    from tests.tui.test_shell import shell
    from tui.screens.attachments import AttachScreen, OpenAttachmentScreen
    from tui.screens.card import RecordCard

    monkeypatch.setattr("tui.attachment_files.viewer", lambda: None)  # a machine without xdg-open
    extracted = tmp_path / "extracted"
    extracted.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(extracted))
    small_organisation(app)
    number = _letter(app)
    scan = tmp_path / ODD_NAME
    scan.write_bytes(PDF)
    (tmp_path / "photo.pdf").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(30))
    ui = shell(app, "clerk")
    async with ui.run_test(size=(80, 24)) as pilot:
        ui.push_screen(RecordCard(str(document_id(number))))
        await wait_for(pilot, lambda: "[A] Attach a file" in screen_text(ui))
        assert "[O]" not in screen_text(ui)  # nothing to open yet
        await pilot.press("A")
        await wait_for(pilot, lambda: isinstance(ui.screen, AttachScreen))
        head = app.head()
        for typed, words in ((str(tmp_path / "missing.pdf"), "there is no file"),
                             (str(tmp_path), "is a folder"),
                             (str(tmp_path / "photo.pdf"), "holds a PNG image, but its name ends .pdf")):
            ui.screen.query_one("#attach-path", Input).value = typed
            await pilot.press("enter")
            await wait_for(pilot, lambda w=words: w in screen_text(ui))
            assert isinstance(ui.screen, AttachScreen) and app.head() == head  # nothing recorded
        ui.screen.query_one("#attach-path", Input).value = str(scan)
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(ui.screen, RecordCard) and "[O] Open a file" in screen_text(ui))
        # literally (no markup), the Arabic-script part drawn in visual order as every right-to-left text is
        assert visual(ODD_NAME) in screen_text(ui) and "PDF document" in screen_text(ui)
        await pilot.press("O")
        await wait_for(pilot, lambda: isinstance(ui.screen, OpenAttachmentScreen))
        ui.screen.query_one(OptionList).highlighted = 0
        await pilot.press("enter")
        await wait_for(pilot, lambda: "was written to" in screen_text(ui))
        [written] = extracted.glob("secretariat-attachment-*/*")
        assert written.read_bytes() == PDF and written.name == ODD_NAME and written.stat().st_mode & 0o777 == 0o600
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(ui.screen, RecordCard))
        for n in range(3):  # the card lists three, and says how many more `O` lists
            attach(app, "clerk", document_id(number), number, f"note {n}\n".encode(), f"note{n}.txt")
        ui.screen.load()
        await wait_for(pilot, lambda: "Attachments (4)" in screen_text(ui) and "and 1 more" in screen_text(ui))


async def test_an_auditor_is_offered_no_attaching(app: Any) -> None:
    from tests.tui.test_shell import shell
    from tui.screens.card import RecordCard

    small_organisation(app)
    number = _letter(app)
    ui = shell(app, "audra")
    async with ui.run_test(size=(80, 24)) as pilot:
        ui.push_screen(RecordCard(str(document_id(number))))
        await wait_for(pilot, lambda: number in screen_text(ui))
        assert "Attach" not in screen_text(ui)


def _cli(capsys: pytest.CaptureFixture[str], url: str, *argv: str) -> tuple[int, str, str]:
    code = main(["--store", url, *argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_the_command_line_attaches_lists_and_gets(mapped_app: Any, store_url: str, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    small_organisation(mapped_app)
    number = _letter(mapped_app)
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(PDF)
    code, out, err = _cli(capsys, store_url, "attach", number, str(scan))
    assert code == 0 and "scan.pdf attached (application/pdf" in out, err
    head = mapped_app.head()
    for argv, status, words in (
        (("attach", number, str(scan)), 1, "scan.pdf is already attached to"),
        (("attach", number, str(tmp_path / "none.pdf")), 2, "there is no file"),
        (("attach", number, str(tmp_path)), 2, "is a folder"),
        (("attach", number, "/dev/zero"), 2, "not a regular file"),
        (("attach", "INC-1999-99999", str(scan)), 1, "no record"),
    ):
        code, out, err = _cli(capsys, store_url, *argv)
        assert code == status and words in err and err.count("\n") == 1, (argv, err)
    assert mapped_app.head() == head  # nothing recorded
    code, out, _ = _cli(capsys, store_url, "attachments", number, "--json")
    [listed] = [json.loads(line) for line in out.splitlines()]
    assert listed["filename"] == "scan.pdf" and listed["size"] == len(PDF)
    got = tmp_path / "got.pdf"
    code, out, err = _cli(capsys, store_url, "attachment-get", listed["sha256"], "--out", str(got))
    assert code == 0 and got.read_bytes() == PDF and got.stat().st_mode & 0o777 == 0o600
    code, _, err = _cli(capsys, store_url, "attachment-get", listed["sha256"], "--out", str(got))
    assert code == 2 and "already exists" in err
    code, _, err = _cli(capsys, store_url, "attachment-get", "nothex", "--out", str(tmp_path / "x"))
    assert code == 1 and "not a sha256" in err
    # the administrator names a folder for new contents, and goes back to the store's table
    code, _, err = _cli(capsys, store_url, "attachment-folder", "relative/blobs")
    assert code == 1 and "absolute path" in err
    (tmp_path / "blobs").mkdir()
    code, out, err = _cli(capsys, store_url, "attachment-folder", str(tmp_path / "blobs"))
    assert code == 0 and "stored in the folder" in out, err
    note = tmp_path / "note.txt"
    note.write_text("kept in the folder\n")
    code, out, err = _cli(capsys, store_url, "attach", number, str(note))
    assert code == 0, err
    assert [p.read_text() for p in (tmp_path / "blobs").glob("*/*")] == ["kept in the folder\n"]
    code, out, _ = _cli(capsys, store_url, "attachment-folder", "--in-store")
    assert code == 0 and "the store itself" in out
    code, out, err = _cli(capsys, store_url, "verify")
    assert code == 0 and "attachments matching their hashes: 2" in out, err


def test_a_clerk_without_clearance_cannot_list_or_get_a_confidential_letters_scan(
        mapped_app: Any, store_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    small_organisation(mapped_app)
    mapped_app.handle(SetClearance(user="admin", clearance="confidential"), user="admin")
    secret = _letter(mapped_app, classification="confidential", subject="")
    scan = tmp_path / "sealed.pdf"
    scan.write_bytes(PDF)
    code, out, err = _cli(capsys, store_url, "attach", secret, str(scan))
    assert code == 0, err
    sha = out.split("sha256 ")[1].split(")")[0]
    act_as(store_url, "clerk")
    code, out, err = _cli(capsys, store_url, "attachments", secret)
    assert code == 1 and "confidential" in err and "sealed.pdf" not in out + err
    code, out, err = _cli(capsys, store_url, "attachment-get", sha, "--out", str(tmp_path / "leak.pdf"))
    assert code == 1 and "may not read" in err and not (tmp_path / "leak.pdf").exists()
    act_as(store_url, "admin")
    code, out, _ = _cli(capsys, store_url, "attachments", secret)
    assert code == 0 and "sealed.pdf" in out
