"""Behaviour of the diverse-grouping engine."""

import math

import numpy as np
import pytest
from grouping_checks import attribute_matrix, brute_force, objective, violations
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshift.engine import grouping
from workshift.engine.grouping import (
    Attribute,
    Constraints,
    GroupBounds,
    InfeasibleGrouping,
    explain_groups,
    form_groups,
    random_assignment,
    score_assignment,
)

FAST = {"seconds": 5.0, "max_iterations": 400}


def random_matrix(n, seed, scale=100.0):
    rng = np.random.default_rng(seed)
    D = np.round(rng.uniform(0, scale, (n, n)), 3)
    D = np.triu(D, 1)
    return D + D.T


def bounds_of(groups):
    return [(g.min_size, g.max_size) for g in groups]


def people_attributes(n, seed):
    rng = np.random.default_rng(seed)
    return [
        Attribute(
            name="unit",
            kind="categorical",
            values=[rng.choice(["ops", "sales", "it", None]) for _ in range(n)],
        ),
        Attribute(
            name="site",
            kind="categorical",
            values=[rng.choice(["north", "south"]) for _ in range(n)],
            weight=0.5,
        ),
        Attribute(
            name="age",
            kind="numeric",
            values=[None if rng.random() < 0.1 else float(rng.integers(20, 65)) for _ in range(n)],
        ),
        Attribute(
            name="skills",
            kind="multi",
            values=[
                frozenset(
                    rng.choice(
                        ["py", "sql", "ux", "ml", "ops"], size=rng.integers(0, 4), replace=False
                    )
                )
                for _ in range(n)
            ],
            weight=2.0,
        ),
    ]


# -- infeasible inputs ----------------------------------------------------------------


def test_it_rejects_group_below_minimum():
    # given 20 people and 4 groups of at least 6
    groups = [GroupBounds(min_size=6, max_size=8)] * 4
    # when / then
    with pytest.raises(InfeasibleGrouping) as err:
        form_groups(groups=groups, distances=random_matrix(20, 0), **FAST)
    assert err.value.constraint == "min_size"
    assert err.value.shortfall == 4
    assert (
        str(err.value) == "20 people cannot fill 4 groups of at least 6: 4 more people are needed"
    )


def test_infeasible_grouping_is_a_value_error():
    assert issubclass(InfeasibleGrouping, ValueError)


def test_it_rejects_more_people_than_groups_can_hold():
    groups = [GroupBounds(min_size=1, max_size=5)] * 3
    with pytest.raises(InfeasibleGrouping) as err:
        form_groups(groups=groups, distances=random_matrix(17, 0), **FAST)
    assert (err.value.constraint, err.value.shortfall) == ("max_size", 2)
    assert "room for 2 more people is needed" in str(err.value)


def test_it_rejects_a_group_whose_minimum_exceeds_its_maximum():
    with pytest.raises(InfeasibleGrouping) as err:
        form_groups(
            groups=[GroupBounds(5, 3), GroupBounds(1, 9)], distances=random_matrix(8, 0), **FAST
        )
    assert (err.value.constraint, err.value.shortfall) == ("min_size", 2)


def test_it_rejects_more_fixed_people_than_a_group_holds():
    groups = [GroupBounds(min_size=2, max_size=3)] * 3
    fixed = {0: 1, 1: 1, 2: 1, 3: 1, 4: 1}
    with pytest.raises(InfeasibleGrouping) as err:
        form_groups(
            groups=groups,
            distances=random_matrix(8, 1),
            constraints=Constraints(fixed=fixed),
            **FAST,
        )
    assert (err.value.constraint, err.value.shortfall) == ("fixed", 2)


def test_it_rejects_a_together_chain_larger_than_any_group():
    groups = [GroupBounds(min_size=2, max_size=3)] * 3
    together = [(0, 1), (1, 2), (2, 3), (3, 4)]
    with pytest.raises(InfeasibleGrouping) as err:
        form_groups(
            groups=groups,
            distances=random_matrix(8, 1),
            constraints=Constraints(together=together),
            **FAST,
        )
    assert (err.value.constraint, err.value.shortfall) == ("together", 2)


