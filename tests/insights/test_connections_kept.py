"""The connections analysis is computed by the worker after each collaboration import (and on
demand), kept with the time it was computed, and read by the page and the API."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from workshift.insights.models import CollaborationCount, CollaborationImport, ConnectionsAnalysis

pytestmark = pytest.mark.django_db


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }
    return settings


def _counts_csv(crew, org) -> bytes:
    north = list(crew["north"].members.all())
    lines = ["person,other_person,count,period"]
    lines += [
        f"{a.employee_id},{b.employee_id},25,2026-10"
        for a, b in zip(north, north[1:], strict=False)
    ]
    # the member is the one bridge from Collections to Finance
    lines.append(
        f"{org['people']['member'].employee_id},{org['people']['outsider'].employee_id},40,2026-10"
    )
    return "\n".join(lines).encode()


def test_an_upload_queues_the_analysis_and_the_page_shows_the_kept_result_and_its_age(
    client_for, crew, org, pilot, immediate_tasks, django_capture_on_commit_callbacks
) -> None:
    lead = client_for("lead")
    assert (
        "Not computed yet"
        in lead.get(reverse("insights:connections", args=[pilot.pk])).content.decode()
    )
    # when the lead uploads counts, the worker (run at once here) keeps the analysis
    with django_capture_on_commit_callbacks(execute=True):
        response = lead.post(
            reverse("insights:collaboration"),
            {"file": SimpleUploadedFile("c.csv", _counts_csv(crew, org), "text/csv")},
        )
    assert response.status_code in (200, 302)
    analysis = ConnectionsAnalysis.objects.get(pilot=pilot)
    assert analysis.collaboration_rows == CollaborationCount.objects.count() > 0
    assert analysis.data["brokers"][0]["person"] == org["people"]["member"].pk
    page = lead.get(reverse("insights:connections", args=[pilot.pk])).content.decode()
    assert "Computed" in page and "Max Member" in page
    # and the API serves the same kept analysis
    body = lead.get(f"/api/pilots/{pilot.pk}/connections").json()
    assert (
        body["computed_at"] is not None
        and body["collaboration_rows"] == analysis.collaboration_rows
    )
    assert body["brokers"][0]["person_id"] == org["people"]["member"].pk
    assert {"isolated", "isolated_count", "silent_unit_pairs"} <= set(body)


def test_the_page_reads_the_kept_analysis_not_the_counts(client_for, crew, org, pilot) -> None:
    from workshift.insights.connections import connections_compute

    batch = CollaborationImport.objects.create(source_name="x", rows=0)
    people = [p.pk for p in crew["specialists"]]

    def add(n: int) -> None:
        CollaborationCount.objects.bulk_create(
            CollaborationCount(
                batch=batch,
                person_a_id=people[i % 5],
                person_b_id=people[5 + i % 5],
                count=3,
                period=f"p{i}",
            )
            for i in range(n)
        )
        connections_compute()

    def queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as ctx:
            html = (
                client_for("champion")
                .get(reverse("insights:connections", args=[pilot.pk]))
                .content.decode()
            )
        assert not any(CollaborationCount._meta.db_table in q["sql"] for q in ctx.captured_queries)
        return len(ctx.captured_queries), html

    add(10)
    small, _ = queries()
    add(1000)
    large, html = queries()
    assert small == large and "from 1010 collaboration counts" in html


@pytest.mark.parametrize(
    ("role", "status"), [("member", 403), ("outsider", 404), ("anonymous", 401)]
)
def test_the_kept_analysis_is_for_overseers_over_the_api(client_for, pilot, role, status) -> None:
    assert client_for(role).get(f"/api/pilots/{pilot.pk}/connections").status_code == status


def test_an_overseer_asks_for_a_new_analysis_and_others_may_not(
    client_for, crew, pilot, django_capture_on_commit_callbacks
) -> None:
    from django_tasks_db.models import DBTaskResult

    url = reverse("insights:connections_refresh", args=[pilot.pk])
    assert client_for("coach").post(url).status_code == 403
    assert client_for("lead").get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for("lead").post(url).status_code == 302
    queued = DBTaskResult.objects.get(task_path__endswith="connections_compute_task")
    assert queued.args_kwargs["kwargs"] == {"pilot_id": pilot.pk}
