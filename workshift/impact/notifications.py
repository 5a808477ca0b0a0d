"""Notifications: in the app and by e-mail, as each person chooses; reminders and the weekly digest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db.models import Max, Q
from django.urls import reverse
from django.utils import timezone

from workshift.impact.models import Notification, NotificationPreference, Obstacle, Slice

User = get_user_model()


def preference_for(*, user: Any) -> NotificationPreference:
    pref = NotificationPreference.objects.filter(user=user).first()
    return pref or NotificationPreference(user=user)


def notify(
    *,
    users: Iterable[Any],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    pilot_id: int | None = None,
    key: str = "",
    exclude: Any = None,
) -> int:
    """Send one notification to each user (once per `key` if given). Returns how many were created."""
    targets = {u.pk: u for u in users if u is not None and (exclude is None or u.pk != exclude.pk)}
    if not targets:
        return 0
    if key:
        already = set(
            Notification.objects.filter(user_id__in=targets, key=key).values_list(
                "user_id", flat=True
            )
        )
        targets = {pk: u for pk, u in targets.items() if pk not in already}
    prefs = {p.user_id: p for p in NotificationPreference.objects.filter(user_id__in=targets)}
    created = 0
    for pk, user in targets.items():
        pref = prefs.get(pk) or NotificationPreference(user_id=pk)
        in_app = pref.wants(kind=kind, channel="app")
        if (
            in_app or key
        ):  # a reminder the person muted is still recorded (as read) so it is not sent again
            Notification.objects.create(
                user=user,
                kind=kind,
                title=title[:200],
                body=body,
                url=url,
                pilot_id=pilot_id,
                key=key,
                read_at=None if in_app else timezone.now(),
            )
            created += int(in_app)
        if pref.wants(kind=kind, channel="email") and user.email:
            link = f"\n\nOpen it in Workshift: {url}" if url else ""
            send_mail(
                f"[Workshift] {title}",
                f"{body}{link}",
                settings.DEFAULT_FROM_EMAIL,
                [user.email],
                fail_silently=True,
            )
    return created


def users_at_level(*, workgroup: Any, level: str) -> list[Any]:
    """Who holds an obstacle at a level: the workgroup's coach, the pilot's leads, or its champions."""
    if level == "coach":
        return list(User.objects.filter(person_id=workgroup.coach_id)) if workgroup.coach_id else []
    return list(
        User.objects.filter(
            pilot_memberships__pilot_id=workgroup.pilot_id, pilot_memberships__role=level
        )
    )


def users_in_workgroup(*, workgroup: Any) -> list[Any]:
    """The logins of the workgroup's members and its coach."""
    return list(
        User.objects.filter(
            Q(person__workgroup_memberships__workgroup=workgroup)
            | Q(person_id=workgroup.coach_id, person__isnull=False)
        ).distinct()
    )


def reminders_send(*, today: dt.date | None = None) -> int:
    """Overdue obstacles to whoever holds them, missed reflections to the group: each once per period."""
    from workshift.conditions.models import Workgroup

    today = today or timezone.localdate()
    sent = 0
    overdue = (
        Obstacle.objects.exclude(status__in=Obstacle.CLOSED)
        .filter(due_date__lt=today)
        .select_related("workgroup")
    )
    for obstacle in overdue:
        sent += notify(
            users=users_at_level(workgroup=obstacle.workgroup, level=obstacle.level),
            kind=Notification.Kind.DUE,
            title=f"Overdue: “{obstacle.title}” was due {obstacle.due_date:%d %b}",
            body=f"{obstacle.workgroup} is waiting for an answer on this obstacle.",
            url=obstacle.get_absolute_url(),
            pilot_id=obstacle.workgroup.pilot_id,
            key=f"due:{obstacle.pk}:{obstacle.level}:{obstacle.due_date}",
        )
    workgroups = Workgroup.objects.select_related("charter").annotate(
        last=Max("reflections__written_on")
    )
    for workgroup in workgroups:
        charter = getattr(workgroup, "charter", None)
        every = charter.reflection_every_days if charter else 7
        since = workgroup.last or workgroup.created_at.date()
        if (today - since).days < every:
            continue
        period = (today - since).days // every
        sent += notify(
            users=users_in_workgroup(workgroup=workgroup),
            kind=Notification.Kind.REFLECTION,
            title=f"{workgroup}: time to reflect (last reflection {since:%d %b})",
            body=f"The group reflects at least every {every} days. Write a short reflection: what you expected, what happened, why, what you will do differently.",
            url=reverse("impact:reflection_new", args=[workgroup.pk]),
            pilot_id=workgroup.pilot_id,
            key=f"reflection:{workgroup.pk}:{since}:{period}",
        )
    return sent


def digest_send(*, today: dt.date | None = None) -> int:
    """The weekly digest: what happened in each person's workgroups and what waits for them. Returns mails sent."""
    today = today or timezone.localdate()
    week_ago = timezone.now() - dt.timedelta(days=7)
    sent = 0
    for pref_user in (
        User.objects.filter(is_active=True)
        .exclude(email="")
        .select_related("notification_preference")
    ):
        pref = getattr(pref_user, "notification_preference", None)
        if pref is not None and not pref.weekly_digest:
            continue
        recent = list(Notification.objects.filter(user=pref_user, created_at__gte=week_ago)[:30])
        unread = Notification.objects.filter(user=pref_user, read_at__isnull=True).count()
        ending = (
            Slice.objects.filter(
                workgroup__memberships__person_id=pref_user.person_id,
                end__gte=today,
                end__lte=today + dt.timedelta(days=7),
            ).exclude(stage="done")
            if pref_user.person_id
            else Slice.objects.none()
        )
        if not recent and not ending.exists():
            continue
        lines = [
            f"Your week in Workshift, to {today:%d %B %Y}.",
            "",
            f"Unread notifications: {unread}",
            "",
        ]
        lines += [f"- {n.title}" for n in recent]
        slices = list(ending)
        if slices:
            lines += ["", "Slices ending this week:"] + [
                f"- {s.title} (ends {s.end:%d %b})" for s in slices
            ]
        send_mail(
            "[Workshift] Your weekly digest",
            "\n".join(lines),
            settings.DEFAULT_FROM_EMAIL,
            [pref_user.email],
        )
        sent += 1
    return sent
