"""What a workgroup does in its week, each step one transaction."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from workshift.conditions.models import Workgroup
from workshift.core.concurrency import versioned_save
from workshift.core.spreadsheet import cell_restored
from workshift.engine import readings as rules
from workshift.impact.models import (
    AdoptedPractice,
    MetricReading,
    Notification,
    Obstacle,
    ObstacleEscalation,
    Opportunity,
    Practice,
    PracticeUse,
    Reflection,
    Slice,
    SpinOffProposal,
    WorkgroupCharter,
)
from workshift.impact.notifications import notify, users_at_level, users_in_workgroup
from workshift.pilots.models import Metric, Pilot

NEXT_LEVEL = {"coach": "lead", "lead": "champion"}
WORKAROUND_DAYS = 14


class ImpactError(Exception):
    """A step the rules of the approach do not allow; the message says why."""


# --- practices -------------------------------------------------------------------------------------------------


@transaction.atomic
def practice_add(*, practice: Practice, pilot: Pilot) -> Practice:
    """Add a practice (checked by its form, not yet saved) to the pilot's own catalog."""
    practice.pilot = pilot
    practice.save()
    return practice


def opportunity_capture(
    *, opportunity: Opportunity, user: Any, workgroup: Workgroup | None = None
) -> Opportunity:
    """Put a captured problem or opportunity (checked by its form) into a workgroup's backlog."""
    if workgroup is not None:
        opportunity.workgroup = workgroup
    opportunity.raised_by = user
    opportunity.save()
    return opportunity


def reflection_write(*, reflection: Reflection, workgroup: Workgroup, user: Any) -> Reflection:
    """Save a reflection (checked by its form) to the workgroup's learning log."""
    reflection.workgroup, reflection.author = workgroup, user
    reflection.save()
    return reflection


def notifications_mark_read(*, user: Any, pk: int | None = None) -> int:
    """Mark the user's unread notification `pk` (or, without one, all of them) as read."""
    rows = Notification.objects.filter(user=user, read_at__isnull=True)
    if pk is not None:
        rows = rows.filter(pk=pk)
    return rows.update(read_at=timezone.now())


def practices_adopt(
    *, workgroup: Workgroup, practices: Iterable[Practice]
) -> list[AdoptedPractice]:
    """Adopt practices (already adopted ones are kept as they are)."""
    adopted = []
    for practice in practices:
        if practice.pilot_id not in (None, workgroup.pilot_id):
            raise ImpactError(f"“{practice}” belongs to another pilot's catalog.")
        row, _ = AdoptedPractice.objects.get_or_create(workgroup=workgroup, practice=practice)
        adopted.append(row)
    return adopted


def practice_use_record(
    *, adopted: AdoptedPractice, user: Any, used_on: dt.date, note: str = ""
) -> PracticeUse:
    return PracticeUse.objects.create(adopted=adopted, used_on=used_on, note=note, by=user)


# --- opportunities and spin-offs ----------------------------------------------------------------------------------


@transaction.atomic
def spin_off_propose(
    *, opportunity: Opportunity, user: Any, name: str, rationale: str
) -> SpinOffProposal:
    if opportunity.spin_offs.filter(status=SpinOffProposal.Status.PROPOSED).exists():
        raise ImpactError("A spin-off of this opportunity is already waiting for the program lead.")
    proposal = SpinOffProposal.objects.create(
        opportunity=opportunity, name=name, rationale=rationale, proposed_by=user
    )
    workgroup = opportunity.workgroup
    notify(
        users=users_at_level(workgroup=workgroup, level="lead"),
        kind=Notification.Kind.SPIN_OFF,
        title=f"{workgroup} proposes a new workgroup: {name}",
        body=rationale,
        url=reverse("impact:spin_offs", args=[workgroup.pilot_id]),
        pilot_id=workgroup.pilot_id,
    )
    return proposal


