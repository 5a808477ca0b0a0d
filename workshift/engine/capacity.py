"""Freed capacity: who is freed by how much, who takes the work, and a plan with fewer receivers.

Every participant of a pilot needs at least 75% of their working time freed.
Work handed to colleagues must not push anyone above 100% of theirs, and
consolidating handed-off tasks onto a few people is preferred to spreading a
thin slice over everyone. Shares are percentages of one person's working time
(everyone is assumed to have the same working time).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

FREED_TARGET = 75.0
LOAD_LIMIT = 100.0


@dataclass(frozen=True)
class TaskShare:
    """A task a participant hands off: `receiver` None means the task stops (or is automated or bought)."""

    task: Hashable
    participant: Hashable
    share: float
    receiver: Hashable | None = None


@dataclass
class CapacityReport:
    freed: dict[Hashable, float]
    load: dict[Hashable, float]
    below_target: list[Hashable]
    overloaded: list[Hashable]
    receivers_used: int


@dataclass(frozen=True)
class Move:
    task: Hashable
    from_receiver: Hashable
    to_receiver: Hashable


@dataclass
class ConsolidationPlan:
    moves: list[Move] = field(default_factory=list)
    receivers_before: int = 0
    receivers_after: int = 0
    load_after: dict[Hashable, float] = field(default_factory=dict)


def capacity_report(
    *,
    participants: Sequence[Hashable],
    tasks: Sequence[TaskShare],
    baseline_load: Mapping[Hashable, float],
    target: float = FREED_TARGET,
    limit: float = LOAD_LIMIT,
) -> CapacityReport:
    """Freed share per participant and load per receiver, with who is below target and who is overloaded.

    A participant who also receives tasks (which the approach advises against)
    has the received share subtracted from what is freed.
    """
    freed: dict[Hashable, float] = {p: 0.0 for p in participants}
    load: dict[Hashable, float] = {r: float(v) for r, v in baseline_load.items()}
    for t in tasks:
        if t.share < 0:
            raise ValueError(f"task {t.task!r} has a negative share")
        freed[t.participant] = freed.get(t.participant, 0.0) + float(t.share)
        if t.receiver is not None:
            load[t.receiver] = load.get(t.receiver, 0.0) + float(t.share)
    for p in list(freed):
        if p in load:
            freed[p] -= load[p] - float(baseline_load.get(p, 0.0))
    below = [p for p in participants if freed.get(p, 0.0) < target - 1e-9]
    over = sorted((r for r, v in load.items() if v > limit + 1e-9), key=lambda r: -load[r])
    used = len({t.receiver for t in tasks if t.receiver is not None})
    return CapacityReport(
        freed=freed, load=load, below_target=below, overloaded=over, receivers_used=used
    )


def consolidation_plan(
    *,
    tasks: Sequence[TaskShare],
    baseline_load: Mapping[Hashable, float],
    limit: float = LOAD_LIMIT,
) -> ConsolidationPlan:
    """Suggest moving handed-off tasks onto fewer receivers, nobody above `limit`.

    Greedy: receivers are emptied in order of least received work first; each of
    their tasks moves to the receiver with the most received work that still has
    room (so work piles up on a few people who take it over fully). A receiver is
    emptied only if all of its tasks find room; otherwise it keeps them. Moves
    that would push anyone above the limit are never proposed, and an overloaded
    receiver gets tasks moved away to whoever has room.
    """
    handed = [t for t in tasks if t.receiver is not None]
    received: dict[Hashable, float] = {}
    for t in handed:
        received[t.receiver] = received.get(t.receiver, 0.0) + float(t.share)
    load = {r: float(baseline_load.get(r, 0.0)) + received[r] for r in received}
    current = {t.task: t.receiver for t in handed}
    by_receiver: dict[Hashable, list[TaskShare]] = {}
    for t in handed:
        by_receiver.setdefault(t.receiver, []).append(t)
    plan = ConsolidationPlan(receivers_before=len(received))

    def room(r: Hashable) -> float:
        return limit - load[r]

    def move(t: TaskShare, src: Hashable, dst: Hashable) -> None:
        load[src] -= t.share
        load[dst] += t.share
        received[src] -= t.share
        received[dst] = received.get(dst, 0.0) + t.share
        current[t.task] = dst
        plan.moves.append(Move(task=t.task, from_receiver=src, to_receiver=dst))

    # 1. relieve overloaded receivers: largest tasks first, to whoever has most room
    for r in sorted(load, key=lambda x: -load[x]):
        for t in sorted(by_receiver[r], key=lambda x: -x.share):
            if load[r] <= limit + 1e-9:
                break
            options = [d for d in load if d != r and room(d) >= t.share - 1e-9]
            if options:
                move(t, r, max(options, key=room))
    # 2. empty the receivers with least received work into the ones with most
    order = sorted(received, key=lambda r: received[r])
    for src in order:
        mine = [t for t in handed if current[t.task] == src]
        if not mine:
            continue
        trial = dict(load)
        targets: list[tuple[TaskShare, Hashable]] = []
        ok = True
        for t in sorted(mine, key=lambda x: -x.share):
            options = [
                d
                for d in trial
                if d != src
                and received.get(d, 0.0) > 0
                and trial[d] + t.share <= limit + 1e-9
                and received.get(d, 0.0) >= received[src]
            ]
            if not options:
                ok = False
                break
            dst = max(options, key=lambda d: (received.get(d, 0.0), -trial[d]))
            trial[dst] += t.share
            targets.append((t, dst))
        if ok:
            for t, dst in targets:
                move(t, src, dst)
    plan.receivers_after = len({r for r in current.values()})
    plan.load_after = {r: v for r, v in load.items() if received.get(r, 0.0) > 1e-9}
    return plan
