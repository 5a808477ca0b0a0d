"""Story pages: the pilot's stories, one story and the consent of the people in it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET, require_http_methods

from workshift.core.http import AuthedHttpRequest
from workshift.core.listing import csv_response, page_of, sorted_queryset
from workshift.insights import access, services
from workshift.insights.forms import StoryForm
from workshift.insights.selectors.participants import pilot_participants
from workshift.people.picker import picker_options


@require_GET
@login_required
def story_people(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    """The story form's person search: only the people taking part in the pilot."""
    pilot = access.insights_pilot_for_user(user=request.user, pk=pk)
    return picker_options(request, people=pilot_participants(pilot=pilot))


@require_http_methods(["GET", "POST"])
@login_required
def stories(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    pilot = access.insights_pilot_for_user(user=request.user, pk=pk)
    form = StoryForm(
        request.POST or None, pilot=pilot, participants=pilot_participants(pilot=pilot)
    )
    if request.method == "POST":
        if not request.user.person_id:
            raise PermissionDenied(
                "Your login is not linked to a person, so you cannot sign a story."
            )
        if form.is_valid():
            data = form.cleaned_data
            story = services.story_create(
                pilot=pilot,
                author=request.user.person,
                title=data["title"],
                before=data["before"],
                what_happened=data["what_happened"],
                after=data["after"],
                involved=data["involved"],
                workgroup=data["workgroup"],
                author_consents=data["author_consents"],
            )
            messages.success(
                request, "Story saved. It is shared once you and everyone involved agree."
            )
            return redirect(story.get_absolute_url())
    visible = access.stories_visible_to(user=request.user, pilot=pilot).select_related(
        "author", "workgroup"
    )
    visible, sort = sorted_queryset(
        request=request,
        queryset=visible,
        allowed={"created": "created_at", "title": "title"},
        default="-created",
    )
    if request.GET.get("format") == "csv":
        return csv_response(
            filename=f"stories-{pilot.pk}.csv",
            header=["title", "author", "workgroup", "shared", "created"],
            rows=(
                [
                    s.title,
                    s.author,
                    s.workgroup,
                    "yes" if s.shared else "waiting for consent",
                    s.created_at.date(),
                ]
                for s in visible
            ),
        )
    return render(
        request,
        "insights/stories.html",
        {
            "pilot": pilot,
            "page": page_of(request=request, items=visible, per_page=10),
            "form": form,
            "sort": sort,
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def story(request: AuthedHttpRequest, pk: int) -> HttpResponse:
    the_story = access.story_for_user(user=request.user, pk=pk)
    person_id = request.user.person_id
    involvement = the_story.involved.filter(person_id=person_id).first() if person_id else None
    deciding = person_id is not None and (
        the_story.author_id == person_id or involvement is not None
    )
    if request.method == "POST":
        if not deciding:
            raise PermissionDenied(
                "Only the author and the people involved decide whether the story is shared."
            )
        consent = request.POST.get("consent") == "yes"
        services.story_consent_set(story=the_story, person=request.user.person, consent=consent)  # type: ignore[arg-type]
        messages.success(
            request,
            "Thank you: your decision is recorded."
            if consent
            else "Noted: the story will not be shared without your agreement.",
        )
        return redirect(the_story.get_absolute_url())
    my_consent = (
        the_story.author_consents
        if the_story.author_id == person_id
        else (involvement.consent if involvement else None)
    )
    return render(
        request,
        "insights/story.html",
        {
            "pilot": the_story.pilot,
            "story": the_story,
            "involved": the_story.involved.select_related("person"),
            "deciding": deciding,
            "my_consent": my_consent,
        },
    )


routes = [
    path("pilots/<int:pk>/stories/", stories, name="stories"),
    path("pilots/<int:pk>/stories/people/", story_people, name="story_people"),
    path("stories/<int:pk>/", story, name="story"),
]
