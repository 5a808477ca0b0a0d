"""Forms of the Create phase: every field keeps what was typed and shows its error next to it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse

from workshift.conditions.formation_settings import (
    DEFAULT_SECONDS,
    DEFAULT_SEED,
    FormationSettings,
)
from workshift.conditions.models import (
    Application,
    CapacityMethod,
    CapacityParticipant,
    CoachChecklist,
    CoachingLogEntry,
    Community,
    Expectations,
    FormationKind,
    VolunteerCall,
)
from workshift.conditions.services import SIZE_LIMITS
from workshift.core.forms import VersionedModelForm
from workshift.people.models import OrgUnit, Person
from workshift.people.picker import PeoplePicker, PersonPicker

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PersonChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} · {obj.job_title} ({obj.employee_id})"


class PeopleChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.full_name} · {obj.job_title} ({obj.employee_id})"


class OrderedPeopleChoiceField(PeopleChoiceField):
    """Several people in the order they were chosen (the picker keeps the order of its chips)."""

    def clean(self, value: Any) -> list[Person]:  # type: ignore[override]
        by_id = {p.pk: p for p in super().clean(value)}
        ids = [int(v) for v in dict.fromkeys(value or [])]
        return [by_id[pk] for pk in ids if pk in by_id]


# ---------------------------------------------------------------------------
# capacity
# ---------------------------------------------------------------------------


class ParticipantForm(forms.Form):
    person = PersonChoiceField(
        queryset=Person.objects.none(), help_text="Someone who will join a workgroup."
    )

    def __init__(self, *args: Any, people: Any, unit_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].widget = PersonPicker(params={"unit": unit_id} if unit_id else None)
        self.fields["person"].queryset = people


class CapacityTaskForm(forms.Form):
    participant = forms.ModelChoiceField(
        queryset=CapacityParticipant.objects.none(), help_text="Whose time this frees."
    )
    name = forms.CharField(
        max_length=200, label="Task", help_text="e.g. Inbound calls on the late shift."
    )
    share = forms.IntegerField(min_value=1, max_value=100, label="Share of working time (%)")
    method = forms.ChoiceField(
        choices=CapacityMethod.choices,
        label="How",
        help_text="Simplify, build, borrow, buy, or relax a metric.",
    )
    receiver = PersonChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="Taken over by",
        help_text="Leave empty when the task stops or is automated.",
    )
    note = forms.CharField(max_length=300, required=False)

    def __init__(
        self, *args: Any, pilot: Any, people: Any, participant_ids: set[int], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.participant_ids = participant_ids
        self.fields["participant"].queryset = CapacityParticipant.objects.filter(
            pilot=pilot
        ).select_related("person")
        self.fields["receiver"].widget = PersonPicker()
        self.fields["receiver"].queryset = people

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())
        receiver, method = data.get("receiver"), data.get("method")
        if method == CapacityMethod.BORROW and receiver is None:
            self.add_error(
                "receiver", "Borrowing means a colleague takes the task over: choose who."
            )
        if receiver is not None and receiver.pk in self.participant_ids:
            self.add_error(
                "receiver",
                "This person takes part in the pilot; their own time must be freed, not filled.",
            )
        return data


class ReceiverForm(forms.Form):
    person = PersonChoiceField(queryset=Person.objects.none(), label="Receiver")
    baseline_load = forms.IntegerField(
        min_value=0,
        max_value=200,
        label="Load before the pilot (%)",
        help_text="How much of their working time is already taken (100 = full).",
    )

    def __init__(self, *args: Any, people: Any, unit_id: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["person"].widget = PersonPicker(params={"unit": unit_id} if unit_id else None)
        self.fields["person"].queryset = people


class ExceptionForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Why this participant may start below 75% freed. Everyone in the pilot sees it. "
        "Leave empty to remove the exception.",
    )


# ---------------------------------------------------------------------------
# coaches
# ---------------------------------------------------------------------------


class ChecklistForm(VersionedModelForm):
    class Meta:
        model = CoachChecklist
        fields = [name for p in CoachChecklist.PARTS for name in (p, f"{p}_date")]
        widgets = {f"{p}_date": DATE for p in CoachChecklist.PARTS} | {
            p: forms.Textarea(attrs={"rows": 2}) for p in CoachChecklist.PARTS
        }
        labels = {f"{p}_date": "Date" for p in CoachChecklist.PARTS}


class CoachingLogForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = CoachingLogEntry
        fields = ["date", "workgroup", "note"]
        widgets = {"date": DATE, "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, workgroups: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["workgroup"].queryset = workgroups
        self.fields["workgroup"].required = False


# ---------------------------------------------------------------------------
# volunteer call
# ---------------------------------------------------------------------------


class VolunteerCallForm(VersionedModelForm):
    ask_attributes = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Diversity questions to ask",
        help_text="Applicants may answer or prefer not to say. Answers help mix the workgroups.",
    )

    class Meta:
        model = VolunteerCall
        fields = ["title", "message", "places", "deadline", "ask_attributes"]
        widgets = {"deadline": DATE}

    def __init__(self, *args: Any, attribute_keys: Sequence[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ask_attributes"].choices = [
            (k, k.replace("_", " ").capitalize()) for k in attribute_keys
        ]

    def clean_places(self) -> int:
        places: int = self.cleaned_data["places"]
        if not 3 <= places <= 90:
            raise forms.ValidationError(
                "A pilot takes 15-60 volunteers (3-5 workgroups of 3-15): enter 3 to 90."
            )
        return places


APPLICATION_TEXT_MAX = 2000


class ApplicationForm(forms.Form):
    employee_id = forms.CharField(
        max_length=40, label="Employee id", help_text="As on your payslip or HR profile."
    )
    email = forms.EmailField(label="Work e-mail", max_length=254)
    why = forms.CharField(
        max_length=APPLICATION_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Why does this matter to you?",
        error_messages={"required": "Tell us in a sentence or two why this matters to you."},
    )
    problem = forms.CharField(
        max_length=APPLICATION_TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        label="Which problem or opportunity would you take on?",
        error_messages={"required": "Name one problem or opportunity you would start with."},
    )
    availability = forms.CharField(
        max_length=300,
        label="Your availability",
        help_text="e.g. from 1 March, any shift; or: weekdays only.",
        error_messages={"required": "Say when you could start and which shifts suit you."},
    )

    def __init__(self, *args: Any, questions: dict[str, list[str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.questions = questions
        for key, values in questions.items():
            self.fields[f"attr_{key}"] = forms.ChoiceField(
                choices=[("", "Prefer not to say")] + [(v, v) for v in values],
                required=False,
                label=key.replace("_", " ").capitalize(),
            )

    def answers(self) -> dict[str, str]:
        return {
            k: self.cleaned_data.get(f"attr_{k}")  # type: ignore[misc]
            for k in self.questions
            if self.cleaned_data.get(f"attr_{k}")
        }


class DecisionForm(forms.Form):
    status = forms.ChoiceField(choices=Application.Status.choices, label="Decision")
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text="Recorded with the decision. Applicants never see a ranking.",
    )

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())
        if (
            data.get("status") != Application.Status.SUBMITTED
            and not (data.get("reason") or "").strip()
        ):
            self.add_error("reason", "Record the reason for this decision.")
        return data

    def error_summary(self) -> str:
        """The errors in one line, each after its field's label (for the page that lists decisions)."""
        return " ".join(
            f"{self[name].label}: {error}" if name in self.fields else str(error)
            for name, errors in self.errors.items()
            for error in errors
        )


