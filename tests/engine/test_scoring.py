"""The Recognize rules: catalyst verdict, champion check, entry-point scores, metric levels, readiness."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from workshift.engine import scoring
from workshift.engine.champion import VISION_WARNINGS, champion_check
from workshift.engine.readiness import RecognizeFacts, pilot_readiness
from workshift.engine.scoring import (
    DEFAULT_WEIGHTS,
    EntryFactors,
    catalyst_verdict,
    entry_checks,
    entry_ranking,
    entry_score,
    metric_level_problem,
)

ALL_YES = {"must_break": True, "urgent": True, "beyond_optimization": True, "capacity": True}


# ------------------------------------------------------------------ catalyst


def test_four_yes_answers_make_a_strong_catalyst() -> None:
    verdict = catalyst_verdict(kind="market_pressure", answers=ALL_YES)
    assert verdict.verdict == "strong" and verdict.reasons == []


@pytest.mark.parametrize("question", list(ALL_YES))
def test_any_no_makes_the_catalyst_weak_and_says_which_question(question: str) -> None:
    verdict = catalyst_verdict(kind="market_pressure", answers={**ALL_YES, question: False})
    assert verdict.verdict == "weak"
    label = dict(scoring.CATALYST_QUESTIONS)[question]
    assert len(verdict.reasons) == 1 and label in verdict.reasons[0]
    assert scoring.QUESTION_RISKS[question] in verdict.reasons[0]


def test_an_urgent_issue_that_needs_optimization_is_a_weak_catalyst_even_with_four_yes() -> None:
    verdict = catalyst_verdict(
        kind="market_pressure", answers=ALL_YES, needs_optimization_or_controls=True
    )
    assert verdict.verdict == "weak"
    assert any("optimization or tighter controls" in r for r in verdict.reasons)


def test_a_large_change_that_absorbs_attention_is_a_weak_catalyst_even_with_four_yes() -> None:
    verdict = catalyst_verdict(kind="org_change", answers=ALL_YES, absorbing_change=True)
    assert verdict.verdict == "weak"
    assert any("absorb attention and capacity" in r for r in verdict.reasons)


def test_both_weak_patterns_and_a_no_are_all_listed() -> None:
    verdict = catalyst_verdict(
        kind="technology",
        answers={**ALL_YES, "capacity": False},
        needs_optimization_or_controls=True,
        absorbing_change=True,
    )
    assert verdict.verdict == "weak" and len(verdict.reasons) == 3


def test_a_weak_verdict_names_the_fields_that_would_strengthen_it() -> None:
    verdict = catalyst_verdict(
        kind="technology",
        answers={**ALL_YES, "capacity": False, "urgent": None},
        absorbing_change=True,
    )
    assert [field for field, _hint in verdict.strengthen] == [
        "urgent",
        "capacity",
        "absorbing_change",
    ]


class _CountingAnswers(dict[str, bool | None]):
    """Answers that count how often each question is read."""

    def __init__(self, answers: dict[str, bool | None]) -> None:
        super().__init__(answers)
        self.reads: Counter[str] = Counter()

    def get(self, key: str, default: bool | None = None) -> bool | None:  # type: ignore[override]
        self.reads[key] += 1
        return super().get(key, default)


@pytest.mark.parametrize(
    ("kind", "answers"),
    [
        ("technology", {**ALL_YES, "capacity": False, "urgent": None}),
        ("opportunity", {**ALL_YES, "must_break": False, "urgent": False}),
        ("opportunity", {**ALL_YES, "capacity": False}),
        ("market_pressure", ALL_YES),
    ],
)
def test_the_verdict_and_its_strengtheners_come_from_one_reading_of_the_answers(
    kind: str, answers: dict[str, bool | None]
) -> None:
    # given
    counting = _CountingAnswers(answers)
    # when
    catalyst_verdict(kind=kind, answers=counting, absorbing_change=True)
    # then
    assert counting.reads == Counter(dict.fromkeys(dict(scoring.CATALYST_QUESTIONS), 1))


def test_a_weak_opportunity_does_not_ask_for_the_pressure_it_may_skip() -> None:
    answers = {"must_break": False, "urgent": False, "beyond_optimization": True, "capacity": False}
    verdict = catalyst_verdict(kind="opportunity", answers=answers)
    assert verdict.verdict == "weak"
    assert [field for field, _hint in verdict.strengthen] == ["capacity"]


def test_an_opportunity_that_calls_for_value_and_frees_capacity_is_opportunity_led_without_urgency() -> (
    None
):
    answers = {"must_break": False, "urgent": False, "beyond_optimization": True, "capacity": True}
    verdict = catalyst_verdict(kind="opportunity", answers=answers)
    assert verdict.verdict == "opportunity"
    assert "straight to forming workgroups" in verdict.summary


def test_the_same_answers_for_a_threat_shaped_catalyst_are_weak() -> None:
    answers = {"must_break": False, "urgent": False, "beyond_optimization": True, "capacity": True}
    assert catalyst_verdict(kind="market_pressure", answers=answers).verdict == "weak"


@pytest.mark.parametrize("question", ["beyond_optimization", "capacity"])
def test_an_opportunity_without_value_or_capacity_is_weak(question: str) -> None:
    verdict = catalyst_verdict(kind="opportunity", answers={**ALL_YES, question: False})
    assert verdict.verdict == "weak"


def test_an_opportunity_with_a_weak_pattern_is_weak() -> None:
    verdict = catalyst_verdict(kind="opportunity", answers=ALL_YES, absorbing_change=True)
    assert verdict.verdict == "weak"


def test_unanswered_questions_leave_the_verdict_incomplete_and_name_them() -> None:
    verdict = catalyst_verdict(kind="skills_gap", answers={"must_break": True, "urgent": True})
    assert verdict.verdict == "incomplete"
    assert len(verdict.reasons) == 2 and all("Not answered yet" in r for r in verdict.reasons)


def test_a_no_outweighs_unanswered_questions() -> None:
    verdict = catalyst_verdict(kind="skills_gap", answers={"must_break": False})
    assert verdict.verdict == "weak"


@pytest.mark.parametrize("kind", sorted(scoring.KIND_CAUTIONS))
def test_kinds_with_known_pitfalls_carry_a_caution_without_changing_the_verdict(kind: str) -> None:
    verdict = catalyst_verdict(kind=kind, answers=ALL_YES)
    assert verdict.verdict == "strong" and verdict.cautions == [scoring.KIND_CAUTIONS[kind]]


# ------------------------------------------------------------------ champion

GOOD_VISION = (
    "No frontline specialist will lose their job; participants get time to learn new skills."
)
ALL_COMMITTED = {"commit": True, "communicate": True, "cover": True}


def test_a_c_level_champion_with_a_frontline_vision_and_three_commitments_has_no_warnings() -> None:
    check = champion_check(
        is_c_level=True,
        vision=GOOD_VISION,
        frontline_gain_confirmed=True,
        commitments=ALL_COMMITTED,
    )
    assert check.warnings == [] and check.vision_ok


def test_a_champion_below_c_level_is_flagged() -> None:
    check = champion_check(
        is_c_level=False,
        vision=GOOD_VISION,
        frontline_gain_confirmed=True,
        commitments=ALL_COMMITTED,
    )
    assert len(check.warnings) == 1 and "not a C-level" in check.warnings[0]


def test_a_vision_without_frontline_gains_warns_and_explains_the_risk() -> None:
    check = champion_check(
        is_c_level=True,
        vision="We will transform the organization with AI.",
        frontline_gain_confirmed=True,
        commitments=ALL_COMMITTED,
    )
    assert not check.vision_ok
    assert "job loss" in check.warnings[0] and "the best leave" in check.warnings[0]
    assert (
        "does not mention the frontline" in check.warnings[0]
        and "names no near-term gain" in check.warnings[0]
    )


def test_a_vision_with_the_right_words_still_needs_the_explicit_confirmation() -> None:
    check = champion_check(
        is_c_level=True,
        vision=GOOD_VISION,
        frontline_gain_confirmed=False,
        commitments=ALL_COMMITTED,
    )
    assert not check.vision_ok and "is not confirmed" in check.warnings[0]


def test_an_empty_vision_warns() -> None:
    check = champion_check(
        is_c_level=True, vision="  ", frontline_gain_confirmed=True, commitments=ALL_COMMITTED
    )
    assert not check.vision_ok and "No vision statement" in check.warnings[0]


def test_an_acknowledged_warning_stays_listed_marked_acknowledged_and_never_passes() -> None:
    # given a vision that names nobody on the frontline, read and acknowledged by the lead
    vague = champion_check(
        is_c_level=True,
        vision="We embrace AI.",
        frontline_gain_confirmed=False,
        commitments=ALL_COMMITTED,
    )
    acknowledged = {"vision": vague.warnings[0]}
    # when the check runs again with the acknowledgement
    check = champion_check(
        is_c_level=True,
        vision="We embrace AI.",
        frontline_gain_confirmed=False,
        commitments=ALL_COMMITTED,
        acknowledged=acknowledged,
    )
    # then the warning is still there, acknowledged, and the vision is still not ok
    assert check.warnings == vague.warnings and check.open_warnings == []
    assert check.acknowledged(VISION_WARNINGS) and not check.vision_ok


def test_an_acknowledgement_of_another_text_does_not_cover_a_changed_warning() -> None:
    check = champion_check(
        is_c_level=True,
        vision="Frontline agents: we embrace AI.",
        frontline_gain_confirmed=False,
        commitments=ALL_COMMITTED,
        acknowledged={"vision": "The vision does not mention the frontline people involved."},
    )
    assert [w.key for w in check.open_warnings] == ["vision"]
    assert not check.acknowledged(VISION_WARNINGS)


def test_no_warning_is_not_the_same_as_an_acknowledged_one() -> None:
    check = champion_check(
        is_c_level=True,
        vision=GOOD_VISION,
        frontline_gain_confirmed=True,
        commitments=ALL_COMMITTED,
        acknowledged={"vision": "anything"},
    )
    assert check.items == [] and not check.acknowledged(VISION_WARNINGS)


@pytest.mark.parametrize("missing", ["commit", "communicate", "cover"])
def test_each_missing_commitment_is_named(missing: str) -> None:
    check = champion_check(
        is_c_level=True,
        vision=GOOD_VISION,
        frontline_gain_confirmed=True,
        commitments={**ALL_COMMITTED, missing: False},
    )
    assert len(check.warnings) == 1 and missing in check.warnings[0]


# ------------------------------------------------------------------ entry points

BASE = EntryFactors(
    business_unit=True,
    self_contained=True,
    supervisors_motivated=3,
    collaborative_groups=3,
    leadership_support=3,
    improvement_exposure=3,
    core=False,
    freeable_capacity_pct=75,
    pool_size=60,
    in_champion_influence=True,
)


def test_a_pool_below_15_fails_with_the_reason() -> None:
    failed = entry_checks(factors=dataclasses.replace(BASE, pool_size=14))
    assert len(failed) == 1 and "14 people" in failed[0] and "at least 15" in failed[0]


def test_a_pool_of_exactly_15_passes() -> None:
    assert entry_checks(factors=dataclasses.replace(BASE, pool_size=15)) == []


def test_a_unit_outside_the_champions_influence_fails_with_the_reason() -> None:
    failed = entry_checks(factors=dataclasses.replace(BASE, in_champion_influence=False))
    assert len(failed) == 1 and "outside the champion's influence" in failed[0]


def test_capacity_that_cannot_reach_75_percent_fails_and_74_is_not_enough() -> None:
    failed = entry_checks(factors=dataclasses.replace(BASE, freeable_capacity_pct=74))
    assert len(failed) == 1 and "75%" in failed[0]
    assert entry_checks(factors=dataclasses.replace(BASE, freeable_capacity_pct=75)) == []


# Each factor, flipped from low to high, must move each axis as its default weight says.
FLIPS = {
    "impact_business_unit": ("business_unit", False, True),
    "impact_core": ("core", False, True),
    "impact_pool": ("pool_size", 15, 120),
    "impact_collaborative": ("collaborative_groups", 1, 5),
    "impact_improvement": ("improvement_exposure", 1, 5),
    "likelihood_self_contained": ("self_contained", False, True),
    "likelihood_supervisors": ("supervisors_motivated", 1, 5),
    "likelihood_collaborative": ("collaborative_groups", 1, 5),
    "likelihood_leadership": ("leadership_support", 1, 5),
    "likelihood_improvement": ("improvement_exposure", 1, 5),
    "likelihood_core": ("core", False, True),
    "likelihood_capacity": ("freeable_capacity_pct", 0, 75),
}


@pytest.mark.parametrize("weight_key", sorted(FLIPS))
def test_each_factor_moves_its_axis_in_the_direction_of_its_weight(weight_key: str) -> None:
    field_name, low, high = FLIPS[weight_key]
    axis = weight_key.split("_")[0]
    # isolate this weight: every other weight on its axis is zero
    weights = {
        k: (v if k == weight_key else 0.0) for k, v in DEFAULT_WEIGHTS.items() if k.startswith(axis)
    }
    weights.update({k: 1.0 for k in DEFAULT_WEIGHTS if not k.startswith(axis)})
    lo = getattr(
        entry_score(factors=dataclasses.replace(BASE, **{field_name: low}), weights=weights), axis
    )
    hi = getattr(
        entry_score(factors=dataclasses.replace(BASE, **{field_name: high}), weights=weights), axis
    )
    assert (hi > lo) == (DEFAULT_WEIGHTS[weight_key] > 0)
    assert lo == pytest.approx(0 if DEFAULT_WEIGHTS[weight_key] > 0 else 100)
    assert hi == pytest.approx(100 if DEFAULT_WEIGHTS[weight_key] > 0 else 0)


def test_every_weight_has_a_flip_test() -> None:
    assert set(FLIPS) == set(DEFAULT_WEIGHTS)


def test_edge_is_likelier_but_less_impactful_than_core_with_the_default_weights() -> None:
    edge = entry_score(factors=dataclasses.replace(BASE, core=False))
    core = entry_score(factors=dataclasses.replace(BASE, core=True))
    assert edge.likelihood > core.likelihood and core.impact > edge.impact


def test_collaborative_groups_raise_likelihood_but_lower_impact() -> None:
    low = entry_score(factors=dataclasses.replace(BASE, collaborative_groups=1))
    high = entry_score(factors=dataclasses.replace(BASE, collaborative_groups=5))
    assert high.likelihood > low.likelihood and high.impact < low.impact


def test_improvement_exposure_raises_likelihood_but_lowers_impact() -> None:
    low = entry_score(factors=dataclasses.replace(BASE, improvement_exposure=1))
    high = entry_score(factors=dataclasses.replace(BASE, improvement_exposure=5))
    assert high.likelihood > low.likelihood and high.impact < low.impact


def test_a_neutral_candidate_scores_by_hand_computed_values() -> None:
    # given all ratings at 3 (signal 0), business unit (+1), self-contained (+1), edge (core -1),
    # capacity 75% (+1), pool 60 (signal (45/105)*2-1)
    score = entry_score(factors=BASE)
    pool_signal = (45 / 105) * 2 - 1
    impact = 50 + 50 * (1.0 * 1 + 2.0 * -1 + 1.0 * pool_signal) / 5.0
    likelihood = 50 + 50 * (1.5 * 1 + -1.0 * -1 + 1.5 * 1) / 9.5
    assert score.impact == pytest.approx(round(impact, 1))
    assert score.likelihood == pytest.approx(round(likelihood, 1))
    assert score.combined == pytest.approx(round((impact * likelihood) ** 0.5, 1), abs=0.1)


def test_the_leads_stored_weights_change_the_scores() -> None:
    default = entry_score(factors=dataclasses.replace(BASE, supervisors_motivated=5))
    heavier = entry_score(
        factors=dataclasses.replace(BASE, supervisors_motivated=5),
        weights={"likelihood_supervisors": 5.0},
    )
    assert heavier.likelihood > default.likelihood


def test_weights_outside_the_limit_are_clamped_and_unknown_keys_ignored() -> None:
    merged = scoring.merged_weights(overrides={"impact_core": 99, "nonsense": 3})
    assert merged["impact_core"] == scoring.WEIGHT_LIMIT and "nonsense" not in merged


@given(
    st.booleans(),
    st.booleans(),
    st.integers(1, 5),
    st.integers(1, 5),
    st.integers(1, 5),
    st.integers(1, 5),
    st.booleans(),
    st.floats(0, 100),
    st.integers(0, 5000),
    st.booleans(),
)
def test_scores_stay_between_0_and_100(bu, sc, sup, col, lead, imp, core, cap, pool, infl) -> None:
    score = entry_score(factors=EntryFactors(bu, sc, sup, col, lead, imp, core, cap, pool, infl))
    assert 0 <= score.impact <= 100 and 0 <= score.likelihood <= 100


def test_the_reasons_name_the_factors_that_moved_the_score_most() -> None:
    score = entry_score(
        factors=dataclasses.replace(BASE, supervisors_motivated=5, leadership_support=1)
    )
    reasons = score.reasons()
    assert "Motivated frontline supervisors raises likelihood by 11 points" in reasons
    assert "Leadership that may pull people back lowers likelihood by 11 points" in reasons


def test_the_reasons_describe_the_candidates_actual_value() -> None:
    edge = entry_score(factors=dataclasses.replace(BASE, core=False, pool_size=15)).reasons(
        limit=12
    )
    assert any(
        r.startswith("The edge of the business (less convincing results) lowers impact")
        for r in edge
    )
    assert any(r.startswith("A small frontline pool lowers impact") for r in edge)


def test_every_weight_has_words_for_its_reasons() -> None:
    assert set(scoring.FACTOR_WORDS) == set(DEFAULT_WEIGHTS)


def test_the_ranking_puts_candidates_failing_a_hard_check_last_even_with_better_scores() -> None:
    strong_but_small = dataclasses.replace(
        BASE, core=True, supervisors_motivated=5, leadership_support=5, pool_size=10
    )
    modest = dataclasses.replace(BASE, supervisors_motivated=2)
    ranking = entry_ranking(candidates={1: strong_but_small, 2: modest})
    assert [r.key for r in ranking] == [2, 1] and [r.rank for r in ranking] == [1, 2]
    assert entry_score(factors=strong_but_small).combined > entry_score(factors=modest).combined


def test_the_ranking_orders_passing_candidates_by_combined_score() -> None:
    good = dataclasses.replace(BASE, supervisors_motivated=5)
    better = dataclasses.replace(BASE, supervisors_motivated=5, leadership_support=5)
    assert [r.key for r in entry_ranking(candidates={1: good, 2: better})] == [2, 1]


# ------------------------------------------------------------------ metric levels


def test_a_business_metric_is_a_root() -> None:
    assert metric_level_problem(level="business", parent_level=None) is None
    assert scoring.metric_parent_level(level="business") is None
    assert scoring.metric_parent_level(level="operating") == "business"
    assert scoring.metric_parent_level(level="frontline") == "operating"
    assert "no parent" in metric_level_problem(level="business", parent_level="business")


def test_an_operating_metric_sits_under_a_business_metric() -> None:
    assert metric_level_problem(level="operating", parent_level="business") is None
    for parent in (None, "operating", "frontline"):
        assert "under a key business metric" in metric_level_problem(
            level="operating", parent_level=parent
        )


def test_a_frontline_metric_sits_under_an_operating_metric() -> None:
    assert metric_level_problem(level="frontline", parent_level="operating") is None
    for parent in (None, "business", "frontline"):
        assert "under an operating metric" in metric_level_problem(
            level="frontline", parent_level=parent
        )


# ------------------------------------------------------------------ readiness

READY = RecognizeFacts(
    vision_parts_filled=3,
    catalyst_verdict="strong",
    has_champion=True,
    champion_c_level=True,
    champion_commitments=3,
    champion_vision_ok=True,
    candidates_rated=3,
    entry_chosen=True,
    entry_passes_checks=True,
    business_metrics=1,
    operating_metrics=1,
    frontline_metrics=2,
    frontline_metrics_complete=True,
)


def test_a_fully_recognized_pilot_is_ready() -> None:
    readiness = pilot_readiness(facts=READY)
    assert readiness.ready and readiness.done == readiness.total == 7


@pytest.mark.parametrize(
    ("change", "step"),
    [
        ({"vision_parts_filled": 2}, "vision"),
        ({"catalyst_verdict": None}, "catalyst"),
        ({"catalyst_verdict": "weak"}, "catalyst"),
        ({"catalyst_verdict": "incomplete"}, "catalyst"),
        ({"champion_c_level": False}, "champion"),
        ({"champion_commitments": 2}, "champion"),
        ({"champion_vision_ok": False}, "champion_vision"),
        ({"candidates_rated": 1}, "candidates"),
        ({"entry_chosen": False}, "entry"),
        ({"entry_passes_checks": False}, "entry"),
        ({"frontline_metrics": 0}, "metrics"),
        ({"operating_metrics": 0}, "metrics"),
        ({"business_metrics": 0}, "metrics"),
        ({"frontline_metrics_complete": False}, "metrics"),
    ],
)
def test_each_missing_step_is_named_with_its_risk(change: dict, step: str) -> None:
    readiness = pilot_readiness(facts=dataclasses.replace(READY, **change))
    assert [s.key for s in readiness.missing] == [step]
    assert readiness.missing[0].risk


def test_an_opportunity_led_catalyst_counts_as_done() -> None:
    assert pilot_readiness(facts=dataclasses.replace(READY, catalyst_verdict="opportunity")).ready


def test_acknowledged_steps_stay_missing_marked_acknowledged() -> None:
    # given a weak catalyst the lead proceeds with and an acknowledged vision warning
    facts = dataclasses.replace(
        READY,
        catalyst_verdict="weak",
        catalyst_proceeding=True,
        champion_vision_ok=False,
        champion_vision_acknowledged=True,
    )
    readiness = pilot_readiness(facts=facts)
    # then neither counts as done, both say they are acknowledged
    assert {s.key for s in readiness.missing} == {"catalyst", "champion_vision"}
    assert all(s.acknowledged for s in readiness.missing) and readiness.acknowledged == 2
    assert not readiness.ready


def test_a_proceed_reason_does_not_acknowledge_a_catalyst_that_is_not_weak() -> None:
    facts = dataclasses.replace(READY, catalyst_verdict="incomplete", catalyst_proceeding=True)
    assert not pilot_readiness(facts=facts).missing[0].acknowledged


def test_no_champion_misses_both_champion_steps() -> None:
    readiness = pilot_readiness(facts=dataclasses.replace(READY, has_champion=False))
    assert {s.key for s in readiness.missing} == {"champion", "champion_vision"}
