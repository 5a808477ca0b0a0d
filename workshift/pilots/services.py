"""Pilot services: each change is one transaction, audited through TrackedModel."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from workshift.core.concurrency import versioned_save
from workshift.core.models import TrackedModel
from workshift.engine.scoring import WEIGHT_LIMIT, merged_weights
from workshift.pilots import selectors
from workshift.pilots.models import (
    CatalystAssessment,
    Champion,
    EntryCandidate,
    Metric,
    Pilot,
    PilotMember,
    PilotRole,
)

# Later phases register checks that a status change must pass (dependencies point one way:
# the conditions app registers "every participant has 75% freed capacity" for "running").
# A guard returns a list of plain-words reasons that block the change (empty list: allowed).
StatusGuard = Callable[[Pilot, str], list[str]]
STATUS_GUARDS: list[StatusGuard] = []


def register_status_guard(guard: StatusGuard) -> StatusGuard:
    if guard not in STATUS_GUARDS:
        STATUS_GUARDS.append(guard)
    return guard


def pilot_status_blockers(*, pilot: Pilot, status: str) -> list[str]:
    """Why the pilot cannot move to `status` now (empty when it can)."""
    reasons: list[str] = []
    for guard in STATUS_GUARDS:
        reasons.extend(guard(pilot, status))
    return reasons


class StatusChangeBlocked(Exception):
    def __init__(self, reasons: list[str]) -> None:
        self.reasons = reasons
        super().__init__("; ".join(reasons))


def pilot_set_status(*, pilot: Pilot, status: str, user: Any = None) -> Pilot:
    if status not in Pilot.Status.values:
        raise ValueError(f"Unknown status {status!r}")
    reasons = pilot_status_blockers(pilot=pilot, status=status)
    if reasons:
        raise StatusChangeBlocked(reasons)
    pilot.status = status
    pilot.save()
    return pilot


def pilot_create(*, user: Any, name: str, **fields: Any) -> Pilot:
    """A new pilot in status 'exploring'; its creator becomes its program lead."""
    with transaction.atomic():
        pilot = Pilot(name=name, status=Pilot.Status.EXPLORING, **fields)
        pilot.full_clean()
        pilot.save()
        PilotMember.objects.create(pilot=pilot, user=user, role=PilotRole.LEAD)
    return pilot


def record_save(
    *, instance: Any, data: Mapping[str, Any], expected_version: int | None = None
) -> Any:
    """Apply `data` to a record, validate it like a form would, and save it (refusing stale edits)."""
    for key, value in data.items():
        setattr(instance, key, value)
    instance.full_clean()
    return versioned_save(record=instance, expected_version=expected_version)


def pilot_member_add(*, pilot: Pilot, user: Any, role: str) -> PilotMember:
    if role not in PilotRole.values:
        raise ValidationError({"role": f"Unknown role {role!r}."})
    if PilotMember.objects.filter(pilot=pilot, user=user).exists():
        raise ValidationError(
            {"user": f"{user.get_full_name() or user.username} already takes part in this pilot."}
        )
    return PilotMember.objects.create(pilot=pilot, user=user, role=role)


def pilot_member_remove(*, member: PilotMember) -> None:
    with transaction.atomic():
        leads = PilotMember.objects.select_for_update().filter(
            pilot_id=member.pilot_id, role=PilotRole.LEAD
        )
        if member.role == PilotRole.LEAD and leads.count() <= 1:
            raise ValidationError(
                "A pilot needs a program lead: add another lead before removing this one."
            )
        member.delete()


def entry_weights_set(*, pilot: Pilot, weights: Mapping[str, float]) -> Pilot:
    for key, value in weights.items():
        if abs(float(value)) > WEIGHT_LIMIT:
            raise ValidationError({key: f"Weights go from -{WEIGHT_LIMIT:g} to {WEIGHT_LIMIT:g}."})
    pilot.entry_weights = {k: float(v) for k, v in merged_weights(overrides=weights).items()}
    pilot.save(update_fields=["entry_weights", "updated_at"])
    return pilot


def candidate_delete(*, candidate: EntryCandidate) -> None:
    candidate.delete()


def entry_weights_reset(*, pilot: Pilot) -> Pilot:
    """Back to the default weights of the entry-point score."""
    pilot.entry_weights = {}
    pilot.save(update_fields=["entry_weights", "updated_at"])
    return pilot


def candidate_choose(*, candidate: EntryCandidate, user: Any, reason: str) -> EntryCandidate:
    """Make this candidate the pilot's entry point: who chose it, when and why."""
    if not reason.strip():
        raise ValidationError(
            {
                "reason": "Say why this entry point: the choice is recorded for everyone who joins later."
            }
        )
    with transaction.atomic():
        for other in EntryCandidate.objects.filter(
            pilot_id=candidate.pilot_id, chosen_at__isnull=False
        ).exclude(pk=candidate.pk):
            other.chosen_at, other.chosen_by, other.chosen_reason = None, None, ""
            other.save()
        candidate.chosen_at = timezone.now()
        candidate.chosen_by = user
        candidate.chosen_reason = reason.strip()
        candidate.save()
        pilot = candidate.pilot
        pilot.entry_unit = candidate.unit
        pilot.save()
    return candidate


