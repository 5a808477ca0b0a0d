"""The control-chart rule and the backlog score, tested alone and against an independent computation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from workshift.engine import backlog, readings


def test_limits_follow_mean_plus_minus_2_66_mean_moving_range() -> None:
    limits = readings.control_limits(values=[10, 12, 11, 13, 12, 11, 12, 13], baseline_count=8)
    # mean 11.75; moving ranges 2,1,2,1,1,1,1 -> 9/7
    assert limits.center == pytest.approx(11.75)
    assert limits.mean_moving_range == pytest.approx(9 / 7)
    assert limits.upper == pytest.approx(11.75 + 2.66 * 9 / 7)
    assert limits.lower == pytest.approx(11.75 - 2.66 * 9 / 7)


def test_it_flags_a_reading_beyond_the_limits_and_nothing_else() -> None:
    values = [70, 71, 69, 70, 72, 70, 69, 71, 70, 95]
    flags = readings.readings_flag(values=values)
    assert flags[-1] == readings.ABOVE
    assert not any(flags[:-1])


def test_it_flags_a_sustained_shift_of_eight_on_one_side() -> None:
    values = [70, 71, 69, 70, 72, 70, 69, 71] + [71.5] * 8
    flags = readings.readings_flag(values=values)
    # the run counts from the last baseline reading above the mean, so it reaches eight at index 14
    assert flags == [""] * 14 + [readings.RUN_ABOVE] * 2


def test_it_needs_three_readings_before_judging() -> None:
    assert readings.control_limits(values=[1, 2]) is None
    assert readings.readings_flag(values=[1, 100]) == ["", ""]


def test_it_refuses_a_baseline_shorter_than_three() -> None:
    with pytest.raises(ValueError, match="at least 3"):
        readings.control_limits(values=[1, 2, 3], baseline_count=2)


def test_the_explanation_names_the_numbers() -> None:
    limits = readings.control_limits(values=[10, 12, 11, 13])
    text = readings.flag_explanation(rule=readings.ABOVE, limits=limits, unit="%")
    assert "2.66" in text and f"{limits.upper:.4g}" in text


def test_a_rise_is_good_only_when_up_is_good() -> None:
    assert readings.flag_is_good(rule=readings.ABOVE, direction="up") is True
    assert readings.flag_is_good(rule=readings.ABOVE, direction="down") is False
    assert readings.flag_is_good(rule="", direction="up") is None


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=3, max_size=40),
    st.integers(min_value=3, max_value=12),
)
def test_rule_one_matches_a_numpy_computation(values: list[float], baseline: int) -> None:
    base = np.array(values[:baseline])
    center = base.mean()
    mr = np.abs(np.diff(base)).mean()
    upper, lower = center + 2.66 * mr, center - 2.66 * mr
    flags = readings.readings_flag(values=values, baseline_count=baseline, run_length=10_000)
    for value, flag in zip(values, flags, strict=True):
        if value > upper + 1e-6 * max(1, abs(upper)):
            assert flag == readings.ABOVE
        elif value < lower - 1e-6 * max(1, abs(lower)):
            assert flag == readings.BELOW
        elif lower + 1e-6 * max(1, abs(lower)) < value < upper - 1e-6 * max(1, abs(upper)):
            assert flag == ""


def test_the_score_is_value_times_confidence_over_effort_with_a_metric_bonus() -> None:
    assert backlog.opportunity_score(value=4, confidence=0.5, effort=2, has_metric=False) == 1.0
    assert backlog.opportunity_score(value=4, confidence=0.5, effort=2, has_metric=True) == 1.5
    assert backlog.opportunity_score(value=None, confidence=0.5, effort=2, has_metric=True) is None


def test_it_refuses_values_off_the_scale() -> None:
    with pytest.raises(ValueError):
        backlog.opportunity_score(value=6, confidence=0.5, effort=2, has_metric=False)


def test_ranking_puts_unevaluated_last_and_breaks_ties_by_effort_then_age() -> None:
    items = [
        backlog.OpportunityInput(
            key=1, value=None, confidence=None, effort=None, has_metric=False, order=0
        ),
        backlog.OpportunityInput(
            key=2, value=2, confidence=0.5, effort=2, has_metric=False, order=1
        ),  # 0.5
        backlog.OpportunityInput(
            key=3, value=1, confidence=0.5, effort=1, has_metric=False, order=2
        ),  # 0.5, less effort
        backlog.OpportunityInput(
            key=4, value=5, confidence=0.9, effort=1, has_metric=True, order=3
        ),
    ]
    ranked = backlog.opportunities_rank(items=items)
    assert [r.key for r in ranked] == [4, 3, 2, 1]
    assert [r.rank for r in ranked] == [1, 2, 3, 4]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.integers(1, 5),
            st.sampled_from([0.1, 0.25, 0.5, 0.75, 0.9]),
            st.integers(1, 5),
            st.booleans(),
        ),
        max_size=25,
    )
)
def test_ranking_is_sorted_by_score_like_a_brute_force_sort(
    rows: list[tuple[int, float, int, bool]],
) -> None:
    items = [
        backlog.OpportunityInput(key=i, value=v, confidence=c, effort=e, has_metric=m, order=i)
        for i, (v, c, e, m) in enumerate(rows)
    ]
    ranked = backlog.opportunities_rank(items=items)
    scores = [r.score for r in ranked]
    assert scores == sorted(scores, reverse=True)
    assert sorted(r.key for r in ranked) == list(range(len(rows)))
