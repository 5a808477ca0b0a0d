import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def mdgp_dir() -> Path:
    return Path(os.environ.get("WORKSHIFT_MDGP_DIR", REPO.parent / "shared" / "data" / "mdgp"))


@pytest.fixture
def mdgp_instances() -> Path:
    path = mdgp_dir() / "instances"
    if not path.is_dir():
        pytest.skip(f"MDGP benchmark data not found at {path} (set WORKSHIFT_MDGP_DIR)")
    return path
