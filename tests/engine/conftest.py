import os
from pathlib import Path

import pytest

from tests.shared_data import require_data

REPO = Path(__file__).resolve().parents[2]


def mdgp_dir() -> Path:
    return Path(os.environ.get("WORKSHIFT_MDGP_DIR", REPO.parent / "shared" / "data" / "mdgp"))


@pytest.fixture
def mdgp_instances() -> Path:
    return require_data(
        mdgp_dir() / "instances", what="MDGP benchmark data", hint="set WORKSHIFT_MDGP_DIR"
    )
