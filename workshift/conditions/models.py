"""Phase 2, Create the conditions: workgroups and cells (more records join here)."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from workshift.core.models import TrackedModel


class Workgroup(TrackedModel):
    """3-15 people who work together on problems that cannot be specified in advance."""

    pilot = models.ForeignKey("pilots.Pilot", on_delete=models.CASCADE, related_name="workgroups")
    name = models.CharField(max_length=200)
    coach = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="coached_workgroups"
    )
    members = models.ManyToManyField("people.Person", through="WorkgroupMember", related_name="workgroups")

    audit_pilot_field = "pilot"

    class Meta:
        ordering = ["pilot", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("impact:workgroup", args=[self.pk])


class WorkgroupMember(TrackedModel):
    workgroup = models.ForeignKey(Workgroup, on_delete=models.CASCADE, related_name="memberships")
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="workgroup_memberships")

    audit_pilot_field = "workgroup__pilot"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["workgroup", "person"], name="one_membership_per_workgroup")]

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
    person = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="cell_memberships")

    audit_pilot_field = "cell__pilot"

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cell", "person"], name="one_membership_per_cell")]

    def __str__(self) -> str:
        return f"{self.person} in {self.cell}"
