"""Background work of the Act-for-impact phase (run by `workshift worker`)."""

from __future__ import annotations

from django_tasks import task


@task()
def reminders_task() -> int:
    """Overdue obstacles and missed reflections; schedule it daily."""
    from workshift.impact.notifications import reminders_send

    return reminders_send()


@task()
def digest_task() -> int:
    """The weekly digest to everyone who wants it; schedule it weekly."""
    from workshift.impact.notifications import digest_send

    return digest_send()
