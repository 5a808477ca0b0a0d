"""The person picker: a search box instead of a list of every person.

`PersonPicker` (one person) and `PeoplePicker` (several) replace the select widgets of
ModelChoiceField / ModelMultipleChoiceField. They never iterate the field's choices: the page
renders only the chosen people, and typing asks the search endpoint (people:search, or another
one given as `search_url`) for at most a page of matches. The form field's queryset still decides
what is valid, and only people it accepts are shown by name: give the field its widget before its
queryset (or declare the widget with the field), so that the widget receives the queryset.
`picker_options` is the search endpoints' answer: every endpoint decides who may be
found, and this one function finds and renders them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from workshift.people.models import Person
from workshift.people.search import (
    PICKER_LIMIT,
    people_matching,
    person_label,
    person_short_label,
)


class PersonPicker(forms.Widget):
    template_name = "people/widgets/person_picker.html"
    allow_multiple_selected = False

    def __init__(
        self,
        attrs: dict[str, Any] | None = None,
        *,
        search_url: str | None = None,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(attrs)
        self.search_url = search_url
        self.params = dict(params or {})

    def _ids(self, value: Any) -> list[int]:
        values = value if isinstance(value, list | tuple) else [value]
        ids = []
        for v in values:
            pk = getattr(v, "pk", v)
            if pk is None:
                continue
            try:
                ids.append(int(pk))
            except (TypeError, ValueError):
                continue
        return ids

    def format_value(self, value: Any) -> Any:
        return self._ids(value)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        # a page of the chosen people by name; any more stay chosen, by id only
        all_ids = list(dict.fromkeys(self._ids(value)))
        ids, more = all_ids[:PICKER_LIMIT], all_ids[PICKER_LIMIT:]
        # named only if the field accepts them: a posted id of anybody else shows no one's name
        accepted = getattr(getattr(self, "choices", None), "queryset", None)
        people = accepted if accepted is not None else Person.objects.all()
        chosen = people.filter(pk__in=ids).select_related("unit") if ids else []
        by_id = {p.pk: p for p in chosen}
        url = self.search_url or reverse("people:search")
        params = {**self.params, "field": context["widget"]["attrs"].get("id", name)}
        context["widget"].update(
            {
                "chosen": [(pk, person_label(by_id[pk])) for pk in ids if pk in by_id],
                "more": more if self.allow_multiple_selected else [],
                "multiple": self.allow_multiple_selected,
                "search_url": f"{url}?{urlencode(params)}",
                "limit": PICKER_LIMIT,
                # the form's help text and error, read out with the search box
                "describedby": context["widget"]["attrs"].get("aria-describedby", ""),
                "invalid": context["widget"]["attrs"].get("aria-invalid") == "true",
            }
        )
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> Any:
        if self.allow_multiple_selected:
            getter = getattr(data, "getlist", None)
            return getter(name) if getter else data.get(name)
        return data.get(name)

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return not self.allow_multiple_selected and name not in data


class PeoplePicker(PersonPicker):
    allow_multiple_selected = True


def picker_options(request: HttpRequest, *, people: QuerySet[Person]) -> HttpResponse:
    """A search endpoint's answer: at most a page of `people` matching `?q=`, as picker options.

    The caller has checked access and narrowed `people` to whom the field accepts.
    """
    query = request.GET.get("q", "").strip()[:100]
    found = people_matching(people=people, query=query, limit=PICKER_LIMIT + 1)
    # employee ids and units are for those who may browse the people directory
    browses = getattr(request.user, "can_browse_people", False)
    return render(
        request,
        "people/_person_options.html",
        {
            "options": [
                (p, person_label(p) if browses else person_short_label(p))
                for p in found[:PICKER_LIMIT]
            ],
            "more": len(found) > PICKER_LIMIT,
            "browses": browses,
            "q": query,
            "field": "".join(
                c for c in request.GET.get("field", "person") if c.isalnum() or c in "_-"
            ),
        },
    )
