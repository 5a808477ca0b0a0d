"""The import pages: upload, mapping, preview with every bad row, re-upload, confirm, background run."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.people.conftest import csv_bytes, people_rows
from workshift.cli import main
from workshift.core.models import AuditEntry
from workshift.people.models import ImportJob, Person

HEADER = ["Staff Number", "First Name", "Last Name", "Email", "Unit Code", "Languages"]


def _upload(client, data: bytes, name: str = "people.csv", url: str | None = None):
    return client.post(
        url or reverse("people:import"),
        {"file": SimpleUploadedFile(name, data, content_type="text/csv")},
    )


def _rows(bad_email: bool = False) -> list[list[str]]:
    rows = [
        [f"S{i}", f"Ann{i}", "Lee", f"ann{i}@example.com", "CC-COL", "English; Polish"]
        for i in range(6)
    ]
    if bad_email:
        rows[3][3] = "ann3@"
    return rows


def test_an_upload_shows_the_guessed_mapping_and_every_bad_row(client_for, org) -> None:
    client = client_for("lead")
    response = _upload(client, csv_bytes(_rows(bad_email=True), HEADER))
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    page = client.get(job.get_absolute_url())
    html = page.content.decode()
    assert job.mapping["Staff Number"] == "employee_id" and job.mapping["Languages"] == ""
    assert "1 problem to fix before anything is saved" in html
    assert (
        "<td>5</td><td>Email</td><td>&#x27;ann3@&#x27; is not a valid e-mail address</td>" in html
    )
    assert reverse("people:import_confirm", args=[job.pk]) not in html
    assert not Person.objects.filter(employee_id__startswith="S").exists()


def test_a_bad_mapping_re_renders_with_the_users_choices_and_the_reason(client_for, org) -> None:
    client = client_for("lead")
    _upload(client, csv_bytes(_rows(), HEADER))
    job = ImportJob.objects.get()
    # the user maps two columns to the last name and the languages to an attribute without a name
    choices = {
        "col_0": "employee_id",
        "col_1": "last_name",
        "col_2": "last_name",
        "col_3": "email",
        "col_4": "unit_code",
        "col_5": "attribute",
        "attr_5": "",
    }
    response = client.post(reverse("people:import_mapping", args=[job.pk]), choices)
    html = response.content.decode()
    assert response.status_code == 422
    assert "First Name, Last Name are all mapped to Last name" in html
    assert "Name the attribute with letters" in html
    assert (
        '<option value="last_name" selected>' in html.split('name="col_1"')[1].split("</select>")[0]
    )
    assert (
        '<option value="attribute" selected>' in html.split('name="col_5"')[1].split("</select>")[0]
    )
    job.refresh_from_db()
    assert job.mapping["First Name"] == "first_name"


def test_fixing_the_file_and_confirming_imports_everyone_with_the_chosen_mapping(
    client_for, org
) -> None:
    client = client_for("lead")
    _upload(client, csv_bytes(_rows(bad_email=True), HEADER))
    job = ImportJob.objects.get()
    choices = {
        "col_0": "employee_id",
        "col_1": "first_name",
        "col_2": "last_name",
        "col_3": "email",
        "col_4": "unit_code",
        "col_5": "attribute",
        "attr_5": "languages",
    }
    assert client.post(reverse("people:import_mapping", args=[job.pk]), choices).status_code == 302
    # when the corrected file comes in, the attribute mapping is kept
    response = _upload(
        client, csv_bytes(_rows(), HEADER), url=reverse("people:import_reupload", args=[job.pk])
    )
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.mapping["Languages"] == "attribute:languages"
    page = client.get(job.get_absolute_url()).content.decode()
    assert "All 6 rows are ready" in page and "6 new people" in page
    # then confirming imports the rows and shows the result
    response = client.post(reverse("people:import_confirm", args=[job.pk]))
    assert response.status_code == 302
    result = client.get(job.get_absolute_url()).content.decode()
    assert "Imported 6 rows" in result and reverse("people:list") in result
    job.refresh_from_db()
    assert (job.status, job.created, job.created_by.username) == ("done", 6, "lena")
    assert Person.objects.get(employee_id="S3").attributes == {"languages": "English; Polish"}
    # and a second confirm does nothing more
    client.post(reverse("people:import_confirm", args=[job.pk]))
    assert Person.objects.filter(employee_id__startswith="S").count() == 6


def test_an_unreadable_upload_says_why_next_to_the_field(client_for, org) -> None:
    response = _upload(client_for("administrator"), b"a,a\n1,2\n")
    assert response.status_code == 200
    assert "Two columns are both called" in response.content.decode()
    wrong = _upload(client_for("administrator"), b"%PDF", name="people.pdf")
    assert "Choose a .csv or .xlsx file" in wrong.content.decode()
    assert not ImportJob.objects.exists()


# The worker checks its connection between tasks like a long-running process does, which closes a
# connection held in a test's wrapping transaction; these tests commit for real instead.
@pytest.mark.django_db(transaction=True)
def test_a_large_import_runs_in_a_real_worker_while_the_page_polls(
    client_for, org, settings
) -> None:
    # given a file larger than the background threshold, confirmed on the page
    settings.IMPORT_BACKGROUND_ROWS = 20
    client = client_for("lead")
    _upload(client, csv_bytes(people_rows(60)))
    job = ImportJob.objects.get()
    client.post(reverse("people:import_confirm", args=[job.pk]))
    job.refresh_from_db()
    assert (
        job.status == "queued" and not Person.objects.filter(employee_id__startswith="P").exists()
    )
    page = client.get(job.get_absolute_url()).content.decode()
    assert (
        'hx-trigger="every 1s"' in page and reverse("people:import_progress", args=[job.pk]) in page
    )
    # when the worker runs the queue
    assert main(["worker", "--batch"]) == 0
    # then the job is done and the polling panel sends the browser to the result
    job.refresh_from_db()
    assert (job.status, job.created, job.done, job.total) == ("done", 60, 60, 60)
    assert Person.objects.filter(employee_id__startswith="P").count() == 60
    poll = client.get(reverse("people:import_progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert poll["HX-Redirect"] == job.get_absolute_url()


@pytest.mark.django_db(transaction=True)
def test_a_background_import_that_meets_a_bad_row_records_it_and_saves_nothing(
    client_for, org, settings
) -> None:
    from workshift.people.import_jobs import import_job_create, import_job_start

    settings.IMPORT_BACKGROUND_ROWS = 5
    rows = people_rows(12)
    rows[4][8] = "2020-13-45"
    job = import_job_start(job=import_job_create(user=None, data=csv_bytes(rows), filename="p.csv"))
    assert main(["worker", "--batch"]) == 0
    job.refresh_from_db()
    assert job.status == "failed" and job.error_count == 1
    assert job.errors == [
        {
            "row": 6,
            "column": "start_date",
            "message": "'2020-13-45' is not a date; write it as YYYY-MM-DD",
        }
    ]
    assert not Person.objects.filter(employee_id__startswith="P").exists()


def _queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/people/", "/people/?sort=-unit&page=2", "/people/units/"])
def test_people_pages_run_the_same_queries_for_ten_or_a_thousand_people(
    client_for, org, url
) -> None:
    from workshift.people.imports import people_import

    client = client_for("manager")
    client.get(url)
    with_ten = _queries_for(client, url)
    assert people_import(data=csv_bytes(people_rows(990)), filename="p.csv").ok
    assert Person.objects.count() > 1000
    assert _queries_for(client, url) == with_ten


def test_confirming_twice_runs_the_import_once(client_for, org) -> None:
    from workshift.people.import_jobs import import_job_create, import_job_start

    job = import_job_create(user=None, data=csv_bytes(people_rows(5)), filename="p.csv")
    stale = ImportJob.objects.get(pk=job.pk)
    import_job_start(job=job)
    again = import_job_start(job=stale)
    assert again.status == "done" and again.created == 5
    assert AuditEntry.objects.filter(object_id="import").count() == 1


def test_an_import_that_breaks_midway_is_recorded_and_saves_nothing(org, monkeypatch) -> None:
    from workshift.people import import_jobs, imports

    def broken(**_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(imports, "_write", broken)
    job = import_jobs.import_job_start(
        job=import_jobs.import_job_create(
            user=None, data=csv_bytes(people_rows(5)), filename="p.csv"
        )
    )
    assert job.status == "failed" and "disk full" in job.message
    assert not Person.objects.filter(employee_id__startswith="P").exists()
