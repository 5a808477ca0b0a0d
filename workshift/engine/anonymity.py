"""Which groups' pulse results may be shown without exposing anyone.

A group's answers are shown only when it has at least `min_size` respondents,
and never together with other shown groups when a reader could combine the
shown aggregates (add and subtract them) to isolate fewer than `min_size`
people. The classic case: a pilot-wide result of 8 respondents and a
workgroup result of 7 of them; subtracting gives the answers of 1 person.

The check is exact for sums and means. People are split into *atoms*: the
cells of the Venn diagram of the shown groups (everyone with the same
membership pattern). Every aggregate a reader can derive is a linear
combination of the shown groups, i.e. a vector over atoms in the row space of
the group-by-atom incidence matrix M. A combination that is zero outside a set
of atoms S and non-zero on S exists exactly when rank(M) > rank(M without the
columns of S). So a set of groups is safe when no set S of atoms holding
between 1 and min_size - 1 people passes that test.

Groups are considered in the caller's priority order (the pilot-wide group
first, then the larger groups); a group that would make the shown set unsafe
is suppressed and the next one is tried.
"""

from __future__ import annotations

import itertools
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

ABSOLUTE_MIN_GROUP = 3


@dataclass(frozen=True)
class GroupDecision:
    """Which groups may be shown, and in words why each other one is not."""

    shown: tuple[Hashable, ...]
    suppressed: dict[Hashable, str] = field(default_factory=dict)

    def is_shown(self, key: Hashable) -> bool:
        return key in self.shown


def _atoms(groups: Sequence[frozenset[Hashable]]) -> tuple[np.ndarray, np.ndarray]:
    """The incidence matrix (groups x atoms) and the number of people in each atom."""
    signature: dict[Hashable, tuple[int, ...]] = {}
    for index, members in enumerate(groups):
        for person in members:
            signature[person] = (*signature.get(person, ()), index)
    counts: dict[tuple[int, ...], int] = {}
    for pattern in signature.values():
        counts[pattern] = counts.get(pattern, 0) + 1
    patterns = sorted(counts)
    matrix = np.zeros((len(groups), len(patterns)), dtype=float)
    for column, pattern in enumerate(patterns):
        matrix[list(pattern), column] = 1.0
    return matrix, np.array([counts[p] for p in patterns], dtype=np.int64)


def _null_space(matrix: np.ndarray) -> np.ndarray:
    """An orthonormal basis (atoms x d) of the vectors x with matrix @ x = 0."""
    _, singular, vt = np.linalg.svd(matrix)
    tolerance = max(matrix.shape) * np.finfo(float).eps * (singular[0] if singular.size else 1.0)
    rank = int((singular > tolerance).sum())
    return vt[rank:].T


def smallest_derivable_group(*, groups: Sequence[frozenset[Hashable]], min_size: int) -> int | None:
    """The size of the smallest non-empty set of people whose total a reader can derive, if below `min_size`.

    A derivable aggregate supported on the atoms S exists when the rows of the
    null-space basis indexed by S are linearly dependent (their Gram matrix is
    singular). Returns None when every derivable set holds at least `min_size` people.
    """
    if not groups:
        return None
    matrix, sizes = _atoms(groups)
    null = _null_space(matrix)
    small = np.flatnonzero(sizes < min_size)
    best: int | None = None
    for count in range(1, min_size):
        if small.size < count:
            break
        combos = np.array(list(itertools.combinations(small.tolist(), count)), dtype=np.int64)
        people = sizes[combos].sum(axis=1)
        combos, people = combos[people < min_size], people[people < min_size]
        if combos.size == 0:
            continue
        if null.shape[1] == 0:
            leaking = np.ones(len(combos), dtype=bool)
        else:
            rows = null[combos]  # (n, count, d)
            gram = rows @ np.swapaxes(rows, 1, 2)
            leaking = np.abs(np.linalg.det(gram)) < 1e-9
        if leaking.any():
            found = int(people[leaking].min())
            best = found if best is None else min(best, found)
    return best


def groups_to_show(
    *,
    groups: Mapping[Hashable, frozenset[Hashable]] | Sequence[tuple[Hashable, frozenset[Hashable]]],
    min_size: int,
) -> GroupDecision:
    """Decide which groups' results may be shown.

    `groups` maps a key to the set of respondents in that group, in priority
    order (earlier groups are kept when two conflict). `min_size` is raised to
    ABSOLUTE_MIN_GROUP if set lower.
    """
    k = max(int(min_size), ABSOLUTE_MIN_GROUP)
    items = list(groups.items()) if isinstance(groups, Mapping) else list(groups)
    shown: list[Hashable] = []
    shown_sets: list[frozenset[Hashable]] = []
    suppressed: dict[Hashable, str] = {}
    for key, members in items:
        members = frozenset(members)
        if len(members) < k:
            suppressed[key] = f"fewer than {k} respondents"
            continue
        leak = smallest_derivable_group(groups=[*shown_sets, members], min_size=k)
        if leak is not None:
            suppressed[key] = (
                f"shown with the other results, it would reveal the answers of fewer than {k} people"
            )
            continue
        shown.append(key)
        shown_sets.append(members)
    return GroupDecision(shown=tuple(shown), suppressed=suppressed)
