"""Surge rebalancing: hand-worked cases, and against brute force on tiny cases."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshift.engine.surge import SurgeInfeasible, SurgePerson, surge_rebalance, surge_split


def test_excess_goes_to_the_least_loaded_person_with_the_skill() -> None:
    # given: A (36 h of 40 taken) and B (30 h) hold the surge; C (20 h) has the skill; D has not
    people = [
        SurgePerson(key="A", name="Ana", committed=36, skills=frozenset({"x"}), in_scope=True),
        SurgePerson(key="B", name="Ben", committed=30, skills=frozenset({"x"}), in_scope=True),
        SurgePerson(key="C", name="Cai", committed=20, skills=frozenset({"x"})),
        SurgePerson(key="D", name="Dee", committed=10),
    ]
    # when: 10 extra hours a week that need skill x
    plan = surge_rebalance(people=people, extra=10, skill="x")
    # then: the naive split is 5 h each; Ana would reach 41/40 = 102.5%
    assert plan.naive == {"A": 5, "B": 5}
    assert plan.over_naive == ["A"]
    # Ana keeps 4 h; the 1 h left goes to Cai (50% -> 52.5%), not to Ben (87.5%) nor Dee (no skill)
    assert [(m.source, m.target, m.hours) for m in plan.moves] == [("A", "C", 1)]
    assert plan.final == {"A": 4, "B": 5, "C": 1}
    assert plan.level == pytest.approx(52.5)
    assert "Ana would reach 102%" in plan.moves[0].reason
    assert "from 50% to 52%" in plan.moves[0].reason


def test_freed_pilot_time_is_not_consumed_without_an_exception() -> None:
    # given: a workgroup of two participants with 75% freed (30 of 40 h protected),
    # and two colleagues outside it with 10 h and 6 h of room
    people = [
        SurgePerson(key="P", name="Pia", committed=10, protected=30, in_scope=True),
        SurgePerson(key="Q", name="Quy", committed=10, protected=30, in_scope=True),
        SurgePerson(key="R", name="Rob", committed=30),
        SurgePerson(key="S", name="Sue", committed=34),
    ]
    plan = surge_rebalance(people=people, extra=12)
    # then: all 12 h move; Rob fills from 75% to 85%, then both rise to 95%
    assert set(plan.eats_protected) == {"P", "Q"}
    assert plan.final == {"R": pytest.approx(8), "S": pytest.approx(4)}
    assert plan.level == pytest.approx(95)
    assert [(m.source, m.target, round(m.hours, 6)) for m in plan.moves] == [
        ("P", "R", 6),
        ("Q", "R", 2),
        ("Q", "S", 4),
    ]
    assert "eat into freed pilot time" in plan.moves[0].reason


def test_a_recorded_exception_lets_the_surge_use_some_freed_time() -> None:
    people = [
        SurgePerson(key="P", name="Pia", committed=10, protected=30, allowed=2, in_scope=True),
        SurgePerson(key="Q", name="Quy", committed=10, protected=30, in_scope=True),
        SurgePerson(key="R", name="Rob", committed=30),
        SurgePerson(key="S", name="Sue", committed=34),
    ]
    plan = surge_rebalance(people=people, extra=12)
    # Pia keeps 2 h; the 10 h left fit on Rob alone (one receiver rather than two), up to 100%
    assert plan.final == {"P": 2, "R": pytest.approx(10)}
    assert plan.level == pytest.approx(100)
    assert [(m.source, m.target, m.hours) for m in plan.moves] == [("Q", "R", 6), ("P", "R", 4)]
    assert plan.moves[-1].reason.endswith("going from 90% to 100%.")


def test_an_impossible_surge_names_the_shortfall_in_hours() -> None:
    people = [
        SurgePerson(key="P", name="Pia", committed=10, protected=30, in_scope=True),
        SurgePerson(key="R", name="Rob", committed=30),
        SurgePerson(key="S", name="Sue", committed=34),
    ]
    with pytest.raises(SurgeInfeasible) as caught:
        surge_rebalance(people=people, extra=20)
    assert caught.value.shortfall == pytest.approx(4)
    assert "short by 4.0 hours a week" in str(caught.value)
    assert "up to 30.0 h/week" in str(caught.value)


def test_hours_nobody_in_scope_has_the_skill_for_still_find_a_home() -> None:
    people = [
        SurgePerson(key="A", name="Ana", committed=20, in_scope=True),
        SurgePerson(key="C", name="Cai", committed=20, skills=frozenset({"legal"})),
    ]
    assert surge_split(people=people, extra=6, skill="legal") == {}
    plan = surge_rebalance(people=people, extra=6, skill="legal")
    assert plan.unplaced == 6
    assert plan.final == {"C": 6}
    assert plan.moves[0].source is None


# --------------------------------------------------------------- brute force


@st.composite
def tiny_cases(draw: st.DrawFn) -> tuple[list[SurgePerson], int, str | None]:
    n = draw(st.integers(min_value=1, max_value=4))
    people = []
    for i in range(n):
        committed = draw(st.integers(0, 8))
        protected = draw(st.integers(0, 8 - committed))
        allowed = draw(st.integers(0, protected))
        people.append(
            SurgePerson(
                key=i,
                name=f"P{i}",
                committed=committed,
                protected=protected,
                allowed=allowed,
                hours=8,
                skills=frozenset({"x"}) if draw(st.booleans()) else frozenset(),
                in_scope=draw(st.booleans()),
            )
        )
    skill = draw(st.sampled_from([None, "x"]))
    scope = [p for p in people if p.in_scope and (skill is None or skill in p.skills)]
    extra = draw(st.integers(0, 3)) * len(scope) if scope else draw(st.integers(0, 6))
    return people, extra, skill


def _brute_force(
    people: list[SurgePerson], extra: int, skill: str | None
) -> tuple[int, int] | None:
    """Least (hours moved, people receiving moved hours) over every whole-hour plan that keeps
    everyone within 100%; None if there is none."""
    naive = surge_split(people=people, extra=extra, skill=skill)
    eligible = [p for p in people if skill is None or skill in p.skills]
    best = None
    for x in itertools.product(*(range(int(p.room) + 1) for p in eligible)):
        if sum(x) != extra:
            continue
        kept = sum(min(naive.get(p.key, 0), xi) for p, xi in zip(eligible, x, strict=True))
        receivers = sum(1 for p, xi in zip(eligible, x, strict=True) if xi > naive.get(p.key, 0))
        found = (extra - kept, receivers)
        best = found if best is None else min(best, found)
    return best


@settings(max_examples=300, deadline=None)
@given(tiny_cases())
def test_rebalancing_matches_brute_force(case: tuple[list[SurgePerson], int, str | None]) -> None:
    people, extra, skill = case
    best = _brute_force(people, extra, skill)
    if best is None:
        with pytest.raises(SurgeInfeasible) as caught:
            surge_rebalance(people=people, extra=extra, skill=skill)
        room = sum(p.room for p in people if skill is None or skill in p.skills)
        assert caught.value.shortfall == pytest.approx(extra - room)
        return
    plan = surge_rebalance(people=people, extra=extra, skill=skill)
    by_key = {p.key: p for p in people}
    assert sum(plan.final.values()) == pytest.approx(extra)
    for key, hours in plan.final.items():
        person = by_key[key]
        assert skill is None or skill in person.skills
        assert hours <= person.room + 1e-6, "nobody goes over 100% or into protected time"
        assert person.percent(hours) <= 100 + 1e-6
    assert plan.moved_hours == pytest.approx(best[0]), "moves no more hours than needed"
    assert len({m.target for m in plan.moves}) == best[1], "uses the fewest receivers"
