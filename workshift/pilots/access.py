"""Who may see and change a pilot. Every pilot page goes through here.

Roles in a pilot: the program lead and the champion change its Recognize records;
coaches and managers read them; workgroup members see the vision and the metrics
only (not the catalyst notes, the champion's commitments or the entry-point
ratings); everyone else gets a 404, as if the pilot did not exist.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from workshift.pilots.models import (
    CatalystAssessment,
    Champion,
    EntryCandidate,
    Metric,
    Pilot,
    PilotMember,
    PilotRole,
)

EDITOR_ROLES = (PilotRole.LEAD, PilotRole.CHAMPION)


def pilot_role(*, user: Any, pilot: Pilot) -> str | None:
    """The user's role in the pilot ('administrator' for administrators), or None."""
    if not user.is_authenticated:
        return None
    if user.is_administrator:
        return "administrator"
    cache = getattr(user, "_pilot_roles", None)
    if cache is None:
        cache = dict(PilotMember.objects.filter(user=user).values_list("pilot_id", "role"))
        user._pilot_roles = cache
    return cache.get(pilot.pk)


def can_edit_pilot(*, user: Any, pilot: Pilot) -> bool:
    role = pilot_role(user=user, pilot=pilot)
    return role == "administrator" or role in EDITOR_ROLES


def can_see_assessment(*, user: Any, pilot: Pilot) -> bool:
    """Catalyst, champion and entry-point ratings: everyone in the pilot but workgroup members."""
    role = pilot_role(user=user, pilot=pilot)
    return role is not None and role != PilotRole.MEMBER


def pilot_for_user(*, user: Any, pk: int, edit: bool = False) -> Pilot:
    """The pilot if the user takes part in it (404 otherwise); 403 if `edit` and they may not."""
    pilot = Pilot.objects.filter(pk=pk).select_related("entry_unit").first()
    if pilot is None:
        raise Http404("No such pilot.")
    role = pilot_role(user=user, pilot=pilot)
    if role is None:
        raise Http404("No such pilot.")
    if edit and not can_edit_pilot(user=user, pilot=pilot):
        raise PermissionDenied("Only the pilot's program lead and champion can change this.")
    pilot.viewer_role = role
    pilot.viewer_can_edit = can_edit_pilot(user=user, pilot=pilot)
    pilot.viewer_sees_assessment = can_see_assessment(user=user, pilot=pilot)
    return pilot


def pilot_assessment_for_user(*, user: Any, pk: int, edit: bool = False) -> Pilot:
    """The pilot for the catalyst, champion and entry-point pages: 403 for workgroup members."""
    pilot = pilot_for_user(user=user, pk=pk, edit=edit)
    if not pilot.viewer_sees_assessment:
        raise PermissionDenied(
            "Workgroup members see the pilot's vision and metrics; the assessment is for the program team."
        )
    return pilot


# the pilot's one catalyst and one champion: the model, what to load with it, and the 404 message
ASSESSMENT_RECORDS: dict[str, tuple[Any, tuple[str, ...], str]] = {
    "catalyst": (CatalystAssessment, (), "The catalyst is not assessed yet."),
    "champion": (Champion, ("person",), "No champion named yet."),
}


def assessment_record_for_user(
    *, user: Any, pk: int, kind: str, edit: bool = False
) -> tuple[Pilot, Any]:
    """The pilot (as `pilot_assessment_for_user`) and its catalyst or champion; 404 when the
    pilot has none yet."""
    pilot = pilot_assessment_for_user(user=user, pk=pk, edit=edit)
    model, related, missing = ASSESSMENT_RECORDS[kind]
    record = model.objects.filter(pilot=pilot).select_related(*related).first()
    if record is None:
        raise Http404(missing)
    return pilot, record


def _pilot_record(*, pilot: Pilot, queryset: Any, pk: int, missing: str) -> Any:
    record = queryset.filter(pilot=pilot, pk=pk).first()
    if record is None:
        raise Http404(missing)
    record.pilot = pilot
    return record


def candidate_for_user(*, user: Any, pilot_pk: int, pk: int, edit: bool = False) -> EntryCandidate:
    pilot = pilot_assessment_for_user(user=user, pk=pilot_pk, edit=edit)
    queryset = EntryCandidate.objects.select_related("unit", "chosen_by")
    return _pilot_record(  # type: ignore[no-any-return]
        pilot=pilot, queryset=queryset, pk=pk, missing="No such entry-point candidate."
    )


def metric_for_user(*, user: Any, pilot_pk: int, pk: int, edit: bool = False) -> Metric:
    pilot = pilot_for_user(user=user, pk=pilot_pk, edit=edit)
    queryset = Metric.objects.select_related("parent", "owner")
    return _pilot_record(pilot=pilot, queryset=queryset, pk=pk, missing="No such metric.")  # type: ignore[no-any-return]
