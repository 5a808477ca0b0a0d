# ruff: noqa: F811  (fixtures imported from tests.leadership.conftest are used as parameters)
"""The pilot report PDF and the champion's dashboard show the power shift and the rights handed down."""

from __future__ import annotations

import datetime as dt
import re
import subprocess

from django.urls import reverse

from tests.impact.conftest import groups, metrics  # noqa: F401  (fixtures)
from tests.leadership.conftest import kind


def _three_weeks_of_decisions(groups, register, org, users) -> None:
    """Week 1: 1 of 3 at the frontline; then spending is handed down to group A; week 3: 3 of 3."""
    from workshift.leadership.models import DecisionRight
    from workshift.leadership.services import decision_record, right_change

    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday() + 14)
    spend, order = kind(register, "Spend up to EUR 500"), kind(register, "Change the order of work")
    person = org["people"]["member"]

    def log(k, how, day):
        decision_record(
            workgroup=groups["a"],
            kind=k,
            what=f"{k.name} {day}",
            taken_as=how,
            decided_by=person,
            decided_on=monday + dt.timedelta(days=day),
            metric=None,
            user=users["member"],
        )

    log(order, "alone", 0)
    log(spend, "propose", 1)
    log(spend, "propose", 2)
    handed = right_change(
        pilot=groups["a"].pilot,
        kind=spend,
        workgroup=groups["a"],
        mode="consult",
        person=None,
        reason="All proposals approved for two weeks.",
        user=users["champion"],
    )
    DecisionRight.objects.filter(pk=handed.pk).update(
        created_at=dt.datetime.combine(monday + dt.timedelta(days=9), dt.time(9), tzinfo=dt.UTC)
    )
    log(spend, "consult", 14)
    log(order, "alone", 15)
    log(spend, "consult", 16)


def test_the_report_pdf_shows_the_power_shift_chart_and_the_milestones(
    pilot, groups, register, org, users, tmp_path
) -> None:
    from workshift.insights.reports import render_report_html, render_report_pdf

    _three_weeks_of_decisions(groups, register, org, users)
    html = render_report_html(pilot=pilot, as_of=dt.date.today())
    # the chart is embedded as an inline SVG in its own block
    chart = re.search(r'<div class="chart" id="power-shift-chart">(.*?)</div>', html, re.S)
    assert chart and chart.group(1).lstrip().startswith("<svg")
    assert "Decisions taken at the frontline (%)" in chart.group(1)
    path = tmp_path / "report.pdf"
    path.write_bytes(render_report_pdf(html=html))
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    assert "Power shift: decisions at the frontline" in flat
    # the chart's own title and axis are drawn in the PDF (vector text from the SVG)
    assert "Power shift: decisions taken at the frontline" in flat
    assert "Decisions taken at the frontline (%)" in flat
    assert "Over all 6 decisions: 67% at the frontline." in flat
    assert "Decision rights handed down" in flat
    assert (
        "Spend up to EUR 500 for Keep them talking: from “Propose to an approver” to "
        "“Decide after consulting”, by Carl" in flat
    )
    assert "All proposals approved for two weeks." in flat


def test_the_champions_dashboard_shows_the_power_shift(
    client_for, pilot, groups, register, org, users
) -> None:
    _three_weeks_of_decisions(groups, register, org, users)
    page = client_for("champion").get(reverse("insights:dashboard", args=[pilot.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-testid="power-shift-chart"><svg' in text.replace("\n", "")
    assert "67% of 6 logged decisions were taken at the frontline" in text
    assert "Rights handed down" in text and "All proposals approved for two weeks." in text
    # the API gives the same weekly shares
    api = client_for("champion").get(f"/api/pilots/{pilot.pk}/power-shift").json()
    assert [(w["frontline"], w["upward"]) for w in api["weeks"]] == [(1, 2), (0, 0), (3, 0)]
    assert len(api["milestones"]) == 1
