"""Forms of the Recognize phase."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from workshift.core.forms import VersionedModelForm
from workshift.engine.scoring import WEIGHT_LIMIT, WEIGHT_SPECS, merged_weights
from workshift.people.picker import PersonPicker
from workshift.pilots.models import (
    CatalystAssessment,
    Champion,
    EntryCandidate,
    Metric,
    Pilot,
    PilotRole,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
YES_NO_CHOICES = [("", "Not answered yet"), ("True", "Yes"), ("False", "No")]


class PilotForm(VersionedModelForm):
    class Meta:
        model = Pilot
        fields = [
            "name",
            "vision_value",
            "vision_focus",
            "vision_capabilities",
            "start_date",
            "end_date",
            "status",
        ]
        widgets = {"start_date": DATE, "end_date": DATE}
        help_texts = {
            "status": "Later phases may block a change (for example, running needs freed capacity for every participant)."
        }

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())
        if (
            data.get("start_date")
            and data.get("end_date")
            and data["end_date"] < data["start_date"]
        ):
            self.add_error("end_date", "The end date is before the start date.")
        return data


class PilotCreateForm(PilotForm):
    class Meta(PilotForm.Meta):
        fields = [
            "name",
            "vision_value",
            "vision_focus",
            "vision_capabilities",
            "start_date",
            "end_date",
        ]


class MemberAddForm(forms.Form):
    user: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, help_text="Anyone with a login. Their pilot role decides what they see here."
    )
    role = forms.ChoiceField(
        choices=PilotRole.choices,
        help_text="Program leads and champions change the pilot; coaches and managers read it; workgroup members see the vision and metrics.",
    )

    def __init__(self, *args: Any, pilot: Pilot, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        taken = pilot.memberships.values_list("user_id", flat=True)
        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .exclude(pk__in=taken)
            .order_by("last_name", "first_name", "username")
        )
        self.fields["user"].label_from_instance = lambda u: (
            f"{u.get_full_name() or u.username} ({u.username})"
        )


class CatalystForm(VersionedModelForm):
    class Meta:
        model = CatalystAssessment
        fields = [
            "kind",
            "description",
            "must_break",
            "must_break_note",
            "urgent",
            "urgent_note",
            "beyond_optimization",
            "beyond_optimization_note",
            "capacity",
            "capacity_note",
            "needs_optimization_or_controls",
            "absorbing_change",
        ]
        widgets = {
            name: forms.Textarea(attrs={"rows": 2})
            for name in (
                "must_break_note",
                "urgent_note",
                "beyond_optimization_note",
                "capacity_note",
            )
        }
        widgets["description"] = forms.Textarea(attrs={"rows": 3})
        help_texts = {
            "kind": "What creates the urgency (or the opportunity) to leave the status quo."
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("must_break", "urgent", "beyond_optimization", "capacity"):
            field = self.fields[name]
            self.fields[name] = forms.NullBooleanField(
                label=field.label,
                help_text=field.help_text,
                required=False,
                widget=forms.Select(choices=YES_NO_CHOICES),
            )


class ChampionForm(VersionedModelForm):
    class Meta:
        model = Champion
        fields = [
            "person",
            "title",
            "is_c_level",
            "committed_on",
            "commit_note",
            "communicated_on",
            "communicate_note",
            "covered_on",
            "cover_note",
            "vision",
            "vision_frontline_gain",
        ]
        widgets = {
            "committed_on": DATE,
            "communicated_on": DATE,
            "covered_on": DATE,
            "vision": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].widget = PersonPicker()
        self.fields["person"].queryset = people


class CandidateForm(VersionedModelForm):
    class Meta:
        model = EntryCandidate
        fields = [
            "unit",
            "unit_type",
            "coupling",
            "position",
            "supervisors_motivated",
            "collaborative_groups",
            "leadership_support",
            "improvement_exposure",
            "freeable_capacity_pct",
            "pool_size",
            "in_champion_influence",
            "notes",
        ]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}
        labels = {
            "unit": "Org unit",
            "unit_type": "Business unit or function",
            "coupling": "Self-contained or interdependent",
            "position": "Edge or core",
        }

    def __init__(self, *args: Any, pilot: Pilot, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.pilot = pilot
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: f"{u.name} ({u.code})"

    def clean_unit(self) -> Any:
        unit = self.cleaned_data["unit"]
        others = EntryCandidate.objects.filter(pilot=self.pilot, unit=unit).exclude(
            pk=self.instance.pk
        )
        if others.exists():
            raise forms.ValidationError(
                f"{unit.name} is already a candidate for this pilot: edit that one instead."
            )
        return unit


class ChooseForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Why this entry point? Recorded with your name and the date, for everyone who joins later.",
        error_messages={
            "required": "Say why this entry point: the choice is recorded for everyone who joins later."
        },
    )


class WeightsForm(forms.Form):
    """One field per scoring weight, pre-filled with the pilot's current values."""

    def __init__(self, *args: Any, pilot: Pilot, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = merged_weights(overrides=pilot.entry_weights)
        for key, axis, label, default in WEIGHT_SPECS:
            self.fields[key] = forms.FloatField(
                label=f"{axis.capitalize()}: {label}",
                initial=current[key],
                min_value=-WEIGHT_LIMIT,
                max_value=WEIGHT_LIMIT,
                help_text=f"Default {default:g}. Positive: more of it raises {axis}; negative: lowers it; 0 ignores it.",
                widget=forms.NumberInput(attrs={"step": "0.5"}),
            )


class MetricForm(VersionedModelForm):
    class Meta:
        model = Metric
        fields = [
            "level",
            "parent",
            "name",
            "unit",
            "direction",
            "cadence",
            "baseline",
            "target",
            "owner",
            "data_source",
        ]
        help_texts = {
            "level": "Key business metric at the top, operating metrics below it, frontline metrics (leading indicators workgroups control) at the bottom.",
            "parent": "The metric this one moves. Empty only for a key business metric.",
        }

    def __init__(self, *args: Any, pilot: Pilot, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.pilot = pilot
        parents = Metric.objects.filter(pilot=pilot).exclude(level=Metric.Level.FRONTLINE)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents.order_by("level", "name")
        self.fields["parent"].label_from_instance = lambda m: (
            f"{m.name} ({m.get_level_display().lower()})"
        )
        self.fields["owner"].widget = PersonPicker()
        self.fields["owner"].queryset = people
        for name, prompt in (
            ("direction", "Choose: is up or down good?"),
            ("cadence", "Choose how often it is read"),
        ):
            self.fields[name].error_messages["required"] = Metric._meta.get_field(  # type: ignore[union-attr]
                name
            ).error_messages["blank"]
            self.fields[name].choices = [("", prompt), *Metric._meta.get_field(name).choices]  # type: ignore[union-attr, misc]
        self.fields["parent"].empty_label = "None (a key business metric)"
        self.fields["owner"].help_text = "Who reads it; leave empty for nobody yet."
