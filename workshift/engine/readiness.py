"""Phase 1 readiness: is the pilot ready to move on from Recognize the opportunity?

Plain data in, plain data out: the facts a selector gathers, the steps still open.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RecognizeFacts:
    vision_parts_filled: int  # 0-3 of the three shifts
    catalyst_verdict: str | None  # None when not assessed
    has_champion: bool
    champion_c_level: bool
    champion_commitments: int  # 0-3 of commit, communicate, cover
    champion_vision_ok: bool
    candidates_rated: int
    entry_chosen: bool
    entry_passes_checks: bool
    business_metrics: int
    operating_metrics: int
    frontline_metrics: int
    frontline_metrics_complete: bool  # every frontline metric has direction and cadence
    # a weak catalyst the lead proceeds with, for a recorded reason
    catalyst_proceeding: bool = False
    # every warning of the step read and acknowledged by the lead (acknowledged is not passed)
    champion_acknowledged: bool = False
    champion_vision_acknowledged: bool = False


@dataclass(frozen=True)
class ReadinessStep:
    key: str
    label: str
    done: bool
    risk: str  # what goes wrong if it stays undone
    detail: str = ""
    # not done, but its warning was read and acknowledged: the lead goes on knowing the risk
    acknowledged: bool = False


@dataclass(frozen=True)
class Readiness:
    steps: list[ReadinessStep]

    @property
    def done(self) -> int:
        return sum(1 for s in self.steps if s.done)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def acknowledged(self) -> int:
        return sum(1 for s in self.steps if s.acknowledged and not s.done)

    @property
    def ready(self) -> bool:
        return self.done == self.total

    @property
    def missing(self) -> list[ReadinessStep]:
        return [s for s in self.steps if not s.done]


def pilot_readiness(*, facts: RecognizeFacts) -> Readiness:
    """Which Recognize steps are done, which are missing, and what each missing one risks."""
    verdict = facts.catalyst_verdict
    steps = [
        ReadinessStep(
            key="vision",
            label="Vision in the three shifts",
            done=facts.vision_parts_filled == 3,
            risk="Without the why (value, focus, capabilities), people read the pilot as another cost-cutting exercise.",
            detail=f"{facts.vision_parts_filled} of 3 shifts described",
        ),
        ReadinessStep(
            key="catalyst",
            label="A catalyst that can carry the pilot",
            done=verdict in ("strong", "opportunity"),
            risk="Without a strong catalyst the pilot competes with business as usual and is quietly dropped.",
            acknowledged=verdict == "weak" and facts.catalyst_proceeding,
            detail={
                None: "not assessed",
                "weak": "assessed: weak"
                + (", proceeding for a recorded reason" if facts.catalyst_proceeding else ""),
                "incomplete": "questions unanswered",
            }.get(verdict, f"assessed: {verdict}"),
        ),
        ReadinessStep(
            key="champion",
            label="A C-level champion who commits, communicates and covers",
            done=facts.has_champion and facts.champion_c_level and facts.champion_commitments == 3,
            risk="Without a senior sponsor, nobody protects the pilot when a metric slips and managers pull people back.",
            acknowledged=facts.has_champion and facts.champion_acknowledged,
            detail=(
                "no champion named"
                if not facts.has_champion
                else f"{'C-level' if facts.champion_c_level else 'not C-level'}, {facts.champion_commitments} of 3 commitments"
            ),
        ),
        ReadinessStep(
            key="champion_vision",
            label="A vision with near-term gains for frontline people",
            done=facts.has_champion and facts.champion_vision_ok,
            risk="People assume automation means job loss, and the best of them leave.",
            acknowledged=facts.has_champion and facts.champion_vision_acknowledged,
            detail="warning acknowledged" if facts.champion_vision_acknowledged else "",
        ),
        ReadinessStep(
            key="candidates",
            label="Entry-point candidates rated (at least two to compare)",
            done=facts.candidates_rated >= 2,
            risk="With a single option the entry point is picked by habit, not by impact and likelihood of success.",
            detail=f"{facts.candidates_rated} rated",
        ),
        ReadinessStep(
            key="entry",
            label="An entry point chosen that passes the hard checks",
            done=facts.entry_chosen and facts.entry_passes_checks,
            risk="Without a viable entry point there are no volunteers to draw from, no cover, or no capacity to free.",
            detail=(
                "not chosen"
                if not facts.entry_chosen
                else "chosen" + ("" if facts.entry_passes_checks else ", but it fails a hard check")
            ),
        ),
        ReadinessStep(
            key="metrics",
            label="Metrics that matter, from a business metric down to frontline metrics",
            done=(
                facts.business_metrics > 0
                and facts.operating_metrics > 0
                and facts.frontline_metrics > 0
                and facts.frontline_metrics_complete
            ),
            risk="Without frontline metrics, workgroups cannot see whether their work moves what matters, and nor can anyone else.",
            detail=(
                f"{facts.business_metrics} business, {facts.operating_metrics} operating, "
                f"{facts.frontline_metrics} frontline"
            ),
        ),
    ]
    return Readiness(steps=steps)
