"""The Recognize API: same rules, same messages, JSON errors."""

from __future__ import annotations

from workshift.pilots.models import EntryCandidate, Metric, Pilot, PilotMember
from workshift.pilots.services import STATUS_GUARDS


def _json(client, method: str, url: str, data: dict):
    return getattr(client, method)(url, data, content_type="application/json")


def test_a_lead_creates_a_pilot_and_becomes_its_lead(client_for, users) -> None:
    response = _json(client_for("lead"), "post", "/api/pilots", {"name": "Card disputes"})
    assert response.status_code == 201
    pilot = Pilot.objects.get(pk=response.json()["id"])
    assert PilotMember.objects.get(pilot=pilot).user == users["lead"]


def test_a_coach_cannot_create_a_pilot(client_for, users) -> None:
    assert _json(client_for("coach"), "post", "/api/pilots", {"name": "x"}).status_code == 403


def test_the_catalyst_put_returns_the_verdict(client_for, pilot) -> None:
    data = {
        "kind": "opportunity",
        "description": "A new market.",
        "must_break": False,
        "urgent": False,
        "beyond_optimization": True,
        "capacity": True,
    }
    body = _json(client_for("lead"), "put", f"/api/pilots/{pilot.pk}/catalyst", data).json()
    assert body["verdict"]["verdict"] == "opportunity" and body["verdict"]["summary"]


def test_a_stale_catalyst_update_gets_409(client_for, recognized) -> None:
    url = f"/api/pilots/{recognized['pilot'].pk}/catalyst"
    data = {"kind": "diffuse", "description": "x", "version": recognized["catalyst"].version}
    assert _json(client_for("lead"), "put", url, data).status_code == 200
    response = _json(client_for("champion"), "put", url, data)
    assert response.status_code == 409 and response.json()["code"] == "conflict"


def test_candidates_come_ranked_with_checks_and_reasons(client_for, recognized) -> None:
    rows = client_for("manager").get(f"/api/pilots/{recognized['pilot'].pk}/candidates").json()
    assert [r["id"] for r in rows] == [recognized["col"].pk, recognized["fin"].pk]
    fin = rows[1]
    assert any("10 people" in c for c in fin["checks_failed"]) and any(
        "influence" in c for c in fin["checks_failed"]
    )
    assert rows[0]["checks_failed"] == [] and rows[0]["reasons"]


def test_a_candidate_with_a_small_pool_is_created_and_flagged(client_for, pilot, org) -> None:
    data = {"unit_id": org["units"]["CC"].pk, "pool_size": 9, "freeable_capacity_pct": 80}
    response = _json(client_for("lead"), "post", f"/api/pilots/{pilot.pk}/candidates", data)
    assert response.status_code == 201 and "9 people" in response.json()["checks_failed"][0]


def test_a_rating_out_of_range_gets_422_naming_the_field(client_for, pilot, org) -> None:
    data = {"unit_id": org["units"]["CC"].pk, "freeable_capacity_pct": 150}
    response = _json(client_for("lead"), "post", f"/api/pilots/{pilot.pk}/candidates", data)
    assert (
        response.status_code == 422
        and response.json()["errors"][0]["field"] == "freeable_capacity_pct"
    )
    assert not EntryCandidate.objects.exists()


def test_choosing_over_the_api_sets_the_entry_unit(client_for, recognized, org) -> None:
    p = recognized["pilot"]
    response = _json(
        client_for("champion"),
        "post",
        f"/api/pilots/{p.pk}/candidates/{recognized['fin'].pk}/choose",
        {"reason": "Why not."},
    )
    assert response.status_code == 200 and response.json()["chosen_by"] == "carl"
    p.refresh_from_db()
    assert p.entry_unit == org["units"]["FIN"]
    empty = _json(
        client_for("champion"),
        "post",
        f"/api/pilots/{p.pk}/candidates/{recognized['col'].pk}/choose",
        {"reason": ""},
    )
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "reason"


def test_a_metric_without_direction_gets_422_naming_the_field(client_for, pilot) -> None:
    data = {"level": "business", "name": "Revenue", "unit": "EUR", "cadence": "monthly"}
    response = _json(client_for("lead"), "post", f"/api/pilots/{pilot.pk}/metrics", data)
    assert response.status_code == 422 and "direction" in response.json()["errors"][0]["field"]
    assert not Metric.objects.exists()


def test_a_metric_at_the_wrong_level_gets_422_at_the_parent(client_for, recognized) -> None:
    data = {
        "level": "frontline",
        "parent_id": recognized["business"].pk,
        "name": "x",
        "unit": "%",
        "direction": "up",
        "cadence": "weekly",
    }
    response = _json(
        client_for("lead"), "post", f"/api/pilots/{recognized['pilot'].pk}/metrics", data
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "parent"


def test_a_parent_from_another_pilot_is_refused(client_for, recognized) -> None:
    other = Pilot.objects.create(name="Other")
    foreign = Metric.objects.create(
        pilot=other, level="business", name="Elsewhere", unit="x", direction="up", cadence="monthly"
    )
    data = {
        "level": "operating",
        "parent_id": foreign.pk,
        "name": "x",
        "unit": "%",
        "direction": "up",
        "cadence": "weekly",
    }
    response = _json(
        client_for("lead"), "post", f"/api/pilots/{recognized['pilot'].pk}/metrics", data
    )
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "parent_id"


def test_a_blocked_status_change_gets_409_with_the_reasons(client_for, pilot) -> None:
    def guard(p, status):
        return ["Two participants have less than 75% freed."] if status == "closed" else []

    STATUS_GUARDS.append(guard)
    try:
        response = _json(
            client_for("lead"), "post", f"/api/pilots/{pilot.pk}/status", {"status": "closed"}
        )
    finally:
        STATUS_GUARDS.remove(guard)
    assert response.status_code == 409
    assert response.json()["errors"] == [
        {"field": "status", "message": "Two participants have less than 75% freed."}
    ]
    pilot.refresh_from_db()
    assert pilot.status == "running"


def test_readiness_over_the_api_lists_every_step(client_for, recognized) -> None:
    body = client_for("coach").get(f"/api/pilots/{recognized['pilot'].pk}/readiness").json()
    assert body["total"] == 7 and body["done"] == 4 and all(s["risk"] for s in body["steps"])


def test_members_over_the_api(client_for, pilot, users) -> None:
    from django.contrib.auth import get_user_model

    other = get_user_model().objects.create_user(username="nina", password="x-long-password-1")
    url = f"/api/pilots/{pilot.pk}/members"
    assert (
        _json(client_for("lead"), "post", url, {"user_id": other.pk, "role": "coach"}).status_code
        == 201
    )
    again = _json(client_for("lead"), "post", url, {"user_id": other.pk, "role": "coach"})
    assert again.status_code == 422 and again.json()["errors"][0]["field"] == "user"
