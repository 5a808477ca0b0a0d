"""Playbook progress: data wins over hand ticks, stage order, the next step, moving a step."""

from __future__ import annotations

import pytest

from workshift.engine.playbook import BY_HAND, FROM_DATA, StepSpec, moved, playbook_progress


def _steps() -> list[StepSpec]:
    return [
        StepSpec(key="act-1", role="coach", stage="act", position=10, title="A1", check="refl"),
        StepSpec(key="create-2", role="coach", stage="create", position=20, title="C2"),
        StepSpec(
            key="create-1", role="coach", stage="create", position=10, title="C1", check="exp"
        ),
        StepSpec(key="lead-1", role="lead", stage="recognize", position=10, title="L1"),
    ]


def test_steps_run_stage_by_stage_and_the_next_step_is_the_first_not_done() -> None:
    progress = playbook_progress(
        steps=_steps(), facts={"exp": True, "refl": False}, ticked={"act-1"}, role="coach"
    )
    assert [s.spec.key for s in progress.steps] == ["create-1", "create-2", "act-1"]
    assert [(s.done, s.source) for s in progress.steps] == [
        (True, FROM_DATA),
        (False, ""),
        (True, BY_HAND),
    ]
    assert progress.next_step is not None and progress.next_step.spec.key == "create-2"
    assert (progress.done, progress.total) == (2, 3)


def test_the_data_wins_over_a_hand_tick() -> None:
    progress = playbook_progress(steps=_steps(), facts={"exp": True}, ticked={"create-1"})
    first = next(s for s in progress.steps if s.spec.key == "create-1")
    assert first.source == FROM_DATA


def test_an_unknown_role_or_stage_is_named() -> None:
    with pytest.raises(ValueError, match="'boss'"):
        playbook_progress(steps=_steps(), facts={}, ticked=set(), role="boss")
    bad = [StepSpec(key="x", role="lead", stage="later", position=1, title="X")]
    with pytest.raises(ValueError, match="'later'"):
        playbook_progress(steps=bad, facts={}, ticked=set())


def test_moving_a_step_clamps_at_both_ends() -> None:
    assert moved(keys=["a", "b", "c"], key="c", offset=-1) == ["a", "c", "b"]
    assert moved(keys=["a", "b", "c"], key="a", offset=-1) == ["a", "b", "c"]
    assert moved(keys=["a", "b", "c"], key="a", offset=5) == ["b", "c", "a"]
    with pytest.raises(ValueError, match="'z'"):
        moved(keys=["a"], key="z", offset=1)
