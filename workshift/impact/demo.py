"""Six weeks of a workgroup's life in the demo pilot: readings, slices, reflections, obstacles in every state.

Reads from ctx.data: "pilot", "users", "cast", "people", optionally "workgroups" (from conditions.demo;
otherwise two workgroups are formed here from Collections people) and "frontline_metrics" (otherwise three
frontline metrics are created for the pilot).
Adds to ctx.data:
- "impact_workgroups": list[Workgroup] the workgroups that have activity
- "frontline_metrics": list[Metric] (when created here)
- "obstacles": list[Obstacle], "slices": list[Slice]
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from workshift.conditions.models import Workgroup, WorkgroupMember
from workshift.core.audit import acting_as
from workshift.impact import services
from workshift.impact.catalog import practices_seed
from workshift.impact.demo_seeds import (
    CHARTERS,
    METRICS,
    OPPORTUNITIES,
    REFLECTIONS,
    SLICES,
    VERSIONS,
    OpportunitySeed,
    SliceSeed,
)
from workshift.impact.models import (
    MetricReading,
    Obstacle,
    ObstacleEscalation,
    Opportunity,
    Practice,
    PracticeUse,
    Reflection,
    Slice,
    SpinOffProposal,
    WorkgroupCharter,
)
from workshift.pilots.models import Metric

WEEKS = 6
BASELINE_WEEKS = 8


def _workgroups(ctx: Any) -> list[Workgroup]:
    given = ctx.data.get("workgroups")
    if given:
        groups = list(given.values()) if isinstance(given, dict) else list(given)
        return groups[:3]
    pilot = ctx.data["pilot"]
    cast = ctx.data["cast"]
    collections = [
        p
        for p in ctx.data["people"]
        if p.unit_id == pilot.entry_unit_id and p.job_title == "Collections Specialist"
    ]
    supervisors = [
        p
        for p in ctx.data["people"]
        if p.unit_id == pilot.entry_unit_id and p.job_title == "Collections Supervisor"
    ]
    others = [p for p in collections if p.pk != cast["member"].pk]
    second_coach = next((p for p in supervisors if p.pk != cast["coach"].pk), cast["coach"])
    first = Workgroup.objects.create(pilot=pilot, name="Keep them talking", coach=cast["coach"])
    second = Workgroup.objects.create(pilot=pilot, name="Before the default", coach=second_coach)
    for person in [cast["member"], *others[:5]]:
        WorkgroupMember.objects.create(workgroup=first, person=person)
    for person in others[5:10]:
        WorkgroupMember.objects.create(workgroup=second, person=person)
    return [first, second]


def _metrics(ctx: Any) -> list[Metric]:
    given = ctx.data.get("frontline_metrics")
    if given:
        return list(given)[:3]
    pilot = ctx.data["pilot"]
    parent = Metric.objects.filter(pilot=pilot, level__in=["operating", "business"]).first()
    created = [
        Metric.objects.create(
            pilot=pilot,
            parent=parent,
            level=Metric.Level.FRONTLINE,
            name=name,
            unit=unit,
            direction=direction,
            cadence=Metric.Cadence.WEEKLY,
            baseline=baseline,
            target=target,
            data_source="Collections dialer and CRM",
        )
        for name, unit, direction, baseline, target, _, _ in METRICS
    ]
    ctx.data["frontline_metrics"] = created
    return created


def _backdate(model: Any, pk: int, when: dt.date) -> None:
    stamp = timezone.make_aware(dt.datetime.combine(when, dt.time(10, 0)))
    model.objects.filter(pk=pk).update(created_at=stamp, updated_at=stamp)


def _readings(
    *,
    ctx: Any,
    workgroup: Workgroup,
    metrics: list[Metric],
    start: dt.date,
    user: Any,
    strength: float,
) -> None:
    rng = ctx.rng
    rows = []
    for index, metric in enumerate(metrics):
        spec = (
            METRICS[index]
            if index < len(METRICS)
            else (
                metric.name,
                metric.unit,
                metric.direction,
                metric.baseline or 50.0,
                metric.target,
                1.0,
                0.5,
            )
        )
        base, noise, drift = (
            (metric.baseline if metric.baseline is not None else spec[3]),
            spec[5],
            spec[6],
        )
        for week in range(-BASELINE_WEEKS, WEEKS + 1):
            on = start + dt.timedelta(weeks=week)
            if on > ctx.today:
                break
            shift = drift * strength * max(0, week - 1)
            rows.append(
                MetricReading(
                    workgroup=workgroup,
                    metric=metric,
                    on=on,
                    value=round(base + shift + rng.gauss(0, noise), 1),
                    entered_by=user,
                    note="baseline, before the pilot" if week < 0 else "",
                )
            )
    MetricReading.objects.bulk_create(rows)
    for metric in metrics:
        services.readings_reflag(workgroup_id=workgroup.pk, metric_id=metric.pk)


def _obstacles(
    *, ctx: Any, workgroup: Workgroup, users: dict[str, Any], raiser: Any, first: bool
) -> list[Obstacle]:
    today = ctx.today
    specs = [
        # title, kind, days ago raised, path of levels, final state, proposed solution
        (
            "Cannot see customers' complaint history",
            "systemic",
            30,
            ["lead"],
            "resolved",
            "Read-only access to the complaints system.",
        ),
        (
            "Team leader asks us back to the queue on busy Mondays",
            "management",
            20,
            ["lead", "champion"],
            "workaround",
            "Protect our hours in the roster.",
        ),
        (
            "Script requires reading the full legal notice first",
            "cultural",
            12,
            [],
            "declined",
            "Read it at the end, once the customer is listening.",
        ),
        ("No quiet room for customer call-backs", "work_environment", 9, ["lead"], "open", ""),
        (
            "Fee waivers need two approvals",
            "political",
            15,
            ["lead", "champion"],
            "open",
            "Let specialists waive one fee per customer per year.",
        ),
        (
            "Dialer cannot schedule evening calls",
            "systemic",
            2,
            [],
            "open",
            "Allow a manual evening queue.",
        ),
    ]
    if not first:
        specs = [
            (
                "Hardship plans need a form only branches can print",
                "systemic",
                14,
                ["lead"],
                "resolved",
                "Send the form by e-mail.",
            ),
            (
                "Quality scores still count call length",
                "management",
                11,
                ["lead", "champion"],
                "open",
                "Pause call-length scoring for the pilot.",
            ),
            (
                "Peers see the pilot as time off the phones",
                "cultural",
                5,
                [],
                "open",
                "Share one customer story a week with the floor.",
            ),
        ]
    made = []
    for title, kind, ago, path, state, solution in specs:
        raised_on = today - dt.timedelta(days=ago)
        obstacle = services.obstacle_raise(
            workgroup=workgroup,
            user=raiser,
            title=title,
            kind=kind,
            description=f"{title}. It costs us time with customers every week.",
            proposed_solution=solution,
            today=raised_on,
        )
        _backdate(Obstacle, obstacle.pk, raised_on)
        step_day = raised_on
        for level in path:
            step_day = step_day + dt.timedelta(
                days=Obstacle.LEVEL_DAYS["coach" if level == "lead" else "lead"] - 1
            )
            holder = users["coach"] if level == "lead" else users["lead"]
            with acting_as(holder):
                services.obstacle_escalate(
                    obstacle=obstacle,
                    user=holder,
                    note="Needs a decision above my level.",
                    due_date=step_day + dt.timedelta(days=Obstacle.LEVEL_DAYS[level]),
                )
            ObstacleEscalation.objects.filter(obstacle=obstacle, to_level=level).update(
                created_at=timezone.make_aware(dt.datetime.combine(step_day, dt.time(9)))
            )
        if state != "open":
            answerer = (
                users["champion"]
                if obstacle.level == "champion"
                else users["lead"]
                if obstacle.level == "lead"
                else users["coach"]
            )
            answers = {
                "resolved": (
                    "Done: read-only access is granted to every workgroup member from Monday.",
                    "",
                ),
                "workaround": (
                    "Mondays stay protected for now; the roster change needs the next planning cycle.",
                    "The coach covers the Monday queue with two volunteers from outside the pilot.",
                ),
                "declined": (
                    "We checked with Legal: the notice must come first, but a shorter version is approved.",
                    "",
                ),
            }[state]
            with acting_as(answerer):
                services.obstacle_answer(
                    obstacle=obstacle,
                    user=answerer,
                    answer=answers[0],
                    status=state,
                    workaround=answers[1],
                )
        made.append(obstacle)
    return made


def _practices(
    *, ctx: Any, workgroup: Workgroup, practices: list[Practice], start: dt.date, user: Any
) -> None:
    """The group adopts the starter practices in its own words and uses them most weeks."""
    uses = []
    for row, version in zip(
        services.practices_adopt(workgroup=workgroup, practices=practices), VERSIONS, strict=False
    ):
        row.our_version = version
        row.save()
        for week in range(WEEKS):
            if ctx.rng.random() < 0.8:
                used_on = start + dt.timedelta(weeks=week, days=ctx.rng.randint(0, 4))
                uses.append(
                    PracticeUse(adopted=row, used_on=used_on, by=user, note="Weekly review")
                )
    PracticeUse.objects.bulk_create(uses)


def _opportunities(
    *, workgroup: Workgroup, seeds: list[OpportunitySeed], metrics: list[Metric], user: Any
) -> list[Opportunity]:
    return [
        Opportunity.objects.create(
            workgroup=workgroup,
            title=seed.title,
            for_whom=seed.for_whom,
            evidence=seed.evidence,
            raised_by=user,
            value=seed.value,
            confidence=seed.confidence,
            effort=seed.effort,
            metric=metrics[0] if seed.tied_to_metric and seed.value else None,
            status=Opportunity.Status.EVALUATED if seed.value else Opportunity.Status.NEW,
        )
        for seed in seeds
    ]


def _slices(
    *,
    workgroup: Workgroup,
    seeds: list[SliceSeed],
    opportunities: list[Opportunity],
    metrics: list[Metric],
    start: dt.date,
) -> list[Slice]:
    """Each slice answers the opportunity after the previous one, and sits at its seeded stage."""
    pieces = []
    for index, seed in enumerate(seeds):
        slice_start = start + dt.timedelta(weeks=seed.start_week)
        piece = services.slice_start(
            workgroup=workgroup,
            opportunity=opportunities[index + 1] if index + 1 < len(opportunities) else None,
            title=seed.title,
            hypothesis=seed.hypothesis,
            metric=metrics[seed.metric % len(metrics)],
            expected_change=seed.expected_change,
            start=slice_start,
            end=slice_start + dt.timedelta(weeks=seed.weeks),
        )
        Slice.objects.filter(pk=piece.pk).update(
            stage=seed.stage, next_step=seed.next_step, result=seed.result, learned=seed.learned
        )
        _backdate(Slice, piece.pk, slice_start)
        pieces.append(piece)
    return pieces


def _reflections(
    *, workgroup: Workgroup, weeks: int, start: dt.date, user: Any, last_slice: Slice
) -> None:
    """One reflection a week, cycling through the seeds; from week 4 on they are about the last slice."""
    for week in range(weeks):
        seed = REFLECTIONS[week % len(REFLECTIONS)]
        Reflection.objects.create(
            workgroup=workgroup,
            kind=seed.kind,
            expected=seed.expected,
            happened=seed.happened,
            why=seed.why,
            differently=seed.differently,
            author=user,
            written_on=start + dt.timedelta(weeks=week, days=4),
            slice=last_slice if week >= 4 else None,
        )


def _acting_user(*, users: dict[str, Any], workgroup: Workgroup, first: bool) -> Any:
    """The demo member writes for the first group; the coach or the lead for the others."""
    if first:
        return users["member"]
    return users["coach"] if workgroup.coach_id == users["coach"].person_id else users["lead"]


def load(*, ctx: Any) -> None:
    practices_seed()
    pilot = ctx.data["pilot"]
    users = ctx.data["users"]
    workgroups = _workgroups(ctx)
    metrics = _metrics(ctx)
    business = (
        Metric.objects.filter(pilot=pilot, level__in=["business", "operating"]).first()
        or metrics[0]
    )
    start = ctx.today - dt.timedelta(weeks=WEEKS)
    starters = list(Practice.objects.filter(pilot=None).order_by("position"))
    all_obstacles: list[Obstacle] = []
    all_slices: list[Slice] = []
    for number, workgroup in enumerate(workgroups):
        first = number == 0  # the first group is further along than the others
        user = _acting_user(users=users, workgroup=workgroup, first=first)
        with acting_as(user):
            outcome, question = CHARTERS[number % len(CHARTERS)]
            WorkgroupCharter.objects.create(
                workgroup=workgroup,
                shared_outcome=outcome,
                metric=business,
                powerful_question=question,
            )
            _practices(
                ctx=ctx,
                workgroup=workgroup,
                practices=starters[: 4 if first else 3],
                start=start,
                user=user,
            )
            _readings(
                ctx=ctx,
                workgroup=workgroup,
                metrics=metrics,
                start=start,
                user=user,
                strength=1.0 if first else 0.4,
            )
            opportunities = _opportunities(
                workgroup=workgroup,
                seeds=OPPORTUNITIES[: 6 if first else 4],
                metrics=metrics,
                user=user,
            )
            all_slices += _slices(
                workgroup=workgroup,
                seeds=SLICES[: 3 if first else 2],
                opportunities=opportunities,
                metrics=metrics,
                start=start,
            )
            # the second group missed its last reflections
            _reflections(
                workgroup=workgroup,
                weeks=WEEKS if first else WEEKS - 2,
                start=start,
                user=user,
                last_slice=all_slices[-1],
            )
            if first:
                proposal = services.spin_off_propose(
                    opportunity=opportunities[3],
                    user=user,
                    name="Small business recovery",
                    rationale="Sole traders need a different conversation; three of us want to take it on.",
                )
                _backdate(SpinOffProposal, proposal.pk, ctx.today - dt.timedelta(days=3))
        all_obstacles += _obstacles(
            ctx=ctx, workgroup=workgroup, users=users, raiser=user, first=first
        )
    ctx.data["impact_workgroups"] = workgroups
    ctx.data["obstacles"] = all_obstacles
    ctx.data["slices"] = all_slices
