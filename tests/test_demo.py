"""The demo organization loads and every printed login works."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

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
