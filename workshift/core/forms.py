"""Form pieces shared by every app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms

from workshift.core.concurrency import EditConflict, versioned_save


class VersionedModelForm(forms.ModelForm):  # type: ignore[type-arg]
    """A model form that refuses to overwrite a newer version of its record.

    The form carries the version it was opened with; `save_or_conflict(save=...)`
    hands the record to the app's service `save(record=..., expected_version=...)`
    and returns the saved record, or None with a form error when someone else
    saved in between (the user's input stays in the form).
    """

    edit_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["edit_version"].initial = self.instance.version

    def save_or_conflict(self, *, save: Callable[..., Any] = versioned_save) -> Any:
        instance = super().save(commit=False)
        try:
            saved = save(record=instance, expected_version=self.cleaned_data.get("edit_version"))
        except EditConflict as conflict:
            self.add_error(None, str(conflict))
            return None
        self.save_m2m()
        return saved


from django.forms.renderers import TemplatesSetting  # noqa: E402


class WorkshiftFormRenderer(TemplatesSetting):
    """Renders every form field with its label, help text and errors next to it."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
