"""Accounts: who logs in, with which organization-wide role."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Administrator"
    PROGRAM_LEAD = "lead", "Program lead"
    CHAMPION = "champion", "Champion"
    COACH = "coach", "Coach"
    MEMBER = "member", "Workgroup member"
    MANAGER = "manager", "Manager"


class User(AbstractUser):
    """A login. `role` is organization-wide; each pilot adds a role of its own."""

    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    person = models.OneToOneField(
        "people.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="user"
    )

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser or self.role == Role.ADMINISTRATOR

    @property
    def is_program_lead(self) -> bool:
        return self.role == Role.PROGRAM_LEAD

    @property
    def can_browse_people(self) -> bool:
        """Administrators, program leads, champions and managers look people up."""
        return self.is_administrator or self.role in (
            Role.PROGRAM_LEAD,
            Role.CHAMPION,
            Role.MANAGER,
        )

    @property
    def can_manage_people(self) -> bool:
        """Importing and editing people is for administrators and program leads."""
        return self.is_administrator or self.role == Role.PROGRAM_LEAD

    @property
    def can_create_pilots(self) -> bool:
        return self.is_administrator or self.role in (Role.PROGRAM_LEAD, Role.CHAMPION)


class LoginAttempt(models.Model):
    """A failed login, kept to slow down password guessing."""

    username = models.CharField(max_length=150, db_index=True)
    ip_address = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} at {self.at}"


class ApiToken(models.Model):
    """A personal token for the REST API; only its hash is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.user})"
