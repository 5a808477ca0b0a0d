"""Phase 2, Create the conditions: workgroups and cells (more records join here)."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.urls import reverse

from workshift.conditions.formation_settings import FormationSettings
from workshift.core.models import TrackedModel


class Workgroup(TrackedModel):
    """3-15 people who work together on problems that cannot be specified in advance."""

    pilot = models.ForeignKey("pilots.Pilot", on_delete=models.CASCADE, related_name="workgroups")
    name = models.CharField(max_length=200)
    coach = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coached_workgroups",
    )
    members = models.ManyToManyField(
        "people.Person", through="WorkgroupMember", related_name="workgroups"
    )

    audit_pilot_field = "pilot"

    class Meta:
        ordering = ["pilot", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("impact:workgroup", args=[self.pk])


class WorkgroupMember(TrackedModel):
    workgroup = models.ForeignKey(Workgroup, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="workgroup_memberships"
    )

    audit_pilot_field = "workgroup__pilot"

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["workgroup", "person"], name="one_membership_per_workgroup"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.workgroup}"


class Cell(TrackedModel):
    """5-15 people drawn across workgroups for peer support and reflection."""

    pilot = models.ForeignKey("pilots.Pilot", on_delete=models.CASCADE, related_name="cells")
    name = models.CharField(max_length=200)
    members = models.ManyToManyField("people.Person", through="CellMember", related_name="cells")

    audit_pilot_field = "pilot"

    class Meta:
        ordering = ["pilot", "name"]

    def __str__(self) -> str:
        return self.name


class CellMember(TrackedModel):
    cell = models.ForeignKey(Cell, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="cell_memberships"
    )

    audit_pilot_field = "cell__pilot"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cell", "person"], name="one_membership_per_cell")
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.cell}"


# ---------------------------------------------------------------------------
# Freed capacity
# ---------------------------------------------------------------------------

FREED_TARGET_PERCENT = 75


class CapacityParticipant(TrackedModel):
    """A pilot participant whose working time must be freed (at least 75%)."""

    pilot = models.ForeignKey(
        "pilots.Pilot", on_delete=models.CASCADE, related_name="capacity_participants"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="capacity_participations"
    )
    exception_reason = models.TextField(
        blank=True,
        help_text="Why this person may start with less than 75% freed. Recorded and shown to everyone in the pilot.",
    )
    exception_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    exception_at = models.DateTimeField(null=True, blank=True)

    audit_pilot_field = "pilot"

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["pilot", "person"], name="one_capacity_row_per_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} (capacity)"


class CapacityReceiver(TrackedModel):
    """Someone who takes tasks over; their load before the pilot (% of their working time)."""

    pilot = models.ForeignKey(
        "pilots.Pilot", on_delete=models.CASCADE, related_name="capacity_receivers"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="capacity_receivings"
    )
    baseline_load = models.PositiveSmallIntegerField(
        default=85,
        help_text="How much of their working time is already taken, in % (100 = fully loaded).",
    )

    audit_pilot_field = "pilot"

    class Meta:
        ordering = ["person__last_name", "person__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "person"], name="one_receiver_row_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.baseline_load}% before)"


class CapacityMethod(models.TextChoices):
    SIMPLIFY = "simplify", "Simplify (stop doing it)"
    BUILD = "build", "Build (automate or streamline)"
    BORROW = "borrow", "Borrow (a colleague takes it over)"
    BUY = "buy", "Buy (hire or contract)"
    RELAX = "relax", "Relax a metric for the pilot"


class CapacityTask(TrackedModel):
    """One task a participant hands off, and how."""

    participant = models.ForeignKey(
        CapacityParticipant, on_delete=models.CASCADE, related_name="tasks"
    )
    name = models.CharField(max_length=200)
    share = models.PositiveSmallIntegerField(
        help_text="Share of the participant's working time, in %."
    )
    method = models.CharField(
        max_length=20, choices=CapacityMethod.choices, default=CapacityMethod.BORROW
    )
    receiver = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="received_tasks",
        help_text="Who takes the task over. Leave empty when the task stops.",
    )
    note = models.CharField(max_length=300, blank=True)

    audit_pilot_field = "participant__pilot"

    class Meta:
        ordering = ["participant", "-share", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.share}%)"

    @property
    def destination(self) -> str:
        """Where the work goes, in words."""
        return task_destination(
            method=self.method, receiver=self.receiver if self.receiver_id else None
        )


def task_destination(*, method: str, receiver: object | None) -> str:
    """Where a handed-off task goes, in words: its receiver, or what happens to it."""
    if receiver is not None:
        return str(receiver)
    destinations: dict[str, str] = {
        CapacityMethod.SIMPLIFY: "stops",
        CapacityMethod.BUILD: "automated",
        CapacityMethod.BUY: "bought in",
        CapacityMethod.RELAX: "metric relaxed",
    }
    return destinations.get(method, "nobody yet")


# ---------------------------------------------------------------------------
# Coaches
# ---------------------------------------------------------------------------


def checklist_part(verbose_name: str, help_text: str) -> tuple[Any, Any]:
    """One part of a coach's checklist: what was done (text) and when (date)."""
    return (
        models.TextField(blank=True, verbose_name=verbose_name, help_text=help_text),
        models.DateField(null=True, blank=True),
    )


