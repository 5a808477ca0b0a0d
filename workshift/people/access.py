"""Who may see which people and units. Views never filter people by hand."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import QuerySet
from django.http import Http404

from workshift.people.models import ImportJob, OrgUnit, Person

SUBTREE_SQL = """
WITH RECURSIVE subtree(id) AS (
    SELECT id FROM {table} WHERE id = %s
    UNION
    SELECT unit.id FROM {table} AS unit JOIN subtree ON unit.parent_id = subtree.id
)
SELECT id FROM subtree
"""


def unit_subtree_ids(*, root_id: int) -> set[int]:
    """The ids of a unit and every unit below it, in one recursive query (cycles end the walk)."""
    with connection.cursor() as cursor:
        cursor.execute(SUBTREE_SQL.format(table=OrgUnit._meta.db_table), [root_id])
        return {int(row[0]) for row in cursor.fetchall()}


def _managed_unit_ids(user: Any) -> set[int]:
    person = getattr(user, "person", None)
    if person is None or person.unit_id is None:
        return set()
    return unit_subtree_ids(root_id=person.unit_id)


def people_visible_to(*, user: Any) -> QuerySet[Person]:
    if not user.is_authenticated or not user.can_browse_people:
        return Person.objects.none()
    if user.is_administrator or user.role in ("lead", "champion"):
        return Person.objects.all()
    return Person.objects.filter(unit_id__in=_managed_unit_ids(user))


def units_visible_to(*, user: Any) -> QuerySet[OrgUnit]:
    if not user.is_authenticated or not user.can_browse_people:
        return OrgUnit.objects.none()
    if user.is_administrator or user.role in ("lead", "champion"):
        return OrgUnit.objects.all()
    return OrgUnit.objects.filter(id__in=_managed_unit_ids(user))


def person_for_user(*, user: Any, pk: int, edit: bool = False) -> Person:
    person = people_visible_to(user=user).filter(pk=pk).select_related("unit", "manager").first()
    if person is None:
        raise Http404("No such person.")
    if edit and not user.can_manage_people:
        raise PermissionDenied("Only administrators and program leads can change people records.")
    return person


def person_personal_data_for_user(*, user: Any, pk: int) -> Person:
    """Exporting or erasing a person's personal data is for administrators only."""
    if not user.is_authenticated or not user.is_administrator:
        raise PermissionDenied("Only administrators can export or erase a person's data.")
    return person_for_user(user=user, pk=pk)


def unit_for_user(*, user: Any, pk: int) -> OrgUnit:
    unit = units_visible_to(user=user).filter(pk=pk).select_related("parent", "head").first()
    if unit is None:
        raise Http404("No such unit.")
    return unit


def require_people_browser(*, user: Any) -> None:
    if not user.is_authenticated or not user.can_browse_people:
        raise PermissionDenied("Your role does not include browsing people.")


def require_people_manager(*, user: Any) -> None:
    if not user.is_authenticated or not user.can_manage_people:
        raise PermissionDenied("Only administrators and program leads can import or change people.")


def import_jobs_visible_to(*, user: Any) -> QuerySet[ImportJob]:
    """Administrators see every people import; program leads see their own."""
    if not user.is_authenticated or not user.can_manage_people:
        return ImportJob.objects.none()
    if user.is_administrator:
        return ImportJob.objects.all()
    return ImportJob.objects.filter(created_by=user)


def import_job_for_user(*, user: Any, pk: int) -> ImportJob:
    require_people_manager(user=user)
    job = import_jobs_visible_to(user=user).filter(pk=pk).first()
    if job is None:
        raise Http404("No such import.")
    return job
