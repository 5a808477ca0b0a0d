"""Changes to insights records: each service is one transaction."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from workshift.conditions.models import Workgroup
from workshift.core.concurrency import versioned_save
from workshift.core.spreadsheet import cell_restored
from workshift.insights.models import (
    PULSE_FIELDS,
    CollaborationCount,
    CollaborationImport,
    PilotReport,
    PulseResponse,
    PulseRound,
    Story,
    StoryPerson,
)
from workshift.insights.selectors.participants import is_pilot_participant
from workshift.people.models import Person
from workshift.pilots.models import Pilot

CADENCE_DAYS: dict[str, int] = {
    PulseRound.Cadence.WEEKLY: 7,
    PulseRound.Cadence.FORTNIGHTLY: 14,
    PulseRound.Cadence.MONTHLY: 28,
}


# ---------------------------------------------------------------- pulse


def pulse_round_create(
    *,
    pilot: Pilot,
    opens_on: dt.date,
    closes_on: dt.date,
    cadence: str = PulseRound.Cadence.FORTNIGHTLY,
    title: str = "Pulse",
) -> PulseRound:
    if closes_on < opens_on:
        raise ValidationError({"closes_on": "The round must close on or after the day it opens."})
    return PulseRound.objects.create(
        pilot=pilot, opens_on=opens_on, closes_on=closes_on, cadence=cadence, title=title
    )


def pulse_round_schedule_next(*, pulse_round: PulseRound) -> PulseRound:
    """The next round after this one, by its cadence, open for as many days as this one."""
    days = CADENCE_DAYS.get(pulse_round.cadence)
    if days is None:
        raise ValidationError("This round runs once; set a cadence to schedule the next one.")
    length = pulse_round.closes_on - pulse_round.opens_on
    opens = pulse_round.opens_on + dt.timedelta(days=days)
    return pulse_round_create(
        pilot=pulse_round.pilot,
        opens_on=opens,
        closes_on=opens + length,
        cadence=pulse_round.cadence,
        title=pulse_round.title,
    )


def pulse_answer(
    *,
    pulse_round: PulseRound,
    person: Person | None,
    answers: dict[str, int],
    comment: str = "",
    today: dt.date | None = None,
) -> PulseResponse:
    today = today or timezone.localdate()
    if person is None or not is_pilot_participant(pilot=pulse_round.pilot, person_id=person.pk):
        raise ValidationError("Only people taking part in the pilot answer its pulse.")
    if not pulse_round.is_open(today):
        raise ValidationError(
            f"This round is open from {pulse_round.opens_on:%d %b} to {pulse_round.closes_on:%d %b %Y}."
        )
    errors = {}
    for name in PULSE_FIELDS:
        value = answers.get(name)
        if not isinstance(value, int) or not 1 <= value <= 5:
            errors[name] = "Choose a value from 1 (strongly disagree) to 5 (strongly agree)."
    if len(comment) > 2000:
        errors["comment"] = "Keep the comment under 2,000 characters."
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            return PulseResponse.objects.create(
                round=pulse_round,
                person=person,
                comment=comment.strip(),
                **{f: answers[f] for f in PULSE_FIELDS},
            )
    except IntegrityError:
        raise ValidationError("You have already answered this round. Thank you!") from None


# ---------------------------------------------------------------- stories


def story_create(
    *,
    pilot: Pilot,
    author: Person | None,
    title: str,
    before: str,
    what_happened: str,
    after: str,
    involved: Iterable[Person] = (),
    workgroup: Workgroup | None = None,
    author_consents: bool = False,
) -> Story:
    if workgroup is not None and workgroup.pilot_id != pilot.pk:
        raise ValidationError({"workgroup": "Choose a workgroup of this pilot."})
    with transaction.atomic():
        story = Story.objects.create(
            pilot=pilot,
            author=author,
            title=title,
            before=before,
            what_happened=what_happened,
            after=after,
            workgroup=workgroup,
            author_consents=author_consents,
        )
        for person in {p.pk: p for p in involved if author is None or p.pk != author.pk}.values():
            StoryPerson.objects.create(story=story, person=person)
    return story


def story_consent_set(*, story: Story, person: Person, consent: bool) -> None:
    """Record the decision of the author (for themselves) or of someone involved."""
    with transaction.atomic():
        if story.author_id == person.pk:
            story.author_consents = consent
            story.save(update_fields=["author_consents", "updated_at"])
            return
        involvement = (
            StoryPerson.objects.select_for_update().filter(story=story, person=person).first()
        )
        if involvement is None:
            raise ValidationError(
                "Only the author and the people involved decide whether the story is shared."
            )
        involvement.consent = consent
        involvement.decided_at = timezone.now()
        involvement.save()


# ---------------------------------------------------------------- collaboration counts

COLLABORATION_COLUMNS = ["person", "other_person", "count", "period"]


class ImportRejected(Exception):
    """The file had problems; nothing was written. `errors` name the row, column and problem."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        self.errors = errors
        super().__init__(f"{len(errors)} problem(s) in the file; nothing was imported.")


@dataclass
class _Row:
    a: int
    b: int
    count: int
    period: str


