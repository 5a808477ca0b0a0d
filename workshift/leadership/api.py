"""Playbooks, decision rights, the decision log and surges over the REST API (same rules as the pages)."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema, Status

from workshift.api.errors import ApiError
from workshift.api.forms import form_data, form_saved
from workshift.conditions.models import Workgroup
from workshift.leadership import access, selectors, services
from workshift.leadership.forms import (
    DecisionForm,
    KindForm,
    RightForm,
    SurgeExceptionForm,
    SurgeForm,
)
from workshift.leadership.models import (
    Decision,
    DecisionKind,
    DecisionRight,
    PlaybookRole,
    Surge,
    SurgeException,
)
from workshift.pilots.models import Pilot

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

    @staticmethod
    def resolve_kind(right: DecisionRight) -> str:
        return right.kind.name

    @staticmethod
    def resolve_changed_by(right: DecisionRight) -> str | None:
        return right.changed_by.username if right.changed_by else None

    @staticmethod
    def resolve_changed_at(right: DecisionRight) -> dt.datetime:
        return right.created_at


class RightIn(Schema):
    mode: str
    person_id: int | None = None
    reason: str


class KindIn(RightIn):
    """A new kind of decision and who holds it pilot-wide, as on the register's page."""

    name: str
    description: str = ""


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


class SurgeIn(Schema):
    name: str
    starts_on: dt.date
    ends_on: dt.date
    extra_hours: float
    workgroup_id: int | None = None
    unit_id: int | None = None
    skill: str = ""


class SurgeOut(Schema):
    id: int
    pilot_id: int
    name: str
    starts_on: dt.date
    ends_on: dt.date
    extra_hours: float
    workgroup_id: int | None
    unit_id: int | None
    skill: str


class SurgeExceptionIn(Schema):
    person_id: int
    hours: float
    reason: str


class SurgeExceptionOut(Schema):
    id: int
    surge_id: int
    person_id: int
    hours: float
    reason: str


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
    services.step_tick(pilot=pilot, key=key, user=request.user, ticked=payload.ticked)
    return Status(204, None)


@router.get("/workgroups/{workgroup_id}/rights", response=list[RightOut])
def workgroup_rights(request: HttpRequest, workgroup_id: int) -> list[DecisionRight]:
    workgroup = access.rights_workgroup_for_user(user=request.user, pk=workgroup_id)
    rows = selectors.register_rows(pilot=workgroup.pilot, workgroup=workgroup)
    return [r.right for r in rows if r.right is not None]


@router.get("/workgroups/{workgroup_id}/rights/{kind_id}/history", response=list[RightOut])
def workgroup_right_history(
    request: HttpRequest, workgroup_id: int, kind_id: int
) -> QuerySet[DecisionRight]:
    workgroup = access.rights_workgroup_for_user(user=request.user, pk=workgroup_id)
    kind = access.decision_kind_for_user(user=request.user, pilot=workgroup.pilot, pk=kind_id)
    return selectors.right_history(kind=kind, workgroup=workgroup).select_related("kind")


def _right_saved(
    request: HttpRequest,
    *,
    pilot: Pilot,
    kind: DecisionKind,
    workgroup: Workgroup | None,
    payload: RightIn,
) -> DecisionRight:
    """A right changed as on its page: the page's form, then the page's service."""
    return form_saved(
        RightForm(form_data(payload), pilot=pilot),
        payload=payload,
        save=functools.partial(
            services.right_change, pilot=pilot, kind=kind, workgroup=workgroup, user=request.user
        ),
    )


@router.put("/workgroups/{workgroup_id}/rights/{kind_id}", response={200: RightOut})
def workgroup_right_change(
    request: HttpRequest, workgroup_id: int, kind_id: int, payload: RightIn
) -> DecisionRight:
    """A new version of the right for one workgroup (the lead, the champion and administrators)."""
    workgroup = access.rights_workgroup_for_user(user=request.user, pk=workgroup_id, change=True)
    kind = access.decision_kind_for_user(user=request.user, pilot=workgroup.pilot, pk=kind_id)
    return _right_saved(
        request, pilot=workgroup.pilot, kind=kind, workgroup=workgroup, payload=payload
    )


