"""Reads that insights pages, the report and the API share."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.conf import settings
from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from workshift.conditions.models import (
    Application,
    CapacityTask,
    Cell,
    CellMember,
    Workgroup,
    WorkgroupMember,
)
from workshift.conditions.selectors import capacity_overview
from workshift.conditions.selectors import pilot_participant_ids as conditions_participant_ids
from workshift.engine.anonymity import ABSOLUTE_MIN_GROUP, groups_to_show
from workshift.engine.network import (
    NetworkAnalysis,
    analyze_collaboration,
    bridges_of,
    tie_kinds,
    top_brokers,
)
from workshift.engine.scoring import EntryScore, entry_ranking, merged_weights
from workshift.engine.similarity import Profile, Suggestion, skill_communities, suggest_helpers
from workshift.impact.models import (
    MetricReading,
    Obstacle,
    Opportunity,
    PracticeUse,
    Reflection,
    Slice,
    SpinOffProposal,
)
from workshift.insights.models import (
    PULSE_FIELDS,
    PULSE_QUESTIONS,
    CollaborationCount,
    PulseResponse,
    PulseRound,
    Story,
    StoryPerson,
)
from workshift.people.models import OrgUnit, Person
from workshift.pilots.models import EntryCandidate, Metric, Pilot, PilotMember

PILOT_GROUP = "pilot"


def pulse_min_group() -> int:
    return max(int(getattr(settings, "PULSE_MIN_GROUP", 5)), ABSOLUTE_MIN_GROUP)


# ---------------------------------------------------------------- participants


def pilot_participant_ids(*, pilot: Pilot) -> set[int]:
    """Everyone taking part: workgroup members and capacity-plan participants, coaches, cell members and the
    people behind pilot roles."""
    ids = set(conditions_participant_ids(pilot=pilot))
    ids |= set(
        Workgroup.objects.filter(pilot=pilot, coach__isnull=False).values_list(
            "coach_id", flat=True
        )
    )
    ids |= set(CellMember.objects.filter(cell__pilot=pilot).values_list("person_id", flat=True))
    ids |= set(
        PilotMember.objects.filter(pilot=pilot, user__person__isnull=False).values_list(
            "user__person_id", flat=True
        )
    )
    return ids


def is_pilot_participant(*, pilot: Pilot, person_id: int | None) -> bool:
    return person_id is not None and person_id in pilot_participant_ids(pilot=pilot)


# ---------------------------------------------------------------- stories


def stories_with_sharing() -> QuerySet[Story]:
    """Stories annotated with `shared`: the author agreed and everyone involved agreed."""
    pending = StoryPerson.objects.filter(story=OuterRef("pk")).exclude(consent=True)
    return Story.objects.annotate(pending_consent=Exists(pending)).annotate(
        shared=Q(author_consents=True) & Q(pending_consent=False)
    )


def shared_stories(*, pilot: Pilot) -> QuerySet[Story]:
    return (
        stories_with_sharing()  # type: ignore[misc]
        .filter(pilot=pilot, shared=True)
        .select_related("author", "workgroup")
        .prefetch_related("involved__person")
    )


# ---------------------------------------------------------------- pulse


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


def _pulse_group_sets(*, pilot: Pilot) -> list[tuple[str, str, set[int]]]:
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


def visible_group_keys(*, user: Any, pilot: Pilot) -> set[str]:
    """The pulse groups a viewer may look at (before the anonymity rule): overseers all, others their own."""
    from workshift.insights.access import sees_everything

    if sees_everything(user=user, pilot=pilot):
        return {PILOT_GROUP} | {k for k, _, _ in _pulse_group_sets(pilot=pilot)}
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
    groups = _pulse_group_sets(pilot=pilot)
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


# ---------------------------------------------------------------- metrics and workgroups


@dataclass
class MetricSummary:
    metric: Metric
    current: float | None = None
    readings: list[tuple[dt.date, float]] = field(default_factory=list)

    @property
    def change(self) -> float | None:
        if self.current is None or self.metric.baseline is None:
            return None
        return self.current - self.metric.baseline

    @property
    def improving(self) -> bool | None:
        change = self.change
        if change is None or change == 0:
            return None
        return (change > 0) == (self.metric.direction == Metric.Direction.UP)


def metric_summaries(*, pilot: Pilot, workgroup: Workgroup | None = None) -> list[MetricSummary]:
    """Each metric that matters with its readings: one workgroup's, or the mean across workgroups per date."""
    summaries = {
        m.pk: MetricSummary(metric=m)
        for m in Metric.objects.filter(pilot=pilot).order_by("level", "name")
    }
    readings = MetricReading.objects.filter(metric_id__in=list(summaries))
    if workgroup is not None:
        readings = readings.filter(workgroup=workgroup)
    rows = (
        readings.values("metric_id", "on").annotate(mean=Avg("value")).order_by("metric_id", "on")
    )
    for row in rows:
        summaries[row["metric_id"]].readings.append((row["on"], float(row["mean"])))
    for summary in summaries.values():
        if summary.readings:
            summary.current = summary.readings[-1][1]
    return list(summaries.values())


