"""Site-wide safety nets: migrations, settings, pages for every role, audit, concurrency."""

from __future__ import annotations

import io
import os

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.urls import reverse

from tests.conftest import PASSWORD, ROLE_USERNAMES

ALL_ROLES = [*ROLE_USERNAMES, "anonymous"]


@pytest.mark.django_db
def test_it_has_no_pending_migrations() -> None:
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out, stderr=out)


ARGUMENT_FREE_PAGES = [
    "home",
    "pilots:list",
    "people:list",
    "people:units",
    "core:audit",
    "password_change",
]
PAGE_ACCESS = {
    "home": set(ROLE_USERNAMES),
    "pilots:list": set(ROLE_USERNAMES),
    "people:list": {"administrator", "lead", "champion", "manager"},
    "people:units": {"administrator", "lead", "champion", "manager"},
    "core:audit": {"administrator"},
    "password_change": set(ROLE_USERNAMES),
}
# A page without an object to hide refuses the roles it is not for with 403 Forbidden.
REFUSED_STATUS = 403


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("name", ARGUMENT_FREE_PAGES)
def test_every_argument_free_page_answers_each_role_as_intended(
    client_for, pilot, role: str, name: str
) -> None:
    response = client_for(role).get(reverse(name))
    if role == "anonymous":
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    elif role in PAGE_ACCESS[name]:
        assert response.status_code == 200
    else:
        assert response.status_code == REFUSED_STATUS


def test_the_login_page_renders_for_anonymous(client, db) -> None:
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"Log in" in response.content


def test_it_locks_a_username_after_repeated_failures(client, users, settings) -> None:
    # given five failed attempts
    for _ in range(settings.LOGIN_THROTTLE_ATTEMPTS):
        client.post(reverse("login"), {"username": "max", "password": "wrong"})
    # when the right password comes next
    response = client.post(reverse("login"), {"username": "max", "password": PASSWORD})
    # then the login is still refused, with the reason
    assert response.status_code == 200
    assert b"Too many failed attempts" in response.content
    assert "_auth_user_id" not in client.session


def test_a_correct_login_works_and_clears_failures(client, users) -> None:
    client.post(reverse("login"), {"username": "max", "password": "wrong"})
    response = client.post(reverse("login"), {"username": "max", "password": PASSWORD})
    assert response.status_code == 302
    from workshift.accounts.models import LoginAttempt

    assert not LoginAttempt.objects.filter(username="max").exists()


def test_password_reset_sends_a_mail(client, users, mailoutbox) -> None:
    users["member"].email = "max@example.com"
    users["member"].save()
    response = client.post(reverse("password_reset"), {"email": "max@example.com"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and "/accounts/password/reset/" in mailoutbox[0].body


def test_logout_requires_post(client_for) -> None:
    assert client_for("member").get(reverse("logout")).status_code == 405


def test_changes_are_audited_with_their_actor(users, org) -> None:
    from workshift.core.audit import acting_as
    from workshift.core.models import AuditEntry

    person = org["people"]["member"]
    with acting_as(users["lead"]):
        person.job_title = "Senior Collections Specialist"
        person.save()
    entry = AuditEntry.objects.filter(
        model="people.Person", object_id=str(person.pk), action="update"
    ).first()
    assert entry.actor == users["lead"]
    assert entry.changes["job_title"] == ["Collections Specialist", "Senior Collections Specialist"]


def test_a_stale_edit_is_refused_and_nothing_is_overwritten(org) -> None:
    from workshift.core.concurrency import EditConflict, save_versioned
    from workshift.people.models import Person

    first = Person.objects.get(pk=org["people"]["member"].pk)
    second = Person.objects.get(pk=org["people"]["member"].pk)
    first.job_title = "First edit"
    save_versioned(instance=first, expected_version=first.version)
    second.job_title = "Second edit"
    with pytest.raises(EditConflict):
        save_versioned(instance=second, expected_version=second.version)
    assert Person.objects.get(pk=first.pk).job_title == "First edit"


def test_settings_refuse_a_malformed_boolean(monkeypatch) -> None:
    from workshift.config import env_bool

    monkeypatch.setenv("WORKSHIFT_DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="not a boolean"):
        env_bool("WORKSHIFT_DEBUG")


def test_settings_refuse_a_pulse_minimum_below_three(monkeypatch) -> None:
    from workshift.config import env_int

    monkeypatch.setenv("WORKSHIFT_PULSE_MIN_GROUP", "2")
    with pytest.raises(ImproperlyConfigured, match="below the minimum of 3"):
        env_int("WORKSHIFT_PULSE_MIN_GROUP", 5, minimum=3)


def test_production_without_a_secret_key_keeps_one_in_the_data_folder(tmp_path) -> None:
    import stat
    import subprocess
    import sys

    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("SECRET_KEY", "WORKSHIFT_DEBUG", "WORKSHIFT_DEMO", "WORKSHIFT_TESTING")
    }
    env["WORKSHIFT_DATA_DIR"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-c", "import workshift.settings as s; print(s.SECRET_KEY)"],
        env=env,
        capture_output=True,
        text=True,
        cwd=os.getcwd(),
    )
    assert result.returncode == 0, result.stderr
    key_file = tmp_path / "secret_key"
    assert result.stdout.strip() == key_file.read_text().strip()
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_database_url_accepts_postgres_and_sqlite_forms() -> None:
    import dj_database_url

    assert dj_database_url.parse("postgres://postgres@127.0.0.1:5432/x")["ENGINE"].endswith(
        "postgresql"
    )
    assert dj_database_url.parse("sqlite:////tmp/x.sqlite3")["ENGINE"].endswith("sqlite3")
