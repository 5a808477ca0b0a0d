"""The catalyst and the champion over the REST API: the same access rules, forms and services
as the pages, including going on with a weak catalyst and acknowledging a champion's warning."""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Schema

from workshift.api.errors import ApiError, require_valid
from workshift.api.forms import form_data, form_saved
from workshift.core.http import AuthedHttpRequest
from workshift.people.models import Person
from workshift.pilots import selectors, services
from workshift.pilots.access import assessment_record_for_user, pilot_assessment_for_user
from workshift.pilots.api import conflict_free, router
from workshift.pilots.forms import AcknowledgeForm, ProceedForm
from workshift.pilots.models import CatalystAssessment, Champion


class CatalystIn(Schema):
    version: int | None = None
    kind: Literal[
        "market_pressure",
        "skills_gap",
        "automation_fear",
        "technology",
        "automation_capacity",
        "opportunity",
        "diffuse",
        "org_change",
    ]
    description: str
    must_break: bool | None = None
    must_break_note: str = ""
    urgent: bool | None = None
    urgent_note: str = ""
    beyond_optimization: bool | None = None
    beyond_optimization_note: str = ""
    capacity: bool | None = None
    capacity_note: str = ""
    needs_optimization_or_controls: bool = False
    absorbing_change: bool = False


class VerdictOut(Schema):
    verdict: str
    label: str
    summary: str
    reasons: list[str]
    cautions: list[str]
    strengthen: list[tuple[str, str]]


class CatalystOut(CatalystIn):
    id: int
    verdict: VerdictOut
    proceeding: bool  # weak, going on for a reason given for this very assessment
    proceed_reason: str
    proceed_by: str | None
    proceed_at: dt.datetime | None


class ProceedIn(Schema):
    reason: str


class ChampionIn(Schema):
    version: int | None = None
    person_id: int
    title: str = ""
    is_c_level: bool = False
    committed_on: dt.date | None = None
    commit_note: str = ""
    communicated_on: dt.date | None = None
    communicate_note: str = ""
    covered_on: dt.date | None = None
    cover_note: str = ""
    vision: str = ""
    vision_frontline_gain: bool = False


class ChampionWarningOut(Schema):
    key: str
    message: str
    acknowledged: bool
    acknowledged_by: str | None
    acknowledged_at: dt.datetime | None


class ChampionOut(ChampionIn):
    id: int
    warnings: list[str]
    checks: list[ChampionWarningOut]


class AcknowledgeIn(Schema):
    key: Literal["c_level", "vision", "commit", "communicate", "cover"]
    # the warning's text as the client showed it: if the warning says something else now, 409
    message: str | None = None


def _catalyst_out(c: CatalystAssessment) -> dict[str, Any]:
    out = {f: getattr(c, f) for f in CatalystIn.model_fields if f != "version"}
    return {
        **out,
        "id": c.pk,
        "version": c.version,
        "verdict": c.verdict().__dict__,
        "proceeding": c.proceeding,
        "proceed_reason": c.proceed_reason,
        "proceed_by": c.proceed_by.username if c.proceed_by else None,
        "proceed_at": c.proceed_at,
    }


def _champion_out(c: Champion) -> dict[str, Any]:
    out = {f: getattr(c, f) for f in ChampionIn.model_fields if f != "version"}
    pairs = c.warnings_with_acknowledgements()
    return {
        **out,
        "id": c.pk,
        "version": c.version,
        "warnings": [w.message for w, _ack in pairs],
        "checks": [
            {
                "key": w.key,
                "message": w.message,
                "acknowledged": w.acknowledged,
                "acknowledged_by": (ack or {}).get("by"),
                "acknowledged_at": (ack or {}).get("at"),
            }
            for w, ack in pairs
        ],
    }


# The pilot's one-per-pilot assessment records: (model, how to find it, how to show it, message when missing).
ONE_PER_PILOT: dict[str, tuple[Any, Any, Any]] = {
    "catalyst": (CatalystAssessment, selectors.pilot_catalyst, _catalyst_out),
    "champion": (Champion, selectors.pilot_champion, _champion_out),
}


