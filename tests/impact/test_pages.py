"""Pages per role: the right person 200, outsiders 404, managers read only, anonymous to the login page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from tests.impact.test_isolation import RECORD_OF, _args

GET_PAGES = sorted(
    n
    for n in RECORD_OF
    if n not in {"opportunity_spin_off", "slice_stage", "obstacle_escalate", "obstacle_answer"}
)


@pytest.mark.parametrize("name", GET_PAGES)
@pytest.mark.parametrize("role", ["member", "coach", "lead", "champion", "administrator"])
def test_people_of_the_workgroup_open_every_page(
    client_for, records_a, role: str, name: str
) -> None:
    response = client_for(role).get(
        reverse(f"impact:{name}", args=_args(RECORD_OF[name], records_a))
    )
    expected = 403 if name == "spin_off_decide" and role in ("member", "coach") else 200
    assert response.status_code == expected


@pytest.mark.parametrize("name", GET_PAGES)
def test_an_outsider_gets_404_and_anonymous_goes_to_login(client_for, records_a, name: str) -> None:
    url = reverse(f"impact:{name}", args=_args(RECORD_OF[name], records_a))
    assert client_for("outsider").get(url).status_code == 404
    anonymous = client_for("anonymous").get(url)
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


def test_a_manager_reads_the_space_but_cannot_change_it(client_for, records_a, metrics) -> None:
    client = client_for("manager")
    wg = records_a["workgroup"]
    space = client.get(reverse("impact:workgroup", args=[wg]))
    assert space.status_code == 200 and b"You can read this workgroup" in space.content
    response = client.post(
        reverse("impact:readings", args=[wg]),
        {"metric": metrics["promise"].pk, "on": dt.date.today().isoformat(), "value": 3},
    )
    assert response.status_code == 403
    assert (
        client.post(
            reverse("impact:obstacles", args=[wg]), {"title": "x", "kind": "cultural"}
        ).status_code
        == 403
    )


@pytest.mark.parametrize(
    "name", ["workgroup", "slices", "reflections", "obstacles", "readings", "opportunities"]
)
def test_wrong_method_answers_405(client_for, records_a, name: str) -> None:
    response = client_for("member").delete(reverse(f"impact:{name}", args=[records_a["workgroup"]]))
    assert response.status_code == 405


@pytest.mark.parametrize(
    ("name", "allowed"),
    [
        ("pilot", {"member", "coach", "lead", "champion", "manager", "administrator"}),
        ("pilot_capture", {"member", "coach", "lead", "champion", "manager", "administrator"}),
        ("practice_catalog", {"member", "coach", "lead", "champion", "manager", "administrator"}),
        ("pilot_obstacles", {"lead", "champion", "administrator"}),
        ("pilot_learning", {"lead", "champion", "administrator"}),
        ("spin_offs", {"lead", "champion", "administrator"}),
    ],
)
@pytest.mark.parametrize(
    "role", ["member", "coach", "lead", "champion", "manager", "administrator", "outsider"]
)
def test_pilot_pages_answer_each_role(
    client_for, groups, pilot, name: str, allowed: set[str], role: str
) -> None:
    response = client_for(role).get(reverse(f"impact:{name}", args=[pilot.pk]))
    if role in allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == (404 if role == "outsider" else 403)


def test_the_space_shows_outcome_metrics_members_cells_and_attention(
    client_for, groups, metrics, baseline_readings, users
) -> None:
    from workshift.impact import services
    from workshift.impact.models import WorkgroupCharter

    wg = groups["a"]
    type(wg).objects.filter(pk=wg.pk).update(
        created_at=wg.created_at - dt.timedelta(days=10)
    )  # formed ten days ago, no reflection since
    WorkgroupCharter.objects.create(
        workgroup=wg,
        shared_outcome="Customers who fall behind stay and recover",
        metric=metrics["business"],
        powerful_question="How might we make a missed payment the start of a better relationship?",
    )
    services.reading_record(
        workgroup=wg, metric=metrics["promise"], on=dt.date.today(), value=95, user=users["member"]
    )
    services.obstacle_raise(
        workgroup=wg,
        user=users["member"],
        title="Scripts forbid calling twice",
        kind="management",
        today=dt.date.today() - dt.timedelta(days=10),
    )
    content = client_for("member").get(reverse("impact:workgroup", args=[wg.pk])).content.decode()
    assert "Customers who fall behind stay and recover" in content
    assert "How might we make a missed payment" in content
    assert "Promise kept rate" in content and "<polyline" in content
    assert "beyond normal variation" in content
    assert "Cell North" in content and "Cora Coach" in content
    assert "Scripts forbid calling twice" in content and "overdue" in content
    assert "Reflection missed" in content


def test_the_charter_form_refuses_an_outcome_equal_to_the_metric_and_keeps_the_input(
    client_for, groups, metrics
) -> None:
    response = client_for("member").post(
        reverse("impact:charter", args=[groups["a"].pk]),
        {
            "shared_outcome": metrics["business"].name,
            "metric": metrics["business"].pk,
            "powerful_question": "How might we?",
            "reflection_every_days": 7,
        },
    )
    assert response.status_code == 400
    assert b"not the metric itself" in response.content
    assert b"How might we?" in response.content


def test_the_practices_page_suggests_the_first_three(client_for, groups) -> None:
    from workshift.impact.models import Practice

    content = (
        client_for("member")
        .get(reverse("impact:practices", args=[groups["a"].pk]))
        .content.decode()
    )
    starters = Practice.objects.filter(starter=True)
    assert starters.count() == 3
    for practice in starters:
        assert f'value="{practice.pk}"' in content
    assert content.count("checked") == 3


def test_the_five_practices_are_seeded_and_a_lead_adds_one(client_for, pilot) -> None:
    from workshift.impact.models import Practice

    assert set(Practice.objects.filter(pilot=None).values_list("name", flat=True)) >= {
        "Commit to a shared outcome",
        "Frame a powerful question",
        "Reflect more to learn faster",
        "Maximize potential for friction",
        "Cultivate friction",
    }
    response = client_for("lead").post(
        reverse("impact:practice_catalog", args=[pilot.pk]),
        {"name": "Walk in the customer's shoes", "position": 10},
    )
    assert response.status_code == 302
    assert Practice.objects.get(name="Walk in the customer's shoes").pilot == pilot
    assert (
        client_for("member")
        .post(reverse("impact:practice_catalog", args=[pilot.pk]), {"name": "x", "position": 1})
        .status_code
        == 403
    )


def test_the_backlog_ranks_by_score(client_for, groups, metrics, users) -> None:
    from workshift.impact.models import Opportunity
    from workshift.impact.selectors import backlog_for

    wg = groups["a"]
    low = Opportunity.objects.create(workgroup=wg, title="Low", value=2, confidence=0.5, effort=4)
    high = Opportunity.objects.create(
        workgroup=wg, title="High", value=4, confidence=0.75, effort=2, metric=metrics["promise"]
    )
    new = Opportunity.objects.create(workgroup=wg, title="New")
    assert [o.pk for o in backlog_for(workgroup=wg)] == [high.pk, low.pk, new.pk]


def test_a_slice_walks_the_loop_only_by_allowed_steps(client_for, records_a) -> None:
    from workshift.impact.models import Slice

    client = client_for("member")
    url = reverse("impact:slice_stage", args=[records_a["slice"]])
    client.post(url, {"stage": "reflect"})
    assert Slice.objects.get(pk=records_a["slice"]).stage == "seek"
    for stage in ("act", "reflect", "refine"):
        client.post(url, {"stage": stage})
    assert Slice.objects.get(pk=records_a["slice"]).stage == "refine"
    response = client.post(url, {"stage": "done"}, follow=True)
    assert b"Record the next step" in response.content
    Slice.objects.filter(pk=records_a["slice"]).update(next_step="scale")
    client.post(url, {"stage": "done"})
    assert Slice.objects.get(pk=records_a["slice"]).stage == "done"


def test_starting_a_slice_from_an_opportunity_links_them(client_for, groups, metrics) -> None:
    from workshift.impact.models import Opportunity, Slice

    opportunity = Opportunity.objects.create(workgroup=groups["a"], title="Promise reminders")
    today = dt.date.today()
    response = client_for("member").post(
        reverse("impact:slice_new", args=[groups["a"].pk]) + f"?opportunity={opportunity.pk}",
        {
            "title": "SMS the day before",
            "hypothesis": "If we remind, more promises are kept.",
            "metric": metrics["promise"].pk,
            "expected_change": "+5 points",
            "start": today.isoformat(),
            "end": (today + dt.timedelta(days=21)).isoformat(),
            "opportunity": opportunity.pk,
        },
    )
    assert response.status_code == 302
    piece = Slice.objects.get(title="SMS the day before")
    assert piece.opportunity == opportunity and piece.stage == "seek"
    opportunity.refresh_from_db()
    assert opportunity.status == "in_slice"


def test_a_slice_that_ends_before_it_starts_is_refused_with_the_message_at_the_field(
    client_for, groups, metrics
) -> None:
    today = dt.date.today()
    response = client_for("member").post(
        reverse("impact:slice_new", args=[groups["a"].pk]),
        {
            "title": "Backwards",
            "hypothesis": "h",
            "metric": metrics["promise"].pk,
            "start": today.isoformat(),
            "end": (today - dt.timedelta(days=1)).isoformat(),
        },
    )
    assert (
        response.status_code == 400
        and b"must end after it starts" in response.content
        and b"Backwards" in response.content
    )


def test_the_learning_log_finds_reflections_across_the_pilot(client_for, groups, users) -> None:
    from workshift.impact.models import Reflection

    Reflection.objects.create(
        workgroup=groups["a"],
        kind="after",
        happened="Customers answered the evening calls",
        author=users["member"],
    )
    Reflection.objects.create(
        workgroup=groups["b"], kind="before", expected="Letters will work", author=users["lead"]
    )
    content = (
        client_for("lead")
        .get(reverse("impact:pilot_learning", args=[groups["a"].pilot_id]) + "?q=evening")
        .content.decode()
    )
    assert "evening calls" in content and "Letters will work" not in content
    csv = client_for("lead").get(
        reverse("impact:pilot_learning", args=[groups["a"].pilot_id]) + "?format=csv"
    )
    assert csv["Content-Type"].startswith("text/csv") and b"Letters will work" in csv.content


def test_a_spin_off_approved_by_the_lead_creates_a_workgroup(client_for, records_a, users) -> None:
    from workshift.conditions.models import Workgroup
    from workshift.impact.models import Notification, SpinOffProposal

    response = client_for("lead").post(
        reverse("impact:spin_off_decide", args=[records_a["proposal"]]),
        {"decision": "approve", "note": "Go."},
    )
    assert response.status_code == 302
    proposal = SpinOffProposal.objects.get(pk=records_a["proposal"])
    assert (
        proposal.status == "approved"
        and Workgroup.objects.filter(name="Letters group", pk=proposal.new_workgroup_id).exists()
    )
    assert Notification.objects.filter(
        user=users["member"], kind="answer", title__contains="Letters group"
    ).exists()


def test_concurrent_edits_of_a_slice_are_refused(client_for, records_a, metrics) -> None:
    from workshift.impact.models import Slice

    piece = Slice.objects.get(pk=records_a["slice"])
    data = {
        "title": "Edited",
        "hypothesis": "h",
        "metric": metrics["promise"].pk,
        "start": piece.start.isoformat(),
        "end": piece.end.isoformat(),
        "edit_version": piece.version,
    }
    assert (
        client_for("member").post(reverse("impact:slice", args=[piece.pk]), data).status_code == 302
    )
    stale = client_for("coach").post(
        reverse("impact:slice", args=[piece.pk]), data | {"title": "Other"}
    )
    assert stale.status_code == 400 and b"Someone else saved" in stale.content
    assert Slice.objects.get(pk=piece.pk).title == "Edited"


@pytest.mark.parametrize("name", ["notifications", "notification_preferences"])
@pytest.mark.parametrize("role", ["member", "outsider", "anonymous"])
def test_personal_pages_open_for_anyone_logged_in(client_for, users, name: str, role: str) -> None:
    response = client_for(role).get(reverse(f"impact:{name}"))
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == 200


def test_anyone_in_the_pilot_captures_an_opportunity_for_another_workgroup(
    client_for, groups
) -> None:
    from workshift.impact.models import Opportunity

    response = client_for("member").post(
        reverse("impact:pilot_capture", args=[groups["a"].pilot_id]),
        {
            "workgroup": groups["b"].pk,
            "title": "Letters arrive after the call",
            "for_whom": "New customers",
        },
    )
    assert response.status_code == 302
    opportunity = Opportunity.objects.get(title="Letters arrive after the call")
    assert opportunity.workgroup == groups["b"]
    # the capturer does not gain access to the other workgroup's backlog
    assert (
        client_for("member").get(reverse("impact:opportunity", args=[opportunity.pk])).status_code
        == 404
    )
    assert (
        client_for("outsider")
        .post(reverse("impact:pilot_capture", args=[groups["a"].pilot_id]), {})
        .status_code
        == 404
    )


def test_a_group_writes_its_version_of_a_practice_and_records_a_use(client_for, records_a) -> None:
    from workshift.impact.models import AdoptedPractice

    client = client_for("member")
    url = reverse("impact:adopted_practice", args=[records_a["adopted"]])
    client.post(
        url, {"action": "version", "our_version": "Monday stand-up with one customer story."}
    )
    client.post(url, {"action": "use", "used_on": dt.date.today().isoformat(), "note": "Stand-up"})
    adopted = AdoptedPractice.objects.get(pk=records_a["adopted"])
    assert adopted.our_version == "Monday stand-up with one customer story."
    assert adopted.uses.filter(note="Stand-up").count() == 1
    future = client.post(
        url, {"action": "use", "used_on": (dt.date.today() + dt.timedelta(days=3)).isoformat()}
    )
    assert future.status_code == 400 and b"after it happened" in future.content


def test_a_member_proposes_a_spin_off_and_the_lead_is_told(client_for, records_a, users) -> None:
    from workshift.impact.models import Notification, SpinOffProposal

    SpinOffProposal.objects.all().delete()
    response = client_for("member").post(
        reverse("impact:opportunity_spin_off", args=[records_a["opportunity"]]),
        {"name": "Letters", "rationale": "Worth its own group."},
    )
    assert response.status_code == 302
    assert SpinOffProposal.objects.filter(name="Letters", status="proposed").exists()
    assert Notification.objects.filter(user=users["lead"], kind="spin_off").exists()
    again = client_for("member").post(
        reverse("impact:opportunity_spin_off", args=[records_a["opportunity"]]),
        {"name": "Letters 2", "rationale": "Again."},
    )
    assert again.status_code == 400 and b"already waiting" in again.content
