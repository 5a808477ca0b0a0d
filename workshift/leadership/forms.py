"""Forms of the leadership pages: every field keeps what was typed and shows its error next to it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone

from workshift.conditions.models import Workgroup
from workshift.conditions.selectors import entry_units
from workshift.leadership.checks import check_choices
from workshift.leadership.links import link_choices
from workshift.leadership.models import DecisionKind, Mode, PlaybookRole, Stage
from workshift.people.models import OrgUnit, Person
from workshift.people.search import person_short_label
from workshift.pilots.models import Metric, Pilot

T = TypeVar("T")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def pilot_people(*, pilot: Pilot) -> QuerySet[Person]:
    """People who take part in the pilot: its members' logins, workgroup members and coaches."""
    return (
        Person.objects.filter(
            Q(user__pilot_memberships__pilot=pilot)
            | Q(workgroup_memberships__workgroup__pilot=pilot)
            | Q(coached_workgroups__pilot=pilot)
        )
        .distinct()
        .order_by("last_name", "first_name")
    )


class StepEditForm(forms.Form):
    title = forms.CharField(max_length=200)
    purpose = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), label="What it is for")
    minutes = forms.IntegerField(
        min_value=1, max_value=60 * 40, label="Usual duration (minutes)", initial=30
    )
    link = forms.ChoiceField(
        choices=link_choices, label="Where it is done", help_text="The page the step links to."
    )
    done_when = forms.ChoiceField(
        choices=check_choices,
        required=False,
        label="Ticked off when",
        help_text="The pilot data that shows the step is done; or ticked by hand.",
    )


class StepAddForm(StepEditForm):
    role = forms.ChoiceField(choices=PlaybookRole.choices)
    stage = forms.ChoiceField(choices=Stage.choices)

    field_order = ["role", "stage", "title", "purpose", "minutes", "link", "done_when"]


class PublishForm(forms.Form):
    note = forms.CharField(
        max_length=300,
        label="What changed",
        error_messages={"required": "Say in a sentence what changed in this version."},
        help_text="In a sentence; pilots already running keep their version until their lead moves them on.",
    )


class PersonField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Person) -> str:
        return person_short_label(obj)


class RightForm(forms.Form):
    mode = forms.ChoiceField(choices=Mode.choices, label="Who holds the decision")
    person = PersonField(
        queryset=Person.objects.none(),
        required=False,
        label="Named person",
        help_text="Whom the workgroup consults, or who approves. Empty: the workgroup's coach.",
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why the right changes. Kept with this version for everyone to read.",
    )

    def __init__(self, *args: Any, pilot: Pilot, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = pilot_people(pilot=pilot)


class KindForm(RightForm):
    name = forms.CharField(max_length=200, label="Kind of decision")
    description = forms.CharField(max_length=300, required=False)

    field_order = ["name", "description", "mode", "person", "reason"]


class DecisionForm(forms.Form):
    kind = forms.ModelChoiceField(queryset=DecisionKind.objects.none(), label="Kind of decision")
    what = forms.CharField(max_length=300, label="What was decided")
    taken_as = forms.ChoiceField(
        choices=Mode.choices,
        label="How it was taken",
        help_text="A decision taken outside its right is recorded and flagged to the coach.",
    )
    decided_by = PersonField(queryset=Person.objects.none(), label="Decided by")
    decided_on = forms.DateField(widget=DATE, initial=timezone.localdate)
    metric = forms.ModelChoiceField(
        queryset=Metric.objects.none(),
        required=False,
        label="Outcome measure it should move",
    )

    def __init__(self, *args: Any, workgroup: Workgroup, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = workgroup.pilot.decision_kinds.all()
        self.fields["decided_by"].queryset = Person.objects.filter(
            Q(workgroup_memberships__workgroup=workgroup) | Q(coached_workgroups=workgroup)
        ).distinct()
        self.fields["metric"].queryset = workgroup.pilot.metrics.all()


class SurgeForm(forms.Form):
    name = forms.CharField(max_length=200, help_text="e.g. Year-end collections peak.")
    starts_on = forms.DateField(widget=DATE)
    ends_on = forms.DateField(widget=DATE)
    extra_hours = forms.FloatField(
        min_value=0.5, max_value=10000, label="Extra demand (hours a week)"
    )
    workgroup = forms.ModelChoiceField(
        queryset=Workgroup.objects.none(), required=False, help_text="The workgroup it hits..."
    )
    unit = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(), required=False, help_text="...or the unit it hits."
    )
    skill = forms.CharField(
        max_length=100, required=False, help_text="The skill the work needs; empty for anyone."
    )

    def __init__(self, *args: Any, pilot: Pilot, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workgroup"].queryset = pilot.workgroups.all()
        # the teams of the pilot's entry point, not every unit of the organization
        self.fields["unit"].queryset = entry_units(pilot=pilot).order_by("name")

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", "The surge ends before it starts.")
        if bool(data.get("workgroup")) == bool(data.get("unit")):
            self.add_error("workgroup", "Choose either the workgroup or the unit the surge hits.")
        return data


class SurgeExceptionForm(forms.Form):
    person = PersonField(queryset=Person.objects.none(), label="Participant")
    hours = forms.FloatField(
        min_value=0.5, max_value=40, label="Freed hours a week the surge may use"
    )
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Why; shown to everyone in the pilot.",
    )

    def __init__(self, *args: Any, people: QuerySet[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people


def form_add_errors(form: Any, error: ValidationError) -> None:
    """Put a service's ValidationError next to the fields it names (or on the form)."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def form_submitted(
    request: HttpRequest, form: forms.Form, *, save: Callable[..., T], message: str
) -> T | None:
    """On a POST of a valid form, `save(**cleaned_data)` (the page's service) and say `message`.

    None when there is nothing saved: a GET, a field error, or the service's ValidationError,
    which is put next to the fields it names so the page shows the form again.
    """
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        saved = save(**form.cleaned_data)
    except ValidationError as error:
        form_add_errors(form, error)
        return None
    messages.success(request, message)
    return saved
