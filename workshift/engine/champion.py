"""Phase 1: the champion check, its warnings and their acknowledgements.

Plain data in, plain data out: no Django, no database. A warning never blocks: the program
lead reads it and either fixes what it names or acknowledges it and goes on; an acknowledged
warning stays visible, marked acknowledged, and never counts as passed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

FRONTLINE_WORDS: tuple[str, ...] = (
    "frontline",
    "front-line",
    "front line",
    "agent",
    "specialist",
    "staff",
    "employee",
    "colleague",
    "participant",
    "worker",
    "team",
    "people",
    "supervisor",
)
NEAR_TERM_GAIN_WORDS: tuple[str, ...] = (
    "learn",
    "grow",
    "develop",
    "training",
    "skill",
    "career",
    "time to",
    "time for",
    "freed",
    "free up",
    "recognition",
    "recognized",
    "recognised",
    "reward",
    "bonus",
    "incentive",
    "no job loss",
    "no one will lose",
    "job security",
    "keep their job",
    "protected",
    "not be penalized",
    "choose",
    "decide",
    "voice",
    "ownership",
)


@dataclass(frozen=True)
class ChampionWarning:
    key: str  # c_level | vision | commit | communicate | cover
    message: str
    acknowledged: bool = False


# The warnings each readiness step of the champion covers.
CHAMPION_STEP_WARNINGS: tuple[str, ...] = ("c_level", "commit", "communicate", "cover")
VISION_WARNINGS: tuple[str, ...] = ("vision",)


@dataclass(frozen=True)
class ChampionCheck:
    items: list[ChampionWarning]
    vision_names_frontline: bool
    vision_names_gain: bool
    vision_ok: bool

    @property
    def warnings(self) -> list[str]:
        """Every warning's text, acknowledged or not: an acknowledgement does not make it pass."""
        return [w.message for w in self.items]

    @property
    def open_warnings(self) -> list[ChampionWarning]:
        return [w for w in self.items if not w.acknowledged]

    def acknowledged(self, keys: Sequence[str]) -> bool:
        """Whether there are warnings among `keys` and each one is acknowledged."""
        found = [w for w in self.items if w.key in keys]
        return bool(found) and all(w.acknowledged for w in found)


def _contains_any(text: str, words: Sequence[str]) -> bool:
    return any(word in text for word in words)


def champion_check(
    *,
    is_c_level: bool,
    vision: str,
    frontline_gain_confirmed: bool,
    commitments: Mapping[str, bool],
    acknowledged: Mapping[str, str] | None = None,
) -> ChampionCheck:
    """Warnings about a champion: level, the vision's near-term frontline gains, commitments.

    The vision rule is transparent: it must mention frontline people (FRONTLINE_WORDS) and a
    near-term gain (NEAR_TERM_GAIN_WORDS), and the lead must confirm it with the checkbox.
    Warnings never block: `acknowledged` maps a warning's key to the text the lead read and
    acknowledged; the warning stays, marked acknowledged, while its text is the same (a new
    text, e.g. a vision missing something else, is a new warning).
    """
    text = " " + re.sub(r"\s+", " ", vision.lower()) + " "
    names_frontline = _contains_any(text, FRONTLINE_WORDS)
    names_gain = _contains_any(text, NEAR_TERM_GAIN_WORDS)
    found: list[tuple[str, str]] = []
    if not is_c_level:
        found.append(
            (
                "c_level",
                "The champion is not a C-level executive: they may lack the reach to sponsor the "
                "pilot and to protect it when pressure rises. Look for a CEO or another C-level sponsor.",
            )
        )
    if not vision.strip():
        found.append(
            (
                "vision",
                "No vision statement yet. Without one, people assume automation means job loss, and the best leave.",
            )
        )
    elif not (names_frontline and names_gain and frontline_gain_confirmed):
        missing = []
        if not names_frontline:
            missing.append("does not mention the frontline people involved")
        if not names_gain:
            missing.append(
                "names no near-term gain for them (learning, time, recognition, job security...)"
            )
        if not frontline_gain_confirmed:
            missing.append(
                "is not confirmed as saying what frontline participants gain in the near term"
            )
        found.append(
            (
                "vision",
                "The vision "
                + "; ".join(missing)
                + ". Without near-term benefits for frontline people, "
                "they assume automation means job loss, and the best leave.",
            )
        )
    labels = {
        "commit": "commit (sponsor the pilot)",
        "communicate": "communicate (state the vision)",
        "cover": "cover (protect the pilot from pressure)",
    }
    for key, label in labels.items():
        if not commitments.get(key, False):
            found.append((key, f"No recorded commitment to {label}."))
    read = acknowledged or {}
    vision_ok = bool(vision.strip()) and names_frontline and names_gain and frontline_gain_confirmed
    return ChampionCheck(
        items=[
            ChampionWarning(key=key, message=message, acknowledged=read.get(key) == message)
            for key, message in found
        ],
        vision_names_frontline=names_frontline,
        vision_names_gain=names_gain,
        vision_ok=vision_ok,
    )
