"""Printed documents (`secretariat print`, the card's `P`): each kind is written from the demo history, opened
again and its text read (a name typed in Dari and one in Azerbaijani and Cyrillic come back as typed); every
PDF names its registers, records and store position; a document shows only what its reader may read (a
confidential letter, another office's letters); bad input writes nothing; a badge's signed code checks
offline, and is revoked once the exported revocation list says so; one page is compared as an image."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from domain.application import open_store
from domain.correspondence import ReceiveDocument, document_id
from domain.stakeholders import RevokeIndividual
from projections.registers import read_register
from projections.runner import Registers
from tests.demo_store import DemoStores
from tests.identity import act_as
from tui.cli.main import main

DARI = "محمد کریمی احمدزی"
AZERI = "Məmmədov Əli Hüseyn oğlu (Мамедов Али Гусейн оглы)"
REFERENCE = Path(__file__).with_name("paper_reference") / "letter-card.png"


@dataclass
class Demo:
    url: str
    dari: str  # the numbers of the letters registered for these tests
    azeri: str
    secret: str
    rows: dict[str, list[dict[str, Any]]]


@pytest.fixture(scope="module")
def demo(demo_stores: DemoStores, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Demo]:
    """The demo history (SQLite: what is tested is the paper, read through the registers) and three letters:
    from a sender typed in Dari, one typed in Azerbaijani and Cyrillic, and a confidential one."""
    with pytest.MonkeyPatch.context() as mp:
        into = tmp_path_factory.mktemp("demo")
        url = str(demo_stores.copy(into, mapped=True))  # 'admin' is this process's account: the CLI acts as them
        mp.setenv("SECRETARIAT_HOME", str(into / "home"))
        app = open_store(url)
        registers = Registers(app)
        registers.setup()
        registers.catch_up()
        last = max(r["registered_on"] for r in read_register(registers.db, registers.conn, "correspondence"))
        on = date.fromisoformat(last)
        numbers = [app.handle(ReceiveDocument(received_on=on, sender=sender, subject=subject, **extra),
                              user="admin").message.split()[0]
                   for sender, subject, extra in ((DARI, "درخواست اعتبارنامه ناظران", {}),
                                                  (AZERI, "Müşahidəçilərin akkreditasiyası", {}),
                                                  ("Intelligence service", "Threat assessment",
                                                   {"classification": "confidential"}))]
        registers.catch_up()
        rows = {name: read_register(registers.db, registers.conn, name)
                for name in ("correspondence", "trips", "staff", "accreditations", "extracts", "orders", "sessions")}
        registers.close()
        app.close()
        yield Demo(url, *numbers, rows=rows)


def _run(capsys: pytest.CaptureFixture[str], demo: Demo, *argv: str) -> tuple[int, str, str]:
    status = main(["--store", demo.url, *argv])
    out = capsys.readouterr()
    return status, out.out, out.err


def _text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def _print(capsys: pytest.CaptureFixture[str], demo: Demo, tmp_path: Path, *argv: str) -> str:
    out = tmp_path / f"{argv[0]}.pdf"
    for n in range(2, 50):  # a new file each time: print never overwrites
        if not out.exists():
            break
        out = tmp_path / f"{argv[0]}-{n}.pdf"
    status, said, err = _run(capsys, demo, "print", *argv, "--out", str(out))
    assert status == 0, err
    assert said.count("\n") == 1 and str(out) in said
    assert out.stat().st_mode & 0o777 == 0o600  # a document may show confidential records
    return _text(out)


def test_a_letter_card_shows_names_as_typed_and_what_it_was_made_from(
        demo: Demo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    act_as(demo.url, "admin")
    text = _print(capsys, demo, tmp_path, "letter", demo.dari)
    assert DARI in text and "درخواست اعتبارنامه ناظران" in text  # shaped right to left, read back in typed order
    assert f"Registration card {demo.dari}" in text
    flat = " ".join(text.split())
    assert re.search(rf"Made from the register\(s\) correspondence; records {demo.dari}; store position \d+; "
                     r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC by admin", flat), flat
    text = _print(capsys, demo, tmp_path, "letter", demo.azeri)
    assert AZERI in text and "Müşahidəçilərin akkreditasiyası" in text


def test_every_kind_of_document_prints(demo: Demo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    act_as(demo.url, "admin")
    trip, person = demo.rows["trips"][0], demo.rows["staff"][0]
    badge = next(r for r in demo.rows["accreditations"] if r["status"] == "accredited" and r["badge"])
    extract, session = demo.rows["extracts"][0], demo.rows["sessions"][0]
    order = next(r for r in demo.rows["orders"] if r["number"])
    assert _run(capsys, demo, "badges", "key")[0] == 0
    cases = {"trip": (trip["warrant"], [f"Trip warrant {trip['warrant']}", trip["full_name"], "trips"]),
             "clearance": (person["number"], [f"Clearance sheet {person['number']}", person["full_name"], "staff"]),
             "badge": (badge["badge"], [badge["name"], f"Badge {badge['badge']}", "accreditations"]),
             "extract": (extract["number"], [f"Certified extract {extract['number']}", extract["decision"],
                                             "extracts, decisions"]),
             "order": (order["number"], [f"Order {order['number']}", order["title"]]),
             "minutes": (session["number"], [f"Minutes of session {session['number']}", session["chair"],
                                             "Attendance", "agenda-items"])}
    for kind, (number, expected) in cases.items():
        flat = " ".join(_print(capsys, demo, tmp_path, kind, number).split())
        for words in expected:
            assert " ".join(words.split()) in flat, (kind, words)
        assert "store position" in flat and number in flat
    assert len(PdfReader(tmp_path / "badge.pdf").pages[0].images) == 1  # the QR code


def test_a_journal_covers_its_period_and_only_the_readers_rows(
        demo: Demo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    act_as(demo.url, "admin")
    incoming = [r for r in demo.rows["correspondence"] if r["direction"] == "incoming"]
    march = [r["number"] for r in incoming if "2026-03-01" <= r["registered_on"] <= "2026-03-31"]
    others = [r["number"] for r in incoming if not "2026-03-01" <= r["registered_on"] <= "2026-03-31"]
    text = _print(capsys, demo, tmp_path, "journal", "incoming", "--from", "2026-03-01", "--to", "2026-03-31")
    assert march and all(n in text for n in march) and not any(n in text for n in others)
    assert "Incoming journal, 2026-03-01 to 2026-03-31" in text
    # A provincial clerk's journal holds their office's letters only, never headquarters' (the Dari letter).
    year = ("journal", "incoming", "--from", "2026-01-01", "--to", "2026-12-31")
    everyone = _print(capsys, demo, tmp_path, *year)
    assert demo.dari in everyone and demo.secret not in everyone  # admin is not cleared for CONF
    clerk = next(r for r in incoming if r["unit"] and r["unit"].startswith("PO-"))
    act_as(demo.url, _user_of_office(demo, clerk["unit"]))
    theirs = _print(capsys, demo, tmp_path, *year)
    assert demo.dari not in theirs and demo.azeri not in theirs
    assert clerk["number"] in theirs
    act_as(demo.url, "admin")


def _user_of_office(demo: Demo, unit: str) -> str:
    from domain.access import AddUser

    app = open_store(demo.url)
    try:
        name = "printer." + unit.lower().replace("-", "")[:12]
        if app.user(name) is None:
            app.handle(AddUser(user=name, role="clerk", office=unit), user="admin")
        return name
    finally:
        app.close()


def test_a_confidential_letter_prints_only_for_the_cleared_and_is_recorded(
        demo: Demo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    act_as(demo.url, "admin")  # not cleared
    out = tmp_path / "secret.pdf"
    status, _, err = _run(capsys, demo, "print", "letter", demo.secret, "--out", str(out))
    assert status == 1 and not out.exists() and err.count("\n") == 1
    assert f"no letter numbered '{demo.secret}' that admin may read" in err and "Threat" not in err
    act_as(demo.url, "r.popal")  # cleared for confidential records
    text = _print(capsys, demo, tmp_path, "letter", demo.secret)
    assert "Threat assessment" in text and "CONFIDENTIAL" in text
    act_as(demo.url, "admin")
    status, log, _ = _run(capsys, demo, "log", "--json", "--type", "AuditRead.Recorded", "--actor", "r.popal")
    assert '"action": "print"' in log and demo.secret in log


def test_bad_input_writes_nothing(demo: Demo, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    act_as(demo.url, "admin")
    out = tmp_path / "x.pdf"
    status, said, err = _run(capsys, demo, "print", "letter", "INC-2026-99999", "--out", str(out))
    assert status == 1 and said == "" and err.count("\n") == 1 and "no letter numbered" in err
    status, _, err = _run(capsys, demo, "print", "letter", demo.dari, "--out", str(tmp_path / "no" / "x.pdf"))
    assert status == 2 and err.count("\n") == 1 and "does not exist" in err
    out.write_bytes(b"mine")
    status, _, err = _run(capsys, demo, "print", "letter", demo.dari, "--out", str(out))
    assert status == 2 and "already exists" in err and out.read_bytes() == b"mine"
    status, _, err = _run(capsys, demo, "print", "journal", "incoming", "--from", "2026-13-01", "--to",
                          "2026-12-31", "--out", str(tmp_path / "j.pdf"))
    assert status == 2 and err.count("\n") == 1 and "not a date" in err
    status, _, err = _run(capsys, demo, "print", "journal", "incoming", "--from", "2026-12-01", "--to",
                          "2026-01-01", "--out", str(tmp_path / "j.pdf"))
    assert status == 1 and "ends (2026-01-01) before it starts" in err
    badge = next(r["badge"] for r in demo.rows["accreditations"] if r["status"] == "accredited" and r["badge"])
    status, _, err = _run(capsys, demo, "print", "badge", badge, "--out", str(tmp_path / "b.pdf"))
    assert status == 2 and err.count("\n") == 1 and "signed with the secretariat's key" in err  # no key here yet
    fonts = tmp_path / "fonts"
    fonts.mkdir()
    for name in ("DejaVuSans-LatinCyrillic.ttf", "DejaVuSans-Bold-LatinCyrillic.ttf", "NotoNaskhArabic-Regular.ttf",
                 "NotoNaskhArabic-Bold.ttf"):
        (fonts / name).write_bytes(b"not a font")
    monkeypatch.setattr("tui.paper.pdf.FONTS", fonts)
    status, _, err = _run(capsys, demo, "print", "letter", demo.dari, "--out", str(tmp_path / "f.pdf"))
    assert status == 2 and err.count("\n") == 1 and "cannot be read" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fonts", "x.pdf"]  # no partial file anywhere


def test_a_printed_badge_verifies_offline_until_it_is_revoked(
        demo: Demo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from domain.readpolicy import reader
    from projections.documents import badge as badge_document
    from tui.paper.printing import badge_code, source

    act_as(demo.url, "admin")
    status, out, _ = _run(capsys, demo, "badges", "key")
    public = out.strip()
    assert status == 0 and re.fullmatch(r"[0-9a-f]{64}", public)
    row = next(r for r in demo.rows["accreditations"] if r["status"] == "accredited" and r["badge"]
               and r["level"] == "individual" and r["name"] != demo.rows["accreditations"][0]["name"])
    app = open_store(demo.url)
    registers = Registers(app)
    registers.catch_up()
    code = badge_code(badge_document(source(registers, reader(app.actor("admin"), app.find)), row["badge"]))
    registers.close()
    assert code is not None
    day = ["--public-key", public, "--today", row["valid_until"]]
    status, out, _ = _run(capsys, demo, "verify-badge", code, *day)
    assert status == 0 and out.startswith(f"VALID: badge {row['badge']} of {row['name']}")
    # the printed badge carries that very code: read from its PDF, and from a photo-like picture of it
    printed = tmp_path / "badge.pdf"
    assert _run(capsys, demo, "print", "badge", row["badge"], "--out", str(printed))[0] == 0
    status, from_pdf, _ = _run(capsys, demo, "verify-badge", "--image", str(printed), *day)
    assert status == 0 and from_pdf == out
    import pypdfium2

    picture = tmp_path / "badge.png"
    pypdfium2.PdfDocument(str(printed))[0].render(scale=2).to_pil().convert("L").save(picture)
    assert _run(capsys, demo, "verify-badge", "--image", str(picture), *day)[1] == out
    blank = tmp_path / "blank.png"
    pypdfium2.PdfDocument(str(printed))[0].render(scale=0.2).to_pil().crop((0, 0, 5, 5)).save(blank)
    status, _, err = _run(capsys, demo, "verify-badge", "--image", str(blank), *day)
    assert status == 2 and err == f"secretariat: no QR code found in {blank}\n"
    status, _, err = _run(capsys, demo, "verify-badge", "--image", str(tmp_path / "revoked.json"), *day)
    assert status == 2 and err.count("\n") == 1 and "cannot read the picture" in err
    app.handle(RevokeIndividual(election=row["election_code"], document=row["document"],
                                revoked_on=date.fromisoformat(row["valid_until"]),
                                badge_returned_on=date.fromisoformat(row["valid_until"])),
               user="admin", reason="badge misused at a polling station")
    app.close()
    listed = tmp_path / "revoked.json"
    status, out, _ = _run(capsys, demo, "badges", "revocations", "--out", str(listed))
    assert status == 0 and "revoked badge(s) written" in out
    status, out, err = _run(capsys, demo, "verify-badge", code, *day, "--revocations", str(listed))
    assert status == 1 and err.startswith(f"REVOKED: badge {row['badge']}")
    status, _, err = _run(capsys, demo, "print", "badge", row["badge"], "--out", str(tmp_path / "b.pdf"))
    assert status == 1 and "revoked" in err and not (tmp_path / "b.pdf").exists()


def test_a_rendered_page_matches_the_reference() -> None:
    """The letter card's first page, rendered, against a committed picture (fonts, shaping, layout)."""
    import io

    import pypdfium2
    from PIL import Image, ImageChops

    from projections.documents import Document
    from tui.paper.pdf import render

    document = Document("letter", "Registration card INC-2026-00042", ("correspondence",), ("INC-2026-00042",), 1234,
                        datetime(2026, 11, 30, 9, 15, tzinfo=UTC), "admin",
                        fields=[("Registration number", "INC-2026-00042"), ("Sender", DARI), ("Addressee", AZERI),
                                ("Subject", "درخواست اعتبارنامه ناظران — Pashto: ښځې ګډون ډېر"),
                                ("Status", "under control")], signatures=("Registered by",))
    pdf = pypdfium2.PdfDocument(render(document))
    page = pdf[0].render(scale=1).to_pil().convert("L")
    if os.environ.get("SECRETARIAT_NEW_REFERENCE"):  # made again on purpose, looked at, and committed
        page.save(REFERENCE)
    reference = Image.open(io.BytesIO(REFERENCE.read_bytes())).convert("L")
    assert page.size == reference.size
    diff = ImageChops.difference(page, reference).point(lambda v: 255 if v > 64 else 0)
    changed = sum(1 for v in diff.get_flattened_data() if v) / (page.size[0] * page.size[1])
    assert changed < 0.002, f"{changed:.2%} of the pixels differ from {REFERENCE.name}"


