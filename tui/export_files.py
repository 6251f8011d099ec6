"""Writing what a user sees to a file: a register view (its filter and sort) or a report, as CSV, XLSX or
JSON Lines, for the command line (`show`/`report --format --out`) and the UI (the `e` key, then a file name).

The rows handed in are those the read policy already let the reader see; this module only writes them.
XLSX is written by XlsxWriter with typed cells: ISO dates as dates, stored UTC times as local date-times,
money (integer minor units) as numbers with two decimals, integers as numbers; a bold header row, the header
frozen, columns as wide as their values. CSV and JSON carry money as decimal strings ("1234.56"), never
through a float. Files are new (an existing name is refused), written 0600, and whole or not at all.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from domain.errors import StoreError
from domain.shown import english
from projections.registers import Register, money_text
from tui.i18n.catalogue import _
from tui.i18n.formats import show_said

FORMATS = ("csv", "xlsx", "json")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MAX_WIDTH = 60


class ExportProblem(StoreError):
    """A file that cannot be written as asked (bad path, unknown format, existing file): bad usage."""


@dataclass(frozen=True)
class Sheet:
    """A table to write: its title, column names, rows (tuples in column order) and how to read its cells."""

    title: str
    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]
    money: tuple[str, ...] = ()  # integer minor units
    timestamps: tuple[str, ...] = ()  # stored UTC ISO date-times
    notes: tuple[str, ...] = field(default=())


def register_sheet(register: Register, rows: Iterable[Sequence[Any]]) -> Sheet:
    """A register's rows (its columns first, in order; anything after them, such as the record id, dropped); a
    cell's sentences (domain.shown.said) as data, in English like the stored words."""
    n = len(register.columns)
    return Sheet(_(register.title), register.columns, [tuple(map(english, r[:n])) for r in rows], register.money,
                 register.timestamps)


def report_sheet(title: str, result: Any) -> Sheet:
    """A report's result (projections.reports.ReportResult): its columns, never its drawn bars."""
    return Sheet(title, tuple(result.columns), [tuple(map(english, r)) for r in result.rows], tuple(result.money),
                 notes=tuple(show_said(note) for note in result.notes))


def format_of(out: Path | None, asked: str | None) -> str:
    """The format asked for, else the one the file's suffix names; a usage problem in words otherwise."""
    if asked:
        if asked.lower() not in FORMATS:
            raise ExportProblem("unknown format {asked!r}; formats are {formats}", asked=asked,
                                formats=', '.join(FORMATS))
        return asked.lower()
    suffix = out.suffix.lower().lstrip(".") if out is not None else ""
    if suffix == "jsonl":
        suffix = "json"
    if suffix not in FORMATS:
        if out is not None:
            raise ExportProblem("the file name {name!r} must end in .csv, .xlsx or .json", name=out.name)
        raise ExportProblem("say --format {formats}", formats="|".join(FORMATS))
    return suffix


def check_target(out: Path) -> Path:
    """The file to write, if it can be: a new file in an existing folder."""
    out = out.expanduser()
    if not str(out).strip():
        raise ExportProblem("name the file to write")
    if out.is_dir():
        raise ExportProblem("{out} is a folder; name a new file in it", out=out)
    if out.exists() or out.is_symlink():
        raise ExportProblem("{out} already exists; choose another file name", out=out)
    if not out.parent.is_dir():
        raise ExportProblem("the folder {out_parent} does not exist", out_parent=out.parent)
    return out


def write_sheet(sheet: Sheet, out: Path, fmt: str) -> int:
    """Write `sheet` to the new file `out` (0600) in `fmt`; the number of rows written. Nothing is left
    behind when it fails."""
    out = check_target(out)
    data = render(sheet, fmt)
    try:
        fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise ExportProblem("{out} already exists; choose another file name", out=out) from None
    except OSError as e:
        raise ExportProblem("cannot write {out}: {value}", out=out, value=e.strerror or e) from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
    except OSError as e:
        out.unlink(missing_ok=True)
        raise ExportProblem("cannot write {out}: {value}", out=out, value=e.strerror or e) from None
    return len(sheet.rows)


def render(sheet: Sheet, fmt: str) -> bytes:
    """The file's bytes in `fmt`."""
    if fmt == "csv":
        return csv_bytes(sheet)
    if fmt == "json":
        return "".join(json.dumps(row, ensure_ascii=False, default=str) + "\n"
                       for row in plain_rows(sheet)).encode()
    if fmt == "xlsx":
        return xlsx_bytes(sheet)
    raise ExportProblem("unknown format {fmt!r}; formats are {formats}", fmt=fmt, formats=', '.join(FORMATS))


