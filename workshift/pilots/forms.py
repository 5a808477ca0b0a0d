"""Forms of the Recognize phase."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.urls import reverse

from workshift.core.forms import VersionedModelForm
from workshift.engine.scoring import (
    WEIGHT_LIMIT,
    WEIGHT_SPECS,
    merged_weights,
    metric_level_problem,
)
from workshift.people.picker import PersonPicker
from workshift.pilots import selectors
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
        taken = selectors.candidate_unit_ids(pilot=pilot) - {self.instance.unit_id}
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: (
            f"{u.name} ({u.code})" + (" — already a candidate" if u.pk in taken else "")
        )
        self.fields["unit"].help_text = (
            "A unit can be a candidate once: units marked “already a candidate” are rated; "
            "edit their rating on the entry points page."
        )

    def clean_unit(self) -> Any:
        unit = self.cleaned_data["unit"]
        others = EntryCandidate.objects.filter(pilot=self.pilot, unit=unit).exclude(
            pk=self.instance.pk
        )
        if others.exists():
            raise forms.ValidationError(
                f"{unit.name} ({unit.code}) is already a candidate for this pilot: "
                "choose another unit, or edit its rating on the entry points page."
            )
        return unit


def reason_field(*, help_text: str, required: str, label: str = "Reason") -> forms.CharField:
    """A recorded reason: a few lines of text that may not be left empty."""
    return forms.CharField(
        label=label,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
        error_messages={"required": required},
    )


class ChooseForm(forms.Form):
    reason = reason_field(
        help_text="Why this entry point? Recorded with your name and the date, for everyone who joins later.",
        required="Say why this entry point: the choice is recorded for everyone who joins later.",
    )


class ProceedForm(forms.Form):
    """Go on with a weak catalyst, for a reason recorded with who gave it and when."""

    reason = reason_field(
        label="Why proceed with this catalyst anyway",
        help_text="Recorded with your name and the date, for everyone who joins later.",
        required="Say why the pilot goes on with a weak catalyst: the reason is recorded.",
    )


class AcknowledgeForm(forms.Form):
    """Acknowledge one of the champion's warnings: read, and going on."""

    key = forms.ChoiceField(
        error_messages={
            "required": "Say which warning you acknowledge.",
            "invalid_choice": "There is no such open warning about the champion now.",
        }
    )
    # the warning's text as the reader saw it (absent: acknowledge whatever it says now)
    message = forms.CharField(required=False, empty_value=None, widget=forms.HiddenInput)

    def __init__(self, *args: Any, champion: Champion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [
            (w.key, w.message) for w in champion.assessment().open_warnings
        ]


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
    """A metric that matters. The level decides which metrics it may sit under, so the parent
    field offers only those (and none, hidden, for a key business metric)."""

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
            "parent": "The metric this one moves.",
        }

    def __init__(self, *args: Any, pilot: Pilot, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.pilot = pilot
        metric = self.instance if self.instance.pk else None
        self._level_field(pilot=pilot, metric=metric)
        self.level = str(self["level"].value() or Metric.Level.BUSINESS)
        parent_url = reverse("pilots:metric_parent_field", args=[pilot.pk])
        self.fields["level"].widget.attrs.update(
            {
                # htmx: a new level re-renders the parent field with that level's choices
                "hx-get": parent_url + (f"?metric={metric.pk}" if metric else ""),
                "hx-trigger": "change",
                "hx-target": "#parent-field",
                "hx-swap": "outerHTML",
                "hx-include": "[name=parent]",
            }
        )
        self._parent_field(pilot=pilot, metric=metric)
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
        self.fields["owner"].help_text = "Who reads it; leave empty for nobody yet."

    def _level_field(self, *, pilot: Pilot, metric: Metric | None) -> None:
        field = self.fields["level"]
        if metric is not None and metric.children.exists():
            field.disabled = True
            field.help_text = (
                "Metrics sit below this one, so its level stays: move or delete them to change it."
            )
            return
        open_levels = selectors.metric_levels_open(pilot=pilot, metric=metric)
        field.choices = [(v, label) for v, label in Metric.Level.choices if v in open_levels]
        closed = [v for v in Metric.Level.values if v not in open_levels]
        if closed:
            field.help_text += " " + " ".join(
                {
                    "operating": "An operating metric needs a key business metric to sit under: add one first.",
                    "frontline": "A frontline metric needs an operating metric to sit under: add one first.",
                }[v]
                for v in closed
            )

    def _parent_field(self, *, pilot: Pilot, metric: Metric | None) -> None:
        field = self.fields["parent"]
        field.queryset = selectors.metric_parent_choices(
            pilot=pilot, level=self.level, metric=metric
        )
        field.label_from_instance = lambda m: m.name
        problem = metric_level_problem(level=self.level, parent_level=None)
        if problem is None:
            field.disabled = True
            field.required = False
            field.empty_label = "None: a key business metric is the top of the tree"
            field.help_text = "A key business metric is the top of the tree: it has no parent."
            self.initial["parent"] = None
            return
        field.required = True
        field.empty_label = "Choose the metric it moves"
        field.error_messages["required"] = f"{problem} Choose the one it moves."
        field.error_messages["invalid_choice"] = f"{problem} Choose one of those offered."
        field.label = "Sits under"
        field.help_text = f"{problem.replace(' must sit', ' sits')} Only those are offered."
