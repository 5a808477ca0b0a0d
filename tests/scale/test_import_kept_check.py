"""The draft import page reads the check kept from the upload; it does not check the file again."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.people.conftest import csv_bytes
from workshift.people.models import ImportJob, Person

HEADER = ["Staff Number", "First Name", "Last Name", "Email", "Unit Code"]


def _rows(count: int, bad_every: int = 0) -> list[list[str]]:
    rows = []
    for i in range(count):
        email = "broken@" if bad_every and i % bad_every == 0 else f"k{i}@example.com"
        rows.append([f"K{i:05d}", f"Kim{i}", "Ode", email, "CC-COL"])
    return rows


def _upload(client, data: bytes):
    return client.post(
        reverse("people:import"), {"file": SimpleUploadedFile("p.csv", data, "text/csv")}
    )


def _people_queries(client, url: str) -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        html = client.get(url).content.decode()
    table = Person._meta.db_table
    return html, [q["sql"] for q in ctx.captured_queries if table in q["sql"]]


def test_the_upload_keeps_counts_and_row_problems_and_the_page_reads_them(client_for, org) -> None:
    client = client_for("lead")
    _upload(client, csv_bytes(_rows(40, bad_every=10), HEADER))
    job = ImportJob.objects.get()
    # then the check is on the job
    assert job.checked_at is not None
    assert job.preview["error_count"] == 4 and job.preview["rows"] == 40
    assert [e["row"] for e in job.preview["errors"]] == [2, 12, 22, 32]
    # and the page shows it without reading the people table again
    html, queries = _people_queries(client, job.get_absolute_url())
    assert "4 problems to fix before anything is saved" in html
    assert queries == []


def test_a_good_draft_shows_its_kept_counts_without_rechecking(client_for, org) -> None:
    client = client_for("lead")
    _upload(client, csv_bytes(_rows(25), HEADER))
    job = ImportJob.objects.get()
    assert job.preview["created"] == 25 and job.preview["error_count"] == 0
    html, queries = _people_queries(client, job.get_absolute_url())
    assert "All 25 rows are ready" in html and "25 new people" in html
    assert queries == []


def test_changing_the_mapping_checks_again_and_keeps_the_new_result(client_for, org) -> None:
    client = client_for("lead")
    _upload(client, csv_bytes(_rows(5), HEADER))
    job = ImportJob.objects.get()
    first_check = job.checked_at
    # the user drops the e-mail column
    response = client.post(
        reverse("people:import_mapping", args=[job.pk]),
        {
            "col_0": "employee_id",
            "col_1": "first_name",
            "col_2": "last_name",
            "col_3": "",
            "col_4": "unit_code",
        },
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.mapping["Email"] == "" and job.checked_at > first_check
    assert job.preview["mapping"]["Email"] == ""


def test_confirming_a_kept_check_still_checks_against_the_people_on_file(client_for, org) -> None:
    # given a draft kept as "3 new people" and one of them added by someone else since
    client = client_for("lead")
    _upload(client, csv_bytes(_rows(3), HEADER))
    job = ImportJob.objects.get()
    Person.objects.create(
        employee_id="K00001", first_name="Kim1", last_name="Ode", unit=org["units"]["CC-COL"]
    )
    # when the import is confirmed
    client.post(reverse("people:import_confirm", args=[job.pk]))
    # then the real run counts from the database, not from the kept preview
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert job.created == 2 and Person.objects.filter(employee_id__startswith="K").count() == 3
