"""Builders of the shared test organization, for fixtures of any scope.

`org_build`, `users_build` and `pilot_build` make what the `org`, `users` and
`pilot` fixtures give; `full_pilot_build` adds one record of every kind the
product keeps, so a test can reach every page and every API route.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

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


def org_build() -> dict[str, Any]:
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


def users_build(*, org: dict[str, Any]) -> dict[str, Any]:
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


def pilot_build(*, users: dict[str, Any], org: dict[str, Any]) -> Any:
    """A running pilot in Collections with every role but the outsider (and the administrator, who sees all)."""
    from workshift.pilots.models import Pilot, PilotMember

    pilot = Pilot.objects.create(
        name="Collections pilot", status="running", entry_unit=org["units"]["CC-COL"]
    )
    for role in ("lead", "champion", "coach", "member", "manager"):
        PilotMember.objects.create(pilot=pilot, user=users[role], role=role)
    return pilot


def _recognize(*, pilot: Any, org: dict[str, Any]) -> dict[str, Any]:
    from workshift.pilots.models import CatalystAssessment, Champion, EntryCandidate, Metric

    CatalystAssessment.objects.create(
        pilot=pilot, kind="automation_capacity", description="The dialer frees capacity."
    )
    Champion.objects.create(
        pilot=pilot, person=org["people"]["champion"], is_c_level=True, vision="Time to learn."
    )
    candidate = EntryCandidate.objects.create(
        pilot=pilot, unit=org["units"]["CC-COL"], freeable_capacity_pct=80, pool_size=40
    )
    business = Metric.objects.create(
        pilot=pilot,
        level="business",
        name="Customers retained",
        unit="%",
        direction="up",
        cadence="monthly",
        baseline=62,
        target=70,
    )
    frontline = Metric.objects.create(
        pilot=pilot,
        parent=business,
        level="frontline",
        name="Promise kept rate",
        unit="%",
        direction="up",
        cadence="weekly",
        baseline=70,
        target=78,
    )
    return {"candidate": candidate, "business": business, "frontline": frontline}


def _create_conditions(*, pilot: Any, org: dict[str, Any], users: dict[str, Any]) -> dict[str, Any]:
    from tests.conditions.pool import volunteer_pool
    from workshift.conditions import services
    from workshift.conditions.models import (
        CoachChecklist,
        Community,
        Expectations,
        Workgroup,
        WorkgroupMember,
    )

    people, colleagues = org["people"], org["colleagues"]
    pool = volunteer_pool(
        pilot=pilot,
        org=org,
        lead=users["lead"],
        deadline=dt.date.today() + dt.timedelta(days=7),
        selected=12,
    )
    a = Workgroup.objects.create(pilot=pilot, name="Keep them talking", coach=people["coach"])
    b = Workgroup.objects.create(pilot=pilot, name="Second chances", coach=colleagues[3])
    for person in (people["member"], colleagues[0], colleagues[1]):
        WorkgroupMember.objects.create(workgroup=a, person=person)
    for person in (colleagues[2], colleagues[3]):
        WorkgroupMember.objects.create(workgroup=b, person=person)
    participant = services.capacity_participant_add(pilot=pilot, person=people["member"])
    task = services.capacity_task_add(
        participant=participant,
        name="Month-end letters",
        share=40,
        method="build",
        receiver=colleagues[0],
    )
    checklist = CoachChecklist.objects.create(pilot=pilot, coach=people["coach"])
    pilot_expectations = Expectations.objects.create(pilot=pilot, new_expectations="New value.")
    group_expectations = Expectations.objects.create(
        pilot=pilot, workgroup=a, new_expectations="Keep customers talking."
    )
    community = Community.objects.create(pilot=pilot, name="Negotiators", topic="negotiation")
    settings = services.formation_defaults(kind="workgroups", people=pool["selected"]).replace(
        seconds=0.1, groups=3, min_size=3, max_size=5
    )
    run = services.formation_start(
        pilot=pilot, kind="workgroups", settings=settings, user=users["lead"]
    )
    run = services.formation_execute(run_id=run.pk)
    return {
        "call": pool["call"],
        "application": pool["applications"][-1],
        "a": a,
        "b": b,
        "participant": participant,
        "task": task,
        "checklist": checklist,
        "pilot_expectations": pilot_expectations,
        "group_expectations": group_expectations,
        "community": community,
        "run": run,
    }


def _insights(*, pilot: Any, org: dict[str, Any], users: dict[str, Any], a: Any) -> dict[str, Any]:
    from workshift.insights.models import PilotReport
    from workshift.insights.services import pulse_round_create, story_create

    today = dt.date.today()
    pulse = pulse_round_create(
        pilot=pilot, opens_on=today - dt.timedelta(days=2), closes_on=today + dt.timedelta(days=4)
    )
    story = story_create(
        pilot=pilot,
        author=org["people"]["member"],
        title="The letter we stopped sending",
        before="Letters.",
        what_happened="Calls.",
        after="Fewer defaults.",
        involved=[org["people"]["coach"]],
        workgroup=a,
    )
    report = PilotReport.objects.create(
        pilot=pilot,
        requested_by=users["lead"],
        as_of=today,
        status=PilotReport.Status.DONE,
        html="<p>The report</p>",
        pdf=b"%PDF-1.4 the report",
    )
    return {"pulse": pulse, "story": story, "report": report}


def full_pilot_build() -> dict[str, Any]:
    """The shared organization and pilot with one record of every kind; returns them by name.

    Workgroup A (coach Cora, member Max) and B (neither) each hold one record of every
    Act-for-impact kind, so a test can check a role on its own group and on another.
    """
    from tests.impact.conftest import make_records
    from workshift.impact.models import Practice
    from workshift.impact.notifications import notify
    from workshift.people.models import ImportJob

    org = org_build()
    users = users_build(org=org)
    pilot = pilot_build(users=users, org=org)
    world: dict[str, Any] = {"org": org, "users": users, "pilot": pilot}
    world.update(_recognize(pilot=pilot, org=org))
    world.update(_create_conditions(pilot=pilot, org=org, users=users))
    metric = world["frontline"]
    world["records_a"] = make_records(workgroup=world["a"], metric=metric, user=users["member"])
    world["records_b"] = make_records(workgroup=world["b"], metric=metric, user=users["lead"])
    world.update(_insights(pilot=pilot, org=org, users=users, a=world["a"]))
    world["practice"] = Practice.objects.filter(pilot=None).first()
    world["import_job"] = ImportJob.objects.create(
        created_by=users["lead"], file=b"employee_id\n", file_name="people.csv"
    )
    for role, user in users.items():
        notify(users=[user], kind="answer", title=f"Hello {role}", pilot_id=pilot.pk)
    world["notifications"] = {
        role: user.notifications.values_list("pk", flat=True).first()
        for role, user in users.items()
    }
    return world
