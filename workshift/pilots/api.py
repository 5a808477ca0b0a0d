"""The Recognize phase over the REST API, with the same access rules and services as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic.json_schema import SkipJsonSchema

from workshift.api.errors import ApiError
from workshift.api.pagination import BoundedPagination
from workshift.core.http import AuthedHttpRequest
from workshift.people.models import OrgUnit, Person
from workshift.pilots import selectors, services
from workshift.pilots.access import (
    candidate_for_user,
    metric_for_user,
    pilot_assessment_for_user,
    pilot_for_user,
)
from workshift.pilots.models import (
    EntryCandidate,
    Metric,
    PilotMember,
)

router = Router(tags=["pilots"])

StatusName = Literal["exploring", "preparing", "running", "reviewing", "closed"]


class PilotOut(Schema):
    id: int
    name: str
    status: str
    vision_value: str
    vision_focus: str
    vision_capabilities: str
    start_date: dt.date | None
    end_date: dt.date | None
    entry_unit_id: int | None
    version: int


class PilotIn(Schema):
    name: str
    vision_value: str = ""
    vision_focus: str = ""
    vision_capabilities: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class PilotPatch(Schema):
    version: int
    name: str | SkipJsonSchema[None] = None
    vision_value: str | SkipJsonSchema[None] = None
    vision_focus: str | SkipJsonSchema[None] = None
    vision_capabilities: str | SkipJsonSchema[None] = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None


class StatusIn(Schema):
    status: StatusName


class MemberIn(Schema):
    user_id: int
    role: Literal["lead", "champion", "coach", "member", "manager"]


class MemberOut(Schema):
    id: int
    user_id: int
    username: str
    role: str


class CandidateIn(Schema):
    version: int | None = None
    unit_id: int
    unit_type: Literal["business_unit", "function"] = "business_unit"
    coupling: Literal["self_contained", "interdependent"] = "self_contained"
    position: Literal["edge", "core"] = "edge"
    supervisors_motivated: int = Field(3, ge=1, le=5)
    collaborative_groups: int = Field(3, ge=1, le=5)
    leadership_support: int = Field(3, ge=1, le=5)
    improvement_exposure: int = Field(3, ge=1, le=5)
    freeable_capacity_pct: int = Field(0, ge=0, le=100)
    pool_size: int = Field(0, ge=0, le=2_147_483_647)
    in_champion_influence: bool = True
    notes: str = ""


class CandidateOut(CandidateIn):
    id: int
    rank: int
    impact: float
    likelihood: float
    combined: float
    checks_failed: list[str]
    reasons: list[str]
    chosen: bool
    chosen_by: str | None
    chosen_reason: str


class ChooseIn(Schema):
    reason: str


class WeightsIn(Schema):
    weights: dict[str, float]


class MetricIn(Schema):
    version: int | None = None
    parent_id: int | None = None
    level: Literal["business", "operating", "frontline"]
    name: str
    unit: str
    direction: Literal["up", "down"]
    cadence: Literal["daily", "weekly", "monthly"]
    baseline: float | None = None
    target: float | None = None
    owner_id: int | None = None
    data_source: str = ""


class MetricOut(MetricIn):
    id: int
    depth: int


class ReadinessStepOut(Schema):
    key: str
    label: str
    done: bool
    risk: str
    detail: str


class ReadinessOut(Schema):
    done: int
    total: int
    steps: list[ReadinessStepOut]


def conflict_free(data: Schema) -> tuple[dict[str, Any], int | None]:
    """A payload's values without its `version`, and the version (for optimistic concurrency)."""
    values = data.dict()
    return {k: v for k, v in values.items() if k != "version"}, values.get("version")


# ------------------------------------------------------------------ pilots


@router.get("/pilots", response=list[PilotOut])
@paginate(BoundedPagination, page_size=50)
def list_pilots(request: HttpRequest) -> Any:
    return selectors.pilots_visible_to(user=request.user).order_by("-created_at", "pk")


@router.post("/pilots", response={201: PilotOut})
def create_pilot(request: AuthedHttpRequest, data: PilotIn) -> Any:
    if not request.user.can_create_pilots:
        raise PermissionDenied("Only administrators, program leads and champions start pilots.")
    fields = data.dict()
    return Status(201, services.pilot_create(user=request.user, **fields))


@router.get("/pilots/{pilot_id}", response=PilotOut)
def get_pilot(request: HttpRequest, pilot_id: int) -> Any:
    return pilot_for_user(user=request.user, pk=pilot_id)