def _get_one(request: HttpRequest, pilot_id: int, kind: str) -> dict[str, Any]:
    _model, _find, show = ONE_PER_PILOT[kind]
    _pilot, record = assessment_record_for_user(user=request.user, pk=pilot_id, kind=kind)
    return show(record)  # type: ignore[no-any-return]


def _record_to_change(request: HttpRequest, pilot_id: int, kind: str) -> Any:
    """The pilot's catalyst or champion for a change by this user (404 when there is none)."""
    _pilot, record = assessment_record_for_user(
        user=request.user, pk=pilot_id, kind=kind, edit=True
    )
    return record


def _put_one(request: HttpRequest, pilot_id: int, kind: str, data: Schema) -> dict[str, Any]:
    model, find, show = ONE_PER_PILOT[kind]
    pilot = pilot_assessment_for_user(user=request.user, pk=pilot_id, edit=True)
    values, version = conflict_free(data)
    instance = find(pilot=pilot) or model(pilot=pilot)
    return show(services.record_save(instance=instance, data=values, expected_version=version))  # type: ignore[no-any-return]


@router.get("/pilots/{pilot_id}/catalyst", response=CatalystOut)
def get_catalyst(request: HttpRequest, pilot_id: int) -> Any:
    return _get_one(request, pilot_id, "catalyst")


@router.put("/pilots/{pilot_id}/catalyst", response=CatalystOut)
def put_catalyst(request: HttpRequest, pilot_id: int, data: CatalystIn) -> Any:
    return _put_one(request, pilot_id, "catalyst", data)


@router.get("/pilots/{pilot_id}/champion", response=ChampionOut)
def get_champion(request: HttpRequest, pilot_id: int) -> Any:
    return _get_one(request, pilot_id, "champion")


@router.put("/pilots/{pilot_id}/champion", response=ChampionOut)
def put_champion(request: HttpRequest, pilot_id: int, data: ChampionIn) -> Any:
    if not Person.objects.filter(pk=data.person_id).exists():
        pilot_assessment_for_user(user=request.user, pk=pilot_id, edit=True)
        raise ApiError(
            status=422,
            code="invalid",
            message="No such person.",
            errors=[{"field": "person_id", "message": "No such person."}],
        )
    return _put_one(request, pilot_id, "champion", data)


@router.post("/pilots/{pilot_id}/catalyst/proceed", response=CatalystOut)
def proceed_with_catalyst(request: AuthedHttpRequest, pilot_id: int, data: ProceedIn) -> Any:
    """Go on with a weak catalyst for a reason recorded with who gave it and when."""
    record = _record_to_change(request, pilot_id, "catalyst")
    form = ProceedForm(form_data(data))
    saved = form_saved(
        form,
        payload=data,
        save=lambda reason: services.catalyst_proceed(
            catalyst=record, user=request.user, reason=reason
        ),
    )
    return _catalyst_out(saved)


@router.post("/pilots/{pilot_id}/champion/acknowledgements", response=ChampionOut)
def acknowledge_champion_warning(
    request: AuthedHttpRequest, pilot_id: int, data: AcknowledgeIn
) -> Any:
    """Acknowledge one open warning about the champion: read, and going on (it stays listed).

    With `message`, the text the client showed: a warning that says something else now is
    refused with a 409 `warning_changed`, and nothing is acknowledged.
    """
    record = _record_to_change(request, pilot_id, "champion")
    form = AcknowledgeForm(form_data(data), champion=record)
    require_valid(form, payload=data)
    try:
        acknowledged = services.champion_warning_acknowledge(
            champion=record, user=request.user, **form.cleaned_data
        )
    except services.WarningChanged as changed:
        raise ApiError.on_field(
            status=409, code="warning_changed", field="message", message=str(changed)
        ) from None
    return _champion_out(acknowledged)