class CoachChecklist(TrackedModel):
    """A frontline supervisor's shift to coach, in five parts, each with a date."""

    pilot = models.ForeignKey(
        "pilots.Pilot", on_delete=models.CASCADE, related_name="coach_checklists"
    )
    coach = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="coach_checklists"
    )
    expectations, expectations_date = checklist_part(
        "Expectations and vision",
        "What the coach now expects of the groups and how the pilot's vision was explained.",
    )
    performance, performance_date = checklist_part(
        "Performance: metrics relaxed",
        "Which usual metrics are relaxed for the coach during the pilot, and how; near-term incentives.",
    )
    development, development_date = checklist_part(
        "Development and training", "Training for coaching, and when."
    )
    focus, focus_date = checklist_part(
        "Focus", "What to point the groups at, from the metrics that matter."
    )
    support, support_date = checklist_part(
        "Ongoing support", "Who supports the coach, and how often they meet."
    )

    PARTS = ("expectations", "performance", "development", "focus", "support")

    audit_pilot_field = "pilot"

    class Meta:
        ordering = ["coach__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "coach"], name="one_checklist_per_coach")
        ]

    def __str__(self) -> str:
        return f"Coach checklist of {self.coach}"

    @property
    def parts_done(self) -> int:
        return sum(
            1
            for part in self.PARTS
            if getattr(self, part).strip() and getattr(self, f"{part}_date")
        )


class CoachingLogEntry(TrackedModel):
    pilot = models.ForeignKey("pilots.Pilot", on_delete=models.CASCADE, related_name="coaching_log")
    coach = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="coaching_log"
    )
    workgroup = models.ForeignKey(
        Workgroup, null=True, blank=True, on_delete=models.SET_NULL, related_name="coaching_log"
    )
    date = models.DateField()
    note = models.TextField()

    audit_pilot_field = "pilot"

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name_plural = "coaching log entries"

    def __str__(self) -> str:
        return f"{self.coach} on {self.date}"


# ---------------------------------------------------------------------------
# Volunteer call
# ---------------------------------------------------------------------------


class VolunteerCall(TrackedModel):
    """An open call for volunteers in the entry point, with a deadline."""

    pilot = models.ForeignKey(
        "pilots.Pilot", on_delete=models.CASCADE, related_name="volunteer_calls"
    )
    title = models.CharField(max_length=200)
    message = models.TextField(
        help_text="What the pilot is about and what volunteers can expect. Shown on the form."
    )
    places = models.PositiveSmallIntegerField(
        default=24, help_text="How many volunteers the pilot can take (15-60)."
    )
    deadline = models.DateField(help_text="The last day applications are accepted.")
    token = models.CharField(max_length=64, unique=True, editable=False)
    ask_attributes = models.JSONField(
        default=list,
        blank=True,
        help_text="Which diversity attributes applicants are asked about (keys of people's attributes).",
    )

    audit_pilot_field = "pilot"

    class Meta:
        ordering = ["-deadline"]

    def __str__(self) -> str:
        return self.title


class Application(TrackedModel):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", "Received"
        SELECTED = "selected", "Selected"
        NOT_SELECTED = "not_selected", "Not selected this time"

    call = models.ForeignKey(VolunteerCall, on_delete=models.CASCADE, related_name="applications")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="volunteer_applications"
    )
    why = models.TextField(verbose_name="Why this matters to me")
    problem = models.TextField(verbose_name="A problem or opportunity I would take on")
    availability = models.CharField(max_length=300, verbose_name="My availability")
    answers = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    decision_reason = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    audit_pilot_field = "call__pilot"

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "person"], name="one_application_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} → {self.call}"


