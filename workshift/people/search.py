"""Finding people by part of a name, an employee id or a unit: the person picker's search."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from workshift.people.models import Person

PICKER_LIMIT = 20


def people_matching(
    *, people: QuerySet[Person], query: str, limit: int = PICKER_LIMIT
) -> list[Person]:
    """At most `limit` of `people` whose name, employee id or unit matches every word of `query`.

    Each word matches the start of the first or last name, the start of the employee id, or any
    part of the unit's name; "ann lee" finds Ann Lee and Leeann Annetts. Sorted by name.
    """
    words = query.split()[:4]
    if not words:
        return []
    for word in words:
        people = people.filter(
            Q(first_name__istartswith=word)
            | Q(last_name__istartswith=word)
            | Q(employee_id__istartswith=word)
            | Q(unit__name__icontains=word)
        )
    return list(people.select_related("unit").order_by("last_name", "first_name", "pk")[:limit])


def person_label(person: Person) -> str:
    unit = f", {person.unit.name}" if person.unit_id and person.unit else ""
    return f"{person.full_name} ({person.employee_id}{unit})"
