"""The API's shared behaviour: OpenAPI document, authentication and JSON errors."""

from __future__ import annotations

import pytest

from workshift.accounts.services import api_token_create


def test_the_openapi_document_and_docs_page_are_served(client, db) -> None:
    document = client.get("/api/openapi.json")
    assert document.status_code == 200
    assert document.json()["info"]["title"] == "Workshift API"
    assert client.get("/api/docs").status_code == 200


def test_an_anonymous_call_gets_401_with_a_machine_readable_body(client, db) -> None:
    response = client.get("/api/people")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_a_token_authenticates_and_a_bad_token_does_not(client, users) -> None:
    key = api_token_create(user=users["lead"], name="test")
    assert client.get("/api/people", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    bad = client.get("/api/people", HTTP_AUTHORIZATION="Bearer ws_not-a-token")
    assert bad.status_code == 401 and bad.json()["code"] == "unauthenticated"


def test_a_missing_record_is_a_json_404(client_for) -> None:
    response = client_for("lead").get("/api/people/999999")
    assert response.status_code == 404
    assert response.json() == {"code": "not_found", "message": "No such person.", "errors": []}


@pytest.mark.parametrize(
    "role,status",
    [("lead", 200), ("manager", 200), ("member", 403), ("coach", 403), ("outsider", 403)],
)
def test_people_endpoints_follow_the_page_rules(client_for, role: str, status: int) -> None:
    assert client_for(role).get("/api/people").status_code == status


def test_a_manager_sees_only_their_unit_subtree_over_the_api(client_for, org) -> None:
    outsider = org["people"]["outsider"]  # in Finance, outside the manager's Contact Center
    assert client_for("manager").get(f"/api/people/{outsider.pk}").status_code == 404
    member = org["people"]["member"]
    assert client_for("manager").get(f"/api/people/{member.pk}").status_code == 200


def test_an_invalid_query_parameter_is_a_json_422(client_for) -> None:
    response = client_for("lead").get("/api/people?unit_id=abc")
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and body["errors"][0]["field"].endswith("unit_id")