def _per_workgroup(queryset: QuerySet[Any], aggregate: Any, field: str = "workgroup") -> Any:
    """One number per workgroup as a correlated subquery (no join fan-out)."""
    rows = (
        queryset.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=aggregate)
        .values("n")[:1]
    )
    return Coalesce(Subquery(rows), 0)


def workgroup_rows(
    *, pilot: Pilot, workgroups: QuerySet[Workgroup], today: dt.date | None = None
) -> list[dict[str, Any]]:
    """Workgroups with their activity: slices run, reflections kept, practices used, obstacles, stories (one query)."""
    today = today or dt.date.today()
    open_obstacles = Obstacle.objects.exclude(status__in=Obstacle.CLOSED)
    shared = stories_with_sharing().filter(shared=True)  # type: ignore[misc]
    annotated = (
        workgroups.select_related("coach")
        .annotate(
            member_count=_per_workgroup(WorkgroupMember.objects.all(), Count("pk")),
            slices_run=_per_workgroup(Slice.objects.all(), Count("pk")),
            slices_done=_per_workgroup(Slice.objects.filter(stage=Slice.Stage.DONE), Count("pk")),
            reflections_kept=_per_workgroup(Reflection.objects.all(), Count("pk")),
            practices_used=_per_workgroup(
                PracticeUse.objects.all(), Count("pk"), field="adopted__workgroup"
            ),
            open_obstacles=_per_workgroup(open_obstacles, Count("pk")),
            overdue_obstacles=_per_workgroup(
                open_obstacles.filter(due_date__lt=today), Count("pk")
            ),
            opportunities_found=_per_workgroup(Opportunity.objects.all(), Count("pk")),
            stories_shared=_per_workgroup(shared, Count("pk")),
        )
        .order_by("name")
    )
    return [
        {"workgroup": wg, "members": wg.member_count, "stories": wg.stories_shared}
        for wg in annotated
    ]


def overdue_obstacles(
    *,
    pilot: Pilot,
    workgroup: Workgroup | None = None,
    today: dt.date | None = None,
    limit: int = 5,
) -> tuple[int, int, list[Obstacle]]:
    """(open, overdue, the most overdue ones) for the pilot or one workgroup."""
    today = today or dt.date.today()
    open_ones = Obstacle.objects.filter(workgroup__pilot=pilot).exclude(status__in=Obstacle.CLOSED)
    if workgroup is not None:
        open_ones = open_ones.filter(workgroup=workgroup)
    late = open_ones.filter(due_date__lt=today)
    return (
        open_ones.count(),
        late.count(),
        list(late.select_related("workgroup").order_by("due_date")[:limit]),
    )


@dataclass
class CapacityFreed:
    participants: int
    average_freed: float
    below_target: int
    overloaded_receivers: int


