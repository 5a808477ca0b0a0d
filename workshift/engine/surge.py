"""Surges in demand: who would go over 100% of their hours, and a rebalancing that avoids it.

A surge adds `extra` hours a week of work to a unit or workgroup. Before any
rebalancing it lands evenly on the people there who have the skill it needs
(the *naive split*). Each person has a weekly number of `hours`; `committed`
hours are already taken; `protected` hours are a pilot participant's freed
time, which a surge may not consume unless a recorded exception `allowed`
some of it. The *room* a person has for surge work is therefore

    room = hours - committed - protected + min(allowed, protected)   (never below 0)

The rebalancing is a small exact optimization:

1. everyone keeps as much of their naive share as fits in their room; the rest
   (the *excess*, plus any hours nobody in scope has the skill for) must move;
2. if the excess exceeds the spare room of everyone with the skill, no plan
   keeps everyone at or under 100%: `SurgeInfeasible` names the shortfall;
3. otherwise the excess goes to as few people as possible (work consolidated on
   a few people rather than a thin slice over everyone): the people with the
   most spare room, in order, until their room covers it; that number of
   receivers is the least any plan can use;
4. among those receivers the excess is *water-filled*: their loads rise to one
   common level (capped by each one's room), which minimizes the highest
   receiver load; the hours moved equal the excess, the least any plan can move;
5. sources and receivers are paired in order (largest first), so a plan has at
   most sources + receivers - 1 moves, each explained in words.

Pure computation: no Django, no database.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass, field

WEEK_HOURS = 40.0
EPS = 1e-9


@dataclass(frozen=True)
class SurgePerson:
    key: Hashable
    name: str
    committed: float
    protected: float = 0.0
    allowed: float = 0.0
    hours: float = WEEK_HOURS
    skills: frozenset[str] = frozenset()
    in_scope: bool = False

    @property
    def room(self) -> float:
        """Hours a week of surge work this person can take without going over 100%."""
        usable_protected = min(max(self.allowed, 0.0), self.protected)
        return max(0.0, self.hours - self.committed - self.protected + usable_protected)

    def percent(self, surge_hours: float) -> float:
        """Load in % of their hours with `surge_hours` of surge work.

        Protected time counts as taken, except the part a recorded exception
        lets the surge use: surge hours beyond the unprotected room replace it.
        """
        if self.hours <= 0:
            return 0.0
        free = max(0.0, self.hours - self.committed - self.protected)
        displaced = min(max(0.0, surge_hours - free), max(0.0, min(self.allowed, self.protected)))
        taken = self.committed + self.protected - displaced + surge_hours
        return 100.0 * taken / self.hours


@dataclass(frozen=True)
class SurgeMove:
    source: Hashable | None
    source_name: str
    target: Hashable
    target_name: str
    hours: float
    reason: str


@dataclass
class SurgePlan:
    extra: float
    naive: dict[Hashable, float]
    unplaced: float
    final: dict[Hashable, float]
    moves: list[SurgeMove] = field(default_factory=list)
    over_naive: list[Hashable] = field(default_factory=list)
    eats_protected: list[Hashable] = field(default_factory=list)
    level: float | None = None

    @property
    def moved_hours(self) -> float:
        return sum(m.hours for m in self.moves)


class SurgeInfeasible(ValueError):
    """No plan keeps everyone at or under 100%; `shortfall` is the missing hours a week."""

    def __init__(
        self,
        *,
        shortfall: float,
        needed: float,
        available: float,
        skill: str | None,
        protected_available: float,
    ) -> None:
        self.shortfall = shortfall
        self.needed = needed
        self.available = available
        self.skill = skill
        self.protected_available = protected_available
        who = f"people with the skill “{skill}”" if skill else "people with spare hours"
        message = (
            f"The surge is short by {shortfall:.1f} hours a week: {needed:.1f} h/week must move "
            f"but the {who} have only {available:.1f} h/week of room."
        )
        if protected_available > EPS:
            message += (
                f" Recorded exceptions could open up to {protected_available:.1f} h/week of "
                "pilot participants' freed time; otherwise simplify, build, buy or relax a metric."
            )
        else:
            message += " Simplify, build, buy or relax a metric to close the gap."
        super().__init__(message)


def _eligible(person: SurgePerson, skill: str | None) -> bool:
    return skill is None or skill in person.skills


def surge_split(
    *, people: Sequence[SurgePerson], extra: float, skill: str | None = None
) -> dict[Hashable, float]:
    """The naive split: `extra` evenly over the in-scope people with the skill (empty if none)."""
    if extra < 0:
        raise ValueError(f"extra hours must not be negative (got {extra})")
    scope = [p for p in people if p.in_scope and _eligible(p, skill)]
    if not scope:
        return {}
    share = extra / len(scope)
    return {p.key: share for p in scope}


def _water_level(used: list[float], hours: list[float], spare: list[float], need: float) -> float:
    """The level L (fraction of hours) at which sum(clamp(L*h - u, 0, s)) equals `need`."""

    def filled(level: float) -> float:
        return sum(
            min(s, max(0.0, level * h - u)) for u, h, s in zip(used, hours, spare, strict=True)
        )

    points = sorted(
        {u / h for u, h in zip(used, hours, strict=True) if h > 0}
        | {(u + s) / h for u, h, s in zip(used, hours, spare, strict=True) if h > 0}
    )
    lo = points[0] if points else 0.0
    for hi in points:
        if filled(hi) >= need - EPS:
            f_lo, f_hi = filled(lo), filled(hi)
            if f_hi - f_lo <= EPS:
                return hi
            return lo + (hi - lo) * (need - f_lo) / (f_hi - f_lo)
        lo = hi
    return lo


def surge_rebalance(
    *, people: Sequence[SurgePerson], extra: float, skill: str | None = None
) -> SurgePlan:
    """A plan that keeps everyone at or under 100% while moving as few hours as possible.

    Raises `SurgeInfeasible` with the shortfall in hours a week when no plan exists.
    """
    keys = [p.key for p in people]
    if len(set(keys)) != len(keys):
        raise ValueError("every person must appear once")
    naive = surge_split(people=people, extra=extra, skill=skill)
    unplaced = extra - sum(naive.values())
    by_key = {p.key: p for p in people}
    keep = {k: min(v, by_key[k].room) for k, v in naive.items()}
    excess = {k: naive[k] - keep[k] for k in naive if naive[k] - keep[k] > EPS}
    plan = SurgePlan(
        extra=extra,
        naive=dict(naive),
        unplaced=unplaced if unplaced > EPS else 0.0,
        final={k: v for k, v in keep.items() if v > EPS},
        over_naive=[k for k, v in naive.items() if by_key[k].percent(v) > 100.0 + EPS],
        eats_protected=[
            k
            for k, v in naive.items()
            if by_key[k].protected > EPS
            and by_key[k].committed + v > by_key[k].hours - by_key[k].protected + EPS
        ],
    )
    need = sum(excess.values()) + plan.unplaced
    if need <= EPS:
        return plan
    candidates = [p for p in people if _eligible(p, skill) and p.room - keep.get(p.key, 0.0) > EPS]
    candidates.sort(key=lambda p: (-(p.room - keep.get(p.key, 0.0)), not p.in_scope, str(p.key)))
    available = sum(p.room - keep.get(p.key, 0.0) for p in candidates)
    if need > available + 1e-6:
        protected_left = sum(
            max(0.0, p.protected - max(p.allowed, 0.0)) for p in people if _eligible(p, skill)
        )
        raise SurgeInfeasible(
            shortfall=need - available,
            needed=need,
            available=available,
            skill=skill,
            protected_available=protected_left,
        )
    receivers: list[SurgePerson] = []
    covered = 0.0
    for p in candidates:  # the fewest people whose spare room covers the excess
        receivers.append(p)
        covered += p.room - keep.get(p.key, 0.0)
        if covered >= need - 1e-6:
            break
    spare = [p.room - keep.get(p.key, 0.0) for p in receivers]
    used = [p.hours - p.room + keep.get(p.key, 0.0) for p in receivers]
    hours = [p.hours for p in receivers]
    level = _water_level(used, hours, spare, need)
    take = [min(s, max(0.0, level * h - u)) for u, h, s in zip(used, hours, spare, strict=True)]
    drift = need - sum(take)
    if abs(drift) > EPS:  # rounding: give the difference to whoever still has room
        for i in sorted(range(len(take)), key=lambda j: -(spare[j] - take[j])):
            delta = min(drift, spare[i] - take[i]) if drift > 0 else max(drift, -take[i])
            take[i] += delta
            drift -= delta
            if abs(drift) <= EPS:
                break
    plan.level = 100.0 * level
    _pair(plan=plan, by_key=by_key, excess=excess, receivers=receivers, take=take, skill=skill)
    return plan


def _pair(
    *,
    plan: SurgePlan,
    by_key: dict[Hashable, SurgePerson],
    excess: dict[Hashable, float],
    receivers: list[SurgePerson],
    take: list[float],
    skill: str | None,
) -> None:
    sources: list[tuple[Hashable | None, float]] = sorted(
        excess.items(), key=lambda kv: (-kv[1], str(kv[0]))
    )
    if plan.unplaced > EPS:
        sources.append((None, plan.unplaced))
    targets = sorted(
        ((p, t) for p, t in zip(receivers, take, strict=True) if t > EPS),
        key=lambda pt: (-pt[1], str(pt[0].key)),
    )
    ti = 0
    left = [t for _, t in targets]
    for source, amount in sources:
        while amount > EPS and ti < len(targets):
            person, _ = targets[ti]
            hours = min(amount, left[ti])
            before = plan.final.get(person.key, 0.0)
            plan.final[person.key] = before + hours
            plan.moves.append(
                SurgeMove(
                    source=source,
                    source_name=by_key[source].name if source is not None else "nobody in scope",
                    target=person.key,
                    target_name=person.name,
                    hours=hours,
                    reason=_reason(
                        source=by_key.get(source) if source is not None else None,
                        naive=plan.naive.get(source, 0.0) if source is not None else 0.0,
                        target=person,
                        before=before,
                        after=before + hours,
                        skill=skill,
                    ),
                )
            )
            amount -= hours
            left[ti] -= hours
            if left[ti] <= EPS:
                ti += 1


def _reason(
    *,
    source: SurgePerson | None,
    naive: float,
    target: SurgePerson,
    before: float,
    after: float,
    skill: str | None,
) -> str:
    if source is None:
        why = "nobody in the surge's unit or workgroup has the skill"
    elif source.protected > EPS and source.committed + naive > source.hours - source.protected:
        why = (
            f"{source.name} would reach {source.percent(naive):.0f}% and the surge would eat "
            "into freed pilot time"
        )
    else:
        why = f"{source.name} would reach {source.percent(naive):.0f}% of their hours"
    skill_note = f" (with the skill “{skill}”)" if skill else ""
    return (
        f"{why}; {target.name}{skill_note} has {target.room - before:.1f} h/week spare, "
        f"going from {target.percent(before):.0f}% to {target.percent(after):.0f}%."
    )
