"""Playbooks: for each role and stage of a pilot, an ordered list of steps, and how far a pilot is.

A step is done when the pilot's data shows it (its `check` is true in `facts`)
or when someone ticked it by hand. Steps run stage by stage (Recognize,
Create, Act, Scale) and, within a stage, in their position order; a role's
*next step* is its first step not done.

Pure computation: no Django, no database.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

STAGES: tuple[str, ...] = ("recognize", "create", "act", "scale")
ROLES: tuple[str, ...] = ("lead", "champion", "coach", "member", "manager")

FROM_DATA = "data"
BY_HAND = "hand"


@dataclass(frozen=True)
class StepSpec:
    key: str
    role: str
    stage: str
    position: int
    title: str
    check: str = ""


@dataclass(frozen=True)
class StepState:
    spec: StepSpec
    done: bool
    source: str  # FROM_DATA, BY_HAND or "" when not done


@dataclass
class Progress:
    steps: list[StepState] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(1 for s in self.steps if s.done)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def next_step(self) -> StepState | None:
        return next((s for s in self.steps if not s.done), None)

    def by_stage(self) -> list[tuple[str, list[StepState]]]:
        return [(stage, [s for s in self.steps if s.spec.stage == stage]) for stage in STAGES]


def step_order(spec: StepSpec) -> tuple[int, int, str]:
    if spec.stage not in STAGES:
        raise ValueError(f"unknown stage {spec.stage!r}; expected one of {', '.join(STAGES)}")
    return (STAGES.index(spec.stage), spec.position, spec.key)


def playbook_progress(
    *,
    steps: Sequence[StepSpec],
    facts: Mapping[str, bool],
    ticked: Collection[str],
    role: str | None = None,
) -> Progress:
    """Each step's state, in order; only `role`'s steps when a role is given.

    The pilot's data wins over a hand tick: a step whose check is true shows as
    done from the data even if it was also ticked.
    """
    if role is not None and role not in ROLES:
        raise ValueError(f"unknown role {role!r}; expected one of {', '.join(ROLES)}")
    chosen = [s for s in steps if role is None or s.role == role]
    states = []
    for spec in sorted(chosen, key=step_order):
        if spec.check and facts.get(spec.check, False):
            states.append(StepState(spec=spec, done=True, source=FROM_DATA))
        elif spec.key in ticked:
            states.append(StepState(spec=spec, done=True, source=BY_HAND))
        else:
            states.append(StepState(spec=spec, done=False, source=""))
    return Progress(steps=states)


def moved(*, keys: Sequence[str], key: str, offset: int) -> list[str]:
    """`keys` with `key` moved `offset` places (clamped at both ends); ValueError if it is missing."""
    if key not in keys:
        raise ValueError(f"no step {key!r} to move")
    order = list(keys)
    index = order.index(key)
    order.pop(index)
    target = max(0, min(len(order), index + offset))
    order.insert(target, key)
    return order
