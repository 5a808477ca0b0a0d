"""The grouping benchmark's ``--tuning`` option names only parameters the search has."""

import pytest

from bench.bench_grouping import parse_tuning
from workshift.engine.grouping_memetic import TUNING


def test_known_parameters_are_taken_as_given() -> None:
    assert parse_tuning('{"tenure_min": 0.02, "tenure_span": 0.08}') == {
        "tenure_min": 0.02,
        "tenure_span": 0.08,
    }
    assert parse_tuning("") == {}
    assert set(parse_tuning('{"population": 4}')) <= set(TUNING)


def test_an_unknown_parameter_is_refused_by_name() -> None:
    with pytest.raises(SystemExit, match="unknown parameter.*tenur;.*known: population"):
        parse_tuning('{"tenur": 0.02}')


def test_anything_but_an_object_is_refused() -> None:
    with pytest.raises(SystemExit, match="takes a JSON object"):
        parse_tuning("[0.02]")
