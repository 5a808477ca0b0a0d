"""Phase 3, Act for impact: the records a workgroup and its coach keep during the week."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse

from workshift.core.models import TrackedModel


def acting_user() -> models.ForeignKey[Any, Any]:
    """Who did it: the user behind a record, kept as empty when that account is deleted."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )


WG_PILOT = "workgroup__pilot"


class WorkgroupCharter(TrackedModel):
    """What a workgroup commits to: its shared outcome and its powerful question."""

    workgroup = models.OneToOneField(
        "conditions.Workgroup", on_delete=models.CASCADE, related_name="charter"
    )
    shared_outcome = models.TextField(
        blank=True,
        help_text="A north star the whole group commits to: related to a metric that matters, but not the metric itself "
        "(e.g. “customers who fall behind stay with us and come out stronger”).",
    )
    metric = models.ForeignKey(
        "pilots.Metric",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Metric that matters",
        help_text="The metric this outcome moves.",
    )
    powerful_question = models.TextField(
        blank=True,
        help_text="An open question that invites new answers (“How might we…?”), not a task with a known solution.",
    )
    reflection_every_days = models.PositiveSmallIntegerField(
        default=7,
        verbose_name="Reflect at least every (days)",
        help_text="The group's reflection cadence: a reminder goes out when no reflection is written within this time.",
    )

    audit_pilot_field = WG_PILOT

    def __str__(self) -> str:
        return f"Charter of {self.workgroup}"


class Practice(TrackedModel):
    """A business practice: how work actually gets done (unlike a predefined process)."""

    pilot = models.ForeignKey(
        "pilots.Pilot",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="practices",
        help_text="Empty for the practices every pilot starts with.",
    )
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    starter = models.BooleanField(
        default=False, help_text="Suggested as one of the first three practices to adopt."
    )
    position = models.PositiveSmallIntegerField(default=100)

    audit_pilot_field = "pilot"

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class AdoptedPractice(TrackedModel):
    """A workgroup's own version of a practice."""

    workgroup = models.ForeignKey(
        "conditions.Workgroup", on_delete=models.CASCADE, related_name="adopted_practices"
    )
    practice = models.ForeignKey(Practice, on_delete=models.PROTECT, related_name="adoptions")
    our_version = models.TextField(
        blank=True,
        verbose_name="Our version",
        help_text="How this group does it, in its own words.",
    )

    audit_pilot_field = WG_PILOT

    class Meta:
        ordering = ["practice__position", "practice__name"]
        constraints = [
            models.UniqueConstraint(fields=["workgroup", "practice"], name="adopt_practice_once")
        ]

    def __str__(self) -> str:
        return f"{self.practice} in {self.workgroup}"


class PracticeUse(TrackedModel):
    """One time the group used a practice."""

    adopted = models.ForeignKey(AdoptedPractice, on_delete=models.CASCADE, related_name="uses")
    used_on = models.DateField(default=dt.date.today)
    note = models.CharField(max_length=300, blank=True)
    by = acting_user()

    audit_pilot_field = "adopted__workgroup__pilot"

    class Meta:
        ordering = ["-used_on", "-id"]

    def __str__(self) -> str:
        return f"{self.adopted.practice} used on {self.used_on}"


class Opportunity(TrackedModel):
    """An unseen problem or opportunity someone noticed, and how the workgroup rates it."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        EVALUATED = "evaluated", "Evaluated"
        IN_SLICE = "in_slice", "In a slice"
        SPUN_OFF = "spun_off", "Spun off"
        DROPPED = "dropped", "Dropped"

    CONFIDENCE_CHOICES = [
        (0.1, "10% · a hunch"),
        (0.25, "25%"),
        (0.5, "50%"),
        (0.75, "75%"),
        (0.9, "90% · strong evidence"),
    ]
    SCALE = [
        (1, "1 · very low"),
        (2, "2 · low"),
        (3, "3 · medium"),
        (4, "4 · high"),
        (5, "5 · very high"),
    ]

    workgroup = models.ForeignKey(
        "conditions.Workgroup", on_delete=models.CASCADE, related_name="opportunities"
    )
    title = models.CharField(
        max_length=200, verbose_name="What", help_text="The problem or opportunity, in a sentence."
    )
    for_whom = models.CharField(
        max_length=200,
        blank=True,
        verbose_name="For whom",
        help_text="Which customers, colleagues or partners it touches.",
    )
    evidence = models.TextField(
        blank=True, help_text="What you saw or heard that makes you think it is real."
    )
    raised_by = acting_user()
    value = models.PositiveSmallIntegerField(
        null=True, blank=True, choices=SCALE, verbose_name="Potential new value"
    )
    metric = models.ForeignKey(
        "pilots.Metric",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Metric that matters",
    )
    confidence = models.FloatField(null=True, blank=True, choices=CONFIDENCE_CHOICES)
    effort = models.PositiveSmallIntegerField(null=True, blank=True, choices=SCALE)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NEW)

    audit_pilot_field = WG_PILOT

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "opportunities"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("impact:opportunity", args=[self.pk])


class SpinOffProposal(TrackedModel):
    """A proposal to form a new workgroup around an opportunity; the program lead decides."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Waiting for the program lead"
        APPROVED = "approved", "Approved"
        DECLINED = "declined", "Declined"

    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="spin_offs")
    name = models.CharField(max_length=200, verbose_name="Name of the new workgroup")
    rationale = models.TextField(help_text="Why this opportunity deserves its own workgroup.")
    proposed_by = acting_user()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(blank=True)
    new_workgroup = models.OneToOneField(
        "conditions.Workgroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="spun_off_from",
    )

    audit_pilot_field = "opportunity__workgroup__pilot"

    def __str__(self) -> str:
        return self.name


