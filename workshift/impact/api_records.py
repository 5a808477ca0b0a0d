"""The rest of the Act-for-impact pages over the API: the practice catalog, a group's own
version and use of a practice, slice results, spin-offs, capture from the pilot page,
readings from a CSV, and one's notifications.

Same access helpers and the same forms and services as the pages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.datastructures import MultiValueDict
from ninja import File, Schema
from ninja.files import UploadedFile
from ninja.responses import Status

from workshift.api.errors import ApiError, require_valid
from workshift.api.forms import form_data
from workshift.core.http import AuthedHttpRequest
from workshift.impact import access, services
from workshift.impact import forms as impact_forms
from workshift.impact.api import (
    AdoptedOut,
    OpportunityOut,
    SliceFields,
    SliceOut,
    _adopted_out,
    _save_versioned_form,
    _wg,
    router,
)
from workshift.impact.models import (
    AdoptedPractice,
    Notification,
    NotificationPreference,
    Opportunity,
    Slice,
    SpinOffProposal,
)
from workshift.impact.notifications import preference_for


def _conflict(exc: Exception) -> ApiError:
    return ApiError(status=409, code="conflict", message=str(exc))


# ------------------------------------------------------------------ the practice catalog


class PracticeIn(Schema):
    name: str
    description: str = ""
    starter: bool = False
    position: int = 0
    edit_version: int | None = None


class PracticeOut(Schema):
    id: int
    pilot_id: int | None
    name: str
    description: str
    starter: bool
    position: int
    version: int


@router.get("/pilots/{pilot_id}/practices", response=list[PracticeOut])
def list_practices(request: HttpRequest, pilot_id: int) -> Any:
    """The catalog a pilot sees: the shared practices and its own."""
    pilot = access.pilot_for_impact(user=request.user, pk=pilot_id)
    return access.practices_for_pilot(pilot=pilot)


@router.post("/pilots/{pilot_id}/practices", response={201: PracticeOut})
def add_practice(request: HttpRequest, pilot_id: int, payload: PracticeIn) -> Any:
    """Add a practice to the pilot's own catalog (program lead, champion)."""
    pilot = access.pilot_for_impact(user=request.user, pk=pilot_id, lead_only=True)
    form = impact_forms.PracticeForm(form_data(payload))
    require_valid(form, payload=payload)
    return Status(201, services.practice_add(practice=form.save(commit=False), pilot=pilot))


@router.put("/practices/{practice_id}", response=PracticeOut)
def edit_practice(request: HttpRequest, practice_id: int, payload: PracticeIn) -> Any:
    practice = access.practice_for_user(user=request.user, pk=practice_id, edit=True)
    form = impact_forms.PracticeForm(form_data(payload), instance=practice)
    require_valid(form, payload=payload)
    return _save_versioned_form(form, save=services.practice_save)


# ------------------------------------------------------------------ a group's practices


class OurVersionIn(Schema):
    our_version: str
    edit_version: int | None = None


class PracticeUseIn(Schema):
    used_on: dt.date
    note: str = ""


class PracticeUseOut(Schema):
    id: int
    adopted_id: int
    used_on: dt.date
    note: str


@router.put("/adopted-practices/{adopted_id}", response=AdoptedOut)
def write_our_version(request: HttpRequest, adopted_id: int, payload: OurVersionIn) -> Any:
    """The workgroup's own version of an adopted practice."""
    adopted = access.record_for_user(
        user=request.user, model=AdoptedPractice, pk=adopted_id, act=True, select=("practice",)
    )
    form = impact_forms.OurVersionForm(form_data(payload), instance=adopted)
    require_valid(form, payload=payload)
    return _adopted_out(_save_versioned_form(form, save=services.adopted_practice_save))


@router.post("/adopted-practices/{adopted_id}/uses", response={201: PracticeUseOut})
def record_practice_use(request: HttpRequest, adopted_id: int, payload: PracticeUseIn) -> Any:
    adopted = access.record_for_user(
        user=request.user, model=AdoptedPractice, pk=adopted_id, act=True
    )
    form = impact_forms.PracticeUseForm(form_data(payload))
    require_valid(form, payload=payload)
    use = services.practice_use_record(adopted=adopted, user=request.user, **form.cleaned_data)
    return Status(201, use)


# ------------------------------------------------------------------ slices and spin-offs


class SliceEditIn(SliceFields):
    result: str = ""
    learned: str = ""
    next_step: str = ""
    edit_version: int | None = None


@router.put("/slices/{slice_id}", response=SliceOut)
def edit_slice(request: HttpRequest, slice_id: int, payload: SliceEditIn) -> Any:
    """Change a slice or write what it showed: result, what was learned, the next step."""
    piece = access.record_for_user(user=request.user, model=Slice, pk=slice_id, act=True)
    form = impact_forms.SliceForm(
        form_data(payload),
        instance=piece,
        pilot_id=piece.workgroup_view.pilot_id,  # type: ignore[attr-defined]
    )
    require_valid(form, payload=payload)
    return _save_versioned_form(form, save=services.slice_save)


class SpinOffIn(Schema):
    name: str
    rationale: str