def test_it_rejects_people_fixed_to_different_groups_but_kept_together():
    groups = [GroupBounds(min_size=2, max_size=4)] * 2
    c = Constraints(fixed={0: 0, 1: 1}, together=[(0, 1)])
    with pytest.raises(InfeasibleGrouping) as err:
        form_groups(groups=groups, distances=random_matrix(6, 1), constraints=c, **FAST)
    assert err.value.constraint == "together"


def test_it_rejects_a_pair_kept_apart_and_together():
    groups = [GroupBounds(min_size=2, max_size=4)] * 2
    c = Constraints(together=[(0, 1)], apart=[(1, 0)])
    with pytest.raises(InfeasibleGrouping) as err:
        form_groups(groups=groups, distances=random_matrix(6, 1), constraints=c, **FAST)
    assert (err.value.constraint, err.value.shortfall) == ("apart", 1)


def test_it_rejects_more_people_of_a_category_than_the_caps_allow():
    values = ["coach"] * 7 + ["member"] * 13
    attrs = [Attribute(name="role", kind="categorical", values=values)]
    groups = [GroupBounds(min_size=5, max_size=5)] * 4
    c = Constraints(max_per_category=[("role", "coach", 1)])
    with pytest.raises(InfeasibleGrouping) as err:
        form_groups(groups=groups, attributes=attrs, constraints=c, **FAST)
    assert (err.value.constraint, err.value.shortfall) == ("max_per_category", 3)
    assert "3 people too many" in str(err.value)


def test_it_rejects_a_lonely_category_under_two_or_none():
    values = ["a"] * 5 + ["b"] * 4 + ["c"]
    attrs = [Attribute(name="team", kind="categorical", values=values)]
    groups = [GroupBounds(min_size=5, max_size=5)] * 2
    with pytest.raises(InfeasibleGrouping) as err:
        form_groups(
            groups=groups, attributes=attrs, constraints=Constraints(two_or_none=["team"]), **FAST
        )
    assert (err.value.constraint, err.value.shortfall) == ("two_or_none", 1)


def test_it_reports_apart_pairs_it_cannot_separate():
    # four people who must all be apart cannot fit in three groups
    groups = [GroupBounds(min_size=1, max_size=4)] * 3
    apart = [(i, j) for i in range(4) for j in range(i + 1, 4)]
    with pytest.raises(InfeasibleGrouping) as err:
        form_groups(
            groups=groups,
            distances=random_matrix(6, 2),
            constraints=Constraints(apart=apart),
            **FAST,
        )
    assert err.value.constraint == "apart"
    assert err.value.shortfall >= 1


def test_it_requires_exactly_one_source_of_distances():
    groups = [GroupBounds(1, 3)] * 2
    with pytest.raises(ValueError):
        form_groups(groups=groups, **FAST)
    with pytest.raises(ValueError):
        form_groups(
            groups=groups, distances=random_matrix(4, 0), attributes=people_attributes(4, 0), **FAST
        )


def test_it_rejects_an_asymmetric_matrix():
    D = random_matrix(5, 0)
    D[0, 1] += 1
    with pytest.raises(ValueError):
        form_groups(groups=[GroupBounds(1, 4)] * 2, distances=D, **FAST)


# -- optimality on tiny instances ------------------------------------------------------


@pytest.mark.parametrize("seed", range(6))
def test_it_finds_the_exhaustive_optimum_on_tiny_instances(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(6, 10))
    m = 2 if n > 8 else 3
    lo = [int(rng.integers(1, 3)) for _ in range(m)]
    hi = [int(lo[g] + rng.integers(1, 4)) for g in range(m)]
    while sum(hi) < n:
        hi[int(rng.integers(m))] += 1
    groups = [GroupBounds(a, b) for a, b in zip(lo, hi, strict=True)]
    D = random_matrix(n, seed)
    best, _ = brute_force(D, bounds_of(groups))
    result = form_groups(groups=groups, distances=D, seconds=5.0, max_iterations=3000, seed=seed)
    assert result.objective == pytest.approx(best, abs=1e-6)
    assert not violations(result.assignment, bounds_of(groups))


