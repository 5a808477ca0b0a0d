"""Phase 1, Recognize the opportunity: the pilot and who takes part in it."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse

from workshift.core.models import TrackedModel

if TYPE_CHECKING:
    from workshift.engine.champion import ChampionCheck
    from workshift.engine.scoring import CatalystVerdict, EntryFactors


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
    entry_weights = models.JSONField(
        default=dict,
        blank=True,
        help_text="The program lead's adjustments to the entry-point scoring weights (missing keys use the defaults).",
    )
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    entry_unit = models.ForeignKey(
        "people.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pilots",
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
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pilot_memberships"
    )
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
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    level = models.CharField(max_length=20, choices=Level.choices)
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=40, help_text="e.g. %, days, EUR, count")
    direction = models.CharField(
        max_length=10,
        choices=Direction.choices,
        error_messages={
            "blank": "Say whether up or down is good: without a direction nobody can tell progress from decline.",
            "null": "Say whether up or down is good.",
        },
        help_text="Whether a rising value is good news (e.g. kept promises) or bad news (e.g. repeat delinquency).",
    )
    cadence = models.CharField(
        max_length=10,
        choices=Cadence.choices,
        error_messages={
            "blank": "Say how often the metric is read: frontline metrics are leading indicators, read day to day or week to week.",
            "null": "Say how often the metric is read.",
        },
        help_text="How often it is read. Frontline metrics are leading indicators: daily or weekly.",
    )
    baseline = models.FloatField(null=True, blank=True)
    target = models.FloatField(null=True, blank=True)
    owner = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    data_source = models.CharField(max_length=200, blank=True)

    audit_pilot_field = "pilot"

    class Meta:
        ordering = ["pilot", "level", "name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.parent_id and self.parent.pilot_id != self.pilot_id:  # type: ignore[union-attr]
            errors["parent"] = "The parent metric belongs to another pilot."
        elif self.level:
            problem = _level_problem(self)
            if problem:
                errors["parent"] = problem
        if self.pk and self.level:
            stored = Metric.objects.filter(pk=self.pk).values_list("level", flat=True).first()
            if stored and stored != self.level and self.children.exists():
                errors["level"] = (
                    "Metrics sit below this one: move or delete them before changing its level."
                )
        if self.pk and self.parent_id:
            node = self.parent
            while node is not None:
                if node.pk == self.pk:
                    errors["parent"] = (
                        "A metric cannot sit under itself or one of its own children."
                    )
                    break
                node = node.parent
        if errors:
            raise ValidationError(errors)


YES_NO = [(True, "Yes"), (False, "No")]


class CatalystAssessment(TrackedModel):
    """What creates the urgency to leave the status quo, tested with four questions."""

    class Kind(models.TextChoices):
        MARKET_PRESSURE = "market_pressure", "Market pressure or disruption"
        SKILLS_GAP = "skills_gap", "Skills gaps"
        AUTOMATION_FEAR = "automation_fear", "Fear of automation"
        TECHNOLOGY = "technology", "A large technology implementation"
        AUTOMATION_CAPACITY = "automation_capacity", "Automation already freeing capacity"
        OPPORTUNITY = "opportunity", "A compelling but elusive opportunity"
        DIFFUSE = "diffuse", "A diffuse concern (future of work, agile slump)"
        ORG_CHANGE = (
            "org_change",
            "Another large organizational change (merger, value-chain integration)",
        )

    pilot = models.OneToOneField(Pilot, on_delete=models.CASCADE, related_name="catalyst")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    description = models.TextField(
        help_text="What is happening, in a few sentences, and who feels it."
    )
    must_break = models.BooleanField(
        null=True,
        blank=True,
        choices=YES_NO,
        verbose_name="(a) We clearly must break from the status quo",
    )
    must_break_note = models.TextField(blank=True, verbose_name="Note on (a)")
    urgent = models.BooleanField(
        null=True, blank=True, choices=YES_NO, verbose_name="(b) It is urgent to act now"
    )
    urgent_note = models.TextField(blank=True, verbose_name="Note on (b)")
    beyond_optimization = models.BooleanField(
        null=True,
        blank=True,
        choices=YES_NO,
        verbose_name="(c) We must think beyond optimization, toward value and meaning",
    )
    beyond_optimization_note = models.TextField(blank=True, verbose_name="Note on (c)")
    capacity = models.BooleanField(
        null=True,
        blank=True,
        choices=YES_NO,
        verbose_name="(d) Capacity can be created",
        help_text="A pilot group can be freed from its day-to-day tasks.",
    )
    capacity_note = models.TextField(blank=True, verbose_name="Note on (d)")
    needs_optimization_or_controls = models.BooleanField(
        default=False,
        verbose_name="The urgent issue needs optimization or controls",
        help_text="Weak-catalyst pattern: the problem is solved by doing today's work better or checking it more.",
    )
    absorbing_change = models.BooleanField(
        default=False,
        verbose_name="A large organizational change will absorb attention and capacity",
        help_text="Weak-catalyst pattern: a pilot started during it would be ignored.",
    )
    proceed_reason = models.TextField(
        blank=True,
        verbose_name="Why proceed with a weak catalyst",
        help_text="Recorded with your name and the date, for everyone who joins later.",
    )
    proceed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    proceed_at = models.DateTimeField(null=True, blank=True)
    proceed_for = models.TextField(
        blank=True,
        editable=False,
        help_text="The assessment the reason was given for: a changed one needs a new reason.",
    )

    audit_pilot_field = "pilot"

    def __str__(self) -> str:
        return f"Catalyst of {self.pilot}: {self.get_kind_display()}"

    def answers(self) -> dict[str, bool | None]:
        return {
            "must_break": self.must_break,
            "urgent": self.urgent,
            "beyond_optimization": self.beyond_optimization,
            "capacity": self.capacity,
        }

    def verdict_inputs(self) -> str:
        """Everything the verdict is computed from, as one text."""
        return json.dumps(
            [
                self.kind,
                self.answers(),
                self.needs_optimization_or_controls,
                self.absorbing_change,
            ],
            sort_keys=True,
        )

    @property
    def proceeding(self) -> bool:
        """Weak, and going on for a reason recorded for this very assessment."""
        return (
            bool(self.proceed_reason)
            and self.proceed_for == self.verdict_inputs()
            and self.verdict().verdict == "weak"
        )

    def verdict(self) -> CatalystVerdict:
        from workshift.engine.scoring import catalyst_verdict

        return catalyst_verdict(
            kind=self.kind,
            answers=self.answers(),
            needs_optimization_or_controls=self.needs_optimization_or_controls,
            absorbing_change=self.absorbing_change,
        )


class Champion(TrackedModel):
    """The senior leader who commits, communicates and covers."""

    pilot = models.OneToOneField(Pilot, on_delete=models.CASCADE, related_name="champion")
    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(
        max_length=200, blank=True, help_text="Leave empty to use the person's job title."
    )
    is_c_level = models.BooleanField(
        default=False,
        verbose_name="C-level executive",
        help_text="The CEO or another C-level executive. A champion below that level is flagged.",
    )
    committed_on = models.DateField(
        null=True, blank=True, verbose_name="Commit: sponsored the pilot on"
    )
    commit_note = models.CharField(max_length=300, blank=True, verbose_name="Commit: how")
    communicated_on = models.DateField(
        null=True, blank=True, verbose_name="Communicate: stated the vision on"
    )
    communicate_note = models.CharField(
        max_length=300, blank=True, verbose_name="Communicate: where and to whom"
    )
    covered_on = models.DateField(
        null=True, blank=True, verbose_name="Cover: agreed to protect the pilot on"
    )
    cover_note = models.CharField(
        max_length=300, blank=True, verbose_name="Cover: from what pressure"
    )
    vision = models.TextField(
        blank=True,
        verbose_name="Vision statement",
        help_text="In the champion's words. Say what frontline participants gain in the near term.",
    )
    vision_frontline_gain = models.BooleanField(
        default=False,
        verbose_name="The vision says what frontline participants gain in the near term",
    )
    acknowledgements = models.JSONField(
        default=dict,
        blank=True,
        help_text=(
            "Warnings the lead read and went on with, about this person: "
            "{key: {message, person_id, by, by_id, at}}."
        ),
    )

    audit_pilot_field = "pilot"

    def __str__(self) -> str:
        return f"{self.person} (champion of {self.pilot})"

    @property
    def display_title(self) -> str:
        return self.title or self.person.job_title

    def commitments(self) -> dict[str, bool]:
        return {
            "commit": self.committed_on is not None,
            "communicate": self.communicated_on is not None,
            "cover": self.covered_on is not None,
        }

    def assessment(self) -> ChampionCheck:
        from workshift.engine.champion import champion_check

        return champion_check(
            is_c_level=self.is_c_level,
            vision=self.vision,
            frontline_gain_confirmed=self.vision_frontline_gain,
            commitments=self.commitments(),
            acknowledged={  # read about this champion, not about one named before
                key: str(ack.get("message", ""))
                for key, ack in self.acknowledgements.items()
                if ack.get("person_id") == self.person_id
            },
        )

    def warnings_with_acknowledgements(self) -> list[tuple[Any, dict[str, Any] | None]]:
        """Each warning of the assessment with its acknowledgement (who, when), if it has one."""
        from django.utils.dateparse import parse_datetime

        pairs = []
        for warning in self.assessment().items:
            ack = self.acknowledgements.get(warning.key) if warning.acknowledged else None
            if ack:
                ack = {**ack, "at": parse_datetime(str(ack.get("at", "")))}
            pairs.append((warning, ack))
        return pairs


RATING_CHOICES = [
    (1, "1 · very low"),
    (2, "2 · low"),
    (3, "3 · medium"),
    (4, "4 · high"),
    (5, "5 · very high"),
]


def rating_field(verbose_name: str, help_text: str) -> models.PositiveSmallIntegerField:  # type: ignore[type-arg]
    """A 1-5 rating of an entry-point candidate, 3 until rated."""
    return models.PositiveSmallIntegerField(
        choices=RATING_CHOICES, default=3, verbose_name=verbose_name, help_text=help_text
    )


class EntryCandidate(TrackedModel):
    """A part of the organization where the pilot could run, rated on the factors that matter."""

    class UnitType(models.TextChoices):
        BUSINESS_UNIT = "business_unit", "Business unit"
        FUNCTION = "function", "Function"

    class Coupling(models.TextChoices):
        SELF_CONTAINED = "self_contained", "Self-contained"
        INTERDEPENDENT = "interdependent", "Interdependent"

    class Position(models.TextChoices):
        EDGE = "edge", "Edge"
        CORE = "core", "Core"

    pilot = models.ForeignKey(Pilot, on_delete=models.CASCADE, related_name="candidates")
    unit = models.ForeignKey("people.OrgUnit", on_delete=models.PROTECT, related_name="+")
    unit_type = models.CharField(
        max_length=20,
        choices=UnitType.choices,
        default=UnitType.BUSINESS_UNIT,
        help_text="A business unit is closer to customers and revenue; a function serves the others.",
    )
    coupling = models.CharField(
        max_length=20,
        choices=Coupling.choices,
        default=Coupling.SELF_CONTAINED,
        help_text="A self-contained unit can change how it works without waiting for others.",
    )
    position = models.CharField(
        max_length=10,
        choices=Position.choices,
        default=Position.EDGE,
        help_text="Edge: fewer stakeholders, faster, less convincing. Core: more resistance, bigger impact.",
    )
    supervisors_motivated = rating_field(
        "Motivated frontline supervisors",
        "Supervisors become the coaches: their motivation matters most.",
    )
    collaborative_groups = rating_field(
        "Groups that already work collaboratively",
        "Easier to start, but with a risk of business as usual.",
    )
    leadership_support = rating_field(
        "Supportive leadership", "Managers who will not pull people back when a metric slips."
    )
    improvement_exposure = rating_field(
        "Workers' exposure to improvement methods",
        "Helps, but risks a relabelled process-improvement effort.",
    )
    freeable_capacity_pct = models.PositiveSmallIntegerField(
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        verbose_name="Freeable capacity (%)",
        help_text="Share of participants' working hours that can be freed. The pilot needs at least 75%.",
    )
    pool_size = models.PositiveIntegerField(
        default=0,
        verbose_name="Frontline pool (people)",
        help_text="How many frontline people volunteers could come from. 15-60 volunteers are needed.",
    )
    in_champion_influence = models.BooleanField(
        default=True,
        verbose_name="Inside the champion's influence",
        help_text="The champion can protect the pilot here.",
    )
    notes = models.TextField(blank=True)
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_at = models.DateTimeField(null=True, blank=True)
    chosen_reason = models.TextField(blank=True)

    audit_pilot_field = "pilot"

    class Meta:
        ordering = ["pilot", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["pilot", "unit"], name="one_candidate_per_unit")
        ]

    def __str__(self) -> str:
        return f"{self.unit} (candidate for {self.pilot})"

    @property
    def is_chosen(self) -> bool:
        return self.chosen_at is not None

    def factors(self) -> EntryFactors:
        from workshift.engine.scoring import EntryFactors

        return EntryFactors(
            business_unit=self.unit_type == self.UnitType.BUSINESS_UNIT,
            self_contained=self.coupling == self.Coupling.SELF_CONTAINED,
            supervisors_motivated=self.supervisors_motivated,
            collaborative_groups=self.collaborative_groups,
            leadership_support=self.leadership_support,
            improvement_exposure=self.improvement_exposure,
            core=self.position == self.Position.CORE,
            freeable_capacity_pct=float(self.freeable_capacity_pct),
            pool_size=self.pool_size,
            in_champion_influence=self.in_champion_influence,
        )


def _level_problem(metric: Metric) -> str | None:
    from workshift.engine.scoring import metric_level_problem

    parent = metric.parent
    return metric_level_problem(level=metric.level, parent_level=parent.level if parent else None)
