"""The anonymity rule for pulse results: small groups and small differences stay hidden."""

from __future__ import annotations

import itertools

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from workshift.engine.anonymity import groups_to_show, smallest_derivable_group


def people(*names: int) -> frozenset[int]:
    return frozenset(names)


def test_it_hides_a_group_of_four_respondents():
    decision = groups_to_show(groups={"workgroup": people(1, 2, 3, 4)}, min_size=5)
    assert decision.shown == ()
    assert "fewer than 5" in decision.suppressed["workgroup"]


def test_it_hides_one_of_two_overlapping_groups_whose_difference_is_one_person():
    # given a pilot-wide group of 8 and a workgroup of 7 of those 8
    pilot = people(*range(8))
    workgroup = people(*range(7))
    # when deciding what to show
    decision = groups_to_show(groups=[("pilot", pilot), ("workgroup", workgroup)], min_size=5)
    # then only one of them is shown, so the eighth person's answers cannot be derived
    assert decision.shown == ("pilot",)
    assert "workgroup" in decision.suppressed
    shown_sets = [dict([("pilot", pilot), ("workgroup", workgroup)])[k] for k in decision.shown]
    assert smallest_derivable_group(groups=shown_sets, min_size=5) is None


def test_the_difference_of_one_would_be_derivable_if_both_were_shown():
    assert smallest_derivable_group(groups=[people(*range(8)), people(*range(7))], min_size=5) == 1


def test_it_shows_overlapping_groups_whose_differences_are_large_enough():
    pilot = people(*range(20))
    decision = groups_to_show(
        groups=[("pilot", pilot), ("a", people(*range(10))), ("b", people(*range(10, 20)))],
        min_size=5,
    )
    assert decision.shown == ("pilot", "a", "b")


def test_it_catches_a_leak_that_needs_three_groups():
    # pilot = a + b + one more person: no pair differs by fewer than 5, but pilot - a - b is one person
    decision = groups_to_show(
        groups=[
            ("pilot", people(*range(11))),
            ("a", people(*range(5))),
            ("b", people(*range(5, 10))),
        ],
        min_size=5,
    )
    assert decision.shown == ("pilot", "a")
    assert "b" in decision.suppressed


def test_it_never_goes_below_three_even_if_asked():
    decision = groups_to_show(groups={"g": people(1, 2)}, min_size=1)
    assert decision.shown == ()


def brute_force_smallest(groups: list[frozenset[int]], min_size: int) -> int | None:
    """Independent method: try every set of fewer than min_size people and ask whether it is a combination."""
    everyone = sorted(set().union(*groups))
    matrix = np.array([[1.0 if p in g else 0.0 for p in everyone] for g in groups])
    rank = np.linalg.matrix_rank(matrix)
    for size in range(1, min_size):
        for subset in itertools.combinations(range(len(everyone)), size):
            target = np.zeros(len(everyone))
            target[list(subset)] = 1.0
            rest = np.delete(matrix, list(subset), axis=1)
            # a vector in the row space supported on `subset` exists iff removing those columns drops the rank
            if np.linalg.matrix_rank(rest) < rank if rest.size else rank > 0:
                return size
    return None


@settings(max_examples=60, deadline=None)
@given(st.lists(st.frozensets(st.integers(0, 9), min_size=1, max_size=10), min_size=1, max_size=4))
def test_it_agrees_with_brute_force_on_small_cases(groups):
    fast = smallest_derivable_group(groups=groups, min_size=4)
    slow = brute_force_smallest(groups, 4)
    assert fast == slow


@settings(max_examples=40, deadline=None)
@given(st.lists(st.frozensets(st.integers(0, 14), min_size=0, max_size=15), min_size=1, max_size=5))
def test_what_it_shows_never_reveals_a_small_set(groups):
    keyed = list(enumerate(groups))
    decision = groups_to_show(groups=keyed, min_size=5)
    shown = [groups[k] for k in decision.shown]
    assert all(len(g) >= 5 for g in shown)
    assert smallest_derivable_group(groups=shown, min_size=5) is None
