"""Decision-right services: the register, versioned changes, the decision log."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from workshift.conditions.models import Workgroup
from workshift.engine.decisions import is_outside_right
from workshift.leadership.models import (
    Decision,
    DecisionKind,
    DecisionRight,
    Mode,
)
from workshift.people.models import Person
from workshift.pilots.models import Metric, Pilot

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
        return list(
            pilot.decision_rights.filter(workgroup__isnull=True, current=True).select_related(
                "kind", "changed_by"
            )
        )
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
    from workshift.leadership.selectors.rights import right_in_force

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
