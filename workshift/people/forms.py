"""Forms of the people pages: the import (upload, column mapping) and erasing a person."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from workshift.core.uploads import UploadRefused, upload_size_check
from workshift.people.models import Person
from workshift.people.parsing import ATTRIBUTE_PREFIX, FIELDS, attribute_name, mapping_problems

ATTRIBUTE = "attribute"


class PeopleFileForm(forms.Form):
    file = forms.FileField(
        label="People file",
        help_text="A CSV or Excel (.xlsx) file with a header row and one row per person, e.g. the export of "
        "your HR system. Re-importing a file updates people with the same employee id; nobody is duplicated.",
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(
                "Choose a .csv or .xlsx file (Excel: File > Save as > .xlsx or CSV UTF-8)."
            )
        try:
            upload_size_check(size=upload.size)
        except UploadRefused as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload


class MappingForm(forms.Form):
    """One choice per file column: a people field, a free attribute (with its name) or nothing."""

    def __init__(
        self,
        *args: Any,
        header: list[str],
        mapping: dict[str, str],
        samples: list[str],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.header = header
        choices = [("", "— not imported —")] + [(key, label) for key, (label, _n) in FIELDS.items()]
        choices.append((ATTRIBUTE, "Attribute (for diverse workgroups)"))
        self.rows = []
        for i, column in enumerate(header):
            target = mapping.get(column, "")
            is_attribute = target.startswith(ATTRIBUTE_PREFIX)
            self.fields[f"col_{i}"] = forms.ChoiceField(
                choices=choices,
                required=False,
                label=column or f"Column {i + 1}",
                initial=ATTRIBUTE if is_attribute else target,
            )
            self.fields[f"attr_{i}"] = forms.CharField(
                required=False,
                max_length=60,
                label=f"Attribute name for {column}",
                initial=target[len(ATTRIBUTE_PREFIX) :] if is_attribute else attribute_name(column),
            )
            self.rows.append(
                {
                    "column": column,
                    "sample": samples[i] if i < len(samples) else "",
                    "choice": self[f"col_{i}"],
                    "attribute": self[f"attr_{i}"],
                }
            )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        mapping = {}
        for i, column in enumerate(self.header):
            target = cleaned.get(f"col_{i}", "")
            if target == ATTRIBUTE:
                name = (cleaned.get(f"attr_{i}") or "").strip()
                if not re.fullmatch(r"[A-Za-z][A-Za-z0-9_ ]*", name):
                    self.add_error(
                        f"attr_{i}",
                        "Name the attribute with letters, digits and _ (e.g. discipline).",
                    )
                    continue
                target = ATTRIBUTE_PREFIX + attribute_name(name)
            mapping[column] = target
        for problem in mapping_problems(header=self.header, mapping=mapping):
            self.add_error(None, problem)
        self.mapping = mapping
        return cleaned


class PersonEraseForm(forms.Form):
    """Erasing cannot be undone: the administrator types the person's employee id to confirm."""

    confirm = forms.CharField(required=False, max_length=40)

    def __init__(self, *args: Any, person: Person, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.person = person

    def clean_confirm(self) -> str:
        confirm: str = self.cleaned_data["confirm"]
        if confirm != self.person.employee_id:
            raise forms.ValidationError(
                f"Type the employee id {self.person.employee_id} to confirm."
            )
        return confirm
