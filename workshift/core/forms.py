"""Form pieces shared by every app."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.validators import MaxLengthValidator
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext, ngettext

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


def counted_widget(widget: dict[str, Any]) -> dict[str, Any]:
    """A widget's template context with `maxlength` turned into `data-maxlength`.

    A browser's `maxlength` cuts typed and pasted text without a word. `data-maxlength`
    lets length-counter.js show "37 / 200" under the field instead, and the form's own
    max_length check refuses over-long text with a message next to the field, while the
    field keeps everything that was typed.
    """
    attrs = widget.get("attrs") or {}
    if "maxlength" in attrs:
        attrs = {k: v for k, v in attrs.items() if k != "maxlength"}
        attrs["data-maxlength"] = widget["attrs"]["maxlength"]
        widget = {**widget, "attrs": attrs}
    if widget.get("subwidgets"):
        widget = {**widget, "subwidgets": [counted_widget(sub) for sub in widget["subwidgets"]]}
    return widget


class WorkshiftFormRenderer(TemplatesSetting):
    """Renders every form field with its label, help text and errors next to it.

    Every widget goes through `render`, so a length limit is shown by a counter rather
    than enforced by the browser's silent cut (see `counted_widget`).
    """

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"

    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if isinstance(widget, dict):
            context = {**context, "widget": counted_widget(widget)}
        return str(super().render(template_name, context, request=request))


class LengthLimitMessage:
    """The message of Django's max_length check: "At most 200 characters (it has 10,000)."

    A validator's message is formatted with `message % params`; this object does the
    formatting itself so that both numbers are written with thousands separators.
    Installed on `MaxLengthValidator` once, at start-up (`CoreConfig.ready`), so every
    form field, model field and admin page with a max_length says the same thing.
    """

    def __mod__(self, params: dict[str, Any]) -> str:
        limit, length = int(params["limit_value"]), int(params["show_value"])
        return ngettext(
            "At most %(limit)s character (it has %(length)s).",
            "At most %(limit)s characters (it has %(length)s).",
            limit,
        ) % {"limit": f"{limit:,}", "length": f"{length:,}"}

    def __str__(self) -> str:
        return gettext("Too many characters.")


LENGTH_LIMIT_MESSAGE = LengthLimitMessage()


def length_limit_message_install() -> None:
    # formatted like a string by `message % params`, which is all Django does with it
    MaxLengthValidator.message = LENGTH_LIMIT_MESSAGE  # type: ignore[assignment]
