"""Demo insights: pulse rounds, stories of change and collaboration counts.

Adds to ctx.data:
- "pulse_rounds": list[PulseRound], oldest first (the last one is open today)
- "stories": list[Story] (all shared but the last, which waits for one person's consent)
- "silent_units": (code, code) of two units that never collaborate (Collections and Recovery, Data and Analytics)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

from workshift.core.audit import acting_as
from workshift.core.spreadsheet import cell_neutralised
from workshift.insights.connections import connections_compute
from workshift.insights.models import PULSE_FIELDS, PulseResponse
from workshift.insights.selectors.participants import pilot_participant_ids
from workshift.insights.selectors.pulse import pulse_group_sets
from workshift.insights.services import (
    collaboration_import,
    pulse_round_create,
    story_create,
)
from workshift.people.models import Person

SILENT_UNITS = ("CC-COL", "IT-DATA")
# unit pairs that work together now and then (besides the org chart's own lines)
PARTNER_UNITS = [
    ("CC-COL", "CC-CARE"),
    ("CC-COL", "FIN-AR"),
    ("CC-COL", "RISK"),
    ("CC-CARE", "CC-DIG"),
    ("CC-DIG", "IT-APP"),
    ("IT-APP", "IT-DATA"),
    ("IT-DATA", "FIN-FPA"),
    ("IT-DATA", "RISK"),
    ("FIN-AR", "FIN-FPA"),
    ("OPS-SVC", "FIN-AR"),
    ("OPS-CARD", "CC-CARE"),
    ("HR", "CC"),
    ("IT-OPS", "IT-APP"),
    ("OPS-SVC", "OPS-CARD"),
]
COMMENTS = [
    "Having time set aside to dig into why customers fall behind is new, and it shows.",
    "We need quicker access to the payment history data.",
    "The weekly reflection is the most useful hour of my week.",
    "Still unclear what we may change in the scripts without asking.",
    "Good energy in the group; some colleagues outside the pilot feel left out.",
    "Workload is fine now that the queue work moved to the other team.",
]
STORIES = [
    (
        "The hardship call that kept a customer",
        "A customer two months behind was passed between collections and care three times; each call restarted from zero.",
        "Our workgroup asked why hardship cases bounce. We sat with care agents for a day and agreed one owner per case.",
        "The customer agreed a plan on the first call and stayed. Repeat calls on hardship cases fell in the next two weeks.",
    ),
    (
        "Reminders people actually read",
        "Payment reminders were a legal-sounding letter that most customers ignored until the second missed payment.",
        "We rewrote the reminder with customers from the branch's advisory panel and tried it on one region's accounts.",
        "More customers called before the due date to ask for a new date instead of missing it.",
    ),
    (
        "From script to question",
        "New specialists followed the call script word for word and rarely learned why the customer was late.",
        "We framed one powerful question for the first minute of the call and practiced it in the cell.",
        "Specialists now log a reason for most late payments, and the group has a list of causes to work on.",
    ),
    (
        "A dashboard we built ourselves",
        "Nobody in the team could see which customers came back after a collection event.",
        "A specialist who had taught herself spreadsheets built a simple retention view with a data analyst's help.",
        "The workgroup reviews the view every Monday and picks one pattern to look into that week.",
    ),
    (
        "Asking the branch before calling",
        "Collections never spoke to branch staff who often knew the customer's situation.",
        "We tried a short message to the customer's branch before calling customers with long tenure.",
        "Several calls started with context instead of a demand; one branch asked to join the next round.",
    ),
]


def _collaboration_csv(*, ctx: Any, people: list[Person]) -> str:
    rng = ctx.rng
    by_unit: dict[str, list[Person]] = {}
    for person in people:
        if person.unit_id:
            by_unit.setdefault(person.unit.code, []).append(person)  # type: ignore[union-attr]
    silent = {frozenset(SILENT_UNITS)}
    periods = [
        (ctx.today.replace(day=1) - dt.timedelta(days=30 * i)).strftime("%Y-%m") for i in (2, 1)
    ]
    rows: dict[tuple[str, str, str], int] = {}

    def add(a: Person, b: Person, count: int) -> None:
        if a.pk == b.pk or frozenset((a.unit.code, b.unit.code)) in silent:  # type: ignore[union-attr]
            return
        key = (
            min(a.employee_id, b.employee_id),
            max(a.employee_id, b.employee_id),
            rng.choice(periods),
        )
        rows[key] = rows.get(key, 0) + count

    for members in by_unit.values():
        for person in members:
            for other in rng.sample(members, k=min(len(members), 4)):
                add(person, other, rng.randint(2, 30))
            if person.manager_id and person.manager.unit_id:  # type: ignore[union-attr]
                add(person, person.manager, rng.randint(5, 20))  # type: ignore[arg-type]
    for code_a, code_b in PARTNER_UNITS:
        side_a = [p for code, ms in by_unit.items() if code.startswith(code_a) for p in ms]
        side_b = [p for code, ms in by_unit.items() if code.startswith(code_b) for p in ms]
        if not side_a or not side_b:
            continue
        for _ in range(max(3, min(len(side_a), len(side_b)) // 6)):
            add(rng.choice(side_a), rng.choice(side_b), rng.randint(1, 6))
    # everyone meets everyone now and then (Collections most of all), except the planted silent pair
    codes = sorted(by_unit)
    for i, code_a in enumerate(codes):
        for code_b in codes[i + 1 :]:
            chance = 1.0 if "CC-COL" in (code_a, code_b) else 0.6
            if rng.random() < chance:
                add(rng.choice(by_unit[code_a]), rng.choice(by_unit[code_b]), rng.randint(1, 3))
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["person", "other_person", "count", "period"])
    for (a, b, period), count in sorted(rows.items()):
        writer.writerow([cell_neutralised(v) for v in (a, b, count, period)])
    return out.getvalue()


def _pulse(*, ctx: Any, pilot: Any) -> list[Any]:
    rng = ctx.rng
    participants = sorted(pilot_participant_ids(pilot=pilot))
    groups = pulse_group_sets(pilot=pilot)
    # one small workgroup answers little, to show how small groups stay hidden
    quiet = set(min(groups, key=lambda g: len(g[2]))[2]) if groups else set()
    rounds = []
    start = ctx.today - dt.timedelta(weeks=5)
    for number in range(3):
        opens = start + dt.timedelta(weeks=2 * number)
        closes = min(opens + dt.timedelta(days=6), ctx.today + dt.timedelta(days=3))
        pulse_round = pulse_round_create(
            pilot=pilot, opens_on=opens, closes_on=closes, title="Pulse"
        )
        rounds.append(pulse_round)
        answered = 0
        for person_id in participants:
            rate = 0.35 if person_id in quiet else 0.9
            if rng.random() > rate:
                continue
            lift = number * 0.35
            answers = {f: max(1, min(5, round(rng.gauss(3.1 + lift, 0.8)))) for f in PULSE_FIELDS}
            answers["workload"] = max(1, min(5, round(rng.gauss(3.0 - lift / 2, 0.9))))
            comment = rng.choice(COMMENTS) if rng.random() < 0.4 else ""
            PulseResponse.objects.create(
                round=pulse_round, person_id=person_id, comment=comment, **answers
            )
            answered += 1
    return rounds


def load(*, ctx: Any) -> None:
    pilot = ctx.data["pilot"]
    users = ctx.data["users"]
    cast = ctx.data["cast"]
    people = list(Person.objects.select_related("unit", "manager__unit").all())
    with acting_as(users["lead"]):
        collaboration_import(
            text=_collaboration_csv(ctx=ctx, people=people),
            source_name="Collaboration counts (calendar and chat, aggregated)",
            user=users["lead"],
        )
        ctx.data["pulse_rounds"] = _pulse(ctx=ctx, pilot=pilot)
        ctx.data["silent_units"] = SILENT_UNITS

        participants = Person.objects.filter(id__in=pilot_participant_ids(pilot=pilot)).order_by(
            "id"
        )
        pool = [p for p in participants if p.pk not in (cast["champion"].pk, cast["lead"].pk)]
        workgroups = list(pilot.workgroups.all())
        stories = []
        authors = [cast["member"], cast["coach"], *pool]
        for number, (title, before, happened, after) in enumerate(STORIES):
            author = authors[number % len(authors)]
            involved = [p for p in rng_sample(ctx, pool, 2) if p.pk != author.pk]
            story = story_create(
                pilot=pilot,
                author=author,
                title=title,
                before=before,
                what_happened=happened,
                after=after,
                involved=involved,
                workgroup=workgroups[number % len(workgroups)] if workgroups else None,
                author_consents=True,
            )
            last = number == len(STORIES) - 1
            for involvement in story.involved.all():
                involvement.consent = None if last else True
                involvement.save()
            stories.append(story)
        ctx.data["stories"] = stories
    # what the worker does after an import: keep the connections analysis the pages read
    connections_compute()


def rng_sample(ctx: Any, pool: list[Person], k: int) -> list[Person]:
    return ctx.rng.sample(pool, k=min(k, len(pool))) if pool else []
