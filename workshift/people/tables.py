"""Reading a people file (CSV or XLSX) into a table of text cells, with no database in sight."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from workshift.core.spreadsheet import cell_restored
from workshift.core.uploads import (
    UploadRefused,
    csv_text_decoded,
    upload_size_check,
    xlsx_archive_check,
)
from workshift.people.parsing import PeopleFileError, Table


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _decode(data: bytes) -> str:
    try:
        return csv_text_decoded(data=data, allow_windows_1252=True)
    except UploadRefused as exc:
        raise PeopleFileError(str(exc)) from None


def _read_csv(data: bytes) -> Table:
    text = _decode(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip() for h in next(reader)]
    except StopIteration:
        raise PeopleFileError(
            "The file is empty; it needs a header row and one row per person."
        ) from None
    except csv.Error as exc:
        raise PeopleFileError(f"The header row cannot be read: {exc}.") from None
    rows = []
    number = 1
    try:
        for cells in reader:
            number += 1
            cells = [cell_restored(c.strip()) for c in cells]
            if any(cells):
                rows.append((number, cells))
    except csv.Error as exc:
        raise PeopleFileError(f"Row {number + 1} cannot be read: {exc}.") from None
    return Table(header=header, rows=rows)


def _read_xlsx(data: bytes) -> Table:
    from openpyxl import load_workbook

    try:
        xlsx_archive_check(data=data)
    except UploadRefused as exc:
        raise PeopleFileError(str(exc)) from None
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for broken files
        raise PeopleFileError(
            f"The Excel file cannot be opened ({exc.__class__.__name__}); save it again as .xlsx."
        ) from None
    try:
        sheet = book.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        try:
            header = [_cell_text(v) for v in next(lines)]
        except StopIteration:
            raise PeopleFileError(
                "The first sheet is empty; it needs a header row and one row per person."
            ) from None
        while header and not header[-1]:
            header.pop()
        width = len(header)
        rows = []
        for number, values in enumerate(lines, start=2):
            cells = [cell_restored(_cell_text(v)) for v in values[:width]]
            if any(cells):
                rows.append((number, cells))
    finally:
        book.close()
    return Table(header=header, rows=rows)


def read_table(*, data: bytes, filename: str) -> Table:
    """The header and the non-empty rows of a CSV or XLSX file."""
    name = filename.lower()
    try:
        upload_size_check(size=len(data))
    except UploadRefused as exc:
        raise PeopleFileError(str(exc)) from None
    if name.endswith((".xlsx", ".xlsm")) or data[:4] == b"PK\x03\x04":
        table = _read_xlsx(data)
    elif name.endswith(".xls"):
        raise PeopleFileError("Old .xls files are not supported; save the sheet as .xlsx or CSV.")
    else:
        table = _read_csv(data)
    if not any(table.header):
        raise PeopleFileError(
            "The first row must name the columns (e.g. employee_id, first_name, last_name)."
        )
    seen: set[str] = set()
    for name in table.header:
        if name and name in seen:
            raise PeopleFileError(
                f"Two columns are both called '{name}'; give each column its own name."
            )
        seen.add(name)
    return table