class SpinOffOut(Schema):
    id: int
    opportunity_id: int
    name: str
    rationale: str
    status: str
    decision_note: str
    new_workgroup_id: int | None


class SpinOffDecisionIn(Schema):
    decision: Literal["approve", "decline"]
    note: str = ""


@router.post("/opportunities/{opportunity_id}/spin-offs", response={201: SpinOffOut})
def propose_spin_off(request: HttpRequest, opportunity_id: int, payload: SpinOffIn) -> Any:
    """Propose that an opportunity gets a workgroup of its own (the program lead decides)."""
    opportunity = access.record_for_user(
        user=request.user, model=Opportunity, pk=opportunity_id, act=True
    )
    form = impact_forms.SpinOffForm(payload.dict())
    require_valid(form, payload=payload)
    try:
        proposal = services.spin_off_propose(
            opportunity=opportunity, user=request.user, **form.cleaned_data
        )
    except services.ImpactError as exc:
        raise _conflict(exc) from exc
    return Status(201, proposal)


@router.post("/spin-offs/{proposal_id}/decision", response=SpinOffOut)
def decide_spin_off(request: HttpRequest, proposal_id: int, payload: SpinOffDecisionIn) -> Any:
    proposal = access.record_for_user(
        user=request.user,
        model=SpinOffProposal,
        pk=proposal_id,
        via="opportunity__workgroup",
        select=("opportunity__workgroup",),
    )
    if not proposal.workgroup_view.can_lead:  # type: ignore[attr-defined]
        raise PermissionDenied("Only the program lead approves spin-offs.")
    form = impact_forms.SpinOffDecisionForm(payload.dict())
    require_valid(form, payload=payload)
    try:
        return services.spin_off_decide(
            proposal=proposal,
            user=request.user,
            approve=form.cleaned_data["decision"] == "approve",
            note=form.cleaned_data["note"],
        )
    except services.ImpactError as exc:
        raise _conflict(exc) from exc


# ------------------------------------------------------------------ capture and readings


class CaptureIn(Schema):
    workgroup_id: int
    title: str
    for_whom: str = ""
    evidence: str = ""


@router.post("/pilots/{pilot_id}/opportunities", response={201: OpportunityOut})
def capture_for_a_workgroup(request: AuthedHttpRequest, pilot_id: int, payload: CaptureIn) -> Any:
    """Anyone in the pilot sends an unseen problem or opportunity to a workgroup to evaluate."""
    pilot = access.pilot_for_impact(user=request.user, pk=pilot_id)
    form = impact_forms.CaptureForm(form_data(payload), pilot=pilot)
    require_valid(form, payload=payload)
    opportunity = services.opportunity_capture(
        opportunity=form.save(commit=False), user=request.user
    )
    return Status(201, opportunity)


class ReadingImportOut(Schema):
    imported: int


@router.post("/workgroups/{workgroup_id}/readings/import", response={201: ReadingImportOut})
def import_readings(request: HttpRequest, workgroup_id: int, file: File[UploadedFile]) -> Any:
    """Readings from a CSV (metric, date, value, note): all rows or none, each problem named."""
    workgroup = _wg(request, workgroup_id, act=True)
    form = impact_forms.ReadingUploadForm({}, MultiValueDict({"file": [file]}))
    require_valid(form)
    try:
        count = services.readings_import(
            workgroup=workgroup, user=request.user, text=form.cleaned_data["file"]
        )
    except services.ReadingImportError as exc:
        raise ApiError(
            status=422,
            code="invalid_rows",
            message=str(exc),
            errors=[{"row": p.row, "column": p.column, "message": p.problem} for p in exc.problems],
        ) from exc
    return Status(201, {"imported": count})


# ------------------------------------------------------------------ one's notifications


NotificationKind = Literal["escalation", "due", "reflection", "answer", "spin_off", "flag"]


class PreferencesIO(Schema):
    weekly_digest: bool
    in_app_off: list[NotificationKind]
    email_off: list[NotificationKind]


class ReadOut(Schema):
    marked_read: int


@router.post("/notifications/read", response=ReadOut)
def read_all_notifications(request: AuthedHttpRequest) -> Any:
    return {"marked_read": services.notifications_mark_read(user=request.user)}


@router.post("/notifications/{notification_id}/read", response=ReadOut)
def read_notification(request: AuthedHttpRequest, notification_id: int) -> Any:
    note = get_object_or_404(Notification, pk=notification_id, user=request.user)
    return {"marked_read": services.notifications_mark_read(user=request.user, pk=note.pk)}


@router.get("/notifications/preferences", response=PreferencesIO)
def get_preferences(request: AuthedHttpRequest) -> Any:
    return preference_for(user=request.user)


@router.put("/notifications/preferences", response=PreferencesIO)
def set_preferences(request: AuthedHttpRequest, payload: PreferencesIO) -> Any:
    """Which notifications come in the app and by e-mail, and the weekly digest."""
    pref, _ = NotificationPreference.objects.update_or_create(
        user=request.user,
        defaults={
            "weekly_digest": payload.weekly_digest,
            "in_app_off": sorted({str(k) for k in payload.in_app_off}),
            "email_off": sorted({str(k) for k in payload.email_off}),
        },
    )
    return pref
