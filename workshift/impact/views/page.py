"""What the phase's pages share: the method guard, the form page, and access to a workgroup or its records."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from workshift.conditions.models import Workgroup
from workshift.impact import access

GET_POST = require_http_methods(["GET", "POST"])


def form_page(
    request: HttpRequest,
    *,
    workgroup: Workgroup | None,
    title: str,
    form: Any,
    submit: str,
    intro: str = "",
    pilot: Any = None,
    multipart: bool = False,
    extra: dict[str, Any] | None = None,
) -> HttpResponse:
    context = {
        "workgroup": workgroup,
        "pilot": pilot or (workgroup.pilot if workgroup else None),
        "title": title,
        "form": form,
        "submit": submit,
        "intro": intro,
        "multipart": multipart,
    }
    return render(
        request,
        "impact/form_page.html",
        context | (extra or {}),
        status=400 if form.is_bound and form.errors else 200,
    )


def record_for(request: HttpRequest, model: Any, pk: int, *select: str) -> Any:
    """A record of a workgroup; writing (POST) needs a role that acts there."""
    return access.record_for_user(
        user=request.user, model=model, pk=pk, act=request.method == "POST", select=select
    )


def workgroup_for(request: HttpRequest, pk: int, act: bool = False) -> Workgroup:
    return access.workgroup_for_viewer(
        user=request.user, pk=pk, act=act or request.method == "POST"
    )


def workgroup_page(
    request: HttpRequest, template: str, *, workgroup: Workgroup, form: Any, **context: Any
) -> HttpResponse:
    """A page of one workgroup with a form: 400 while the form shows errors."""
    return render(
        request,
        template,
        {"workgroup": workgroup, "pilot": workgroup.pilot, "form": form, **context},
        status=400 if form.errors else 200,
    )


def posted_and_saved(request: HttpRequest, form: Any, *, save: Any) -> bool:
    """A POST whose form is valid and saves through `save` without an edit conflict."""
    return request.method == "POST" and form.is_valid() and bool(form.save_or_conflict(save=save))
