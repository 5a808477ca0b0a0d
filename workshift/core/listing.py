"""Sorting, pagination and CSV export for list pages."""

from __future__ import annotations

import csv
import functools
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse

from workshift.core.spreadsheet import rows_neutralised


def sorted_queryset(
    *, request: HttpRequest, queryset: QuerySet[Any], allowed: dict[str, str], default: str
) -> tuple[QuerySet[Any], str]:
    """Order by the `sort` query parameter if it names an allowed column.

    `allowed` maps the public key to a field path; a leading '-' on the key
    sorts descending. Returns the queryset and the key actually used.
    """
    key = request.GET.get("sort", default)
    name = key.lstrip("-")
    if name not in allowed:
        key, name = default, default.lstrip("-")
    field = allowed[name]
    descending = key.startswith("-")
    return queryset.order_by(f"-{field}" if descending else field, "pk"), key


def page_of(*, request: HttpRequest, items: Any, per_page: int = 25) -> Page[Any]:
    paginator = Paginator(items, per_page)
    return paginator.get_page(request.GET.get("page"))


def csv_response(
    *, filename: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerows(rows_neutralised([header]))
    writer.writerows(rows_neutralised(rows))
    return response


def csv_columns_response(
    *, filename: str, columns: Sequence[tuple[str, str]], items: Iterable[Any]
) -> HttpResponse:
    """CSV export from a column spec: (header, attribute) pairs.

    An attribute may be a dotted path (`person.full_name`); one that is a
    method (`get_status_display`) is called.
    """

    def value(item: Any, attribute: str) -> Any:
        found = functools.reduce(getattr, attribute.split("."), item)
        return found() if callable(found) else found

    return csv_response(
        filename=filename,
        header=[header for header, _ in columns],
        rows=([value(item, attribute) for _, attribute in columns] for item in items),
    )
