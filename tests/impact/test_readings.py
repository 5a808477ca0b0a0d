"""Readings by hand, by CSV (all or nothing) and by API; flags beyond normal variation."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from workshift.impact import selectors
from workshift.impact.models import MetricReading, Notification


def _upload(client, workgroup_id: int, text: str):
    return client.post(
        reverse("impact:reading_upload", args=[workgroup_id]),
        {"file": SimpleUploadedFile("r.csv", text.encode(), content_type="text/csv")},
    )


def test_a_csv_with_one_bad_row_writes_nothing_and_names_the_row(
    client_for, groups, metrics
) -> None:
    text = (
        "metric,date,value,note\n"
        "Promise kept rate,2026-01-05,71,\n"
        "Promise kept rate,2026-01-12,seventy,typo\n"
        "Days to first contact,2026-01-12,5,\n"
    )
    response = _upload(client_for("member"), groups["a"].pk, text)
    assert response.status_code == 400
    content = response.content.decode()
    assert "Row 3, column “value”: “seventy” is not a number" in content
    assert "Nothing was imported" in content
    assert MetricReading.objects.count() == 0


def test_a_csv_names_unknown_metrics_bad_dates_and_missing_columns(
    client_for, groups, metrics
) -> None:
    response = _upload(
        client_for("member"), groups["a"].pk, "metric,date,value\nNo such metric,2026-13-01,1\n"
    )
    content = response.content.decode()
    assert "Row 2, column “metric”" in content and "Row 2, column “date”" in content
    response = _upload(client_for("member"), groups["a"].pk, "metric,value\nPromise kept rate,1\n")
    assert "column “date”: this column is missing" in response.content.decode()


def test_a_metric_of_another_pilot_is_unknown_in_the_csv(client_for, groups, users) -> None:
    from workshift.pilots.models import Metric, Pilot

    other = Pilot.objects.create(name="Other pilot")
    Metric.objects.create(
        pilot=other,
        level="frontline",
        name="Foreign metric",
        unit="%",
        direction="up",
        cadence="weekly",
    )
    response = _upload(
        client_for("member"), groups["a"].pk, "metric,date,value\nForeign metric,2026-01-05,1\n"
    )
    assert "“Foreign metric” is not a metric of this pilot" in response.content.decode()
    assert MetricReading.objects.count() == 0


def test_a_good_csv_imports_every_row_and_flags(client_for, groups, metrics) -> None:
    start = dt.date.today() - dt.timedelta(weeks=10)
    rows = [
        f"Promise kept rate,{start + dt.timedelta(weeks=i)},{v}"
        for i, v in enumerate([70, 71, 69, 70, 72, 70, 69, 71, 96])
    ]
    response = _upload(
        client_for("member"), groups["a"].pk, "metric,date,value\n" + "\n".join(rows) + "\n"
    )
    assert response.status_code == 302
    assert MetricReading.objects.filter(workgroup=groups["a"]).count() == 9
    assert list(MetricReading.objects.exclude(flag="").values_list("value", flat=True)) == [96]


def test_a_reading_by_hand_beyond_normal_variation_is_flagged_and_the_group_told(
    client_for, groups, metrics, baseline_readings, users
) -> None:
    response = client_for("member").post(
        reverse("impact:readings", args=[groups["a"].pk]),
        {
            "metric": metrics["promise"].pk,
            "on": dt.date.today().isoformat(),
            "value": 90,
        },
        follow=True,
    )
    assert b"beyond normal variation" in response.content
    assert MetricReading.objects.get(value=90).flag == "above_limit"
    assert Notification.objects.filter(user=users["coach"], kind="flag").exists()


def test_a_reading_in_the_future_is_refused_at_the_field(client_for, groups, metrics) -> None:
    response = client_for("member").post(
        reverse("impact:readings", args=[groups["a"].pk]),
        {
            "metric": metrics["promise"].pk,
            "on": (dt.date.today() + dt.timedelta(days=2)).isoformat(),
            "value": "71",
        },
    )
    assert (
        response.status_code == 400
        and b"cannot be in the future" in response.content
        and b'value="71"' in response.content
    )


def test_the_api_records_a_reading(client_for, groups, metrics) -> None:
    response = client_for("member").post(
        f"/api/workgroups/{groups['a'].pk}/readings",
        json.dumps({"metric_id": metrics["promise"].pk, "on": "2026-01-05", "value": 71.5}),
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["value"] == 71.5


def test_the_api_refuses_a_reading_for_a_metric_of_another_pilot(client_for, groups) -> None:
    from workshift.pilots.models import Metric, Pilot

    foreign = Metric.objects.create(
        pilot=Pilot.objects.create(name="Other"),
        level="frontline",
        name="Foreign",
        unit="%",
        direction="up",
        cadence="weekly",
    )
    response = client_for("member").post(
        f"/api/workgroups/{groups['a'].pk}/readings",
        json.dumps({"metric_id": foreign.pk, "on": "2026-01-05", "value": 1}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "metric_id"
    assert MetricReading.objects.count() == 0


def test_the_api_answers_401_without_login_and_403_to_a_manager(
    client_for, groups, metrics
) -> None:
    body = json.dumps({"metric_id": metrics["promise"].pk, "on": "2026-01-05", "value": 1})
    assert (
        client_for("anonymous")
        .post(f"/api/workgroups/{groups['a'].pk}/readings", body, content_type="application/json")
        .status_code
        == 401
    )
    assert (
        client_for("manager")
        .post(f"/api/workgroups/{groups['a'].pk}/readings", body, content_type="application/json")
        .status_code
        == 403
    )
    assert (
        client_for("manager").get(f"/api/workgroups/{groups['a'].pk}/readings").status_code == 200
    )


def test_the_api_space_reports_limits_and_attention(
    client_for, groups, metrics, baseline_readings
) -> None:
    data = client_for("coach").get(f"/api/workgroups/{groups['a'].pk}/space").json()
    promise = next(m for m in data["metrics"] if m["name"] == "Promise kept rate")
    assert promise["center"] == 70.25 and promise["upper_limit"] > promise["center"]
    assert data["your_role"] == "coach"


def test_the_chart_page_embeds_a_vega_lite_spec_from_the_local_bundle(
    client_for, groups, metrics, baseline_readings
) -> None:
    response = client_for("member").get(
        reverse("impact:metric_chart", args=[groups["a"].pk, metrics["promise"].pk])
    )
    content = response.content.decode()
    assert "/pilots/vega-embed.js" in content and "vega-lite" in content
    # nothing loaded from another server (a random token may well contain the letters "cdn")
    assert re.search(r'(?:src|href)="(?:https?:)?//', content) is None
    assert re.search(r"https?://[^\"'\s]*cdn", content, re.IGNORECASE) is None


def test_a_metric_of_another_pilot_has_no_chart_here(client_for, groups) -> None:
    from workshift.pilots.models import Metric, Pilot

    foreign = Metric.objects.create(
        pilot=Pilot.objects.create(name="Other"),
        level="frontline",
        name="Foreign",
        unit="%",
        direction="up",
        cadence="weekly",
    )
    assert (
        client_for("member")
        .get(reverse("impact:metric_chart", args=[groups["a"].pk, foreign.pk]))
        .status_code
        == 404
    )


def _daily_metrics(pilot_id: int, workgroup) -> tuple[set[str], set[str]]:
    """The metrics a form offers and the metrics the workgroup space shows, by name."""
    offered = {m.name for m in selectors.frontline_metrics(pilot_id=pilot_id)}
    shown = {s.metric.name for s in selectors.metric_summaries(workgroup=workgroup)}
    return offered, shown


@pytest.mark.parametrize(
    ("frontline", "expected"),
    [
        (True, {"Promise kept rate", "Days to first contact"}),
        (
            False,
            {
                "Promise kept rate",
                "Days to first contact",
                "Customers retained after a collection event",
            },
        ),
    ],
)
def test_forms_and_the_space_read_the_frontline_metrics_or_every_metric_when_none_is_frontline(
    groups, metrics, frontline, expected
) -> None:
    if not frontline:
        for key in ("promise", "days"):
            metrics[key].level = "operating"
            metrics[key].save()
    pilot_id = metrics["business"].pilot_id
    assert _daily_metrics(pilot_id, groups["a"]) == (expected, expected)


def test_forms_and_the_space_follow_one_statement_of_the_daily_metrics_rule(
    groups, metrics, monkeypatch
) -> None:
    # given the rule changed in its one place: only metrics measured in days
    monkeypatch.setattr(
        selectors, "frontline_or_every", lambda ms: [m for m in ms if m.unit == "days"]
    )
    # then the form's choices and the workgroup space both follow it
    pilot_id = metrics["business"].pilot_id
    days = {"Days to first contact"}
    assert _daily_metrics(pilot_id, groups["a"]) == (days, days)
