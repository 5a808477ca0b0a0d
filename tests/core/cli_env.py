"""Run the real `workshift` command in a subprocess with a chosen environment."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

WORKSHIFT = str(Path(sys.executable).with_name("workshift"))
MODE_VARIABLES = (
    "WORKSHIFT_DEBUG",
    "WORKSHIFT_DEMO",
    "WORKSHIFT_TESTING",
    "SECRET_KEY",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
)
PRODUCTION_KEY = "k3y-" + "x7Qp2vLm9RtZ4bNc8WdYh6Jf" * 3


def production_env(data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a production process: no debug, demo or test mode, SQLite in data_dir."""
    env = {k: v for k, v in os.environ.items() if k not in MODE_VARIABLES}
    env.pop("PYTEST_CURRENT_TEST", None)
    env["WORKSHIFT_DATA_DIR"] = str(data_dir)
    env["DATABASE_URL"] = ""
    env.update(extra)
    return env


def run_workshift(
    *args: str, env: dict[str, str], cwd: Path | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [WORKSHIFT, *args],
        env=env,
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
