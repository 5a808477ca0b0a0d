"""Phase 1 scoring: the catalyst verdict, entry-point scores and metric levels.

The champion check lives in `engine/champion.py`.

Plain data in, plain data out: no Django, no database. Every rule is written
out here so that a program lead can read why the product says what it says.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

# --------------------------------------------------------------------------- catalyst

CATALYST_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("must_break", "We clearly must break from the status quo"),
    ("urgent", "It is urgent to act now"),
    ("beyond_optimization", "We must think beyond optimization, toward value and meaning"),
    ("capacity", "Capacity can be created (a pilot group can be freed from its day-to-day tasks)"),
)

# What a "no" (or no answer) to each question means for the pilot.
QUESTION_RISKS: dict[str, str] = {
    "must_break": "nothing forces a break from the status quo, so the pilot competes with business as usual and loses",
    "urgent": "there is no urgency, so the pilot will be postponed whenever something else comes up",
    "beyond_optimization": (
        "the issue can be solved by optimizing today's work; a redefining-work pilot is the wrong tool for it"
    ),
    "capacity": "no capacity can be created, so participants would redefine work on top of a full workload",
}

# Catalyst kinds shaped as an opportunity rather than a threat: they may go straight to workgroups.
OPPORTUNITY_KINDS: frozenset[str] = frozenset({"opportunity"})

KIND_CAUTIONS: dict[str, str] = {
    "diffuse": (
        "A diffuse concern (future of work, an agile slump) rarely creates urgency on its own: "
        "name the concrete problem or opportunity behind it."
    ),
    "org_change": (
        "A merger or value-chain integration can be a catalyst, but check that the change itself "
        "will not take all the attention and capacity the pilot needs."
    ),
    "automation_fear": (
        "Fear of automation is a catalyst only if the vision tells people what they gain; "
        "otherwise the pilot confirms the fear."
    ),
}

VERDICT_LABELS: dict[str, str] = {
    "strong": "Strong catalyst",
    "weak": "Weak catalyst",
    "opportunity": "Opportunity-led",
    "incomplete": "Not assessed yet",
}


@dataclass(frozen=True)
class CatalystVerdict:
    verdict: str  # strong | weak | opportunity | incomplete
    label: str
    summary: str
    reasons: list[str] = field(default_factory=list)
    cautions: list[str] = field(default_factory=list)
    # (field, what to change there) for each answer that keeps the case from being strong
    strengthen: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class _QuestionWalk:
    """What one walk over the test questions found, for the verdict and its strengtheners."""

    yes: frozenset[str]
    unanswered: list[str]  # the questions, in order
    noes: list[str]  # a reason for each "no" that counts
    strengthen: list[tuple[str, str]]  # (field, what would change it) for each answer short of yes


def _walk_questions(
    *, answers: Mapping[str, bool | None], skippable: frozenset[str]
) -> _QuestionWalk:
    """Read each test question's answer once; a skippable question never counts against the case."""
    yes: set[str] = set()
    unanswered: list[str] = []
    noes: list[str] = []
    strengthen: list[tuple[str, str]] = []
    for key, question in CATALYST_QUESTIONS:
        answer = answers.get(key)
        if answer is True:
            yes.add(key)
            continue
        if answer is None:
            unanswered.append(question)
        if key in skippable:
            continue
        if answer is False:
            noes.append(f"No to “{question}”: {QUESTION_RISKS[key]}.")
        strengthen.append(
            (key, f"Answer “{question}” with a yes, and say why in its note, once it holds.")
        )
    return _QuestionWalk(
        yes=frozenset(yes), unanswered=unanswered, noes=noes, strengthen=strengthen
    )


