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


@task()
def connections_compute_task(pilot_id: int | None = None) -> int:
    """Analyse the collaboration network and keep the result (one pilot, or every open pilot)."""
    from workshift.insights.connections import connections_compute
    from workshift.pilots.models import Pilot

    pilots = list(Pilot.objects.filter(pk=pilot_id)) if pilot_id is not None else None
    return len(connections_compute(pilots=pilots))


def report_lost(report_id: int, *, message: str) -> None:
    """The worker writing this report stopped: the reports page shows it failed, with why."""
    from django.utils import timezone

    from workshift.insights.models import PilotReport

    PilotReport.objects.filter(
        pk=report_id, status__in=[PilotReport.Status.QUEUED, PilotReport.Status.RUNNING]
    ).update(status=PilotReport.Status.FAILED, error=message, finished_at=timezone.now())