@router.patch("/pilots/{pilot_id}", response=PilotOut)
def update_pilot(request: HttpRequest, pilot_id: int, data: PilotPatch) -> Any:
    pilot = pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    values, version = conflict_free(data)
    changes = {k: v for k, v in values.items() if k in data.model_fields_set}
    return services.record_save(instance=pilot, data=changes, expected_version=version)


@router.post("/pilots/{pilot_id}/status", response=PilotOut)
def set_status(request: HttpRequest, pilot_id: int, data: StatusIn) -> Any:
    pilot = pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    try:
        return services.pilot_set_status(pilot=pilot, status=data.status, user=request.user)
    except services.StatusChangeBlocked as blocked:
        raise ApiError(
            status=409,
            code="status_blocked",
            message="The status change is blocked.",
            errors=[{"field": "status", "message": r} for r in blocked.reasons],
        ) from None


@router.get("/pilots/{pilot_id}/readiness", response=ReadinessOut)
def get_readiness(request: HttpRequest, pilot_id: int) -> Any:
    readiness = selectors.readiness_for(
        pilot=pilot_assessment_for_user(user=request.user, pk=pilot_id)
    )
    return {"done": readiness.done, "total": readiness.total, "steps": readiness.steps}


@router.get("/pilots/{pilot_id}/members", response=list[MemberOut])
def list_members(request: HttpRequest, pilot_id: int) -> Any:
    pilot = pilot_assessment_for_user(user=request.user, pk=pilot_id)
    return [
        {"id": m.pk, "user_id": m.user_id, "username": m.user.username, "role": m.role}
        for m in pilot.memberships.select_related("user").order_by("pk")
    ]


@router.post("/pilots/{pilot_id}/members", response={201: MemberOut})
def add_member(request: HttpRequest, pilot_id: int, data: MemberIn) -> Any:
    pilot = pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    user = get_user_model().objects.filter(pk=data.user_id, is_active=True).first()
    if user is None:
        raise ApiError(
            status=422,
            code="invalid",
            message="No such user.",
            errors=[{"field": "user_id", "message": "No such user."}],
        )
    member = services.pilot_member_add(pilot=pilot, user=user, role=data.role)
    return Status(
        201, {"id": member.pk, "user_id": user.pk, "username": user.username, "role": member.role}
    )


@router.delete("/pilots/{pilot_id}/members/{member_id}", response={204: None})
def remove_member(request: HttpRequest, pilot_id: int, member_id: int) -> Any:
    pilot = pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    member = PilotMember.objects.filter(pilot=pilot, pk=member_id).first()
    if member is None:
        raise ApiError(status=404, code="not_found", message="No such member.")
    services.pilot_member_remove(member=member)
    return Status(204, None)


# ------------------------------------------------------------------ entry points


def _candidate_out(r: selectors.RankedCandidate) -> dict[str, Any]:
    c = r.candidate
    out = {f: getattr(c, f) for f in CandidateIn.model_fields if f != "version"}
    return {
        **out,
        "id": c.pk,
        "version": c.version,
        "rank": r.rank,
        "impact": r.score.impact,
        "likelihood": r.score.likelihood,
        "combined": r.score.combined,
        "checks_failed": r.score.checks_failed,
        "reasons": r.score.reasons(),
        "chosen": c.is_chosen,
        "chosen_by": c.chosen_by.username if c.chosen_by else None,
        "chosen_reason": c.chosen_reason,
    }


def _ranked(candidate: EntryCandidate) -> dict[str, Any]:
    ranking = selectors.candidate_ranking(pilot=candidate.pilot)
    return _candidate_out(next(r for r in ranking if r.candidate.pk == candidate.pk))


@router.get("/pilots/{pilot_id}/candidates", response=list[CandidateOut])
def list_candidates(request: HttpRequest, pilot_id: int) -> Any:
    pilot = pilot_assessment_for_user(user=request.user, pk=pilot_id)
    return [_candidate_out(r) for r in selectors.candidate_ranking(pilot=pilot)]


def _save_candidate(instance: EntryCandidate, data: CandidateIn) -> EntryCandidate:
    if not OrgUnit.objects.filter(pk=data.unit_id).exists():
        raise ApiError(
            status=422,
            code="invalid",
            message="No such unit.",
            errors=[{"field": "unit_id", "message": "No such unit."}],
        )
    if (
        EntryCandidate.objects.filter(pilot=instance.pilot, unit_id=data.unit_id)
        .exclude(pk=instance.pk)
        .exists()
    ):
        raise ApiError(
            status=422,
            code="invalid",
            message="This unit is already a candidate.",
            errors=[
                {"field": "unit_id", "message": "This unit is already a candidate for the pilot."}
            ],
        )
    values, version = conflict_free(data)
    return services.record_save(instance=instance, data=values, expected_version=version)  # type: ignore[no-any-return]