def catalyst_verdict(
    *,
    kind: str,
    answers: Mapping[str, bool | None],
    needs_optimization_or_controls: bool = False,
    absorbing_change: bool = False,
) -> CatalystVerdict:
    """Judge a catalyst from the four test questions and the two weak-catalyst patterns.

    Rules:
    - a weak-catalyst pattern (an urgent issue that needs optimization or controls; a large
      organizational change that absorbs attention and capacity) makes the catalyst weak;
    - an opportunity-shaped catalyst with (c) and (d) answered yes is opportunity-led: it may
      go straight to workgroups even without pressure (a) or urgency (b);
    - otherwise four yes answers make it strong; any no makes it weak, with the reason;
    - with no pattern and no "no", unanswered questions leave it incomplete.

    A weak verdict also says what would strengthen it: each answer short of a yes (but the
    pressure an opportunity may skip), then each weak-catalyst pattern that holds.
    """
    reasons: list[str] = []
    strengthen_patterns: list[tuple[str, str]] = []
    if needs_optimization_or_controls:
        reasons.append(
            "The urgent issue needs optimization or tighter controls, not new ways of working: "
            "fix it with the usual tools and look for another catalyst."
        )
        strengthen_patterns.append(
            (
                "needs_optimization_or_controls",
                "Untick it if the issue calls for new ways of working, not optimization or controls.",
            )
        )
    if absorbing_change:
        reasons.append(
            "A large organizational change will absorb attention and capacity: a pilot started "
            "now would be ignored. Wait until it settles, or tie the pilot to the change itself."
        )
        strengthen_patterns.append(
            ("absorbing_change", "Untick it once the large organizational change has settled.")
        )
    cautions = [KIND_CAUTIONS[kind]] if kind in KIND_CAUTIONS else []
    opportunity_shaped = kind in OPPORTUNITY_KINDS
    walk = _walk_questions(
        answers=answers,
        skippable=frozenset({"must_break", "urgent"}) if opportunity_shaped else frozenset(),
    )
    reasons.extend(walk.noes)
    if opportunity_shaped and not reasons and {"beyond_optimization", "capacity"} <= walk.yes:
        return CatalystVerdict(
            verdict="opportunity",
            label=VERDICT_LABELS["opportunity"],
            summary=(
                "A compelling opportunity that calls for new value and for which capacity can be freed: "
                "you may skip the search for pressure and go straight to forming workgroups."
            ),
            cautions=cautions,
        )
    if reasons:
        return CatalystVerdict(
            verdict="weak",
            label=VERDICT_LABELS["weak"],
            summary="This catalyst is unlikely to carry a pilot. Here is why:",
            reasons=reasons,
            cautions=cautions,
            strengthen=walk.strengthen + strengthen_patterns,
        )
    if walk.unanswered:
        return CatalystVerdict(
            verdict="incomplete",
            label=VERDICT_LABELS["incomplete"],
            summary="Answer every test question to get a verdict.",
            reasons=[f"Not answered yet: “{q}”." for q in walk.unanswered],
            cautions=cautions,
        )
    return CatalystVerdict(
        verdict="strong",
        label=VERDICT_LABELS["strong"],
        summary=(
            "The status quo must go, it is urgent, it calls for new value rather than optimization, "
            "and capacity can be freed: a strong reason to start a pilot."
        ),
        cautions=cautions,
    )


# --------------------------------------------------------------------------- entry points

MIN_POOL = 15  # 3 workgroups of at least 5 people, from volunteers
MAX_VOLUNTEERS = 60  # 5 workgroups of at most 12-15
MIN_FREED_CAPACITY = 75  # percent of working hours free from previous tasks


@dataclass(frozen=True)
class EntryFactors:
    """One candidate's ratings. Ratings are 1 (low) to 5 (high)."""

    business_unit: bool  # a business unit (True) or a function (False)
    self_contained: bool  # self-contained (True) or interdependent (False)
    supervisors_motivated: int
    collaborative_groups: int
    leadership_support: int
    improvement_exposure: int
    core: bool  # core of the business (True) or edge (False)
    freeable_capacity_pct: float
    pool_size: int
    in_champion_influence: bool


# (key, axis, label, default weight). A positive weight means "more of the factor raises the score".
WEIGHT_SPECS: tuple[tuple[str, str, str, float], ...] = (
    (
        "impact_business_unit",
        "impact",
        "a business unit rather than a function (closer to customers and revenue)",
        1.0,
    ),
    (
        "impact_core",
        "impact",
        "the core of the business rather than the edge (bigger, more convincing impact)",
        2.0,
    ),
    ("impact_pool", "impact", "a larger frontline pool (more people whose work can change)", 1.0),
    (
        "impact_collaborative",
        "impact",
        "groups that already collaborate (risk: business as usual)",
        -0.5,
    ),
    (
        "impact_improvement",
        "impact",
        "exposure to improvement methods (risk: relabelled process improvement)",
        -0.5,
    ),
    (
        "likelihood_self_contained",
        "likelihood",
        "a self-contained unit rather than an interdependent one",
        1.5,
    ),
    ("likelihood_supervisors", "likelihood", "motivated frontline supervisors", 2.0),
    ("likelihood_collaborative", "likelihood", "groups that already work collaboratively", 1.0),
    (
        "likelihood_leadership",
        "likelihood",
        "supportive leadership (will not pull people back when a metric slips)",
        2.0,
    ),
    ("likelihood_improvement", "likelihood", "exposure to improvement methods", 0.5),
    (
        "likelihood_core",
        "likelihood",
        "the core rather than the edge (more stakeholders, more resistance)",
        -1.0,
    ),
    ("likelihood_capacity", "likelihood", "capacity that can be freed", 1.5),
)
DEFAULT_WEIGHTS: dict[str, float] = {key: weight for key, _axis, _label, weight in WEIGHT_SPECS}

