"""Import jobs: a draft import checked once at upload, mapped on the page, then run by the worker.

The rows themselves are read, checked and written by `workshift.people.imports`.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from workshift.people.imports import (
    STORED_ERRORS,
    ImportOutcome,
    Progress,
    mapping_for,
    people_import,
)
from workshift.people.models import ImportJob
from workshift.people.parsing import PeopleFileError, RowError, Table
from workshift.people.tables import read_table

logger = logging.getLogger(__name__)


def import_job_create(
    *, user: Any, data: bytes, filename: str, job: ImportJob | None = None
) -> ImportJob:
    """A draft import for a freshly uploaded file, checked once; re-uploading into a job keeps
    its mapping choices."""
    table = read_table(data=data, filename=filename)  # raises PeopleFileError for unreadable files
    chosen = job.mapping if job is not None else None
    job = job or ImportJob(created_by=user)
    job.file, job.file_name = data, filename[:255]
    job.mapping = mapping_for(header=table.header, chosen=chosen)
    job.total, job.done, job.status = len(table.rows), 0, ImportJob.Status.DRAFT
    job.errors, job.error_count, job.message = [], 0, ""
    job.save()
    import_job_check(job=job, table=table)
    return job


def import_job_map(*, job: ImportJob, mapping: dict[str, str]) -> ImportJob:
    """Keep the columns-to-fields choices of a draft import, and check the file again with them."""
    job.mapping = mapping
    job.save(update_fields=["mapping", "updated_at"])
    import_job_check(job=job)
    return job


def _outcome_as_json(outcome: ImportOutcome) -> dict[str, Any]:
    return {
        "file_name": outcome.file_name,
        "header": outcome.header,
        "mapping": outcome.mapping,
        **outcome.counts(),
        "new_units": outcome.new_units,
        "errors": [e.as_dict() for e in outcome.errors[:STORED_ERRORS]],
        "error_count": outcome.error_count,
        "warnings": outcome.warnings,
        "sample": [[number, cells] for number, cells in outcome.sample],
    }


def _outcome_from_json(data: dict[str, Any]) -> ImportOutcome:
    return ImportOutcome(
        file_name=data["file_name"],
        header=data["header"],
        mapping=data["mapping"],
        total=data["rows"],
        created=data["created"],
        updated=data["updated"],
        unchanged=data["unchanged"],
        units_created=data["units_created"],
        new_units=data["new_units"],
        errors=[RowError(**e) for e in data["errors"]],
        error_count=data["error_count"],
        warnings=data["warnings"],
        sample=[(number, cells) for number, cells in data["sample"]],
        dry_run=True,
    )


def import_job_check(*, job: ImportJob, table: Table | None = None) -> None:
    """Check a draft against its mapping and the people on file, and keep the result on the job.

    Runs when the file is uploaded and when the mapping changes; the page reads the kept result.
    """
    try:
        outcome = people_import(
            data=bytes(job.file),
            filename=job.file_name,
            mapping=job.mapping,
            dry_run=True,
            table=table,
        )
    except PeopleFileError as exc:
        job.preview = {"file_error": str(exc)}
    else:
        job.preview = _outcome_as_json(outcome)
    job.checked_at = timezone.now()
    job.save(update_fields=["preview", "checked_at", "updated_at"])


def import_job_preview(*, job: ImportJob) -> ImportOutcome:
    """The kept check of a draft (checked now only for a draft that has none yet).

    Raises PeopleFileError when the file could not be read."""
    if not job.preview:
        import_job_check(job=job)
    if "file_error" in job.preview:
        raise PeopleFileError(job.preview["file_error"])
    return _outcome_from_json(job.preview)


def import_job_start(*, job: ImportJob) -> ImportJob:
    """Run a confirmed import now, or in the background for large files. A job starts once:
    a second confirmation (a double click, another tab) finds it no longer a draft and does nothing."""
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.DRAFT).update(
        status=ImportJob.Status.QUEUED, updated_at=timezone.now()
    )
    if not claimed:
        job.refresh_from_db()
        return job
    job.status = ImportJob.Status.QUEUED
    if job.total > settings.IMPORT_BACKGROUND_ROWS:
        people_import_job_run.enqueue(job_id=job.pk)
        return job
    import_job_run(job=job)
    job.refresh_from_db()
    return job


def import_job_run(*, job: ImportJob) -> None:
    job.status, job.done = ImportJob.Status.CHECKING, 0
    job.save(update_fields=["status", "done", "updated_at"])
    step = max(1000, job.total // 50)
    last = {"done": 0}

    def progress(phase: str, done: int, total: int) -> None:
        if phase == "checking" and (done - last["done"] >= step or done == total):
            last["done"] = done
            ImportJob.objects.filter(pk=job.pk).update(done=done, updated_at=timezone.now())

    try:
        outcome = people_import(
            data=bytes(job.file),
            filename=job.file_name,
            mapping=job.mapping,
            actor=job.created_by,
            progress=_phase_marker(job, progress),
        )
    except PeopleFileError as exc:
        _finish(job, status=ImportJob.Status.FAILED, message=str(exc))
        return
    except Exception as exc:  # recorded on the job for the person who started it, and logged
        logger.exception("People import %s stopped", job.pk)
        _finish(
            job,
            status=ImportJob.Status.FAILED,
            message=f"The import stopped and saved nothing: {exc}",
        )
        return
    if outcome.errors:
        _finish(
            job,
            status=ImportJob.Status.FAILED,
            outcome=outcome,
            message=f"{len(outcome.errors)} problem{'s' if len(outcome.errors) != 1 else ''} in the file; nothing was saved.",
        )
    else:
        _finish(job, status=ImportJob.Status.DONE, outcome=outcome)


def _phase_marker(job: ImportJob, progress: Progress) -> Progress:
    seen = {"writing": False}

    def report(phase: str, done: int, total: int) -> None:
        progress(phase, done, total)
        if phase == "checking" and done == total and not seen["writing"]:
            seen["writing"] = True
            ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.WRITING, done=total)

    return report


def _finish(
    job: ImportJob, *, status: str, message: str = "", outcome: ImportOutcome | None = None
) -> None:
    job.status, job.message, job.finished_at = status, message, timezone.now()
    if outcome is not None:
        job.errors = [e.as_dict() for e in outcome.errors[:STORED_ERRORS]]
        job.error_count = len(outcome.errors)
        job.created, job.updated, job.unchanged = (
            outcome.created,
            outcome.updated,
            outcome.unchanged,
        )
        job.units_created = outcome.units_created
        job.done = outcome.total
    job.save()


@task()
def people_import_job_run(job_id: int) -> str:
    """The background task: run the import job with this id."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    import_job_run(job=job)
    return job.status
