"""The pure capacity functions: freed shares, loads, and consolidation that never overloads anyone."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from workshift.engine.capacity import TaskShare, capacity_report, consolidation_plan


def test_it_adds_up_freed_time_and_receivers_load() -> None:
    tasks = [
        TaskShare(task=1, participant="ana", share=50, receiver="rui"),
        TaskShare(task=2, participant="ana", share=30),
        TaskShare(task=3, participant="ben", share=40, receiver="rui"),
    ]
    report = capacity_report(participants=["ana", "ben"], tasks=tasks, baseline_load={"rui": 20})
    assert report.freed == {"ana": 80, "ben": 40}
    assert report.load["rui"] == 110
    assert report.below_target == ["ben"]
    assert report.overloaded == ["rui"]


def test_it_counts_work_received_by_a_participant_against_their_freed_time() -> None:
    tasks = [
        TaskShare(task=1, participant="ana", share=80),
        TaskShare(task=2, participant="ben", share=90, receiver="ana"),
    ]
    report = capacity_report(participants=["ana", "ben"], tasks=tasks, baseline_load={})
    assert report.freed["ana"] == -10
    assert "ana" in report.below_target


def test_it_suggests_moving_thin_slices_onto_fewer_receivers() -> None:
    # given three colleagues each taking one small task
    tasks = [TaskShare(task=i, participant=f"p{i}", share=10, receiver=f"r{i}") for i in range(3)]
    plan = consolidation_plan(tasks=tasks, baseline_load={"r0": 50, "r1": 50, "r2": 50})
    # then all the work lands on one of them, within 100%
    assert plan.receivers_before == 3
    assert plan.receivers_after == 1
    assert max(plan.load_after.values()) <= 100


def test_it_relieves_an_overloaded_receiver_when_someone_has_room() -> None:
    tasks = [
        TaskShare(task="a", participant="p", share=30, receiver="busy"),
        TaskShare(task="b", participant="q", share=10, receiver="free"),
    ]
    plan = consolidation_plan(tasks=tasks, baseline_load={"busy": 90, "free": 20})
    assert any(m.task == "a" and m.to_receiver == "free" for m in plan.moves)
    assert all(v <= 100 for v in plan.load_after.values())


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(st.integers(1, 40), st.integers(0, 5)), min_size=1, max_size=15),
    st.lists(st.integers(0, 80), min_size=6, max_size=6),
)
def test_it_never_suggests_a_plan_that_overloads_anyone_or_adds_receivers(specs, baselines) -> None:
    tasks = [
        TaskShare(task=i, participant=f"p{i}", share=s, receiver=f"r{r}")
        for i, (s, r) in enumerate(specs)
    ]
    base = {f"r{i}": b for i, b in enumerate(baselines)}
    before = capacity_report(participants=[], tasks=tasks, baseline_load=base)
    plan = consolidation_plan(tasks=tasks, baseline_load=base)
    moved = {m.task: m.to_receiver for m in plan.moves}
    after_tasks = [
        TaskShare(
            task=t.task,
            participant=t.participant,
            share=t.share,
            receiver=moved.get(t.task, t.receiver),
        )
        for t in tasks
    ]
    after = capacity_report(participants=[], tasks=after_tasks, baseline_load=base)
    assert plan.receivers_after <= plan.receivers_before
    # nobody who was within 100% is pushed above it, and the overloaded are no worse off
    for r, load in after.load.items():
        assert load <= max(100, before.load.get(r, 0)) + 1e-9
