"""Who may see what in insights. Views and endpoints never filter by hand.

Champions, program leads and administrators see everything of a pilot;
coaches, members and managers see the pilot-wide view and their own groups;
people outside the pilot get 404.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from workshift.conditions.access import workgroups_visible_to
from workshift.conditions.models import Workgroup
from workshift.insights.models import PilotReport, PulseRound, Story
from workshift.pilots.access import pilot_for_user, pilot_role
from workshift.pilots.models import Pilot, PilotRole

OVERSEER_ROLES = ("administrator", PilotRole.LEAD, PilotRole.CHAMPION)


def sees_everything(*, user: Any, pilot: Pilot) -> bool:
    return pilot_role(user=user, pilot=pilot) in OVERSEER_ROLES


def insights_pilot_for_user(*, user: Any, pk: int, overseer: bool = False) -> Pilot:
    """The pilot for an insights page (404 outside it); with `overseer`, 403 unless lead, champion or administrator."""
    pilot = pilot_for_user(user=user, pk=pk)
    if overseer and pilot.viewer_role not in OVERSEER_ROLES:
        raise PermissionDenied("Only the pilot's champion and program lead can open this.")
    return pilot


def pilot_workgroups_visible_to(*, user: Any, pilot: Pilot) -> QuerySet[Workgroup]:
    if sees_everything(user=user, pilot=pilot):
        return Workgroup.objects.filter(pilot=pilot)
    return workgroups_visible_to(user=user).filter(pilot=pilot)


def pulse_round_for_user(*, user: Any, pk: int) -> PulseRound:
    pulse_round = PulseRound.objects.filter(pk=pk).select_related("pilot").first()
    if pulse_round is None:
        raise Http404("No such pulse round.")
    pulse_round.pilot = insights_pilot_for_user(user=user, pk=pulse_round.pilot_id)
    return pulse_round


def stories_visible_to(*, user: Any, pilot: Pilot) -> QuerySet[Story]:
    """Shared stories for everyone in the pilot; overseers, authors and people involved also see unshared ones."""
    stories = Story.objects.with_sharing().filter(pilot=pilot)
    if pilot_role(user=user, pilot=pilot) is None:
        return stories.none()
    if sees_everything(user=user, pilot=pilot):
        return stories
    own = Q(pk__in=[])
    if user.person_id:
        own = Q(author_id=user.person_id) | Q(involved__person_id=user.person_id)
    return stories.filter(Q(shared=True) | own).distinct()


def story_for_user(*, user: Any, pk: int) -> Story:
    story = Story.objects.filter(pk=pk).select_related("pilot").first()
    if story is None:
        raise Http404("No such story.")
    pilot = insights_pilot_for_user(user=user, pk=story.pilot_id)
    story = (
        stories_visible_to(user=user, pilot=pilot)
        .filter(pk=pk)
        .select_related("author", "workgroup")
        .first()
    )
    if story is None:
        raise Http404("No such story.")
    story.pilot = pilot
    return story


def report_for_user(*, user: Any, pk: int) -> PilotReport:
    report = PilotReport.objects.filter(pk=pk).first()
    if report is None:
        raise Http404("No such report.")
    report.pilot = insights_pilot_for_user(user=user, pk=report.pilot_id, overseer=True)
    return report


def may_import_collaboration(*, user: Any) -> bool:
    return bool(user.is_authenticated and (user.is_administrator or user.can_manage_people))