async def test_the_card_prints_its_record_on_p(demo: Demo, tmp_path: Path) -> None:
    """From a letter's card: P, a file name, Enter: the PDF is written and the card says so; a confidential
    letter's card offers no printing to an uncleared reader."""
    from textual.widgets import Input

    from tests.tui.support import screen_text
    from tests.tui.test_shell import shell
    from tui.screens.card import RecordCard
    from tui.screens.paper import PrintScreen

    app = open_store(demo.url)
    out = tmp_path / "card.pdf"
    try:
        ui = shell(app, "admin")
        async with ui.run_test(size=(100, 30)) as pilot:
            ui.push_screen(RecordCard(str(document_id(demo.dari))))
            await pilot.pause()
            assert "[P] Print to PDF" in screen_text(ui)
            await pilot.press("P")
            for _ in range(50):  # bounded wait for the screen to open
                if isinstance(ui.screen, PrintScreen):
                    break
                await pilot.pause()
            assert isinstance(ui.screen, PrintScreen)
            ui.screen.query_one("#print-out", Input).value = str(out)
            await pilot.press("enter")
            for _ in range(50):
                if isinstance(ui.screen, RecordCard):
                    break
                await pilot.pause()
            assert isinstance(ui.screen, RecordCard) and out.exists()
            assert DARI in _text(out)
            await pilot.press("P")
            await pilot.pause()
            ui.screen.query_one("#print-out", Input).value = str(out)  # exists now: refused in words
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(ui.screen, PrintScreen) and "already exists" in screen_text(ui)
            await pilot.press("escape")
            await pilot.pause()
            ui.push_screen(RecordCard(str(document_id(demo.secret))))
            await pilot.pause()
            assert "Confidential record" in screen_text(ui) and "Print" not in screen_text(ui)
    finally:
        app.close()


