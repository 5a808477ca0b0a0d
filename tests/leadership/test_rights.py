# ruff: noqa: F811  (fixtures imported from tests.leadership.conftest are used as parameters)
"""Decision rights: defaults from the guardrails, who may change them, versions with who and why,
and the decision log that flags a decision taken outside its right to the coach."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse

from tests.impact.conftest import groups, metrics  # noqa: F401  (fixtures)
from tests.leadership.conftest import kind

SPEND = "Spend up to EUR 500"


def test_the_register_starts_from_the_pilots_guardrails(register) -> None:
    modes = {r.kind.name: r.mode for r in register["rights"]}
    assert modes["Act on repayment dates"] == "alone"
    assert modes["Touch legal action"] == "escalate"
    assert modes[SPEND] == "propose"
    assert all(r.workgroup_id is None and r.number == 1 for r in register["rights"])


def test_the_lead_starts_the_register_from_the_guardrails_on_the_page(
    client_for, pilot, groups
) -> None:
    from workshift.conditions.models import Expectations
    from workshift.leadership.models import DecisionRight

    Expectations.objects.create(
        pilot=pilot, new_expectations="New value.", may=["due dates"], may_not=["fees"]
    )
    url = reverse("leadership:rights_seed", args=[pilot.pk])
    page = client_for("lead").get(reverse("leadership:rights", args=[pilot.pk])).content.decode()
    assert "Start the register from the guardrails" in page
    assert client_for("member").post(url).status_code == 403
    assert not DecisionRight.objects.exists()
    assert client_for("lead").post(url).status_code == 302
    modes = dict(DecisionRight.objects.values_list("kind__name", "mode"))
    assert modes["Act on due dates"] == "alone" and modes["Touch fees"] == "escalate"
    # starting it again changes nothing
    client_for("lead").post(url)
    assert DecisionRight.objects.count() == len(modes)


def test_a_member_cannot_change_a_right_on_the_page(client_for, groups, register) -> None:
    from workshift.leadership.models import DecisionRight

    url = reverse(
        "leadership:workgroup_right_edit", args=[groups["a"].pk, kind(register, SPEND).pk]
    )
    client = client_for("member")
    assert client.get(url).status_code == 403
    response = client.post(url, {"mode": "alone", "reason": "We want to."})
    assert response.status_code == 403
    assert not DecisionRight.objects.filter(workgroup=groups["a"]).exists()
    # the pilot-wide page refuses too, and the register shows no change link to a member
    pilot_url = reverse(
        "leadership:right_edit", args=[groups["a"].pilot_id, kind(register, SPEND).pk]
    )
    assert client.post(pilot_url, {"mode": "alone", "reason": "x"}).status_code == 403
    page = client.get(reverse("leadership:decisions", args=[groups["a"].pk]))
    assert page.status_code == 200
    assert b">change</a>" not in page.content


def test_a_member_cannot_change_a_right_over_the_api(client_for, groups, register) -> None:
    from workshift.leadership.models import DecisionRight

    url = f"/api/workgroups/{groups['a'].pk}/rights/{kind(register, SPEND).pk}"
    response = client_for("member").put(
        url, json.dumps({"mode": "alone", "reason": "We want to."}), content_type="application/json"
    )
    assert response.status_code == 403
    body = response.json()
    assert (
        body["code"] == "forbidden"
        and "the lead, the champion and administrators" in body["message"]
    )
    assert not DecisionRight.objects.filter(workgroup=groups["a"]).exists()
    # a coach is refused as well; an outsider does not even see the workgroup
    coach = client_for("coach").put(
        url, json.dumps({"mode": "alone", "reason": "x"}), content_type="application/json"
    )
    assert coach.status_code == 403
    pilot_wide = client_for("member").put(
        f"/api/pilots/{groups['a'].pilot_id}/rights/{kind(register, SPEND).pk}",
        json.dumps({"mode": "alone", "reason": "x"}),
        content_type="application/json",
    )
    assert pilot_wide.status_code == 403
    assert DecisionRight.objects.get(kind=kind(register, SPEND)).mode == "propose"
    outsider = client_for("outsider").put(
        url, json.dumps({"mode": "alone", "reason": "x"}), content_type="application/json"
    )
    assert outsider.status_code == 404


def test_a_leads_change_keeps_the_earlier_version_readable_with_who_and_why(
    client_for, groups, register
) -> None:
    from workshift.core.models import AuditEntry
    from workshift.leadership.models import DecisionRight

    spend = kind(register, SPEND)
    url = reverse("leadership:workgroup_right_edit", args=[groups["a"].pk, spend.pk])
    lead = client_for("lead")
    # when the lead hands the spending right down to group A, after consulting its coach
    response = lead.post(
        url, {"mode": "consult", "reason": "Every proposal this month was approved."}
    )
    assert response.status_code == 302
    # and later makes it a decision they take alone
    lead.post(url, {"mode": "alone", "reason": "They handled it well for six weeks."})
    # then both versions are kept, only the last in force
    versions = list(
        DecisionRight.objects.filter(kind=spend, workgroup=groups["a"]).order_by("number")
    )
    assert [(v.number, v.mode, v.current) for v in versions] == [
        (1, "consult", False),
        (2, "alone", True),
    ]
    assert {v.changed_by.username for v in versions} == {"lena"}
    # and the history page shows who changed it and why, to a member of the group too
    history = client_for("member").get(
        reverse("leadership:right_history", args=[groups["a"].pilot_id, spend.pk])
        + f"?workgroup={groups['a'].pk}"
    )
    text = history.content.decode()
    assert history.status_code == 200
    assert "Every proposal this month was approved." in text
    assert "They handled it well for six weeks." in text
    assert text.count("Lena") >= 2
    # the pilot-wide version 1 is untouched and the change is in the audit log
    assert DecisionRight.objects.get(kind=spend, workgroup=None).mode == "propose"
    assert AuditEntry.objects.filter(
        model="leadership.DecisionRight", actor__username="lena"
    ).exists()
    # the champion changes the pilot-wide right over the API: a new version, the first kept
    changed = client_for("champion").put(
        f"/api/pilots/{groups['a'].pilot_id}/rights/{spend.pk}",
        json.dumps({"mode": "consult", "reason": "Small spending is the groups' call."}),
        content_type="application/json",
    )
    assert changed.status_code == 200
    assert (changed.json()["number"], changed.json()["changed_by"]) == (2, "carl")
    assert DecisionRight.objects.filter(kind=spend, workgroup=None).count() == 2
    # the API shows the same history
    api = client_for("member").get(f"/api/workgroups/{groups['a'].pk}/rights/{spend.pk}/history")
    assert [(r["number"], r["changed_by"], r["reason"]) for r in api.json()] == [
        (2, "lena", "They handled it well for six weeks."),
        (1, "lena", "Every proposal this month was approved."),
    ]


def test_a_change_without_a_reason_is_refused_next_to_the_field(
    client_for, groups, register
) -> None:
    from workshift.leadership.models import DecisionRight

    url = reverse(
        "leadership:workgroup_right_edit", args=[groups["a"].pk, kind(register, SPEND).pk]
    )
    response = client_for("champion").post(url, {"mode": "alone", "reason": "  "})
    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert not DecisionRight.objects.filter(workgroup=groups["a"]).exists()
    api = client_for("champion").put(
        f"/api/workgroups/{groups['a'].pk}/rights/{kind(register, SPEND).pk}",
        json.dumps({"mode": "vote", "reason": "x"}),
        content_type="application/json",
    )
    assert api.status_code == 422
    assert api.json()["errors"][0]["field"] == "mode"


def test_a_decision_outside_its_right_is_recorded_and_flagged_to_the_coach(
    client_for, groups, register, org, metrics
) -> None:
    from workshift.impact.models import Notification
    from workshift.leadership.models import Decision

    url = reverse("leadership:decisions", args=[groups["a"].pk])
    response = client_for("member").post(
        url,
        {
            "kind": kind(register, SPEND).pk,
            "what": "Bought a headset for remote calls",
            "taken_as": "alone",
            "decided_by": org["people"]["member"].pk,
            "decided_on": dt.date.today().isoformat(),
            "metric": metrics["promise"].pk,
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.outside_right and decision.right.mode == "propose"
    note = Notification.objects.get(kind="decision")
    assert note.user.username == "cora"
    assert "Bought a headset" in note.title
    page = client_for("coach").get(url).content.decode()
    assert "outside its right" in page
    # inside its right: no flag, no new notification
    client_for("coach").post(
        url,
        {
            "kind": kind(register, "Change the order of work").pk,
            "what": "Payday customers first",
            "taken_as": "alone",
            "decided_by": org["people"]["member"].pk,
            "decided_on": dt.date.today().isoformat(),
        },
    )
    assert Decision.objects.filter(outside_right=False).count() == 1
    assert Notification.objects.filter(kind="decision").count() == 1


def test_members_see_their_workgroups_rights_and_log_but_not_others(
    client_for, groups, register
) -> None:
    client = client_for("member")
    assert client.get(reverse("leadership:decisions", args=[groups["a"].pk])).status_code == 200
    assert client.get(reverse("leadership:decisions", args=[groups["b"].pk])).status_code == 404
    assert client.get(f"/api/workgroups/{groups['b'].pk}/decisions").status_code == 404
    rights = client.get(f"/api/workgroups/{groups['a'].pk}/rights").json()
    assert {r["kind"] for r in rights} >= {SPEND, "Touch legal action"}


def test_a_recorded_decision_with_a_bad_field_is_not_written(
    client_for, groups, register, org
) -> None:
    from workshift.leadership.models import Decision

    response = client_for("member").post(
        f"/api/workgroups/{groups['a'].pk}/decisions",
        json.dumps(
            {
                "kind_id": kind(register, SPEND).pk,
                "what": "x",
                "taken_as": "propose",
                "decided_by_id": 999999,
                "decided_on": dt.date.today().isoformat(),
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "decided_by_id"
    assert not Decision.objects.exists()


@pytest.mark.parametrize(
    ("change", "field"),
    [("decided_by_outsider", "decided_by_id"), ("kind_missing", "kind_id")],
)
def test_a_decision_the_page_would_refuse_is_refused_naming_the_field(
    client_for, groups, register, org, change, field
) -> None:
    """Someone outside the workgroup deciding, or a kind the pilot does not have: a 422 naming
    the field the client sent, and nothing written."""
    from workshift.leadership.models import Decision, DecisionKind

    payload = {
        "kind_id": kind(register, SPEND).pk,
        "what": "x",
        "taken_as": "propose",
        "decided_by_id": org["people"]["member"].pk,
        "decided_on": dt.date.today().isoformat(),
    }
    if change == "decided_by_outsider":
        payload["decided_by_id"] = org["people"]["outsider"].pk
    else:
        payload["kind_id"] = DecisionKind.objects.order_by("-pk").first().pk + 1
    response = client_for("member").post(
        f"/api/workgroups/{groups['a'].pk}/decisions",
        json.dumps(payload),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
    assert not Decision.objects.exists()
