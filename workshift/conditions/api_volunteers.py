"""The call for volunteers over the API: open or change it, apply, decide on applications.

Same access helpers, forms and services as the pages (and the public link's checks).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Schema, Status

from workshift.api.errors import ApiError, require_valid
from workshift.api.forms import form_data
from workshift.conditions import forms as f
from workshift.conditions import selectors, services
from workshift.conditions.access import conditions_pilot_for_user, pilot_record_for_user
from workshift.conditions.api import router
from workshift.conditions.api_setup import _saved
from workshift.conditions.models import Application
from workshift.core.http import AuthedHttpRequest

# ------------------------------------------------------------------ the call and applications


class CallIn(Schema):
    title: str
    message: str = ""
    places: int
    deadline: dt.date
    ask_attributes: list[str] = []
    edit_version: int | None = None


class CallOut(Schema):
    id: int
    pilot_id: int
    title: str
    message: str
    places: int
    deadline: dt.date
    ask_attributes: list[str]
    token: str
    version: int


class ApplyIn(Schema):
    employee_id: str
    email: str
    why: str
    problem: str
    availability: str
    answers: dict[str, str] = {}


class AppliedOut(Schema):
    id: int
    person_id: int
    status: str


class ApplicationDecisionIn(Schema):
    """Checked by the decision form after the access check (one of submitted, selected,
    not_selected; a reason unless submitted)."""

    status: str = ""
    reason: str = ""


@router.put("/pilots/{pilot_id}/call", response=CallOut)
def save_call(request: HttpRequest, pilot_id: int, payload: CallIn) -> Any:
    """Open the call for volunteers, or change it (send `edit_version` when changing)."""
    pilot = conditions_pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    current = selectors.current_call(pilot=pilot)
    keys = selectors.attribute_keys(pilot=pilot)
    form = f.VolunteerCallForm(form_data(payload), instance=current, attribute_keys=keys)
    require_valid(form, payload=payload)
    if current is None:
        data = {k: v for k, v in form.cleaned_data.items() if k != "edit_version"}
        return services.volunteer_call_create(pilot=pilot, **data)
    return _saved(form, save=services.volunteer_call_update)


@router.post("/calls/{token}/applications", response={201: AppliedOut})
def apply_to_call(request: AuthedHttpRequest, token: str, payload: ApplyIn) -> Any:
    """Apply to an open call, as on its public page (identified by employee id and e-mail)."""
    call = selectors.call_by_token(token=token)
    if call is None:
        raise Http404("No such call.")
    if not services.volunteer_call_is_open(call=call):
        raise ApiError(status=409, code="call_closed", message="This call is closed.")
    data = payload.dict()
    answers = {f"attr_{k}": v for k, v in data.pop("answers").items()}
    questions = selectors.attribute_values(pilot=call.pilot, keys=call.ask_attributes)
    form = f.ApplicationForm({**data, **answers}, questions=questions)
    require_valid(form, payload=payload)
    d = form.cleaned_data
    try:
        person = services.volunteer_identify(
            call=call, employee_id=d["employee_id"], email=d["email"]
        )
        application = services.application_submit(
            call=call,
            person=person,
            why=d["why"],
            problem=d["problem"],
            availability=d["availability"],
            answers=form.answers(),
        )
    except services.ApplicationRefused as exc:
        raise ApiError(
            status=422,
            code="invalid",
            message=str(exc),
            errors=[{"field": exc.field or "", "message": str(exc)}],
        ) from exc
    return Status(201, application)


@router.post("/pilots/{pilot_id}/applications/{application_id}/decision", response=AppliedOut)
def decide_application(
    request: HttpRequest, pilot_id: int, application_id: int, payload: ApplicationDecisionIn
) -> Any:
    """Select, wait-list or decline a volunteer, with the reason (never a ranking)."""
    _pilot, application = pilot_record_for_user(
        user=request.user, model=Application, pilot_pk=pilot_id, pk=application_id
    )
    form = f.DecisionForm(payload.dict())
    require_valid(form, payload=payload)
    return services.application_decide(
        application=application,
        status=form.cleaned_data["status"],
        reason=form.cleaned_data["reason"],
        user=request.user,
    )
