"""The Act-for-impact API: a workgroup's readings, obstacles, opportunities, slices and reflections.

Same access rules as the pages (workshift.impact.access): records of a workgroup
you may not open answer 404; a manager's writes answer 403.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from workshift.api.errors import ApiError, require_valid
from workshift.api.forms import form_data
from workshift.api.pagination import BoundedPagination
from workshift.core.http import AuthedHttpRequest
from workshift.impact import access, selectors, services
from workshift.impact import forms as impact_forms
from workshift.impact.models import (
    AdoptedPractice,
    MetricReading,
    Notification,
    Obstacle,
    Opportunity,
    Reflection,
    Slice,
    WorkgroupCharter,
)
from workshift.pilots.models import Metric

router = Router(tags=["act for impact"])


def _invalid(exc: Exception, field: str = "") -> ApiError:
    return ApiError(
        status=422, code="invalid", message=str(exc), errors=[{"field": field, "message": str(exc)}]
    )


class ReadingIn(Schema):
    metric_id: int
    on: dt.date
    value: float
    note: str = ""


class ReadingOut(Schema):
    id: int
    metric_id: int
    on: dt.date
    value: float
    note: str
    flag: str


class MetricSummaryOut(Schema):
    metric_id: int
    name: str
    unit: str
    latest_value: float | None
    latest_on: dt.date | None
    latest_flag: str
    center: float | None
    lower_limit: float | None
    upper_limit: float | None


class SpaceOut(Schema):
    id: int
    name: str
    pilot_id: int
    your_role: str
    shared_outcome: str
    outcome_metric_id: int | None
    powerful_question: str
    metrics: list[MetricSummaryOut]
    attention: list[dict[str, str]]


class ObstacleIn(Schema):
    title: str
    kind: Literal["political", "cultural", "systemic", "management", "work_environment"]
    description: str = ""
    proposed_solution: str = ""


class ObstacleOut(Schema):
    id: int
    workgroup_id: int
    title: str
    kind: str
    description: str
    proposed_solution: str
    level: str
    status: str
    due_date: dt.date
    workaround: str
    answer: str


class EscalateIn(Schema):
    note: str = ""
    due_date: dt.date | None = None


class AnswerIn(Schema):
    answer: str
    status: Literal["open", "workaround", "resolved", "declined"]
    workaround: str = ""


class OpportunityIn(Schema):
    title: str
    for_whom: str = ""
    evidence: str = ""


class OpportunityOut(Schema):
    id: int
    workgroup_id: int
    title: str
    for_whom: str
    evidence: str
    value: int | None
    confidence: float | None
    effort: int | None
    metric_id: int | None
    status: str
    rank: int | None = None
    score: float | None = None


class SliceOut(Schema):
    id: int
    workgroup_id: int
    opportunity_id: int | None
    title: str
    hypothesis: str
    metric_id: int | None
    expected_change: str
    start: dt.date
    end: dt.date
    stage: str
    result: str
    learned: str
    next_step: str


class StageIn(Schema):
    stage: Literal["seek", "act", "reflect", "refine", "done"]


class ReflectionIn(Schema):
    kind: Literal["before", "during", "after", "outside"]
    expected: str = ""
    happened: str = ""
    why: str = ""
    differently: str = ""
    slice_id: int | None = None
    written_on: dt.date | None = None


class ReflectionOut(Schema):
    id: int
    workgroup_id: int
    slice_id: int | None
    kind: str
    expected: str
    happened: str
    why: str
    differently: str
    written_on: dt.date


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None


def _wg(request: HttpRequest, workgroup_id: int, act: bool = False) -> Any:
    return access.workgroup_for_viewer(user=request.user, pk=workgroup_id, act=act)


@router.get("/workgroups/{workgroup_id}/space", response=SpaceOut)
def workgroup_space(request: HttpRequest, workgroup_id: int) -> Any:
    workgroup = _wg(request, workgroup_id)
    summaries = selectors.metric_summaries(workgroup=workgroup)
    charter = getattr(workgroup, "charter", None)
    return {
        "id": workgroup.pk,
        "name": workgroup.name,
        "pilot_id": workgroup.pilot_id,
        "your_role": workgroup.viewer_role,
        "shared_outcome": charter.shared_outcome if charter else "",
        "outcome_metric_id": charter.metric_id if charter else None,
        "powerful_question": charter.powerful_question if charter else "",
        "metrics": [
            {
                "metric_id": s.metric.pk,
                "name": s.metric.name,
                "unit": s.metric.unit,
                "latest_value": s.latest.value if s.latest else None,
                "latest_on": s.latest.on if s.latest else None,
                "latest_flag": s.latest.flag if s.latest else "",
                "center": s.limits.center if s.limits else None,
                "lower_limit": s.limits.lower if s.limits else None,
                "upper_limit": s.limits.upper if s.limits else None,
            }
            for s in summaries
        ],
        "attention": [
            {"kind": a.kind, "text": a.text, "url": a.url}
            for a in selectors.attention_for(workgroup=workgroup, summaries=summaries)
        ],
    }


@router.get("/workgroups/{workgroup_id}/readings", response=list[ReadingOut])
@paginate(BoundedPagination, page_size=200)
def list_readings(request: HttpRequest, workgroup_id: int, metric_id: int | None = None) -> Any:
    workgroup = _wg(request, workgroup_id)
    rows = MetricReading.objects.filter(workgroup=workgroup).order_by("metric_id", "on", "pk")
    return rows.filter(metric_id=metric_id) if metric_id else rows


@router.post("/workgroups/{workgroup_id}/readings", response={201: ReadingOut})
def create_reading(request: HttpRequest, workgroup_id: int, payload: ReadingIn) -> Any:
    workgroup = _wg(request, workgroup_id, act=True)
    metric = Metric.objects.filter(pk=payload.metric_id).first()
    if metric is None or metric.pilot_id != workgroup.pilot_id:
        raise ApiError(
            status=422,
            code="invalid",
            message="The metric is not a metric of this workgroup's pilot.",
            errors=[{"field": "metric_id", "message": "Choose a metric of this pilot."}],
        )
    if payload.on > timezone.localdate():
        raise _invalid(ValueError("A reading cannot be in the future."), "on")
    reading = services.reading_record(
        workgroup=workgroup,
        metric=metric,
        on=payload.on,
        value=payload.value,
        note=payload.note,
        user=request.user,
    )
    return 201, reading


@router.get("/workgroups/{workgroup_id}/obstacles", response=list[ObstacleOut])
@paginate(BoundedPagination, page_size=50)
def list_obstacles(request: HttpRequest, workgroup_id: int) -> Any:
    return _wg(request, workgroup_id).obstacles.order_by("due_date", "pk")


@router.post("/workgroups/{workgroup_id}/obstacles", response={201: ObstacleOut})
def raise_obstacle(request: HttpRequest, workgroup_id: int, payload: ObstacleIn) -> Any:
    workgroup = _wg(request, workgroup_id, act=True)
    if payload.kind not in dict(Obstacle.Kind.choices):
        raise _invalid(ValueError(f"kind must be one of {', '.join(Obstacle.Kind.values)}"), "kind")
    if not payload.title.strip():
        raise _invalid(ValueError("Give the obstacle a title."), "title")
    return 201, services.obstacle_raise(workgroup=workgroup, user=request.user, **payload.dict())


def _obstacle(request: HttpRequest, obstacle_id: int, act: bool = False) -> Obstacle:
    return access.record_for_user(
        user=request.user, model=Obstacle, pk=obstacle_id, act=act, select=("workgroup",)
    )


def _holder_check(obstacle: Obstacle) -> None:
    if not access.holds_obstacle(obstacle=obstacle):
        raise PermissionDenied("The person who holds the obstacle escalates or answers it.")


@router.get("/obstacles/{obstacle_id}", response=ObstacleOut)
def get_obstacle(request: HttpRequest, obstacle_id: int) -> Any:
    return _obstacle(request, obstacle_id)


@router.post("/obstacles/{obstacle_id}/escalate", response=ObstacleOut)
def escalate_obstacle(request: HttpRequest, obstacle_id: int, payload: EscalateIn) -> Any:
    obstacle = _obstacle(request, obstacle_id, act=True)
    _holder_check(obstacle)
    try:
        return services.obstacle_escalate(
            obstacle=obstacle, user=request.user, note=payload.note, due_date=payload.due_date
        )
    except services.ImpactError as exc:
        raise _invalid(exc) from exc


@router.post("/obstacles/{obstacle_id}/answer", response=ObstacleOut)
def answer_obstacle(request: HttpRequest, obstacle_id: int, payload: AnswerIn) -> Any:
    obstacle = _obstacle(request, obstacle_id, act=True)
    _holder_check(obstacle)
    try:
        return services.obstacle_answer(obstacle=obstacle, user=request.user, **payload.dict())
    except services.ImpactError as exc:
        raise _invalid(exc) from exc


@router.get("/workgroups/{workgroup_id}/opportunities", response=list[OpportunityOut])
def list_opportunities(request: HttpRequest, workgroup_id: int) -> Any:
    """The ranked backlog, best first."""
    return selectors.backlog_for(workgroup=_wg(request, workgroup_id))


@router.post("/workgroups/{workgroup_id}/opportunities", response={201: OpportunityOut})
def capture_opportunity(
    request: AuthedHttpRequest, workgroup_id: int, payload: OpportunityIn
) -> Any:
    workgroup = _wg(request, workgroup_id, act=True)
    if not payload.title.strip():
        raise _invalid(ValueError("Say what the problem or opportunity is."), "title")
    return 201, Opportunity.objects.create(
        workgroup=workgroup, raised_by=request.user, **payload.dict()
    )


@router.get("/opportunities/{opportunity_id}", response=OpportunityOut)
def get_opportunity(request: HttpRequest, opportunity_id: int) -> Any:
    return access.record_for_user(user=request.user, model=Opportunity, pk=opportunity_id)


@router.get("/workgroups/{workgroup_id}/slices", response=list[SliceOut])
@paginate(BoundedPagination, page_size=50)
def list_slices(request: HttpRequest, workgroup_id: int) -> Any:
    return _wg(request, workgroup_id).slices.order_by("-start", "pk")


@router.get("/slices/{slice_id}", response=SliceOut)
def get_slice(request: HttpRequest, slice_id: int) -> Any:
    return access.record_for_user(user=request.user, model=Slice, pk=slice_id)


@router.post("/slices/{slice_id}/stage", response=SliceOut)
def move_slice(request: HttpRequest, slice_id: int, payload: StageIn) -> Any:
    piece = access.record_for_user(user=request.user, model=Slice, pk=slice_id, act=True)
    try:
        return services.slice_move(piece=piece, to_stage=payload.stage)
    except services.ImpactError as exc:
        raise _invalid(exc, "stage") from exc


@router.get("/workgroups/{workgroup_id}/reflections", response=list[ReflectionOut])
@paginate(BoundedPagination, page_size=50)
def list_reflections(request: HttpRequest, workgroup_id: int, q: str = "") -> Any:
    workgroup = _wg(request, workgroup_id)
    return selectors.reflections_search(reflections=workgroup.reflections.all(), query=q).order_by(
        "-written_on", "-pk"
    )


@router.post("/workgroups/{workgroup_id}/reflections", response={201: ReflectionOut})
def write_reflection(request: AuthedHttpRequest, workgroup_id: int, payload: ReflectionIn) -> Any:
    workgroup = _wg(request, workgroup_id, act=True)
    if payload.kind not in dict(Reflection.Kind.choices):
        raise _invalid(
            ValueError(f"kind must be one of {', '.join(Reflection.Kind.values)}"), "kind"
        )
    if payload.slice_id and not workgroup.slices.filter(pk=payload.slice_id).exists():
        raise _invalid(ValueError("The slice is not one of this workgroup's."), "slice_id")
    if not any(getattr(payload, f).strip() for f in ("expected", "happened", "why", "differently")):
        raise _invalid(
            ValueError("Write at least one of expected, happened, why, differently."), "happened"
        )
    data = payload.dict()
    data["written_on"] = data["written_on"] or timezone.localdate()
    return 201, Reflection.objects.create(workgroup=workgroup, author=request.user, **data)


@router.get("/reflections/{reflection_id}", response=ReflectionOut)
def get_reflection(request: HttpRequest, reflection_id: int) -> Any:
    return access.record_for_user(user=request.user, model=Reflection, pk=reflection_id)


@router.get("/notifications", response=list[NotificationOut])
@paginate(BoundedPagination, page_size=50)
def list_notifications(request: AuthedHttpRequest, unread: bool = False) -> Any:
    rows = Notification.objects.filter(user=request.user)
    return rows.filter(read_at__isnull=True) if unread else rows


# --- planning: charter, practices, evaluation, starting slices -----------------------------------


def _save_versioned_form(form: Any, save: Any = None) -> Any:
    saved = form.save_or_conflict(save=save) if save else form.save_or_conflict()
    if saved is None:
        errors = form.non_field_errors()
        raise ApiError(
            status=409, code="conflict", message=str(errors[0]) if errors else "Edit conflict."
        )
    return saved


class CharterIn(Schema):
    shared_outcome: str
    metric_id: int
    powerful_question: str = ""
    reflection_every_days: int = 7
    edit_version: int | None = None


class CharterOut(Schema):
    workgroup_id: int
    shared_outcome: str
    metric_id: int | None
    powerful_question: str
    reflection_every_days: int
    version: int


@router.get("/workgroups/{workgroup_id}/charter", response=CharterOut)
def get_charter(request: HttpRequest, workgroup_id: int) -> Any:
    workgroup = _wg(request, workgroup_id)
    charter = WorkgroupCharter.objects.filter(workgroup=workgroup).first()
    return charter or WorkgroupCharter(workgroup=workgroup, version=0)


@router.put("/workgroups/{workgroup_id}/charter", response=CharterOut)
def put_charter(request: HttpRequest, workgroup_id: int, payload: CharterIn) -> Any:
    """Commit to a shared outcome and frame the powerful question (send `edit_version` when changing)."""
    workgroup = _wg(request, workgroup_id, act=True)
    charter = WorkgroupCharter.objects.filter(workgroup=workgroup).first() or WorkgroupCharter(
        workgroup=workgroup
    )
    form = impact_forms.CharterForm(
        form_data(payload), instance=charter, pilot_id=workgroup.pilot_id
    )
    require_valid(form, payload=payload)
    return _save_versioned_form(form)


class AdoptIn(Schema):
    practice_ids: list[int]


class AdoptedOut(Schema):
    id: int
    practice_id: int
    name: str
    our_version: str


def _adopted_out(a: AdoptedPractice) -> dict[str, Any]:
    return {
        "id": a.pk,
        "practice_id": a.practice_id,
        "name": a.practice.name,
        "our_version": a.our_version,
    }


@router.get("/workgroups/{workgroup_id}/practices", response=list[AdoptedOut])
def list_adopted_practices(request: HttpRequest, workgroup_id: int) -> Any:
    workgroup = _wg(request, workgroup_id)
    rows = AdoptedPractice.objects.filter(workgroup=workgroup).select_related("practice")
    return [_adopted_out(a) for a in rows]


@router.post("/workgroups/{workgroup_id}/practices", response={201: list[AdoptedOut]})
def adopt_practices(request: HttpRequest, workgroup_id: int, payload: AdoptIn) -> Any:
    workgroup = _wg(request, workgroup_id, act=True)
    catalog = access.practices_for_pilot(pilot=workgroup.pilot)
    found = list(catalog.filter(pk__in=payload.practice_ids))
    missing = sorted(set(payload.practice_ids) - {p.pk for p in found})
    if missing or not payload.practice_ids:
        raise ApiError(
            status=422,
            code="invalid",
            message="Choose practices from this pilot's catalog.",
            errors=[
                {
                    "field": "practice_ids",
                    "message": f"Not in the catalog: {missing}"
                    if missing
                    else "Choose at least one.",
                }
            ],
        )
    rows = services.practices_adopt(workgroup=workgroup, practices=found)
    return 201, [_adopted_out(a) for a in rows]


CONFIDENCES = (0.1, 0.25, 0.5, 0.75, 0.9)  # the evaluation form's choices


class EvaluationIn(Schema):
    value: Literal[1, 2, 3, 4, 5]
    confidence: float = Field(json_schema_extra={"enum": list(CONFIDENCES)})
    effort: Literal[1, 2, 3, 4, 5]
    metric_id: int | None = None
    status: Literal["new", "evaluated", "in_slice", "spun_off", "dropped"] = "evaluated"
    edit_version: int | None = None


@router.post("/opportunities/{opportunity_id}/evaluation", response=OpportunityOut)
def evaluate_opportunity(request: HttpRequest, opportunity_id: int, payload: EvaluationIn) -> Any:
    """The workgroup rates an opportunity: potential new value, confidence, effort, metric that matters."""
    opportunity = access.record_for_user(
        user=request.user, model=Opportunity, pk=opportunity_id, act=True, select=("workgroup",)
    )
    form = impact_forms.EvaluateForm(
        form_data(payload), instance=opportunity, pilot_id=opportunity.workgroup.pilot_id
    )
    require_valid(form, payload=payload)
    return _save_versioned_form(form)


class SliceFields(Schema):
    """What a slice is about and when it runs: the fields of a new slice and of an edit."""

    title: str
    hypothesis: str
    metric_id: int
    expected_change: str
    start: dt.date
    end: dt.date


class SliceIn(SliceFields):
    opportunity_id: int | None = None


@router.post("/workgroups/{workgroup_id}/slices", response={201: SliceOut})
def start_slice(request: HttpRequest, workgroup_id: int, payload: SliceIn) -> Any:
    """Start a thin, time-boxed experiment (from an opportunity of the same workgroup if given)."""
    workgroup = _wg(request, workgroup_id, act=True)
    opportunity = None
    if payload.opportunity_id is not None:
        opportunity = Opportunity.objects.filter(
            pk=payload.opportunity_id, workgroup=workgroup
        ).first()
        if opportunity is None:
            raise ApiError(
                status=422,
                code="invalid",
                message="The opportunity is not one of this workgroup's.",
                errors=[
                    {
                        "field": "opportunity_id",
                        "message": "Not one of this workgroup's opportunities.",
                    }
                ],
            )
    data = form_data(payload)
    data.pop("opportunity", None)
    form = impact_forms.SliceForm(data, pilot_id=workgroup.pilot_id, new=True)
    require_valid(form, payload=payload)
    fields = {k: v for k, v in form.cleaned_data.items() if k != "edit_version"}
    try:
        piece = services.slice_start(workgroup=workgroup, opportunity=opportunity, **fields)
    except services.ImpactError as exc:
        raise _invalid(exc) from exc
    return 201, piece
