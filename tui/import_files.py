"""Bulk import: one command per row of a CSV or XLSX file, the columns named as the command's fields.

Reading (`read_table`) and checking (`plan`) come first and touch no store: a file that is not CSV/XLSX, a
column the command does not have, a required column missing, or a cell its field cannot take is one
sentence (ImportProblem, bad usage) and nothing is recorded. Then `run_import` runs the rows through the
bulk path (`Secretariat.handle_many`) in chunks of CHUNK rows, each chunk one transaction with one receipt
under ``import:<command>:<sha256 of the file>:<first row>``, each row's command id that prefix and its row
number. A row a rule refuses is left out of its chunk and named in the report with the rule's words; the
rest are recorded. Importing the same file again finds each chunk's receipt and records nothing new.
Row numbers are the file's own (the header is row 1), as a spreadsheet shows them.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import partial
from pathlib import Path
from typing import Any

import msgspec

from domain.errors import Refused, StoreError
from tui.i18n.catalogue import N_, _
from tui.i18n.formats import show_date

CHUNK = 1000
MAX_SHOWN = 5
REASON = "reason"  # a column giving the row's reason (recorded with its events), when no field has that name


class ImportProblem(StoreError):
    """The file cannot be imported as it is (bad usage): nothing is recorded."""


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[tuple[int, list[str]]]  # (row number in the file, cells as text)
    sha256: str


@dataclass
class Report:
    """What an import did (or, dry, would do)."""

    command: str
    rows: int = 0
    recorded: int = 0
    already: int = 0  # rows of chunks imported before (same file): nothing new recorded
    refused: list[tuple[int, str]] = field(default_factory=list)
    events: int = 0
    dry_run: bool = False

    def to_json(self) -> dict[str, Any]:
        return {"command": self.command, "rows": self.rows, "recorded": self.recorded, "already": self.already,
                "events": self.events, "dry_run": self.dry_run,
                "refused": [{"row": n, "reason": why} for n, why in self.refused]}

    def lines(self) -> list[str]:
        params = {"command": self.command, "rows": self.rows, "recorded": self.recorded, "already": self.already,
                  "refused": len(self.refused)}
        if self.dry_run:
            head = _("{command}: {rows:,} rows; {recorded:,} would be recorded; {refused:,} refused", **params) \
                if not self.already else _("{command}: {rows:,} rows; {recorded:,} would be recorded; {already:,} "
                                           "already imported from this file; {refused:,} refused", **params)
        else:
            head = _("{command}: {rows:,} rows; {recorded:,} recorded; {refused:,} refused", **params) \
                if not self.already else _("{command}: {rows:,} rows; {recorded:,} recorded; {already:,} already "
                                           "imported from this file; {refused:,} refused", **params)
        return [head, *(_("row {n}: {why}", n=n, why=why) for n, why in self.refused)]


def _cell_text(value: Any) -> str:
    """An XLSX cell as the text a CSV would hold: dates as the importing user types them (ISO, or Solar Hijri:
    a typed date cell is one exact day, read back by the same calendar), whole numbers without '.0', amounts
    exact."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return show_date(value.date()) if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return show_date(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(Decimal(repr(value)))
    return str(value)


