"""Handing insights work to a worker: pages and endpoints call these, services never do.

Services write records; `tasks` import services; this module imports both and queues
the task once the transaction that wrote the record commits.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from workshift.insights.models import PilotReport
from workshift.insights.services import report_create
from workshift.insights.tasks import report_generate_task
from workshift.pilots.models import Pilot


def report_request(*, pilot: Pilot, user: Any, as_of: dt.date | None = None) -> PilotReport:
    """Queue a report of the pilot; a worker writes it (`tasks.report_generate_task`)."""
    report = report_create(pilot=pilot, user=user, as_of=as_of)
    transaction.on_commit(lambda: report_generate_task.enqueue(report.pk))
    return report
