"""Handing insights work to a worker: pages and endpoints call these, services never do.

Services write records; `tasks` import services; this module imports both and queues
the task once the transaction that wrote the record commits.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from workshift.insights.models import CollaborationImport, PilotReport
from workshift.insights.services import collaboration_import as collaboration_save
from workshift.insights.services import report_create
from workshift.insights.tasks import connections_compute_task, report_generate_task
from workshift.pilots.models import Pilot


def report_request(*, pilot: Pilot, user: Any, as_of: dt.date | None = None) -> PilotReport:
    """Queue a report of the pilot; a worker writes it (`tasks.report_generate_task`)."""
    report = report_create(pilot=pilot, user=user, as_of=as_of)
    transaction.on_commit(lambda: report_generate_task.enqueue(report.pk))
    return report


def collaboration_import(*, text: str, source_name: str, user: Any) -> CollaborationImport:
    """Import collaboration counts (raises services.ImportRejected) and queue the connections
    analysis of every open pilot once they are saved."""
    batch = collaboration_save(text=text, source_name=source_name, user=user)
    transaction.on_commit(lambda: connections_compute_task.enqueue(pilot_id=None))
    return batch


def connections_refresh(*, pilot: Pilot) -> None:
    """Queue the connections analysis of one pilot (the page's "Recompute now")."""
    transaction.on_commit(lambda: connections_compute_task.enqueue(pilot_id=pilot.pk))
