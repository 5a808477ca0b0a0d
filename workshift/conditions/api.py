"""Create the conditions over the REST API, with the same access rules and services as the pages."""

from __future__ import annotations

from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from workshift.api.errors import ApiError, invalid_fields
from workshift.api.pagination import BoundedPagination
from workshift.conditions import enqueue, selectors, services
from workshift.conditions.access import (
    acknowledgeable_for_user,
    conditions_pilot_for_user,
    formation_run_for_user,
    workgroup_for_user,
    workgroups_visible_to,
)
from workshift.conditions.formation_settings import (
    DEFAULT_SECONDS,
    DEFAULT_SEED,
    FormationSettings,
)
from workshift.conditions.models import FormationRun
from workshift.engine.grouping import InfeasibleGrouping

router = Router(tags=["conditions"])


class ParticipantOut(Schema):
    person_id: int
    name: str
    freed_percent: float
    below_target: bool
    exception: str


class ReceiverOut(Schema):
    person_id: int
    name: str
    baseline_percent: float
    load_percent: float
    overloaded: bool


class CapacityOut(Schema):
    participants: list[ParticipantOut]
    receivers: list[ReceiverOut]
    suggestions: list[str]


class WorkgroupOut(Schema):
    id: int
    pilot_id: int
    name: str
    coach_id: int | None
    member_ids: list[int]


class ApplicationOut(Schema):
    id: int
    person_id: int
    name: str
    status: str
    why: str
    problem: str
    availability: str
    decision_reason: str


class FormationIn(Schema):
    kind: Literal["workgroups", "cells"] = "workgroups"
    people: list[int] | None = None
    groups: int
    min_size: int
    max_size: int
    weights: dict[str, float]
    coaches: list[int] = []
    together: list[tuple[int, int]] = []
    apart: list[tuple[int, int]] = []
    locked: dict[str, int] = {}
    two_or_none: list[str] = []
    names: list[str] = []
    seconds: float = DEFAULT_SECONDS
    seed: int = DEFAULT_SEED


class RunOut(Schema):
    id: int
    kind: str
    status: str
    progress: float
    error: str
    result: dict[str, Any]
    formation_version: int


class AssignmentIn(Schema):
    assignment: dict[int, int]
    expected_version: int | None = None


class ScoreOut(Schema):
    score: float
    random_mean: float
    sizes: list[int]
    problems: list[str]


class AckOut(Schema):
    expectations_id: int
    person_id: int
    acknowledged_on: str


@router.get("/pilots/{pilot_id}/capacity", response=CapacityOut)
def get_capacity(request: HttpRequest, pilot_id: int) -> Any:
    pilot = conditions_pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    o = selectors.capacity_overview(pilot=pilot)
    return {
        "participants": [
            {
                "person_id": r.person.pk,
                "name": r.person.full_name,
                "freed_percent": r.freed,
                "below_target": r.below_target,
                "exception": r.exception,
            }
            for r in o.participants
        ],
        "receivers": [
            {
                "person_id": r.person.pk,
                "name": r.person.full_name,
                "baseline_percent": r.baseline,
                "load_percent": r.load,
                "overloaded": r.overloaded,
            }
            for r in o.receivers
        ],
        "suggestions": o.suggestion_lines,
    }


def _workgroup_out(group: Any) -> dict[str, Any]:
    return {
        "id": group.pk,
        "pilot_id": group.pilot_id,
        "name": group.name,
        "coach_id": group.coach_id,
        "member_ids": sorted(m.person_id for m in group.memberships.all()),
    }


@router.get("/pilots/{pilot_id}/workgroups", response=list[WorkgroupOut])
def list_workgroups(request: HttpRequest, pilot_id: int) -> Any:
    pilot = conditions_pilot_for_user(user=request.user, pk=pilot_id)
    groups = (
        workgroups_visible_to(user=request.user)
        .filter(pilot=pilot)
        .prefetch_related("memberships")
        .order_by("name")
    )
    return [_workgroup_out(g) for g in groups]


@router.get("/workgroups/{workgroup_id}", response=WorkgroupOut)
def get_workgroup(request: HttpRequest, workgroup_id: int) -> Any:
    return _workgroup_out(workgroup_for_user(user=request.user, pk=workgroup_id))