# ---------------------------------------------------------------------------
# Formation of workgroups and cells
# ---------------------------------------------------------------------------


class FormationKind(models.TextChoices):
    WORKGROUPS = "workgroups", "Workgroups"
    CELLS = "cells", "Cells"


class Formation(TrackedModel):
    """The confirmed split of a pilot's people into workgroups (or cells); `version` guards confirmations."""

    pilot = models.ForeignKey("pilots.Pilot", on_delete=models.CASCADE, related_name="formations")
    kind = models.CharField(max_length=20, choices=FormationKind.choices)
    confirmed_run = models.ForeignKey(
        "FormationRun", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    group_ids = models.JSONField(default=list, blank=True)

    audit_pilot_field = "pilot"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pilot", "kind"], name="one_formation_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.pilot}"


class FormationRun(TrackedModel):
    """One run of the grouping engine: its settings, progress and result."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Could not form groups"

    pilot = models.ForeignKey(
        "pilots.Pilot", on_delete=models.CASCADE, related_name="formation_runs"
    )
    kind = models.CharField(max_length=20, choices=FormationKind.choices)
    settings = models.JSONField(default=dict)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(default=0.0)
    result = models.JSONField(default=dict, blank=True)
    error = models.TextField(blank=True)
    base_version = models.PositiveIntegerField(
        default=0, help_text="The formation's version when the run started."
    )
    created_by = models.ForeignKey(
        "accounts.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    audit_pilot_field = "pilot"

    class Meta:
        ordering = ["-created_at", "-id"]

    @property
    def formation_settings(self) -> FormationSettings:
        """The run's settings, read from their stored JSON."""
        return FormationSettings.from_json(self.settings)

    def __str__(self) -> str:
        return f"{self.get_kind_display()} run {self.pk} ({self.get_status_display()})"


# ---------------------------------------------------------------------------
# Expectations and guardrails
# ---------------------------------------------------------------------------


class Expectations(TrackedModel):
    """New expectations for a pilot (workgroup empty) or for one workgroup."""

    pilot = models.ForeignKey("pilots.Pilot", on_delete=models.CASCADE, related_name="expectations")
    workgroup = models.OneToOneField(
        Workgroup, null=True, blank=True, on_delete=models.CASCADE, related_name="expectations"
    )
    new_expectations = models.TextField(
        verbose_name="New expectations",
        help_text="The objective is new value, not task execution: say what that means here.",
    )
    may = models.JSONField(default=list, blank=True, verbose_name="Guardrails: may touch")
    may_not = models.JSONField(default=list, blank=True, verbose_name="Guardrails: may not touch")
    initial_problem = models.TextField(blank=True, help_text="A real problem to start with.")
    no_penalty = models.TextField(
        verbose_name="No-penalty statement",
        default="Good-faith participation in the pilot will never count against anyone, whatever the results.",
    )
    incentive_conflicts = models.TextField(
        blank=True,
        verbose_name="Acknowledged incentive conflicts",
        help_text="Where current incentives pull against the pilot, said openly.",
    )

    audit_pilot_field = "pilot"

    class Meta:
        ordering = ["pilot", "workgroup__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["pilot"],
                condition=models.Q(workgroup__isnull=True),
                name="one_pilot_expectations",
            )
        ]
        verbose_name_plural = "expectations"

    def __str__(self) -> str:
        return f"Expectations for {self.workgroup or self.pilot}"


class Acknowledgement(TrackedModel):
    expectations = models.ForeignKey(
        Expectations, on_delete=models.CASCADE, related_name="acknowledgements"
    )
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="acknowledgements"
    )
    acknowledged_on = models.DateField()
    acknowledged_version = models.PositiveIntegerField(default=1)

    audit_pilot_field = "expectations__pilot"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["expectations", "person"], name="one_ack_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} acknowledged {self.expectations}"


# ---------------------------------------------------------------------------
# Communities of practice
# ---------------------------------------------------------------------------


class Community(TrackedModel):
    pilot = models.ForeignKey("pilots.Pilot", on_delete=models.CASCADE, related_name="communities")
    name = models.CharField(max_length=200)
    topic = models.CharField(
        max_length=300, help_text="The domain or specialty its members trade know-how on."
    )
    members = models.ManyToManyField("people.Person", blank=True, related_name="communities")

    audit_pilot_field = "pilot"

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "communities"

    def __str__(self) -> str:
        return self.name
