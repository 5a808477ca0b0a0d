"""Scalable leadership: playbooks per role and stage, decision rights, the decision log, surges."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from workshift.core.models import TrackedModel


class Stage(models.TextChoices):
    RECOGNIZE = "recognize", "Recognize the opportunity"
    CREATE = "create", "Create the conditions"
    ACT = "act", "Act for impact"
    SCALE = "scale", "Scale"


class PlaybookRole(models.TextChoices):
    LEAD = "lead", "Program lead"
    CHAMPION = "champion", "Champion"
    COACH = "coach", "Coach"
    MEMBER = "member", "Workgroup member"
    MANAGER = "manager", "Manager"


class PlaybookVersion(TrackedModel):
    """One version of the organization's default playbooks; at most one draft is open at a time."""

    number = models.PositiveIntegerField(null=True, blank=True, unique=True)
    note = models.CharField(
        max_length=300, blank=True, help_text="What changed in this version, in a sentence."
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-number"]

    def __str__(self) -> str:
        return f"Playbooks version {self.number}" if self.number else "Playbooks draft"

    @property
    def is_draft(self) -> bool:
        return self.number is None


class PlaybookStep(TrackedModel):
    """One step of one role's playbook in one stage."""

    playbook = models.ForeignKey(PlaybookVersion, on_delete=models.CASCADE, related_name="steps")
    key = models.SlugField(
        max_length=60, help_text="Stable across versions: ticks by hand follow the key."
    )
    role = models.CharField(max_length=20, choices=PlaybookRole.choices)
    stage = models.CharField(max_length=20, choices=Stage.choices)
    position = models.PositiveSmallIntegerField(default=100)
    title = models.CharField(max_length=200)
    purpose = models.TextField(help_text="What the step is for, in a sentence or two.")
    minutes = models.PositiveIntegerField(
        default=30, verbose_name="Usual duration (minutes)", help_text="How long it usually takes."
    )
    link = models.CharField(
        max_length=40, help_text="The page where the step is done (from the list of pages)."
    )
    done_when = models.CharField(
        max_length=40,
        blank=True,
        help_text="The pilot data that shows the step is done; leave empty to tick it by hand.",
    )
    retired = models.BooleanField(default=False)

    class Meta:
        ordering = ["playbook", "role", "stage", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["playbook", "key"], name="one_step_key_per_version")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def duration(self) -> str:
        if self.minutes < 60:
            return f"{self.minutes} min"
        hours, rest = divmod(self.minutes, 60)
        return f"{hours} h {rest} min" if rest else f"{hours} h"


class PilotPlaybook(TrackedModel):
    """Which playbook version a pilot follows: the one it started with, until the lead moves it on."""

    pilot = models.OneToOneField("pilots.Pilot", on_delete=models.CASCADE, related_name="playbook")
    playbook = models.ForeignKey(PlaybookVersion, on_delete=models.PROTECT, related_name="pilots")

    audit_pilot_field = "pilot"

    def __str__(self) -> str:
        return f"{self.pilot} follows {self.playbook}"


class StepTick(TrackedModel):
    """A step ticked by hand in one pilot."""

    pilot = models.ForeignKey("pilots.Pilot", on_delete=models.CASCADE, related_name="step_ticks")
    key = models.SlugField(max_length=60)
    ticked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    audit_pilot_field = "pilot"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pilot", "key"], name="one_tick_per_step")]

    def __str__(self) -> str:
        return f"{self.key} ticked in {self.pilot}"


# ---------------------------------------------------------------------------
# Decision rights
# ---------------------------------------------------------------------------


class Mode(models.TextChoices):
    ALONE = "alone", "Decide alone"
    CONSULT = "consult", "Decide after consulting"
    PROPOSE = "propose", "Propose to an approver"
    ESCALATE = "escalate", "Escalate"


class DecisionKind(TrackedModel):
    """A kind of decision in a pilot's register, e.g. change the order of work."""

    pilot = models.ForeignKey(
        "pilots.Pilot", on_delete=models.CASCADE, related_name="decision_kinds"
    )
    name = models.CharField(max_length=200)
    description = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=100)

    audit_pilot_field = "pilot"

    class Meta:
        ordering = ["pilot", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "name"], name="one_decision_kind_name")
        ]

    def __str__(self) -> str:
        return self.name


