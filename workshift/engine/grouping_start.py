"""What both grouping searches share: the limits of a run and a feasible start."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from workshift.engine import grouping_kernels as gk
from workshift.engine.grouping_kernels import State
from workshift.engine.grouping_rules import CompiledProblem, InfeasibleGrouping


@dataclass
class Limits:
    """Time, iteration and progress bookkeeping of one search."""

    t0: float
    seconds: float
    max_iterations: int | None
    progress: Callable[[float], None] | None
    timer: Callable[[], float] = time.perf_counter
    iterations: int = 0
    last_report: float = -1.0

    def elapsed(self) -> float:
        return self.timer() - self.t0

    def fraction(self) -> float:
        f = self.elapsed() / self.seconds if self.seconds > 0 else 1.0
        if self.max_iterations is not None:
            f = max(f, self.iterations / max(self.max_iterations, 1))
        return min(f, 1.0)

    def done(self) -> bool:
        if self.max_iterations is not None and self.iterations >= self.max_iterations:
            return True
        return self.elapsed() >= self.seconds

    def left(self) -> int:
        if self.max_iterations is None:
            return 1 << 60
        return max(self.max_iterations - self.iterations, 0)

    def report(self) -> None:
        if self.progress is None:
            return
        now = self.elapsed()
        if now - self.last_report >= 0.05:
            self.last_report = now
            self.progress(self.fraction())


def violations_message(prob: CompiledProblem, st: State) -> InfeasibleGrouping:
    """Describe what is left broken after repair gave up."""
    grp, size, cnt = st.grp, st.size, st.cnt
    lo, hi = prob.lo, prob.hi
    under = int(np.maximum(lo - size, 0).sum())
    over = int(np.maximum(size - hi, 0).sum())
    per: dict[str, float] = {}
    if under:
        per["min_size"] = under
    if over:
        per["max_size"] = over
    for r, rule in enumerate(prob.rules):
        col = cnt[:, r]
        bad = float(np.maximum(col - rule.cap, 0).sum() + (rule.two and 1 or 0) * (col == 1).sum())
        if bad:
            per[rule.constraint] = per.get(rule.constraint, 0.0) + bad
    apart = 0
    for u in range(prob.nu):
        for k in range(prob.a_ptr[u], prob.a_ptr[u + 1]):
            v = prob.a_idx[k]
            if v > u and grp[v] == grp[u]:
                apart += 1
    if apart:
        per["apart"] = apart
    if not per:
        per["min_size"] = 1.0
    name, amount = max(per.items(), key=lambda kv: kv[1])
    words = {
        "min_size": "groups stay below their minimum size",
        "max_size": "groups stay above their maximum size",
        "apart": "pairs that must be apart stay together",
        "max_per_category": "people exceed a per-category limit",
        "two_or_none": "people stay the only one of their category in a group",
        "spread": "people of the same label exceed the spread limit",
    }[name]
    return InfeasibleGrouping(
        f"the constraints could not all be met together; in the closest grouping found, "
        f"{int(amount)} {words} (shortfall {int(amount)})",
        constraint=name,
        shortfall=float(amount),
    )


def size_profile(
    lo: np.ndarray, hi: np.ndarray, n: int, rng: np.random.Generator
) -> np.ndarray | None:
    """Group sizes within the bounds, summing to ``n``, with the largest sum of squares.

    With distances of similar magnitude the objective grows with the number of
    pairs, sum of s(s-1)/2, so good groupings (and the best known solutions of
    the benchmark library) use such size profiles.  Ties are broken at random.
    """
    m = lo.shape[0]
    if int(lo.sum()) > n or int(hi.sum()) < n or (hi - lo).sum() * n > 5_000_000:
        return None
    neg = -(1 << 60)
    table = np.full((m + 1, n + 1), neg, dtype=np.int64)
    table[0, 0] = 0
    for g in range(m):
        for s in range(int(lo[g]), int(hi[g]) + 1):
            prev = table[g, : n + 1 - s]
            ok = prev > neg
            cand = np.where(ok, prev + s * s, neg)
            table[g + 1, s:] = np.maximum(table[g + 1, s:], cand)
    if table[m, n] <= neg:
        return None
    sizes = np.zeros(m, dtype=np.int64)
    left = n
    for g in range(m - 1, -1, -1):
        options = [
            s
            for s in range(int(lo[g]), int(hi[g]) + 1)
            if s <= left
            and table[g, left - s] > neg
            and table[g, left - s] + s * s == table[g + 1, left]
        ]
        s = int(rng.choice(options))
        sizes[g] = s
        left -= s
    return sizes


def start(
    prob: CompiledProblem,
    attempts: int = 5,
    target: np.ndarray | None = None,
) -> State:
    """A feasible random start (group sizes ``target`` if given and possible), or InfeasibleGrouping."""
    un = prob.units()
    best: tuple[int, State] | None = None
    for attempt in range(attempts):
        shaped = un if target is None or attempt > 0 else un._replace(lo=target, hi=target)
        st = gk.construct(shaped)
        left = gk.repair(st, un, 20000 + 200 * prob.nu * (attempt + 1))
        if left == 0:
            return st
        if best is None or left < best[0]:
            best = (left, st)
    assert best is not None  # the loop ran at least once
    raise violations_message(prob, best[1])
