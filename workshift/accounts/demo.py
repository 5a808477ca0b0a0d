"""Demo logins, one per role, each tied to a person of the demo organization."""

from __future__ import annotations

from typing import Any

from workshift.accounts.services import user_create

DEMO_PASSWORD = "workshift-demo"
DEMO_LOGINS = [
    ("administrator", "admin"),
    ("lead", "lead"),
    ("champion", "champion"),
    ("coach", "coach"),
    ("member", "member"),
    ("manager", "manager"),
]


def load(*, ctx: Any) -> None:
    cast = ctx.data["cast"]
    users = {}
    for role, username in DEMO_LOGINS:
        person = cast[role]
        users[role] = user_create(
            username=username,
            password=DEMO_PASSWORD,
            role=role,
            email=person.email,
            first_name=person.first_name,
            last_name=person.last_name,
            person_id=person.pk,
        )
    users["administrator"].is_superuser = True
    users["administrator"].save()
    ctx.data["users"] = users
