"""Side constraints of a grouping, checked for plain impossibilities and
compiled into the arrays the kernels use (units, counting rules, apart pairs).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from workshift.engine.grouping_kernels import Units


class InfeasibleGrouping(ValueError):
    """The groups cannot be formed under the given sizes and constraints.

    ``constraint`` names the constraint that cannot be met (``min_size``,
    ``max_size``, ``fixed``, ``together``, ``apart``, ``max_per_category``,
    ``two_or_none``, ``spread``) and ``shortfall`` says by how much (people
    missing, people too many, or constraint violations left).
    """

    def __init__(self, message: str, *, constraint: str, shortfall: float) -> None:
        super().__init__(message)
        self.constraint = constraint
        self.shortfall = shortfall


@dataclass(frozen=True)
class GroupBounds:
    """Smallest and largest number of people a group may hold."""

    min_size: int
    max_size: int


@dataclass(frozen=True)
class Constraints:
    """Side constraints.

    * ``fixed``: person index -> group index (coaches, locked people).
    * ``together``: pairs that must share a group.
    * ``apart``: pairs that must not share a group.
    * ``max_per_category``: ``(attribute name, category, k)``: at most ``k``
      people of that category of a categorical attribute in any group.
    * ``two_or_none``: categorical attribute names; in every group each
      category of such an attribute has 0 or at least 2 people, so nobody is
      the only one of their category.
    * ``spread``: a label per person (e.g. workgroup id, ``None`` or a negative
      number for no label).  A label held by ``c`` people appears at most
      ``ceil(c / m)`` times in any group (``m`` groups): people sharing a
      label are spread across groups as evenly as the count allows.
    """

    fixed: Mapping[int, int] = field(default_factory=dict)
    together: Sequence[tuple[int, int]] = ()
    apart: Sequence[tuple[int, int]] = ()
    max_per_category: Sequence[tuple[str, str, int]] = ()
    two_or_none: Sequence[str] = ()
    spread: Sequence[int] | None = None


def _more(k: float) -> str:
    k = int(k) if float(k).is_integer() else k
    return f"{k} more {'person' if k == 1 else 'people'}"


def _people(k: float) -> str:
    k = int(k) if float(k).is_integer() else k
    return f"{k} {'person' if k == 1 else 'people'}"


@dataclass
class Rule:
    constraint: str  # max_per_category, two_or_none, spread
    label: str
    cap: int
    two: bool


@dataclass
class CompiledProblem:
    n: int
    m: int
    lo: np.ndarray
    hi: np.ndarray
    unit_of: np.ndarray  # person -> unit
    unit_start: np.ndarray  # units are contiguous in `order`
    order: np.ndarray  # people sorted by unit
    w: np.ndarray  # people per unit
    fixed: np.ndarray  # unit -> group or -1
    rules: list[Rule]
    r_ptr: np.ndarray
    r_idx: np.ndarray
    r_cnt: np.ndarray
    r_cap: np.ndarray
    r_two: np.ndarray
    a_ptr: np.ndarray
    a_idx: np.ndarray
    person_rules: list[list[int]]  # rule ids per person (for explanations)
    has_together: bool

    @property
    def nu(self) -> int:
        return int(self.w.shape[0])

    @property
    def has_cons(self) -> bool:
        return bool(self.rules) or self.a_idx.size > 0

    def units(self) -> Units:
        """The arrays the kernels read, as one record."""
        return Units(
            w=self.w,
            fixed=self.fixed,
            lo=self.lo,
            hi=self.hi,
            r_ptr=self.r_ptr,
            r_idx=self.r_idx,
            r_cnt=self.r_cnt,
            r_cap=self.r_cap,
            r_two=self.r_two,
            a_ptr=self.a_ptr,
            a_idx=self.a_idx,
            unit_start=self.unit_start,
            order=self.order,
            n_rules=max(len(self.rules), 1),
            has_cons=self.has_cons,
        )

    def units_to_people(self, grp_units: np.ndarray) -> np.ndarray:
        people: np.ndarray = np.asarray(grp_units, dtype=np.int64)[self.unit_of]
        return people


def check_bounds(*, groups: Sequence[GroupBounds], n: int) -> tuple[np.ndarray, np.ndarray]:
    m = len(groups)
    if m == 0:
        raise ValueError("at least one group is needed")
    lo = np.array([int(g.min_size) for g in groups], dtype=np.int64)
    hi = np.array([int(g.max_size) for g in groups], dtype=np.int64)
    for g, (a, b) in enumerate(zip(lo, hi, strict=True)):
        if a < 0:
            raise ValueError(f"group {g} has a negative minimum size")
        if a > b:
            raise InfeasibleGrouping(
                f"group {g} must hold at least {a} but at most {b} people: "
                f"its maximum is {a - b} short of its minimum",
                constraint="min_size",
                shortfall=float(a - b),
            )
    if lo.sum() > n:
        short = int(lo.sum() - n)
        if len(set(lo.tolist())) == 1:
            what = f"{m} groups of at least {lo[0]}"
        else:
            what = f"{m} groups that need at least {lo.sum()} people in total"
        raise InfeasibleGrouping(
            f"{_people(n)} cannot fill {what}: {_more(short)} "
            f"{'is' if short == 1 else 'are'} needed",
            constraint="min_size",
            shortfall=float(short),
        )
    if hi.sum() < n:
        over = int(n - hi.sum())
        if len(set(hi.tolist())) == 1:
            what = f"{m} groups of at most {hi[0]}"
        else:
            what = f"{m} groups that hold at most {hi.sum()} people in total"
        raise InfeasibleGrouping(
            f"{_people(n)} do not fit in {what}: room for {_more(over)} is needed",
            constraint="max_size",
            shortfall=float(over),
        )
    return lo, hi


def _pair(pair: Sequence[int], n: int, what: str) -> tuple[int, int]:
    if len(pair) != 2:
        raise ValueError(f"a {what} pair needs two people, got {pair!r}")
    i, j = int(pair[0]), int(pair[1])
    for x in (i, j):
        if not 0 <= x < n:
            raise ValueError(f"{what} pair {pair!r} names person {x}, outside 0..{n - 1}")
    return i, j


def compile_constraints(
    *,
    n: int,
    lo: np.ndarray,
    hi: np.ndarray,
    constraints: Constraints | None,
    categorical: Mapping[str, Sequence[str | None]] | None = None,
) -> CompiledProblem:
    """Check the constraints for plain impossibilities and compile them.

    ``categorical`` maps attribute names to per-person categorical values
    (needed by ``max_per_category`` and ``two_or_none``).
    """
    c = constraints or Constraints()
    m = int(lo.shape[0])
    categorical = categorical or {}

    # -- units (keep-together) ------------------------------------------
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in c.together:
        i, j = _pair(pair, n, "together")
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[max(ri, rj)] = min(ri, rj)
    roots = np.array([find(i) for i in range(n)], dtype=np.int64)
    _, unit_of = np.unique(roots, return_inverse=True)
    unit_of = unit_of.astype(np.int64)
    nu = int(unit_of.max()) + 1 if n else 0
    order = np.argsort(unit_of, kind="stable").astype(np.int64)
    w = np.bincount(unit_of, minlength=nu).astype(np.int64)
    unit_start = np.zeros(nu + 1, dtype=np.int64)
    unit_start[1:] = np.cumsum(w)

    if nu and w.max() > hi.max():
        u = int(np.argmax(w))
        raise InfeasibleGrouping(
            f"{_people(w[u])} must stay together but the largest group holds {hi.max()}: "
            f"{_people(w[u] - hi.max())} too many",
            constraint="together",
            shortfall=float(w[u] - hi.max()),
        )

    # -- fixed members ----------------------------------------------------
    fixed = -np.ones(nu, dtype=np.int64)
    fixed_by: dict[int, int] = {}
    for person, g in dict(c.fixed).items():
        person, g = int(person), int(g)
        if not 0 <= person < n:
            raise ValueError(f"fixed person {person} is outside 0..{n - 1}")
        if not 0 <= g < m:
            raise ValueError(f"person {person} is fixed to group {g}, outside 0..{m - 1}")
        u = int(unit_of[person])
        if fixed[u] >= 0 and fixed[u] != g:
            raise InfeasibleGrouping(
                f"person {person} is fixed to group {g} but must stay with person {fixed_by[u]}, "
                f"who is fixed to group {fixed[u]}",
                constraint="together",
                shortfall=1.0,
            )
        fixed[u] = g
        fixed_by[u] = person
    load = np.zeros(m, dtype=np.int64)
    for u in range(nu):
        if fixed[u] >= 0:
            load[fixed[u]] += w[u]
    for g in range(m):
        if load[g] > hi[g]:
            raise InfeasibleGrouping(
                f"{_people(load[g])} are fixed to group {g}, which holds at most {hi[g]}: "
                f"{_people(load[g] - hi[g])} too many",
                constraint="fixed",
                shortfall=float(load[g] - hi[g]),
            )
    free = int(w[fixed < 0].sum())
    need = int(np.maximum(lo - load, 0).sum())
    if free < need:
        raise InfeasibleGrouping(
            f"after placing fixed people, {_people(free)} are left to bring groups up to their "
            f"minimum, which needs {need}: {_more(need - free)} are needed",
            constraint="fixed",
            shortfall=float(need - free),
        )

    # -- apart ------------------------------------------------------------
    adj: list[set[int]] = [set() for _ in range(nu)]
    for pair in c.apart:
        i, j = _pair(pair, n, "apart")
        ui, uj = int(unit_of[i]), int(unit_of[j])
        if ui == uj:
            raise InfeasibleGrouping(
                f"persons {i} and {j} must be kept apart but also together",
                constraint="apart",
                shortfall=1.0,
            )
        if fixed[ui] >= 0 and fixed[ui] == fixed[uj]:
            raise InfeasibleGrouping(
                f"persons {i} and {j} must be kept apart but are both fixed to group {fixed[ui]}",
                constraint="apart",
                shortfall=1.0,
            )
        adj[ui].add(uj)
        adj[uj].add(ui)
    a_ptr = np.zeros(nu + 1, dtype=np.int64)
    a_ptr[1:] = np.cumsum([len(s) for s in adj])
    a_idx = np.array([v for s in adj for v in sorted(s)], dtype=np.int64)

    # -- counting rules ---------------------------------------------------
    rules: list[Rule] = []
    person_rules: list[list[int]] = [[] for _ in range(n)]

    def values_of(name: str, constraint: str) -> Sequence[str | None]:
        if name not in categorical:
            raise ValueError(f"{constraint} names {name!r}, which is not a categorical attribute")
        return categorical[name]

    for spec in c.max_per_category:
        name, value, k = spec
        k = int(k)
        if k < 0:
            raise ValueError(f"max_per_category for {name}={value} needs k >= 0")
        vals = values_of(name, "max_per_category")
        who = [i for i, v in enumerate(vals) if v is not None and str(v) == str(value)]
        if len(who) > k * m:
            raise InfeasibleGrouping(
                f"{_people(len(who))} have {name} = {value}, but {m} groups of at most {k} such "
                f"people hold only {k * m}: {_people(len(who) - k * m)} too many",
                constraint="max_per_category",
                shortfall=float(len(who) - k * m),
            )
        rid = len(rules)
        rules.append(Rule("max_per_category", f"{name}={value}", k, False))
        for i in who:
            person_rules[i].append(rid)

    for name in c.two_or_none:
        vals = values_of(name, "two_or_none")
        by: dict[str, list[int]] = defaultdict(list)
        for i, v in enumerate(vals):
            if v is not None:
                by[str(v)].append(i)
        for value, who in sorted(by.items()):
            if len(who) == 1:
                raise InfeasibleGrouping(
                    f"only one person has {name} = {value}, so that person would be the only one "
                    f"of that {name} in a group: 1 more person with {name} = {value} is needed",
                    constraint="two_or_none",
                    shortfall=1.0,
                )
            rid = len(rules)
            rules.append(Rule("two_or_none", f"{name}={value}", n, True))
            for i in who:
                person_rules[i].append(rid)

    if c.spread is not None:
        if len(c.spread) != n:
            raise ValueError(f"spread needs one label per person ({n}), got {len(c.spread)}")
        by_label: dict[int, list[int]] = defaultdict(list)
        for i, lab in enumerate(c.spread):
            if lab is None or int(lab) < 0:
                continue
            by_label[int(lab)].append(i)
        for lab, who in sorted(by_label.items()):
            cap = math.ceil(len(who) / m)
            if len(who) <= 1:
                continue
            rid = len(rules)
            rules.append(Rule("spread", f"label {lab}", cap, False))
            for i in who:
                person_rules[i].append(rid)

    # per-unit rule counts; also a unit alone may already break a cap
    r_rows: list[dict[int, int]] = [defaultdict(int) for _ in range(nu)]
    for i in range(n):
        for rid in person_rules[i]:
            r_rows[unit_of[i]][rid] += 1
    for u in range(nu):
        for rid, k in r_rows[u].items():
            if k > rules[rid].cap:
                raise InfeasibleGrouping(
                    f"{_people(k)} with {rules[rid].label} must stay together, but at most "
                    f"{rules[rid].cap} may share a group: {_people(k - rules[rid].cap)} too many",
                    constraint=rules[rid].constraint,
                    shortfall=float(k - rules[rid].cap),
                )
    fixed_cnt: dict[tuple[int, int], int] = defaultdict(int)
    for u in range(nu):
        if fixed[u] >= 0:
            for rid, k in r_rows[u].items():
                fixed_cnt[(int(fixed[u]), rid)] += k
    for (g, rid), k in sorted(fixed_cnt.items()):
        if k > rules[rid].cap:
            raise InfeasibleGrouping(
                f"{_people(k)} with {rules[rid].label} are fixed to group {g}, but at most "
                f"{rules[rid].cap} may share a group: {_people(k - rules[rid].cap)} too many",
                constraint=rules[rid].constraint,
                shortfall=float(k - rules[rid].cap),
            )

    r_ptr = np.zeros(nu + 1, dtype=np.int64)
    r_ptr[1:] = np.cumsum([len(r) for r in r_rows])
    r_idx = np.array([rid for r in r_rows for rid in sorted(r)], dtype=np.int64)
    r_cnt = np.array([r[rid] for r in r_rows for rid in sorted(r)], dtype=np.int64)
    # at least one (inert) rule column so the kernels never index an empty array
    r_cap = np.array([r.cap for r in rules] or [n + 1], dtype=np.int64)
    r_two = np.array([1 if r.two else 0 for r in rules] or [0], dtype=np.int64)
    return CompiledProblem(
        n=n,
        m=m,
        lo=lo,
        hi=hi,
        unit_of=unit_of,
        unit_start=unit_start,
        order=order,
        w=w,
        fixed=fixed,
        rules=rules,
        r_ptr=r_ptr,
        r_idx=r_idx,
        r_cnt=r_cnt,
        r_cap=r_cap,
        r_two=r_two,
        a_ptr=a_ptr,
        a_idx=a_idx,
        person_rules=person_rules,
        has_together=bool(nu < n),
    )


def contract(D: np.ndarray, prob: CompiledProblem) -> tuple[np.ndarray, float]:
    """Unit distance matrix (zero diagonal) and the constant within-unit sum."""
    if not prob.has_together:
        return np.ascontiguousarray(D, dtype=np.float64), 0.0
    starts = prob.unit_start[:-1]
    Dp = D[np.ix_(prob.order, prob.order)]
    DU = np.add.reduceat(np.add.reduceat(Dp, starts, axis=0), starts, axis=1)
    const = float(np.trace(DU)) / 2.0
    np.fill_diagonal(DU, 0.0)
    return np.ascontiguousarray(DU, dtype=np.float64), const
