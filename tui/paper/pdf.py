"""A `projections.documents.Document` as a printable PDF (fpdf2): A4, the title, the fields, the tables, a long
text, lines to sign on, an accreditation badge with its signed QR code, and at the foot of every page what the
document was made from.

Text is shaped with HarfBuzz (fpdf2's text shaping, uharfbuzz): Dari and Pashto are joined and laid right to
left. Fonts ship in `fonts/` (named in its README): DejaVu Sans (Latin, Azerbaijani, Cyrillic) with Noto Naskh
Arabic as the fallback for every Arabic-script character. Values are drawn as text, never read as markup.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from fpdf import FPDF
from fpdf.enums import TableCellFillMode

from domain.errors import Message, StoreError
from domain.shown import sentences_in
from projections.calendars import iso_text, latin_digits
from projections.documents import Document
from tui.i18n.catalogue import _, say
from tui.i18n.formats import show_told
from tui.i18n.settings import current

FONTS = Path(__file__).with_name("fonts")
# Characters of the scripts that need shaping and right-to-left ordering (Hebrew, Arabic and its extensions).
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
FONT_FILES = {("text", ""): "DejaVuSans-LatinCyrillic.ttf", ("text", "B"): "DejaVuSans-Bold-LatinCyrillic.ttf",
              ("naskh", ""): "NotoNaskhArabic-Regular.ttf", ("naskh", "B"): "NotoNaskhArabic-Bold.ttf"}


class PaperError(StoreError):
    """A document that cannot be made or written (a font, a file): one sentence for the user."""


class _Page(FPDF):
    """FPDF with our fonts, shaping, and the document's provenance at the foot of each page."""

    def __init__(self, document: Document, fonts: Path) -> None:
        super().__init__(format="A4")
        self.document = document
        self.set_creator("Secretariat")
        self.set_creation_date(document.made_at)
        self.set_title(say(document.title))
        for (family, style), name in FONT_FILES.items():
            path = fonts / name
            try:
                self.add_font(family, style, str(path))
            except Exception as e:  # fontTools raises many kinds for a damaged file
                raise PaperError("the font {path} cannot be read ({name}); reinstall Secretariat", path=path,
                                 name=type(e).__name__) \
                    from None
        self.set_fallback_fonts(["naskh"], exact_match=False)
        self.set_text_shaping(use_shaping_engine=True)
        self.set_auto_page_break(True, margin=22)
        self.alias_nb_pages()

    def _parse_chars(self, text: str, markdown: bool, **kwargs: Any) -> Any:
        """Keep the spaces between Arabic-script words in the fallback font, so a Dari or Pashto phrase is one
        run, shaped and ordered as a whole (and copied from the PDF in its typed order)."""
        out: list[Any] = []
        for f in super()._parse_chars(text, markdown, **kwargs):
            if (len(out) >= 2 and out[-2].font is f.font and f.font.fontkey in self._fallback_font_ids
                    and not "".join(out[-1].characters).strip()
                    and all(ord(c) in f.font.cmap for c in out[-1].characters)):
                gap = out.pop()
                out[-1].characters.extend(gap.characters + f.characters)
                continue
            out.append(f)
        yield from out

    plain_cells = False  # in tables: cells without right-to-left text skip shaping (a fourth of the time)

    def multi_cell(self, w: float, h: float | None = None, text: str = "", *args: Any, **kwargs: Any) -> Any:
        if self.plain_cells and self.text_shaping and not _RTL.search(text):
            shaping, self.text_shaping = self.text_shaping, None
            try:
                return super().multi_cell(w, h, text, *args, **kwargs)
            finally:
                self.text_shaping = shaping
        return super().multi_cell(w, h, text, *args, **kwargs)

    def footer(self) -> None:
        self.set_y(-18)
        self.set_font("text", "", 7)
        self.set_text_color(90)
        self.multi_cell(0, 3.5, say(self.document.provenance()), align="L", new_x="LMARGIN", new_y="NEXT")
        self.cell(0, 4, _("page {page} of {pages}", page=self.page_no(), pages="{nb}"), align="R")
        self.set_text_color(0)


