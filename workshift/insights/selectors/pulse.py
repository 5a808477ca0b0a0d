"""Pulse survey results, shown only for groups large enough to keep answers anonymous."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Q

from workshift.conditions.models import (
    Cell,
    CellMember,
    Workgroup,
    WorkgroupMember,
)
from workshift.engine.anonymity import ABSOLUTE_MIN_GROUP, groups_to_show
from workshift.insights.models import (
    PULSE_FIELDS,
    PULSE_QUESTIONS,
    PulseResponse,
    PulseRound,
)
from workshift.pilots.models import Pilot

PILOT_GROUP = "pilot"


def pulse_min_group() -> int:
    return max(int(getattr(settings, "PULSE_MIN_GROUP", 5)), ABSOLUTE_MIN_GROUP)


@dataclass
class PulseGroupResult:
    key: str
    label: str
    respondents: int
    means: dict[str, float] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)


@dataclass
class PulseRoundResult:
    round: PulseRound
    respondents: int
    shown: list[PulseGroupResult]
    suppressed: list[tuple[str, str]]  # (label, reason)


def _group_label(kind: str, name: str) -> str:
    return name if name.lower().startswith(kind.lower()) else f"{kind} {name}"


def pulse_group_sets(*, pilot: Pilot) -> list[tuple[str, str, set[int]]]:
    """The groups pulse answers are summarized for, in priority order: pilot, workgroups (larger first), cells."""
    ordered: list[str] = []
    members: dict[str, set[int]] = defaultdict(set)
    labels: dict[str, str] = {}
    kinds = [
        ("wg", "Workgroup", Workgroup, WorkgroupMember, "workgroup"),
        ("cell", "Cell", Cell, CellMember, "cell"),
    ]
    for prefix, kind, group_model, member_model, link in kinds:
        for group_id, name in group_model.objects.filter(pilot=pilot).values_list("id", "name"):  # type: ignore[attr-defined]
            labels[f"{prefix}:{group_id}"] = _group_label(kind, name)
        for group_id, person_id in member_model.objects.filter(  # type: ignore[attr-defined]
            **{f"{link}__pilot": pilot}
        ).values_list(f"{link}_id", "person_id"):
            members[f"{prefix}:{group_id}"].add(person_id)
        keys = [k for k in labels if k.startswith(f"{prefix}:")]
        ordered += sorted(keys, key=lambda k: (-len(members[k]), labels[k]))
    return [(k, labels[k], members[k]) for k in ordered]


def all_group_keys(*, pilot: Pilot) -> set[str]:
    """Every pulse group of the pilot: what an overseer may look at."""
    return {PILOT_GROUP} | {k for k, _, _ in pulse_group_sets(pilot=pilot)}


def visible_group_keys(*, user: Any, pilot: Pilot) -> set[str]:
    """The pulse groups a viewer may look at (before the anonymity rule): overseers all, others their own."""
    from workshift.insights.access import sees_everything

    if sees_everything(user=user, pilot=pilot):
        return all_group_keys(pilot=pilot)
    keys = {PILOT_GROUP}
    if user.person_id:
        keys |= {
            f"wg:{i}"
            for i in Workgroup.objects.filter(
                Q(pilot=pilot)
                & (Q(coach_id=user.person_id) | Q(memberships__person_id=user.person_id))
            ).values_list("id", flat=True)
        }
        keys |= {
            f"cell:{i}"
            for i in CellMember.objects.filter(
                cell__pilot=pilot, person_id=user.person_id
            ).values_list("cell_id", flat=True)
        }
    return keys


def pulse_results(
    *,
    pilot: Pilot,
    rounds: Iterable[PulseRound],
    visible: set[str] | None = None,
    with_comments: bool = True,
) -> list[PulseRoundResult]:
    """Summaries of each round for the groups the anonymity rule lets anyone see, limited to `visible`.

    The rule is applied once over all groups of the pilot (not per viewer), so
    two viewers who see different groups cannot combine what they see either.
    """
    rounds = list(rounds)
    groups = pulse_group_sets(pilot=pilot)
    answers: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in PulseResponse.objects.filter(round__in=rounds).values(
        "round_id", "person_id", "comment", *PULSE_FIELDS
    ):
        answers[row["round_id"]].append(row)
    k = pulse_min_group()
    results = []
    for pulse_round in rounds:
        rows = answers.get(pulse_round.pk, [])
        by_person = {r["person_id"]: r for r in rows}
        respondents = frozenset(by_person)
        candidate = [(PILOT_GROUP, "Whole pilot", respondents)] + [
            (key, label, frozenset(respondents & people)) for key, label, people in groups
        ]
        decision = groups_to_show(
            groups=[(key, people) for key, _, people in candidate], min_size=k
        )
        shown, suppressed = [], []
        for key, label, people in candidate:
            if visible is not None and key not in visible:
                continue
            if not decision.is_shown(key):
                if people or key == PILOT_GROUP:
                    suppressed.append((label, decision.suppressed.get(key, "")))
                continue
            group_rows = [by_person[p] for p in people]
            means = {f: round(float(np.mean([r[f] for r in group_rows])), 2) for f in PULSE_FIELDS}
            comments = (
                sorted(r["comment"].strip() for r in group_rows if r["comment"].strip())
                if with_comments
                else []
            )
            shown.append(
                PulseGroupResult(
                    key=key, label=label, respondents=len(people), means=means, comments=comments
                )
            )
        results.append(
            PulseRoundResult(
                round=pulse_round, respondents=len(respondents), shown=shown, suppressed=suppressed
            )
        )
    return results


def pulse_trend_rows(*, results: list[PulseRoundResult], group_key: str) -> list[dict[str, Any]]:
    """Rows (date, question, mean) for one group across rounds, only where the group was shown."""
    labels = {q[0]: q[1] for q in PULSE_QUESTIONS}
    rows = []
    for result in results:
        for group in result.shown:
            if group.key == group_key:
                for f, mean in group.means.items():
                    rows.append(
                        {
                            "round": f"{result.round.opens_on:%d %b %Y}",
                            "question": labels[f],
                            "mean": mean,
                        }
                    )
    return rows
