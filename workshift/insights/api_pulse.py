"""Scheduling pulse rounds and recomputing connections over the API, with the pages' services and access rules."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from ninja import Schema
from ninja.responses import Status

from workshift.api.errors import ApiError, require_valid
from workshift.insights import access, enqueue, services
from workshift.insights.api import router
from workshift.insights.forms import PulseRoundForm
from workshift.insights.models import PulseRound

OVERSEERS_ONLY = "Only the pilot's champion and program lead schedule pulse rounds."


class PulseRoundIn(Schema):
    title: str = "Pulse"
    opens_on: dt.date
    closes_on: dt.date
    cadence: Literal["once", "weekly", "fortnightly", "monthly"] = "fortnightly"


class PulseRoundScheduledOut(Schema):
    id: int
    pilot_id: int
    title: str
    opens_on: dt.date
    closes_on: dt.date
    cadence: str


@router.post("/pilots/{pilot_id}/pulse", response={201: PulseRoundScheduledOut})
def schedule_pulse_round(request: HttpRequest, pilot_id: int, payload: PulseRoundIn) -> Any:
    pilot = access.insights_pilot_for_user(user=request.user, pk=pilot_id)
    if not access.sees_everything(user=request.user, pilot=pilot):
        raise PermissionDenied(OVERSEERS_ONLY)
    data = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in payload.dict().items()}
    form = PulseRoundForm(data, instance=PulseRound(pilot=pilot))
    require_valid(form, payload=payload)
    return Status(201, form.save_or_conflict())


@router.post("/pulse/{round_id}/next", response={201: PulseRoundScheduledOut})
def schedule_next_round(request: HttpRequest, round_id: int) -> Any:
    """The round after this one, at the round's cadence."""
    the_round = access.pulse_round_for_user(user=request.user, pk=round_id)
    if not access.sees_everything(user=request.user, pilot=the_round.pilot):
        raise PermissionDenied(OVERSEERS_ONLY)
    try:
        return Status(201, services.pulse_round_schedule_next(pulse_round=the_round))
    except ValidationError as error:
        raise ApiError(status=409, code="conflict", message=" ".join(error.messages)) from error


class RefreshOut(Schema):
    message: str


@router.post("/pilots/{pilot_id}/connections/refresh", response={202: RefreshOut})
def refresh_connections(request: HttpRequest, pilot_id: int) -> Any:
    """Ask the worker to read the collaboration network of the pilot again."""
    pilot = access.insights_pilot_for_user(user=request.user, pk=pilot_id)
    if not access.sees_everything(user=request.user, pilot=pilot):
        raise PermissionDenied("Only the pilot's champion and program lead recompute connections.")
    enqueue.connections_refresh(pilot=pilot)
    return Status(202, {"message": "Recomputing the connections: read them again in a minute."})
