"""Forms of the workgroup space: each keeps what was typed and puts the message next to the field."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils import timezone

from workshift.core.forms import VersionedModelForm
from workshift.core.uploads import UploadRefused, csv_text_decoded, upload_size_check
from workshift.impact.models import (
    AdoptedPractice,
    Obstacle,
    Opportunity,
    Practice,
    Reflection,
    Slice,
    WorkgroupCharter,
)
from workshift.impact.selectors import frontline_metrics
from workshift.pilots.models import Metric

DATE = forms.DateInput(attrs={"type": "date"})


def _pilot_metrics(
    form: forms.BaseForm, field: str, pilot_id: int, frontline: bool = False
) -> None:
    qs = (
        frontline_metrics(pilot_id=pilot_id)
        if frontline
        else Metric.objects.filter(pilot_id=pilot_id)
    )
    form.fields[field].queryset = qs
    form.fields[field].empty_label = "— choose a metric —"


class CharterForm(VersionedModelForm):
    class Meta:
        model = WorkgroupCharter
        fields = ["shared_outcome", "metric", "powerful_question", "reflection_every_days"]
        widgets = {
            "shared_outcome": forms.Textarea(attrs={"rows": 3}),
            "powerful_question": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, pilot_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _pilot_metrics(self, "metric", pilot_id)
        self.fields["reflection_every_days"].widget.attrs.update({"min": 1, "max": 60})

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())
        outcome = (data.get("shared_outcome") or "").strip().lower()
        metric = data.get("metric")
        if metric is not None and outcome and outcome == metric.name.strip().lower():
            self.add_error(
                "shared_outcome",
                "A shared outcome is related to the metric but is not the metric itself: say what it makes possible.",
            )
        if outcome and metric is None:
            self.add_error("metric", "Tie the outcome to the metric that matters it should move.")
        days = data.get("reflection_every_days")
        if days is not None and not 1 <= days <= 60:
            self.add_error("reflection_every_days", "Choose between 1 and 60 days.")
        return data


class AdoptPracticesForm(forms.Form):
    practices = forms.ModelMultipleChoiceField(
        queryset=Practice.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text="Start with three. The first three are suggested; add more once the group has a rhythm.",
    )

    def __init__(self, *args: Any, catalog: Any, adopted_ids: set[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practices"].queryset = catalog.exclude(pk__in=adopted_ids)
        if not self.is_bound and not adopted_ids:
            self.fields["practices"].initial = list(
                catalog.filter(starter=True).values_list("pk", flat=True)[:3]
            )


class OurVersionForm(VersionedModelForm):
    class Meta:
        model = AdoptedPractice
        fields = ["our_version"]
        widgets = {"our_version": forms.Textarea(attrs={"rows": 3})}


class PracticeUseForm(forms.Form):
    used_on = forms.DateField(widget=DATE, initial=timezone.localdate, label="Used on")
    note = forms.CharField(
        max_length=300, required=False, help_text="What happened when you used it (one line)."
    )

    def clean_used_on(self) -> Any:
        value = self.cleaned_data["used_on"]
        if value > timezone.localdate():
            raise forms.ValidationError("Record a use after it happened.")
        return value


class PracticeForm(VersionedModelForm):
    class Meta:
        model = Practice
        fields = ["name", "description", "starter", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class OpportunityForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Opportunity
        fields = ["title", "for_whom", "evidence"]
        widgets = {"evidence": forms.Textarea(attrs={"rows": 3})}


class CaptureForm(OpportunityForm):
    """Capture from the pilot page: anyone in the pilot sends it to a workgroup."""

    workgroup: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, help_text="The workgroup that should evaluate it."
    )

    class Meta(OpportunityForm.Meta):
        fields = ["workgroup", "title", "for_whom", "evidence"]

    def __init__(self, *args: Any, pilot: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workgroup"].queryset = pilot.workgroups.all()


class EvaluateForm(VersionedModelForm):
    class Meta:
        model = Opportunity
        fields = ["value", "metric", "confidence", "effort", "status"]
        help_texts = {
            "value": "How much new value it could create for customers, colleagues or the business.",
            "confidence": "How sure you are, given the evidence so far.",
            "effort": "How much of the group's time it would take.",
        }

    def __init__(self, *args: Any, pilot_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _pilot_metrics(self, "metric", pilot_id)
        for name in ("value", "confidence", "effort"):
            self.fields[name].required = True
        self.fields["status"].choices = [
            (k, v)
            for k, v in Opportunity.Status.choices
            if k in ("new", "evaluated", "dropped", self.instance.status)
        ]

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())
        if data.get("status") == Opportunity.Status.NEW and all(
            data.get(f) for f in ("value", "confidence", "effort")
        ):
            data["status"] = Opportunity.Status.EVALUATED
        return data


class SpinOffForm(forms.Form):
    name = forms.CharField(max_length=200, label="Name of the new workgroup")
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why this opportunity deserves its own workgroup.",
    )


class SpinOffDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("approve", "Approve: form the new workgroup"), ("decline", "Decline")],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Your answer to the people who proposed it.",
    )


class SliceForm(VersionedModelForm):
    class Meta:
        model = Slice
        fields = [
            "title",
            "hypothesis",
            "metric",
            "expected_change",
            "start",
            "end",
            "result",
            "learned",
            "next_step",
        ]
        widgets = {
            "start": DATE,
            "end": DATE,
            "hypothesis": forms.Textarea(attrs={"rows": 3}),
            "result": forms.Textarea(attrs={"rows": 2}),
            "learned": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, pilot_id: int, new: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _pilot_metrics(self, "metric", pilot_id, frontline=True)
        self.fields["metric"].required = True
        if new:
            for name in ("result", "learned", "next_step"):
                del self.fields[name]

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", "The slice must end after it starts.")
        elif start and end and (end - start).days > 56:
            self.add_error(
                "end",
                "Keep a slice thin: at most eight weeks. Split a bigger one into several slices.",
            )
        return data


class ReflectionForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Reflection
        fields = ["kind", "slice", "expected", "happened", "why", "differently", "written_on"]
        widgets = {
            f: forms.Textarea(attrs={"rows": 2})
            for f in ("expected", "happened", "why", "differently")
        } | {"written_on": DATE}
        help_texts = {
            "kind": "Before action: plan. During: adjust. After: learn. Outside: step back from the work."
        }

    def __init__(self, *args: Any, workgroup: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slice"].queryset = workgroup.slices.all()
        self.fields["slice"].empty_label = "— not about one slice —"

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())
        if not any(
            (data.get(f) or "").strip() for f in ("expected", "happened", "why", "differently")
        ):
            self.add_error("happened", "Write at least one of the four answers.")
        return data


class ObstacleForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Obstacle
        fields = ["title", "kind", "description", "proposed_solution"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "proposed_solution": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "kind": "Political, cultural, systemic (processes, systems), management, or the work environment."
        }


class EscalateForm(forms.Form):
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="What you tried and why it needs the next level.",
    )
    due_date = forms.DateField(
        widget=DATE, required=False, help_text="Leave empty for the usual time at the next level."
    )

    def clean_due_date(self) -> Any:
        value = self.cleaned_data.get("due_date")
        if value and value < timezone.localdate():
            raise forms.ValidationError("The due date cannot be in the past.")
        return value


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        choices=[(k, v) for k, v in Obstacle.Status.choices if k != "open"], label="Outcome"
    )
    answer = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The group and whoever raised it will read this.",
    )
    workaround = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, label="Temporary workaround"
    )

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())
        if (
            data.get("status") == Obstacle.Status.WORKAROUND
            and not (data.get("workaround") or "").strip()
        ):
            self.add_error("workaround", "Describe the temporary workaround.")
        return data


class ReadingForm(forms.Form):
    metric = forms.ModelChoiceField(queryset=Metric.objects.none())
    on = forms.DateField(widget=DATE, initial=timezone.localdate, label="Date")
    value = forms.FloatField()
    note = forms.CharField(max_length=300, required=False)

    def __init__(self, *args: Any, pilot_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _pilot_metrics(self, "metric", pilot_id, frontline=True)

    def clean_on(self) -> Any:
        value = self.cleaned_data["on"]
        if value > timezone.localdate():
            raise forms.ValidationError("A reading cannot be in the future.")
        return value


class ReadingUploadForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: metric (name or id), date (YYYY-MM-DD), value, and optionally note. "
        "If any row has a problem, nothing is imported and each problem is listed.",
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        try:
            upload_size_check(size=upload.size)
            if upload.name.lower().endswith((".xlsx", ".xls", ".zip")):
                raise UploadRefused(
                    "This is a spreadsheet file; save the sheet as “CSV UTF-8” and upload the .csv."
                )
            return csv_text_decoded(data=upload.read(), allow_windows_1252=False)
        except UploadRefused as exc:
            raise forms.ValidationError(str(exc)) from None


class PreferencesForm(forms.Form):
    weekly_digest = forms.BooleanField(required=False, label="Send me the weekly digest by e-mail")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from workshift.impact.models import Notification

        for kind, label in Notification.Kind.choices:
            self.fields[f"app_{kind}"] = forms.BooleanField(
                required=False, label=f"{label}: in the app", initial=True
            )
            self.fields[f"email_{kind}"] = forms.BooleanField(
                required=False, label=f"{label}: by e-mail", initial=True
            )
