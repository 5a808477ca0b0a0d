"""The pilot report: the command on the demo pilot, the button, the archive."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from django.test import override_settings
from django.urls import reverse

from workshift.insights.models import PilotReport

pytestmark = pytest.mark.django_db
IMMEDIATE = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "QUEUES": ["default"],
    }
}


def test_the_report_command_on_the_demo_pilot_writes_a_pdf_with_metric_charts_and_a_story(
    tmp_path, monkeypatch
):
    from workshift.demo import demo_load
    from workshift.insights.commands import cmd_report
    from workshift.insights.selectors.connections import connections_overview
    from workshift.insights.selectors.stories import shared_stories
    from workshift.pilots.models import Metric

    # given the demo organization
    ctx = demo_load(seed=2026, today=dt.date.today())
    pilot = ctx.data["pilot"]
    metric_names = list(
        Metric.objects.filter(pilot=pilot, readings__isnull=False)
        .distinct()
        .values_list("name", flat=True)
    )
    assert metric_names, "the demo pilot has metrics with readings"
    story = ctx.data["stories"][0]
    # (the demo also holds pulse rounds, shared stories and exactly one pair of units that never talk)
    assert len(ctx.data["pulse_rounds"]) >= 3 and all(
        r.responses.exists() for r in ctx.data["pulse_rounds"]
    )
    assert shared_stories(pilot=pilot).count() >= 4
    assert connections_overview(pilot=pilot).silent_pairs == [
        ("Collections and Recovery", "Data and Analytics")
    ]
    pdf, html = tmp_path / "report.pdf", tmp_path / "report.html"
    # when the command runs
    monkeypatch.setattr("workshift.core.setup.setup_django", lambda: None)
    args = type("Args", (), {"pilot": str(pilot.pk), "pdf": str(pdf), "html": str(html)})()
    assert cmd_report(args) == 0
    # then every page renders to an image, and the text holds the metric charts and a shared story
    assert shutil.which("pdftoppm"), "pdftoppm (poppler-utils) is needed for this test"
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) >= 2
    assert all(p.stat().st_size > 2000 for p in pages)
    text = subprocess.run(
        ["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert "Results on the metrics that matter" in text
    assert "Reading date" in text  # the axis of a metric chart drawn from readings
    for name in metric_names:
        assert name.split()[0] in text
    assert story.title in text
    assert html.read_text().count("<svg") >= len(metric_names)


def test_the_command_names_the_pilots_when_the_pilot_is_unknown(capsys, monkeypatch, pilot):
    from workshift.insights.commands import cmd_report

    monkeypatch.setattr("workshift.core.setup.setup_django", lambda: None)
    args = type("Args", (), {"pilot": "no such pilot", "pdf": "x.pdf", "html": None})()
    assert cmd_report(args) == 2
    assert "Collections pilot" in capsys.readouterr().err


@override_settings(TASKS=IMMEDIATE)
def test_the_button_writes_a_report_in_the_background_and_keeps_it_in_the_archive(
    pilot, client_for, django_capture_on_commit_callbacks
):
    client = client_for("champion")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("insights:reports", args=[pilot.pk]))
    assert response.status_code == 302
    report = PilotReport.objects.get(pilot=pilot)
    assert report.status == PilotReport.Status.DONE
    assert bytes(report.pdf).startswith(b"%PDF")
    listing = client.get(reverse("insights:reports", args=[pilot.pk])).content.decode()
    assert "Download PDF" in listing
    download = client.get(reverse("insights:report_download", args=[report.pk, "pdf"]))
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert "attachment" in download["Content-Disposition"]
    # the HTML copy may run nothing and load nothing from here, whoever opens it
    html = client.get(reverse("insights:report_download", args=[report.pk, "html"]))
    assert html.status_code == 200
    assert html["Content-Security-Policy"].startswith("default-src 'none';")
    assert "sandbox" in html["Content-Security-Policy"]


def test_members_and_outsiders_cannot_open_reports(pilot, client_for, users):
    report = PilotReport.objects.create(
        pilot=pilot,
        requested_by=users["lead"],
        as_of=dt.date.today(),
        status="done",
        pdf=b"%PDF-1.7",
        html="<p>x</p>",
    )
    url = reverse("insights:report_download", args=[report.pk, "pdf"])
    assert client_for("member").get(url).status_code == 403
    assert client_for("outsider").get(url).status_code == 404
    assert client_for("anonymous").get(url).status_code == 302
    assert client_for("lead").post(url).status_code == 405
    assert (
        client_for("member").post(reverse("insights:reports", args=[pilot.pk])).status_code == 403
    )


def test_a_report_still_being_written_cannot_be_downloaded_and_its_row_polls(
    pilot, client_for, users
):
    report = PilotReport.objects.create(
        pilot=pilot, requested_by=users["lead"], as_of=dt.date.today()
    )
    assert (
        client_for("lead")
        .get(reverse("insights:report_download", args=[report.pk, "pdf"]))
        .status_code
        == 404
    )
    row = (
        client_for("lead").get(reverse("insights:report_status", args=[report.pk])).content.decode()
    )
    assert "hx-trigger" in row and "Waiting to start" in row