@router.post("/pilots/{pilot_id}/candidates", response={201: CandidateOut})
def create_candidate(request: HttpRequest, pilot_id: int, data: CandidateIn) -> Any:
    pilot = pilot_assessment_for_user(user=request.user, pk=pilot_id, edit=True)
    return Status(201, _ranked(_save_candidate(EntryCandidate(pilot=pilot), data)))


@router.get("/pilots/{pilot_id}/candidates/{candidate_id}", response=CandidateOut)
def get_candidate(request: HttpRequest, pilot_id: int, candidate_id: int) -> Any:
    return _ranked(candidate_for_user(user=request.user, pilot_pk=pilot_id, pk=candidate_id))


@router.put("/pilots/{pilot_id}/candidates/{candidate_id}", response=CandidateOut)
def update_candidate(
    request: HttpRequest, pilot_id: int, candidate_id: int, data: CandidateIn
) -> Any:
    candidate = candidate_for_user(user=request.user, pilot_pk=pilot_id, pk=candidate_id, edit=True)
    return _ranked(_save_candidate(candidate, data))


@router.delete("/pilots/{pilot_id}/candidates/{candidate_id}", response={204: None})
def delete_candidate(request: HttpRequest, pilot_id: int, candidate_id: int) -> Any:
    candidate_for_user(user=request.user, pilot_pk=pilot_id, pk=candidate_id, edit=True).delete()
    return Status(204, None)


@router.post("/pilots/{pilot_id}/candidates/{candidate_id}/choose", response=CandidateOut)
def choose_candidate(request: HttpRequest, pilot_id: int, candidate_id: int, data: ChooseIn) -> Any:
    candidate = candidate_for_user(user=request.user, pilot_pk=pilot_id, pk=candidate_id, edit=True)
    services.candidate_choose(candidate=candidate, user=request.user, reason=data.reason)
    return _ranked(candidate)


@router.put("/pilots/{pilot_id}/weights", response=dict[str, float])
def put_weights(request: HttpRequest, pilot_id: int, data: WeightsIn) -> Any:
    pilot = pilot_assessment_for_user(user=request.user, pk=pilot_id, edit=True)
    return services.entry_weights_set(pilot=pilot, weights=data.weights).entry_weights


# ------------------------------------------------------------------ metrics


def _metric_out(m: Metric, depth: int = 0) -> dict[str, Any]:
    out = {f: getattr(m, f) for f in MetricIn.model_fields if f != "version"}
    return {**out, "id": m.pk, "version": m.version, "depth": depth}


@router.get("/pilots/{pilot_id}/metrics", response=list[MetricOut])
def list_metrics(request: HttpRequest, pilot_id: int) -> Any:
    pilot = pilot_for_user(user=request.user, pk=pilot_id)
    return [_metric_out(n.metric, n.depth) for n in selectors.metric_rows(pilot=pilot)]


def _save_metric(instance: Metric, data: MetricIn) -> Metric:
    values, version = conflict_free(data)
    if (
        values["parent_id"]
        and not Metric.objects.filter(pk=values["parent_id"], pilot=instance.pilot).exists()
    ):
        raise ApiError(
            status=422,
            code="invalid",
            message="No such parent metric in this pilot.",
            errors=[{"field": "parent_id", "message": "No such parent metric in this pilot."}],
        )
    if values["owner_id"] and not Person.objects.filter(pk=values["owner_id"]).exists():
        raise ApiError(
            status=422,
            code="invalid",
            message="No such person.",
            errors=[{"field": "owner_id", "message": "No such person."}],
        )
    return services.record_save(instance=instance, data=values, expected_version=version)  # type: ignore[no-any-return]


@router.post("/pilots/{pilot_id}/metrics", response={201: MetricOut})
def create_metric(request: HttpRequest, pilot_id: int, data: MetricIn) -> Any:
    pilot = pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    return Status(201, _metric_out(_save_metric(Metric(pilot=pilot), data)))


@router.put("/pilots/{pilot_id}/metrics/{metric_id}", response=MetricOut)
def update_metric(request: HttpRequest, pilot_id: int, metric_id: int, data: MetricIn) -> Any:
    metric = metric_for_user(user=request.user, pilot_pk=pilot_id, pk=metric_id, edit=True)
    return _metric_out(_save_metric(metric, data))


@router.delete("/pilots/{pilot_id}/metrics/{metric_id}", response={204: None})
def delete_metric(request: HttpRequest, pilot_id: int, metric_id: int) -> Any:
    services.metric_delete(
        metric=metric_for_user(user=request.user, pilot_pk=pilot_id, pk=metric_id, edit=True)
    )
    return Status(204, None)