# How a reason names the candidate's actual value: (when the signal is high, when it is low).
FACTOR_WORDS: dict[str, tuple[str, str]] = {
    "impact_business_unit": (
        "A business unit, close to customers and revenue,",
        "A function, further from customers and revenue,",
    ),
    "impact_core": (
        "The core of the business (bigger, more convincing results)",
        "The edge of the business (less convincing results)",
    ),
    "impact_pool": ("A large frontline pool", "A small frontline pool"),
    "impact_collaborative": (
        "Groups that already collaborate (risk of business as usual)",
        "Groups not used to collaborating",
    ),
    "impact_improvement": (
        "Much exposure to improvement methods (risk of relabelled process improvement)",
        "Little exposure to improvement methods",
    ),
    "likelihood_self_contained": ("A self-contained unit", "An interdependent unit"),
    "likelihood_supervisors": (
        "Motivated frontline supervisors",
        "Frontline supervisors with little motivation",
    ),
    "likelihood_collaborative": (
        "Groups that already collaborate",
        "Groups not used to collaborating",
    ),
    "likelihood_leadership": ("Supportive leadership", "Leadership that may pull people back"),
    "likelihood_improvement": (
        "Exposure to improvement methods",
        "Little exposure to improvement methods",
    ),
    "likelihood_core": (
        "The core of the business (more stakeholders, more resistance)",
        "The edge of the business (fewer stakeholders, faster)",
    ),
    "likelihood_capacity": ("Capacity that can be freed", "Little capacity that can be freed"),
}
WEIGHT_LIMIT = 5.0


def _rating_signal(rating: int) -> float:
    return (min(max(rating, 1), 5) - 3) / 2


def _share_signal(value: float, full: float) -> float:
    return min(max(value / full, 0.0), 1.0) * 2 - 1


def factor_signals(*, factors: EntryFactors) -> dict[str, float]:
    """Each weight's factor as a signal from -1 (low) to +1 (high)."""
    pool = _share_signal(factors.pool_size - MIN_POOL, MAX_VOLUNTEERS * 2 - MIN_POOL)
    return {
        "impact_business_unit": 1.0 if factors.business_unit else -1.0,
        "impact_core": 1.0 if factors.core else -1.0,
        "impact_pool": pool,
        "impact_collaborative": _rating_signal(factors.collaborative_groups),
        "impact_improvement": _rating_signal(factors.improvement_exposure),
        "likelihood_self_contained": 1.0 if factors.self_contained else -1.0,
        "likelihood_supervisors": _rating_signal(factors.supervisors_motivated),
        "likelihood_collaborative": _rating_signal(factors.collaborative_groups),
        "likelihood_leadership": _rating_signal(factors.leadership_support),
        "likelihood_improvement": _rating_signal(factors.improvement_exposure),
        "likelihood_core": 1.0 if factors.core else -1.0,
        "likelihood_capacity": _share_signal(factors.freeable_capacity_pct, MIN_FREED_CAPACITY),
    }


def merged_weights(*, overrides: Mapping[str, float] | None) -> dict[str, float]:
    """The default weights with a pilot's stored adjustments (unknown keys are ignored)."""
    weights = dict(DEFAULT_WEIGHTS)
    for key, value in (overrides or {}).items():
        if key in weights:
            weights[key] = max(-WEIGHT_LIMIT, min(WEIGHT_LIMIT, float(value)))
    return weights


@dataclass(frozen=True)
class Contribution:
    key: str
    axis: str
    label: str
    points: float  # how far it moves the 0-100 score from the neutral 50
    signal: float  # the factor's value from -1 (low) to +1 (high)

    @property
    def words(self) -> str:
        high, low = FACTOR_WORDS[self.key]
        return high if self.signal >= 0 else low


@dataclass(frozen=True)
class EntryScore:
    impact: float  # 0-100
    likelihood: float  # 0-100
    combined: float  # geometric mean of impact and likelihood
    checks_failed: list[str]
    contributions: list[Contribution]

    @property
    def passes_checks(self) -> bool:
        return not self.checks_failed

    def reasons(self, *, limit: int = 4) -> list[str]:
        """The factors that moved the scores most, in plain words."""
        ranked = sorted(self.contributions, key=lambda c: -abs(c.points))
        words = []
        for c in ranked[:limit]:
            if abs(c.points) < 0.5:
                continue
            direction = "raises" if c.points > 0 else "lowers"
            words.append(f"{c.words} {direction} {c.axis} by {abs(c.points):.0f} points")
        return words


