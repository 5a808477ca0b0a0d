"""Production settings, the secret-key file and one-line configuration errors, through the real CLI."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.core.cli_env import PRODUCTION_KEY, production_env, run_workshift

PRINT_KEY = [
    "manage",
    "shell",
    "--no-imports",
    "-c",
    "from django.conf import settings; print(settings.SECRET_KEY)",
]


def test_production_settings_pass_the_deploy_check_without_a_warning(tmp_path: Path) -> None:
    # given production settings behind a proxy that ends TLS
    env = production_env(
        tmp_path, SECRET_KEY=PRODUCTION_KEY, SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto=https"
    )
    # when Django's deploy check runs
    result = run_workshift("manage", "check", "--deploy", "--fail-level", "WARNING", env=env)
    # then it finds nothing at all
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNING" not in (result.stdout + result.stderr).upper()


def test_production_settings_turn_on_https_and_the_content_security_policy(tmp_path: Path) -> None:
    env = production_env(
        tmp_path, SECRET_KEY=PRODUCTION_KEY, SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto=https"
    )
    code = (
        "from django.conf import settings as s; "
        "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)"
    )
    result = run_workshift("manage", "shell", "--no-imports", "-c", code, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ("True True True 31536000 ('HTTP_X_FORWARDED_PROTO', 'https')")


def test_demo_and_debug_modes_stay_on_plain_http(tmp_path: Path) -> None:
    code = "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS)"
    for mode in ("WORKSHIFT_DEMO", "WORKSHIFT_DEBUG"):
        result = run_workshift(
            "manage",
            "shell",
            "--no-imports",
            "-c",
            code,
            env=production_env(tmp_path, **{mode: "1"}),
        )
        assert result.returncode == 0, result.stderr
        assert result.stdout.strip() == "False False 0", mode
    assert not (tmp_path / "secret_key").exists()


def test_without_secret_key_the_first_start_writes_a_private_key_file_that_later_starts_read(
    tmp_path: Path,
) -> None:
    env = production_env(tmp_path)
    # when a first and a second process start without SECRET_KEY
    first = run_workshift(*PRINT_KEY, env=env)
    second = run_workshift(*PRINT_KEY, env=env)
    # then both use the key written to the data folder, readable by its owner only
    assert first.returncode == 0, first.stderr
    key_file = tmp_path / "secret_key"
    key = key_file.read_text().strip()
    assert len(key) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert first.stdout.strip() == key
    assert second.stdout.strip() == key


def _assert_one_line_error(result: object, *fragments: str) -> None:
    stderr = result.stderr  # type: ignore[attr-defined]
    assert result.returncode == 2, stderr  # type: ignore[attr-defined]
    assert "Traceback" not in stderr
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith("workshift: configuration error: ")
    for fragment in fragments:
        assert fragment in lines[0]


@pytest.mark.parametrize(
    ("variable", "value", "fragment"),
    [
        ("WORKSHIFT_DEBUG", "maybe", "WORKSHIFT_DEBUG='maybe' is not a boolean"),
        (
            "WORKSHIFT_PULSE_MIN_GROUP",
            "two",
            "WORKSHIFT_PULSE_MIN_GROUP='two' is not a whole number",
        ),
        ("WORKSHIFT_PULSE_MIN_GROUP", "2", "below the minimum of 3"),
        ("SECURE_PROXY_SSL_HEADER", "https", "write it as X-Forwarded-Proto=https"),
        ("DATABASE_URL", "nosuchdb://x", "DATABASE_URL='nosuchdb://x' cannot be read"),
    ],
)
def test_a_bad_environment_value_prints_one_line_and_exits_2(
    tmp_path: Path, variable: str, value: str, fragment: str
) -> None:
    env = production_env(tmp_path, SECRET_KEY=PRODUCTION_KEY, **{variable: value})
    result = run_workshift("export", "people", str(tmp_path / "people.csv"), env=env)
    _assert_one_line_error(result, fragment)
    assert not (tmp_path / "people.csv").exists()


def test_an_unreadable_key_file_prints_one_line_and_exits_2(tmp_path: Path) -> None:
    # given a key "file" that is a folder (unreadable whoever runs the test, root included)
    (tmp_path / "secret_key").mkdir()
    result = run_workshift(*PRINT_KEY, env=production_env(tmp_path))
    _assert_one_line_error(result, "secret key file", "cannot be read")


def test_a_key_file_that_others_can_read_is_refused(tmp_path: Path) -> None:
    key_file = tmp_path / "secret_key"
    key_file.write_text("z" * 80)
    key_file.chmod(0o644)
    result = run_workshift(*PRINT_KEY, env=production_env(tmp_path))
    _assert_one_line_error(result, "readable by other users", "chmod 600")


def test_a_database_without_tables_is_one_line_too(tmp_path: Path) -> None:
    result = run_workshift(
        "export", "people", str(tmp_path / "people.csv"), env=production_env(tmp_path)
    )
    _assert_one_line_error(result, "workshift manage migrate")


@pytest.mark.slow
def test_after_the_demo_the_people_export_works_without_a_secret_key(tmp_path: Path) -> None:
    # given the demo loaded the way `make demo` does (demo mode on for that command only)
    demo = run_workshift(
        "demo", "--no-serve", env=production_env(tmp_path / "data"), cwd=tmp_path, timeout=900
    )
    assert demo.returncode == 0, demo.stderr[-2000:]
    # when a newcomer exports people from the same folder, with no SECRET_KEY and no demo mode
    env = production_env(tmp_path / "data")
    result = run_workshift("export", "people", "f.csv", env=env, cwd=tmp_path)
    # then it works and the key was written once to the data folder
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Exported ")
    lines = (tmp_path / "f.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("employee_id,first_name,last_name")
    assert len(lines) > 1000
    assert stat.S_IMODE((tmp_path / "data" / "secret_key").stat().st_mode) == 0o600