def capacity_freed(*, pilot: Pilot) -> CapacityFreed:
    """How much working time the pilot has freed for its participants (from the capacity plan)."""
    if not CapacityTask.objects.filter(participant__pilot=pilot).exists():
        return CapacityFreed(
            participants=0, average_freed=0.0, below_target=0, overloaded_receivers=0
        )
    overview = capacity_overview(pilot=pilot)
    freed = [row.freed for row in overview.participants]
    return CapacityFreed(
        participants=len(freed),
        average_freed=round(sum(freed) / len(freed), 1) if freed else 0.0,
        below_target=len(overview.below),
        overloaded_receivers=len(overview.overloaded),
    )


# ---------------------------------------------------------------- connections


@dataclass
class OrgNetwork:
    analysis: NetworkAnalysis
    person_ids: np.ndarray  # index -> Person id
    index_of: dict[int, int]
    unit_ids: np.ndarray  # unit index -> OrgUnit id
    unit_names: dict[int, str]  # unit index -> name
    rows: int


def org_network() -> OrgNetwork:
    """The collaboration network of the whole organization from every imported count."""
    people = list(Person.objects.filter(active=True).values_list("id", "unit_id"))
    person_ids = np.array([p for p, _ in people], dtype=np.int64)
    index_of = {int(pid): i for i, pid in enumerate(person_ids)}
    units = list(OrgUnit.objects.values_list("id", "name"))
    unit_index = {uid: i for i, (uid, _) in enumerate(units)}
    unit_of = np.array([unit_index.get(u, -1) if u else -1 for _, u in people], dtype=np.int64)
    src, dst, cnt = [], [], []
    for a, b, c in CollaborationCount.objects.values_list(
        "person_a_id", "person_b_id", "count"
    ).iterator(chunk_size=20000):
        ia, ib = index_of.get(a), index_of.get(b)
        if ia is not None and ib is not None:
            src.append(ia)
            dst.append(ib)
            cnt.append(c)
    analysis = analyze_collaboration(
        n_people=len(person_ids),
        unit_of=unit_of,
        src=np.array(src, dtype=np.int64),
        dst=np.array(dst, dtype=np.int64),
        count=np.array(cnt, dtype=np.float64),
        n_units=len(units),
    )
    return OrgNetwork(
        analysis=analysis,
        person_ids=person_ids,
        index_of=index_of,
        unit_ids=np.array([u for u, _ in units], dtype=np.int64),
        unit_names={i: name for i, (_, name) in enumerate(units)},
        rows=len(src),
    )


@dataclass
class ConnectionsOverview:
    rows: int
    brokers: list[dict[str, Any]]
    isolated: list[Person]
    isolated_count: int
    silent_pairs: list[tuple[str, str]]
    communities: list[dict[str, Any]]


def connections_overview(*, pilot: Pilot, limit: int = 10) -> ConnectionsOverview:
    """Brokers and isolated people among the pilot's participants; units around the pilot that never talk."""
    network = org_network()
    participants = [
        network.index_of[p] for p in pilot_participant_ids(pilot=pilot) if p in network.index_of
    ]
    among = np.array(sorted(participants), dtype=np.int64)
    people = (
        Person.objects.in_bulk([int(x) for x in network.person_ids[among]]) if among.size else {}
    )
    brokers = []
    if network.rows:
        for index in (
            top_brokers(analysis=network.analysis, limit=limit, among=among) if among.size else []
        ):
            bridges = bridges_of(analysis=network.analysis, person=int(index))[:3]
            brokers.append(
                {
                    "person": people[int(network.person_ids[index])],
                    "score": float(network.analysis.broker_score[index]),
                    "bridges": [(network.unit_names[u], share) for u, share in bridges],
                }
            )
    isolated_idx = [int(i) for i in among if network.analysis.isolated[i]] if network.rows else []
    isolated = [people[int(network.person_ids[i])] for i in isolated_idx[:limit]]
    # units that matter to the pilot: the entry point and the units its workgroups' people work in;
    # a unit and its own parent or child are not counted as "never talking"
    focus = _pilot_unit_indices(pilot=pilot, network=network)
    ancestors = _unit_ancestors()
    silent = []
    if network.rows:
        for a, b in network.analysis.silent_unit_pairs:
            if a not in focus and b not in focus:
                continue
            id_a, id_b = int(network.unit_ids[a]), int(network.unit_ids[b])
            if id_a in ancestors.get(id_b, ()) or id_b in ancestors.get(id_a, ()):
                continue
            silent.append((network.unit_names[int(a)], network.unit_names[int(b)]))
    return ConnectionsOverview(
        rows=network.rows,
        brokers=brokers,
        isolated=isolated,
        isolated_count=len(isolated_idx),
        silent_pairs=silent[:50],
        communities=practice_communities(pilot=pilot, network=network),
    )


