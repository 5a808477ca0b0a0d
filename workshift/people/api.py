"""People and units over the REST API, with the same access rules as the pages.

No `from __future__ import annotations` here: django-ninja reads the annotations at import time.
"""

import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from workshift.api.errors import ApiError, require_valid
from workshift.api.pagination import BoundedPagination
from workshift.core.http import AuthedHttpRequest
from workshift.core.uploads import UploadRefused, upload_size_check
from workshift.people import access, import_jobs, imports, privacy
from workshift.people.forms import PersonEraseForm
from workshift.people.parsing import PeopleFileError
from workshift.people.search import people_filtered, sorted_matches
from workshift.people.tables import read_table

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


def _browser(request: AuthedHttpRequest) -> None:
    if not request.user.can_browse_people:
        raise PermissionDenied("Your role does not include browsing people.")


@router.get("/people", response=list[PersonOut])
@paginate(BoundedPagination, page_size=50)
def list_people(request: AuthedHttpRequest, filters: Query[PeopleFilter]) -> Any:
    _browser(request)
    people = access.people_visible_to(user=request.user).order_by("last_name", "first_name", "pk")
    if filters.q:
        people = people_filtered(people=people, query=filters.q)
        people = sorted_matches(people, "last_name", "first_name", "pk")
    if filters.unit_id:
        people = people.filter(unit_id=filters.unit_id)
    return people


@router.get("/people/{int:person_id}", response=PersonOut)
def get_person(request: AuthedHttpRequest, person_id: int) -> Any:
    _browser(request)
    return access.person_for_user(user=request.user, pk=person_id)


class EraseIn(Schema):
    confirm: str


class ErasedOut(Schema):
    person_id: int
    changed: dict[str, int]


@router.post("/people/{int:person_id}/erase", response=ErasedOut)
def erase_person(request: AuthedHttpRequest, person_id: int, payload: EraseIn) -> Any:
    """Erase a person everywhere Workshift stores them; cannot be undone (administrators; audited).

    `confirm` is the person's employee id. Their record stays as "Erased person" so groups and
    counts stay correct; pulse answers stay, anonymous; stories they did not agree to share are
    deleted; audit entries keep the event, not the name; their login and API tokens are closed.
    `changed` counts the records their name was removed from, per table and column.
    """
    person = access.person_personal_data_for_user(user=request.user, pk=person_id)
    form = PersonEraseForm(payload.dict(), person=person)
    require_valid(form, payload=payload)
    changed = privacy.person_erase(person=person, actor=request.user)
    return {"person_id": person.pk, "changed": changed}


@router.get("/units", response=list[UnitOut])
@paginate(BoundedPagination, page_size=100)
def list_units(request: AuthedHttpRequest) -> Any:
    _browser(request)
    return access.units_visible_to(user=request.user).order_by("name", "pk")


@router.get("/units/{int:unit_id}", response=UnitOut)
def get_unit(request: AuthedHttpRequest, unit_id: int) -> Any:
    _browser(request)
    return access.unit_for_user(user=request.user, pk=unit_id)


class ImportOut(Schema):
    dry_run: bool
    rows: int
    created: int
    updated: int
    unchanged: int
    units_created: int
    warnings: list[str]


class ImportJobOut(Schema):
    id: int
    file_name: str
    status: str
    total: int
    done: int
    created: int
    updated: int
    unchanged: int
    units_created: int
    error_count: int
    errors: list[dict[str, Any]]
    message: str


def _mapping(text: str) -> dict[str, str]:
    if not text:
        return {}
    try:
        mapping = json.loads(text)
    except ValueError:
        mapping = None
    if not isinstance(mapping, dict) or not all(isinstance(v, str) for v in mapping.values()):
        raise ApiError(
            status=422,
            code="invalid",
            message="The mapping must be a JSON object of column -> field.",
            errors=[{"field": "mapping", "message": 'e.g. {"EmployeeNumber": "employee_id"}'}],
        )
    return mapping


@router.post("/people/import", response={200: ImportOut, 202: ImportJobOut})
def import_people(
    request: HttpRequest,
    file: File[UploadedFile],
    dry_run: Form[bool] = False,
    mapping: Form[str] = "",
) -> Any:
    """Import people from a CSV or XLSX file (upsert by employee id, all or nothing).

    `mapping` is an optional JSON object of file column -> field (employee_id, first_name, ...,
    or attribute:<name>); unmapped columns are guessed from their names. Bad rows give 422 with
    every problem as {row, column, message}. Files with more rows than the background limit are
    queued (202) and can be followed at /api/people/imports/{id}.
    """
    access.require_people_manager(user=request.user)
    try:
        upload_size_check(size=file.size or 0)
    except UploadRefused as exc:
        raise ApiError.on_field(
            status=422, code="file_too_large", field="file", message=str(exc)
        ) from None
    data = file.read()
    chosen = _mapping(mapping)
    try:
        table = read_table(data=data, filename=file.name or "upload.csv")
    except PeopleFileError as exc:
        raise ApiError(status=422, code="unreadable_file", message=str(exc)) from None
    if not dry_run and len(table.rows) > settings.IMPORT_BACKGROUND_ROWS:
        job = import_jobs.import_job_create(
            user=request.user, data=data, filename=file.name or "upload.csv"
        )
        if chosen:
            job.mapping = imports.mapping_for(header=table.header, chosen=chosen)
            job.save(update_fields=["mapping"])
        return Status(202, import_jobs.import_job_start(job=job))
    outcome = imports.people_import(
        data=data,
        filename=file.name or "upload.csv",
        mapping=chosen,
        actor=request.user,
        dry_run=dry_run,
        table=table,
    )
    if outcome.errors:
        raise ApiError(
            status=422,
            code="invalid_rows",
            message=f"{len(outcome.errors)} problem{'s' if len(outcome.errors) != 1 else ''} in the file; nothing was saved.",
            errors=[e.as_dict() for e in outcome.errors],
        )
    return Status(200, {"dry_run": dry_run, "warnings": outcome.warnings, **outcome.counts()})


@router.get("/people/imports/{int:job_id}", response=ImportJobOut)
def get_import(request: HttpRequest, job_id: int) -> Any:
    return access.import_job_for_user(user=request.user, pk=job_id)
