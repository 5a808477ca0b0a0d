"""People and units over the REST API, with the same access rules as the pages.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""


import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from workshift.people import access

router = Router(tags=["people"])


class UnitOut(Schema):
    id: int
    code: str
    name: str
    kind: str
    parent_id: int | None


class PersonOut(Schema):
    id: int
    employee_id: str
    first_name: str
    last_name: str
    email: str
    unit_id: int | None
    manager_id: int | None
    job_title: str
    location: str
    start_date: dt.date | None
    skills: list[str]
    attributes: dict[str, Any]


class PeopleFilter(Schema):
    q: str = ""
    unit_id: int | None = None


def _browser(request: HttpRequest) -> None:
    if not request.user.can_browse_people:
        raise PermissionDenied("Your role does not include browsing people.")


@router.get("/people", response=list[PersonOut])
@paginate(PageNumberPagination, page_size=50)
def list_people(request: HttpRequest, filters: Query[PeopleFilter]) -> Any:
    _browser(request)
    people = access.people_visible_to(user=request.user).order_by("last_name", "first_name", "pk")
    if filters.q:
        people = people.filter(Q(first_name__icontains=filters.q) | Q(last_name__icontains=filters.q) | Q(employee_id__iexact=filters.q))
    if filters.unit_id:
        people = people.filter(unit_id=filters.unit_id)
    return people


@router.get("/people/{person_id}", response=PersonOut)
def get_person(request: HttpRequest, person_id: int) -> Any:
    _browser(request)
    return access.person_for_user(user=request.user, pk=person_id)


@router.get("/units", response=list[UnitOut])
@paginate(PageNumberPagination, page_size=100)
def list_units(request: HttpRequest) -> Any:
    _browser(request)
    return access.units_visible_to(user=request.user).order_by("name", "pk")


@router.get("/units/{unit_id}", response=UnitOut)
def get_unit(request: HttpRequest, unit_id: int) -> Any:
    _browser(request)
    return access.unit_for_user(user=request.user, pk=unit_id)
