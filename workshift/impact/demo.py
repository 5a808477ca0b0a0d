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

METRICS = [
    # name, unit, direction, baseline, target, weekly noise, weekly drift once slices start
    ("Promise kept rate", "%", "up", 68.0, 76.0, 1.6, 1.1),
    ("Days to first contact after a missed payment", "days", "down", 6.0, 3.0, 0.5, -0.35),
    ("Customers offered a hardship plan", "%", "up", 12.0, 20.0, 1.2, 0.9),
]

CHARTERS = [
    (
        "Customers who fall behind stay with us and come out of it stronger.",
        "How might we make a missed payment the start of a better relationship rather than the end of one?",
    ),
    (
        "Nobody who wants to pay is lost because we reached them too late or with the wrong offer.",
        "How might we reach customers before a missed payment becomes a default?",
    ),
]

OPPORTUNITIES = [
    (
        "Customers miss the first reminder letter",
        "Customers who moved in the last year",
        "12 of 40 calls last week: the letter went to an old address.",
        4,
        0.75,
        2,
        True,
    ),
    (
        "Payday-aligned promise dates",
        "Customers paid monthly",
        "Promises set before payday break twice as often in our call notes.",
        5,
        0.9,
        1,
        True,
    ),
    (
        "Hardship plans are hard to explain on the phone",
        "Customers in temporary hardship",
        "Average call takes 14 minutes when a plan is discussed; many hang up.",
        3,
        0.5,
        3,
        True,
    ),
    (
        "Small-business owners mixed with personal accounts",
        "Sole traders",
        "Three complaints this month; different needs entirely.",
        4,
        0.25,
        4,
        False,
    ),
    (
        "Evening call window",
        "Shift workers",
        "Most answered calls for this segment happen after 18:00.",
        3,
        0.75,
        2,
        True,
    ),
    (
        "Duplicate contact from collections and care",
        "Customers with open complaints",
        "Same customer contacted by two teams on the same day.",
        None,
        None,
        None,
        False,
    ),
]

SLICES = [
    # title, hypothesis, metric index, expected change, start week, length weeks, stage, next step, result, learned
    (
        "Promise dates on payday",
        "If we set promise dates on the customer's payday, more promises will be kept because money is there.",
        0,
        "+4 points",
        1,
        3,
        "done",
        "scale",
        "Promise kept rate rose from 68% to 73% in the slice group.",
        "Asking “when are you paid?” is welcomed, not intrusive.",
    ),
    (
        "Evening call block",
        "If two of us call between 18:00 and 20:00, we reach shift workers on the first try.",
        1,
        "−1 day",
        3,
        3,
        "act",
        "",
        "",
        "",
    ),
    (
        "Plain-language hardship plan card",
        "If customers get a one-page card before the call, the plan is understood faster and offered more.",
        2,
        "+3 points",
        5,
        3,
        "seek",
        "",
        "",
        "",
    ),
]

