"""Playbooks, decision rights, the decision log and surges over the REST API (same rules as the pages)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Router, Schema, Status

from workshift.api.errors import ApiError
from workshift.leadership import access, selectors, services
from workshift.leadership.models import Decision, DecisionKind, DecisionRight, PlaybookRole
from workshift.people.models import Person
from workshift.pilots.models import Metric

router = Router(tags=["leadership"])


class StepOut(Schema):
    key: str
    role: str
    stage: str
    title: str
    purpose: str
    minutes: int
    url: str
    done: bool
    source: str


class PlaybookOut(Schema):
    pilot_id: int
    version: int | None
    role: str
    done: int
    total: int
    next_step: str | None
    steps: list[StepOut]


class TickIn(Schema):
    ticked: bool = True


class RightOut(Schema):
    id: int
    kind_id: int
    kind: str
    workgroup_id: int | None
    mode: str
    person_id: int | None
    number: int
    current: bool
    reason: str
    changed_by: str | None
    changed_at: dt.datetime


class RightIn(Schema):
    mode: str
    person_id: int | None = None
    reason: str


class DecisionOut(Schema):
    id: int
    workgroup_id: int
    kind_id: int
    right_id: int
    what: str
    taken_as: str
    decided_by_id: int
    decided_on: dt.date
    metric_id: int | None
    outside_right: bool


class DecisionIn(Schema):
    kind_id: int
    what: str
    taken_as: str
    decided_by_id: int
    decided_on: dt.date
    metric_id: int | None = None


class WeekOut(Schema):
    week: dt.date
    frontline: int
    upward: int
    share: float | None


class PowerShiftOut(Schema):
    overall: float | None
    weeks: list[WeekOut]
    milestones: list[str]


class MoveOut(Schema):
    source_person_id: int | None
    target_person_id: int
    hours: float
    reason: str


class SurgePlanOut(Schema):
    surge_id: int
    feasible: bool
    shortfall_hours: float | None
    message: str
    over_without_plan: list[int]
    moves: list[MoveOut]


def _invalid(error: ValidationError) -> ApiError:
    errors = (
        [{"field": k, "message": " ".join(v)} for k, v in error.message_dict.items()]
        if hasattr(error, "error_dict")
        else [{"field": "", "message": m} for m in error.messages]
    )
    return ApiError(
        status=422, code="invalid", message="The request has invalid fields.", errors=errors
    )


def _right_out(right: DecisionRight) -> RightOut:
    return RightOut(
        id=right.pk,
        kind_id=right.kind_id,
        kind=right.kind.name,
        workgroup_id=right.workgroup_id,
        mode=right.mode,
        person_id=right.person_id,
        number=right.number,
        current=right.current,
        reason=right.reason,
        changed_by=right.changed_by.username if right.changed_by else None,
        changed_at=right.created_at,
    )


@router.get("/pilots/{pilot_id}/playbook", response=PlaybookOut)
def playbook_get(request: HttpRequest, pilot_id: int, role: str | None = None) -> PlaybookOut:
    pilot = access.leadership_pilot_for_user(user=request.user, pk=pilot_id)
    role = role or selectors.viewer_playbook_role(user=request.user, pilot=pilot)
    if role not in PlaybookRole.values:
        raise ApiError(
            status=422,
            code="invalid",
            message=f"Unknown role {role!r}.",
            errors=[{"field": "role", "message": f"Use one of {', '.join(PlaybookRole.values)}."}],
        )
    view = selectors.playbook_view(pilot=pilot, role=role, user=request.user)
    return PlaybookOut(
        pilot_id=pilot.pk,
        version=view.version.number,
        role=role,
        done=view.progress.done,
        total=view.progress.total,
        next_step=view.next_row.step.key if view.next_row else None,
        steps=[
            StepOut(
                key=r.step.key,
                role=r.step.role,
                stage=r.step.stage,
                title=r.step.title,
                purpose=r.step.purpose,
                minutes=r.step.minutes,
                url=r.url,
                done=r.state.done,
                source=r.state.source,
            )
            for r in view.rows
        ],
    )


@router.post("/pilots/{pilot_id}/playbook/steps/{key}/tick", response={204: None})
def playbook_tick(request: HttpRequest, pilot_id: int, key: str, payload: TickIn) -> Status[None]:
    pilot = access.leadership_pilot_for_user(user=request.user, pk=pilot_id)
    try:
        services.step_tick(pilot=pilot, key=key, user=request.user, ticked=payload.ticked)
    except ValidationError as error:
        raise _invalid(error) from None
    return Status(204, None)


@router.get("/workgroups/{workgroup_id}/rights", response=list[RightOut])
def workgroup_rights(request: HttpRequest, workgroup_id: int) -> list[RightOut]:
    workgroup = access.rights_workgroup_for_user(user=request.user, pk=workgroup_id)
    rows = selectors.register_rows(pilot=workgroup.pilot, workgroup=workgroup)
    return [_right_out(r.right) for r in rows if r.right is not None]


@router.get("/workgroups/{workgroup_id}/rights/{kind_id}/history", response=list[RightOut])
def workgroup_right_history(
    request: HttpRequest, workgroup_id: int, kind_id: int
) -> list[RightOut]:
    workgroup = access.rights_workgroup_for_user(user=request.user, pk=workgroup_id)
    kind = access.decision_kind_for_user(user=request.user, pilot=workgroup.pilot, pk=kind_id)
    history = selectors.right_history(kind=kind, workgroup=workgroup).select_related("kind")
    return [_right_out(r) for r in history]


@router.put("/workgroups/{workgroup_id}/rights/{kind_id}", response={200: RightOut})
def workgroup_right_change(
    request: HttpRequest, workgroup_id: int, kind_id: int, payload: RightIn
) -> RightOut:
    workgroup = access.rights_workgroup_for_user(user=request.user, pk=workgroup_id, change=True)
    kind = access.decision_kind_for_user(user=request.user, pilot=workgroup.pilot, pk=kind_id)
    person = Person.objects.filter(pk=payload.person_id).first() if payload.person_id else None
    if payload.person_id and person is None:
        raise ApiError(
            status=422,
            code="invalid",
            message="No such person.",
            errors=[{"field": "person_id", "message": "No person with this id."}],
        )
    try:
        right = services.right_change(
            pilot=workgroup.pilot,
            kind=kind,
            workgroup=workgroup,
            mode=payload.mode,
            person=person,
            reason=payload.reason,
            user=request.user,
        )
    except ValidationError as error:
        raise _invalid(error) from None
    return _right_out(right)


@router.get("/pilots/{pilot_id}/rights", response=list[RightOut])
def pilot_rights(request: HttpRequest, pilot_id: int) -> list[RightOut]:
    pilot = access.leadership_pilot_for_user(user=request.user, pk=pilot_id)
    return [_right_out(r.right) for r in selectors.register_rows(pilot=pilot) if r.right]


@router.put("/pilots/{pilot_id}/rights/{kind_id}", response={200: RightOut})
def pilot_right_change(
    request: HttpRequest, pilot_id: int, kind_id: int, payload: RightIn
) -> RightOut:
    pilot = access.leadership_pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    kind = access.decision_kind_for_user(user=request.user, pilot=pilot, pk=kind_id)
    person = Person.objects.filter(pk=payload.person_id).first() if payload.person_id else None
    if payload.person_id and person is None:
        raise ApiError(
            status=422,
            code="invalid",
            message="No such person.",
            errors=[{"field": "person_id", "message": "No person with this id."}],
        )
    try:
        right = services.right_change(
            pilot=pilot,
            kind=kind,
            workgroup=None,
            mode=payload.mode,
            person=person,
            reason=payload.reason,
            user=request.user,
        )
    except ValidationError as error:
        raise _invalid(error) from None
    return _right_out(right)


def _decision_out(d: Decision) -> DecisionOut:
    return DecisionOut(
        id=d.pk,
        workgroup_id=d.workgroup_id,
        kind_id=d.kind_id,
        right_id=d.right_id,
        what=d.what,
        taken_as=d.taken_as,
        decided_by_id=d.decided_by_id,
        decided_on=d.decided_on,
        metric_id=d.metric_id,
        outside_right=d.outside_right,
    )


@router.get("/workgroups/{workgroup_id}/decisions", response=list[DecisionOut])
def decisions_list(request: HttpRequest, workgroup_id: int) -> list[DecisionOut]:
    workgroup = access.rights_workgroup_for_user(user=request.user, pk=workgroup_id)
    return [_decision_out(d) for d in selectors.decisions_for(workgroup=workgroup)[:500]]


@router.post("/workgroups/{workgroup_id}/decisions", response={201: DecisionOut})
def decision_create(
    request: HttpRequest, workgroup_id: int, payload: DecisionIn
) -> Status[DecisionOut]:
    workgroup = access.rights_workgroup_for_user(user=request.user, pk=workgroup_id)
    if not access.may_record_decision(user=request.user, workgroup=workgroup):
        raise ApiError(
            status=403, code="forbidden", message="You do not record decisions for this workgroup."
        )
    kind = DecisionKind.objects.filter(pilot=workgroup.pilot, pk=payload.kind_id).first()
    decided_by = Person.objects.filter(pk=payload.decided_by_id).first()
    metric = Metric.objects.filter(pk=payload.metric_id).first() if payload.metric_id else None
    errors = []
    if kind is None:
        errors.append(
            {"field": "kind_id", "message": "No kind of decision with this id in this pilot."}
        )
    if decided_by is None:
        errors.append({"field": "decided_by_id", "message": "No person with this id."})
    if payload.metric_id and metric is None:
        errors.append({"field": "metric_id", "message": "No metric with this id."})
    if errors:
        raise ApiError(
            status=422, code="invalid", message="The request has invalid fields.", errors=errors
        )
    assert decided_by is not None and kind is not None
    try:
        decision = services.decision_record(
            workgroup=workgroup,
            kind=kind,
            what=payload.what,
            taken_as=payload.taken_as,
            decided_by=decided_by,
            decided_on=payload.decided_on,
            metric=metric,
            user=request.user,
        )
    except ValidationError as error:
        raise _invalid(error) from None
    return Status(201, _decision_out(decision))


@router.get("/pilots/{pilot_id}/power-shift", response=PowerShiftOut)
def power_shift(request: HttpRequest, pilot_id: int) -> PowerShiftOut:
    pilot = access.leadership_pilot_for_user(user=request.user, pk=pilot_id)
    shift = selectors.power_shift(pilot=pilot, workgroups=[])
    return PowerShiftOut(
        overall=shift.overall,
        weeks=[
            WeekOut(week=w.week, frontline=w.frontline, upward=w.upward, share=w.share)
            for w in shift.weeks
        ],
        milestones=[f"{m.on:%Y-%m-%d}: {m.text}" for m in selectors.milestones(pilot=pilot)],
    )


@router.get("/surges/{surge_id}/plan", response=SurgePlanOut)
def surge_plan(request: HttpRequest, surge_id: int) -> SurgePlanOut:
    surge = access.surge_for_user(user=request.user, pk=surge_id)
    preview = selectors.surge_preview(surge=surge)
    if preview.plan is None:
        assert preview.error is not None
        return SurgePlanOut(
            surge_id=surge.pk,
            feasible=False,
            shortfall_hours=round(preview.error.shortfall, 2),
            message=str(preview.error),
            over_without_plan=[],
            moves=[],
        )
    return SurgePlanOut(
        surge_id=surge.pk,
        feasible=True,
        shortfall_hours=None,
        message=f"{len(preview.plan.moves)} moves, {preview.plan.moved_hours:.1f} h/week",
        over_without_plan=[int(k) for k in preview.plan.over_naive],  # type: ignore[call-overload]
        moves=[
            MoveOut(
                source_person_id=int(m.source) if m.source is not None else None,  # type: ignore[call-overload]
                target_person_id=int(m.target),  # type: ignore[call-overload]
                hours=round(m.hours, 2),
                reason=m.reason,
            )
            for m in preview.plan.moves
        ],
    )