def amount_text(cents: Any) -> str:
    """Minor units as a plain decimal string, '1234.56' (no thousands separators)."""
    return money_text(cents).replace(",", "")


def plain_rows(sheet: Sheet) -> list[dict[str, Any]]:
    """Rows as dicts for CSV and JSON: money as decimal strings, stored UTC times as ISO text."""
    return [{c: (amount_text(v) if c in sheet.money and v is not None else v)
             for c, v in zip(sheet.columns, row, strict=False)} for row in sheet.rows]


def csv_bytes(sheet: Sheet) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(sheet.columns)
    for row in plain_rows(sheet):
        writer.writerow(["" if v is None else v for v in row.values()])
    return buffer.getvalue().encode("utf-8-sig")  # the BOM: spreadsheet programs then read UTF-8 text as such


def _local(value: Any) -> datetime | None:
    try:
        moment = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone().replace(tzinfo=None)


def _date_columns(sheet: Sheet) -> set[int]:
    """Columns every value of which (ignoring empty ones) is an ISO date: written as dates."""
    found = set()
    for i, c in enumerate(sheet.columns):
        if c in sheet.money or c in sheet.timestamps:
            continue
        values = [r[i] for r in sheet.rows if i < len(r) and r[i] not in (None, "")]
        if values and all(isinstance(v, date) or (isinstance(v, str) and _DATE.match(v)) for v in values):
            found.add(i)
    return found


XLSX_ROWS = 1_048_575  # a worksheet's rows, less the header


def xlsx_bytes(sheet: Sheet) -> bytes:
    import xlsxwriter

    if len(sheet.rows) > XLSX_ROWS:
        raise ExportProblem("{sheet_rows_count:,} rows do not fit in one XLSX sheet ({xlsx_rows:,} at most); filter "
                            "the register, or write CSV", sheet_rows_count=len(sheet.rows), xlsx_rows=XLSX_ROWS)

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_numbers": False,
                                        "strings_to_formulas": False, "strings_to_urls": False})
    ws = book.add_worksheet(_sheet_name(sheet.title))
    header = book.add_format({"bold": True, "bottom": 1})
    money = book.add_format({"num_format": "#,##0.00"})
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    moment = book.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    dates = _date_columns(sheet)
    widths = [len(c) for c in sheet.columns]
    for col, name in enumerate(sheet.columns):
        ws.write_string(0, col, name, header)
    for r, row in enumerate(sheet.rows, start=1):
        for col, (name, value) in enumerate(zip(sheet.columns, row, strict=False)):
            shown = _write(ws, r, col, name, value, sheet, col in dates, money, day, moment)
            widths[col] = max(widths[col], len(shown))
    for col, width in enumerate(widths):
        ws.set_column(col, col, min(width, MAX_WIDTH) + 2)
    ws.freeze_panes(1, 0)
    if sheet.notes:
        note_row = len(sheet.rows) + 2
        for n, note in enumerate(sheet.notes):
            ws.write_string(note_row + n, 0, note)
    book.close()
    return buffer.getvalue()


def _write(ws: Any, r: int, col: int, name: str, value: Any, sheet: Sheet, is_date: bool,
           money: Any, day: Any, moment: Any) -> str:
    """Write one typed cell; the text it shows (for the column's width)."""
    if value is None or value == "":
        ws.write_blank(r, col, None)
        return ""
    if name in sheet.money:
        ws.write_number(r, col, float(Decimal(int(value)) / 100), money)
        return money_text(value)
    if name in sheet.timestamps:
        local = _local(value)
        if local is not None:
            ws.write_datetime(r, col, local, moment)
            return "2026-01-01 00:00:00"
    if is_date:
        ws.write_datetime(r, col, datetime.combine(value if isinstance(value, date) else date.fromisoformat(value),
                                                   datetime.min.time()), day)
        return "2026-01-01"
    if isinstance(value, bool):
        ws.write_boolean(r, col, value)
        return "FALSE"
    if isinstance(value, int | float | Decimal):
        ws.write_number(r, col, float(value))
        return str(value)
    text = str(value)
    ws.write_string(r, col, text)
    return max(text.splitlines() or [""], key=len)


def _sheet_name(title: str) -> str:
    """A worksheet name Excel accepts: at most 31 characters, none of []:*?/\\."""
    name = re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31].strip()
    return name or "Sheet1"
