"""Collaboration import (all or nothing), the connections page and who can help."""

from __future__ import annotations

import pytest
from django.urls import reverse

from workshift.insights.connections import connections_compute
from workshift.insights.models import CollaborationCount
from workshift.insights.services import ImportRejected, collaboration_import

pytestmark = pytest.mark.django_db


def test_it_imports_counts_by_employee_id_or_email(org, users):
    batch = collaboration_import(
        text="person,other_person,count,period\nT0004,T0005,12,2026-10\nmax@example.com,T0004,3,2026-11\n",
        source_name="counts.csv",
        user=users["lead"],
    )
    assert batch.rows == 2 and CollaborationCount.objects.count() == 2
    assert batch.periods == "2026-10, 2026-11"


def test_a_bad_row_names_row_column_and_problem_and_writes_nothing(org, users):
    text = "person,other_person,count,period\nT0004,T0005,12,2026-10\nT0004,NOPE,x,\nT0004,T0004,1,2026-10\n"
    with pytest.raises(ImportRejected) as rejected:
        collaboration_import(text=text, source_name="counts.csv", user=users["lead"])
    problems = {(e["row"], e["column"]) for e in rejected.value.errors}
    assert {(3, "other_person"), (3, "count"), (3, "period"), (4, "other_person")} <= problems
    assert CollaborationCount.objects.count() == 0


def test_it_rejects_a_file_without_the_header(org, users):
    with pytest.raises(ImportRejected, match="problem"):
        collaboration_import(text="a,b\n1,2\n", source_name="x.csv", user=users["lead"])


def test_the_upload_page_is_for_people_managers_and_shows_row_errors(org, users, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("insights:collaboration")
    assert client_for("member").get(url).status_code == 403
    assert client_for("anonymous").get(url).status_code == 302
    bad = SimpleUploadedFile("c.csv", b"person,other_person,count,period\nT0004,ZZZ,1,2026-10\n")
    page = client_for("lead").post(url, {"file": bad}).content.decode()
    assert "ZZZ" in page and "Problems to fix" in page
    good = SimpleUploadedFile("c.csv", b"person,other_person,count,period\nT0004,T0005,1,2026-10\n")
    assert client_for("lead").post(url, {"file": good}).status_code == 302


def test_the_connections_page_finds_the_planted_helper_with_reasons(
    pilot, crew, org, users, client_for
):
    from workshift.people.models import OrgUnit, Person

    # given a data analyst elsewhere with the skill the group lacks, and collaboration that never reaches Data
    data = OrgUnit.objects.create(code="DATA", name="Data and Analytics", parent=org["units"]["HQ"])
    planted = Person.objects.create(
        employee_id="D001",
        first_name="Dana",
        last_name="Data",
        unit=data,
        job_title="Data Analyst",
        skills=["churn modelling", "python"],
    )
    Person.objects.create(
        employee_id="D002",
        first_name="Dirk",
        last_name="Data",
        unit=data,
        job_title="Data Analyst",
        skills=["dashboards"],
    )
    lines = ["person,other_person,count,period"]
    members = list(crew["north"].members.all())
    for a, b in zip(members, members[1:], strict=False):
        lines.append(f"{a.employee_id},{b.employee_id},20,2026-10")
    lines.append("D001,D002,5,2026-10")
    collaboration_import(text="\n".join(lines), source_name="c.csv", user=users["lead"])
    connections_compute()  # what the worker does after an import
    # when the coach asks who can help North with churn
    response = client_for("coach").get(
        reverse("insights:connections", args=[pilot.pk]),
        {
            "q": "Which customers churn after a missed payment? We need churn modelling.",
            "workgroup": crew["north"].pk,
        },
    )
    page = response.content.decode()
    # then Dana comes first, with the reason in words
    assert response.status_code == 200
    first = page.index('data-testid="suggestions"')
    assert page.index("Dana Data", first) < page.index("Why:", first) + 400
    assert "churn modelling" in page
    # and the overseer view shows that Collections and Data never talk
    overseer = (
        client_for("champion")
        .get(reverse("insights:connections", args=[pilot.pk]))
        .content.decode()
    )
    assert (
        "Collections ↔ Data and Analytics" in overseer
        or "Data and Analytics ↔ Collections" in overseer
    )
    assert planted.pk


def test_workload_balance_flags_people_over_their_time(pilot, crew, org, client_for):
    from workshift.conditions.models import Workgroup, WorkgroupMember

    extra = Workgroup.objects.create(pilot=pilot, name="East")
    WorkgroupMember.objects.create(workgroup=extra, person=org["people"]["member"])
    page = client_for("lead").get(reverse("insights:connections", args=[pilot.pk])).content.decode()
    assert "150%" in page and "Max Member" in page
