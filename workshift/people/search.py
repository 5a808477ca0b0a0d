"""Finding people by part of a name, an employee id or a unit: the person picker's search."""

from __future__ import annotations

from django.db.models import CharField, F, OrderBy, Q, QuerySet, Value
from django.db.models.functions import Concat

from workshift.people.models import OrgUnit, Person

PICKER_LIMIT = 20


def people_matching(
    *, people: QuerySet[Person], query: str, limit: int = PICKER_LIMIT
) -> list[Person]:
    """At most `limit` of `people` matching `query` (see `people_filtered`), sorted by name."""
    if not query.split():
        return []
    matches = sorted_matches(
        people_filtered(people=people, query=query).select_related("unit"),
        "last_name",
        "first_name",
        "pk",
    )
    return list(matches[:limit])


def people_filtered(*, people: QuerySet[Person], query: str) -> QuerySet[Person]:
    """`people` whose name, employee id, e-mail or unit matches every word of `query`.

    Each word matches the start of the first or last name, of the employee id or of the e-mail
    address, or any part of the unit's name; "ann lee" finds Ann Lee and Leeann Annetts. On
    PostgreSQL each start is found through a prefix index (migration 0005), not by reading every
    person. The people list, the picker and the API search the same way.
    """
    for word in query.split()[:4]:
        people = people.filter(
            Q(first_name__istartswith=word)
            | Q(last_name__istartswith=word)
            | Q(employee_id__istartswith=word)
            | Q(email__istartswith=word)
            # units by name first, so each condition is on the person's row and indexed
            | Q(
                unit_id__in=list(
                    OrgUnit.objects.filter(name__icontains=word).values_list("pk", flat=True)[:500]
                )
            )
        )
    return people


def person_label(person: Person) -> str:
    unit = f", {person.unit.name}" if person.unit_id and person.unit else ""
    return f"{person.full_name} ({person.employee_id}{unit})"


def person_short_label(person: Person) -> str:
    """A name and job title only, for people who may not browse the people directory."""
    return f"{person.full_name} · {person.job_title}" if person.job_title else person.full_name


def sorted_matches(people: QuerySet[Person], *fields: str) -> QuerySet[Person]:
    """Order the matches of a search by `fields` ("-" for descending) by sorting them.

    Ordered by a plain name column under a LIMIT, PostgreSQL walks the name index past every
    person who does not match (about a second at 100,000 people when the matches sit late in the
    alphabet); sorting by the same text as an expression makes it find the matches through the
    search indexes first and sort only those. The order is the same.
    """
    keys: list[OrderBy] = []
    for key in fields:
        name = key.lstrip("-")
        column = Person._meta.get_field(name) if "__" not in name and name != "pk" else None
        expression = (
            Concat(F(name), Value(""), output_field=CharField())
            if isinstance(column, CharField)
            else F(name)
        )
        keys.append(expression.desc() if key.startswith("-") else expression.asc())
    return people.order_by(*keys)
