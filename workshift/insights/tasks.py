"""Background work of insights: writing pilot reports."""

from __future__ import annotations

from django_tasks import task

from workshift.core.audit import acting_as
from workshift.insights.models import PilotReport
from workshift.insights.services import report_generate


@task()
def report_generate_task(report_id: int) -> str:
    report = PilotReport.objects.select_related("pilot", "requested_by").get(pk=report_id)
    with acting_as(report.requested_by):
        report_generate(report=report)
    return report.status