REFLECTION_TEXT = [
    (
        "before",
        "Customers would be reluctant to share their payday.",
        "",
        "",
        "Open with why we ask.",
    ),
    (
        "during",
        "Calls would take longer.",
        "They took two minutes longer at first, then got shorter.",
        "People were relieved to be asked.",
        "Keep the question early in the call.",
    ),
    (
        "after",
        "A few more kept promises.",
        "Five points more than the baseline in three weeks.",
        "Promises matched when money was available.",
        "Share the script with the other workgroup.",
    ),
    (
        "outside",
        "",
        "We talked with Customer Care about what they hear.",
        "Care hears the same frustration about letters.",
        "Invite a Care agent to our next reflection.",
    ),
    (
        "after",
        "Evening calls would be answered more.",
        "Answer rate doubled after 18:00.",
        "Shift workers cannot pick up during the day.",
        "Ask the workforce planner for a permanent evening slot.",
    ),
    (
        "before",
        "The hardship card will shorten calls.",
        "",
        "",
        "Test the card with three customers first.",
    ),
]


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
        first = number == 0
        member_user = (
            users["member"]
            if first
            else users["coach"]
            if workgroup.coach_id == users["coach"].person_id
            else users["lead"]
        )
        with acting_as(member_user):
            outcome, question = CHARTERS[number % len(CHARTERS)]
            WorkgroupCharter.objects.create(
                workgroup=workgroup,
                shared_outcome=outcome,
                metric=business,
                powerful_question=question,
            )
            adopted = services.practices_adopt(
                workgroup=workgroup, practices=starters[: 4 if first else 3]
            )
            versions = [
                "We keep our outcome on the wall and open every Monday with one customer story that shows it.",
                "Each slice starts from a “How might we…?” written on a card that we revisit on Friday.",
                "Fifteen minutes at the end of each day; a longer after-action review every Friday.",
                "Each slice pairs a specialist with someone from Quality or Care.",
            ]
            uses = []
            for index, row in enumerate(adopted):
                row.our_version = versions[index]
                row.save()
                for week in range(WEEKS):
                    if ctx.rng.random() < 0.8:
                        uses.append(
                            PracticeUse(
                                adopted=row,
                                used_on=start
                                + dt.timedelta(weeks=week, days=ctx.rng.randint(0, 4)),
                                by=member_user,
                                note="Weekly review",
                            )
                        )
            PracticeUse.objects.bulk_create(uses)
            _readings(
                ctx=ctx,
                workgroup=workgroup,
                metrics=metrics,
                start=start,
                user=member_user,
                strength=1.0 if first else 0.4,
            )
            opportunities = []
            for title, for_whom, evidence, value, confidence, effort, tied in OPPORTUNITIES[
                : 6 if first else 4
            ]:
                opportunity = Opportunity.objects.create(
                    workgroup=workgroup,
                    title=title,
                    for_whom=for_whom,
                    evidence=evidence,
                    raised_by=member_user,
                    value=value,
                    confidence=confidence,
                    effort=effort,
                    metric=metrics[0] if tied and value else None,
                    status=Opportunity.Status.EVALUATED if value else Opportunity.Status.NEW,
                )
                opportunities.append(opportunity)
            for index, (
                title,
                hypothesis,
                metric_index,
                expected,
                week,
                length,
                stage,
                next_step,
                result,
                learned,
            ) in enumerate(SLICES[: 3 if first else 2]):
                slice_start = start + dt.timedelta(weeks=week)
                piece = services.slice_start(
                    workgroup=workgroup,
                    opportunity=opportunities[index + 1]
                    if index + 1 < len(opportunities)
                    else None,
                    title=title,
                    hypothesis=hypothesis,
                    metric=metrics[metric_index % len(metrics)],
                    expected_change=expected,
                    start=slice_start,
                    end=slice_start + dt.timedelta(weeks=length),
                )
                Slice.objects.filter(pk=piece.pk).update(
                    stage=stage, next_step=next_step, result=result, learned=learned
                )
                _backdate(Slice, piece.pk, slice_start)
                all_slices.append(piece)
            last_week = (
                WEEKS if first else WEEKS - 2
            )  # the second group missed its last reflections
            for week in range(last_week):
                kind, expected, happened, why, differently = REFLECTION_TEXT[
                    week % len(REFLECTION_TEXT)
                ]
                written = start + dt.timedelta(weeks=week, days=4)
                Reflection.objects.create(
                    workgroup=workgroup,
                    kind=kind,
                    expected=expected,
                    happened=happened,
                    why=why,
                    differently=differently,
                    author=member_user,
                    written_on=written,
                    slice=all_slices[-1] if week >= 4 else None,
                )
            if first:
                proposal = services.spin_off_propose(
                    opportunity=opportunities[3],
                    user=member_user,
                    name="Small business recovery",
                    rationale="Sole traders need a different conversation; three of us want to take it on.",
                )
                _backdate(SpinOffProposal, proposal.pk, ctx.today - dt.timedelta(days=3))
        all_obstacles += _obstacles(
            ctx=ctx, workgroup=workgroup, users=users, raiser=member_user, first=first
        )
    ctx.data["impact_workgroups"] = workgroups
    ctx.data["obstacles"] = all_obstacles
    ctx.data["slices"] = all_slices
