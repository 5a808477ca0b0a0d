"""A member of workgroup A gets 404 for every page and endpoint of workgroup B, whatever the kind of record."""

from __future__ import annotations

import json
import re

import pytest
from django.urls import get_resolver, reverse

import workshift.impact.api_records  # noqa: F401  (adds its routes to the router)
from workshift.impact.api import router

# which record each URL name of the app takes; every name must be listed (a new page cannot be forgotten)
RECORD_OF = {
    "workgroup": "workgroup",
    "charter": "workgroup",
    "practices": "workgroup",
    "opportunities": "workgroup",
    "slices": "workgroup",
    "slice_new": "workgroup",
    "reflections": "workgroup",
    "reflection_new": "workgroup",
    "obstacles": "workgroup",
    "readings": "workgroup",
    "reading_upload": "workgroup",
    "metric_chart": "workgroup+metric",
    "adopted_practice": "adopted",
    "opportunity": "opportunity",
    "opportunity_spin_off": "opportunity",
    "spin_off_decide": "proposal",
    "slice": "slice",
    "slice_stage": "slice",
    "reflection": "reflection",
    "obstacle": "obstacle",
    "obstacle_escalate": "obstacle",
    "obstacle_answer": "obstacle",
}
PILOT_PAGES = {
    "pilot",
    "pilot_obstacles",
    "pilot_learning",
    "pilot_capture",
    "practice_catalog",
    "spin_offs",
}
PERSONAL_PAGES = {"notifications", "notification_read", "notification_preferences", "practice_edit"}


def impact_url_names() -> set[str]:
    resolver = get_resolver()
    namespace = resolver.namespace_dict["impact"][1]
    return {name for name in namespace.reverse_dict if isinstance(name, str)}


def test_every_url_name_of_the_app_is_classified() -> None:
    assert impact_url_names() == set(RECORD_OF) | PILOT_PAGES | PERSONAL_PAGES


def _args(kind: str, records: dict[str, int]) -> list[int]:
    return (
        [records["workgroup"], records["metric"]] if kind == "workgroup+metric" else [records[kind]]
    )


@pytest.mark.parametrize("name", sorted(RECORD_OF))
def test_a_member_of_another_workgroup_gets_404_on_every_page(
    client_for, records_a, records_b, name: str
) -> None:
    client = client_for("member")
    url = reverse(f"impact:{name}", args=_args(RECORD_OF[name], records_b))
    get = client.get(url)
    post = client.post(
        url,
        {"title": "x", "stage": "act", "answer": "x", "status": "resolved", "decision": "approve"},
    )
    assert get.status_code in (404, 405) and post.status_code in (404, 405)
    assert 404 in (get.status_code, post.status_code)
    # and the same page of the member's own workgroup opens (or refuses only the method)
    own = client.get(reverse(f"impact:{name}", args=_args(RECORD_OF[name], records_a)))
    assert own.status_code in (200, 403, 405)


# API paths of the pilot, a shared practice or one's own notifications: not a workgroup's record
NOT_A_GROUPS_RECORD = ("{pilot_id}", "{practice_id}", "{notification_id}")


def _api_cases() -> list[tuple[str, str]]:
    cases = []
    for path, operations in router.path_operations.items():
        if any(param in path for param in NOT_A_GROUPS_RECORD):
            continue
        for operation in operations.operations:
            for method in operation.methods:
                cases.append((method, path))
    return cases


API_PARAM = {
    "workgroup_id": "workgroup",
    "obstacle_id": "obstacle",
    "opportunity_id": "opportunity",
    "slice_id": "slice",
    "reflection_id": "reflection",
    "adopted_id": "adopted",
    "proposal_id": "proposal",
}


@pytest.mark.parametrize(("method", "path"), [c for c in _api_cases() if "{" in c[1]])
def test_a_member_of_another_workgroup_gets_404_on_every_endpoint(
    client_for, records_b, method: str, path: str
) -> None:
    client = client_for("member")
    url = "/api" + re.sub(r"\{(\w+)\}", lambda m: str(records_b[API_PARAM[m.group(1)]]), path)
    body = {
        "metric_id": records_b["metric"],
        "on": "2026-01-05",
        "value": 1,
        "title": "x",
        "kind": "systemic",
        "stage": "act",
        "answer": "x",
        "status": "resolved",
        "happened": "x",
        "shared_outcome": "x",
        "practice_ids": [1],
        "confidence": 0.5,
        "effort": 1,
        "hypothesis": "x",
        "expected_change": "x",
        "start": "2026-01-05",
        "end": "2026-01-12",
        "our_version": "x",
        "used_on": "2026-01-05",
        "name": "x",
        "rationale": "x",
        "decision": "approve",
    }
    if path.endswith("/reflections"):
        body["kind"] = "after"
    if path.endswith("/evaluation"):
        body["status"] = "evaluated"
    if path.endswith("/readings/import"):
        from django.core.files.uploadedfile import SimpleUploadedFile

        upload = SimpleUploadedFile("readings.csv", b"metric,date,value\n")
        response = client.post(url, {"file": upload})
    else:
        response = client.generic(method, url, json.dumps(body), content_type="application/json")
    assert response.status_code == 404, (method, url, response.content)
    assert response.json()["code"] == "not_found"


def test_every_api_path_with_a_record_is_covered() -> None:
    names = {n for _, p in _api_cases() for n in re.findall(r"\{(\w+)\}", p)}
    assert names <= set(API_PARAM)


def test_the_pilot_view_shows_a_member_only_their_own_workgroup(client_for, groups, pilot) -> None:
    response = client_for("member").get(reverse("impact:pilot", args=[pilot.pk]))
    assert response.status_code == 200
    assert groups["a"].name.encode() in response.content
    assert groups["b"].name.encode() not in response.content


def test_the_pilot_view_shows_the_lead_every_workgroup(client_for, groups, pilot) -> None:
    response = client_for("lead").get(reverse("impact:pilot", args=[pilot.pk]))
    assert (
        groups["a"].name.encode() in response.content
        and groups["b"].name.encode() in response.content
    )


def test_a_person_cannot_read_someone_elses_notification(client_for, users) -> None:
    from workshift.impact.models import Notification

    note = Notification.objects.create(user=users["lead"], kind="answer", title="For Lena only")
    assert (
        client_for("member").post(reverse("impact:notification_read", args=[note.pk])).status_code
        == 404
    )
    assert b"For Lena only" not in client_for("member").get(reverse("impact:notifications")).content


@pytest.mark.parametrize(("method", "path"), [c for c in _api_cases() if "{" in c[1]])
def test_every_endpoint_answers_401_to_anonymous_and_404_to_an_outsider(
    client_for, records_a, method: str, path: str
) -> None:
    url = "/api" + re.sub(r"\{(\w+)\}", lambda m: str(records_a[API_PARAM[m.group(1)]]), path)
    assert (
        client_for("anonymous")
        .generic(method, url, "{}", content_type="application/json")
        .status_code
        == 401
    )
    response = client_for("outsider").generic(method, url, "{}", content_type="application/json")
    assert response.status_code in (404, 422)
    if method == "GET":
        assert response.status_code == 404
