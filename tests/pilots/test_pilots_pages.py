"""Recognize pages: what a lead does, what bad input gets back, and what is recorded."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from workshift.core.models import AuditEntry
from workshift.pilots.models import (
    CatalystAssessment,
    Champion,
    EntryCandidate,
    Metric,
    Pilot,
    PilotMember,
)
from workshift.pilots.services import STATUS_GUARDS


def _csv(response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def test_creating_a_pilot_makes_the_creator_its_program_lead(client_for, users) -> None:
    response = client_for("champion").post(
        reverse("pilots:create"), {"name": "Card disputes", "vision_value": "More value"}
    )
    pilot = Pilot.objects.get(name="Card disputes")
    assert response.status_code == 302 and response["Location"] == pilot.get_absolute_url()
    assert pilot.status == "exploring"
    assert PilotMember.objects.get(pilot=pilot).user == users["champion"]
    assert PilotMember.objects.get(pilot=pilot).role == "lead"


def test_creating_a_pilot_without_a_name_keeps_the_input_and_says_why(client_for, users) -> None:
    response = client_for("lead").post(
        reverse("pilots:create"), {"name": "", "vision_focus": "Unseen problems"}
    )
    html = response.content.decode()
    assert response.status_code == 200 and "id_name_error" in html and "Unseen problems" in html
    assert not Pilot.objects.exists()


@pytest.fixture
def blocking_guard():
    def guard(pilot, status):
        return (
            ["Every participant needs 75% freed capacity (2 people below)."]
            if status == "closed"
            else []
        )

    STATUS_GUARDS.append(guard)
    yield guard
    STATUS_GUARDS.remove(guard)


def _edit_data(pilot: Pilot, **changes) -> dict:
    data = {
        "name": pilot.name,
        "vision_value": pilot.vision_value,
        "vision_focus": pilot.vision_focus,
        "vision_capabilities": pilot.vision_capabilities,
        "status": pilot.status,
        "edit_version": pilot.version,
        "start_date": "",
        "end_date": "",
    }
    data.update(changes)
    return data


def test_a_blocked_status_change_shows_the_reasons_at_the_field_and_saves_nothing(
    client_for, pilot, blocking_guard
) -> None:
    response = client_for("lead").post(
        reverse("pilots:edit", args=[pilot.pk]), _edit_data(pilot, status="closed", name="Renamed")
    )
    html = response.content.decode()
    assert response.status_code == 200 and "id_status_error" in html and "2 people below" in html
    pilot.refresh_from_db()
    assert pilot.status == "running" and pilot.name == "Collections pilot"


def test_an_allowed_status_change_goes_through(client_for, pilot, blocking_guard) -> None:
    response = client_for("lead").post(
        reverse("pilots:edit", args=[pilot.pk]), _edit_data(pilot, status="reviewing")
    )
    assert response.status_code == 302
    pilot.refresh_from_db()
    assert pilot.status == "reviewing"
    assert AuditEntry.objects.filter(
        model="pilots.Pilot", object_id=str(pilot.pk), changes__has_key="status"
    ).exists()


def test_a_stale_pilot_edit_is_refused_and_keeps_the_input(client_for, pilot) -> None:
    data = _edit_data(pilot, name="Mine")
    Pilot.objects.filter(pk=pilot.pk).update(version=pilot.version + 1)
    response = client_for("lead").post(reverse("pilots:edit", args=[pilot.pk]), data)
    assert (
        response.status_code == 200
        and "Someone else saved" in response.content.decode()
        and "Mine" in response.content.decode()
    )
    assert Pilot.objects.get(pk=pilot.pk).name == "Collections pilot"


def test_an_end_date_before_the_start_is_refused_at_the_field(client_for, pilot) -> None:
    response = client_for("lead").post(
        reverse("pilots:edit", args=[pilot.pk]),
        _edit_data(pilot, start_date="2026-05-01", end_date="2026-04-01"),
    )
    assert "id_end_date_error" in response.content.decode()


CATALYST = {
    "kind": "market_pressure",
    "description": "Fintechs take our younger customers.",
    "must_break": "True",
    "urgent": "True",
    "beyond_optimization": "True",
    "capacity": "True",
}


def test_assessing_a_catalyst_shows_a_strong_verdict(client_for, pilot, users) -> None:
    response = client_for("lead").post(
        reverse("pilots:catalyst", args=[pilot.pk]), CATALYST, follow=True
    )
    html = response.content.decode()
    assert "Verdict: Strong catalyst" in html
    catalyst = CatalystAssessment.objects.get(pilot=pilot)
    entry = AuditEntry.objects.get(
        model="pilots.CatalystAssessment", object_id=str(catalyst.pk), action="create"
    )
    assert entry.actor == users["lead"] and entry.pilot_id == pilot.pk


def test_a_weak_catalyst_explains_itself(client_for, pilot) -> None:
    data = {**CATALYST, "capacity": "False", "absorbing_change": "on"}
    html = (
        client_for("champion")
        .post(reverse("pilots:catalyst", args=[pilot.pk]), data, follow=True)
        .content.decode()
    )
    assert "Verdict: Weak catalyst" in html
    assert "absorb attention and capacity" in html and "No to “Capacity can be created" in html


def test_an_unanswered_question_is_kept_as_not_answered(client_for, pilot) -> None:
    client_for("lead").post(reverse("pilots:catalyst", args=[pilot.pk]), {**CATALYST, "urgent": ""})
    assert CatalystAssessment.objects.get(pilot=pilot).urgent is None


CHAMPION = {
    "title": "",
    "is_c_level": "on",
    "committed_on": "2026-01-05",
    "communicated_on": "2026-01-20",
    "covered_on": "2026-02-01",
    "vision": "Frontline specialists get time to learn and keep their jobs.",
    "vision_frontline_gain": "on",
}


def test_naming_a_c_level_champion_with_a_frontline_vision_shows_no_warnings(
    client_for, pilot, org
) -> None:
    data = {**CHAMPION, "person": org["people"]["champion"].pk}
    html = (
        client_for("lead")
        .post(reverse("pilots:champion", args=[pilot.pk]), data, follow=True)
        .content.decode()
    )
    assert (
        "Chief Operating Officer" in html and "Not C-level" not in html and "Warnings" not in html
    )


def test_a_champion_below_c_level_with_a_vague_vision_is_flagged_with_the_risk(
    client_for, pilot, org
) -> None:
    data = {
        **CHAMPION,
        "person": org["people"]["manager"].pk,
        "is_c_level": "",
        "vision": "We embrace AI.",
        "vision_frontline_gain": "",
    }
    html = (
        client_for("lead")
        .post(reverse("pilots:champion", args=[pilot.pk]), data, follow=True)
        .content.decode()
    )
    assert "Not C-level" in html and "job loss" in html and "the best leave" in html
    assert Champion.objects.get(pilot=pilot).person == org["people"]["manager"]


def _candidate(org, unit="CC-COL", **changes) -> dict:
    data = {
        "unit": org["units"][unit].pk,
        "unit_type": "business_unit",
        "coupling": "self_contained",
        "position": "core",
        "supervisors_motivated": 4,
        "collaborative_groups": 3,
        "leadership_support": 4,
        "improvement_exposure": 3,
        "freeable_capacity_pct": 80,
        "pool_size": 40,
        "in_champion_influence": "on",
        "notes": "",
    }
    data.update(changes)
    return data


def test_a_pool_below_15_and_a_unit_outside_the_champions_influence_are_flagged_with_reasons(
    client_for, pilot, org
) -> None:
    c = client_for("lead")
    c.post(reverse("pilots:candidate_create", args=[pilot.pk]), _candidate(org, pool_size=12))
    c.post(
        reverse("pilots:candidate_create", args=[pilot.pk]),
        _candidate(org, unit="FIN", in_champion_influence=""),
    )
    c.post(reverse("pilots:candidate_create", args=[pilot.pk]), _candidate(org, unit="CC"))
    html = c.get(reverse("pilots:candidates", args=[pilot.pk])).content.decode()
    assert "The frontline pool has 12 people" in html
    assert "outside the champion&#x27;s influence: nobody could protect" in html
    rows = _csv(c.get(reverse("pilots:candidates", args=[pilot.pk]) + "?format=csv"))
    assert [r["unit_code"] for r in rows][0] == "CC"  # the only one passing every check ranks first
    assert {r["unit_code"]: r["passes_checks"] for r in rows} == {
        "CC": "yes",
        "CC-COL": "no",
        "FIN": "no",
    }
    assert "12 people" in next(r for r in rows if r["unit_code"] == "CC-COL")["checks_failed"]


def test_a_unit_can_only_be_a_candidate_once(client_for, recognized, org) -> None:
    response = client_for("lead").post(
        reverse("pilots:candidate_create", args=[recognized["pilot"].pk]), _candidate(org)
    )
    assert (
        "id_unit_error" in response.content.decode()
        and "already a candidate" in response.content.decode()
    )


def test_a_freeable_capacity_above_100_is_refused_at_the_field(client_for, pilot, org) -> None:
    response = client_for("lead").post(
        reverse("pilots:candidate_create", args=[pilot.pk]),
        _candidate(org, freeable_capacity_pct=120),
    )
    assert "id_freeable_capacity_pct_error" in response.content.decode()
    assert not EntryCandidate.objects.exists()


def test_choosing_an_entry_point_records_who_why_and_sets_the_pilots_entry_unit(
    client_for, recognized, users, org
) -> None:
    pilot, fin = recognized["pilot"], recognized["fin"]
    url = reverse("pilots:candidate_choose", args=[pilot.pk, fin.pk])
    page = client_for("lead").get(url).content.decode()
    assert "fails a hard check" in page
    client_for("lead").post(url, {"reason": "Finance wants it badly."})
    fin.refresh_from_db()
    pilot.refresh_from_db()
    assert (
        fin.chosen_by == users["lead"]
        and fin.chosen_reason == "Finance wants it badly."
        and fin.chosen_at
    )
    assert pilot.entry_unit == org["units"]["FIN"]
    # choosing another one moves the choice
    client_for("champion").post(
        reverse("pilots:candidate_choose", args=[pilot.pk, recognized["col"].pk]),
        {"reason": "Better."},
    )
    assert list(EntryCandidate.objects.filter(chosen_at__isnull=False)) == [recognized["col"]]


def test_choosing_without_a_reason_is_refused_at_the_field(client_for, recognized) -> None:
    response = client_for("lead").post(
        reverse("pilots:candidate_choose", args=[recognized["pilot"].pk, recognized["col"].pk]),
        {"reason": " "},
    )
    assert "id_reason_error" in response.content.decode()
    assert not EntryCandidate.objects.filter(chosen_at__isnull=False).exists()


def test_the_leads_weights_are_stored_and_change_the_scores(client_for, recognized) -> None:
    from workshift.engine.scoring import DEFAULT_WEIGHTS

    pilot = recognized["pilot"]
    before = _csv(
        client_for("lead").get(reverse("pilots:candidates", args=[pilot.pk]) + "?format=csv")
    )
    data = {**DEFAULT_WEIGHTS, "likelihood_supervisors": 5.0}
    assert (
        client_for("lead").post(reverse("pilots:weights", args=[pilot.pk]), data).status_code == 302
    )
    pilot.refresh_from_db()
    assert pilot.entry_weights["likelihood_supervisors"] == 5.0
    after = _csv(
        client_for("lead").get(reverse("pilots:candidates", args=[pilot.pk]) + "?format=csv")
    )
    col_before = next(r for r in before if r["unit_code"] == "CC-COL")
    col_after = next(r for r in after if r["unit_code"] == "CC-COL")
    assert float(col_after["likelihood"]) > float(col_before["likelihood"])


def test_a_weight_out_of_range_is_refused_at_the_field(client_for, recognized) -> None:
    from workshift.engine.scoring import DEFAULT_WEIGHTS

    response = client_for("lead").post(
        reverse("pilots:weights", args=[recognized["pilot"].pk]),
        {**DEFAULT_WEIGHTS, "impact_core": 9},
    )
    assert "id_impact_core_error" in response.content.decode()


def _metric(**changes) -> dict:
    data = {
        "level": "business",
        "parent": "",
        "name": "Revenue",
        "unit": "EUR",
        "direction": "up",
        "cadence": "monthly",
        "baseline": "",
        "target": "",
        "owner": "",
        "data_source": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("field", ["direction", "cadence"])
def test_a_metric_without_direction_or_cadence_is_refused_at_the_field(
    client_for, pilot, field: str
) -> None:
    response = client_for("lead").post(
        reverse("pilots:metric_create", args=[pilot.pk]),
        _metric(**{field: "", "name": "Kept promises"}),
    )
    html = response.content.decode()
    assert response.status_code == 200 and f"id_{field}_error" in html and "Kept promises" in html
    assert (
        "up or down is good" if field == "direction" else "how often the metric is read"
    ) in html
    assert not Metric.objects.exists()


def test_a_frontline_metric_directly_under_a_business_metric_is_refused(
    client_for, recognized
) -> None:
    response = client_for("lead").post(
        reverse("pilots:metric_create", args=[recognized["pilot"].pk]),
        _metric(level="frontline", parent=recognized["business"].pk, cadence="weekly"),
    )
    assert (
        "id_parent_error" in response.content.decode()
        and "under an operating metric" in response.content.decode()
    )


def test_an_operating_metric_without_a_parent_is_refused(client_for, pilot) -> None:
    response = client_for("lead").post(
        reverse("pilots:metric_create", args=[pilot.pk]), _metric(level="operating")
    )
    assert "under a key business metric" in response.content.decode()


def test_adding_a_child_prefills_the_next_level(client_for, recognized) -> None:
    url = (
        reverse("pilots:metric_create", args=[recognized["pilot"].pk])
        + f"?parent={recognized['operating'].pk}"
    )
    form = client_for("lead").get(url).context["form"]
    assert (
        form.initial["level"] == "frontline"
        and form.initial["parent"] == recognized["operating"].pk
    )


def test_a_metric_cannot_be_moved_under_its_own_child(client_for, recognized) -> None:
    business = recognized["business"]
    # an operating metric moved under... itself is excluded from choices; moving the operating metric under a frontline
    # one is impossible since frontline metrics are no parents
    response = client_for("lead").post(
        reverse("pilots:metric_edit", args=[recognized["pilot"].pk, recognized["operating"].pk]),
        _metric(level="operating", parent=recognized["frontline"].pk, edit_version=1),
    )
    assert "id_parent_error" in response.content.decode()
    assert Metric.objects.get(pk=recognized["operating"].pk).parent == business


def test_deleting_a_metric_asks_first_then_removes_its_subtree_with_audit_entries(
    client_for, recognized
) -> None:
    url = reverse("pilots:metric_delete", args=[recognized["pilot"].pk, recognized["operating"].pk])
    confirm = client_for("lead").get(url).content.decode()
    assert "The 1 metrics below it are deleted too" in confirm
    assert Metric.objects.count() == 3
    client_for("lead").post(url)
    assert list(Metric.objects.all()) == [recognized["business"]]
    assert AuditEntry.objects.filter(model="pilots.Metric", action="delete").count() == 2


def test_the_metrics_csv_lists_the_tree_depth_first(client_for, recognized) -> None:
    rows = _csv(
        client_for("member").get(
            reverse("pilots:metrics", args=[recognized["pilot"].pk]) + "?format=csv"
        )
    )
    assert [(r["depth"], r["level"], r["name"]) for r in rows] == [
        ("0", "business", "Revenue from existing customers"),
        ("1", "operating", "Retention after collection"),
        ("2", "frontline", "Promise-to-pay kept rate"),
    ]


def test_the_overview_shows_a_readiness_panel_with_missing_steps_and_risks(
    client_for, pilot
) -> None:
    html = client_for("lead").get(reverse("pilots:detail", args=[pilot.pk])).content.decode()
    assert "0 of 7 steps done" in html and "Risk: Without a strong catalyst" in html


def test_a_recognized_pilot_shows_what_is_left(client_for, recognized) -> None:
    html = (
        client_for("coach")
        .get(reverse("pilots:detail", args=[recognized["pilot"].pk]))
        .content.decode()
    )
    # vision empty, commitments missing, no entry chosen
    assert "4 of 7 steps done" in html


def test_members_are_added_and_removed_but_the_last_lead_stays(client_for, pilot, users) -> None:
    from django.contrib.auth import get_user_model

    other = get_user_model().objects.create_user(username="nina", password="x-long-password-1")
    response = client_for("lead").post(
        reverse("pilots:members", args=[pilot.pk]), {"user": other.pk, "role": "coach"}
    )
    assert (
        response.status_code == 302
        and PilotMember.objects.get(pilot=pilot, user=other).role == "coach"
    )
    lead = PilotMember.objects.get(pilot=pilot, user=users["lead"])
    response = client_for("lead").post(
        reverse("pilots:member_remove", args=[pilot.pk, lead.pk]), follow=True
    )
    assert "needs a program lead" in response.content.decode()
    assert PilotMember.objects.filter(pk=lead.pk).exists()


def test_the_pilot_list_exports_csv(client_for, pilot) -> None:
    rows = _csv(client_for("manager").get(reverse("pilots:list") + "?format=csv"))
    assert rows == [
        {
            "name": "Collections pilot",
            "status": "running",
            "entry_point": "Collections",
            "start_date": "",
            "end_date": "",
        }
    ]


def test_the_candidate_list_stays_at_a_fixed_number_of_queries(
    client_for, recognized, org, django_assert_max_num_queries
) -> None:
    from workshift.people.models import OrgUnit

    pilot = recognized["pilot"]
    for i in range(30):
        unit = OrgUnit.objects.create(code=f"U{i}", name=f"Unit {i}")
        EntryCandidate.objects.create(
            pilot=pilot, unit=unit, pool_size=20 + i, freeable_capacity_pct=75
        )
    c = client_for("lead")
    with django_assert_max_num_queries(12):
        assert c.get(reverse("pilots:candidates", args=[pilot.pk])).status_code == 200