@router.get("/pilots/{pilot_id}/applications", response=list[ApplicationOut])
@paginate(BoundedPagination, page_size=50)
def list_applications(request: HttpRequest, pilot_id: int) -> Any:
    pilot = conditions_pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    call = selectors.current_call(pilot=pilot)
    if call is None:
        return []
    return [
        {
            "id": a.pk,
            "person_id": a.person_id,
            "name": a.person.full_name,
            "status": a.status,
            "why": a.why,
            "problem": a.problem,
            "availability": a.availability,
            "decision_reason": a.decision_reason,
        }
        for a in selectors.applications_of(call=call).order_by("created_at", "pk")
    ]


def _run_out(run: FormationRun) -> dict[str, Any]:
    formation = selectors.formation_of(pilot=run.pilot, kind=run.kind)
    return {
        "id": run.pk,
        "kind": run.kind,
        "status": run.status,
        "progress": run.progress,
        "error": run.error,
        "result": run.result,
        "formation_version": formation.version if formation else 0,
    }


@router.post("/pilots/{pilot_id}/formations", response={202: RunOut})
def start_formation(request: HttpRequest, pilot_id: int, payload: FormationIn) -> Any:
    pilot = conditions_pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    settings = payload.dict()
    kind = settings.pop("kind")
    if settings["people"] is None:
        pool = selectors.formation_pool(pilot=pilot, kind=kind)
        settings["people"] = list(pool.values_list("pk", flat=True))
    lo, hi = services.SIZE_LIMITS[kind]
    errors = [
        (k, f"Must be {lo} to {hi}.")
        for k in ("min_size", "max_size")
        if not lo <= settings[k] <= hi
    ]
    if settings["min_size"] > settings["max_size"]:
        errors.append(("max_size", "The largest group cannot be smaller than the smallest."))
    if errors:
        raise invalid_fields(errors)
    try:
        run = services.formation_start(
            pilot=pilot,
            kind=kind,
            settings=FormationSettings.from_json(settings),
            user=request.user,
            enqueue=enqueue.formation_run,
        )
    except InfeasibleGrouping as exc:
        raise ApiError(
            status=422,
            code="infeasible",
            message=str(exc),
            errors=[{"field": getattr(exc, "constraint", ""), "message": str(exc)}],
        ) from exc
    return Status(202, _run_out(run))


@router.get("/pilots/{pilot_id}/formation-runs/{run_id}", response=RunOut)
def get_run(request: HttpRequest, pilot_id: int, run_id: int) -> Any:
    pilot = conditions_pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    return _run_out(formation_run_for_user(user=request.user, pilot=pilot, run_id=run_id))


def _done_run(request: HttpRequest, pilot_id: int, run_id: int) -> FormationRun:
    pilot = conditions_pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    run = formation_run_for_user(user=request.user, pilot=pilot, run_id=run_id)
    if run.status != FormationRun.Status.DONE:
        raise Http404("This run has no result yet.")
    return run  # type: ignore[no-any-return]


@router.post("/pilots/{pilot_id}/formation-runs/{run_id}/score", response=ScoreOut)
def score_run(request: HttpRequest, pilot_id: int, run_id: int, payload: AssignmentIn) -> Any:
    run = _done_run(request, pilot_id, run_id)
    try:
        return services.formation_rescore(run=run, proposed=payload.assignment)
    except services.AssignmentRejected as exc:
        raise ApiError(status=422, code="invalid", message=str(exc)) from exc


@router.post("/pilots/{pilot_id}/formation-runs/{run_id}/confirm", response=RunOut)
def confirm_run(request: HttpRequest, pilot_id: int, run_id: int, payload: AssignmentIn) -> Any:
    run = _done_run(request, pilot_id, run_id)
    expected = (
        payload.expected_version if payload.expected_version is not None else run.base_version
    )
    try:
        services.formation_confirm(
            run=run,
            proposed=payload.assignment,
            expected_version=expected,
            user=request.user,
            coaches=run.formation_settings.coaches or None,
        )
    except services.AssignmentRejected as exc:
        raise ApiError(status=422, code="invalid", message=str(exc)) from exc
    return _run_out(run)


@router.post("/pilots/{pilot_id}/expectations/{expectations_id}/acknowledge", response=AckOut)
def acknowledge(request: HttpRequest, pilot_id: int, expectations_id: int) -> Any:
    pilot = conditions_pilot_for_user(user=request.user, pk=pilot_id)
    expectations, person = acknowledgeable_for_user(
        user=request.user, pilot=pilot, pk=expectations_id
    )
    ack = services.expectations_acknowledge(expectations=expectations, person=person)
    return {
        "expectations_id": expectations.pk,
        "person_id": person.pk,
        "acknowledged_on": ack.acknowledged_on.isoformat(),
    }
