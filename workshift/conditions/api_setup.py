"""Setting up the conditions over the API: capacity, coaches, the call for volunteers,
applications, workgroups from a team, expectations and communities.

Each route checks access with the page's helper and validates with the page's form,
then calls the same service, so a script or an HR system can do what the pages do.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status

from workshift.api.errors import ApiError
from workshift.conditions import forms as f
from workshift.conditions import selectors, services
from workshift.conditions.access import (
    checklist_for_user,
    conditions_pilot_for_user,
    pilot_record_for_user,
)
from workshift.conditions.models import (
    Application,
    CapacityMethod,
    CapacityParticipant,
    CapacityTask,
    CoachingLogEntry,
    Community,
    Expectations,
    VolunteerCall,
    Workgroup,
)
from workshift.core.http import AuthedHttpRequest
from workshift.people.access import unit_subtree_ids
from workshift.people.models import OrgUnit, Person
from workshift.pilots.models import Pilot

router = Router(tags=["conditions"])


def _invalid(form: Any) -> ApiError:
    """A bound form's errors, field by field, as the shared 422 body."""
    return ApiError(
        status=422,
        code="invalid",
        message="The request has invalid fields.",
        errors=[
            {"field": "" if field == "__all__" else field, "message": str(message)}
            for field, messages in form.errors.items()
            for message in messages
        ],
    )


def _form_data(payload: Schema) -> dict[str, Any]:
    """Schema fields as form data: `x_id` -> `x`, ISO dates, lists one item a line, no None."""
    data: dict[str, Any] = {}
    for key, value in payload.dict().items():
        if value is None:
            continue
        if isinstance(value, dt.date):
            value = value.isoformat()
        data[key.removesuffix("_id")] = value
    return data


def _saved(form: Any, **kwargs: Any) -> Any:
    saved = form.save_or_conflict(**kwargs)
    if saved is None:
        errors = form.non_field_errors()
        raise ApiError(
            status=409, code="conflict", message=str(errors[0]) if errors else "Edit conflict."
        )
    return saved


def _entry_people(pilot: Pilot) -> QuerySet[Person]:
    """People of the entry point (everyone when the pilot has none yet)."""
    people = Person.objects.filter(active=True)
    if pilot.entry_unit_id:
        people = people.filter(unit_id__in=unit_subtree_ids(root_id=pilot.entry_unit_id))
    return people.order_by("last_name", "first_name")


def _questions(call: VolunteerCall) -> dict[str, list[str]]:
    """The call's diversity questions with the answers people of the entry point can give."""
    values: dict[str, set[str]] = {k: set() for k in call.ask_attributes}
    for attrs in _entry_people(call.pilot).values_list("attributes", flat=True)[:5000]:
        for k in values:
            v = (attrs or {}).get(k)
            if v not in (None, "") and not isinstance(v, list | dict):
                values[k].add(str(v))
    return {k: sorted(v) for k, v in values.items()}


# ------------------------------------------------------------------ capacity


class ParticipantIn(Schema):
    person_id: int


class ParticipantAddedOut(Schema):
    id: int
    person_id: int
    exception_reason: str


class TaskIn(Schema):
    participant_id: int
    name: str
    share: int
    method: CapacityMethod
    receiver_id: int | None = None
    note: str = ""


class TaskOut(Schema):
    id: int
    participant_id: int
    name: str
    share: int
    method: str
    receiver_id: int | None
    note: str


class ReceiverIn(Schema):
    baseline_load: int


class ReceiverSetOut(Schema):
    person_id: int
    baseline_load: int


class ExceptionIn(Schema):
    reason: str = ""


@router.post("/pilots/{pilot_id}/capacity/participants", response={201: ParticipantAddedOut})
def add_participant(request: HttpRequest, pilot_id: int, payload: ParticipantIn) -> Any:
    """Someone of the entry point who will join a workgroup: their time is to be freed."""
    pilot = conditions_pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    taken = selectors.pilot_participant_ids(pilot=pilot)
    form = f.ParticipantForm(_form_data(payload), people=_entry_people(pilot).exclude(pk__in=taken))
    if not form.is_valid():
        raise _invalid(form)
    person = form.cleaned_data["person"]
    return Status(201, services.capacity_participant_add(pilot=pilot, person=person))


@router.post("/pilots/{pilot_id}/capacity/tasks", response={201: TaskOut})
def add_task(request: HttpRequest, pilot_id: int, payload: TaskIn) -> Any:
    """A task that frees a participant's time: simplified, built, borrowed, bought or relaxed."""
    pilot = conditions_pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    form = f.CapacityTaskForm(
        _form_data(payload),
        pilot=pilot,
        people=Person.objects.filter(active=True),
        participant_ids=selectors.pilot_participant_ids(pilot=pilot),
    )
    if not form.is_valid():
        raise _invalid(form)
    return Status(201, services.capacity_task_add(**form.cleaned_data))