def read_table(path: Path) -> Table:
    """The file's header and rows as text; ImportProblem in one sentence when it is not a CSV/XLSX table."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ImportProblem("{path_name} is not a .csv or .xlsx file", path_name=path.name)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ImportProblem("there is no file {path}", path=path) from None
    except OSError as e:
        raise ImportProblem("cannot read {path}: {value}", path=path, value=e.strerror or e) from None
    digest = hashlib.sha256(data).hexdigest()
    grid = _csv_grid(path, data) if suffix == ".csv" else _xlsx_grid(path, data)
    numbered = [(n, cells) for n, cells in enumerate(grid, start=1) if any(c.strip() for c in cells)]
    if not numbered:
        raise ImportProblem("{path_name} is empty: it needs a header row naming the fields", path_name=path.name)
    (_first, header), *rows = numbered
    return Table([h.strip() for h in header], rows, digest)


def _csv_grid(path: Path, data: bytes) -> list[list[str]]:
    if b"\x00" in data:
        raise ImportProblem("{path_name} is not a CSV file (it holds binary data)", path_name=path.name)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportProblem("{path_name} is not UTF-8 text; save it as CSV UTF-8", path_name=path.name) from None
    try:
        return [list(r) for r in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as e:
        raise ImportProblem("{path_name} is not a readable CSV file ({e})", path_name=path.name, e=e) from None


def _xlsx_grid(path: Path, data: bytes) -> list[list[str]]:
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as e:
        raise ImportProblem("{path_name} is not an XLSX workbook ({name})", path_name=path.name,
                            name=type(e).__name__) from None
    try:
        sheet = book.worksheets[0]
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


def _key(name: str) -> str:
    return re.sub(r"[\s-]+", "_", name.strip().lower())


@dataclass(frozen=True)
class Plan:
    command: Any
    items: list[tuple[int, Any, str]]  # (row number, the built command, its reason)
    sha256: str


def _complaint(bad: list[str], column: str, message: str) -> None:
    bad.append(f"{column}: {message}")


def _columns(command: Any, table: Table, fields: dict[str, Any], reason_column: bool) -> list[str | None]:
    """The field each column fills (None: an unnamed, empty one), or ImportProblem naming what is wrong."""
    columns: list[str | None] = []
    unknown = []
    for name in table.columns:
        key = _key(name)
        if key in fields or (reason_column and key == REASON):
            columns.append(key)
        elif not name:
            columns.append(None)  # an unnamed, empty column (a spreadsheet's trailing cells)
        else:
            unknown.append(name)
    if unknown:
        raise ImportProblem("{command_name} has no field {unknown}; its fields are {fields}", command_name=command.name,
                            unknown=', '.join(map(repr, unknown)), fields=', '.join(fields))
    if len(set(c for c in columns if c)) != len([c for c in columns if c]):
        raise ImportProblem("a column is named twice")
    missing = [n for n, f in fields.items() if f.required and n not in columns]
    if missing:
        template = N_("columns {missing} missing: {command} requires {items}") if len(missing) > 1 else \
            N_("column {missing} missing: {command} requires {items}")
        raise ImportProblem(template, missing=", ".join(missing), command=command.name,
                            items=", ".join(n for n, f in fields.items() if f.required))
    return columns


def plan(command: Any, table: Table, reason: str = "") -> Plan:
    """Every row built into the command, or ImportProblem naming what is wrong (columns, then cells)."""
    from tui.field_values import typed_value
    from tui.widgets.fields import form_fields

    fields = {f.name: f for f in form_fields(command)}
    reason_column = REASON not in fields
    columns = _columns(command, table, fields, reason_column)
    problems: list[str] = []
    items = []
    for number, cells in table.rows:
        if any(c.strip() for c in cells[len(columns):]):
            problems.append(_("row {number} has more cells than the header has columns", number=number))
            continue
        values: dict[str, Any] = {}
        why = reason
        bad: list[str] = []
        for column, raw in zip(columns, cells, strict=False):
            if column is None:
                continue
            if column == REASON and reason_column:
                why = raw.strip() or reason
                continue
            if not raw.strip():
                if fields[column].required:
                    bad.append(_("{name} is required", name=column))
                continue
            value = typed_value(command, fields[column], raw, partial(_complaint, bad, column))
            if not bad:
                values[column] = value
        if not bad:
            try:
                items.append((number, msgspec.convert(values, command, strict=False), why))
            except msgspec.ValidationError as e:
                bad.append(str(e))
        if bad:
            problems.append(_("row {number}, {bad}", number=number, bad='; '.join(bad)))
    if problems:
        shown = "; ".join(problems[:MAX_SHOWN]) + (f"; and {len(problems) - MAX_SHOWN} more" if len(problems)
                                                   > MAX_SHOWN else "")
        template = N_("nothing imported: {count} rows cannot be {command} ({shown})") if len(problems) > 1 else \
            N_("nothing imported: {count} row cannot be {command} ({shown})")
        raise ImportProblem(template, count=len(problems), command=command.name, shown=shown)
    return Plan(command, items, table.sha256)


def batch_id(plan: Plan, first_row: int) -> str:
    return f"import:{plan.command.name}:{plan.sha256}:{first_row}"


def run_import(app: Any, plan: Plan, user: str, *, dry_run: bool = False,
               progress: Callable[[int, int], None] | None = None) -> Report:
    """Record the plan's rows (or, dry, check them all as one batch without writing)."""
    from domain.receipts import CommandReceipt, receipt_id

    report = Report(plan.command.name, rows=len(plan.items), dry_run=dry_run)
    chunks = [plan.items] if dry_run else [plan.items[i:i + CHUNK] for i in range(0, len(plan.items), CHUNK)]
    done = 0
    for chunk in chunks:
        if not chunk:
            continue
        prefix = batch_id(plan, chunk[0][0])
        if not dry_run and isinstance(app.find(receipt_id(prefix)), CommandReceipt):
            report.already += len(chunk)  # this file's chunk was imported before
        else:
            recorded, events, refused = _run_chunk(app, chunk, user, prefix, dry_run)
            report.recorded += recorded
            report.events += events
            report.refused += refused
        done += len(chunk)
        if progress is not None:
            progress(done, len(plan.items))
    report.refused.sort()
    return report


def _run_chunk(app: Any, chunk: list[tuple[int, Any, str]], user: str, prefix: str,
               dry_run: bool) -> tuple[int, int, list[tuple[int, str]]]:
    """Run a chunk as one batch; a row a rule refuses leaves it and the rest run again."""
    refused: list[tuple[int, str]] = []
    left = list(chunk)
    while left:
        try:
            result = app.handle_many([(c, why) for _, c, why in left], user=user, command_id_prefix=prefix,
                                     numbers=[n for n, _, _ in left], dry_run=dry_run)
        except Refused as e:
            index = getattr(e, "batch_index", None)
            if index is None:  # not one row's refusal (the user, the store): the whole import stops
                raise
            number = left[index - 1][0]
            refused.append((number, getattr(e, "cause", str(e))))
            del left[index - 1]
            continue
        return len(left), result.events, refused
    return 0, 0, refused
