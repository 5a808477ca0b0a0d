"""Base models every Workshift record builds on, and the audit log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class TrackedModel(models.Model):
    """A record with timestamps, an edit version and an entry in the audit log.

    Subclasses are audited automatically (see workshift.core.audit) and can be
    saved with `save_versioned` so that two people editing the same record do
    not overwrite each other. A subclass that belongs to a pilot sets
    `audit_pilot_field` to the name of the pilot foreign key path.
    """

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    audit_pilot_field: str | None = None
    audit_exclude: tuple[str, ...] = ("created_at", "updated_at", "version")

    class Meta:
        abstract = True

    @classmethod
    def from_db(cls, db: Any, field_names: Any, values: Any) -> Any:  # type: ignore[override]
        instance = super().from_db(db, field_names, values)
        instance._loaded_values = dict(zip(field_names, values, strict=False))  # type: ignore[attr-defined]
        return instance


class AuditEntry(models.Model):
    """One change to one record: who, when, what."""

    class Action(models.TextChoices):
        CREATE = "create", "created"
        UPDATE = "update", "changed"
        DELETE = "delete", "deleted"
        EXPORT = "export", "exported"
        ERASE = "erase", "erased"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    model = models.CharField(max_length=100, db_index=True)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200)
    pilot_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    changes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return (
            f"{self.actor or 'system'} {self.get_action_display()} {self.model} {self.object_repr}"
        )


class RenderedChart(models.Model):
    """A chart rendered once and kept, keyed by a digest of everything drawn in it.

    Rendering a Vega-Lite chart to SVG takes tenths of a second; pages read the kept SVG, and a
    chart whose data changed gets a new key (old ones are dropped after a while)."""

    key = models.CharField(max_length=64, unique=True)
    svg = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"chart {self.key[:12]}"


class KeptFragment(models.Model):
    """A part of a page rendered for everyone who sees the same thing, kept for a short while.

    Unlike a chart, whose key changes with its data, a fragment's key names what it shows (a
    pilot's dashboard for one set of workgroups); it is rendered again once older than the page
    allows, and the page says when it was computed."""

    key = models.CharField(max_length=64, unique=True)
    html = models.TextField()
    computed_at = models.DateTimeField()
    # set while one request renders it anew; the others keep serving this one meanwhile
    refreshing_since = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"fragment {self.key[:12]}"


class WorkerHeartbeat(models.Model):
    """A running `workshift worker`: it writes `last_seen` every few seconds while it lives."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    last_seen = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"worker {self.worker_id} on {self.hostname} (pid {self.pid})"


class RateLimitHit(models.Model):
    """One counted request against a rate limit (kept in the database, so every process sees it)."""

    scope = models.CharField(max_length=40)
    key = models.CharField(max_length=200)
    at = models.DateTimeField(db_index=True)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"])]

    def __str__(self) -> str:
        return f"{self.scope}:{self.key} at {self.at}"
