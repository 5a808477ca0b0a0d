"""The demo organization ships a filled-in Recognize phase and a second pilot half-way through it."""

from __future__ import annotations

import datetime as dt

import pytest

from workshift.demo import demo_load
from workshift.pilots.selectors import candidate_ranking, readiness_for


@pytest.mark.django_db
def test_the_demo_pilots_show_a_complete_and_a_partial_recognize_phase() -> None:
    ctx = demo_load(seed=2026, today=dt.date(2026, 11, 23))
    pilot = ctx.data["pilot"]
    assert pilot.status == "running" and pilot.entry_unit.code == "CC-COL"
    assert pilot.catalyst.verdict().verdict == "strong"
    assert (
        pilot.champion.person == ctx.data["cast"]["champion"]
        and pilot.champion.assessment().warnings == []
    )
    ranking = candidate_ranking(pilot=pilot)
    assert (
        len(ranking) >= 3
        and ranking[0].candidate.unit.code == "CC-COL"
        and ranking[0].candidate.is_chosen
    )
    assert any(not r.score.passes_checks for r in ranking)
    frontline = ctx.data["frontline_metrics"]
    names = {m.name: (m.cadence, m.direction) for m in frontline}
    assert names["Promise-to-pay kept rate"] == ("weekly", "up")
    assert names["Repeat delinquency within 60 days"] == ("weekly", "down")
    assert "Hardship plans offered per 100 contacts" in names
    assert all(
        m.parent.level == "operating" and m.parent.parent.name == "Revenue from existing customers"
        for m in frontline
    )
    assert readiness_for(pilot=pilot).ready

    exploring = ctx.data["exploring_pilot"]
    assert exploring.status == "exploring"
    missing = {s.key for s in readiness_for(pilot=exploring).missing}
    assert {"vision", "catalyst", "champion", "entry", "metrics"} <= missing
