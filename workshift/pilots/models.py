"""Phase 1, Recognize the opportunity: the pilot and who takes part in it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from workshift.core.models import TrackedModel


class Pilot(TrackedModel):
    """The root record: every later record belongs to one pilot."""

    class Status(models.TextChoices):
        EXPLORING = "exploring", "Exploring"
        PREPARING = "preparing", "Preparing"
        RUNNING = "running", "Running"
        REVIEWING = "reviewing", "Reviewing"
        CLOSED = "closed", "Closed"

    name = models.CharField(max_length=200)
    vision_value = models.TextField(
        blank=True,
        verbose_name="From efficiency to value",
        help_text="What new value the pilot aims to create, beyond efficiency and cost savings.",
    )
    vision_focus = models.TextField(
        blank=True,
        verbose_name="From routine tasks to unseen problems and opportunities",
        help_text="What people will look for once routine work is taken off their plate.",
    )
    vision_capabilities = models.TextField(
        blank=True,
        verbose_name="From specific skills to enduring capabilities",
        help_text="Which human capabilities (curiosity, imagination, empathy...) the pilot will grow.",
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.EXPLORING)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    entry_unit = models.ForeignKey(
        "people.OrgUnit", null=True, blank=True, on_delete=models.SET_NULL, related_name="pilots",
        help_text="The entry point: the part of the organization where the pilot runs.",
    )

    audit_pilot_field = "self"

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("pilots:detail", args=[self.pk])


class PilotRole(models.TextChoices):
    LEAD = "lead", "Program lead"
    CHAMPION = "champion", "Champion"
    COACH = "coach", "Coach"
    MEMBER = "member", "Workgroup member"
    MANAGER = "manager", "Manager"


class PilotMember(TrackedModel):
    """A user's role in one pilot; it decides what they see and change there."""

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pilot_memberships")
    role = models.CharField(max_length=20, choices=PilotRole.choices)

    audit_pilot_field = "pilot"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["pilot", "user"], name="one_role_per_pilot")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} in {self.pilot}"


class Metric(TrackedModel):
    """A metric that matters: a tree from a business metric down to frontline metrics."""

    class Level(models.TextChoices):
        BUSINESS = "business", "Key business metric"
        OPERATING = "operating", "Operating metric"
        FRONTLINE = "frontline", "Frontline metric"

    class Direction(models.TextChoices):
        UP = "up", "Up is good"
        DOWN = "down", "Down is good"

    class Cadence(models.TextChoices):
        DAILY = "daily", "Daily"
        WEEKLY = "weekly", "Weekly"
        MONTHLY = "monthly", "Monthly"

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="metrics")
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.CASCADE, related_name="children")
    level = models.CharField(max_length=20, choices=Level.choices)
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=40, help_text="e.g. %, days, EUR, count")
    direction = models.CharField(max_length=10, choices=Direction.choices)
    cadence = models.CharField(max_length=10, choices=Cadence.choices)
    baseline = models.FloatField(null=True, blank=True)
    target = models.FloatField(null=True, blank=True)
    owner = models.ForeignKey("people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    data_source = models.CharField(max_length=200, blank=True)

    audit_pilot_field = "pilot"

    class Meta:
        ordering = ["pilot", "level", "name"]

    def __str__(self) -> str:
        return self.name
