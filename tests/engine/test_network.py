"""Collaboration analysis and who-can-help suggestions, on generated data with a planted pattern."""

from __future__ import annotations

import numpy as np
import pytest

from workshift.engine.network import (
    TIE_NONE,
    TIE_STRONG,
    TIE_WEAK,
    analyze_collaboration,
    bridges_of,
    tie_kinds,
    top_brokers,
)
from workshift.engine.similarity import Profile, skill_communities, suggest_helpers

UNITS = ["Collections", "Customer Care", "Data", "Servicing"]
GENERIC = ["customer care", "excel", "coaching", "complaints", "loan servicing", "documentation"]


def planted_org(seed: int = 7):
    """40 people in 4 units. Collections (0) and Data (2) never talk; person 25 in Data knows churn modelling;
    person 5 in Collections is the only one linking Collections and Customer Care."""
    rng = np.random.default_rng(seed)
    unit_of = np.repeat(np.arange(4), 10)
    src, dst, cnt = [], [], []
    for unit in range(4):
        members = np.flatnonzero(unit_of == unit)
        for _ in range(30):
            a, b = rng.choice(members, size=2, replace=False)
            src.append(a), dst.append(b), cnt.append(int(rng.integers(1, 20)))
    for a, b in [(5, 12), (5, 14), (12, 21), (15, 33), (22, 31), (18, 36), (27, 38), (35, 15)]:
        src.append(a), dst.append(b), cnt.append(3)
    # Collections (0..9) and Data (20..29) have no ties at all; person 3 has no ties
    src, dst, cnt = np.array(src), np.array(dst), np.array(cnt)
    keep = (src != 3) & (dst != 3)
    return unit_of, src[keep], dst[keep], cnt[keep]


def brute_force_silent_pairs(unit_of, src, dst):
    talking = {
        tuple(sorted((unit_of[a], unit_of[b])))
        for a, b in zip(src, dst, strict=True)
        if unit_of[a] != unit_of[b]
    }
    units = sorted(set(unit_of.tolist()))
    return {(a, b) for i, a in enumerate(units) for b in units[i + 1 :] if (a, b) not in talking}


def test_it_finds_units_that_never_talk_and_agrees_with_brute_force():
    unit_of, src, dst, cnt = planted_org()
    analysis = analyze_collaboration(
        n_people=40, unit_of=unit_of, src=src, dst=dst, count=cnt, n_units=4
    )
    found = {tuple(map(int, pair)) for pair in analysis.silent_unit_pairs}
    assert (0, 2) in found
    assert found == brute_force_silent_pairs(unit_of, src, dst)


def test_it_finds_the_only_bridge_between_two_units_as_broker():
    unit_of, src, dst, cnt = planted_org()
    analysis = analyze_collaboration(
        n_people=40, unit_of=unit_of, src=src, dst=dst, count=cnt, n_units=4
    )
    assert 5 in top_brokers(analysis=analysis, limit=3).tolist()
    bridges = dict(bridges_of(analysis=analysis, person=5))
    assert bridges[1] == pytest.approx(1.0)  # carries all Collections <-> Customer Care traffic


def test_it_marks_people_without_ties_as_isolated():
    unit_of, src, dst, cnt = planted_org()
    analysis = analyze_collaboration(
        n_people=40, unit_of=unit_of, src=src, dst=dst, count=cnt, n_units=4
    )
    assert analysis.isolated[3]
    assert analysis.contacts[3] == 0
    assert not analysis.isolated[5]


def test_it_sums_repeated_pairs_across_periods_in_either_direction():
    analysis = analyze_collaboration(
        n_people=3,
        unit_of=np.array([0, 0, 1]),
        src=np.array([0, 1, 0]),
        dst=np.array([1, 0, 2]),
        count=np.array([2, 3, 4]),
        n_units=2,
    )
    assert analysis.ties[0, 1] == 5 and analysis.ties[1, 0] == 5
    assert analysis.contacts.tolist() == [2, 1, 1]
    assert analysis.unit_traffic[0, 1] == 4