@transaction.atomic
def spin_off_decide(
    *, proposal: SpinOffProposal, user: Any, approve: bool, note: str = ""
) -> SpinOffProposal:
    """The program lead approves (a new Workgroup is formed) or declines, with a note to the proposers."""
    if proposal.status != SpinOffProposal.Status.PROPOSED:
        raise ImpactError("This proposal has already been decided.")
    opportunity = proposal.opportunity
    source = opportunity.workgroup
    proposal.decided_by = user
    proposal.decision_note = note
    if approve:
        proposal.status = SpinOffProposal.Status.APPROVED
        proposal.new_workgroup = Workgroup.objects.create(
            pilot_id=source.pilot_id, name=proposal.name, coach_id=source.coach_id
        )
        opportunity.status = Opportunity.Status.SPUN_OFF
        opportunity.save()
    else:
        proposal.status = SpinOffProposal.Status.DECLINED
    proposal.save()
    verdict = "approved: the new workgroup is formed" if approve else "declined"
    notify(
        users=[proposal.proposed_by, *users_at_level(workgroup=source, level="coach")],
        kind=Notification.Kind.ANSWER,
        title=f"Spin-off “{proposal.name}” {verdict}",
        body=note,
        url=opportunity.get_absolute_url(),
        pilot_id=source.pilot_id,
    )
    return proposal


# --- slices -----------------------------------------------------------------------------------------------------


@transaction.atomic
def slice_start(
    *, workgroup: Workgroup, opportunity: Opportunity | None = None, **fields: Any
) -> Slice:
    """Start a slice (from an opportunity if given) at the first step of the loop: seek data and context."""
    metric = fields.get("metric")
    if metric is not None and metric.pilot_id != workgroup.pilot_id:
        raise ImpactError("The outcome measure must be a metric of this pilot.")
    if fields["end"] < fields["start"]:
        raise ImpactError("A slice ends after it starts.")
    piece = Slice.objects.create(
        workgroup=workgroup, opportunity=opportunity, stage=Slice.Stage.SEEK, **fields
    )
    if opportunity is not None and opportunity.status in (
        Opportunity.Status.NEW,
        Opportunity.Status.EVALUATED,
    ):
        opportunity.status = Opportunity.Status.IN_SLICE
        opportunity.save()
    return piece


def slice_move(*, piece: Slice, to_stage: str) -> Slice:
    """Walk the loop: only the transitions in Slice.TRANSITIONS are allowed; 'done' needs a next step."""
    if to_stage not in Slice.TRANSITIONS[piece.stage]:
        allowed = (
            ", ".join(dict(Slice.Stage.choices)[s] for s in Slice.TRANSITIONS[piece.stage])
            or "none"
        )
        raise ImpactError(f"A slice at “{piece.get_stage_display()}” can move to: {allowed}.")
    if to_stage == Slice.Stage.DONE and not piece.next_step:
        raise ImpactError("Record the next step (refine, scale or stop) before closing the slice.")
    piece.stage = to_stage
    piece.save()
    return piece


# --- obstacles --------------------------------------------------------------------------------------------------


def _due(level: str, today: dt.date | None = None) -> dt.date:
    return (today or timezone.localdate()) + dt.timedelta(days=Obstacle.LEVEL_DAYS[level])


@transaction.atomic
def obstacle_raise(
    *,
    workgroup: Workgroup,
    user: Any,
    title: str,
    kind: str,
    description: str = "",
    proposed_solution: str = "",
    today: dt.date | None = None,
) -> Obstacle:
    """Raise an obstacle: the coach holds it first and owes an answer within a few days."""
    obstacle = Obstacle.objects.create(
        workgroup=workgroup,
        raised_by=user,
        title=title,
        kind=kind,
        description=description,
        proposed_solution=proposed_solution,
        level=Obstacle.Level.COACH,
        due_date=_due("coach", today),
    )
    _notify_about(
        obstacle,
        users=users_at_level(workgroup=workgroup, level="coach"),
        kind=Notification.Kind.ESCALATION,
        title=f"{workgroup} raised an obstacle: {title}",
        body=description,
        by=user,
    )
    return obstacle


def _notify_about(
    obstacle: Obstacle, *, users: Iterable[Any], kind: str, title: str, body: str, by: Any
) -> None:
    """Tell people about an obstacle (linking to it), leaving out whoever acted."""
    notify(
        users=users,
        kind=kind,
        title=title,
        body=body,
        url=obstacle.get_absolute_url(),
        pilot_id=obstacle.workgroup.pilot_id,
        exclude=by,
    )


