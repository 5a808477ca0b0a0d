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

    code = models.CharField(max_length=40, unique=True, help_text="A short, stable identifier, e.g. CC-EAST.")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TEAM)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    head = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="units_headed"
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
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.SET_NULL, related_name="people")
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
        return f"{self.first_name} {self.last_name}".strip()

    def get_absolute_url(self) -> str:
        return reverse("people:person", args=[self.pk])
