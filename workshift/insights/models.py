"""Insights and connections: pulse surveys, stories of change, collaboration counts, pilot reports."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from workshift.core.models import TrackedModel

# (field, short label, statement the participant rates from 1 = strongly disagree to 5 = strongly agree, theme)
PULSE_QUESTIONS: list[tuple[str, str, str, str]] = [
    (
        "questing",
        "Questing",
        "I go looking for new problems and challenges in my work.",
        "Worker passion",
    ),
    (
        "connecting",
        "Connecting",
        "I build relationships of trust with people in and beyond my group.",
        "Worker passion",
    ),
    (
        "impact",
        "Commitment to impact",
        "I am committed to making a real difference for our customers.",
        "Worker passion",
    ),
    (
        "safety",
        "Psychological safety",
        "In my group I can try something new, fail, and say so without fear.",
        "Safety",
    ),
    ("workload", "Workload", "My workload is manageable.", "Workload and balance"),
    (
        "balance",
        "Balance",
        "I can keep a healthy balance between work and the rest of my life.",
        "Workload and balance",
    ),
]
PULSE_FIELDS = [q[0] for q in PULSE_QUESTIONS]
LIKERT = [
    (1, "1 · Strongly disagree"),
    (2, "2 · Disagree"),
    (3, "3 · Neither"),
    (4, "4 · Agree"),
    (5, "5 · Strongly agree"),
]


class PulseRound(TrackedModel):
    """One round of the pulse survey: open to the pilot's participants between two dates."""

    class Cadence(models.TextChoices):
        ONCE = "once", "Once"
        WEEKLY = "weekly", "Every week"
        FORTNIGHTLY = "fortnightly", "Every two weeks"
        MONTHLY = "monthly", "Every month"

    pilot = models.ForeignKey("pilots.Pilot", on_delete=models.CASCADE, related_name="pulse_rounds")
    title = models.CharField(max_length=200, default="Pulse")
    opens_on = models.DateField()
    closes_on = models.DateField()
    cadence = models.CharField(
        max_length=20,
        choices=Cadence.choices,
        default=Cadence.FORTNIGHTLY,
        help_text="How often a new round follows this one. Short and regular beats long and rare.",
    )

    audit_pilot_field = "pilot"

    class Meta:
        ordering = ["pilot", "-opens_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.opens_on:%d %b %Y})"

    def is_open(self, today: dt.date) -> bool:
        return self.opens_on <= today <= self.closes_on

    def get_absolute_url(self) -> str:
        return reverse("insights:pulse_round", args=[self.pk])


class PulseResponse(models.Model):
    """One participant's answers to one round.

    Deliberately not a TrackedModel: the audit log would tie the answers to a
    name. The respondent is kept only to refuse a second answer and to know
    which groups the answer counts in; no page ever shows it.
    """

    round = models.ForeignKey(PulseRound, on_delete=models.CASCADE, related_name="responses")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    submitted_at = models.DateTimeField(auto_now_add=True)
    questing = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    connecting = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    impact = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    safety = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    workload = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    balance = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(blank=True, max_length=2000)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "person"], name="one_pulse_answer_per_round")
        ]

    def __str__(self) -> str:
        return f"An answer to {self.round}"


class StoryQuerySet(models.QuerySet["Story"]):
    def with_sharing(self) -> StoryQuerySet:
        """Stories annotated with `shared`: the author agreed and everyone involved agreed."""
        pending = StoryPerson.objects.filter(story=models.OuterRef("pk")).exclude(consent=True)
        return self.annotate(pending_consent=models.Exists(pending)).annotate(
            shared=models.Q(author_consents=True) & models.Q(pending_consent=False)
        )


class Story(TrackedModel):
    """A story of change: how things were, what happened, how they are now, and who was involved."""

    pilot = models.ForeignKey("pilots.Pilot", on_delete=models.CASCADE, related_name="stories")
    author = models.ForeignKey(
        "people.Person", null=True, on_delete=models.SET_NULL, related_name="stories_told"
    )
    workgroup = models.ForeignKey(
        "conditions.Workgroup",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
    )
    title = models.CharField(max_length=200)
    before = models.TextField(
        verbose_name="Before", help_text="How things were, and why it mattered."
    )
    what_happened = models.TextField(
        verbose_name="What happened", help_text="What people tried, learned, changed."
    )
    after = models.TextField(
        verbose_name="After",
        help_text="How things are now: for customers, for the team, on a metric.",
    )
    author_consents = models.BooleanField(
        default=False,
        verbose_name="I agree to share this story",
        help_text="Shared stories appear in the pilot's feed and in reports to the leadership team.",
    )

    audit_pilot_field = "pilot"

    objects = StoryQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "stories"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("insights:story", args=[self.pk])


class StoryPerson(TrackedModel):
    """Someone involved in a story, and whether they agree to it being shared (None: not decided yet)."""

    story = models.ForeignKey(Story, on_delete=models.CASCADE, related_name="involved")
    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="story_involvements"
    )
    consent = models.BooleanField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    audit_pilot_field = "story__pilot"

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["story", "person"], name="one_involvement_per_story")
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.story}"


class CollaborationImport(TrackedModel):
    """One upload of aggregated collaboration counts (who worked with whom how often; never content)."""

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    source_name = models.CharField(max_length=200)
    rows = models.PositiveIntegerField(default=0)
    periods = models.CharField(max_length=400, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source_name} ({self.rows} rows)"


class CollaborationCount(models.Model):
    """How many times two people collaborated in one period (e.g. '2026-10'). Stored with person_a < person_b."""

    batch = models.ForeignKey(CollaborationImport, on_delete=models.CASCADE, related_name="counts")
    person_a = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    person_b = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    count = models.PositiveIntegerField()
    period = models.CharField(max_length=20)

    class Meta:
        indexes = [models.Index(fields=["person_a"]), models.Index(fields=["person_b"])]

    def __str__(self) -> str:
        return f"{self.count} in {self.period}"


class PilotReport(TrackedModel):
    """A dated report of a pilot for its leadership team, kept as PDF and HTML."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being written"
        DONE = "done", "Ready"
        FAILED = "failed", "Failed"

    pilot = models.ForeignKey("pilots.Pilot", on_delete=models.CASCADE, related_name="reports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    as_of = models.DateField()
    pdf = models.BinaryField(null=True, blank=True, editable=False)
    html = models.TextField(blank=True, editable=False)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    audit_pilot_field = "pilot"
    audit_exclude = ("created_at", "updated_at", "version", "pdf", "html")

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Report of {self.as_of:%d %b %Y}"

    @property
    def filename_stem(self) -> str:
        return f"workshift-report-{self.pilot_id}-{self.as_of:%Y-%m-%d}-{self.pk}"


class ConnectionsAnalysis(models.Model):
    """The collaboration network read for one pilot, computed by the worker and kept.

    Recomputed after every collaboration import and on demand; pages and the API read it and say
    when it was computed. `data` holds brokers, isolated participants, units that never talk,
    communities of practice and, for who-can-help, each person's tie to the pilot's participants.
    """

    pilot = models.OneToOneField(
        "pilots.Pilot", on_delete=models.CASCADE, related_name="connections_analysis"
    )
    computed_at = models.DateTimeField()
    collaboration_rows = models.PositiveIntegerField(default=0)
    data = models.JSONField(default=dict)

    def __str__(self) -> str:
        return f"Connections of {self.pilot_id} at {self.computed_at:%Y-%m-%d %H:%M}"