@transaction.atomic
def obstacle_escalate(
    *, obstacle: Obstacle, user: Any, note: str = "", due_date: dt.date | None = None
) -> Obstacle:
    """Carry an obstacle one level up (coach → program lead → champion) with a new due date."""
    if obstacle.is_closed:
        raise ImpactError("This obstacle is closed; raise a new one if it came back.")
    to_level = NEXT_LEVEL.get(obstacle.level)
    if to_level is None:
        raise ImpactError("The champion is the last level: answer the obstacle instead.")
    due = due_date or _due(to_level)
    ObstacleEscalation.objects.create(
        obstacle=obstacle,
        from_level=obstacle.level,
        to_level=to_level,
        due_date=due,
        note=note,
        by=user,
    )
    obstacle.level = to_level
    obstacle.due_date = due
    obstacle.save()
    label = Obstacle.Level(to_level).label
    _notify_about(
        obstacle,
        users=users_at_level(workgroup=obstacle.workgroup, level=to_level),
        kind=Notification.Kind.ESCALATION,
        title=f"Escalated to you ({label}): {obstacle.title}",
        body=f"Answer due {due:%d %b %Y}. {note}".strip(),
        by=user,
    )
    _notify_about(
        obstacle,
        users=[obstacle.raised_by],
        kind=Notification.Kind.ANSWER,
        title=f"Your obstacle “{obstacle.title}” went up to the {label.lower()}",
        body=note,
        by=user,
    )
    return obstacle


@transaction.atomic
def obstacle_answer(
    *, obstacle: Obstacle, user: Any, answer: str, status: str, workaround: str = ""
) -> Obstacle:
    """Answer the people who raised it (closes the loop); the status says whether it is solved."""
    if not answer.strip():
        raise ImpactError("Write the answer the workgroup will read.")
    if status not in dict(Obstacle.Status.choices) or status == Obstacle.Status.OPEN:
        raise ImpactError(
            "Choose whether it is resolved, has a workaround, or will not be pursued."
        )
    if status == Obstacle.Status.WORKAROUND and not (workaround or obstacle.workaround).strip():
        raise ImpactError("Describe the temporary workaround.")
    obstacle.answer = answer
    obstacle.status = status
    if status == Obstacle.Status.WORKAROUND:  # the workaround buys time; the real fix is due later
        obstacle.due_date = timezone.localdate() + dt.timedelta(days=WORKAROUND_DAYS)
    if workaround:
        obstacle.workaround = workaround
    obstacle.answered_by = user
    obstacle.answered_at = timezone.now()
    obstacle.save()
    _notify_about(
        obstacle,
        users=[obstacle.raised_by, *users_in_workgroup(workgroup=obstacle.workgroup)],
        kind=Notification.Kind.ANSWER,
        title=f"Answer to “{obstacle.title}”: {obstacle.get_status_display().lower()}",
        body=answer,
        by=user,
    )
    return obstacle


# --- metric readings ------------------------------------------------------------------------------------------------


def readings_reflag(*, workgroup_id: int, metric_id: int) -> list[MetricReading]:
    """Apply the control-chart rule to the whole series again; returns readings newly flagged."""
    series = list(
        MetricReading.objects.filter(workgroup_id=workgroup_id, metric_id=metric_id).order_by("on")
    )
    flags = rules.readings_flag(values=[r.value for r in series])
    changed, newly = [], []
    for reading, flag in zip(series, flags, strict=True):
        if reading.flag != flag:
            if flag and not reading.flag:
                newly.append(reading)
            reading.flag = flag
            changed.append(reading)
    MetricReading.objects.bulk_update(changed, ["flag"])
    return newly


def _notify_flags(*, workgroup: Workgroup, metric: Metric, flagged: list[MetricReading]) -> None:
    if not flagged:
        return
    latest = max(flagged, key=lambda r: r.on)
    notify(
        users=users_in_workgroup(workgroup=workgroup),
        kind=Notification.Kind.FLAG,
        title=f"{metric}: {latest.value:g} on {latest.on:%d %b} is beyond normal variation",
        url=reverse("impact:metric_chart", args=[workgroup.pk, metric.pk]),
        pilot_id=workgroup.pilot_id,
        key=f"flag:{latest.pk}",
    )


def _check_metric(*, workgroup: Workgroup, metric: Metric) -> None:
    if metric.pilot_id != workgroup.pilot_id:
        raise ImpactError("This metric belongs to another pilot.")


@transaction.atomic
def reading_record(
    *, workgroup: Workgroup, metric: Metric, on: dt.date, value: float, user: Any, note: str = ""
) -> MetricReading:
    """Record (or correct) the reading of a day, then flag what moves beyond normal variation."""
    _check_metric(workgroup=workgroup, metric=metric)
    reading, _ = MetricReading.objects.update_or_create(
        workgroup=workgroup,
        metric=metric,
        on=on,
        defaults={"value": value, "note": note, "entered_by": user},
    )
    flagged = readings_reflag(workgroup_id=workgroup.pk, metric_id=metric.pk)
    _notify_flags(workgroup=workgroup, metric=metric, flagged=flagged)
    reading.refresh_from_db()
    return reading


