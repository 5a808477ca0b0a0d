"""Account services: users, API tokens and login throttling."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.utils import timezone

from workshift.accounts.models import ApiToken, LoginAttempt, Role, User


def user_create(
    *,
    username: str,
    password: str,
    role: str = Role.MEMBER,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    person_id: int | None = None,
) -> User:
    if role not in Role.values:
        raise ValueError(f"Unknown role {role!r}; choose one of: {', '.join(Role.values)}")
    user = User(
        username=username,
        email=email,
        role=role,
        first_name=first_name,
        last_name=last_name,
        person_id=person_id,
    )
    user.is_staff = role == Role.ADMINISTRATOR
    user.set_password(password)
    user.save()
    return user


def _hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def api_token_create(*, user: User, name: str) -> str:
    """Create a token and return its key; the key is shown once and never stored."""
    key = "ws_" + secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, key_hash=_hash(key))
    return key


def api_token_user(*, key: str) -> User | None:
    token = ApiToken.objects.select_related("user").filter(key_hash=_hash(key)).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


def api_token_revoke(*, user: User, name: str) -> int:
    """Revoke the user's tokens of that name; returns how many there were (0: nothing to revoke)."""
    deleted, _ = ApiToken.objects.filter(user=user, name=name).delete()
    return deleted


def login_is_locked(*, username: str) -> bool:
    since = timezone.now() - dt.timedelta(minutes=settings.LOGIN_THROTTLE_MINUTES)
    return (
        LoginAttempt.objects.filter(username=username.lower(), at__gte=since).count()
        >= settings.LOGIN_THROTTLE_ATTEMPTS
    )


def login_failed(*, username: str, ip_address: str) -> None:
    LoginAttempt.objects.create(username=username.lower(), ip_address=ip_address)


def login_succeeded(*, username: str) -> None:
    LoginAttempt.objects.filter(username=username.lower()).delete()
