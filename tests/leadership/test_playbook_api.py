# ruff: noqa: F811  (fixtures imported from tests.leadership.conftest are used as parameters)
"""Editing the default playbooks over the API: the draft, publishing a version, discarding it,
and moving a running pilot on; with the playbook pages' rules and validation."""

from __future__ import annotations

import json

from tests.impact.conftest import groups, metrics  # noqa: F401  (fixtures)

STEPS = "/api/playbooks/draft/steps"
NEW_STEP = {
    "role": "coach",
    "stage": "act",
    "title": "Pair up with another coach",
    "purpose": "Two coaches see more than one.",
    "minutes": 30,
    "link": "coaches",
}


def _send(client, method: str, url: str, data: dict | None = None):
    body = json.dumps(data) if data is not None else ""
    return client.generic(method, url, body, content_type="application/json")


def _drafts() -> int:
    from workshift.leadership.models import PlaybookVersion

    return PlaybookVersion.objects.filter(number__isnull=True).count()


def test_a_lead_edits_the_draft_publishes_it_and_moves_the_pilot_on(client_for, pilot) -> None:
    lead = client_for("lead")
    # given the starter playbooks and no draft
    start = lead.get("/api/playbooks").json()
    assert start["current"]["number"] == 1 and start["draft"] is None
    # when the lead adds, rewords, retires and moves steps
    added = _send(lead, "POST", STEPS, NEW_STEP)
    assert added.status_code == 201
    assert added.json()["key"].startswith("coach-") and added.json()["retired"] is False
    reworded = _send(
        lead,
        "PUT",
        f"{STEPS}/coach-metrics",
        {"title": "Learn the metrics by heart", "purpose": "p", "minutes": 20, "link": "coaches"},
    )
    assert reworded.status_code == 200 and reworded.json()["title"] == "Learn the metrics by heart"
    assert _send(lead, "POST", f"{STEPS}/coach-story/retire", {}).json()["retired"] is True
    moved = _send(lead, "POST", f"{STEPS}/coach-obstacle/move", {"direction": "up"})
    assert moved.status_code == 200
    act = [
        s["key"]
        for s in lead.get("/api/playbooks").json()["draft"]["steps"]
        if s["stage"] == "act" and s["role"] == "coach"
    ]
    assert act.index("coach-obstacle") < act.index("coach-reflection")
    # then the draft holds the changes and the current version does not
    shown = lead.get("/api/playbooks").json()
    draft_titles = {s["title"] for s in shown["draft"]["steps"]}
    assert {"Pair up with another coach", "Learn the metrics by heart"} <= draft_titles
    assert "Learn the metrics by heart" not in {s["title"] for s in shown["current"]["steps"]}
    # when the lead publishes the draft
    published = _send(lead, "POST", "/api/playbooks/draft/publish", {"note": "Coaches pair up."})
    assert published.status_code == 201
    assert (published.json()["number"], published.json()["published_by"]) == (2, "lena")
    # then the running pilot keeps version 1 until its lead moves it on
    pilot.refresh_from_db()
    assert pilot.playbook.playbook.number == 1
    moved_on = _send(lead, "POST", f"/api/pilots/{pilot.pk}/playbook/move-on")
    assert moved_on.status_code == 200 and moved_on.json() == {"pilot_id": pilot.pk, "version": 2}
    titles = {
        s["title"] for s in lead.get(f"/api/pilots/{pilot.pk}/playbook?role=coach").json()["steps"]
    }
    assert "Pair up with another coach" in titles
    # and with the draft gone, publishing again is a conflict, not a field error
    again = _send(lead, "POST", "/api/playbooks/draft/publish", {"note": "Again."})
    assert again.status_code == 409 and again.json()["code"] == "no_draft"


def test_a_discarded_draft_leaves_the_current_version_as_it_was(client_for, pilot) -> None:
    admin = client_for("administrator")
    assert _send(admin, "POST", f"{STEPS}/coach-story/retire", {}).status_code == 200
    assert _drafts() == 1
    assert _send(admin, "DELETE", "/api/playbooks/draft").status_code == 204
    playbooks = admin.get("/api/playbooks").json()
    assert playbooks["draft"] is None
    story = next(s for s in playbooks["current"]["steps"] if s["key"] == "coach-story")
    assert story["retired"] is False
    # discarding when there is no draft is fine
    assert _send(admin, "DELETE", "/api/playbooks/draft").status_code == 204


def test_only_leads_and_administrators_change_the_default_playbooks(client_for, pilot) -> None:
    # a champion reads the default playbooks but changes nothing
    champion = client_for("champion")
    assert champion.get("/api/playbooks").status_code == 200
    refused = _send(champion, "POST", STEPS, NEW_STEP)
    assert refused.status_code == 403 and refused.json()["code"] == "forbidden"
    assert _send(champion, "POST", f"{STEPS}/coach-story/retire", {}).status_code == 403
    assert _send(champion, "DELETE", "/api/playbooks/draft").status_code == 403
    # people who do not see the default playbooks are answered as if there were none
    for role in ("coach", "member", "outsider"):
        client = client_for(role)
        assert client.get("/api/playbooks").status_code == 404, role
        assert _send(client, "PUT", f"{STEPS}/coach-story", NEW_STEP).status_code == 404, role
    assert _send(client_for("anonymous"), "POST", STEPS, NEW_STEP).status_code == 401
    assert _drafts() == 0
    # moving a pilot on is for its lead, champion and administrators
    move_on = f"/api/pilots/{pilot.pk}/playbook/move-on"
    assert _send(client_for("member"), "POST", move_on).status_code == 403
    assert _send(client_for("outsider"), "POST", move_on).status_code == 404


def test_a_bad_step_is_refused_naming_its_fields_and_nothing_is_written(client_for, pilot) -> None:
    from workshift.leadership.models import PlaybookStep, PlaybookVersion

    lead = client_for("lead")
    steps = PlaybookStep.objects.count()
    bad = _send(lead, "POST", STEPS, {**NEW_STEP, "title": "", "minutes": 0, "link": "nowhere"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid"
    assert {e["field"] for e in bad.json()["errors"]} == {"title", "minutes", "link"}
    # rewording with a bad field does not open a draft either
    reword = _send(lead, "PUT", f"{STEPS}/coach-story", {**NEW_STEP, "done_when": "never"})
    assert reword.status_code == 422
    assert [e["field"] for e in reword.json()["errors"]] == ["done_when"]
    sideways = _send(lead, "POST", f"{STEPS}/coach-story/move", {"direction": "sideways"})
    assert sideways.status_code == 422 and sideways.json()["errors"][0]["field"] == "direction"
    assert _send(lead, "PUT", f"{STEPS}/no-such-step", NEW_STEP).status_code == 404
    assert _send(lead, "POST", f"{STEPS}/no-such-step/retire", {}).status_code == 404
    assert (_drafts(), PlaybookStep.objects.count()) == (0, steps)
    # a version needs a note saying what changed
    _send(lead, "POST", f"{STEPS}/coach-story/retire", {})
    silent = _send(lead, "POST", "/api/playbooks/draft/publish", {"note": "  "})
    assert silent.status_code == 422 and silent.json()["errors"][0]["field"] == "note"
    assert PlaybookVersion.objects.filter(number__isnull=False).count() == 1