@dataclass(frozen=True)
class RowProblem:
    row: int
    column: str
    problem: str

    def __str__(self) -> str:
        return f"Row {self.row}, column “{self.column}”: {self.problem}"


class ReadingImportError(ImpactError):
    def __init__(self, problems: list[RowProblem]) -> None:
        self.problems = problems
        super().__init__(f"Nothing was imported: {len(problems)} problem(s) in the file.")


IMPORT_COLUMNS = ("metric", "date", "value")


def readings_import(*, workgroup: Workgroup, user: Any, text: str) -> int:
    """Import readings from CSV (columns metric, date, value, optional note): all rows or none.

    `metric` is a metric's name or id in this pilot; `date` is YYYY-MM-DD. Row numbers count
    the header as row 1, as a spreadsheet shows them.
    """
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in IMPORT_COLUMNS if c not in header]
    if missing:
        raise ReadingImportError(
            [
                RowProblem(1, c, "this column is missing (needed: metric, date, value)")
                for c in missing
            ]
        )
    reader.fieldnames = header
    metrics = list(Metric.objects.filter(pilot_id=workgroup.pilot_id))
    by_name = {m.name.strip().lower(): m for m in metrics} | {str(m.pk): m for m in metrics}
    problems: list[RowProblem] = []
    parsed: dict[tuple[int, dt.date], tuple[Metric, float, str]] = {}
    for number, raw in enumerate(reader, start=2):
        row = {k: cell_restored((v or "").strip()) for k, v in raw.items() if k}
        metric = by_name.get(row.get("metric", "").lower())
        if metric is None:
            problems.append(
                RowProblem(
                    number, "metric", f"“{row.get('metric', '')}” is not a metric of this pilot"
                )
            )
        try:
            on = dt.date.fromisoformat(row.get("date", ""))
        except ValueError:
            problems.append(
                RowProblem(number, "date", f"“{row.get('date', '')}” is not a date like 2026-03-31")
            )
            on = None
        try:
            value = float(row.get("value", "").replace(",", "")) if row.get("value") else None
        except ValueError:
            value = None
        if value is None or value != value:
            problems.append(
                RowProblem(number, "value", f"“{row.get('value', '')}” is not a number")
            )
        if on and on > timezone.localdate():
            problems.append(RowProblem(number, "date", "is in the future"))
        if metric and on and value is not None:
            if (metric.pk, on) in parsed:
                problems.append(
                    RowProblem(number, "date", f"a reading of {metric} on {on} appears twice")
                )
            parsed[(metric.pk, on)] = (metric, value, row.get("note", "")[:300])
    if problems:
        raise ReadingImportError(problems)
    if not parsed:
        raise ReadingImportError([RowProblem(2, "metric", "the file has no readings")])
    with transaction.atomic():
        for (_, on), (metric, value, note) in parsed.items():
            MetricReading.objects.update_or_create(
                workgroup=workgroup,
                metric=metric,
                on=on,
                defaults={"value": value, "note": note, "entered_by": user},
            )
        for metric in {m for m, _, _ in parsed.values()}:
            flagged = readings_reflag(workgroup_id=workgroup.pk, metric_id=metric.pk)
            _notify_flags(workgroup=workgroup, metric=metric, flagged=flagged)
    return len(parsed)


def charter_save(*, record: WorkgroupCharter, expected_version: int | None) -> WorkgroupCharter:
    """Save the workgroup's shared outcome and powerful question."""
    return versioned_save(record=record, expected_version=expected_version)


def practice_save(*, record: Practice, expected_version: int | None) -> Practice:
    """Save an edited practice of the pilot's catalog."""
    return versioned_save(record=record, expected_version=expected_version)


def adopted_practice_save(
    *, record: AdoptedPractice, expected_version: int | None
) -> AdoptedPractice:
    """Save the group's own version of an adopted practice."""
    return versioned_save(record=record, expected_version=expected_version)


def opportunity_evaluate(*, record: Opportunity, expected_version: int | None) -> Opportunity:
    """Save an opportunity's evaluation: value, confidence, effort, status."""
    return versioned_save(record=record, expected_version=expected_version)


def slice_save(*, record: Slice, expected_version: int | None) -> Slice:
    """Save an edited slice."""
    return versioned_save(record=record, expected_version=expected_version)
