"""Every Recognize page and endpoint answers each role as intended."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import ROLE_USERNAMES

ALL_ROLES = [*ROLE_USERNAMES, "anonymous"]
EVERYONE = {"administrator", "lead", "champion", "coach", "member", "manager"}
TEAM = EVERYONE - {"member"}  # everyone in the pilot but workgroup members
EDITORS = {"administrator", "lead", "champion"}

# name -> (url kwargs builder, roles that get 200; other pilot roles get 403, the outsider 404)
PAGES = {
    "detail": (lambda r: {"pk": r["pilot"].pk}, EVERYONE),
    "edit": (lambda r: {"pk": r["pilot"].pk}, EDITORS),
    "members": (lambda r: {"pk": r["pilot"].pk}, TEAM),
    "catalyst": (lambda r: {"pk": r["pilot"].pk}, TEAM),
    "champion": (lambda r: {"pk": r["pilot"].pk}, TEAM),
    "candidates": (lambda r: {"pk": r["pilot"].pk}, TEAM),
    "candidate_create": (lambda r: {"pk": r["pilot"].pk}, EDITORS),
    "weights": (lambda r: {"pk": r["pilot"].pk}, EDITORS),
    "candidate_edit": (lambda r: {"pk": r["pilot"].pk, "candidate_pk": r["col"].pk}, EDITORS),
    "candidate_delete": (lambda r: {"pk": r["pilot"].pk, "candidate_pk": r["col"].pk}, EDITORS),
    "candidate_choose": (lambda r: {"pk": r["pilot"].pk, "candidate_pk": r["col"].pk}, EDITORS),
    "metrics": (lambda r: {"pk": r["pilot"].pk}, EVERYONE),
    "metric_create": (lambda r: {"pk": r["pilot"].pk}, EDITORS),
    "metric_edit": (lambda r: {"pk": r["pilot"].pk, "metric_pk": r["frontline"].pk}, EDITORS),
    "metric_delete": (lambda r: {"pk": r["pilot"].pk, "metric_pk": r["frontline"].pk}, EDITORS),
}


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("name", sorted(PAGES))
def test_each_page_answers_each_role_as_intended(
    client_for, recognized, role: str, name: str
) -> None:
    kwargs, allowed = PAGES[name]
    response = client_for(role).get(reverse(f"pilots:{name}", kwargs=kwargs(recognized)))
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role in allowed:
        assert response.status_code == 200
    elif role == "outsider":
        assert response.status_code == 404
    else:
        assert response.status_code == 403


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("name", ["candidates", "metrics"])
def test_csv_exports_follow_the_page_rules(client_for, recognized, role: str, name: str) -> None:
    _, allowed = PAGES[name]
    response = client_for(role).get(
        reverse(f"pilots:{name}", args=[recognized["pilot"].pk]) + "?format=csv"
    )
    expected = (
        200
        if role in allowed
        else 302
        if role == "anonymous"
        else 404
        if role == "outsider"
        else 403
    )
    assert response.status_code == expected
    if expected == 200:
        assert response["Content-Type"].startswith("text/csv")


@pytest.mark.parametrize("role", ALL_ROLES)
def test_only_pilot_creators_open_the_new_pilot_page(client_for, users, role: str) -> None:
    response = client_for(role).get(reverse("pilots:create"))
    if role == "anonymous":
        assert response.status_code == 302
    else:
        assert response.status_code == (200 if role in EDITORS else 403)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_pages_refuse_an_unsupported_method(client_for, recognized, name: str) -> None:
    kwargs, _ = PAGES[name]
    response = client_for("lead").put(reverse(f"pilots:{name}", kwargs=kwargs(recognized)))
    assert response.status_code == 405


@pytest.mark.parametrize("name", ["detail", "candidates", "metrics"])
def test_read_only_pages_refuse_post(client_for, recognized, name: str) -> None:
    assert (
        client_for("lead")
        .post(reverse(f"pilots:{name}", args=[recognized["pilot"].pk]))
        .status_code
        == 405
    )


def test_removing_a_member_needs_post(client_for, recognized, users) -> None:
    member = recognized["pilot"].memberships.get(user=users["coach"])
    url = reverse("pilots:member_remove", args=[recognized["pilot"].pk, member.pk])
    assert client_for("lead").get(url).status_code == 405


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("lead", 302),
        ("champion", 302),
        ("administrator", 302),
        ("coach", 403),
        ("manager", 403),
        ("member", 403),
        ("outsider", 404),
        ("anonymous", 302),
    ],
)
def test_only_editors_remove_members(
    client_for, recognized, users, role: str, expected: int
) -> None:
    member = recognized["pilot"].memberships.get(user=users["manager"])
    response = client_for(role).post(
        reverse("pilots:member_remove", args=[recognized["pilot"].pk, member.pk])
    )
    assert response.status_code == expected
    still_there = recognized["pilot"].memberships.filter(pk=member.pk).exists()
    assert still_there == (role not in EDITORS)


@pytest.mark.parametrize("role", ["coach", "manager", "member", "outsider"])
def test_non_editors_cannot_post_to_the_catalyst(client_for, recognized, role: str) -> None:
    response = client_for(role).post(
        reverse("pilots:catalyst", args=[recognized["pilot"].pk]),
        {"kind": "diffuse", "description": "x"},
    )
    assert response.status_code == (404 if role == "outsider" else 403)
    recognized["catalyst"].refresh_from_db()
    assert recognized["catalyst"].kind == "automation_capacity"


def test_members_see_vision_and_metrics_but_not_the_assessment_on_the_overview(
    client_for, recognized
) -> None:
    html = (
        client_for("member")
        .get(reverse("pilots:detail", args=[recognized["pilot"].pk]))
        .content.decode()
    )
    assert "Promise-to-pay kept rate" in html and "Vision" in html
    for secret in ("SECRET-NOTE-A", "SECRET-COMMIT", "SECRET-RATING", "Readiness", "Catalyst</h2>"):
        assert secret not in html
    metrics = (
        client_for("member")
        .get(reverse("pilots:metrics", args=[recognized["pilot"].pk]))
        .content.decode()
    )
    assert "Promise-to-pay kept rate" in metrics and "/catalyst/" not in metrics


def test_readers_see_the_assessment_without_edit_controls(client_for, recognized) -> None:
    html = (
        client_for("coach")
        .get(reverse("pilots:catalyst", args=[recognized["pilot"].pk]))
        .content.decode()
    )
    assert "SECRET-NOTE-A" in html and '<form class="ws-form' not in html


def test_the_chart_library_is_served_locally_and_cached(client, db) -> None:
    response = client.get(reverse("pilots:vega_script"))
    assert response.status_code == 200 and b"vegaEmbed" in response.content
    again = client.get(reverse("pilots:vega_script"), HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304


# ------------------------------------------------------------------ API

API_GETS = {
    "/pilots/{p}": EVERYONE,
    "/pilots/{p}/metrics": EVERYONE,
    "/pilots/{p}/catalyst": TEAM,
    "/pilots/{p}/champion": TEAM,
    "/pilots/{p}/candidates": TEAM,
    "/pilots/{p}/candidates/{c}": TEAM,
    "/pilots/{p}/readiness": TEAM,
    "/pilots/{p}/members": TEAM,
}


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("path", sorted(API_GETS))
def test_each_endpoint_answers_each_role_as_intended(
    client_for, recognized, role: str, path: str
) -> None:
    url = "/api" + path.format(p=recognized["pilot"].pk, c=recognized["col"].pk)
    response = client_for(role).get(url)
    if role == "anonymous":
        assert response.status_code == 401
    elif role in API_GETS[path]:
        assert response.status_code == 200
    else:
        assert response.status_code == (404 if role == "outsider" else 403)
        assert response.json()["code"] in ("not_found", "forbidden")
        assert "SECRET" not in response.content.decode()


@pytest.mark.parametrize("role", ALL_ROLES)
def test_the_pilot_list_endpoint_shows_only_visible_pilots(
    client_for, recognized, role: str
) -> None:
    response = client_for(role).get("/api/pilots")
    if role == "anonymous":
        assert response.status_code == 401
    else:
        ids = [p["id"] for p in response.json()["items"]]
        assert ids == ([] if role == "outsider" else [recognized["pilot"].pk])


@pytest.mark.parametrize("role", ["coach", "manager", "member", "outsider"])
def test_non_editors_cannot_change_anything_over_the_api(client_for, recognized, role: str) -> None:
    p = recognized["pilot"].pk
    c = client_for(role)
    expected = 404 if role == "outsider" else 403
    assert (
        c.patch(
            f"/api/pilots/{p}", {"version": 1, "name": "x"}, content_type="application/json"
        ).status_code
        == expected
    )
    assert (
        c.post(
            f"/api/pilots/{p}/candidates/{recognized['col'].pk}/choose",
            {"reason": "x"},
            content_type="application/json",
        ).status_code
        == expected
    )
    assert c.delete(f"/api/pilots/{p}/metrics/{recognized['frontline'].pk}").status_code == expected


def test_endpoints_refuse_an_unsupported_method(client_for, recognized) -> None:
    p = recognized["pilot"].pk
    assert client_for("lead").delete(f"/api/pilots/{p}/catalyst").status_code == 405
    assert (
        client_for("lead")
        .get(f"/api/pilots/{p}/candidates/{recognized['col'].pk}/choose")
        .status_code
        == 405
    )