def test_it_rejects_people_outside_the_range():
    with pytest.raises(ValueError, match="outside"):
        analyze_collaboration(
            n_people=2,
            unit_of=np.array([0, 0]),
            src=np.array([0]),
            dst=np.array([5]),
            count=np.array([1]),
            n_units=1,
        )


def test_tie_kinds_separate_strong_weak_and_none():
    # 0-1 strong, 1-2 weak direct... group is {0}; 1 strong, 2 two steps, 3 nothing
    analysis = analyze_collaboration(
        n_people=4,
        unit_of=np.zeros(4, dtype=int),
        src=np.array([0, 1]),
        dst=np.array([1, 2]),
        count=np.array([20, 1]),
        n_units=1,
    )
    kinds = tie_kinds(
        analysis=analysis, group=np.array([0]), candidates=np.array([1, 2, 3]), strong_count=10
    )
    assert kinds.tolist() == [TIE_STRONG, TIE_WEAK, TIE_NONE]


def test_the_suggestion_finds_the_planted_person_first_and_says_why():
    # given a Collections workgroup facing a churn problem nobody in Collections can model
    unit_of, src, dst, cnt = planted_org()
    analysis = analyze_collaboration(
        n_people=40, unit_of=unit_of, src=src, dst=dst, count=cnt, n_units=4
    )
    rng = np.random.default_rng(1)
    profiles = []
    for person in range(40):
        skills = list(rng.choice(GENERIC, size=2, replace=False))
        writing = "Customers call again when the first answer was incomplete."
        if person == 25:
            skills = ["churn modelling", "python", "statistics"]
            writing = "Built a model predicting which customers leave after a missed payment."
        elif person == 31:  # similar words but strongly tied to the group already
            writing = "Talked about customers who leave."
        profiles.append(
            Profile(
                key=person,
                writing=writing,
                skills=skills,
                title="Analyst",
                unit_name=UNITS[unit_of[person]],
            )
        )
    group = np.arange(0, 10)
    kinds = tie_kinds(analysis=analysis, group=group, candidates=np.arange(40), strong_count=10)
    # when suggesting for the obstacle text
    suggestions = suggest_helpers(
        query="We cannot tell which customers will leave after a missed payment; we need churn modelling.",
        profiles=profiles,
        ties=kinds.tolist(),
        exclude=frozenset(group.tolist()),
    )
    # then the planted person comes first, with reasons naming what matched
    assert suggestions[0].key == 25
    reasons = " ".join(suggestions[0].reasons)
    assert "churn modelling" in reasons
    assert "missed payment" in reasons or "leave" in reasons
    assert "Data" in reasons


def test_it_prefers_a_weak_tie_over_a_strong_one_at_equal_similarity():
    profiles = [
        Profile(key=i, writing="payment plans for customers in hardship", skills=["negotiation"])
        for i in range(2)
    ]
    suggestions = suggest_helpers(
        query="hardship payment plans", profiles=profiles, ties=[TIE_STRONG, TIE_WEAK]
    )
    assert [s.key for s in suggestions] == [1, 0]


def test_it_suggests_nothing_for_an_empty_question():
    profiles = [Profile(key=0, writing="anything", skills=["sql"])]
    assert suggest_helpers(query="   ", profiles=profiles) == []


def test_skill_communities_need_several_units():
    skills = [
        ["sql"],
        ["sql"],
        ["sql"],
        ["sql"],
        ["sql"],
        ["cards"],
        ["cards"],
        ["cards"],
        ["cards"],
        ["cards"],
    ]
    unit_of = [0, 1, 2, 0, 1, 0, 0, 0, 0, 0]
    communities = skill_communities(skills_by_person=skills, unit_of=unit_of)
    assert [c[0] for c in communities] == ["sql"]
    assert communities[0][2] == 3
