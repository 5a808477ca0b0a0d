"""The formation settings: one typed value, stored as JSON and read back the same."""

from __future__ import annotations

import dataclasses

import pytest

from workshift.conditions.formation_settings import FormationSettings


def test_settings_survive_the_round_trip_through_the_runs_json() -> None:
    settings = FormationSettings(
        people=(3, 1, 2),
        groups=2,
        min_size=3,
        max_size=4,
        weights={"tenure": 1.0},
        coaches=(7, 8),
        together=((1, 2),),
        apart=((2, 3),),
        locked={3: 1},
        two_or_none=("unit",),
        names=("North", "South"),
        seconds=0.5,
        seed=9,
        text={"names": "North\nSouth"},
    )
    stored = settings.to_json()
    assert stored["locked"] == {"3": 1}  # JSON object keys are strings
    assert FormationSettings.from_json(stored) == settings


def test_settings_stored_without_the_optional_keys_take_the_defaults() -> None:
    settings = FormationSettings.from_json(
        {"people": [1, 2], "groups": 1, "min_size": 2, "max_size": 2}
    )
    assert settings.seconds == 2.0 and settings.seed == 0
    assert settings.locked == {} and settings.together == () and settings.names == ()


def test_settings_cannot_be_changed_in_place() -> None:
    settings = FormationSettings(people=(1,), groups=1, min_size=1, max_size=1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.groups = 2  # type: ignore[misc]
    assert settings.replace(groups=2).groups == 2 and settings.groups == 1