class Slice(TrackedModel):
    """A thin, time-boxed experiment that walks the loop: seek, act, reflect, refine."""

    class Stage(models.TextChoices):
        SEEK = "seek", "Seek data and context"
        ACT = "act", "Act"
        REFLECT = "reflect", "Reflect and learn"
        REFINE = "refine", "Refine and adapt"
        DONE = "done", "Done"

    class NextStep(models.TextChoices):
        REFINE = "refine", "Refine (another slice)"
        SCALE = "scale", "Scale"
        STOP = "stop", "Stop"

    TRANSITIONS = {
        "seek": ("act",),
        "act": ("reflect",),
        "reflect": ("refine", "act"),
        "refine": ("seek", "done"),
        "done": (),
    }

    workgroup = models.ForeignKey(
        "conditions.Workgroup", on_delete=models.CASCADE, related_name="slices"
    )
    opportunity = models.ForeignKey(
        Opportunity, null=True, blank=True, on_delete=models.SET_NULL, related_name="slices"
    )
    title = models.CharField(max_length=200)
    hypothesis = models.TextField(help_text="If we do X for whom, we expect Y because Z.")
    metric = models.ForeignKey(
        "pilots.Metric",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name="Outcome measure",
        help_text="The metric that tells you whether the slice worked.",
    )
    expected_change = models.CharField(
        max_length=120,
        blank=True,
        help_text="e.g. “+5 points” or “from 12 to 9 days”.",
    )
    start = models.DateField()
    end = models.DateField(help_text="Keep slices thin: two to four weeks.")
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.SEEK)
    result = models.TextField(
        blank=True, help_text="What actually changed, with numbers where you have them."
    )
    learned = models.TextField(blank=True, verbose_name="What we learned")
    next_step = models.CharField(max_length=20, choices=NextStep.choices, blank=True)

    audit_pilot_field = WG_PILOT

    class Meta:
        ordering = ["-start", "-id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("impact:slice", args=[self.pk])

    @property
    def next_stages(self) -> list[tuple[str, str]]:
        labels = dict(self.Stage.choices)
        return [(s, labels[s]) for s in self.TRANSITIONS[self.stage]]


class Reflection(TrackedModel):
    """Reflect more to learn faster: before, during, after or outside action."""

    class Kind(models.TextChoices):
        BEFORE = "before", "Before action"
        DURING = "during", "During action"
        AFTER = "after", "After action"
        OUTSIDE = "outside", "Outside action"

    workgroup = models.ForeignKey(
        "conditions.Workgroup", on_delete=models.CASCADE, related_name="reflections"
    )
    slice = models.ForeignKey(
        Slice, null=True, blank=True, on_delete=models.SET_NULL, related_name="reflections"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.AFTER)
    expected = models.TextField(blank=True, verbose_name="What we expected")
    happened = models.TextField(blank=True, verbose_name="What happened")
    why = models.TextField(blank=True, verbose_name="Why")
    differently = models.TextField(blank=True, verbose_name="What we will do differently")
    author = acting_user()
    written_on = models.DateField(default=dt.date.today)

    audit_pilot_field = WG_PILOT

    class Meta:
        ordering = ["-written_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} reflection, {self.written_on}"


class Obstacle(TrackedModel):
    """Something in the way, raised by the frontline and carried up until it gets an answer."""

    class Kind(models.TextChoices):
        POLITICAL = "political", "Political"
        CULTURAL = "cultural", "Cultural"
        SYSTEMIC = "systemic", "Systemic"
        MANAGEMENT = "management", "Management"
        WORK_ENVIRONMENT = "work_environment", "Work environment"

    class Level(models.TextChoices):
        COACH = "coach", "Coach"
        LEAD = "lead", "Program lead"
        CHAMPION = "champion", "Champion"

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        WORKAROUND = "workaround", "Workaround in place"
        RESOLVED = "resolved", "Resolved"
        DECLINED = "declined", "Not pursued"

    LEVEL_DAYS = {"coach": 3, "lead": 5, "champion": 7}
    CLOSED = ("resolved", "declined")

    workgroup = models.ForeignKey(
        "conditions.Workgroup", on_delete=models.CASCADE, related_name="obstacles"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(
        blank=True, help_text="What gets in the way, and what it costs the group."
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    proposed_solution = models.TextField(
        blank=True,
        help_text="If you see a way around it, say so: every solution the frontline brings gets an answer.",
    )
    raised_by = acting_user()
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.COACH)
    due_date = models.DateField(help_text="When the person at this level owes an answer.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN)
    workaround = models.TextField(blank=True, verbose_name="Temporary workaround")
    answer = models.TextField(
        blank=True, help_text="The answer to the people who raised it: closes the loop."
    )
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    audit_pilot_field = WG_PILOT

    class Meta:
        ordering = ["due_date", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("impact:obstacle", args=[self.pk])

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED

    def is_overdue(self, today: dt.date | None = None) -> bool:
        return not self.is_closed and self.due_date < (today or dt.date.today())


class ObstacleEscalation(TrackedModel):
    """One step up the ladder: coach to program lead to champion."""

    obstacle = models.ForeignKey(Obstacle, on_delete=models.CASCADE, related_name="escalations")
    from_level = models.CharField(max_length=20, choices=Obstacle.Level.choices)
    to_level = models.CharField(max_length=20, choices=Obstacle.Level.choices)
    due_date = models.DateField()
    note = models.TextField(blank=True)
    by = acting_user()

    audit_pilot_field = "obstacle__workgroup__pilot"

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.obstacle} to {self.get_to_level_display()}"


class MetricReading(TrackedModel):
    """One value of a frontline metric, as a workgroup measured it."""

    workgroup = models.ForeignKey(
        "conditions.Workgroup", on_delete=models.CASCADE, related_name="readings"
    )
    metric = models.ForeignKey("pilots.Metric", on_delete=models.CASCADE, related_name="readings")
    on = models.DateField(verbose_name="Date")
    value = models.FloatField()
    note = models.CharField(max_length=300, blank=True)
    entered_by = acting_user()
    flag = models.CharField(
        max_length=20, blank=True, help_text="The control-chart rule this reading breaks, if any."
    )

    audit_pilot_field = WG_PILOT

    class Meta:
        ordering = ["metric", "on"]
        constraints = [
            models.UniqueConstraint(
                fields=["workgroup", "metric", "on"], name="one_reading_per_day"
            )
        ]
        indexes = [models.Index(fields=["workgroup", "metric", "on"])]

    def __str__(self) -> str:
        return f"{self.metric} {self.on}: {self.value:g}"


class Notification(models.Model):
    """An in-app message to one person; e-mail goes out too when they want it."""

    class Kind(models.TextChoices):
        ESCALATION = "escalation", "Obstacle escalated to you"
        DUE = "due", "Obstacle answer due or overdue"
        REFLECTION = "reflection", "Missed reflection"
        ANSWER = "answer", "Answer to what you raised"
        SPIN_OFF = "spin_off", "Spin-off proposals"
        FLAG = "flag", "Reading beyond normal variation"
        DECISION = "decision", "Decision taken outside its right"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    pilot_id = models.BigIntegerField(null=True, blank=True)
    key = models.CharField(
        max_length=120, blank=True, help_text="Reminders with the same key are sent once."
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"]), models.Index(fields=["user", "key"])]

    def __str__(self) -> str:
        return self.title


class NotificationPreference(models.Model):
    """What one person wants to receive, in the app and by e-mail."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    in_app_off = models.JSONField(default=list, blank=True)
    email_off = models.JSONField(default=list, blank=True)
    weekly_digest = models.BooleanField(default=True)

    def __str__(self) -> str:
        return f"Preferences of {self.user}"

    def wants(self, *, kind: str, channel: str) -> bool:
        return kind not in (self.in_app_off if channel == "app" else self.email_off)