def test_a_badge_for_a_name_typed_in_dari_carries_a_code_that_reads_back_and_verifies() -> None:
    """The QR code holds plain ASCII (base64 of the signed claims), so a name in any script survives any
    scanner; the badge's text shows the names as typed."""
    import io
    from dataclasses import asdict

    import pypdfium2
    import zxingcpp
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from domain.badges import sign_badge, verify
    from domain.eventstore.keys import public_key_bytes
    from projections.documents import Badge, Document
    from tui.paper.pdf import render

    key = Ed25519PrivateKey.generate()
    claims = Badge("WJ26-X0001", DARI, "FEFA", AZERI, "WJ-2026", "domestic observer", "2026-06-01", "2026-11-30")
    code = sign_badge(asdict(claims), key)
    assert code.isascii()
    document = Document("badge", "Accreditation badge", ("accreditations",), (claims.badge,), 7,
                        datetime(2026, 10, 1, tzinfo=UTC), "admin", badge=claims)
    pdf = render(document, code)
    text = " ".join(PdfReader(io.BytesIO(pdf)).pages[0].extract_text().split())
    assert DARI in text and " ".join(AZERI.split()) in text and "WJ26-X0001" in text
    scanned = zxingcpp.read_barcodes(pypdfium2.PdfDocument(pdf)[0].render(scale=3).to_pil())
    assert [s.text for s in scanned] == [code]
    verdict = verify(scanned[0].text, public_key_bytes(key.public_key()), None, date(2026, 10, 17))
    assert verdict.ok and DARI in verdict.line
