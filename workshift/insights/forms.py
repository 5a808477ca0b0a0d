"""Forms of insights pages."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.urls import reverse

from workshift.conditions.models import Workgroup
from workshift.core.forms import VersionedModelForm
from workshift.insights.models import LIKERT, PULSE_QUESTIONS, PulseRound, Story
from workshift.people.models import Person
from workshift.people.picker import PeoplePicker


class PulseRoundForm(VersionedModelForm):
    class Meta:
        model = PulseRound
        fields = ["title", "opens_on", "closes_on", "cadence"]
        widgets = {
            "opens_on": forms.DateInput(attrs={"type": "date"}),
            "closes_on": forms.DateInput(attrs={"type": "date"}),
        }
        help_texts = {
            "closes_on": "Keep a round open for about a week so people can answer when it suits them."
        }

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())
        if data.get("opens_on") and data.get("closes_on") and data["closes_on"] < data["opens_on"]:
            self.add_error("closes_on", "The round must close on or after the day it opens.")
        return data


class PulseAnswerForm(forms.Form):
    comment = forms.CharField(
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Anything you want to add? (optional)",
        help_text="Comments are shown only with the results of groups large enough to keep you anonymous.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        questions = {}
        for name, label, statement, theme in PULSE_QUESTIONS:
            questions[name] = forms.TypedChoiceField(
                choices=LIKERT,
                coerce=int,
                widget=forms.RadioSelect,
                label=statement,
                help_text=f"{theme}: {label}",
            )
        self.fields = {**questions, **self.fields}

    def answers(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name, *_ in PULSE_QUESTIONS}


class StoryForm(forms.ModelForm):  # type: ignore[type-arg]
    involved = forms.ModelMultipleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="People involved",
        help_text="Type part of a name to add each person who took part in the pilot. Each person "
        "you name is asked to agree before the story is shared.",
    )

    class Meta:
        model = Story
        fields = [
            "title",
            "workgroup",
            "before",
            "what_happened",
            "after",
            "involved",
            "author_consents",
        ]
        widgets = {
            f: forms.Textarea(attrs={"rows": 3}) for f in ("before", "what_happened", "after")
        }

    def __init__(self, *args: Any, pilot: Any, participants: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workgroup"].queryset = Workgroup.objects.filter(pilot=pilot)
        self.fields["workgroup"].required = False
        self.fields["involved"].widget = PeoplePicker(
            search_url=reverse("insights:story_people", args=[pilot.pk])
        )
        self.fields["involved"].queryset = participants


class HelpSearchForm(forms.Form):
    q = forms.CharField(
        label="Describe the obstacle, opportunity or question",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Suggestions come from what people wrote and the skills they list; weak ties are preferred.",
    )
    workgroup = forms.ModelChoiceField(
        queryset=Workgroup.objects.none(),
        required=False,
        label="Asking for",
        help_text="People who already work closely with this group come last.",
    )

    def __init__(self, *args: Any, workgroups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workgroup"].queryset = workgroups
        self.fields["workgroup"].empty_label = "The whole pilot"


class CollaborationUploadForm(forms.Form):
    file = forms.FileField(
        label="Collaboration counts (CSV)",
        help_text="Columns person, other_person, count, period. People by employee id or e-mail. "
        "Counts only (e.g. meetings or chats together in a month), never content.",
    )

    def clean_file(self) -> Any:
        """Refuse what is too large or not UTF-8 CSV text before anything reads it as data."""
        from workshift.core.uploads import UploadRefused, csv_text_decoded, upload_size_check

        upload = self.cleaned_data["file"]
        try:
            upload_size_check(size=upload.size)
            csv_text_decoded(data=upload.read(), allow_windows_1252=False)
        except UploadRefused as exc:
            raise forms.ValidationError(str(exc)) from None
        upload.seek(0)
        return upload
