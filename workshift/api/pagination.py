"""Page-number pagination with bounds the OpenAPI document states."""

from __future__ import annotations

from ninja import Field, Schema
from ninja.pagination import PageNumberPagination
from pydantic.json_schema import SkipJsonSchema

MAX_PAGE = 1_000_000
MAX_PAGE_SIZE = 500


class BoundedPagination(PageNumberPagination):
    """`page` from 1 to a million, `page_size` from 1 to 500 (the endpoint's default if absent)."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE)
        page_size: int | SkipJsonSchema[None] = Field(
            None, ge=1, le=MAX_PAGE_SIZE, description="Absent: the endpoint's own page size."
        )
