"""Personal data: everything stored about one person (export) and erasing a person everywhere.

Both find the person's records from the model registry (every foreign key to
Person or to their login), so a model added later is covered without a change
here. Apps above people add the rules of their own records (stories, pulse
answers) with `register_erase_step`.

Erasing keeps the records that others need, with the person pseudonymised:
group memberships and pulse answers still count, audit entries keep the event
(who acted, when, on what kind of record) but not the name. Finally every text,
JSON and binary column of every table is searched for the person's names,
e-mail, employee id and login and they are replaced.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.contrib.sessions.models import Session
from django.core import serializers
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from workshift.core.audit import acting_as
from workshift.core.models import AuditEntry
from workshift.people.models import Person

ERASED = "[erased]"
EraseStep = Callable[..., None]
_erase_steps: list[EraseStep] = []
_SECRET_FIELDS = {"password", "key_hash"}


def register_erase_step(step: EraseStep) -> None:
    """`step(person=..., user=...)` runs inside the erase transaction, before the names go."""
    if step not in _erase_steps:
        _erase_steps.append(step)


def _user_model() -> Any:
    return apps.get_model("accounts", "User")


def _login_of(person: Person) -> Any:
    return _user_model().objects.filter(person=person).first()


def _relations(targets: dict[type[models.Model], Any]) -> Iterable[tuple[Any, str, Any]]:
    """(model, field name, target object) for every foreign key to one of the targets."""
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if not (
                field.is_relation and field.concrete and (field.many_to_one or field.one_to_one)
            ):
                continue
            target = targets.get(field.related_model)  # type: ignore[arg-type]
            if target is not None and model not in targets:
                yield model, field.name, target


def _rows(queryset: Any) -> list[dict[str, Any]]:
    rows = []
    for item in serializers.serialize("python", queryset):
        fields = {k: v for k, v in item["fields"].items() if k not in _SECRET_FIELDS}
        for key, value in fields.items():
            if isinstance(value, (bytes, memoryview)):
                fields[key] = f"<{len(bytes(value))} bytes>"
        rows.append({"id": item["pk"], **fields})
    return rows


def person_export(*, person: Person, actor: Any = None) -> dict[str, Any]:
    """Everything stored about `person` and their login, as plain JSON-ready data (audited)."""
    user = _login_of(person)
    targets: dict[type[models.Model], Any] = {Person: person}
    if user is not None:
        targets[_user_model()] = user
    records: dict[str, list[dict[str, Any]]] = {}
    for model, field, target in _relations(targets):
        rows = _rows(model._default_manager.filter(**{field: target}).order_by("pk"))
        if rows:
            records.setdefault(model._meta.label, []).extend(rows)
    about = AuditEntry.objects.filter(model=Person._meta.label, object_id=str(person.pk))
    if user is not None:
        about = about | AuditEntry.objects.filter(model=user._meta.label, object_id=str(user.pk))
    data = {
        "exported_at": timezone.now(),
        "person": _rows(Person.objects.filter(pk=person.pk))[0],
        "login": _rows(_user_model().objects.filter(pk=user.pk))[0] if user else None,
        "records": records,
        "audit_entries_about_them": _rows(about.order_by("at", "pk")),
    }
    AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=AuditEntry.Action.EXPORT,
        model=Person._meta.label,
        object_id=str(person.pk),
        object_repr=f"personal data of person #{person.pk}",
        changes={},
    )
    plain: dict[str, Any] = json.loads(json.dumps(data, cls=DjangoJSONEncoder))
    return plain


def _identifiers(person: Person, user: Any) -> tuple[list[str], list[str]]:
    """(case-insensitive texts, case-sensitive single names) that name this person."""
    loose = {
        f"{person.first_name} {person.last_name}",
        f"{person.last_name}, {person.first_name}",
        f"{person.last_name} {person.first_name}",
        person.email,
        person.employee_id,
    }
    if user is not None:
        loose |= {user.username, user.email, f"{user.first_name} {user.last_name}"}
    loose = {t.strip() for t in loose if t and len(t.strip()) >= 3 and t.strip() != ","}
    exact = []
    for name, field in ((person.first_name, "first_name"), (person.last_name, "last_name")):
        name = name.strip()
        shared = Person.objects.exclude(pk=person.pk).filter(**{f"{field}__iexact": name}).exists()
        if len(name) >= 3 and not shared:
            exact.append(name)
    return sorted(loose, key=len, reverse=True), exact


def _pattern(loose: list[str], exact: list[str]) -> re.Pattern[str]:
    parts = [f"(?i:{re.escape(t)})" for t in loose] + [rf"\b{re.escape(t)}\b" for t in exact]
    return re.compile("|".join(parts))


def _scrub(value: Any, pattern: re.Pattern[str]) -> Any:
    if isinstance(value, str):
        return pattern.sub(ERASED, value)
    if isinstance(value, list):
        return [_scrub(v, pattern) for v in value]
    if isinstance(value, dict):
        return {_scrub(k, pattern): _scrub(v, pattern) for k, v in value.items()}
    return value


_TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField)


def _scrub_everywhere(loose: list[str], exact: list[str]) -> dict[str, int]:
    """Replace the identifiers in every text and JSON column; clear binary files that hold them."""
    pattern = _pattern(loose, exact)
    needles = loose + exact
    changed: dict[str, int] = {}
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            manager = model._base_manager
            if isinstance(field, models.BinaryField):
                cleared = _clear_binary(model, field, needles)
                if cleared:
                    changed[f"{model._meta.label}.{field.name}"] = cleared
                continue
            if not isinstance(field, _TEXT_FIELDS) or field.primary_key:
                continue
            query = models.Q()
            for needle in needles:
                query |= models.Q(**{f"{field.name}__icontains": needle})
            count = 0
            for pk, value in manager.filter(query).values_list("pk", field.name).iterator():
                new = _scrub(value, pattern)
                if new != value:
                    if isinstance(field, models.CharField) and field.max_length:
                        new = new[: field.max_length]
                    manager.filter(pk=pk).update(**{field.name: new})
                    count += 1
            if count:
                changed[f"{model._meta.label}.{field.name}"] = count
    return changed


def _clear_binary(model: Any, field: Any, needles: list[str]) -> int:
    """Files kept in the database (import uploads, report PDFs) that name the person are dropped:
    compressed files (XLSX, PDF) cannot be searched, so those go too."""
    encoded = [n.encode() for n in needles] + [n.lower().encode() for n in needles]
    cleared = 0
    manager = model._base_manager
    for pk, value in manager.exclude(**{f"{field.name}__isnull": True}).values_list(
        "pk", field.name
    ):
        data = bytes(value or b"")
        compressed = data[:4] == b"PK\x03\x04" or data[:5] == b"%PDF-"
        if data and (compressed or any(n in data or n in data.lower() for n in encoded)):
            manager.filter(pk=pk).update(**{field.name: b"" if not field.null else None})
            cleared += 1
    return cleared


def person_erase(*, person: Person, actor: Any = None) -> dict[str, int]:
    """Remove or pseudonymise `person` everywhere, in one transaction; returns what changed."""
    user = _login_of(person)
    loose, exact = _identifiers(person, user)
    with transaction.atomic(), acting_as(actor):
        for step in _erase_steps:
            step(person=person, user=user)
        pk = person.pk
        Person.objects.filter(pk=pk).update(
            employee_id=f"erased-{pk}",
            first_name="Erased",
            last_name=f"person {pk}",
            email="",
            job_title="",
            location="",
            start_date=None,
            skills=[],
            attributes={},
            manager=None,
            active=False,
        )
        if user is not None:
            _user_erase(user)
        _audit_entries_anonymise(person=person, user=user)
        changed = _scrub_everywhere(loose, exact)
        AuditEntry.objects.create(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action=AuditEntry.Action.ERASE,
            model=Person._meta.label,
            object_id=str(pk),
            object_repr=f"erased person #{pk}",
            changes={"tables": sorted(changed)},
        )
    return changed


def _user_erase(user: Any) -> None:
    user.api_tokens.all().delete()
    for session in Session.objects.all().iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
    user.username = f"erased-{user.pk}"
    user.first_name = user.last_name = user.email = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()


def _audit_entries_anonymise(*, person: Person, user: Any) -> None:
    """Entries about the person's records keep action, time and actor, not the values."""
    records = [(Person._meta.label, person.pk)]
    if user is not None:
        records.append((user._meta.label, user.pk))
    for label, pk in records:
        entries = AuditEntry.objects.filter(model=label, object_id=str(pk))
        for entry in entries.iterator():
            entry.object_repr = f"erased {label.split('.')[-1].lower()} #{pk}"
            entry.changes = {key: [ERASED, ERASED] for key in entry.changes}
            entry.save(update_fields=["object_repr", "changes"])
