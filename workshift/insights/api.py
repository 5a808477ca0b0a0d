"""Insights over the REST API: pulse, stories, collaboration counts, who can help, reports.

Same access rules as the pages. No `from __future__ import annotations` here:
django-ninja reads the annotations at import time.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from workshift.api.errors import ApiError
from workshift.api.pagination import BoundedPagination
from workshift.core.http import AuthedHttpRequest
from workshift.insights import access, enqueue, services
from workshift.insights.connections import connections_kept
from workshift.insights.models import PULSE_FIELDS
from workshift.insights.selectors import connections as connection_reads
from workshift.insights.selectors import pulse as pulse_reads
from workshift.insights.selectors import scale_next as scale_next_reads
from workshift.insights.selectors.dashboard import (
    metric_summaries,
    overdue_obstacles,
    workgroup_rows,
)
from workshift.insights.selectors.participants import pilot_participant_ids
from workshift.insights.selectors.pulse import visible_group_keys
from workshift.insights.selectors.workload import momentum_signals
from workshift.people.models import Person

router = Router(tags=["insights"])


class PulseGroupOut(Schema):
    key: str
    label: str
    respondents: int
    means: dict[str, float]
    comments: list[str]


class PulseRoundOut(Schema):
    id: int
    title: str
    opens_on: dt.date
    closes_on: dt.date
    cadence: str
    respondents: int
    shown: list[PulseGroupOut]
    suppressed: list[dict[str, str]]


class PulseAnswerIn(Schema):
    questing: int
    connecting: int
    impact: int
    safety: int
    workload: int
    balance: int
    comment: str = ""


class StoryOut(Schema):
    id: int
    title: str
    author_id: int | None
    workgroup_id: int | None
    before: str
    what_happened: str
    after: str
    shared: bool
    created_at: dt.datetime


class StoryIn(Schema):
    title: str
    before: str
    what_happened: str
    after: str
    workgroup_id: int | None = None
    involved_ids: list[int] = []
    author_consents: bool = False


class ConsentIn(Schema):
    consent: bool


class CollaborationIn(Schema):
    csv: str
    source_name: str = "api"


class CollaborationImportOut(Schema):
    id: int
    rows: int
    periods: str


class HelperOut(Schema):
    person_id: int
    name: str
    job_title: str
    unit: str
    in_pilot: bool
    score: float
    why: str


class PersonRefOut(Schema):
    id: int
    name: str


class BridgeOut(Schema):
    unit: str
    share: float


class UnitPairOut(Schema):
    unit_a: str
    unit_b: str


class BrokerOut(Schema):
    person_id: int
    name: str
    score: float
    bridges: list[BridgeOut]


class ConnectionsOut(Schema):
    computed_at: dt.datetime | None
    collaboration_rows: int
    brokers: list[BrokerOut]
    isolated: list[PersonRefOut]
    isolated_count: int
    silent_unit_pairs: list[UnitPairOut]


class ReadingPointOut(Schema):
    on: dt.date
    value: float


class MetricProgressOut(Schema):
    id: int
    name: str
    unit: str
    level: str
    direction: str
    baseline: float | None
    target: float | None
    current: float | None
    readings: list[ReadingPointOut]


class WorkgroupActivityOut(Schema):
    id: int
    name: str
    members: int
    slices_run: int
    slices_done: int
    reflections_kept: int
    practices_used: int
    open_obstacles: int
    overdue_obstacles: int
    opportunities_found: int
    stories_shared: int


class SignalOut(Schema):
    label: str
    value: int
    meaning: str


class DashboardOut(Schema):
    pilot_id: int
    workgroup_id: int | None
    metrics: list[MetricProgressOut]
    workgroups: list[WorkgroupActivityOut]
    open_obstacles: int
    overdue_obstacles: int
    signals: list[SignalOut]


class NextCandidateOut(Schema):
    rank: int
    rank_before: int
    unit: str
    impact: float
    likelihood: float
    score: float
    reasons: list[str]


class ScaleNextOut(Schema):
    lessons: list[str]
    candidates: list[NextCandidateOut]
    seed_opportunity_ids: list[int]


class ReportOut(Schema):
    id: int
    pilot_id: int
    as_of: dt.date
    status: str
    error: str
    created_at: dt.datetime
    finished_at: dt.datetime | None


def _invalid(error: ValidationError) -> ApiError:
    if hasattr(error, "error_dict"):
        errors = [{"field": k, "message": " ".join(v)} for k, v in error.message_dict.items()]
    else:
        errors = [{"field": "", "message": m} for m in error.messages]
    return ApiError(
        status=422,
        code="invalid",
        message=errors[0]["message"] if errors else "Invalid.",
        errors=errors,
    )


@router.get("/pilots/{pilot_id}/dashboard", response=DashboardOut)
def dashboard(request: HttpRequest, pilot_id: int, workgroup_id: int | None = None) -> Any:
    """The champion's dashboard in numbers (optionally for one workgroup the caller may see)."""
    pilot = access.insights_pilot_for_user(user=request.user, pk=pilot_id)
    workgroups = access.pilot_workgroups_visible_to(user=request.user, pilot=pilot)
    selected = None
    if workgroup_id is not None:
        selected = workgroups.filter(pk=workgroup_id).first()
        if selected is None:
            raise ApiError(status=404, code="not_found", message="No such workgroup in this pilot.")
        workgroups = workgroups.filter(pk=selected.pk)
    open_count, overdue_count, _ = overdue_obstacles(pilot=pilot, workgroup=selected)
    return {
        "pilot_id": pilot.pk,
        "workgroup_id": selected.pk if selected else None,
        "metrics": [
            {
                "id": m.metric.pk,
                "name": m.metric.name,
                "unit": m.metric.unit,
                "level": m.metric.level,
                "direction": m.metric.direction,
                "baseline": m.metric.baseline,
                "target": m.metric.target,
                "current": m.current,
                "readings": [{"on": on, "value": value} for on, value in m.readings],
            }
            for m in metric_summaries(pilot=pilot, workgroup=selected)
        ],
        "workgroups": [
            {
                "id": r["workgroup"].pk,
                "name": r["workgroup"].name,
                "members": r["members"],
                **{
                    k: getattr(r["workgroup"], k)
                    for k in (
                        "slices_run",
                        "slices_done",
                        "reflections_kept",
                        "practices_used",
                        "open_obstacles",
                        "overdue_obstacles",
                        "opportunities_found",
                        "stories_shared",
                    )
                },
            }
            for r in workgroup_rows(pilot=pilot, workgroups=workgroups)
        ],
        "open_obstacles": open_count,
        "overdue_obstacles": overdue_count,
        "signals": [
            {"label": a, "value": b, "meaning": c} for a, b, c in momentum_signals(pilot=pilot)
        ],
    }


