"""Playbook services: the organization's versions, a pilot's pinned version, hand ticks."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from workshift.engine.playbook import ROLES, STAGES, moved
from workshift.leadership.checks import CHECKS
from workshift.leadership.links import LINKS
from workshift.leadership.models import (
    PilotPlaybook,
    PlaybookStep,
    PlaybookVersion,
    StepTick,
)
from workshift.leadership.starter import STARTER_STEPS
from workshift.pilots.models import Pilot

# What a step is, copied from version to version.
STEP_FIELDS = (
    "key",
    "role",
    "stage",
    "position",
    "title",
    "purpose",
    "minutes",
    "link",
    "done_when",
    "retired",
)


class NothingToPublish(ValidationError):
    """There is no draft to publish (someone published or discarded it meanwhile)."""


def playbook_seed() -> PlaybookVersion:
    """Version 1 of the default playbooks (the starter steps), if no version is published yet."""
    with transaction.atomic():
        current = PlaybookVersion.objects.filter(number__isnull=False).order_by("-number").first()
        if current is not None:
            return current
        version = PlaybookVersion.objects.create(
            number=1, note="The starter playbooks.", published_at=timezone.now()
        )
        counts: dict[tuple[str, str], int] = {}
        steps = []
        for key, role, stage, title, purpose, minutes, link, check in STARTER_STEPS:
            counts[(role, stage)] = counts.get((role, stage), 0) + 10
            steps.append(
                PlaybookStep(
                    playbook=version,
                    key=key,
                    role=role,
                    stage=stage,
                    position=counts[(role, stage)],
                    title=title,
                    purpose=purpose,
                    minutes=minutes,
                    link=link,
                    done_when=check,
                )
            )
        PlaybookStep.objects.bulk_create(steps)
        return version


def playbook_current() -> PlaybookVersion:
    """The latest published version of the default playbooks."""
    current = PlaybookVersion.objects.filter(number__isnull=False).order_by("-number").first()
    return current or playbook_seed()


def playbook_draft_open() -> PlaybookVersion:
    """The open draft, or a new one copied from the current version."""
    with transaction.atomic():
        draft = PlaybookVersion.objects.select_for_update().filter(number__isnull=True).first()
        if draft is not None:
            return draft
        current = playbook_current()
        draft = PlaybookVersion.objects.create(note="")
        PlaybookStep.objects.bulk_create(
            [
                PlaybookStep(playbook=draft, **{f: getattr(s, f) for f in STEP_FIELDS})
                for s in current.steps.all()
            ]
        )
        return draft


def playbook_draft() -> PlaybookVersion | None:
    """The open draft of the default playbooks, if someone has started one."""
    return PlaybookVersion.objects.filter(number__isnull=True).first()


def playbook_step_shown(*, key: str) -> PlaybookStep | None:
    """The step as its editors see it: in the open draft, else in the current version."""
    return (playbook_draft() or playbook_current()).steps.filter(key=key).first()


def _validate_step(*, role: str, stage: str, link: str, done_when: str) -> None:
    errors = {}
    if role not in ROLES:
        errors["role"] = f"Choose one of the roles ({', '.join(ROLES)})."
    if stage not in STAGES:
        errors["stage"] = f"Choose one of the stages ({', '.join(STAGES)})."
    if link not in LINKS:
        errors["link"] = "Choose the page where the step is done from the list."
    if done_when and done_when not in CHECKS:
        errors["done_when"] = "Choose a check from the list, or leave it empty to tick by hand."
    if errors:
        raise ValidationError(errors)


def playbook_step_add(
    *,
    role: str,
    stage: str,
    title: str,
    purpose: str,
    minutes: int,
    link: str,
    done_when: str = "",
) -> PlaybookStep:
    """A new step at the end of its role and stage, in the draft."""
    _validate_step(role=role, stage=stage, link=link, done_when=done_when)
    with transaction.atomic():
        draft = playbook_draft_open()
        last = draft.steps.filter(role=role, stage=stage).aggregate(m=Max("position"))["m"] or 0
        base = slugify(f"{role}-{title}")[:50] or f"{role}-step"
        key, n = base, 2
        while draft.steps.filter(key=key).exists() or PlaybookStep.objects.filter(key=key).exists():
            key, n = f"{base}-{n}", n + 1
        return PlaybookStep.objects.create(
            playbook=draft,
            key=key,
            role=role,
            stage=stage,
            position=last + 10,
            title=title,
            purpose=purpose,
            minutes=minutes,
            link=link,
            done_when=done_when,
        )


def _draft_step(*, key: str) -> PlaybookStep:
    draft = playbook_draft_open()
    step = draft.steps.filter(key=key).first()
    if step is None:
        raise ValidationError({"step": f"No step {key!r} in the draft."})
    return step


def playbook_step_update(*, key: str, **fields: Any) -> PlaybookStep:
    """Reword a step of the draft (title, purpose, minutes, link, done_when)."""
    with transaction.atomic():
        step = _draft_step(key=key)
        allowed = {"title", "purpose", "minutes", "link", "done_when"}
        unknown = set(fields) - allowed
        if unknown:
            raise ValidationError({f: "This field cannot be changed." for f in unknown})
        for name, value in fields.items():
            setattr(step, name, value)
        _validate_step(role=step.role, stage=step.stage, link=step.link, done_when=step.done_when)
        step.save()
        return step


def playbook_step_move(*, key: str, offset: int) -> PlaybookStep:
    """Move a step up (negative offset) or down within its role and stage."""
    with transaction.atomic():
        step = _draft_step(key=key)
        siblings = list(
            step.playbook.steps.filter(role=step.role, stage=step.stage).order_by("position", "id")
        )
        order = moved(keys=[s.key for s in siblings], key=key, offset=offset)
        by_key = {s.key: s for s in siblings}
        for index, k in enumerate(order):
            sibling = by_key[k]
            if sibling.position != (index + 1) * 10:
                sibling.position = (index + 1) * 10
                sibling.save(update_fields=["position", "updated_at"])
        step.refresh_from_db()
        return step


def playbook_step_retire(*, key: str, retired: bool = True) -> PlaybookStep:
    with transaction.atomic():
        step = _draft_step(key=key)
        step.retired = retired
        step.save()
        return step


def playbook_publish(*, user: Any, note: str) -> PlaybookVersion:
    """The draft becomes the next version; new pilots follow it from now on."""
    if not note.strip():
        raise ValidationError({"note": "Say in a sentence what changed in this version."})
    with transaction.atomic():
        draft = PlaybookVersion.objects.select_for_update().filter(number__isnull=True).first()
        if draft is None:
            raise NothingToPublish("There is no draft to publish: change a step first.")
        last = PlaybookVersion.objects.aggregate(m=Max("number"))["m"] or 0
        draft.number = last + 1
        draft.note = note.strip()
        draft.published_at = timezone.now()
        draft.published_by = user
        draft.save()
        return draft


def playbook_draft_discard() -> None:
    PlaybookVersion.objects.filter(number__isnull=True).delete()


def pilot_playbook_pin(*, pilot: Pilot) -> PilotPlaybook:
    """The version the pilot follows; a pilot without one starts on the current version."""
    found = PilotPlaybook.objects.filter(pilot=pilot).select_related("playbook").first()
    if found is not None:
        return found
    with transaction.atomic():
        pinned, _ = PilotPlaybook.objects.get_or_create(
            pilot=pilot, defaults={"playbook": playbook_current()}
        )
        return pinned


def pilot_playbook_move_on(*, pilot: Pilot) -> PilotPlaybook:
    """Move a pilot to the current version (its hand ticks follow the steps' keys)."""
    with transaction.atomic():
        pinned = pilot_playbook_pin(pilot=pilot)
        pinned.playbook = playbook_current()
        pinned.save()
        return pinned


def step_tick(*, pilot: Pilot, key: str, user: Any, ticked: bool = True) -> None:
    """Tick a step by hand (or take the tick back)."""
    pinned = pilot_playbook_pin(pilot=pilot)
    if not pinned.playbook.steps.filter(key=key).exists():
        raise ValidationError({"key": f"The pilot's playbook has no step {key!r}."})
    with transaction.atomic():
        if ticked:
            StepTick.objects.get_or_create(pilot=pilot, key=key, defaults={"ticked_by": user})
        else:
            for tick in StepTick.objects.filter(pilot=pilot, key=key):
                tick.delete()
