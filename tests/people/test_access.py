"""Who may see which people, units and imports, on pages and over the API."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.conftest import ROLE_USERNAMES
from tests.people.conftest import csv_bytes, people_rows
from workshift.people.models import ImportJob, Person

ROLES = [*ROLE_USERNAMES, "anonymous"]
BROWSERS = {"administrator", "lead", "champion", "manager"}
IMPORTERS = {"administrator", "lead"}


def _pages(org):
    """(url name, args, who gets 200). The manager (Contact Center) sees only that subtree."""
    member, outsider = org["people"]["member"], org["people"]["outsider"]
    return [
        ("people:list", [], BROWSERS),
        ("people:person", [member.pk], BROWSERS),
        ("people:person", [outsider.pk], BROWSERS - {"manager"}),
        ("people:units", [], BROWSERS),
        ("people:unit", [org["units"]["CC-COL"].pk], BROWSERS),
        ("people:unit", [org["units"]["FIN"].pk], BROWSERS - {"manager"}),
        ("people:import", [], IMPORTERS),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_people_and_unit_pages_answer_each_role_as_intended(client_for, org, role) -> None:
    for name, args, allowed in _pages(org):
        url = reverse(name, args=args)
        response = client_for(role).get(url)
        if role == "anonymous":
            assert response.status_code == 302 and "/accounts/login/" in response["Location"], url
        elif role in allowed:
            assert response.status_code == 200, (url, role)
        else:
            assert response.status_code in (403, 404), (url, role, response.status_code)


def test_people_pages_refuse_posts(client_for, org) -> None:
    client = client_for("administrator")
    for name, args, _allowed in _pages(org):
        if name != "people:import":
            assert client.post(reverse(name, args=args)).status_code == 405, name
    assert client.put(reverse("people:import")).status_code == 405


def test_only_people_managers_see_the_import_button(client_for, org) -> None:
    assert "Import people" in client_for("lead").get(reverse("people:list")).content.decode()
    assert (
        "Import people" not in client_for("champion").get(reverse("people:list")).content.decode()
    )


def test_the_manager_sees_only_their_unit_subtree(client_for, org) -> None:
    response = client_for("manager").get(reverse("people:list"))
    names = {p.employee_id for p in response.context["page"].object_list}
    assert (
        org["people"]["member"].employee_id in names
        and org["people"]["manager"].employee_id in names
    )
    assert (
        org["people"]["outsider"].employee_id not in names
        and org["people"]["lead"].employee_id not in names
    )
    units = {
        u.code
        for u in client_for("manager").get(reverse("people:units")).context["page"].object_list
    }
    assert units == {"CC", "CC-COL"}


@pytest.fixture
def draft(users, org):
    from workshift.people.import_jobs import import_job_create

    return import_job_create(
        user=users["lead"], data=csv_bytes(people_rows(5)), filename="people.csv"
    )


@pytest.mark.parametrize("role", ROLES)
def test_import_job_pages_are_for_their_lead_and_administrators(client_for, draft, role) -> None:
    urls = [
        reverse("people:import_job", args=[draft.pk]),
        reverse("people:import_progress", args=[draft.pk]),
    ]
    for url in urls:
        response = client_for(role).get(url)
        if role == "anonymous":
            assert response.status_code == 302
        elif role in IMPORTERS:
            assert response.status_code == 200, (url, role)
        else:
            assert response.status_code in (403, 404), (url, role)
    confirm = client_for(role).post(reverse("people:import_confirm", args=[draft.pk]))
    if role in IMPORTERS:
        assert confirm.status_code == 302
    else:
        assert confirm.status_code in (302, 403, 404) and (role == "anonymous") == (
            confirm.status_code == 302
        )
        draft.refresh_from_db()
        assert draft.status == ImportJob.Status.DRAFT


def test_another_lead_cannot_open_someone_elses_import(client_for, draft, users) -> None:
    from workshift.accounts.services import user_create

    other = user_create(username="lou", password="a-long-test-password", role="lead")
    from django.test import Client

    client = Client()
    client.force_login(other)
    assert client.get(reverse("people:import_job", args=[draft.pk])).status_code == 404


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("people:import_job", "post"),
        ("people:import_confirm", "get"),
        ("people:import_mapping", "get"),
        ("people:import_reupload", "get"),
        ("people:import_progress", "post"),
    ],
)
def test_import_pages_refuse_the_wrong_method(client_for, draft, name, method) -> None:
    response = getattr(client_for("lead"), method)(reverse(name, args=[draft.pk]))
    assert response.status_code == 405


# --- API -------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_people_api_answers_each_role_as_intended(client_for, org, role) -> None:
    member, outsider = org["people"]["member"], org["people"]["outsider"]
    client = client_for(role)
    for url, allowed in [
        ("/api/people", BROWSERS),
        ("/api/units", BROWSERS),
        (f"/api/people/{member.pk}", BROWSERS),
        (f"/api/people/{outsider.pk}", BROWSERS - {"manager"}),
        (f"/api/units/{org['units']['FIN'].pk}", BROWSERS - {"manager"}),
    ]:
        response = client.get(url)
        if role == "anonymous":
            assert response.status_code == 401, url
            assert response.json()["code"] == "unauthenticated"
        elif role in allowed:
            assert response.status_code == 200, (url, role)
        else:
            assert response.status_code in (403, 404), (url, role)
            assert response.json()["code"] in ("forbidden", "not_found")
    if role == "manager":
        ids = {p["employee_id"] for p in client.get("/api/people").json()["items"]}
        assert outsider.employee_id not in ids and member.employee_id in ids


def _upload(client, data: bytes, name: str = "people.csv", **fields):
    return client.post(
        "/api/people/import",
        {"file": SimpleUploadedFile(name, data, content_type="text/csv"), **fields},
    )


@pytest.mark.parametrize("role", ROLES)
def test_import_api_is_for_administrators_and_leads(client_for, org, role) -> None:
    response = _upload(client_for(role), csv_bytes(people_rows(5)), dry_run="true")
    if role == "anonymous":
        assert response.status_code == 401
    elif role in IMPORTERS:
        assert response.status_code == 200
        assert response.json() == {
            "dry_run": True,
            "rows": 5,
            "created": 5,
            "updated": 0,
            "unchanged": 0,
            "units_created": 1,
            "warnings": [],
        }
    else:
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
    assert not Person.objects.filter(employee_id__startswith="P").exists()


def test_import_api_refuses_get(client_for, org) -> None:
    assert client_for("lead").get("/api/people/import").status_code == 405


def test_import_api_saves_a_good_file_with_a_token(client, org, users) -> None:
    from workshift.accounts.services import api_token_create

    token = api_token_create(user=users["lead"], name="test")
    response = client.post(
        "/api/people/import",
        {"file": SimpleUploadedFile("p.csv", csv_bytes(people_rows(8)))},
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 200, response.content
    assert response.json()["created"] == 8
    assert Person.objects.filter(employee_id__startswith="P").count() == 8


def test_import_api_lists_every_bad_row_and_saves_nothing(client_for, org) -> None:
    rows = people_rows(10)
    rows[2][3] = "not-an-address"
    rows[7][8] = "yesterday"
    response = _upload(client_for("lead"), csv_bytes(rows))
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_rows" and "nothing was saved" in body["message"]
    assert body["errors"] == [
        {"row": 4, "column": "email", "message": "'not-an-address' is not a valid e-mail address"},
        {
            "row": 9,
            "column": "start_date",
            "message": "'yesterday' is not a date; write it as YYYY-MM-DD",
        },
    ]
    assert not Person.objects.filter(employee_id__startswith="P").exists()


def test_import_api_takes_a_mapping_and_explains_unreadable_files(client_for, org) -> None:
    client = client_for("administrator")
    data = csv_bytes([["Z1", "Zoe", "Park", "ops"]], ["Staff No", "Given", "Family", "Team"])
    response = _upload(
        client,
        data,
        mapping='{"Given": "first_name", "Family": "last_name", "Team": "attribute:team"}',
    )
    assert response.status_code == 200, response.content
    assert Person.objects.get(employee_id="Z1").attributes == {"team": "ops"}
    bad = _upload(client, b"", name="empty.csv")
    assert bad.status_code == 422 and bad.json()["code"] == "unreadable_file"
    wrong = _upload(client, data, mapping="[1]")
    assert wrong.status_code == 422 and wrong.json()["errors"][0]["field"] == "mapping"


def test_a_large_api_import_is_queued_and_can_be_followed(client_for, org, settings) -> None:
    settings.IMPORT_BACKGROUND_ROWS = 5
    client = client_for("lead")
    response = _upload(client, csv_bytes(people_rows(12)))
    assert response.status_code == 202
    job = response.json()
    assert job["status"] == "queued" and job["total"] == 12
    assert client.get(f"/api/people/imports/{job['id']}").json()["status"] == "queued"
    assert client_for("administrator").get(f"/api/people/imports/{job['id']}").status_code == 200
    assert client_for("champion").get(f"/api/people/imports/{job['id']}").status_code == 403