def _unit_ancestors() -> dict[int, set[int]]:
    parent = dict(OrgUnit.objects.values_list("id", "parent_id"))
    result: dict[int, set[int]] = {}
    for unit_id in parent:
        seen, current = set(), parent.get(unit_id)
        while current is not None and current not in seen:
            seen.add(current)
            current = parent.get(current)
        result[unit_id] = seen
    return result


def _pilot_unit_indices(*, pilot: Pilot, network: OrgNetwork) -> set[int]:
    unit_ids = set(
        Person.objects.filter(
            Q(workgroup_memberships__workgroup__pilot=pilot) | Q(coached_workgroups__pilot=pilot),
            unit__isnull=False,
        ).values_list("unit_id", flat=True)
    )
    if pilot.entry_unit_id:
        unit_ids.add(pilot.entry_unit_id)
    index = {int(u): i for i, u in enumerate(network.unit_ids)}
    return {index[u] for u in unit_ids if u in index}


def practice_communities(
    *, pilot: Pilot, network: OrgNetwork, limit: int = 6
) -> list[dict[str, Any]]:
    """Skills held by pilot participants and by people in several other units: seeds for communities of practice."""
    participant_ids = pilot_participant_ids(pilot=pilot)
    pilot_skills = {
        s.strip().lower()
        for skills in Person.objects.filter(id__in=participant_ids).values_list("skills", flat=True)
        for s in (skills or [])
    }
    rows = list(Person.objects.filter(active=True).values_list("id", "skills", "unit_id"))
    unit_index = {int(u): i for i, u in enumerate(network.unit_ids)}
    found = skill_communities(
        skills_by_person=[
            [s for s in (skills or []) if s.strip().lower() in pilot_skills]
            for _, skills, _ in rows
        ],
        unit_of=[unit_index.get(u, -1) if u else -1 for _, _, u in rows],
    )
    result = []
    for skill, members, units in found[:limit]:
        indices = np.array(
            [network.index_of[rows[m][0]] for m in members if rows[m][0] in network.index_of]
        )
        in_pilot = sum(1 for m in members if rows[m][0] in participant_ids)
        linked = 0
        if indices.size and network.rows:
            sub = network.analysis.ties[indices][:, indices]
            linked = int((sub.nnz) // 2)
        possible = len(members) * (len(members) - 1) // 2
        result.append(
            {
                "skill": skill,
                "people": len(members),
                "units": units,
                "in_pilot": in_pilot,
                "why": f"{len(members)} people in {units} units list “{skill}”, {in_pilot} of them in this pilot; "
                f"only {linked} of {possible} possible pairs among them already work together.",
            }
        )
    return result


@dataclass
class HelperSuggestion:
    person: Person
    suggestion: Suggestion
    in_pilot: bool

    @property
    def why(self) -> str:
        return "; ".join(self.suggestion.reasons)


def writings_by_person() -> dict[int, list[str]]:
    """What each person wrote that others may learn from: stories, reflections, obstacles and opportunities."""
    texts: dict[int, list[str]] = defaultdict(list)
    sources = [
        (
            Story.objects.filter(author__isnull=False),
            "author_id",
            ["title", "before", "what_happened", "after"],
        ),
        (
            Reflection.objects.filter(author__person__isnull=False),
            "author__person_id",
            ["expected", "happened", "why", "differently"],
        ),
        (
            Obstacle.objects.filter(raised_by__person__isnull=False),
            "raised_by__person_id",
            ["title", "description", "proposed_solution"],
        ),
        (
            Opportunity.objects.filter(raised_by__person__isnull=False),
            "raised_by__person_id",
            ["title", "for_whom", "evidence"],
        ),
    ]
    for queryset, person_field, fields in sources:
        for person_id, *parts in queryset.values_list(person_field, *fields).iterator(
            chunk_size=5000
        ):
            texts[person_id].append(" ".join(p for p in parts if p))
    return texts


def who_can_help(
    *,
    pilot: Pilot,
    text: str,
    group_person_ids: Iterable[int] = (),
    limit: int = 5,
    strong_count: float = 30.0,
) -> list[HelperSuggestion]:
    """People in the pilot or elsewhere who wrote about a similar challenge or have the skills for it.

    Weak ties of the asking group are preferred; the group itself is left out.
    """
    network = org_network()
    people = list(Person.objects.filter(active=True).select_related("unit").order_by("id"))
    writings = writings_by_person()
    profiles = [
        Profile(
            key=p.pk,
            writing=" ".join(writings.get(p.pk, [])),
            skills=p.skills or [],
            title=p.job_title,
            unit_name=p.unit.name if p.unit else "",
        )
        for p in people
    ]
    group = np.array(
        [network.index_of[i] for i in group_person_ids if i in network.index_of], dtype=np.int64
    )
    if group.size == 0:
        group = np.array(
            [
                network.index_of[i]
                for i in pilot_participant_ids(pilot=pilot)
                if i in network.index_of
            ],
            dtype=np.int64,
        )
    candidates = np.array([network.index_of.get(p.pk, 0) for p in people], dtype=np.int64)
    if group.size:
        kinds = tie_kinds(
            analysis=network.analysis, group=group, candidates=candidates, strong_count=strong_count
        )
    else:
        kinds = np.zeros(len(people), dtype=np.int64)
    exclude = frozenset(int(network.person_ids[i]) for i in group)
    suggestions = suggest_helpers(
        query=text, profiles=profiles, ties=kinds.tolist(), exclude=exclude, limit=limit
    )
    by_id = {p.pk: p for p in people}
    participants = pilot_participant_ids(pilot=pilot)
    return [
        HelperSuggestion(person=by_id[s.key], suggestion=s, in_pilot=s.key in participants)
        for s in suggestions
    ]


# ---------------------------------------------------------------- workload


@dataclass
class WorkloadRow:
    person: Person
    percent: int
    parts: list[str]
    delegate_to: list[str]

    @property
    def over(self) -> bool:
        return self.percent > 100


WORKGROUP_SHARE = 75  # each workgroup seat takes at least 75% of working hours
SURGE_MARGIN = 15  # a surge in demand adds this much for people who keep day-to-day work


def workload_balance(*, pilot: Pilot) -> list[WorkloadRow]:
    """Who is over 100% of their time, and whom a surge would overload, with where to delegate.

    From the capacity plan: the people who take tasks over (their load before
    plus what they received) and the consolidation moves it suggests; and from
    roles: anyone holding more than one workgroup seat (75% each).
    """
    overview = capacity_overview(pilot=pilot)
    rows: list[WorkloadRow] = []
    for receiver in overview.receivers:
        if receiver.load < 100 - SURGE_MARGIN:
            continue
        name = str(receiver.person)
        moves = [line for line in overview.suggestion_lines if f"from {name} to" in line]
        rows.append(
            WorkloadRow(
                person=receiver.person,
                percent=round(receiver.load),
                parts=[f"{receiver.baseline:.0f}% own work"]
                + [f"{t.name} ({t.share}%)" for t in receiver.tasks],
                delegate_to=moves
                or ["no one in the capacity plan has room: simplify, build or buy instead"],
            )
        )
    seats: dict[int, list[str]] = defaultdict(list)
    for person_id, name, pilot_name in WorkgroupMember.objects.filter(
        person_id__in=pilot_participant_ids(pilot=pilot)
    ).values_list("person_id", "workgroup__name", "workgroup__pilot__name"):
        seats[person_id].append(f"member of {name} ({pilot_name})")
    doubled = {pid: parts for pid, parts in seats.items() if len(parts) > 1}
    people = Person.objects.in_bulk(list(doubled))
    for person_id, parts in doubled.items():
        rows.append(
            WorkloadRow(
                person=people[person_id],
                percent=WORKGROUP_SHARE * len(parts),
                parts=parts,
                delegate_to=[
                    "keep one workgroup seat; hand the other to a volunteer on the waiting list"
                ],
            )
        )
    rows.sort(key=lambda r: (-r.percent, r.person.last_name))
    return rows


def momentum_signals(*, pilot: Pilot) -> list[tuple[str, int, str]]:
    """Counts that show the pilot is attracting others: (label, value, what it means)."""
    opportunities = Opportunity.objects.filter(workgroup__pilot=pilot)
    spin_offs = SpinOffProposal.objects.filter(opportunity__workgroup__pilot=pilot)
    applications = Application.objects.filter(call__pilot=pilot)
    return [
        (
            "Opportunities found",
            opportunities.count(),
            "Unseen problems and opportunities the workgroups noticed.",
        ),
        (
            "Opportunities in a slice",
            opportunities.filter(status=Opportunity.Status.IN_SLICE).count(),
            "Opportunities the groups are acting on in a thin slice of change.",
        ),
        (
            "Spin-offs proposed",
            spin_offs.count(),
            "Proposals to form a new workgroup around an opportunity.",
        ),
        (
            "Spin-offs approved",
            spin_offs.filter(status=SpinOffProposal.Status.APPROVED).count(),
            "New workgroups formed from what the pilot found.",
        ),
        (
            "Volunteers asking to join",
            applications.count(),
            "Applications to the pilot's volunteer calls; more than places means others want in.",
        ),
        (
            "Stories shared",
            shared_stories(pilot=pilot).count(),
            "Stories of change everyone involved agreed to share.",
        ),
    ]


# ---------------------------------------------------------------- scale next


@dataclass
class NextCandidate:
    rank: int
    before_rank: int
    candidate: EntryCandidate
    score: EntryScore
    combined: float
    ties: int
    reasons: list[str]


@dataclass
class ScaleNext:
    lessons: list[str]
    candidates: list[NextCandidate]
    seeds: list[Opportunity]


def _learned_weights(*, pilot: Pilot) -> tuple[dict[str, float], list[str]]:
    """Entry-point weights adjusted by what the pilot learned, with each lesson in words."""
    weights = merged_weights(overrides=pilot.entry_weights)
    lessons: list[str] = []
    obstacles = Obstacle.objects.filter(workgroup__pilot=pilot)
    total = obstacles.count()
    management = obstacles.filter(
        kind__in=[Obstacle.Kind.MANAGEMENT, Obstacle.Kind.POLITICAL]
    ).count()
    if total and management / total >= 0.3:
        weights["likelihood_leadership"] *= 1.5
        lessons.append(
            f"{management} of {total} obstacles were about management or politics: "
            "supportive leadership now counts 1.5 times as much."
        )
    capacity = capacity_freed(pilot=pilot)
    if capacity.participants and (capacity.average_freed < 75 or capacity.below_target):
        weights["likelihood_capacity"] *= 1.5
        lessons.append(
            f"Freeing capacity was hard ({capacity.average_freed:.0f}% freed on average, "
            f"{capacity.below_target} below 75%): freeable capacity now counts 1.5 times as much."
        )
    summaries = [m for m in metric_summaries(pilot=pilot) if m.improving is not None]
    improved = sum(1 for m in summaries if m.improving)
    if summaries and improved * 2 > len(summaries):
        weights["impact_core"] *= 1.25
        lessons.append(
            f"{improved} of {len(summaries)} metrics that matter improved on their baseline: "
            "the approach has shown results, so core units with bigger impact count more."
        )
    return weights, lessons


def scale_next(*, pilot: Pilot, limit: int = 8) -> ScaleNext:
    """Where to redefine work next: the remaining entry-point candidates re-ranked with what the pilot
    learned and how connected each unit already is to the pilot, and opportunities that could seed new
    workgroups."""
    weights, lessons = _learned_weights(pilot=pilot)
    remaining = {
        c.pk: c
        for c in EntryCandidate.objects.filter(pilot=pilot, chosen_at__isnull=True).select_related(
            "unit"
        )
    }
    before = {
        r.key: r.rank
        for r in entry_ranking(
            candidates={pk: c.factors() for pk, c in remaining.items()}, weights=pilot.entry_weights
        )
    }
    ranked = entry_ranking(
        candidates={pk: c.factors() for pk, c in remaining.items()}, weights=weights
    )
    network = org_network() if remaining else None
    participants = (
        np.array(
            [
                network.index_of[p]
                for p in pilot_participant_ids(pilot=pilot)
                if p in network.index_of
            ],
            dtype=np.int64,
        )
        if network
        else np.zeros(0, dtype=np.int64)
    )
    touched = np.zeros(len(network.person_ids) if network else 0, dtype=bool)
    if network is not None and participants.size and network.rows:
        in_pilot = np.zeros(len(network.person_ids))
        in_pilot[participants] = 1.0
        touched = (network.analysis.ties != 0).astype(np.float64) @ in_pilot > 0
    unit_index = {int(u): i for i, u in enumerate(network.unit_ids)} if network else {}
    rows = []
    for item in ranked:
        candidate = remaining[item.key]
        ties = 0
        if network is not None and candidate.unit_id in unit_index:
            in_unit = network.analysis.unit_of == unit_index[candidate.unit_id]
            ties = int((touched & in_unit).sum())
        bonus = min(10.0, ties / 2)
        reasons = item.score.reasons(limit=3)
        if ties:
            who = (
                "1 person there already works" if ties == 1 else f"{ties} people there already work"
            )
            reasons.append(
                f"{who} with pilot participants and has heard the stories (+{bonus:.1f} points)"
                if ties == 1
                else f"{who} with pilot participants and have heard the stories (+{bonus:.1f} points)"
            )
        reasons.extend(item.score.checks_failed)
        rows.append((candidate, item.score, item.score.combined + bonus, ties, reasons))
    rows.sort(key=lambda r: (not r[1].passes_checks, -r[2], r[0].unit.name))
    candidates = [
        NextCandidate(
            rank=i + 1,
            before_rank=before.get(c.pk, 0),
            candidate=c,
            score=s,
            combined=round(total, 1),
            ties=t,
            reasons=why,
        )
        for i, (c, s, total, t, why) in enumerate(rows[:limit])
    ]
    seeds: dict[str, Opportunity] = {}
    for opportunity in (
        Opportunity.objects.filter(
            workgroup__pilot=pilot,
            status__in=[Opportunity.Status.NEW, Opportunity.Status.EVALUATED],
        )
        .filter(value__gte=4)
        .select_related("workgroup", "metric")
        .order_by("-value", "-confidence", "effort", "pk")[:50]
    ):
        key = opportunity.title.strip().lower()
        if key in seeds:  # the same opportunity seen by several groups: one seed, every group named
            seeds[key].found_by.append(opportunity.workgroup.name)  # type: ignore[attr-defined]
        elif len(seeds) < 6:
            opportunity.found_by = [opportunity.workgroup.name]  # type: ignore[attr-defined]
            seeds[key] = opportunity
    return ScaleNext(lessons=lessons, candidates=candidates, seeds=list(seeds.values()))
