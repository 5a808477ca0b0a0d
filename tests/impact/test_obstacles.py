"""Obstacles climb from coach to program lead to champion with due dates; every one gets an answer."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse

from workshift.impact import services
from workshift.impact.models import Notification, Obstacle, ObstacleEscalation


@pytest.fixture
def obstacle(groups, users):
    return services.obstacle_raise(
        workgroup=groups["a"],
        user=users["member"],
        title="Cannot waive a late fee",
        kind="systemic",
        proposed_solution="Let specialists waive one fee a year",
    )


def test_raising_goes_to_the_coach_with_a_due_date(obstacle, users) -> None:
    assert obstacle.level == "coach" and obstacle.due_date == dt.date.today() + dt.timedelta(
        days=Obstacle.LEVEL_DAYS["coach"]
    )
    assert Notification.objects.filter(user=users["coach"], kind="escalation").exists()


def test_the_coach_escalates_to_the_lead_then_the_lead_to_the_champion(
    client_for, obstacle, users
) -> None:
    client_for("coach").post(
        reverse("impact:obstacle_escalate", args=[obstacle.pk]), {"note": "Needs a policy change"}
    )
    obstacle.refresh_from_db()
    assert (
        obstacle.level == "lead"
        and Notification.objects.filter(user=users["lead"], kind="escalation").exists()
    )
    # the coach no longer holds it
    assert (
        client_for("coach")
        .post(reverse("impact:obstacle_escalate", args=[obstacle.pk]))
        .status_code
        == 403
    )
    client_for("lead").post(
        reverse("impact:obstacle_escalate", args=[obstacle.pk]),
        {"due_date": (dt.date.today() + dt.timedelta(days=2)).isoformat()},
    )
    obstacle.refresh_from_db()
    assert obstacle.level == "champion" and obstacle.due_date == dt.date.today() + dt.timedelta(
        days=2
    )
    assert ObstacleEscalation.objects.filter(obstacle=obstacle).count() == 2
    assert Notification.objects.filter(user=users["champion"], kind="escalation").exists()
    response = client_for("champion").post(reverse("impact:obstacle_escalate", args=[obstacle.pk]))
    assert response.status_code == 400 and b"last level" in response.content


def test_a_member_cannot_escalate_or_answer(client_for, obstacle) -> None:
    assert (
        client_for("member")
        .post(reverse("impact:obstacle_escalate", args=[obstacle.pk]))
        .status_code
        == 403
    )
    assert (
        client_for("member")
        .post(
            reverse("impact:obstacle_answer", args=[obstacle.pk]),
            {"status": "resolved", "answer": "x"},
        )
        .status_code
        == 403
    )


def test_the_answer_reaches_the_person_who_raised_it(client_for, obstacle, users) -> None:
    mail.outbox.clear()
    users["member"].email = "max@example.com"
    users["member"].save()
    response = client_for("champion").post(
        reverse("impact:obstacle_answer", args=[obstacle.pk]),
        {
            "status": "resolved",
            "answer": "Specialists may now waive one fee a year.",
        },
    )
    assert response.status_code == 302
    obstacle.refresh_from_db()
    assert obstacle.status == "resolved" and obstacle.answered_by == users["champion"]
    assert Notification.objects.filter(
        user=users["member"], kind="answer", body__contains="waive one fee"
    ).exists()
    assert any("max@example.com" in m.to for m in mail.outbox)
    page = client_for("member").get(reverse("impact:obstacle", args=[obstacle.pk]))
    assert b"Specialists may now waive one fee a year." in page.content


def test_a_workaround_answer_needs_the_workaround(client_for, obstacle) -> None:
    response = client_for("coach").post(
        reverse("impact:obstacle_answer", args=[obstacle.pk]),
        {"status": "workaround", "answer": "For now:"},
    )
    assert (
        response.status_code == 400
        and b"Describe the temporary workaround" in response.content
        and b"For now:" in response.content
    )


def test_the_overdue_view_lists_only_overdue_open_obstacles(
    client_for, groups, users, pilot
) -> None:
    late = services.obstacle_raise(
        workgroup=groups["b"],
        user=users["lead"],
        title="Late one",
        kind="cultural",
        today=dt.date.today() - dt.timedelta(days=20),
    )
    services.obstacle_raise(
        workgroup=groups["a"], user=users["member"], title="Fresh one", kind="cultural"
    )
    done = services.obstacle_raise(
        workgroup=groups["a"],
        user=users["member"],
        title="Old but answered",
        kind="cultural",
        today=dt.date.today() - dt.timedelta(days=20),
    )
    services.obstacle_answer(obstacle=done, user=users["coach"], answer="Done", status="resolved")
    content = (
        client_for("champion")
        .get(reverse("impact:pilot_obstacles", args=[pilot.pk]) + "?overdue=1")
        .content.decode()
    )
    assert (
        late.title in content and "Fresh one" not in content and "Old but answered" not in content
    )


def test_reminders_go_once_to_the_holder_of_an_overdue_obstacle_and_for_missed_reflections(
    groups, users
) -> None:
    from workshift.impact.notifications import reminders_send

    services.obstacle_raise(
        workgroup=groups["a"],
        user=users["member"],
        title="Old",
        kind="cultural",
        today=dt.date.today() - dt.timedelta(days=10),
    )
    type(groups["a"]).objects.filter(pk=groups["a"].pk).update(
        created_at=groups["a"].created_at - dt.timedelta(days=9)
    )
    first = reminders_send()
    assert Notification.objects.filter(user=users["coach"], kind="due").count() == 1
    assert Notification.objects.filter(user=users["member"], kind="reflection").count() == 1
    assert first >= 2
    assert reminders_send() == 0


def test_a_person_who_turned_off_an_kind_gets_no_in_app_notice_of_it(
    client_for, groups, users
) -> None:
    client_for("coach").post(
        reverse("impact:notification_preferences"),
        {"weekly_digest": "on"}
        | {
            f"{c}_{k}": "on"
            for c in ("app", "email")
            for k in ("due", "reflection", "answer", "spin_off", "flag")
        },
    )
    services.obstacle_raise(
        workgroup=groups["a"], user=users["member"], title="Muted", kind="cultural"
    )
    assert not Notification.objects.filter(
        user=users["coach"], kind="escalation", read_at__isnull=True
    ).exists()


def test_the_weekly_digest_goes_to_people_with_news(groups, users, obstacle) -> None:
    from workshift.impact.notifications import digest_send

    for user in users.values():
        user.email = f"{user.username}@example.com"
        user.save()
    mail.outbox.clear()
    sent = digest_send()
    recipients = {m.to[0] for m in mail.outbox}
    assert sent == len(mail.outbox) and "cora@example.com" in recipients
    assert "otto@example.com" not in recipients
    assert (
        "Cannot waive a late fee"
        in next(m for m in mail.outbox if m.to == ["cora@example.com"]).body
    )


def test_the_digest_command_runs(groups, users, obstacle, capsys) -> None:
    from workshift.impact.commands import cmd_digest

    class Args:
        queue = False

    assert cmd_digest(Args()) == 0
    assert "Sent the weekly digest" in capsys.readouterr().out


def test_the_bell_counts_unread_notifications(client_for, obstacle, groups) -> None:
    content = (
        client_for("coach").get(reverse("impact:workgroup", args=[groups["a"].pk])).content.decode()
    )
    assert 'data-testid="unread-count">1<' in content
