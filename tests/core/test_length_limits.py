"""Length limits are shown and refused, never cut silently.

A browser's `maxlength` cuts typed and pasted text without a word. Every field with a
max_length renders `data-maxlength` instead (a live counter under the field), and the
server refuses over-long text with a message that gives the limit and the length.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from pathlib import Path
from typing import Any

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

import workshift

SILENT_CUT = re.compile(r"(?<![-\w])maxlength=", re.IGNORECASE)


def _form_classes() -> list[type[forms.BaseForm]]:
    """Every form class of the product, found by importing every module that defines forms."""
    for module in pkgutil.walk_packages(workshift.__path__, "workshift."):
        if module.name.rsplit(".", 1)[-1] in ("forms", "picker"):
            importlib.import_module(module.name)
    found: list[type[forms.BaseForm]] = []
    pending: list[type[Any]] = [forms.BaseForm]
    while pending:
        cls = pending.pop()
        for sub in cls.__subclasses__():
            pending.append(sub)
            if sub.__module__.startswith("workshift."):
                found.append(sub)
    return found


@pytest.mark.django_db
def test_every_form_field_with_a_max_length_renders_a_counter_not_a_silent_cut() -> None:
    limited = []
    for cls in _form_classes():
        form = cls.__new__(cls)
        forms.BaseForm.__init__(form)  # the form's own fields, without its page's arguments
        for name, field in form.fields.items():
            limit = getattr(field, "max_length", None)
            if limit is None or field.widget.is_hidden:
                continue
            html = str(form[name])
            where = f"{cls.__module__}.{cls.__name__}.{name}"
            assert not SILENT_CUT.search(html), where
            assert f'data-maxlength="{limit}"' in html, where
            limited.append(where)
    # the walk found the product's forms, not nothing
    assert len(limited) > 40, limited
    assert "workshift.pilots.forms.PilotCreateForm.name" in limited


def test_no_template_writes_a_maxlength_by_hand() -> None:
    root = Path(workshift.__file__).parent
    cutting = [
        str(path.relative_to(root))
        for path in root.rglob("*.html")
        if SILENT_CUT.search(path.read_text(encoding="utf-8"))
    ]
    assert cutting == []


@pytest.mark.parametrize(
    ("role", "page"),
    [
        ("lead", lambda pilot, org: reverse("pilots:create")),
        ("lead", lambda pilot, org: reverse("pilots:edit", args=[pilot.pk])),
        ("lead", lambda pilot, org: reverse("leadership:step_add")),
        (
            "administrator",
            lambda pilot, org: reverse("people:person_erase", args=[org["people"]["member"].pk]),
        ),
    ],
)
def test_pages_with_forms_show_counters_instead(client_for, pilot, org, role, page) -> None:
    response = client_for(role).get(page(pilot, org))
    assert response.status_code == 200
    html = response.content.decode()
    assert "data-maxlength=" in html
    assert not SILENT_CUT.search(html)
    assert "workshift/length-counter.js" in html


def test_an_over_long_pilot_name_is_refused_with_its_length_and_kept_whole(client_for) -> None:
    from workshift.pilots.models import Pilot

    name = ("Collections that keep customers " * 313)[:9_999] + "!"
    assert len(name) == 10_000
    response = client_for("lead").post(
        reverse("pilots:create"), {"name": name, "status": "exploring"}
    )
    html = response.content.decode()
    assert "At most 200 characters (it has 10,000)." in html
    # next to the field, and the field still holds all of it
    assert re.search(r'id="id_name_error"[^>]*>At most 200 characters \(it has 10,000\)\.', html)
    assert f'value="{name}"' in html
    assert not Pilot.objects.exists()


def test_the_model_check_says_the_same_in_one_and_many() -> None:
    from workshift.pilots.models import Metric

    with pytest.raises(ValidationError) as caught:
        Metric(name="x" * 201, unit="y" * 41).clean_fields(exclude=["pilot", "level"])
    assert caught.value.message_dict["name"] == ["At most 200 characters (it has 201)."]
    assert caught.value.message_dict["unit"] == ["At most 40 characters (it has 41)."]
    field = forms.CharField(max_length=1)
    with pytest.raises(ValidationError) as one:
        field.clean("ab")
    assert one.value.messages == ["At most 1 character (it has 2)."]


def test_the_api_refuses_an_over_long_name_with_a_422_naming_the_field(client_for) -> None:
    from workshift.pilots.models import Pilot

    response = client_for("lead").post(
        "/api/pilots", {"name": "x" * 10_000}, content_type="application/json"
    )
    assert response.status_code == 422, response.content[:500]
    body = response.json()
    assert body["code"] == "invalid"
    assert [e["field"].rsplit(".", 1)[-1] for e in body["errors"]] == ["name"]
    assert not Pilot.objects.exists()