def _axis_score(
    *, axis: str, signals: Mapping[str, float], weights: Mapping[str, float]
) -> tuple[float, list[Contribution]]:
    specs = [(key, label) for key, spec_axis, label, _ in WEIGHT_SPECS if spec_axis == axis]
    total = sum(abs(weights[key]) for key, _ in specs)
    if total == 0:
        return 50.0, []
    contributions = []
    for key, label in specs:
        points = 50 * weights[key] * signals[key] / total
        contributions.append(
            Contribution(key=key, axis=axis, label=label, points=points, signal=signals[key])
        )
    return 50 + sum(c.points for c in contributions), contributions


def entry_checks(*, factors: EntryFactors) -> list[str]:
    """The hard checks an entry point must pass, as reasons for each failure."""
    failed = []
    if factors.pool_size < MIN_POOL:
        failed.append(
            f"The frontline pool has {factors.pool_size} people: a pilot needs {MIN_POOL} to {MAX_VOLUNTEERS} "
            "volunteers (3-5 workgroups of 3-15), so the pool must hold at least "
            f"{MIN_POOL} people, and more to leave room for choice."
        )
    if not factors.in_champion_influence:
        failed.append(
            "The unit is outside the champion's influence: nobody could protect the pilot there "
            "when pressure rises."
        )
    if factors.freeable_capacity_pct < MIN_FREED_CAPACITY:
        failed.append(
            f"Only {factors.freeable_capacity_pct:.0f}% of participants' time can be freed: each needs at "
            f"least {MIN_FREED_CAPACITY}% (a 20% side project does not redefine work)."
        )
    return failed


def entry_score(*, factors: EntryFactors, weights: Mapping[str, float] | None = None) -> EntryScore:
    """Potential impact and likelihood of success (0-100 each) with the hard checks.

    Each axis starts at 50; each factor moves it by 50 x weight x signal / (sum of the axis's
    absolute weights), with signals from -1 to +1 (ratings 1..5 map to -1..+1).
    """
    merged = merged_weights(overrides=weights)
    signals = factor_signals(factors=factors)
    impact, impact_parts = _axis_score(axis="impact", signals=signals, weights=merged)
    likelihood, likelihood_parts = _axis_score(axis="likelihood", signals=signals, weights=merged)
    return EntryScore(
        impact=round(impact, 1),
        likelihood=round(likelihood, 1),
        combined=round(math.sqrt(max(impact, 0) * max(likelihood, 0)), 1),
        checks_failed=entry_checks(factors=factors),
        contributions=impact_parts + likelihood_parts,
    )


@dataclass(frozen=True)
class RankedEntry:
    rank: int
    key: int
    score: EntryScore


def entry_ranking(
    *, candidates: Mapping[int, EntryFactors], weights: Mapping[str, float] | None = None
) -> list[RankedEntry]:
    """Candidates best first: those passing every hard check, then by combined score, then impact."""
    scored = [(key, entry_score(factors=f, weights=weights)) for key, f in candidates.items()]
    scored.sort(
        key=lambda item: (not item[1].passes_checks, -item[1].combined, -item[1].impact, item[0])
    )
    return [RankedEntry(rank=i + 1, key=key, score=score) for i, (key, score) in enumerate(scored)]


# --------------------------------------------------------------------------- metrics tree

LEVEL_ORDER: tuple[str, ...] = ("business", "operating", "frontline")


def metric_parent_level(*, level: str) -> str | None:
    """The level a metric's parent has: none for a key business metric (the top of the tree),
    business for an operating metric, operating for a frontline metric."""
    index = LEVEL_ORDER.index(level)
    return LEVEL_ORDER[index - 1] if index else None


def metric_level_problem(*, level: str, parent_level: str | None) -> str | None:
    """Why a metric cannot sit where it is placed (None when it can).

    A key business metric is a root; an operating metric sits under a business metric;
    a frontline metric sits under an operating metric.
    """
    if level not in LEVEL_ORDER:
        return f"Unknown level {level!r}."
    expected = metric_parent_level(level=level)
    if expected is None and parent_level is not None:
        return "A key business metric is the top of the tree: it has no parent."
    if expected is not None and parent_level != expected:
        names = {"business": "a key business metric", "operating": "an operating metric"}
        article = "An" if level[0] in "aeiou" else "A"
        return f"{article} {level} metric must sit under {names[expected]}."
    return None