def render(document: Document, qr_code: str | None = None, fonts: Path | None = None) -> bytes:
    """The PDF of `document`; a badge carries `qr_code` (its signed code) as a QR code."""
    pdf = _Page(document, fonts or FONTS)
    pdf.add_page()
    if document.confidential:
        pdf.set_font("text", "B", 10)
        pdf.set_text_color(160, 0, 0)
        pdf.cell(0, 6, "CONFIDENTIAL", align="R", new_x="LMARGIN", new_y="NEXT")
        pdf.set_text_color(0)
    pdf.set_font("text", "", 9)
    pdf.cell(0, 5, "Secretariat of the Central Election Commission", new_x="LMARGIN", new_y="NEXT")
    if document.badge is not None:
        _badge(pdf, document, qr_code)
    else:
        pdf.set_font("text", "B", 15)
        pdf.multi_cell(0, 9, say(document.title), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)
        _fields(pdf, document.fields)
    if document.text:
        pdf.ln(3)
        pdf.set_font("text", "", 10)
        pdf.multi_cell(0, 5.5, document.text, align="L", new_x="LMARGIN", new_y="NEXT")
    for table in document.tables:
        pdf.ln(4)
        pdf.set_font("text", "B", 11)
        pdf.multi_cell(0, 7, say(table.title), new_x="LMARGIN", new_y="NEXT")
        if table.rows:
            _table(pdf, table.columns, table.rows)
        else:
            pdf.set_font("text", "", 9)
            pdf.multi_cell(0, 5, "none", new_x="LMARGIN", new_y="NEXT")
    if document.signatures:
        pdf.ln(8)
        pdf.set_font("text", "", 10)
        for line in document.signatures:
            pdf.multi_cell(0, 10, _("{line}: ______________________   date: ____________", line=_(line)),
                           new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _printed(value: str) -> str:
    """A stored day in the reader's calendar (1405-09-10 for a Solar Hijri reader); a register cell's sentences
    (domain.shown.said) or a document's sentence in the reader's language; anything else as it is.
    Digits stay Latin on paper: the Latin font carries no Eastern ones."""
    sentences = sentences_in(value) or ([value] if isinstance(value, Message) else None)
    if sentences is not None:
        return latin_digits(show_told(sentences))
    return iso_text(value, current().calendar) or value


def _fields(pdf: FPDF, fields: list[tuple[str, str]], label_width: float = 48) -> None:
    for label, value in ((label, _printed(value)) for label, value in fields):
        pdf.set_font("text", "B", 10)
        y = pdf.get_y()
        pdf.multi_cell(label_width, 6, _(label), new_x="RIGHT", new_y="TOP")
        pdf.set_font("text", "", 10)
        pdf.multi_cell(0, 6, value, align="L", new_x="LMARGIN", new_y="NEXT")
        pdf.set_y(max(pdf.get_y(), y + 6))


def _table(pdf: _Page, columns: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> None:
    """A table whose short columns (numbers, dates, codes) never wrap; long text shares what room is left."""
    pdf.set_font("text", "B", 8)
    columns = tuple(_(c) for c in columns)
    heads = [pdf.get_string_width(c) for c in columns]
    pdf.set_font("text", "", 8)
    natural = [min(max([heads[i], *(pdf.get_string_width(_printed(r[i])) for r in rows)]) + 3, 90.0)
               for i in range(len(columns))]
    short = 30.0
    widths = natural
    if sum(natural) > pdf.epw:
        room = pdf.epw - sum(w for w in natural if w <= short)
        wide = sum(w for w in natural if w > short)
        widths = [w if w <= short else max(w * room / wide, 12.0) for w in natural]
    pdf.plain_cells = True
    try:
        with pdf.table(width=min(pdf.epw, sum(widths)), col_widths=tuple(widths), line_height=4.5,
                       first_row_as_headings=True, cell_fill_color=(242, 242, 242),
                       cell_fill_mode=TableCellFillMode.ROWS, text_align="LEFT", align="LEFT") as table:
            header = table.row()
            for c in columns:
                header.cell(c)
            for r in rows:
                row = table.row()
                for value in r:
                    row.cell(_printed(value))
    finally:
        pdf.plain_cells = False


def _badge(pdf: FPDF, document: Document, qr_code: str | None) -> None:
    """A badge of 86 x 120 mm to cut out: the person, the organisation, the election, the validity, the code."""
    claims = document.badge
    assert claims is not None
    x, y, w, h = pdf.l_margin, pdf.get_y() + 4, 86.0, 124.0
    pdf.set_line_width(0.4)
    pdf.rect(x, y, w, h)
    pdf.set_xy(x + 4, y + 4)
    pdf.set_font("text", "B", 12)
    pdf.multi_cell(w - 8, 6, _("ACCREDITED {category}", category=claims.category.upper()), align="C", new_x="LEFT",
                   new_y="NEXT")
    pdf.set_font("text", "", 9)
    pdf.multi_cell(w - 8, 5, _("Election {election}", election=claims.election), align="C", new_x="LEFT",
                   new_y="NEXT")
    pdf.ln(2)
    pdf.set_font("text", "B", 14)
    pdf.multi_cell(w - 8, 7, claims.name, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font("text", "", 10)
    pdf.multi_cell(w - 8, 5.5, f"{claims.organisation_name} ({claims.organisation})", align="C", new_x="LEFT",
                   new_y="NEXT")
    pdf.multi_cell(w - 8, 5.5, _("Badge {badge}", badge=claims.badge), align="C", new_x="LEFT", new_y="NEXT")
    pdf.multi_cell(w - 8, 5.5, _("valid {valid_from} to {valid_until}", valid_from=claims.valid_from,
                                 valid_until=claims.valid_until), align="C", new_x="LEFT", new_y="NEXT")
    if qr_code:
        import segno

        buffer = io.BytesIO()
        segno.make(qr_code, error="m", micro=False).save(buffer, kind="png", scale=6, border=2)
        size = 52.0
        pdf.image(io.BytesIO(buffer.getvalue()), x=x + (w - size) / 2, y=y + h - size - 10, w=size, h=size)
        pdf.set_xy(x + 4, y + h - 9)
        pdf.set_font("text", "", 6.5)
        pdf.multi_cell(w - 8, 3, _("Scan and check offline: secretariat verify-badge CODE"), align="C")
    pdf.set_xy(x, y + h + 6)
    pdf.set_font("text", "", 9)
    pdf.multi_cell(0, 5, _("Cut along the frame. The QR code holds the badge number, the person, the organisation, "
                   "the election and the validity, signed with the secretariat's key."), new_x="LMARGIN",
                   new_y="NEXT")


def write_new(path: Path, content: bytes) -> Path:
    """Write `content` to a new file at `path` (mode 0600: a document may show confidential records), all or
    nothing; PaperError in one sentence when it exists or cannot be written."""
    path = Path(path)
    if path.exists():
        raise PaperError("{path} already exists; choose another file", path=path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise PaperError("cannot write {path}: the folder {folder} does not exist", path=path, folder=folder)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".secretariat-", suffix=".part")
    except OSError as e:
        raise PaperError("cannot write {path}: {value}", path=path, value=e.strerror or e) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(content)
        os.chmod(tmp, 0o600)
        os.link(tmp, path)  # fails if another process made the file meanwhile: never overwritten
    except OSError as e:
        raise PaperError("cannot write {path}: {value}", path=path, value=e.strerror or e) from None
    finally:
        try:
            os.unlink(tmp)
        except OSError:
            pass
    return path
