"""Scalable leadership in the demo pilot: a playbook half done, a rights register with rights handed
down, twenty logged decisions whose frontline share rises over six weeks, and one planned surge.

Reads from ctx.data: "pilot", "users", "cast" and the pilot's workgroups and metrics.
Adds to ctx.data: "decisions": list[Decision], "surge": Surge.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from workshift.core.audit import acting_as
from workshift.engine.decisions import week_start
from workshift.leadership import services
from workshift.leadership.models import DecisionKind, PlaybookStep

# per week (oldest first): the decisions logged, as (kind index, how taken, what)
# kinds: 0 order of work (alone), 1 who does a task (consult), 2 script (consult), 3 spend (propose)
WEEKS: list[list[tuple[int, str, str]]] = [
    [
        (0, "alone", "Call customers with a payday this week first"),
        (3, "propose", "Buy a second headset for remote calls"),
        (3, "propose", "Waive a late fee for a customer in hardship"),
        (2, "escalate", "Rewrite the first reminder letter"),
    ],
    [
        (2, "alone", "Drop the legal warning from the first call script"),
        (3, "propose", "Pay for a translation of the hardship leaflet"),
        (3, "propose", "Fund a coffee morning with the branch team"),
    ],
    [
        (1, "consult", "Pair new volunteers with experienced callers"),
        (0, "alone", "Move promise follow-ups to the morning"),
        (3, "propose", "Try a budgeting app licence for one month"),
        (2, "escalate", "Offer a payment holiday in the script"),
    ],
    [
        (3, "consult", "Send a printed budget planner to ten customers"),
        (2, "alone", "Open calls by asking how the customer is doing"),
        (3, "propose", "Book a room for the monthly retrospective"),
    ],
    [
        (1, "consult", "Let Ari take the Spanish-speaking callbacks"),
        (0, "alone", "Call before the payment date, not after"),
        (2, "alone", "Add a payday question to the promise script"),
        (3, "propose", "Buy a second screen for the data analyst"),
    ],
    [
        (3, "consult", "Give a small goodwill credit after a long hold"),
        (2, "alone", "Text a reminder the evening before the promise"),
    ],
]


def _backdate(record: Any, when: dt.date) -> None:
    stamp = dt.datetime.combine(when, dt.time(10, 0), tzinfo=dt.UTC)
    type(record).objects.filter(pk=record.pk).update(created_at=stamp, updated_at=stamp)


def load(*, ctx: Any) -> None:
    pilot = ctx.data["pilot"]
    users = ctx.data["users"]
    lead, champion = users["lead"], users["champion"]
    coach = ctx.data["cast"]["coach"]
    # the demo coach's workgroup first: it gets the hand-down and the flagged decision
    workgroups = sorted(pilot.workgroups.order_by("name"), key=lambda w: w.coach_id != coach.pk)
    if not workgroups:
        return
    first_week = week_start(ctx.today) - dt.timedelta(weeks=len(WEEKS) - 1)
    with acting_as(lead):
        services.pilot_playbook_pin(pilot=pilot)
        _tick_by_hand(pilot=pilot, user=lead)
        for right in services.rights_register_seed(pilot=pilot, user=lead):
            _backdate(right, first_week - dt.timedelta(days=7))
        kinds = list(DecisionKind.objects.filter(pilot=pilot).order_by("position")[:4])
        metrics = list(pilot.metrics.filter(level="frontline").order_by("name"))
        decisions = []
        for week, rows in enumerate(WEEKS):
            monday = first_week + dt.timedelta(weeks=week)
            if week == 2:
                _hand_down(pilot=pilot, kinds=kinds, workgroups=workgroups, on=monday, ctx=ctx)
            for number, (kind_index, taken_as, what) in enumerate(rows):
                workgroup = workgroups[number % len(workgroups)]
                members = list(workgroup.members.order_by("pk")) or [ctx.data["cast"]["member"]]
                decisions.append(
                    services.decision_record(
                        workgroup=workgroup,
                        kind=kinds[kind_index],
                        what=what,
                        taken_as=taken_as,
                        decided_by=members[(week + number) % len(members)],
                        decided_on=min(ctx.today, monday + dt.timedelta(days=number)),
                        metric=metrics[number % len(metrics)] if metrics else None,
                        user=lead,
                    )
                )
        ctx.data["decisions"] = decisions
    with acting_as(champion):
        ctx.data["surge"] = services.surge_create(
            pilot=pilot,
            name="Year-end collections peak",
            starts_on=ctx.today + dt.timedelta(days=14),
            ends_on=ctx.today + dt.timedelta(days=42),
            extra_hours=36.0,
            unit=None,
            workgroup=workgroups[0],
            skill="",
            user=lead,
        )


def _tick_by_hand(*, pilot: Any, user: Any) -> None:
    """Steps without a check that a running pilot has done by now."""
    pinned = services.pilot_playbook_pin(pilot=pilot)
    keys = set(
        PlaybookStep.objects.filter(playbook=pinned.playbook, done_when="").values_list(
            "key", flat=True
        )
    )
    for key in ("champion-dashboard", "member-metrics", "manager-vision"):
        if key in keys:
            services.step_tick(pilot=pilot, key=key, user=user)


def _hand_down(
    *, pilot: Any, kinds: list[Any], workgroups: list[Any], on: dt.date, ctx: Any
) -> None:
    """Week three: small spending moves to the first workgroup after consulting its coach; scripts
    become the groups' own call across the pilot."""
    users = ctx.data["users"]
    spend = services.right_change(
        pilot=pilot,
        kind=kinds[3],
        workgroup=workgroups[0],
        mode="consult",
        person=None,
        reason="Their proposals were all approved for a month; the coach is consulted instead.",
        user=users["champion"],
    )
    _backdate(spend, on)
    script = services.right_change(
        pilot=pilot,
        kind=kinds[2],
        workgroup=None,
        mode="alone",
        person=None,
        reason="The groups know the customers' words best; scripts are theirs now.",
        user=users["lead"],
    )
    _backdate(script, on + dt.timedelta(days=1))