@router.get("/pilots/{pilot_id}/scale-next", response=ScaleNextOut)
def scale_next(request: HttpRequest, pilot_id: int) -> Any:
    """Remaining entry points re-ranked with what the pilot learned; opportunities that could seed new groups."""
    pilot = access.insights_pilot_for_user(user=request.user, pk=pilot_id, overseer=True)
    plan = scale_next_reads.scale_next(pilot=pilot)
    return {
        "lessons": plan.lessons,
        "candidates": [
            {
                "rank": c.rank,
                "rank_before": c.before_rank,
                "unit": c.candidate.unit.name,
                "impact": c.score.impact,
                "likelihood": c.score.likelihood,
                "score": c.combined,
                "reasons": c.reasons,
            }
            for c in plan.candidates
        ],
        "seed_opportunity_ids": [o.pk for o in plan.seeds],
    }


@router.get("/pilots/{pilot_id}/pulse", response=list[PulseRoundOut])
def pulse_results(request: HttpRequest, pilot_id: int) -> Any:
    """Pulse rounds with results only for groups the anonymity rule lets anyone see."""
    pilot = access.insights_pilot_for_user(user=request.user, pk=pilot_id)
    rounds = list(pilot.pulse_rounds.order_by("-opens_on"))
    visible = visible_group_keys(user=request.user, pilot=pilot)
    return [
        {
            "id": r.round.pk,
            "title": r.round.title,
            "opens_on": r.round.opens_on,
            "closes_on": r.round.closes_on,
            "cadence": r.round.cadence,
            "respondents": r.respondents,
            "shown": [g.__dict__ for g in r.shown],
            "suppressed": [{"group": label, "reason": reason} for label, reason in r.suppressed],
        }
        for r in pulse_reads.pulse_results(pilot=pilot, rounds=rounds, visible=visible)
    ]


