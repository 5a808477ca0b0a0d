"""The collaboration network: who works with whom, practice communities, and who can help."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db.models import Q

from workshift.engine.network import (
    NetworkAnalysis,
    analyze_collaboration,
    bridges_of,
    tie_kinds,
    top_brokers,
)
from workshift.engine.similarity import Profile, Suggestion, skill_communities, suggest_helpers
from workshift.impact.models import (
    Obstacle,
    Opportunity,
    Reflection,
)
from workshift.insights.models import (
    CollaborationCount,
    Story,
)
from workshift.insights.selectors.participants import pilot_participant_ids
from workshift.people.models import OrgUnit, Person
from workshift.pilots.models import Pilot


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


def connections_overview(
    *, pilot: Pilot, limit: int = 10, network: OrgNetwork | None = None
) -> ConnectionsOverview:
    """Brokers and isolated people among the pilot's participants; units around the pilot that never talk.

    Reads the whole network unless `network` is given (the worker reads it once for every pilot)."""
    network = network or org_network()
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
    ties: Mapping[int, int] | None = None,
) -> list[HelperSuggestion]:
    """People in the pilot or elsewhere who wrote about a similar challenge or have the skills for it.

    Weak ties are preferred and the asking group (a workgroup, or else the pilot's participants)
    is left out. With `ties` (person id -> tie kind to the pilot's participants, as the worker
    keeps them in the connections analysis) the network is not read again; without, it is.
    """
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
    asking = set(group_person_ids) or pilot_participant_ids(pilot=pilot)
    if ties is not None:
        kinds = [ties.get(p.pk, 0) for p in people]
        exclude = frozenset(asking)
    else:
        network = org_network()
        group = np.array(
            sorted(network.index_of[i] for i in asking if i in network.index_of), dtype=np.int64
        )
        candidates = np.array([network.index_of.get(p.pk, 0) for p in people], dtype=np.int64)
        found = (
            tie_kinds(
                analysis=network.analysis,
                group=group,
                candidates=candidates,
                strong_count=strong_count,
            )
            if group.size
            else np.zeros(len(people), dtype=np.int64)
        )
        kinds = found.tolist()
        exclude = frozenset(int(network.person_ids[i]) for i in group)
    suggestions = suggest_helpers(
        query=text, profiles=profiles, ties=kinds, exclude=exclude, limit=limit
    )
    by_id = {p.pk: p for p in people}
    participants = pilot_participant_ids(pilot=pilot)
    return [
        HelperSuggestion(person=by_id[s.key], suggestion=s, in_pilot=s.key in participants)
        for s in suggestions
    ]