@pytest.mark.parametrize("seed", range(4))
def test_it_finds_the_exhaustive_optimum_under_side_constraints(seed):
    n, m = 8, 3
    groups = [GroupBounds(2, 3)] * m
    D = random_matrix(n, 100 + seed)
    c = Constraints(fixed={0: 2}, together=[(1, 2)], apart=[(3, 4), (1, 5)])

    def ok(grp):
        return not violations(grp, bounds_of(groups), c)

    best, _ = brute_force(D, bounds_of(groups), ok)
    result = form_groups(
        groups=groups, distances=D, constraints=c, seconds=5.0, max_iterations=3000, seed=seed
    )
    assert not violations(result.assignment, bounds_of(groups), c)
    assert result.objective == pytest.approx(best, abs=1e-6)


def test_it_matches_the_exhaustive_optimum_of_the_ten_element_library_instances(mdgp_instances):
    from workshift.engine.mdgp import load_mdgp

    files = sorted(mdgp_instances.glob("*/*_n010_*.txt.gz"))
    assert files, "no n=10 instances found"
    for path in files[::3]:
        inst = load_mdgp(path=path)
        groups = [GroupBounds(a, b) for a, b in zip(inst.lower, inst.upper, strict=True)]
        best, _ = brute_force(inst.distances, bounds_of(groups))
        result = form_groups(
            groups=groups, distances=inst.distances, seconds=5.0, max_iterations=2000, seed=1
        )
        assert result.objective == pytest.approx(best, abs=1e-6), path.name


# -- properties ----------------------------------------------------------------------------


@st.composite
def planted_problems(draw):
    """Problems that are feasible by construction: constraints read off a hidden split."""
    m = draw(st.integers(2, 4))
    sizes = [draw(st.integers(2, 6)) for _ in range(m)]
    n = sum(sizes)
    seed = draw(st.integers(0, 10_000))
    rng = np.random.default_rng(seed)
    hidden = rng.permutation(np.repeat(np.arange(m), sizes))
    slack = [draw(st.integers(0, 2)) for _ in range(m)]
    groups = [
        GroupBounds(max(1, sizes[g] - slack[g]), sizes[g] + draw(st.integers(0, 2)))
        for g in range(m)
    ]
    team = [["red", "blue", "green"][int(x)] for x in rng.integers(0, 3, n)]
    fixed, together, apart = {}, [], []
    if draw(st.booleans()):
        i = int(rng.integers(n))
        fixed[i] = int(hidden[i])
    if draw(st.booleans()):
        i, j = rng.choice(n, 2, replace=False)
        if hidden[i] == hidden[j]:
            together.append((int(i), int(j)))
        else:
            apart.append((int(i), int(j)))
    caps = []
    if draw(st.booleans()):
        worst = max(
            sum(1 for i in range(n) if team[i] == "red" and hidden[i] == g) for g in range(m)
        )
        caps.append(("team", "red", worst))
    c = Constraints(fixed=fixed, together=together, apart=apart, max_per_category=caps)
    use_attributes = draw(st.booleans())
    return groups, n, seed, c, team, use_attributes


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planted_problems())
def test_every_result_respects_sizes_and_constraints_and_reports_its_objective(problem):
    groups, n, seed, c, team, use_attributes = problem
    if use_attributes:
        attrs = people_attributes(n, seed)
        attrs[0] = Attribute(name="team", kind="categorical", values=team)
        kwargs = {"attributes": attrs}
        D = attribute_matrix(attrs)
    else:
        D = random_matrix(n, seed)
        kwargs = {"distances": D}
        if c.max_per_category:
            kwargs = {"attributes": [Attribute(name="team", kind="categorical", values=team)]}
            D = attribute_matrix(kwargs["attributes"])
    result = form_groups(
        groups=groups, constraints=c, seconds=5.0, max_iterations=300, seed=seed, **kwargs
    )
    assert not violations(result.assignment, bounds_of(groups), c, {"team": team})
    assert result.objective == pytest.approx(objective(D, result.assignment), rel=1e-9, abs=1e-9)
    assert result.objective == pytest.approx(
        score_assignment(assignment=result.assignment, **kwargs), rel=1e-9
    )
    assert sum(g.contribution for g in result.groups) == pytest.approx(
        result.objective, rel=1e-9, abs=1e-9
    )