@router.post("/pulse/{round_id}/answers", response={201: dict})
def pulse_answer(request: AuthedHttpRequest, round_id: int, payload: PulseAnswerIn) -> Any:
    pulse_round = access.pulse_round_for_user(user=request.user, pk=round_id)
    person = (
        Person.objects.filter(pk=request.user.person_id).first() if request.user.person_id else None
    )
    data = payload.dict()
    try:
        services.pulse_answer(
            pulse_round=pulse_round,
            person=person,
            answers={f: data[f] for f in PULSE_FIELDS},
            comment=data["comment"],
        )
    except ValidationError as error:
        raise _invalid(error) from None
    return Status(201, {"message": "Thank you: your answers are in."})


@router.get("/pilots/{pilot_id}/stories", response=list[StoryOut])
@paginate(BoundedPagination, page_size=50)
def list_stories(request: HttpRequest, pilot_id: int) -> Any:
    pilot = access.insights_pilot_for_user(user=request.user, pk=pilot_id)
    return access.stories_visible_to(user=request.user, pilot=pilot).order_by("-created_at", "-pk")


@router.post("/pilots/{pilot_id}/stories", response={201: StoryOut})
def create_story(request: AuthedHttpRequest, pilot_id: int, payload: StoryIn) -> Any:
    pilot = access.insights_pilot_for_user(user=request.user, pk=pilot_id)
    if not request.user.person_id:
        raise PermissionDenied("Your login is not linked to a person, so you cannot sign a story.")
    workgroup = None
    if payload.workgroup_id:
        workgroup = (
            access.pilot_workgroups_visible_to(user=request.user, pilot=pilot)
            .filter(pk=payload.workgroup_id)
            .first()
        )
        if workgroup is None:
            raise ApiError(
                status=422,
                code="invalid",
                message="No such workgroup in this pilot.",
                errors=[{"field": "workgroup_id", "message": "No such workgroup in this pilot."}],
            )
    participants = pilot_participant_ids(pilot=pilot)
    unknown = [i for i in payload.involved_ids if i not in participants]
    if unknown:
        raise ApiError(
            status=422,
            code="invalid",
            message="Everyone involved must take part in the pilot.",
            errors=[{"field": "involved_ids", "message": f"Not in the pilot: {unknown}"}],
        )
    for field in ("title", "before", "what_happened", "after"):
        if not getattr(payload, field).strip():
            raise ApiError(
                status=422,
                code="invalid",
                message=f"{field} is required.",
                errors=[{"field": field, "message": "This field is required."}],
            )
    story = services.story_create(
        pilot=pilot,
        author=request.user.person,
        title=payload.title,
        before=payload.before,
        what_happened=payload.what_happened,
        after=payload.after,
        workgroup=workgroup,
        involved=Person.objects.filter(pk__in=payload.involved_ids),
        author_consents=payload.author_consents,
    )
    return Status(201, access.stories_visible_to(user=request.user, pilot=pilot).get(pk=story.pk))


@router.post("/stories/{story_id}/consent", response=StoryOut)
def story_consent(request: AuthedHttpRequest, story_id: int, payload: ConsentIn) -> Any:
    story = access.story_for_user(user=request.user, pk=story_id)
    if not request.user.person_id:
        raise PermissionDenied(
            "Only the author and the people involved decide whether the story is shared."
        )
    try:
        services.story_consent_set(story=story, person=request.user.person, consent=payload.consent)  # type: ignore[arg-type]
    except ValidationError as error:
        raise PermissionDenied(" ".join(error.messages)) from None
    return access.stories_visible_to(user=request.user, pilot=story.pilot).get(pk=story.pk)


@router.post("/collaboration", response={201: CollaborationImportOut})
def import_collaboration(request: HttpRequest, payload: CollaborationIn) -> Any:
    """Import aggregated counts (CSV text: person, other_person, count, period). All or nothing."""
    if not access.may_import_collaboration(user=request.user):
        raise PermissionDenied("Only administrators and program leads import collaboration data.")
    try:
        batch = enqueue.collaboration_import(
            text=payload.csv, source_name=payload.source_name, user=request.user
        )
    except services.ImportRejected as rejected:
        raise ApiError(
            status=422,
            code="import_rejected",
            message=str(rejected),
            errors=[
                {"field": f"row {e['row']}: {e['column']}", "message": e["message"]}
                for e in rejected.errors
            ],
        ) from None
    return Status(201, batch)


