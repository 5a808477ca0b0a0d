"""The power shift: weekly frontline share of decisions, rights outside and handed down, by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from workshift.engine.decisions import (
    DecisionEvent,
    RightChange,
    frontline_share,
    frontline_share_by_group,
    handed_down,
    is_outside_right,
    overall_share,
    week_start,
)

D = dt.date


def test_week_starts_on_monday() -> None:
    assert week_start(D(2026, 1, 11)) == D(2026, 1, 5)  # a Sunday
    assert week_start(D(2026, 1, 5)) == D(2026, 1, 5)


def test_frontline_share_per_week_worked_by_hand() -> None:
    # given: week of 5 Jan: alone + escalate; week of 12 Jan: nothing;
    # week of 19 Jan: consult + propose + alone (on the Sunday)
    decisions = [
        DecisionEvent(on=D(2026, 1, 5), mode="alone"),
        DecisionEvent(on=D(2026, 1, 6), mode="escalate"),
        DecisionEvent(on=D(2026, 1, 19), mode="consult"),
        DecisionEvent(on=D(2026, 1, 21), mode="propose"),
        DecisionEvent(on=D(2026, 1, 25), mode="alone"),
    ]
    # when
    weeks = frontline_share(decisions=decisions)
    # then
    assert [(w.week, w.frontline, w.upward) for w in weeks] == [
        (D(2026, 1, 5), 1, 1),
        (D(2026, 1, 12), 0, 0),
        (D(2026, 1, 19), 2, 1),
    ]
    assert [w.share for w in weeks] == [0.5, None, pytest.approx(2 / 3)]
    assert overall_share(decisions=decisions) == pytest.approx(3 / 5)


def test_frontline_share_by_group_covers_the_same_weeks() -> None:
    decisions = [
        DecisionEvent(on=D(2026, 1, 5), mode="propose", group="a"),
        DecisionEvent(on=D(2026, 1, 13), mode="alone", group="b"),
        DecisionEvent(on=D(2026, 1, 14), mode="consult", group="a"),
    ]
    by_group = frontline_share_by_group(decisions=decisions)
    assert [(w.week, w.share) for w in by_group["a"]] == [
        (D(2026, 1, 5), 0.0),
        (D(2026, 1, 12), 1.0),
    ]
    assert [(w.week, w.share) for w in by_group["b"]] == [
        (D(2026, 1, 5), None),
        (D(2026, 1, 12), 1.0),
    ]


def test_an_unknown_mode_is_named() -> None:
    with pytest.raises(ValueError, match="'vote'"):
        frontline_share(decisions=[DecisionEvent(on=D(2026, 1, 5), mode="vote")])


def test_a_decision_more_autonomous_than_its_right_is_outside_it() -> None:
    assert is_outside_right(held="propose", taken="alone")
    assert is_outside_right(held="escalate", taken="propose")
    assert not is_outside_right(held="consult", taken="consult")
    assert not is_outside_right(held="alone", taken="escalate")


def test_rights_moving_toward_the_frontline_are_milestones() -> None:
    changes = [
        RightChange(right="spend", on=D(2026, 2, 1), before="propose", after="alone"),
        RightChange(right="script", on=D(2026, 1, 20), before="escalate", after="consult"),
        RightChange(right="order", on=D(2026, 1, 10), before="alone", after="propose"),
        RightChange(right="new", on=D(2026, 1, 5), before=None, after="alone"),
    ]
    assert [c.right for c in handed_down(changes=changes)] == ["script", "spend"]