@settings(max_examples=25, deadline=None)
@given(st.integers(0, 10_000), st.integers(5, 40))
def test_attribute_scores_equal_the_documented_pairwise_distance(seed, n):
    attrs = people_attributes(n, seed)
    rng = np.random.default_rng(seed)
    grp = rng.integers(0, 3, n)
    expected = objective(attribute_matrix(attrs), grp)
    assert score_assignment(assignment=grp, attributes=attrs) == pytest.approx(
        expected, rel=1e-9, abs=1e-9
    )


@settings(max_examples=20, deadline=None)
@given(planted_problems())
def test_random_assignment_is_feasible(problem):
    groups, n, seed, c, team, _ = problem
    attrs = [Attribute(name="team", kind="categorical", values=team)]
    grp = random_assignment(groups=groups, n=n, seed=seed, constraints=c, attributes=attrs)
    assert not violations(grp, bounds_of(groups), c, {"team": team})


# -- constraints in practice ------------------------------------------------------------


def test_it_spreads_workgroup_members_across_cells():
    # given 24 people from 4 workgroups of 6 and 3 cells of 8
    n = 24
    labels = [i // 6 for i in range(n)]
    D = random_matrix(n, 3)
    c = Constraints(spread=labels)
    groups = [GroupBounds(8, 8)] * 3
    # when
    result = form_groups(
        groups=groups, distances=D, constraints=c, seconds=5.0, max_iterations=2000
    )
    # then no cell has more than ceil(6 / 3) = 2 people of one workgroup
    for g in range(3):
        members = [labels[i] for i in range(n) if result.assignment[i] == g]
        assert max(members.count(lab) for lab in set(members)) <= 2
    assert all(e.constraints["spread"] for e in result.groups)


def test_it_never_leaves_someone_alone_in_their_category():
    n = 30
    rng = np.random.default_rng(5)
    role = [str(x) for x in rng.choice(["eng", "design", "data", "pm"], n, p=[0.5, 0.2, 0.2, 0.1])]
    role[:3] = ["pm", "pm", "pm"]
    attrs = [
        Attribute(name="role", kind="categorical", values=role),
        Attribute(name="age", kind="numeric", values=rng.integers(20, 60, n).tolist()),
    ]
    groups = [GroupBounds(5, 8)] * 5
    result = form_groups(
        groups=groups,
        attributes=attrs,
        constraints=Constraints(two_or_none=["role"]),
        seconds=5.0,
        max_iterations=2000,
    )
    for g in range(5):
        members = [role[i] for i in range(n) if result.assignment[i] == g]
        assert all(members.count(r) != 1 for r in set(members))


def test_it_keeps_one_coach_per_group_with_fixed_members_and_caps():
    n = 40
    role = ["coach"] * 4 + ["member"] * 36
    attrs = people_attributes(n, 9)
    attrs.append(Attribute(name="role", kind="categorical", values=role))
    c = Constraints(fixed={0: 0, 1: 1, 2: 2, 3: 3}, max_per_category=[("role", "coach", 1)])
    groups = [GroupBounds(8, 12)] * 4
    result = form_groups(
        groups=groups, attributes=attrs, constraints=c, seconds=5.0, max_iterations=2000
    )
    assert [int(result.assignment[i]) for i in range(4)] == [0, 1, 2, 3]
    assert not violations(result.assignment, bounds_of(groups), c, {"role": role})


def test_the_large_attribute_search_keeps_constraints(monkeypatch):
    # force the aggregate (no matrix) search on a small problem
    monkeypatch.setattr(grouping, "MATRIX_LIMIT", 10)
    n = 90
    attrs = people_attributes(n, 4)
    labels = [i // 9 for i in range(n)]
    c = Constraints(fixed={0: 0}, together=[(1, 10)], apart=[(3, 4)], spread=labels)
    groups = [GroupBounds(5, 15)] * 9
    start = random_assignment(groups=groups, n=n, seed=0, constraints=c)
    result = form_groups(
        groups=groups, attributes=attrs, constraints=c, seconds=5.0, max_iterations=20
    )
    assert not violations(result.assignment, bounds_of(groups), c)
    assert result.objective == pytest.approx(
        objective(attribute_matrix(attrs), result.assignment), rel=1e-9
    )
    assert result.objective > score_assignment(assignment=start, attributes=attrs)


# -- search behaviour -------------------------------------------------------------------------


def test_it_is_deterministic_for_a_seed_and_iteration_limit():
    D = random_matrix(40, 7)
    groups = [GroupBounds(8, 12)] * 4
    a = form_groups(groups=groups, distances=D, seconds=30.0, max_iterations=1500, seed=3)
    b = form_groups(groups=groups, distances=D, seconds=30.0, max_iterations=1500, seed=3)
    assert np.array_equal(a.assignment, b.assignment)
    assert a.objective == b.objective


def test_it_beats_random_splits_by_a_wide_margin():
    D = random_matrix(60, 11)
    groups = [GroupBounds(15, 15)] * 4
    result = form_groups(groups=groups, distances=D, seconds=0.5)
    randoms = [objective(D, random_assignment(groups=groups, n=60, seed=s)) for s in range(20)]
    assert result.objective > max(randoms) * 1.02


def test_it_reports_progress_as_a_fraction():
    seen = []
    D = random_matrix(60, 1)
    form_groups(groups=[GroupBounds(15, 15)] * 4, distances=D, seconds=0.3, progress=seen.append)
    assert seen and seen[-1] == 1.0
    assert all(0.0 <= f <= 1.0 for f in seen)
    assert seen == sorted(seen)


def test_it_returns_the_best_found_when_the_time_runs_out():
    D = random_matrix(200, 2)
    groups = [GroupBounds(20, 20)] * 10
    result = form_groups(groups=groups, distances=D, seconds=0.2)
    assert result.seconds < 2.0
    assert not violations(result.assignment, bounds_of(groups))
    assert result.objective == pytest.approx(objective(D, result.assignment))


# -- explanations --------------------------------------------------------------------------


def test_it_explains_each_group():
    n = 20
    attrs = people_attributes(n, 1)
    groups = [GroupBounds(4, 6)] * 4
    c = Constraints(apart=[(0, 1)])
    result = form_groups(
        groups=groups, attributes=attrs, constraints=c, seconds=5.0, max_iterations=300
    )
    explained = explain_groups(
        assignment=result.assignment, groups=groups, attributes=attrs, constraints=c
    )
    assert [e.index for e in explained] == [0, 1, 2, 3]
    assert sum(e.size for e in explained) == n
    assert sum(e.contribution for e in explained) == pytest.approx(result.objective)
    for e in explained:
        members = [i for i in range(n) if result.assignment[i] == e.index]
        units = [attrs[0].values[i] for i in members if attrs[0].values[i] is not None]
        assert e.mix["unit"] == {u: units.count(u) for u in set(units)}
        ages = [attrs[2].values[i] for i in members if attrs[2].values[i] is not None]
        if ages:
            assert e.mix["age"]["mean"] == pytest.approx(sum(ages) / len(ages))
        assert e.constraints == {"size": True, "apart": True}


def test_explanations_flag_broken_constraints():
    groups = [GroupBounds(2, 2)] * 2
    c = Constraints(apart=[(0, 1)], fixed={2: 0})
    explained = explain_groups(
        assignment=[0, 0, 1, 1, 1], groups=groups, distances=random_matrix(5, 0), constraints=c
    )
    assert explained[0].constraints == {"size": True, "fixed": False, "apart": False}
    assert explained[1].constraints == {"size": False, "fixed": False, "apart": True}


def test_score_assignment_sums_pairs_within_groups():
    D = np.array([[0, 1, 2, 3], [1, 0, 4, 5], [2, 4, 0, 6], [3, 5, 6, 0]], dtype=float)
    assert score_assignment(assignment=[0, 0, 1, 1], distances=D) == 1 + 6
    assert score_assignment(assignment=[0, 1, 0, 1], distances=D) == 2 + 5
    assert math.isclose(score_assignment(assignment=[0, 0, 0, 0], distances=D), 21)
