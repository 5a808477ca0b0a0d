"""Decision rights and the shift of power to the frontline.

A decision right says how a workgroup takes one kind of decision, from most to
least autonomous:

* ``alone``: the workgroup decides alone;
* ``consult``: it decides after consulting a named person;
* ``propose``: it proposes, a named approver decides;
* ``escalate``: it escalates, someone above decides.

The first two are decisions taken *at the frontline*; the last two go upward.
The power shift is the weekly share of logged decisions taken at the frontline
(weeks start on Monday). A decision taken more autonomously than its right
allows is *outside its right*. A right that moves toward ``alone`` is *handed
down*: a milestone of the pilot.

Pure computation: no Django, no database.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Sequence
from dataclasses import dataclass

ALONE = "alone"
CONSULT = "consult"
PROPOSE = "propose"
ESCALATE = "escalate"
MODES: tuple[str, ...] = (ALONE, CONSULT, PROPOSE, ESCALATE)
FRONTLINE_MODES = frozenset({ALONE, CONSULT})


def mode_level(mode: str) -> int:
    """0 for deciding alone up to 3 for escalating; ValueError names an unknown mode."""
    try:
        return MODES.index(mode)
    except ValueError:
        raise ValueError(
            f"unknown decision mode {mode!r}; expected one of {', '.join(MODES)}"
        ) from None


def is_frontline(mode: str) -> bool:
    return mode_level(mode) <= 1


def is_outside_right(*, held: str, taken: str) -> bool:
    """True when a decision was taken more autonomously than the right allows."""
    return mode_level(taken) < mode_level(held)


def week_start(day: dt.date) -> dt.date:
    """The Monday of the week that holds `day`."""
    return day - dt.timedelta(days=day.weekday())


@dataclass(frozen=True)
class DecisionEvent:
    on: dt.date
    mode: str
    group: Hashable | None = None


@dataclass(frozen=True)
class WeekShare:
    """Decisions logged in one week: how many at the frontline, how many went upward."""

    week: dt.date
    frontline: int
    upward: int

    @property
    def total(self) -> int:
        return self.frontline + self.upward

    @property
    def share(self) -> float | None:
        """Frontline share in [0, 1]; None in a week without decisions."""
        return self.frontline / self.total if self.total else None


def frontline_share(
    *,
    decisions: Sequence[DecisionEvent],
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[WeekShare]:
    """One row per week from `start` (or the first decision) to `end` (or the last), empty weeks included."""
    for d in decisions:
        mode_level(d.mode)
    days = [d.on for d in decisions]
    if not days and (start is None or end is None):
        return []
    first = week_start(start if start is not None else min(days))
    last = week_start(end if end is not None else max(days))
    if last < first:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    counts: dict[dt.date, list[int]] = {}
    week = first
    while week <= last:
        counts[week] = [0, 0]
        week += dt.timedelta(days=7)
    for d in decisions:
        w = week_start(d.on)
        if w not in counts:
            continue
        counts[w][0 if is_frontline(d.mode) else 1] += 1
    return [WeekShare(week=w, frontline=c[0], upward=c[1]) for w, c in counts.items()]


def frontline_share_by_group(
    *,
    decisions: Sequence[DecisionEvent],
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> dict[Hashable | None, list[WeekShare]]:
    """The weekly shares of each group over the same weeks (the whole span of `decisions`)."""
    if not decisions:
        return {}
    start = start if start is not None else min(d.on for d in decisions)
    end = end if end is not None else max(d.on for d in decisions)
    groups: dict[Hashable | None, list[DecisionEvent]] = {}
    for d in decisions:
        groups.setdefault(d.group, []).append(d)
    return {
        g: frontline_share(decisions=items, start=start, end=end) for g, items in groups.items()
    }


def overall_share(*, decisions: Sequence[DecisionEvent]) -> float | None:
    """The frontline share over all `decisions`; None when there are none."""
    if not decisions:
        return None
    return sum(1 for d in decisions if is_frontline(d.mode)) / len(decisions)


@dataclass(frozen=True)
class RightChange:
    """One change of a decision right: which right, when, and the mode before and after."""

    right: Hashable
    on: dt.date
    before: str | None
    after: str


def handed_down(*, changes: Sequence[RightChange]) -> list[RightChange]:
    """The changes that moved a right toward the frontline (a lower mode than before), oldest first."""
    found = [
        c for c in changes if c.before is not None and mode_level(c.after) < mode_level(c.before)
    ]
    return sorted(found, key=lambda c: c.on)