@router.get("/pilots/{pilot_id}/rights", response=list[RightOut])
def pilot_rights(request: HttpRequest, pilot_id: int) -> list[DecisionRight]:
    pilot = access.leadership_pilot_for_user(user=request.user, pk=pilot_id)
    return [r.right for r in selectors.register_rows(pilot=pilot) if r.right]


@router.post("/pilots/{pilot_id}/rights", response={201: RightOut})
def decision_kind_create(request: HttpRequest, pilot_id: int, payload: KindIn) -> Any:
    """Add a kind of decision to the pilot's register, with who holds it pilot-wide and why."""
    pilot = access.leadership_pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    right = form_saved(
        KindForm(form_data(payload), pilot=pilot),
        payload=payload,
        save=functools.partial(services.decision_kind_create, pilot=pilot, user=request.user),
    )
    return Status(201, right)


@router.post("/pilots/{pilot_id}/rights/seed", response=list[RightOut])
def rights_register_seed(request: HttpRequest, pilot_id: int) -> list[DecisionRight]:
    """Start the register from the pilot's guardrails (standard kinds, then one per guardrail).

    A register that exists is left as it is and returned.
    """
    pilot = access.leadership_pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    return services.rights_register_seed(pilot=pilot, user=request.user)


@router.put("/pilots/{pilot_id}/rights/{int:kind_id}", response={200: RightOut})
def pilot_right_change(
    request: HttpRequest, pilot_id: int, kind_id: int, payload: RightIn
) -> DecisionRight:
    """A new version of the pilot-wide right (the lead, the champion and administrators)."""
    pilot = access.leadership_pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    kind = access.decision_kind_for_user(user=request.user, pilot=pilot, pk=kind_id)
    return _right_saved(request, pilot=pilot, kind=kind, workgroup=None, payload=payload)


@router.get("/workgroups/{workgroup_id}/decisions", response=list[DecisionOut])
def decisions_list(request: HttpRequest, workgroup_id: int) -> QuerySet[Decision]:
    workgroup = access.rights_workgroup_for_user(user=request.user, pk=workgroup_id)
    return selectors.decisions_for(workgroup=workgroup)[:500]


@router.post("/workgroups/{workgroup_id}/decisions", response={201: DecisionOut})
def decision_create(request: HttpRequest, workgroup_id: int, payload: DecisionIn) -> Any:
    workgroup = access.rights_workgroup_for_user(user=request.user, pk=workgroup_id)
    if not access.may_record_decision(user=request.user, workgroup=workgroup):
        raise ApiError(
            status=403, code="forbidden", message="You do not record decisions for this workgroup."
        )
    decision = form_saved(
        DecisionForm(form_data(payload), workgroup=workgroup),
        payload=payload,
        save=functools.partial(services.decision_record, workgroup=workgroup, user=request.user),
    )
    return Status(201, decision)


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


@router.post("/pilots/{pilot_id}/surges", response={201: SurgeOut})
def surge_create(request: HttpRequest, pilot_id: int, payload: SurgeIn) -> Any:
    """Declare a surge before it starts: its period, the extra hours a week, the workgroup or unit
    it hits and the skill it needs; `GET /api/surges/{id}/plan` shows who it would overload."""
    pilot = access.surge_pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    surge = form_saved(
        SurgeForm(form_data(payload), pilot=pilot),
        payload=payload,
        save=functools.partial(services.surge_create, pilot=pilot, user=request.user),
    )
    return Status(201, surge)


@router.post("/surges/{surge_id}/exceptions", response={201: SurgeExceptionOut})
def surge_exception_record(request: HttpRequest, surge_id: int, payload: SurgeExceptionIn) -> Any:
    """Let the surge use up to `hours` a week of one participant's freed pilot time, with the
    reason everyone in the pilot sees (recording it again for the person replaces it)."""
    found: Surge = access.surge_for_user(user=request.user, pk=surge_id, edit=True)
    exception: SurgeException = form_saved(
        SurgeExceptionForm(form_data(payload), people=selectors.surge_freed_people(surge=found)),
        payload=payload,
        save=functools.partial(services.surge_exception_record, surge=found, user=request.user),
    )
    return Status(201, exception)
