"""Cells written to CSV (or any sheet a spreadsheet opens), safe from formula injection.

A spreadsheet runs a cell that starts with `=`, `+`, `-`, `@`, tab or carriage
return as a formula (`=HYPERLINK(...)`, `+cmd|...`). Every file the product
writes passes its cells through `cell_neutralised`, which puts a single quote in
front of such text; every importer passes cells through `cell_restored`, which
takes exactly that quote off again, so our own export imports back unchanged.

A text that already starts with quotes before a trigger character gets one more
quote, so the round trip is exact for any text.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def _needs_quote(text: str) -> bool:
    return text.lstrip(QUOTE).startswith(FORMULA_TRIGGERS)


def cell_neutralised(value: Any) -> Any:
    """The value to write: text that a spreadsheet would run gets a leading quote; None becomes ''."""
    if value is None:
        return ""
    if isinstance(value, str) and _needs_quote(value):
        return QUOTE + value
    return value


def cell_restored(text: str) -> str:
    """The original text of a cell written by `cell_neutralised` (other text is returned as is)."""
    if text.startswith(QUOTE) and _needs_quote(text[1:]):
        return text[1:]
    return text


def rows_neutralised(rows: Iterable[Sequence[Any]]) -> Iterable[list[Any]]:
    for row in rows:
        yield [cell_neutralised(value) for value in row]