def metric_delete(*, metric: Metric) -> int:
    """Delete a metric and everything below it; returns how many metrics were removed."""
    with transaction.atomic():
        count = 1 + len(selectors.metric_descendant_ids(metric=metric))
        metric.delete()
    return count


def pilot_save(*, record: Pilot, expected_version: int | None) -> Pilot:
    """Save the pilot's own fields (its status changes through pilot_set_status)."""
    return versioned_save(record=record, expected_version=expected_version)


def candidate_save(*, record: EntryCandidate, expected_version: int | None) -> EntryCandidate:
    """Save an entry-point candidate and its ratings."""
    return versioned_save(record=record, expected_version=expected_version)


def metric_save(*, record: Metric, expected_version: int | None) -> Metric:
    """Save a metric that matters."""
    return versioned_save(record=record, expected_version=expected_version)


def assessment_save(*, record: TrackedModel, expected_version: int | None) -> TrackedModel:
    """Save the pilot's catalyst or champion assessment."""
    return versioned_save(record=record, expected_version=expected_version)


class WarningChanged(Exception):
    """The warning's text is no longer the one the user read: nothing is acknowledged."""

    def __init__(self, *, key: str) -> None:
        self.key = key
        super().__init__("This warning changed since you read it; read it again.")


def champion_warning_acknowledge(
    *, champion: Champion, key: str, user: Any, message: str | None = None
) -> Champion:
    """Record that `user` read the champion's warning `key` and goes on: who, when and the text
    they read. The warning stays, marked acknowledged; a changed warning needs a new one.

    `message` is the warning's text as the user read it: when it is given and is no longer the
    warning's text (someone changed the champion meanwhile), WarningChanged, and nothing is saved.
    """
    warning = next((w for w in champion.assessment().items if w.key == key), None)
    if warning is None:
        raise ValidationError({"key": "There is no such warning about the champion now."})
    if message is not None and message.strip() != warning.message.strip():
        raise WarningChanged(key=key)
    champion.acknowledgements = {
        **champion.acknowledgements,
        key: {
            "message": warning.message,
            "person_id": champion.person_id,
            "by": user.get_full_name() or user.username,
            "by_id": user.pk,
            "at": timezone.now().isoformat(),
        },
    }
    return versioned_save(record=champion, expected_version=None)


def catalyst_proceed(*, catalyst: CatalystAssessment, user: Any, reason: str) -> CatalystAssessment:
    """Go on with a weak catalyst: the reason, who gave it and when, for everyone who joins later."""
    if not reason.strip():
        raise ValidationError(
            {"reason": "Say why the pilot goes on with a weak catalyst: the reason is recorded."}
        )
    if catalyst.verdict().verdict != "weak":
        raise ValidationError(
            {"reason": "Only a weak catalyst needs a reason to proceed: this one is not weak."}
        )
    catalyst.proceed_reason = reason.strip()
    catalyst.proceed_by = user
    catalyst.proceed_at = timezone.now()
    catalyst.proceed_for = catalyst.verdict_inputs()
    return versioned_save(record=catalyst, expected_version=None)
