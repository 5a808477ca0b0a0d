"""Obstacles: what blocks a workgroup, its escalation to the people who can remove it, and their answer."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from workshift.core.listing import csv_response, page_of, sorted_queryset
from workshift.impact import access, forms, services
from workshift.impact.models import (
    Obstacle,
)
from workshift.impact.views.page import GET_POST, workgroup_for

OBSTACLE_SORTS = {
    "due": "due_date",
    "title": "title",
    "level": "level",
    "status": "status",
    "workgroup": "workgroup__name",
    "raised": "created_at",
}


@require_GET
@login_required
def pilot_obstacles(request: HttpRequest, pk: int) -> HttpResponse:
    """Every obstacle of the pilot; `?overdue=1` is the champion's overdue view."""
    pilot = access.pilot_for_impact(user=request.user, pk=pk, lead_only=True)
    rows = Obstacle.objects.filter(workgroup__pilot=pilot).select_related("workgroup", "raised_by")
    overdue = request.GET.get("overdue") == "1"
    if overdue:
        rows = rows.exclude(status__in=Obstacle.CLOSED).filter(due_date__lt=timezone.localdate())
    level = request.GET.get("level", "")
    if level in dict(Obstacle.Level.choices):
        rows = rows.filter(level=level)
    rows, sort = sorted_queryset(
        request=request, queryset=rows, allowed=OBSTACLE_SORTS, default="due"
    )
    if request.GET.get("format") == "csv":
        return _obstacles_csv(rows)
    return render(
        request,
        "impact/pilot_obstacles.html",
        {
            "pilot": pilot,
            "page": page_of(request=request, items=rows),
            "sort": sort,
            "overdue": overdue,
            "level": level,
            "today": timezone.localdate(),
        },
    )


def _obstacles_csv(rows: Any) -> HttpResponse:
    return csv_response(
        filename="obstacles.csv",
        header=[
            "workgroup",
            "title",
            "kind",
            "level",
            "status",
            "due",
            "raised",
            "workaround",
            "answer",
        ],
        rows=(
            [
                o.workgroup.name,
                o.title,
                o.get_kind_display(),
                o.get_level_display(),
                o.get_status_display(),
                o.due_date,
                o.created_at.date(),
                o.workaround,
                o.answer,
            ]
            for o in rows
        ),
    )


@GET_POST
@login_required
def obstacles(request: HttpRequest, pk: int) -> HttpResponse:
    workgroup = workgroup_for(request, pk)
    form = forms.ObstacleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        obstacle = services.obstacle_raise(
            workgroup=workgroup, user=request.user, **form.cleaned_data
        )
        messages.success(
            request, f"Obstacle raised. The coach owes an answer by {obstacle.due_date:%d %b}."
        )
        return redirect("impact:obstacle", pk=obstacle.pk)
    rows, sort = sorted_queryset(
        request=request,
        queryset=workgroup.obstacles.select_related("raised_by", "workgroup"),
        allowed=OBSTACLE_SORTS,
        default="due",
    )
    if request.GET.get("format") == "csv":
        return _obstacles_csv(rows)
    return render(
        request,
        "impact/obstacles.html",
        {
            "workgroup": workgroup,
            "pilot": workgroup.pilot,
            "page": page_of(request=request, items=rows),
            "sort": sort,
            "form": form,
            "today": timezone.localdate(),
        },
        status=400 if form.errors else 200,
    )


def _obstacle(request: HttpRequest, pk: int, act: bool = False) -> Obstacle:
    return access.record_for_user(
        user=request.user,
        model=Obstacle,
        pk=pk,
        act=act,
        select=("raised_by", "answered_by", "workgroup__pilot"),
    )


def _obstacle_page(
    request: HttpRequest, obstacle: Obstacle, escalate_form: Any = None, answer_form: Any = None
) -> HttpResponse:
    workgroup = obstacle.workgroup_view
    holder = access.holds_obstacle(obstacle=obstacle)
    can_answer = holder and not obstacle.is_closed
    can_escalate = can_answer and obstacle.level != "champion"
    bound = escalate_form is not None or answer_form is not None
    return render(
        request,
        "impact/obstacle.html",
        {
            "workgroup": workgroup,
            "pilot": workgroup.pilot,
            "obstacle": obstacle,
            "today": timezone.localdate(),
            "escalations": obstacle.escalations.select_related("by"),
            "can_answer": can_answer,
            "can_escalate": can_escalate,
            "escalate_form": escalate_form or forms.EscalateForm(),
            "answer_form": answer_form
            or forms.AnswerForm(initial={"workaround": obstacle.workaround}),
        },
        status=400 if bound else 200,
    )


@require_GET
@login_required
def obstacle_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _obstacle_page(request, _obstacle(request, pk))


def _obstacle_step(
    request: HttpRequest, pk: int, *, form_class: Any, step: Any, form_key: str, done: Any
) -> HttpResponse:
    """Escalate or answer: only whoever holds the obstacle (its coach at coach level, leads and champion always)."""
    obstacle = _obstacle(request, pk, act=True)
    if not access.holds_obstacle(obstacle=obstacle):
        raise PermissionDenied("The person who holds the obstacle escalates or answers it.")
    form = form_class(request.POST)
    if form.is_valid():
        try:
            step(obstacle=obstacle, user=request.user, **form.cleaned_data)
        except services.ImpactError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, done(obstacle))
            return redirect("impact:obstacle", pk=obstacle.pk)
    return _obstacle_page(request, obstacle, **{form_key: form})


@require_POST
@login_required
def obstacle_escalate(request: HttpRequest, pk: int) -> HttpResponse:
    return _obstacle_step(
        request,
        pk,
        form_class=forms.EscalateForm,
        step=services.obstacle_escalate,
        form_key="escalate_form",
        done=lambda o: (
            f"Escalated to the {o.get_level_display().lower()}, answer due {o.due_date:%d %b}."
        ),
    )


@require_POST
@login_required
def obstacle_answer(request: HttpRequest, pk: int) -> HttpResponse:
    return _obstacle_step(
        request,
        pk,
        form_class=forms.AnswerForm,
        step=services.obstacle_answer,
        form_key="answer_form",
        done=lambda o: "Answer sent: the workgroup and whoever raised it will see it.",
    )


routes = [
    path("pilots/<int:pk>/obstacles/", pilot_obstacles, name="pilot_obstacles"),
    path("workgroups/<int:pk>/obstacles/", obstacles, name="obstacles"),
    path("obstacles/<int:pk>/", obstacle_detail, name="obstacle"),
    path("obstacles/<int:pk>/escalate/", obstacle_escalate, name="obstacle_escalate"),
    path("obstacles/<int:pk>/answer/", obstacle_answer, name="obstacle_answer"),
]
