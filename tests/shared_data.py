"""Tests that read the shared benchmark and sample data skip without it, except in CI.

Set `CI` (`.ci/run` does) and a missing file fails the test instead, so a CI machine
without the data cannot pass by skipping.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest


def require_data(path: Path, *, what: str, hint: str) -> Path:
    """`path` if it exists; otherwise skip (or, when CI is set, fail) saying what is missing."""
    if path.exists():
        return path
    message = f"{what} not found at {path} ({hint})"
    if os.environ.get("CI"):
        pytest.fail(f"{message}; CI must provide it", pytrace=False)
    pytest.skip(message)
