"""Editing the organization's default playbooks over the API, and moving a pilot on to the newest
version: the same access rules, forms and services as the playbook pages.

Edits go to the one shared draft (opened on the first change, copied from the current version);
publishing makes the draft the next version, which new pilots follow; a running pilot keeps its
version until its lead moves it on.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Schema, Status

from workshift.api.errors import ApiError, require_valid
from workshift.api.forms import form_data, form_saved
from workshift.leadership import access, services
from workshift.leadership.api import router
from workshift.leadership.forms import PublishForm, StepAddForm, StepEditForm
from workshift.leadership.models import PilotPlaybook, PlaybookStep, PlaybookVersion


class DefaultStepOut(Schema):
    key: str
    role: str
    stage: str
    position: int
    title: str
    purpose: str
    minutes: int
    link: str
    done_when: str
    retired: bool


class PlaybookVersionOut(Schema):
    number: int | None
    note: str
    published_at: dt.datetime | None
    published_by: str | None
    steps: list[DefaultStepOut]

    @staticmethod
    def resolve_published_by(version: PlaybookVersion) -> str | None:
        return version.published_by.username if version.published_by else None

    @staticmethod
    def resolve_steps(version: PlaybookVersion) -> list[PlaybookStep]:
        return list(version.steps.order_by("role", "stage", "position", "id"))


class DefaultPlaybooksOut(Schema):
    current: PlaybookVersionOut
    draft: PlaybookVersionOut | None


class StepEditIn(Schema):
    title: str
    purpose: str
    minutes: int
    link: str
    done_when: str = ""


class StepAddIn(StepEditIn):
    role: str
    stage: str


class StepMoveIn(Schema):
    direction: Literal["up", "down"]


class StepRetireIn(Schema):
    retired: bool = True


class PublishIn(Schema):
    note: str


class PilotPlaybookOut(Schema):
    pilot_id: int
    version: int

    @staticmethod
    def resolve_version(pinned: PilotPlaybook) -> int:
        return int(pinned.playbook.number or 0)


def _draft_step_for_user(request: HttpRequest, key: str) -> PlaybookStep:
    """A step the user may edit (404 for anyone who does not see the default playbooks)."""
    access.playbooks_for_user(user=request.user, edit=True)
    step = services.playbook_step_shown(key=key)
    if step is None:
        raise Http404("No such step in the default playbooks.")
    return step


@router.get("/playbooks", response=DefaultPlaybooksOut)
def default_playbooks(request: HttpRequest) -> dict[str, Any]:
    """The current version of the default playbooks and the open draft, if any."""
    access.playbooks_for_user(user=request.user)
    return {"current": services.playbook_current(), "draft": services.playbook_draft()}


@router.post("/playbooks/draft/steps", response={201: DefaultStepOut})
def default_step_add(request: HttpRequest, payload: StepAddIn) -> Any:
    """Add a step at the end of its role and stage, in the draft."""
    access.playbooks_for_user(user=request.user, edit=True)
    step = form_saved(
        StepAddForm(form_data(payload)), payload=payload, save=services.playbook_step_add
    )
    return Status(201, step)


@router.put("/playbooks/draft/steps/{key}", response=DefaultStepOut)
def default_step_edit(request: HttpRequest, key: str, payload: StepEditIn) -> PlaybookStep:
    """Reword a step in the draft."""
    _draft_step_for_user(request, key)
    return form_saved(
        StepEditForm(form_data(payload)),
        payload=payload,
        save=functools.partial(services.playbook_step_update, key=key),
    )


@router.post("/playbooks/draft/steps/{key}/move", response=DefaultStepOut)
def default_step_move(request: HttpRequest, key: str, payload: StepMoveIn) -> PlaybookStep:
    """Move a step one place up or down within its role and stage, in the draft."""
    _draft_step_for_user(request, key)
    return services.playbook_step_move(key=key, offset=-1 if payload.direction == "up" else 1)


@router.post("/playbooks/draft/steps/{key}/retire", response=DefaultStepOut)
def default_step_retire(request: HttpRequest, key: str, payload: StepRetireIn) -> PlaybookStep:
    """Retire a step from the draft (`retired: false` restores it)."""
    _draft_step_for_user(request, key)
    return services.playbook_step_retire(key=key, retired=payload.retired)


@router.post("/playbooks/draft/publish", response={201: PlaybookVersionOut})
def default_playbooks_publish(request: HttpRequest, payload: PublishIn) -> Any:
    """Publish the draft as the next version, saying what changed; new pilots follow it.

    409 when there is no draft (nothing changed, or someone published or discarded it meanwhile).
    """
    access.playbooks_for_user(user=request.user, edit=True)
    form = PublishForm(form_data(payload))
    require_valid(form, payload=payload)
    try:
        version = services.playbook_publish(user=request.user, note=form.cleaned_data["note"])
    except services.NothingToPublish as error:
        raise ApiError(status=409, code="no_draft", message=" ".join(error.messages)) from None
    return Status(201, version)


@router.delete("/playbooks/draft", response={204: None})
def default_playbooks_discard(request: HttpRequest) -> Any:
    """Discard the draft and every change in it (nothing to discard is fine)."""
    access.playbooks_for_user(user=request.user, edit=True)
    services.playbook_draft_discard()
    return Status(204, None)


@router.post("/pilots/{pilot_id}/playbook/move-on", response=PilotPlaybookOut)
def pilot_playbook_move_on(request: HttpRequest, pilot_id: int) -> PilotPlaybook:
    """Move a running pilot to the newest published version (its hand ticks follow the steps)."""
    pilot = access.leadership_pilot_for_user(user=request.user, pk=pilot_id, edit=True)
    return services.pilot_playbook_move_on(pilot=pilot)
