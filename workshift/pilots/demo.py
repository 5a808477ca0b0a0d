"""The demo pilots and their Recognize phase.

Adds to ctx.data:
- "pilot": the running demo Pilot "Collections that keep customers" (entry point CC-COL)
- "frontline_metrics": list[Metric], the running pilot's frontline metrics (leading indicators)
- "metrics": {short key: Metric} every metric of the running pilot ("business", "retention",
  "cure", "promise_kept", "repeat_delinquency", "hardship_offers", "first_contact")
- "exploring_pilot": a second Pilot, status exploring, in Loan Servicing, half-way through Recognize
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from workshift.pilots.models import (
    CatalystAssessment,
    Champion,
    EntryCandidate,
    Metric,
    Pilot,
    PilotMember,
    PilotRole,
)
from workshift.pilots.services import candidate_choose


def _running_pilot(ctx: Any) -> Pilot:
    users = ctx.data["users"]
    units = ctx.data["units"]
    cast = ctx.data["cast"]
    start = ctx.today - dt.timedelta(weeks=6)
    pilot = Pilot.objects.create(
        name="Collections that keep customers",
        status=Pilot.Status.RUNNING,
        start_date=start,
        end_date=start + dt.timedelta(weeks=26),
        entry_unit=units["CC-COL"],
        vision_value="Keep more customers after a missed payment, instead of only recovering the amount due.",
        vision_focus="Collections specialists look for why customers fall behind and what would help them stay.",
        vision_capabilities="Curiosity, empathy and judgment grow as people solve problems no script covers.",
    )
    for role in (
        PilotRole.LEAD,
        PilotRole.CHAMPION,
        PilotRole.COACH,
        PilotRole.MEMBER,
        PilotRole.MANAGER,
    ):
        PilotMember.objects.create(pilot=pilot, user=users[role.value], role=role)

    CatalystAssessment.objects.create(
        pilot=pilot,
        kind=CatalystAssessment.Kind.AUTOMATION_CAPACITY,
        description=(
            "The new dialer and self-service payment portal now handle most reminder calls and simple payment "
            "plans. Collections specialists spend a growing share of the day on cases no script covers, while "
            "customers who fell behind once leave the bank within a year at twice the usual rate."
        ),
        must_break=True,
        must_break_note="Recovering the amount due while losing the customer costs more than it brings in.",
        urgent=True,
        urgent_note="Self-service takes over the routine calls this quarter; the freed hours need a purpose now.",
        beyond_optimization=True,
        beyond_optimization_note="Faster calls will not keep customers; understanding why they fall behind might.",
        capacity=True,
        capacity_note="The dialer and the portal free about 40% of the team's hours; borrowing covers the rest.",
    )
    committed = start - dt.timedelta(weeks=8)
    Champion.objects.create(
        pilot=pilot,
        person=cast["champion"],
        title=cast["champion"].job_title,
        is_c_level=True,
        committed_on=committed,
        commit_note="Sponsors the pilot's budget and the dialer roll-out.",
        communicated_on=committed + dt.timedelta(weeks=2),
        communicate_note="Town hall with the Contact Center, followed by a note to every collections specialist.",
        covered_on=committed + dt.timedelta(weeks=3),
        cover_note="Agreed that the recovery-rate target is relaxed for the pilot's workgroups for six months.",
        vision=(
            "Nobody in Collections will lose their job because of the new dialer. The specialists who join the "
            "pilot get time to learn why customers fall behind, training in coaching conversations, and a say in "
            "which problems to take on. Within three months, their ideas reach me directly."
        ),
        vision_frontline_gain=True,
    )

    spec = [
        # unit, type, coupling, position, supervisors, collaborative, leadership, improvement, capacity, pool, influence, note
        (
            "CC-COL",
            "business_unit",
            "self_contained",
            "core",
            5,
            3,
            4,
            3,
            80,
            116,
            True,
            "Dialer and portal free capacity now; retention after a collection event is a metric the board watches.",
        ),
        (
            "CC-CARE",
            "business_unit",
            "interdependent",
            "core",
            3,
            4,
            3,
            2,
            50,
            228,
            True,
            "Large pool, but the call volumes leave little to free before the new IVR arrives next year.",
        ),
        (
            "CC-DIG",
            "business_unit",
            "self_contained",
            "edge",
            4,
            5,
            4,
            4,
            85,
            48,
            True,
            "Fast and willing, but a small edge team: success would convince few.",
        ),
        (
            "FIN-AR",
            "function",
            "interdependent",
            "edge",
            3,
            3,
            2,
            4,
            60,
            74,
            False,
            "Reports to the CFO, outside the COO's influence.",
        ),
    ]
    candidates = {}
    for (
        code,
        unit_type,
        coupling,
        position,
        sup,
        col,
        lead,
        imp,
        cap,
        pool,
        influence,
        note,
    ) in spec:
        candidates[code] = EntryCandidate.objects.create(
            pilot=pilot,
            unit=units[code],
            unit_type=unit_type,
            coupling=coupling,
            position=position,
            supervisors_motivated=sup,
            collaborative_groups=col,
            leadership_support=lead,
            improvement_exposure=imp,
            freeable_capacity_pct=cap,
            pool_size=pool,
            in_champion_influence=influence,
            notes=note,
        )
    candidate_choose(
        candidate=candidates["CC-COL"],
        user=users["lead"],
        reason="Highest impact on retention, motivated supervisors, and the dialer frees the capacity we need.",
    )
    EntryCandidate.objects.filter(pk=candidates["CC-COL"].pk).update(
        chosen_at=timezone.make_aware(
            dt.datetime.combine(start - dt.timedelta(weeks=5), dt.time(10, 0))
        )
    )

    owners = {"manager": cast["manager"], "coach": cast["coach"], "champion": cast["champion"]}
    business, operating, frontline = (
        (Metric.Level.BUSINESS, Metric.Cadence.MONTHLY, "champion"),
        (Metric.Level.OPERATING, Metric.Cadence.MONTHLY, "manager"),
        (Metric.Level.FRONTLINE, Metric.Cadence.WEEKLY, "coach"),
    )
    # key, parent's key, kind, name, unit, direction, baseline, target, data source
    metric_rows: list[tuple[str, str | None, tuple[str, str, str], str, str, str, float, float, str]] = [
        ("business", None, business, "Revenue from existing customers", "EUR m / quarter",
         "up", 412.0, 425.0, "Finance: quarterly revenue by customer cohort"),
        ("retention", "business", operating,
         "Customer retention 90 days after a collection event", "%", "up", 71.0, 80.0,
         "CRM: accounts still active 90 days after entering collections"),
        ("cure", "business", operating, "Cure rate within 30 days", "%", "up", 58.0, 63.0,
         "Collections system: accounts back to current within 30 days"),
        ("promise_kept", "retention", frontline, "Promise-to-pay kept rate", "%", "up",
         64.0, 75.0, "Collections system: promises and payments"),
        ("repeat_delinquency", "retention", frontline, "Repeat delinquency within 60 days",
         "%", "down", 22.0, 15.0, "Collections system: re-entries within 60 days"),
        ("hardship_offers", "retention", frontline, "Hardship plans offered per 100 contacts",
         "per 100 contacts", "up", 3.5, 6.0, "Dialer and CRM: contact outcomes"),
        ("first_contact", "cure", frontline, "Cases resolved at first contact", "%", "up",
         41.0, 50.0, "Dialer: contact outcomes"),
    ]  # fmt: skip
    metrics: dict[str, Metric] = {}
    for key, parent, (
        level,
        cadence,
        owner,
    ), name, unit, direction, base, goal, source in metric_rows:
        metrics[key] = Metric.objects.create(
            pilot=pilot,
            parent=metrics[parent] if parent else None,
            level=level,
            name=name,
            unit=unit,
            direction=direction,
            cadence=cadence,
            baseline=base,
            target=goal,
            owner=owners[owner],
            data_source=source,
        )
    ctx.data["frontline_metrics"] = [metrics[row[0]] for row in metric_rows if row[2] == frontline]
    return pilot


def _exploring_pilot(ctx: Any) -> Pilot:
    """Half-way through Recognize: a weak catalyst, no champion yet, two candidates, one business metric."""
    users = ctx.data["users"]
    units = ctx.data["units"]
    pilot = Pilot.objects.create(
        name="Loan servicing beyond the checklist",
        status=Pilot.Status.EXPLORING,
        vision_value="Turn servicing contacts into moments where borrowers get advice that keeps their loan healthy.",
        vision_focus="Servicing specialists spot borrowers heading for trouble before the first missed payment.",
        vision_capabilities="",
    )
    PilotMember.objects.create(pilot=pilot, user=users["lead"], role=PilotRole.LEAD)
    PilotMember.objects.create(pilot=pilot, user=users["manager"], role=PilotRole.MANAGER)
    CatalystAssessment.objects.create(
        pilot=pilot,
        kind=CatalystAssessment.Kind.TECHNOLOGY,
        description="The core loan platform is being replaced over the next 18 months; the migration will "
        "automate most document checks.",
        must_break=True,
        must_break_note="Document checks will be automated; the checklist job disappears.",
        urgent=True,
        urgent_note="Migration waves start next quarter.",
        beyond_optimization=None,
        capacity=False,
        capacity_note="Every specialist is needed for data clean-up during the migration.",
        absorbing_change=True,
    )
    for code, pool, cap, influence in (("OPS-SVC", 198, 40, True), ("OPS-CARD", 144, 70, True)):
        EntryCandidate.objects.create(
            pilot=pilot,
            unit=units[code],
            unit_type="business_unit",
            coupling="interdependent",
            position="core",
            supervisors_motivated=3,
            collaborative_groups=2,
            leadership_support=3,
            improvement_exposure=4,
            freeable_capacity_pct=cap,
            pool_size=pool,
            in_champion_influence=influence,
        )
    Metric.objects.create(
        pilot=pilot,
        level=Metric.Level.BUSINESS,
        name="Loan book credit losses",
        unit="EUR m / year",
        direction=Metric.Direction.DOWN,
        cadence=Metric.Cadence.MONTHLY,
        baseline=38.0,
        target=33.0,
    )
    return pilot


def load(*, ctx: Any) -> None:
    ctx.data["pilot"] = _running_pilot(ctx)
    ctx.data["exploring_pilot"] = _exploring_pilot(ctx)
