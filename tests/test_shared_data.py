"""Missing benchmark data skips a test on a developer's machine and fails it in CI."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.shared_data import require_data


def test_missing_data_skips_outside_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="MDGP benchmark data not found"):
        require_data(tmp_path / "absent", what="MDGP benchmark data", hint="set WORKSHIFT_MDGP_DIR")


def test_missing_data_fails_in_ci(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "1")
    with pytest.raises(pytest.fail.Exception, match="CI must provide it"):
        require_data(tmp_path / "absent", what="MDGP benchmark data", hint="set WORKSHIFT_MDGP_DIR")


def test_present_data_is_handed_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "1")
    assert require_data(tmp_path, what="a folder", hint="") == tmp_path