@router.put("/pilots/{pilot_id}/capacity/receivers/{person_id}", response=ReceiverSetOut)
def set_receiver_load(
    request: HttpRequest, pilot_id: int, person_id: int, payload: ReceiverIn
) -> Any:
    """How loaded a colleague who takes tasks over was before the pilot (100 = full)."""
    pilot = conditions_pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    taken = selectors.pilot_participant_ids(pilot=pilot)
    form = f.ReceiverForm(
        {"person": person_id, "baseline_load": payload.baseline_load},
        people=_entry_people(pilot).exclude(pk__in=taken),
    )
    if not form.is_valid():
        raise _invalid(form)
    return services.capacity_receiver_set(pilot=pilot, **form.cleaned_data)


@router.post(
    "/pilots/{pilot_id}/capacity/participants/{participant_id}/exception",
    response=ParticipantAddedOut,
)
def record_exception(
    request: HttpRequest, pilot_id: int, participant_id: int, payload: ExceptionIn
) -> Any:
    """Let a participant start below 75% freed, with the reason everyone sees (empty: remove it)."""
    _pilot, participant = pilot_record_for_user(
        user=request.user,
        model=CapacityParticipant,
        pilot_path="pilot",
        pilot_pk=pilot_id,
        pk=participant_id,
    )
    form = f.ExceptionForm(payload.dict())
    if not form.is_valid():
        raise _invalid(form)
    return services.capacity_exception_record(
        participant=participant, reason=form.cleaned_data["reason"], user=request.user
    )


@router.delete("/pilots/{pilot_id}/capacity/tasks/{task_id}", response={204: None})
def delete_task(request: HttpRequest, pilot_id: int, task_id: int) -> Any:
    _pilot, task = pilot_record_for_user(
        user=request.user,
        model=CapacityTask,
        pilot_path="participant__pilot",
        pilot_pk=pilot_id,
        pk=task_id,
    )
    task.delete()
    return Status(204, None)


# ------------------------------------------------------------------ coaches


class ChecklistIn(Schema):
    expectations: str = ""
    expectations_date: dt.date | None = None
    performance: str = ""
    performance_date: dt.date | None = None
    development: str = ""
    development_date: dt.date | None = None
    focus: str = ""
    focus_date: dt.date | None = None
    support: str = ""
    support_date: dt.date | None = None
    edit_version: int | None = None


class ChecklistOut(ChecklistIn):
    coach_id: int
    version: int


class LogIn(Schema):
    date: dt.date
    workgroup_id: int | None = None
    note: str


class LogOut(Schema):
    id: int
    coach_id: int
    date: dt.date
    workgroup_id: int | None
    note: str


@router.put("/pilots/{pilot_id}/coaches/{coach_id}/checklist", response=ChecklistOut)
def save_checklist(request: HttpRequest, pilot_id: int, coach_id: int, payload: ChecklistIn) -> Any:
    """The five parts of a supervisor's shift to coach (the coach or the pilot's leads)."""
    pilot = conditions_pilot_for_user(user=request.user, pk=pilot_id)
    checklist = checklist_for_user(user=request.user, pilot=pilot, coach_id=coach_id)
    form = f.ChecklistForm(_form_data(payload), instance=checklist)
    if not form.is_valid():
        raise _invalid(form)
    saved = _saved(form)
    return {
        **{k: getattr(saved, k) for k in ChecklistIn.model_fields if k != "edit_version"},
        "coach_id": saved.coach_id,
        "version": saved.version,
    }


@router.post("/pilots/{pilot_id}/coaches/{coach_id}/log", response={201: LogOut})
def add_log_entry(request: HttpRequest, pilot_id: int, coach_id: int, payload: LogIn) -> Any:
    """A dated note in the coach's log, about one of their workgroups or none."""
    pilot = conditions_pilot_for_user(user=request.user, pk=pilot_id)
    checklist = checklist_for_user(user=request.user, pilot=pilot, coach_id=coach_id)
    form = f.CoachingLogForm(
        _form_data(payload), workgroups=Workgroup.objects.filter(pilot=pilot, coach_id=coach_id)
    )
    if not form.is_valid():
        raise _invalid(form)
    entry: CoachingLogEntry = form.save(commit=False)
    entry.pilot, entry.coach = pilot, checklist.coach
    entry.save()
    return Status(201, entry)


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


class DecisionIn(Schema):
    status: Application.Status
    reason: str = ""


@router.put("/pilots/{pilot_id}/call", response=CallOut)
def save_call(request: HttpRequest, pilot_id: int, payload: CallIn) -> Any:
    """Open the call for volunteers, or change it (send `edit_version` when changing)."""
    pilot = conditions_pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    current = selectors.current_call(pilot=pilot)
    keys: set[str] = set()
    for attrs in _entry_people(pilot).values_list("attributes", flat=True)[:2000]:
        keys.update((attrs or {}).keys())
    form = f.VolunteerCallForm(_form_data(payload), instance=current, attribute_keys=sorted(keys))
    if not form.is_valid():
        raise _invalid(form)
    if current is None:
        data = {k: v for k, v in form.cleaned_data.items() if k != "edit_version"}
        return services.volunteer_call_create(pilot=pilot, **data)
    return _saved(form)