def collaboration_import(
    *, text: str, source_name: str, user: Any, max_errors: int = 50
) -> CollaborationImport:
    """Import aggregated counts between people (CSV: person, other_person, count, period; employee ids or e-mails).

    All or nothing: any bad row rejects the whole file with every problem named.
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in next(reader, [])]
    if header[:4] != COLLABORATION_COLUMNS:
        raise ImportRejected(
            [
                {
                    "row": 1,
                    "column": "",
                    "message": f"The first row must be the header {','.join(COLLABORATION_COLUMNS)}.",
                }
            ]
        )
    lookup: dict[str, int] = {}
    for pid, employee_id, email in Person.objects.values_list("id", "employee_id", "email"):
        lookup[employee_id.strip().lower()] = pid
        if email:
            lookup.setdefault(email.strip().lower(), pid)
    errors: list[dict[str, Any]] = []
    rows: list[_Row] = []
    for line, record in enumerate(reader, start=2):
        if not any(cell.strip() for cell in record):
            continue
        if len(record) < 4:
            errors.append(
                {
                    "row": line,
                    "column": "",
                    "message": "Expected 4 columns: person, other_person, count, period.",
                }
            )
            continue
        a_key, b_key, count_text, period = (cell_restored(cell.strip()) for cell in record[:4])
        a, b = lookup.get(a_key.lower()), lookup.get(b_key.lower())
        if a is None:
            errors.append(
                {
                    "row": line,
                    "column": "person",
                    "message": f"No person with employee id or e-mail {a_key!r}.",
                }
            )
        if b is None:
            errors.append(
                {
                    "row": line,
                    "column": "other_person",
                    "message": f"No person with employee id or e-mail {b_key!r}.",
                }
            )
        if a is not None and a == b:
            errors.append(
                {
                    "row": line,
                    "column": "other_person",
                    "message": "A person cannot collaborate with themselves.",
                }
            )
        try:
            count = int(count_text)
            if count < 0:
                raise ValueError
        except ValueError:
            errors.append(
                {
                    "row": line,
                    "column": "count",
                    "message": f"{count_text!r} is not a whole number of 0 or more.",
                }
            )
            count = -1
        if not period or len(period) > 20:
            errors.append(
                {
                    "row": line,
                    "column": "period",
                    "message": "Give the period, e.g. 2026-10 (at most 20 characters).",
                }
            )
        if len(errors) >= max_errors:
            break
        if a is not None and b is not None and a != b and count >= 0 and period:
            rows.append(_Row(a=min(a, b), b=max(a, b), count=count, period=period))
    if errors:
        raise ImportRejected(errors)
    if not rows:
        raise ImportRejected(
            [{"row": 2, "column": "", "message": "The file has a header but no rows."}]
        )
    with transaction.atomic():
        batch = CollaborationImport.objects.create(
            uploaded_by=user if getattr(user, "is_authenticated", False) else None,
            source_name=source_name[:200],
            rows=len(rows),
            periods=", ".join(sorted({r.period for r in rows}))[:400],
        )
        CollaborationCount.objects.bulk_create(
            (
                CollaborationCount(
                    batch=batch, person_a_id=r.a, person_b_id=r.b, count=r.count, period=r.period
                )
                for r in rows
            ),
            batch_size=5000,
        )
    return batch


# ---------------------------------------------------------------- reports


def report_create(*, pilot: Pilot, user: Any, as_of: dt.date | None = None) -> PilotReport:
    """A queued report of the pilot; `enqueue.report_request` hands it to a worker."""
    return PilotReport.objects.create(
        pilot=pilot, requested_by=user, as_of=as_of or timezone.localdate()
    )


def report_generate(*, report: PilotReport) -> PilotReport:
    """Write the report's HTML and PDF and store them on the record."""
    from workshift.insights.reports import render_report_html, render_report_pdf

    PilotReport.objects.filter(pk=report.pk).update(status=PilotReport.Status.RUNNING)
    try:
        html = render_report_html(pilot=report.pilot, as_of=report.as_of)
        pdf = render_report_pdf(html=html)
    except Exception as exc:  # the record says what went wrong; the worker keeps going
        report.status = PilotReport.Status.FAILED
        report.error = f"{type(exc).__name__}: {exc}"
        report.finished_at = timezone.now()
        report.save()
        raise
    report.html = html
    report.pdf = pdf
    report.status = PilotReport.Status.DONE
    report.finished_at = timezone.now()
    report.save()
    return report


def pulse_round_save(*, record: PulseRound, expected_version: int | None) -> PulseRound:
    """Schedule (or save) a pulse round of the pilot."""
    return versioned_save(record=record, expected_version=expected_version)


def person_personal_data_erase(*, person: Any, user: Any) -> None:
    """Erasing a person: stories they did not agree to share go; their pulse answers stay
    (counted, anonymous) without their free text; stories they shared lose their author."""
    from workshift.insights.models import PulseResponse, Story, StoryPerson

    unshared = Story.objects.filter(author=person, author_consents=False)
    not_agreed = StoryPerson.objects.filter(person=person).exclude(consent=True)
    for story in Story.objects.filter(
        Q(pk__in=unshared.values("pk")) | Q(pk__in=not_agreed.values("story_id"))
    ):
        story.delete()
    Story.objects.filter(author=person).update(author=None)
    PulseResponse.objects.filter(person=person).update(comment="")


def pulse_text_prune(*, older_than_days: int, today: dt.date | None = None) -> int:
    """Clear the free-text comments of pulse answers older than the retention; returns how many."""
    from workshift.insights.models import PulseResponse

    if older_than_days <= 0:
        return 0
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    return (
        PulseResponse.objects.filter(submitted_at__lt=cutoff).exclude(comment="").update(comment="")
    )
