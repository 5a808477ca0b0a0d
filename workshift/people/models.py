"""The organization: units in a tree, and the people in them."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from workshift.core.models import TrackedModel


class OrgUnit(TrackedModel):
    class Kind(models.TextChoices):
        COMPANY = "company", "Company"
        BUSINESS_UNIT = "business_unit", "Business unit"
        FUNCTION = "function", "Function"
        REGION = "region", "Region"
        BRANCH = "branch", "Branch"
        TEAM = "team", "Team"

    code = models.CharField(
        max_length=40, unique=True, help_text="A short, stable identifier, e.g. CC-EAST."
    )
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TEAM)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    head = models.ForeignKey(
        "people.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="units_headed",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("people:unit", args=[self.pk])


class Person(TrackedModel):
    employee_id = models.CharField(max_length=40, unique=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    unit = models.ForeignKey(
        OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="people"
    )
    manager = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="reports"
    )
    job_title = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=200, blank=True)
    start_date = models.DateField(null=True, blank=True)
    skills = models.JSONField(default=list, blank=True, help_text="Skills as a list of tags.")
    attributes = models.JSONField(
        default=dict,
        blank=True,
        help_text="Free attributes used for diverse workgroups, e.g. discipline, tenure band, languages.",
    )
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name_plural = "people"
        indexes = [models.Index(fields=["last_name", "first_name"])]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() or f"Employee {self.employee_id}"

    def get_absolute_url(self) -> str:
        return reverse("people:person", args=[self.pk])


class ImportJob(models.Model):
    """One people import: the uploaded file, its column mapping, progress and outcome.

    The file's bytes are kept in the database, so a worker on another machine can run the import.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", "Waiting for confirmation"
        QUEUED = "queued", "Queued"
        CHECKING = "checking", "Checking rows"
        WRITING = "writing", "Saving people"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        "accounts.User",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="people_imports",
    )
    file = models.BinaryField(help_text="The uploaded CSV or XLSX file.")
    file_name = models.CharField(max_length=255)
    mapping = models.JSONField(default=dict, blank=True, help_text="File column -> people field.")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    total = models.PositiveIntegerField(default=0, help_text="Rows in the file.")
    done = models.PositiveIntegerField(default=0, help_text="Rows checked so far.")
    errors = models.JSONField(
        default=list, blank=True, help_text="Bad rows: [{row, column, message}]."
    )
    error_count = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    units_created = models.PositiveIntegerField(default=0)
    message = models.TextField(blank=True)
    preview = models.JSONField(
        default=dict,
        blank=True,
        help_text="The draft's checked result (counts, row problems, sample rows), kept from the upload.",
    )
    checked_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Import of {self.file_name}"

    def get_absolute_url(self) -> str:
        return reverse("people:import_job", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.CHECKING, self.Status.WRITING)

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
