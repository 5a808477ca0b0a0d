"""Demo of phase 2 for the running demo pilot.

Adds to ctx.data:
- "workgroups": list[Workgroup] (4 workgroups of 6; the first is coached by cast["coach"] and holds cast["member"])
- "cells": list[Cell] (3 cells drawn across the workgroups)
- "volunteer_call": the closed VolunteerCall; "selected": list[Person] (the 24 selected volunteers)
- "expectations": the pilot-wide Expectations
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np

from workshift.conditions import services
from workshift.conditions.formation_settings import FormationSettings
from workshift.conditions.models import (
    Application,
    CapacityMethod,
    CapacityParticipant,
    CapacityReceiver,
    CapacityTask,
    Cell,
    CellMember,
    CoachChecklist,
    CoachingLogEntry,
    Community,
    Expectations,
    Formation,
    FormationKind,
    FormationRun,
    Workgroup,
    WorkgroupMember,
)
from workshift.conditions.services import formation as formation_services

DEMO_ITERATIONS = (
    10000  # an iteration limit (not a time limit) keeps the demo the same from load to load
)

WHY = [
    "Customers who miss a payment are often one bad month away from leaving; I want to find out why and keep them.",
    "I have ideas about the hardship calls that never fit the script, and I would like time to try them.",
    "I joined to help people, and collections can help people when we understand their situation.",
    "I am curious about what the data says about customers who come back after a missed payment.",
    "I want to learn new ways of working and bring them back to my colleagues.",
]
PROBLEMS = [
    "Customers who fall behind after a life event (job loss, illness) and never call back.",
    "Payment plans that fail in the second month.",
    "Letters that customers do not understand and that make them angry.",
    "Repeat callers who are passed between collections and customer care.",
    "Self-employed customers whose income varies month to month.",
]
AVAILABILITY = [
    "Any shift from next month",
    "Day shift, full time",
    "Evenings preferred",
    "Full time, flexible",
]
TASKS = [
    ("Inbound queue, morning", 20, CapacityMethod.BORROW, ""),
    ("Inbound queue, afternoon", 20, CapacityMethod.BUY, "Temporary agents from the agency"),
    ("Outbound reminder calls", 25, CapacityMethod.BUILD, "Automated reminders with an SMS flow"),
    (
        "Payment plan paperwork",
        10,
        CapacityMethod.SIMPLIFY,
        "Standard plans no longer need a signed form",
    ),
    ("Daily arrears report", 5, CapacityMethod.SIMPLIFY, "Nobody read it; stopped"),
    (
        "Quality review of own calls",
        5,
        CapacityMethod.RELAX,
        "Quality score not counted during the pilot",
    ),
    ("Team huddles and admin", 5, CapacityMethod.SIMPLIFY, ""),
]


def _capacity(*, ctx: Any, pilot: Any, selected: list[Any], colleagues: list[Any]) -> None:
    receivers = colleagues[:12]
    for i, r in enumerate(receivers):
        CapacityReceiver.objects.create(
            pilot=pilot, person=r, baseline_load=[40, 50, 55, 60][i % 4]
        )
    short = {selected[17].pk}  # still below 75%, started with a recorded exception
    r_i = 0
    for person in selected:
        participant = CapacityParticipant.objects.create(pilot=pilot, person=person)
        for name, share, method, note in TASKS:
            if person.pk in short and share <= 10:
                continue
            receiver = None
            if method == CapacityMethod.BORROW:
                receiver = receivers[r_i % len(receivers)]
                r_i += 1
            CapacityTask.objects.create(
                participant=participant,
                name=name,
                share=share,
                method=method,
                receiver=receiver,
                note=note,
            )
    # one overloaded receiver, flagged on the capacity page
    CapacityReceiver.objects.filter(pilot=pilot, person=receivers[0]).update(baseline_load=85)
    participant = CapacityParticipant.objects.get(pilot=pilot, person_id=selected[17].pk)
    participant.exception_reason = (
        "Back from leave in week 2; the remaining paperwork moves to the agency then."
    )
    participant.exception_by = ctx.data["users"]["lead"]
    participant.exception_at = dt.datetime.combine(
        ctx.today - dt.timedelta(weeks=7), dt.time(10), tzinfo=dt.UTC
    )
    participant.save()


def _call(*, ctx: Any, pilot: Any, pool: list[Any], member: Any) -> list[Any]:
    rng = ctx.rng
    call = services.volunteer_call_create(
        pilot=pilot,
        title="Join a workgroup: collections that keep customers",
        message="For the next months, 24 of us will spend most of their time finding out why customers fall behind "
        "and what would help them stay. Your usual tasks will be taken over; no one is judged on results.",
        places=24,
        deadline=ctx.today - dt.timedelta(weeks=8),
        ask_attributes=["shift", "languages"],
    )
    applicants = [member] + [p for p in pool if p.pk != member.pk][:39]
    for _i, person in enumerate(applicants):
        Application.objects.create(
            call=call,
            person=person,
            why=rng.choice(WHY),
            problem=rng.choice(PROBLEMS),
            availability=rng.choice(AVAILABILITY),
            answers={
                k: person.attributes.get(k) for k in ("shift", "languages") if rng.random() < 0.8
            },
        )
    lead = ctx.data["users"]["lead"]
    apps = list(call.applications.select_related("person"))
    chosen = apps[:24]
    for a in apps:
        if a in chosen:
            services.application_decide(
                application=a,
                status=Application.Status.SELECTED,
                user=lead,
                reason="Available full time; a problem close to the metrics that matter.",
            )
        else:
            services.application_decide(
                application=a,
                status=Application.Status.NOT_SELECTED,
                user=lead,
                reason="Places were full; invited to the next wave and the community of practice.",
            )
    ctx.data["volunteer_call"] = call
    return [a.person for a in chosen]


def _confirm(
    *,
    pilot: Any,
    kind: str,
    people: list[Any],
    assignment: list[int],
    names: list[str],
    lead: Any,
    settings: FormationSettings,
    coaches: list[int] | None = None,
) -> list[Any]:
    problem = services.formation_problem(pilot=pilot, kind=kind, settings=settings)
    mean, std = services.random_baseline(problem=problem, splits=20)
    from workshift.engine.grouping import score_assignment

    result: dict[str, Any] = {
        "people": [p.pk for p in people],
        "assignment": assignment,
        "score": score_assignment(assignment=np.asarray(assignment), attributes=problem.attributes),
        "random_mean": mean,
        "random_std": std,
        "iterations": 0,
        "seconds": 0.0,
        "groups": services.formation_explain(problem=problem, assignment=assignment),
    }
    formation, _ = Formation.objects.get_or_create(pilot=pilot, kind=kind)
    run = FormationRun.objects.create(
        pilot=pilot,
        kind=kind,
        settings=settings.to_json(),
        status=FormationRun.Status.DONE,
        progress=1.0,
        result=result,
        base_version=formation.version,
        created_by=lead,
    )
    services.formation_confirm(
        run=run,
        proposed=dict(zip(result["people"], assignment, strict=True)),
        expected_version=formation.version,
        user=lead,
        names=names,
        coaches=coaches,
    )
    model = Workgroup if kind == FormationKind.WORKGROUPS else Cell
    formation.refresh_from_db()
    return [model.objects.get(pk=pk) for pk in formation.group_ids]


def load(*, ctx: Any) -> None:
    pilot = ctx.data["pilot"]
    cast = ctx.data["cast"]
    lead = ctx.data["users"]["lead"]
    collections = [p for p in ctx.data["people"] if p.unit.code == "CC-COL" and p.active]
    specialists = [p for p in collections if p.job_title != "Collections Supervisor"]
    supervisors = [p for p in collections if p.job_title == "Collections Supervisor"]
    coaches = [cast["coach"]] + [s for s in supervisors if s.pk != cast["coach"].pk][:3]
    member = cast["member"]
    ctx.rng.shuffle(specialists)
    selected = _call(ctx=ctx, pilot=pilot, pool=specialists, member=member)
    ctx.data["selected"] = selected
    colleagues = [
        p for p in specialists if p not in selected and not p.volunteer_applications.exists()
    ]
    _capacity(ctx=ctx, pilot=pilot, selected=selected, colleagues=colleagues)

    # workgroups: 4 of 6, balanced by the engine's own search; the member stays in the coach's group
    settings = FormationSettings(
        people=tuple(sorted(p.pk for p in selected)),
        groups=4,
        min_size=6,
        max_size=6,
        weights={
            "discipline": 1.0,
            "tenure": 1.0,
            "skills": 1.0,
            "shift": 1.0,
            "languages": 0.5,
        },
        coaches=tuple(c.pk for c in coaches),
        locked={member.pk: 0},
        names=("Second chances", "Plans that hold", "Clear letters", "One call"),
        seconds=1.0,
        seed=7,
    )
    problem = services.formation_problem(
        pilot=pilot, kind=FormationKind.WORKGROUPS, settings=settings
    )
    found = formation_services._engine_form(
        problem=problem, seconds=30, seed=7, progress=None, max_iterations=DEMO_ITERATIONS
    )
    people = problem.people
    workgroups = _confirm(
        pilot=pilot,
        kind=FormationKind.WORKGROUPS,
        people=people,
        assignment=[int(g) for g in found.assignment],
        names=list(settings.names),
        lead=lead,
        settings=settings,
        coaches=list(settings.coaches),
    )
    ctx.data["workgroups"] = workgroups

    # cells: 3 of 8, each holding two people of every workgroup
    members = formation_services._people_in_order(
        sorted(
            WorkgroupMember.objects.filter(workgroup__pilot=pilot).values_list(
                "person_id", flat=True
            )
        )
    )
    cell_settings = FormationSettings(
        people=tuple(p.pk for p in members),
        groups=3,
        min_size=8,
        max_size=8,
        weights={"tenure": 1.0, "skills": 1.0},
        names=("Cell North", "Cell Harbor", "Cell Pine"),
        seconds=0.5,
        seed=3,
    )
    cell_problem = services.formation_problem(
        pilot=pilot, kind=FormationKind.CELLS, settings=cell_settings
    )
    found = formation_services._engine_form(
        problem=cell_problem, seconds=30, seed=3, progress=None, max_iterations=DEMO_ITERATIONS
    )
    ctx.data["cells"] = _confirm(
        pilot=pilot,
        kind=FormationKind.CELLS,
        people=cell_problem.people,
        assignment=[int(g) for g in found.assignment],
        names=list(cell_settings.names),
        lead=lead,
        settings=cell_settings,
    )
    assert CellMember.objects.filter(cell__pilot=pilot).count() == len(members)

    # coaches' checklists and log
    start = pilot.start_date or ctx.today
    for i, coach in enumerate(coaches):
        done = 5 if i < 2 else 3
        values: dict[str, Any] = {}
        texts = {
            "expectations": "Explained the vision: keep customers, not only recover amounts; groups choose their problems.",
            "performance": "Average handle time and calls per hour are not counted for the coach's team during the pilot.",
            "development": "Two-day coaching workshop with the learning team.",
            "focus": "Point the groups at retention 90 days after a collection event.",
            "support": "Weekly call with the program lead; monthly with the champion.",
        }
        for k, part in enumerate(CoachChecklist.PARTS[:done]):
            values[part] = texts[part]
            values[f"{part}_date"] = start - dt.timedelta(days=21 - 3 * k)
        CoachChecklist.objects.create(pilot=pilot, coach=coach, **values)
    group = workgroups[0]
    for week in range(1, 6):
        CoachingLogEntry.objects.create(
            pilot=pilot,
            coach=cast["coach"],
            workgroup=group,
            date=start + dt.timedelta(weeks=week),
            note=[
                "Group chose its first question: why do plans fail in month two?",
                "Listened to ten recorded calls together; friction between the two shifts was useful.",
                "Blocked by access to payment data; raised with the lead.",
                "First experiment: a call in week three of every plan.",
                "Reflection session: what we learned from the first 40 calls.",
            ][week - 1],
        )

    # expectations and acknowledgements
    pilot_exp = Expectations.objects.create(
        pilot=pilot,
        new_expectations="Your job in the pilot is to find why customers fall behind and what keeps them, "
        "not to work the queue. Bring what you learn to your group every week.",
        may=[
            "Call customers of the pilot's portfolio outside the queue",
            "Offer payment plans within policy limits",
            "Read all collections and payment data of the unit",
        ],
        may_not=[
            "Change interest or fees",
            "Contact customers in legal recovery",
            "Change the core banking system",
        ],
        initial_problem="Half of payment plans fail in the second month: find out why.",
        incentive_conflicts="Team bonuses still count recovered amounts this quarter; the champion covers pilot members.",
    )
    Expectations.objects.create(
        pilot=pilot,
        workgroup=group,
        new_expectations="Start with plans that fail in month two.",
        may=["Call customers whose plan failed in the last 90 days"],
        may_not=["Waive arrears"],
        initial_problem="Why do plans fail in month two?",
    )
    for person in selected[:16]:
        services.expectations_acknowledge(
            expectations=pilot_exp, person=person, on=start - dt.timedelta(days=2)
        )
    ctx.data["expectations"] = pilot_exp

    community = Community.objects.create(
        pilot=pilot,
        name="Customer hardship",
        topic="Helping customers through job loss, illness and other hardship",
    )
    community.members.set(selected[::3])
