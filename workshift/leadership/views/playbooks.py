"""Playbook pages: a pilot's playbook per role, its export, and the organization's default playbooks."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from workshift.core.http import AuthedHttpRequest
from workshift.leadership import access, selectors, services
from workshift.leadership.exports import playbook_html, playbook_pdf
from workshift.leadership.forms import (
    PublishForm,
    StepAddForm,
    StepEditForm,
    form_submitted,
)
from workshift.leadership.models import PlaybookRole, PlaybookVersion, Stage


def _role_param(request: HttpRequest, default: str | None) -> str:
    role = request.GET.get("role") or default or PlaybookRole.MEMBER
    if role not in PlaybookRole.values:
        raise Http404("No such role.")
    return role


@require_GET
@login_required
def playbook(request: HttpRequest, pk: int) -> HttpResponse:
    pilot = access.leadership_pilot_for_user(user=request.user, pk=pk)
    mine = selectors.viewer_playbook_role(user=request.user, pilot=pilot)
    role = _role_param(request, mine)
    view = selectors.playbook_view(pilot=pilot, role=role, user=request.user)
    current = services.playbook_current()
    return render(
        request,
        "leadership/playbook.html",
        {
            "pilot": pilot,
            "view": view,
            "role": role,
            "mine": mine,
            "roles": PlaybookRole.choices,
            "newer": current if current.number != view.version.number else None,
            "section": "playbook",
        },
    )


@require_POST
@login_required
def playbook_tick(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    pilot = access.leadership_pilot_for_user(user=request.user, pk=pk)
    try:
        services.step_tick(
            pilot=pilot,
            key=request.POST.get("key", ""),
            user=request.user,
            ticked=request.POST.get("ticked", "1") == "1",
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    from django.urls import reverse

    role = request.POST.get("role", "")
    query = f"?role={role}" if role in PlaybookRole.values else ""
    return redirect(reverse("leadership:playbook", args=[pilot.pk]) + query)


@require_POST
@login_required
def playbook_move_on(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    pilot = access.leadership_pilot_for_user(user=request.user, pk=pk, edit=True)
    pinned = services.pilot_playbook_move_on(pilot=pilot)
    messages.success(request, f"The pilot now follows {pinned.playbook}.")
    from django.urls import reverse

    role = request.POST.get("role", "")
    query = f"?role={role}" if role in PlaybookRole.values else ""
    return redirect(reverse("leadership:playbook", args=[pilot.pk]) + query)


@require_GET
@login_required
def playbook_export(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    pilot = access.leadership_pilot_for_user(user=request.user, pk=pk)
    role = _role_param(request, selectors.viewer_playbook_role(user=request.user, pilot=pilot))
    view = selectors.playbook_view(pilot=pilot, role=role, user=request.user)
    name = f"playbook-{slugify(pilot.name)}-{role}"
    html = playbook_html(pilot=pilot, view=view, base_url=request.build_absolute_uri("/"))
    if kind == "html":
        response = HttpResponse(html, content_type="text/html; charset=utf-8")
    elif kind == "pdf":
        response = HttpResponse(playbook_pdf(html=html), content_type="application/pdf")
    else:
        raise Http404("Export as html or pdf.")
    response["Content-Disposition"] = f'attachment; filename="{name}.{kind}"'
    return response


# ------------------------------------------------------ default playbooks


@require_GET
@login_required
def playbooks(request: HttpRequest) -> HttpResponse:
    access.playbooks_for_user(user=request.user)
    return _playbooks_page(request, publish_form=PublishForm())


def _playbooks_page(
    request: HttpRequest, *, publish_form: PublishForm, status: int = 200
) -> HttpResponse:
    current = services.playbook_current()
    draft = services.playbook_draft()
    shown = draft or current
    steps = list(shown.steps.order_by("role", "stage", "position", "id"))
    return render(
        request,
        "leadership/playbooks.html",
        {
            "current": current,
            "draft": draft,
            "shown": shown,
            "groups": [
                (
                    label,
                    [
                        (stage_label, [s for s in steps if s.role == role and s.stage == stage])
                        for stage, stage_label in Stage.choices
                    ],
                )
                for role, label in PlaybookRole.choices
            ],
            "versions": PlaybookVersion.objects.filter(number__isnull=False).select_related(
                "published_by"
            ),
            "can_edit": access.may_edit_playbooks(user=request.user),
            "add_form": StepAddForm(),
            "publish_form": publish_form,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@login_required
def playbook_step_add(request: HttpRequest) -> HttpResponse:
    access.playbooks_for_user(user=request.user, edit=True)
    form = StepAddForm(request.POST or None)
    if form_submitted(
        request,
        form,
        save=services.playbook_step_add,
        message="Step added to the draft. Publish the draft to use it.",
    ):
        return redirect("leadership:playbooks")
    return render(
        request,
        "leadership/form_page.html",
        {
            "form": form,
            "title": "Add a step",
            "submit": "Add the step",
            "back": "leadership:playbooks",
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def playbook_step_edit(request: HttpRequest, key: str) -> HttpResponse:
    access.playbooks_for_user(user=request.user, edit=True)
    step = services.playbook_step_shown(key=key)
    if step is None:
        raise Http404("No such step.")
    form = StepEditForm(
        request.POST or None, initial={f: getattr(step, f) for f in StepEditForm.base_fields}
    )
    if form_submitted(
        request,
        form,
        save=functools.partial(services.playbook_step_update, key=key),
        message="Step reworded in the draft. Publish the draft to use it.",
    ):
        return redirect("leadership:playbooks")
    return render(
        request,
        "leadership/form_page.html",
        {
            "form": form,
            "title": f"Reword “{step.title}”",
            "submit": "Save to the draft",
            "back": "leadership:playbooks",
        },
    )


@require_POST
@login_required
def playbook_step_action(request: HttpRequest, key: str, action: str) -> HttpResponse:
    access.playbooks_for_user(user=request.user, edit=True)
    try:
        if action in ("up", "down"):
            services.playbook_step_move(key=key, offset=-1 if action == "up" else 1)
        elif action in ("retire", "restore"):
            services.playbook_step_retire(key=key, retired=action == "retire")
        else:
            raise Http404("No such action.")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("leadership:playbooks")


@require_POST
@login_required
def playbook_publish(request: AuthedHttpRequest) -> HttpResponse:
    access.playbooks_for_user(user=request.user, edit=True)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            version = services.playbook_publish(user=request.user, note=form.cleaned_data["note"])
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"Published {version}. New pilots follow it; running pilots keep theirs."
            )
    else:
        # the note stays in its field, with the reason next to it
        return _playbooks_page(request, publish_form=form, status=422)
    return redirect("leadership:playbooks")


@require_POST
@login_required
def playbook_discard(request: HttpRequest) -> HttpResponse:
    access.playbooks_for_user(user=request.user, edit=True)
    services.playbook_draft_discard()
    messages.success(request, "Draft discarded.")
    return redirect("leadership:playbooks")


routes = [
    # a pilot's playbook
    path("pilots/<int:pk>/playbook/", playbook, name="playbook"),
    path("pilots/<int:pk>/playbook/tick/", playbook_tick, name="playbook_tick"),
    path("pilots/<int:pk>/playbook/move-on/", playbook_move_on, name="playbook_move_on"),
    path("pilots/<int:pk>/playbook/export.<str:kind>", playbook_export, name="playbook_export"),
    # the organization's default playbooks
    path("playbooks/", playbooks, name="playbooks"),
    # before "steps/<slug:key>/", which "new" would match
    path("playbooks/steps/new/", playbook_step_add, name="step_add"),
    path("playbooks/steps/<slug:key>/", playbook_step_edit, name="step_edit"),
    path("playbooks/steps/<slug:key>/<str:action>/", playbook_step_action, name="step_action"),
    path("playbooks/publish/", playbook_publish, name="publish"),
    path("playbooks/discard/", playbook_discard, name="discard"),
]
