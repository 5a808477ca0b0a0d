"""The shared test base: a small organization and one named user per role.

alice: administrator; lena: program lead of the pilot; carl: champion;
cora: coach; max: workgroup member; mona: manager; otto: outsider (a logged-in
user with no role in any pilot and no people access).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

ROLE_USERNAMES = {
    "administrator": "alice",
    "lead": "lena",
    "champion": "carl",
    "coach": "cora",
    "member": "max",
    "manager": "mona",
    "outsider": "otto",
}
PASSWORD = "a-long-test-password"


@pytest.fixture
def org(db: Any) -> dict[str, Any]:
    """Units HQ > Contact Center > Collections, and Finance; one person per role plus a few colleagues."""
    from workshift.people.models import OrgUnit, Person

    hq = OrgUnit.objects.create(code="HQ", name="Headquarters", kind="company")
    cc = OrgUnit.objects.create(code="CC", name="Contact Center", kind="business_unit", parent=hq)
    col = OrgUnit.objects.create(code="CC-COL", name="Collections", kind="team", parent=cc)
    fin = OrgUnit.objects.create(code="FIN", name="Finance", kind="function", parent=hq)
    people = {}
    spec = [
        ("administrator", "Alice", "Admin", hq, "IT Administrator"),
        ("lead", "Lena", "Lead", hq, "Transformation Lead"),
        ("champion", "Carl", "Champion", hq, "Chief Operating Officer"),
        ("manager", "Mona", "Manager", cc, "Director, Contact Center"),
        ("coach", "Cora", "Coach", col, "Collections Supervisor"),
        ("member", "Max", "Member", col, "Collections Specialist"),
        ("outsider", "Otto", "Outsider", fin, "AR Specialist"),
    ]
    for i, (role, first, last, unit, title) in enumerate(spec):
        people[role] = Person.objects.create(
            employee_id=f"T{i:04d}",
            first_name=first,
            last_name=last,
            email=f"{first.lower()}@example.com",
            unit=unit,
            job_title=title,
            skills=["collections"] if unit == col else [],
            attributes={"discipline": "collections" if unit == col else "other"},
        )
    people["member"].manager = people["coach"]
    people["member"].save()
    colleagues = [
        Person.objects.create(
            employee_id=f"C{i:04d}",
            first_name=f"Colleague{i}",
            last_name="Collections",
            unit=col,
            job_title="Collections Specialist",
            attributes={"discipline": "collections"},
        )
        for i in range(4)
    ]
    return {
        "units": {"HQ": hq, "CC": cc, "CC-COL": col, "FIN": fin},
        "people": people,
        "colleagues": colleagues,
    }


@pytest.fixture
def users(org: dict[str, Any]) -> dict[str, Any]:
    from workshift.accounts.services import user_create

    result = {}
    for role, username in ROLE_USERNAMES.items():
        result[role] = user_create(
            username=username,
            password=PASSWORD,
            role="member" if role == "outsider" else role,
            first_name=username.capitalize(),
            person_id=org["people"][role].pk,
        )
    return result


@pytest.fixture
def pilot(users: dict[str, Any], org: dict[str, Any]) -> Any:
    """A running pilot in Collections with every role but the outsider (and the administrator, who sees all)."""
    from workshift.pilots.models import Pilot, PilotMember

    pilot = Pilot.objects.create(
        name="Collections pilot", status="running", entry_unit=org["units"]["CC-COL"]
    )
    for role in ("lead", "champion", "coach", "member", "manager"):
        PilotMember.objects.create(pilot=pilot, user=users[role], role=role)
    return pilot


@pytest.fixture
def client_for(client: Any, users: dict[str, Any]) -> Callable[[str], Any]:
    """A test client logged in as the named role ('anonymous' for none)."""
    from django.test import Client

    def make(role: str) -> Any:
        c = Client()
        if role != "anonymous":
            c.force_login(users[role])
        return c

    return make
