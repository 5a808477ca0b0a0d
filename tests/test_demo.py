"""The demo organization loads and every printed login works."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from tests.core.cli_env import production_env
from workshift.accounts.demo import DEMO_LOGINS, DEMO_PASSWORD
from workshift.demo import demo_is_loaded, demo_load


@pytest.mark.django_db
def test_the_demo_loads_a_realistic_organization_and_every_login_works() -> None:
    from workshift.people.models import OrgUnit, Person
    from workshift.pilots.models import Pilot

    # given an empty database
    assert not demo_is_loaded()
    # when the demo loads
    demo_load(seed=2026, today=dt.date(2026, 11, 23))
    # then it holds a firm of about 2,000 people with units, managers and attributes
    assert 1700 <= Person.objects.count() <= 2300
    assert OrgUnit.objects.filter(parent__isnull=True).count() == 1
    assert Person.objects.filter(manager__isnull=True).count() == 1
    assert Pilot.objects.exists()
    assert demo_is_loaded()
    for _role, username in DEMO_LOGINS:
        client = Client()
        response = client.post(reverse("login"), {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        assert client.get(reverse("home")).status_code == 200


def _fingerprint() -> list[tuple]:
    from workshift.people.models import Person

    return list(
        Person.objects.order_by("employee_id").values_list(
            "employee_id",
            "first_name",
            "last_name",
            "job_title",
            "unit__code",
            "manager__employee_id",
            "attributes",
        )
    )


@pytest.mark.django_db(transaction=True)
def test_the_demo_is_the_same_for_the_same_seed() -> None:
    from django.core.management import call_command

    # given a first load
    demo_load(seed=7, today=dt.date(2026, 11, 23))
    first = _fingerprint()
    # when the database is emptied and the demo loaded again with the same seed
    call_command("flush", interactive=False, verbosity=0)
    demo_load(seed=7, today=dt.date(2026, 11, 23))
    # then every person, title, unit and manager is the same
    assert _fingerprint() == first


# `workshift` with every RuntimeWarning an error (a naive datetime saved, a numeric warning from
# numpy...) and every DeprecationWarning raised from our own code an error too
STRICT_WORKSHIFT = r"""
import sys, warnings
warnings.simplefilter("error", RuntimeWarning)
warnings.filterwarnings("error", category=DeprecationWarning, module=r"workshift(\.|$)")
from workshift.cli import main
sys.exit(main(sys.argv[1:]))
"""


def run_strict_workshift(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", STRICT_WORKSHIFT, *args],
        env=production_env(data_dir),
        cwd=data_dir.parent,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.fixture(scope="module")
def demo_run(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, subprocess.CompletedProcess[str]]:
    """`workshift demo --no-serve` the way `make demo` runs it, into a new SQLite file."""
    data_dir = tmp_path_factory.mktemp("demo") / "data"
    return data_dir, run_strict_workshift("demo", "--no-serve", data_dir=data_dir)


@pytest.mark.slow
def test_the_demo_loads_without_a_runtime_or_deprecation_warning(demo_run) -> None:
    _data_dir, result = demo_run
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Warning" not in result.stderr, result.stderr[-3000:]


@pytest.mark.slow
def test_the_demo_prints_one_line_about_its_mail_and_then_the_logins(demo_run) -> None:
    data_dir, result = demo_run
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    # no e-mail in the terminal
    for header in ("Subject:", "Content-Type:", "MIME-Version:", "To:", "-" * 79):
        assert header not in out
    # one summary line, with the folder the e-mails are in
    mail_dir = data_dir.resolve() / "demo-mail"
    summary = [line for line in out.splitlines() if "demo e-mails written to" in line]
    assert len(summary) == 1, out
    count = int(summary[0].split()[0].replace(",", ""))
    assert summary[0] == f"{count:,} demo e-mails written to {mail_dir}"
    written = "".join(p.read_text(encoding="utf-8") for p in mail_dir.glob("*.log"))
    assert count > 10 and written.count("\n" + "-" * 79 + "\n") == count
    assert written.count("Subject: ") == count
    # then the logins
    assert out.index("demo e-mails written to") < out.index("workshift-demo")
    for _role, username in DEMO_LOGINS:
        assert f" {username} " in out


@pytest.mark.slow
@pytest.mark.parametrize("tzinfo", ["", ", tzinfo=dt.UTC"], ids=["naive", "aware"])
def test_the_strict_run_fails_on_a_naive_datetime_a_model_saves(tmp_path, tzinfo) -> None:
    # the same mechanism as the demo's check, on a model save given a naive or an aware datetime
    save = (
        "from django.core.management import call_command; "
        "call_command('migrate', 'sessions', verbosity=0); "
        "import datetime as dt; from django.contrib.sessions.models import Session; "
        f"Session(session_key='k', session_data='', expire_date=dt.datetime(2030, 1, 1{tzinfo})).save()"
    )
    result = run_strict_workshift("manage", "shell", "-c", save, data_dir=tmp_path / "data")
    if tzinfo:
        assert result.returncode == 0, result.stderr[-3000:]
    else:
        assert result.returncode != 0
        assert "RuntimeWarning" in result.stderr and "naive datetime" in result.stderr