@router.get("/pilots/{pilot_id}/helpers", response=list[HelperOut])
def who_can_help(
    request: HttpRequest, pilot_id: int, q: str, workgroup_id: int | None = None
) -> Any:
    """People who wrote about a similar challenge or have the skills for it, weak ties first, each with why."""
    pilot = access.insights_pilot_for_user(user=request.user, pk=pilot_id)
    group: list[int] = []
    if workgroup_id:
        wg = (
            access.pilot_workgroups_visible_to(user=request.user, pilot=pilot)
            .filter(pk=workgroup_id)
            .first()
        )
        if wg is None:
            raise ApiError(status=404, code="not_found", message="No such workgroup in this pilot.")
        group = list(wg.memberships.values_list("person_id", flat=True))
    kept = connections_kept(pilot=pilot, with_ties=True)
    return [
        {
            "person_id": h.person.pk,
            "name": h.person.full_name,
            "job_title": h.person.job_title,
            "unit": h.person.unit.name if h.person.unit else "",
            "in_pilot": h.in_pilot,
            "score": round(h.suggestion.score, 4),
            "why": h.why,
        }
        for h in connection_reads.who_can_help(
            pilot=pilot,
            text=q,
            group_person_ids=group,
            ties=kept.ties if kept else None,
        )
    ]


@router.get("/pilots/{pilot_id}/connections", response=ConnectionsOut)
def connections(request: HttpRequest, pilot_id: int) -> Any:
    """The kept network analysis of the pilot (brokers, isolated people, units that never talk),
    as the worker last computed it; `computed_at` is null before the first analysis."""
    pilot = access.insights_pilot_for_user(user=request.user, pk=pilot_id, overseer=True)
    kept = connections_kept(pilot=pilot)
    if kept is None:
        return {
            "computed_at": None,
            "collaboration_rows": 0,
            "brokers": [],
            "isolated": [],
            "isolated_count": 0,
            "silent_unit_pairs": [],
        }
    return {
        "computed_at": kept.computed_at,
        "collaboration_rows": kept.rows,
        "brokers": [
            {
                "person_id": b["person"].pk,
                "name": b["person"].full_name,
                "score": round(b["score"], 4),
                "bridges": [{"unit": unit, "share": share} for unit, share in b["bridges"]],
            }
            for b in kept.brokers
        ],
        "isolated": [{"id": p.pk, "name": p.full_name} for p in kept.isolated],
        "isolated_count": kept.isolated_count,
        "silent_unit_pairs": [{"unit_a": a, "unit_b": b} for a, b in kept.silent_pairs],
    }


@router.get("/pilots/{pilot_id}/reports", response=list[ReportOut])
def list_reports(request: HttpRequest, pilot_id: int) -> Any:
    pilot = access.insights_pilot_for_user(user=request.user, pk=pilot_id, overseer=True)
    return list(pilot.reports.defer("pdf", "html"))


@router.post("/pilots/{pilot_id}/reports", response={202: ReportOut})
def request_report(request: HttpRequest, pilot_id: int) -> Any:
    pilot = access.insights_pilot_for_user(user=request.user, pk=pilot_id, overseer=True)
    return Status(202, enqueue.report_request(pilot=pilot, user=request.user))


@router.get("/reports/{report_id}", response=ReportOut)
def get_report(request: HttpRequest, report_id: int) -> Any:
    return access.report_for_user(user=request.user, pk=report_id)


@router.get("/reports/{report_id}/pdf")
def get_report_pdf(request: HttpRequest, report_id: int) -> HttpResponse:
    report = access.report_for_user(user=request.user, pk=report_id)
    if report.status != "done":
        raise ApiError(
            status=409,
            code="not_ready",
            message=f"The report is {report.get_status_display().lower()}.",
        )
    response = HttpResponse(bytes(report.pdf), content_type="application/pdf")  # type: ignore[arg-type]
    response["Content-Disposition"] = f'attachment; filename="{report.filename_stem}.pdf"'
    return response