class DecisionRight(TrackedModel):
    """Who holds one kind of decision, for the pilot (no workgroup) or one workgroup.

    Rights are never edited in place: a change writes a new row with the next
    `number` and marks the previous one superseded, so every earlier version
    stays readable with who changed it and why.
    """

    pilot = models.ForeignKey(
        "pilots.Pilot", on_delete=models.CASCADE, related_name="decision_rights"
    )
    workgroup = models.ForeignKey(
        "conditions.Workgroup",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="decision_rights",
    )
    kind = models.ForeignKey(DecisionKind, on_delete=models.CASCADE, related_name="rights")
    mode = models.CharField(max_length=20, choices=Mode.choices)
    person = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Named person",
        help_text="Whom to consult, or who approves. Empty: the workgroup's coach.",
    )
    number = models.PositiveIntegerField(default=1)
    current = models.BooleanField(default=True)
    reason = models.TextField(help_text="Why the right is set this way. Shown in its history.")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    audit_pilot_field = "pilot"

    class Meta:
        ordering = ["kind__position", "kind__name", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "workgroup", "number"], name="one_right_version_number"
            ),
            models.UniqueConstraint(
                fields=["kind", "workgroup"],
                condition=models.Q(current=True),
                name="one_current_right",
            ),
        ]

    def __str__(self) -> str:
        where = self.workgroup or "the pilot"
        return f"{self.kind} for {where}: {self.get_mode_display()} (v{self.number})"


class Decision(TrackedModel):
    """One decision in a workgroup's log: what, by whom, under which right, what it should move."""

    workgroup = models.ForeignKey(
        "conditions.Workgroup", on_delete=models.CASCADE, related_name="decisions"
    )
    kind = models.ForeignKey(DecisionKind, on_delete=models.PROTECT, related_name="decisions")
    right = models.ForeignKey(
        DecisionRight,
        on_delete=models.PROTECT,
        related_name="decisions",
        help_text="The version of the right in force when the decision was taken.",
    )
    what = models.CharField(max_length=300, verbose_name="What was decided")
    taken_as = models.CharField(
        max_length=20, choices=Mode.choices, verbose_name="How it was taken"
    )
    decided_by = models.ForeignKey(
        "people.Person", on_delete=models.PROTECT, related_name="+", verbose_name="Decided by"
    )
    decided_on = models.DateField()
    metric = models.ForeignKey(
        "pilots.Metric",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Outcome measure it should move",
    )
    outside_right = models.BooleanField(default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    audit_pilot_field = "workgroup__pilot"

    class Meta:
        ordering = ["-decided_on", "-id"]
        indexes = [models.Index(fields=["workgroup", "decided_on"])]

    def __str__(self) -> str:
        return self.what


# ---------------------------------------------------------------------------
# Surges
# ---------------------------------------------------------------------------


class Surge(TrackedModel):
    """A surge in demand a lead declares ahead of time: a period and extra hours a week."""

    pilot = models.ForeignKey("pilots.Pilot", on_delete=models.CASCADE, related_name="surges")
    name = models.CharField(max_length=200, help_text="e.g. Year-end collections peak.")
    starts_on = models.DateField()
    ends_on = models.DateField()
    extra_hours = models.FloatField(
        verbose_name="Extra demand (hours a week)",
        help_text="How many more hours of work a week the surge brings.",
    )
    unit = models.ForeignKey(
        "people.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The unit the surge hits (or choose a workgroup).",
    )
    workgroup = models.ForeignKey(
        "conditions.Workgroup",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="surges",
        help_text="The workgroup the surge hits (or choose a unit).",
    )
    skill = models.CharField(
        max_length=100, blank=True, help_text="The skill the work needs; empty for anyone."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    audit_pilot_field = "pilot"

    class Meta:
        ordering = ["starts_on", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def scope_label(self) -> str:
        return str(self.workgroup or self.unit or "")


class SurgeException(TrackedModel):
    """A recorded exception: the surge may use some of a participant's freed pilot time."""

    surge = models.ForeignKey(Surge, on_delete=models.CASCADE, related_name="exceptions")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    hours = models.FloatField(help_text="Hours a week of freed time the surge may use.")
    reason = models.TextField()
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    audit_pilot_field = "surge__pilot"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["surge", "person"], name="one_exception_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person}: {self.hours:g} h of freed time for {self.surge}"
