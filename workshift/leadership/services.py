"""Leadership services: each change is one transaction, audited through TrackedModel."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from workshift.conditions.models import Workgroup
from workshift.engine.decisions import is_outside_right
from workshift.engine.playbook import ROLES, STAGES, moved
from workshift.leadership.checks import CHECKS
from workshift.leadership.links import LINKS
from workshift.leadership.models import (
    Decision,
    DecisionKind,
    DecisionRight,
    Mode,
    PilotPlaybook,
    PlaybookStep,
    PlaybookVersion,
    StepTick,
    Surge,
    SurgeException,
)
from workshift.leadership.starter import STARTER_STEPS
from workshift.people.models import OrgUnit, Person
from workshift.pilots.models import Metric, Pilot

# ------------------------------------------------------------------ playbooks


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
                PlaybookStep(
                    playbook=draft,
                    key=s.key,
                    role=s.role,
                    stage=s.stage,
                    position=s.position,
                    title=s.title,
                    purpose=s.purpose,
                    minutes=s.minutes,
                    link=s.link,
                    done_when=s.done_when,
                    retired=s.retired,
                )
                for s in current.steps.all()
            ]
        )
        return draft


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
            raise ValidationError({"note": "There is no draft to publish: change a step first."})
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


# ------------------------------------------------------------ decision rights

DEFAULT_KINDS: list[tuple[str, str, str]] = [
    ("Change the order of work", "Which cases, customers or tasks come first.", Mode.ALONE),
    ("Change who does a task", "Swap or share tasks inside the workgroup.", Mode.CONSULT),
    ("Change a customer-facing script", "Letters, call scripts, messages.", Mode.CONSULT),
    ("Spend up to EUR 500", "Small purchases, tools, a customer gesture.", Mode.PROPOSE),
]


def rights_register_seed(*, pilot: Pilot, user: Any = None) -> list[DecisionRight]:
    """The pilot's default register: standard kinds, plus one per guardrail.

    What the guardrails say the groups *may* touch they decide alone; what they
    *may not* touch is escalated. Does nothing when the register exists.
    """
    from workshift.conditions.models import Expectations

    if pilot.decision_rights.exists():
        return list(pilot.decision_rights.filter(workgroup__isnull=True, current=True))
    guard = Expectations.objects.filter(pilot=pilot, workgroup__isnull=True).first()
    rows = list(DEFAULT_KINDS)
    if guard is not None:
        rows += [(f"Act on {item}", "Inside the guardrails.", Mode.ALONE) for item in guard.may]
        rows += [
            (f"Touch {item}", "Outside the guardrails today.", Mode.ESCALATE)
            for item in guard.may_not
        ]
    created = []
    with transaction.atomic():
        for position, (name, description, mode) in enumerate(rows):
            kind, _ = DecisionKind.objects.get_or_create(
                pilot=pilot,
                name=name[:200],
                defaults={"description": description, "position": position * 10},
            )
            created.append(
                DecisionRight.objects.create(
                    pilot=pilot,
                    kind=kind,
                    mode=mode,
                    reason="Default from the pilot's guardrails."
                    if position >= len(DEFAULT_KINDS)
                    else "Default register.",
                    changed_by=user,
                )
            )
    return created


def right_change(
    *,
    pilot: Pilot,
    kind: DecisionKind,
    workgroup: Workgroup | None,
    mode: str,
    person: Person | None,
    reason: str,
    user: Any,
) -> DecisionRight:
    """A new version of the right for the pilot or one workgroup; the earlier one stays readable."""
    errors = {}
    if mode not in Mode.values:
        errors["mode"] = f"Choose one of {', '.join(Mode.values)}."
    if not reason.strip():
        errors["reason"] = "Say why the right changes: it is kept in the right's history."
    if kind.pilot_id != pilot.pk:
        errors["kind"] = "This kind of decision belongs to another pilot."
    if workgroup is not None and workgroup.pilot_id != pilot.pk:
        errors["workgroup"] = "This workgroup belongs to another pilot."
    if mode in (Mode.CONSULT, Mode.PROPOSE) and person is None and workgroup is not None:
        if workgroup.coach_id is None:
            errors["person"] = "Name whom to consult or who approves: the workgroup has no coach."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        previous = (
            DecisionRight.objects.select_for_update()
            .filter(kind=kind, workgroup=workgroup, current=True)
            .first()
        )
        number = (
            DecisionRight.objects.filter(kind=kind, workgroup=workgroup).aggregate(m=Max("number"))[
                "m"
            ]
            or 0
        ) + 1
        if previous is not None:
            previous.current = False
            previous.save(update_fields=["current", "updated_at"])
        return DecisionRight.objects.create(
            pilot=pilot,
            kind=kind,
            workgroup=workgroup,
            mode=mode,
            person=person,
            number=number,
            reason=reason.strip(),
            changed_by=user,
        )


def decision_kind_create(
    *,
    pilot: Pilot,
    name: str,
    description: str,
    mode: str,
    person: Person | None,
    reason: str,
    user: Any,
) -> DecisionRight:
    """A new kind of decision in the register, with its pilot-wide right."""
    if not name.strip():
        raise ValidationError({"name": "Name the kind of decision."})
    if DecisionKind.objects.filter(pilot=pilot, name__iexact=name.strip()).exists():
        raise ValidationError({"name": "The register already has a kind with this name."})
    with transaction.atomic():
        last = pilot.decision_kinds.aggregate(m=Max("position"))["m"] or 0
        kind = DecisionKind.objects.create(
            pilot=pilot, name=name.strip(), description=description, position=last + 10
        )
        return right_change(
            pilot=pilot,
            kind=kind,
            workgroup=None,
            mode=mode,
            person=person,
            reason=reason,
            user=user,
        )


def decision_record(
    *,
    workgroup: Workgroup,
    kind: DecisionKind,
    what: str,
    taken_as: str,
    decided_by: Person,
    decided_on: dt.date,
    metric: Metric | None,
    user: Any,
) -> Decision:
    """Log a decision under the right in force; one taken outside it is recorded and flagged to the coach."""
    from workshift.leadership.selectors import right_in_force

    errors = {}
    if kind.pilot_id != workgroup.pilot_id:
        errors["kind"] = "This kind of decision belongs to another pilot."
    if taken_as not in Mode.values:
        errors["taken_as"] = f"Choose one of {', '.join(Mode.values)}."
    if metric is not None and metric.pilot_id != workgroup.pilot_id:
        errors["metric"] = "This metric belongs to another pilot."
    if not what.strip():
        errors["what"] = "Say what was decided."
    right = right_in_force(kind=kind, workgroup=workgroup) if not errors else None
    if right is None and not errors:
        errors["kind"] = "This kind of decision has no right in the register yet."
    if errors:
        raise ValidationError(errors)
    assert right is not None
    outside = is_outside_right(held=right.mode, taken=taken_as)
    with transaction.atomic():
        decision = Decision.objects.create(
            workgroup=workgroup,
            kind=kind,
            right=right,
            what=what.strip(),
            taken_as=taken_as,
            decided_by=decided_by,
            decided_on=decided_on,
            metric=metric,
            outside_right=outside,
            recorded_by=user,
        )
        if outside:
            _flag_to_coach(decision=decision, right=right)
    return decision


def _flag_to_coach(*, decision: Decision, right: DecisionRight) -> None:
    from django.urls import reverse

    from workshift.impact.models import Notification
    from workshift.impact.notifications import notify, users_at_level

    workgroup = decision.workgroup
    notify(
        users=users_at_level(workgroup=workgroup, level="coach"),
        kind=Notification.Kind.DECISION,
        title=f"Decision outside its right in {workgroup}: {decision.what}",
        body=(
            f"{decision.decided_by} recorded “{decision.what}” as "
            f"{decision.get_taken_as_display().lower()}; the right for "
            f"{decision.kind} is “{right.get_mode_display().lower()}”."
        ),
        url=reverse("leadership:decisions", args=[workgroup.pk]),
        pilot_id=workgroup.pilot_id,
        key=f"decision-outside:{decision.pk}",
    )


# ------------------------------------------------------------------ surges


def surge_create(
    *,
    pilot: Pilot,
    name: str,
    starts_on: dt.date,
    ends_on: dt.date,
    extra_hours: float,
    unit: OrgUnit | None,
    workgroup: Workgroup | None,
    skill: str,
    user: Any,
) -> Surge:
    errors = {}
    if ends_on < starts_on:
        errors["ends_on"] = "The surge ends before it starts."
    if extra_hours <= 0:
        errors["extra_hours"] = "Give the extra demand in hours a week (more than 0)."
    if (unit is None) == (workgroup is None):
        errors["unit"] = "Choose either the unit or the workgroup the surge hits."
    if workgroup is not None and workgroup.pilot_id != pilot.pk:
        errors["workgroup"] = "This workgroup belongs to another pilot."
    if not name.strip():
        errors["name"] = "Name the surge."
    if errors:
        raise ValidationError(errors)
    return Surge.objects.create(
        pilot=pilot,
        name=name.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        extra_hours=extra_hours,
        unit=unit,
        workgroup=workgroup,
        skill=skill.strip(),
        created_by=user,
    )


def surge_exception_record(
    *, surge: Surge, person: Person, hours: float, reason: str, user: Any
) -> SurgeException:
    """Let the surge use up to `hours` a week of one participant's freed time, with a reason."""
    errors = {}
    if hours <= 0:
        errors["hours"] = "Give the hours a week of freed time the surge may use (more than 0)."
    if not reason.strip():
        errors["reason"] = (
            "Say why the freed time may be used: it is shown to everyone in the pilot."
        )
    if errors:
        raise ValidationError(errors)
    exception, _ = SurgeException.objects.update_or_create(
        surge=surge,
        person=person,
        defaults={"hours": hours, "reason": reason.strip(), "recorded_by": user},
    )
    return exception