# ---------------------------------------------------------------------------
# formation
# ---------------------------------------------------------------------------


class FormationForm(forms.Form):
    """The settings of one formation run.

    Whom to group is "everyone in the pool" (`everyone`, the default) or the people chosen in
    the picker, so the page never lists the pool: it may hold thousands.
    """

    everyone = forms.BooleanField(
        required=False, widget=forms.CheckboxInput(attrs={"class": "form-check-input"})
    )
    people = PeopleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        label="Only these people",
        help_text="Type part of a name, an employee id or a unit to add each person.",
    )
    groups = forms.IntegerField(
        min_value=1,
        max_value=20,
        label="Number of groups",
        help_text="3-6 workgroups are suggested: one is no proof, ten are too many to coach.",
    )
    min_size = forms.IntegerField(label="Smallest group")
    max_size = forms.IntegerField(label="Largest group")
    coaches = OrderedPeopleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        help_text="One coach each: choose as many coaches as groups, the first coach for the "
        "first group and so on, or none yet. Type part of a name to add each coach.",
    )
    together = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Keep together",
        help_text="One pair of employee ids a line, e.g. E01001, E01002.",
    )
    apart = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Keep apart",
        help_text="One pair of employee ids a line.",
    )
    locked = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Locked people",
        help_text="One a line: employee id = group number, e.g. E01001 = 2.",
    )
    two_or_none = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="At least two or none",
        help_text="Nobody is the only one of their kind in a group for these attributes.",
    )
    names = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        label="Group names",
        help_text="Optional, one a line.",
    )
    seconds = forms.FloatField(
        min_value=0.2, max_value=120, initial=DEFAULT_SECONDS, label="Search time (seconds)"
    )

    def __init__(
        self,
        *args: Any,
        pilot: Any,
        kind: str,
        candidates: Any,
        pool: list[Any],
        coaches: Any,
        attribute_choices: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.pool_label = (
            "Selected volunteers" if kind == FormationKind.WORKGROUPS else "Workgroup members"
        )
        self.pool = pool  # `candidates` as read once by the page
        self.pool_size = len(pool)
        self.fields["people"].widget = PeoplePicker(
            search_url=reverse("conditions:formation_people", args=[pilot.pk, kind])
        )
        self.fields["people"].queryset = candidates
        self.fields["everyone"].label = (
            f"Everyone selected in the volunteer call ({self.pool_size} people)"
            if kind == FormationKind.WORKGROUPS
            else f"Every member of the pilot's workgroups ({self.pool_size} people)"
        )
        if not self.is_bound:
            self._initial_everyone()
        lo, hi = SIZE_LIMITS[kind]
        for name in ("min_size", "max_size"):
            self.fields[name].min_value = lo
            self.fields[name].max_value = hi
            self.fields[name].validators += [MinValueValidator(lo), MaxValueValidator(hi)]
            self.fields[name].widget.attrs.update(min=lo, max=hi)
        if kind == FormationKind.CELLS:
            self.fields["groups"].help_text = "Cells of 5-15 people drawn across workgroups."
            del self.fields["coaches"]
        else:
            self.fields["coaches"].widget = PeoplePicker(
                search_url=reverse("conditions:coach_candidates", args=[pilot.pk])
            )
            self.fields["coaches"].queryset = coaches
        self.attribute_choices = attribute_choices
        self.fields["two_or_none"].choices = attribute_choices
        for key, label in attribute_choices:
            self.fields[f"w_{key}"] = forms.FloatField(
                min_value=0,
                max_value=5,
                required=False,
                label=label,
                widget=forms.NumberInput(attrs={"step": "0.5", "min": 0, "max": 5}),
            )

    def _initial_everyone(self) -> None:
        """Offer "everyone" when the initial people are the whole pool (the defaults, or a run of it)."""
        self.initial = dict(self.initial)
        chosen = set(self.initial.get("people") or [])
        everyone = not chosen or chosen == {p.pk for p in self.pool}
        self.initial["everyone"] = everyone
        if everyone:
            self.initial["people"] = []

    def clean_people(self) -> Any:
        if self.cleaned_data.get("everyone"):
            return self.pool
        people = self.cleaned_data.get("people")
        if not people:
            raise forms.ValidationError(
                "Choose the people to group, or tick “everyone” to group the whole pool."
            )
        return people

    def weight_fields(self) -> list[Any]:
        return [self[f"w_{k}"] for k, _ in self.attribute_choices]

    def main_fields(self) -> list[Any]:
        return [f for f in self if not f.name.startswith("w_")]

    def _people_by_employee_id(self) -> dict[str, Person]:
        return {p.employee_id.lower(): p for p in self.cleaned_data.get("people", [])}

    def _lines(self, name: str, sep: str, width: int) -> list[list[str]]:
        rows = []
        for number, line in enumerate((self.cleaned_data.get(name) or "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [p.strip() for p in line.replace(sep, ",").split(",") if p.strip()]
            if len(parts) != width:
                raise forms.ValidationError(
                    f"Line {number}: write {'two employee ids' if width == 2 else 'employee id = group number'}."
                )
            rows.append([str(number), *parts])
        return rows

    def _pairs(self, name: str) -> list[list[int]]:
        found = self._people_by_employee_id()
        pairs = []
        for number, a, b in self._lines(name, ",", 2):
            missing = [x for x in (a, b) if x.lower() not in found]
            if missing:
                raise forms.ValidationError(
                    f"Line {number}: {', '.join(missing)} is not among the chosen people."
                )
            pairs.append([found[a.lower()].pk, found[b.lower()].pk])
        return pairs

    def clean(self) -> dict[str, Any]:
        data = cast(dict[str, Any], super().clean())
        if self.errors:
            return data
        if data["min_size"] > data["max_size"]:
            self.add_error("max_size", "The largest group cannot be smaller than the smallest.")
            return data
        for name in ("together", "apart"):
            try:
                data[f"{name}_pairs"] = self._pairs(name)
            except forms.ValidationError as exc:
                self.add_error(name, exc)
        try:
            found = self._people_by_employee_id()
            locked = {}
            for number, emp, group in self._lines("locked", "=", 2):
                if emp.lower() not in found:
                    raise forms.ValidationError(
                        f"Line {number}: {emp} is not among the chosen people."
                    )
                if not group.isdigit() or not 1 <= int(group) <= data["groups"]:
                    raise forms.ValidationError(
                        f"Line {number}: the group number must be 1 to {data['groups']}."
                    )
                locked[found[emp.lower()].pk] = int(group) - 1
            data["locked_map"] = locked
        except forms.ValidationError as exc:
            self.add_error("locked", exc)
        coaches = list(data.get("coaches") or [])
        if coaches and len(coaches) != data["groups"]:
            self.add_error(
                "coaches", f"One coach each: choose {data['groups']} coaches, or none for now."
            )
        weights = {k: float(data.get(f"w_{k}") or 0) for k, _ in self.attribute_choices}
        if not any(w > 0 for w in weights.values()):
            self.add_error(
                None, "Give at least one attribute a weight above 0: the groups are mixed on them."
            )
        data["weights"] = {k: w for k, w in weights.items() if w > 0}
        return data

    def settings(self, *, seed: int = DEFAULT_SEED) -> FormationSettings:
        data = self.cleaned_data
        return FormationSettings(
            people=tuple(sorted(p.pk for p in data["people"])),
            groups=data["groups"],
            min_size=data["min_size"],
            max_size=data["max_size"],
            weights=data["weights"],
            coaches=tuple(c.pk for c in data.get("coaches") or []),
            together=tuple((a, b) for a, b in data.get("together_pairs", [])),
            apart=tuple((a, b) for a, b in data.get("apart_pairs", [])),
            locked=data.get("locked_map", {}),
            two_or_none=tuple(data.get("two_or_none") or []),
            names=tuple(n.strip() for n in (data.get("names") or "").splitlines() if n.strip()),
            seconds=data["seconds"],
            seed=seed,
            text={k: data.get(k) or "" for k in ("together", "apart", "locked", "names")},
        )

    @staticmethod
    def initial_from(settings: FormationSettings) -> dict[str, Any]:
        """Form input that reproduces stored settings (to keep the lead's settings after a failure)."""
        initial: dict[str, Any] = {
            "groups": settings.groups,
            "min_size": settings.min_size,
            "max_size": settings.max_size,
            "seconds": settings.seconds,
            "two_or_none": list(settings.two_or_none),
            "people": list(settings.people),
            "coaches": list(settings.coaches),
        }
        initial.update(settings.text)
        initial.update({f"w_{k}": w for k, w in settings.weights.items()})
        return initial


class TeamForm(forms.Form):
    unit = forms.ModelChoiceField(
        queryset=OrgUnit.objects.none(),
        label="Existing team",
        help_text="Its people become the workgroup; trust is there already, but so are old habits.",
    )
    name = forms.CharField(max_length=200, required=False, help_text="Defaults to the team's name.")

    def __init__(self, *args: Any, units: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


# ---------------------------------------------------------------------------
# expectations and communities
# ---------------------------------------------------------------------------


class ItemsField(forms.CharField):
    """A list of short items, typed one a line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def prepare_value(self, value: Any) -> Any:
        return "\n".join(value) if isinstance(value, list) else value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value)
        return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


class ExpectationsForm(VersionedModelForm):
    may = ItemsField(
        required=False,
        label="Guardrails: they may touch",
        help_text="One a line: customers, systems or decisions the groups may act on.",
    )
    may_not = ItemsField(
        required=False,
        label="Guardrails: they may not touch",
        help_text="One a line. Guardrails can be adjusted as trust grows.",
    )

    class Meta:
        model = Expectations
        fields = [
            "new_expectations",
            "may",
            "may_not",
            "initial_problem",
            "no_penalty",
            "incentive_conflicts",
        ]
        widgets = {
            f: forms.Textarea(attrs={"rows": 3})
            for f in ("new_expectations", "initial_problem", "no_penalty", "incentive_conflicts")
        }


class CommunityForm(forms.ModelForm):  # type: ignore[type-arg]
    members = PeopleChoiceField(
        queryset=Person.objects.none(),
        required=False,
        widget=PeoplePicker(),
        help_text="People taking part in the pilot; type part of a name to add each one.",
    )

    class Meta:
        model = Community
        fields = ["name", "topic", "members"]

    def __init__(self, *args: Any, people: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["members"].queryset = people
