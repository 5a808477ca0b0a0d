"""Playbook reads: a role's steps with their state and links, and each person's next step."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Q

from workshift.conditions.models import Workgroup
from workshift.engine.playbook import Progress, StepSpec, StepState, playbook_progress
from workshift.leadership.checks import pilot_facts
from workshift.leadership.links import link_url
from workshift.leadership.models import PlaybookStep
from workshift.pilots.models import Pilot, PilotRole

ROLE_FOR_PILOT_ROLE = {
    "administrator": PilotRole.LEAD,
    PilotRole.LEAD: PilotRole.LEAD,
    PilotRole.CHAMPION: PilotRole.CHAMPION,
    PilotRole.COACH: PilotRole.COACH,
    PilotRole.MEMBER: PilotRole.MEMBER,
    PilotRole.MANAGER: PilotRole.MANAGER,
}


@dataclass
class StepRow:
    step: PlaybookStep
    state: StepState
    url: str

    @property
    def check_label(self) -> str:
        from workshift.leadership.checks import CHECKS

        check = CHECKS.get(self.step.done_when)
        return check.label if check else ""


@dataclass
class PlaybookView:
    role: str
    version: Any
    progress: Progress
    rows: list[StepRow]

    @property
    def role_label(self) -> str:
        from workshift.leadership.models import PlaybookRole

        return str(dict(PlaybookRole.choices).get(self.role, self.role)).lower()

    @property
    def next_row(self) -> StepRow | None:
        return next((r for r in self.rows if not r.state.done), None)

    def stages(self) -> list[tuple[str, str, list[StepRow]]]:
        from workshift.leadership.models import Stage

        return [
            (value, label, [r for r in self.rows if r.step.stage == value])
            for value, label in Stage.choices
        ]


def viewer_workgroup_id(*, user: Any, pilot: Pilot) -> int | None:
    """The viewer's own workgroup in the pilot: one they coach or belong to, else the pilot's first."""
    workgroups = Workgroup.objects.filter(pilot=pilot).order_by("name", "pk")
    if user is None:  # an export from the command line: the pilot's first workgroup
        return workgroups.values_list("pk", flat=True).first()
    person_id = getattr(user, "person_id", None)
    if person_id:
        own = workgroups.filter(Q(coach_id=person_id) | Q(memberships__person_id=person_id))
        found = own.values_list("pk", flat=True).first()
        if found:
            return found
    from workshift.pilots.access import can_edit_pilot

    if can_edit_pilot(user=user, pilot=pilot):
        return workgroups.values_list("pk", flat=True).first()
    return None


def playbook_view(*, pilot: Pilot, role: str, user: Any) -> PlaybookView:
    """One role's playbook in the pilot, each step with its state and the link to its page."""
    from workshift.leadership.services.playbooks import pilot_playbook_pin

    pinned = pilot_playbook_pin(pilot=pilot)
    steps = list(pinned.playbook.steps.filter(role=role, retired=False))
    ticked = set(pilot.step_ticks.values_list("key", flat=True))
    facts = pilot_facts(pilot=pilot, keys=[s.done_when for s in steps if s.done_when])
    specs = {
        s.key: StepSpec(
            key=s.key,
            role=s.role,
            stage=s.stage,
            position=s.position,
            title=s.title,
            check=s.done_when,
        )
        for s in steps
    }
    progress = playbook_progress(steps=list(specs.values()), facts=facts, ticked=ticked)
    by_key = {s.key: s for s in steps}
    workgroup_id = viewer_workgroup_id(user=user, pilot=pilot)
    rows = [
        StepRow(
            step=by_key[state.spec.key],
            state=state,
            url=link_url(
                key=by_key[state.spec.key].link, pilot_id=pilot.pk, workgroup_id=workgroup_id
            ),
        )
        for state in progress.steps
    ]
    return PlaybookView(role=role, version=pinned.playbook, progress=progress, rows=rows)


def viewer_playbook_role(*, user: Any, pilot: Pilot) -> str | None:
    from workshift.pilots.access import pilot_role

    role = pilot_role(user=user, pilot=pilot)
    return ROLE_FOR_PILOT_ROLE.get(role) if role else None


@dataclass
class NextStep:
    pilot: Pilot
    view: PlaybookView
    row: StepRow | None


def next_steps_for_user(*, user: Any) -> list[NextStep]:
    """For each pilot the user takes part in (closed ones aside), their next playbook step."""
    from workshift.pilots.selectors import pilots_visible_to

    found = []
    for pilot in pilots_visible_to(user=user).exclude(status=Pilot.Status.CLOSED)[:10]:
        role = viewer_playbook_role(user=user, pilot=pilot)
        if role is None:
            continue
        view = playbook_view(pilot=pilot, role=role, user=user)
        found.append(NextStep(pilot=pilot, view=view, row=view.next_row))
    return found