@router.post("/calls/{token}/applications", response={201: AppliedOut})
def apply_to_call(request: AuthedHttpRequest, token: str, payload: ApplyIn) -> Any:
    """Apply to an open call, as on its public page (identified by employee id and e-mail)."""
    call = VolunteerCall.objects.filter(token=token).select_related("pilot").first()
    if call is None:
        raise Http404("No such call.")
    if not services.volunteer_call_is_open(call=call):
        raise ApiError(status=409, code="call_closed", message="This call is closed.")
    data = payload.dict()
    answers = {f"attr_{k}": v for k, v in data.pop("answers").items()}
    form = f.ApplicationForm({**data, **answers}, questions=_questions(call))
    if not form.is_valid():
        raise _invalid(form)
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
    request: HttpRequest, pilot_id: int, application_id: int, payload: DecisionIn
) -> Any:
    """Select, wait-list or decline a volunteer, with the reason (never a ranking)."""
    _pilot, application = pilot_record_for_user(
        user=request.user,
        model=Application,
        pilot_path="call__pilot",
        pilot_pk=pilot_id,
        pk=application_id,
    )
    form = f.DecisionForm(payload.dict())
    if not form.is_valid():
        raise _invalid(form)
    return services.application_decide(
        application=application,
        status=form.cleaned_data["status"],
        reason=form.cleaned_data["reason"],
        user=request.user,
    )


# ------------------------------------------------------------------ workgroups, expectations, communities


class TeamIn(Schema):
    unit_id: int
    name: str = ""


class TeamWorkgroupOut(Schema):
    id: int
    pilot_id: int
    name: str
    member_ids: list[int]


class ExpectationsIn(Schema):
    workgroup_id: int | None = None
    new_expectations: str
    may: list[str] = []
    may_not: list[str] = []
    initial_problem: str = ""
    no_penalty: str = ""
    incentive_conflicts: str = ""
    edit_version: int | None = None


class ExpectationsOut(Schema):
    id: int
    pilot_id: int
    workgroup_id: int | None
    new_expectations: str
    may: list[str]
    may_not: list[str]
    initial_problem: str
    no_penalty: str
    incentive_conflicts: str
    version: int


class CommunityIn(Schema):
    name: str
    topic: str = ""
    member_ids: list[int] = []


class CommunityOut(Schema):
    id: int
    pilot_id: int
    name: str
    topic: str
    member_ids: list[int]


@router.post("/pilots/{pilot_id}/workgroups", response={201: TeamWorkgroupOut})
def workgroup_from_team(request: HttpRequest, pilot_id: int, payload: TeamIn) -> Any:
    """Repurpose an existing team of the entry point as a workgroup."""
    pilot = conditions_pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    units = (
        OrgUnit.objects.filter(pk__in=unit_subtree_ids(root_id=pilot.entry_unit_id))
        if pilot.entry_unit_id
        else OrgUnit.objects.all()
    )
    form = f.TeamForm(_form_data(payload), units=units)
    if not form.is_valid():
        raise _invalid(form)
    group = services.workgroup_from_team(pilot=pilot, **form.cleaned_data)
    members = list(group.memberships.values_list("person_id", flat=True))
    return Status(
        201, {"id": group.pk, "pilot_id": pilot.pk, "name": group.name, "member_ids": members}
    )


@router.put("/pilots/{pilot_id}/expectations", response=ExpectationsOut)
def save_expectations(request: HttpRequest, pilot_id: int, payload: ExpectationsIn) -> Any:
    """New expectations and guardrails, for the whole pilot or one workgroup (`workgroup_id`)."""
    pilot = conditions_pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    group = None
    if payload.workgroup_id is not None:
        group = selectors.workgroups_of(pilot=pilot).filter(pk=payload.workgroup_id).first()
        if group is None:
            raise Http404("No such workgroup in this pilot.")
    instance = Expectations.objects.filter(pilot=pilot, workgroup=group).first()
    data = _form_data(payload)
    data.pop("workgroup", None)
    data["may"], data["may_not"] = "\n".join(payload.may), "\n".join(payload.may_not)
    form = f.ExpectationsForm(data, instance=instance)
    if not form.is_valid():
        raise _invalid(form)
    form.instance.pilot, form.instance.workgroup = pilot, group
    return _saved(form)


@router.post("/pilots/{pilot_id}/communities", response={201: CommunityOut})
def create_community(request: HttpRequest, pilot_id: int, payload: CommunityIn) -> Any:
    """A community of practice across workgroups, with members from the pilot's participants."""
    pilot = conditions_pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    people = Person.objects.filter(pk__in=selectors.pilot_participant_ids(pilot=pilot))
    data = {"name": payload.name, "topic": payload.topic, "members": payload.member_ids}
    form = f.CommunityForm(data, people=people)
    if not form.is_valid():
        raise _invalid(form)
    community: Community = form.save(commit=False)
    community.pilot = pilot
    community.save()
    form.save_m2m()
    members = list(community.members.values_list("pk", flat=True))
    return Status(
        201,
        {
            **{k: getattr(community, k) for k in ("id", "pilot_id", "name", "topic")},
            "member_ids": members,
        },
    )
