"""The demo organization loads and every printed login works."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from workshift.demo import DEMO_LOGINS, DEMO_PASSWORD, demo_is_loaded, demo_load


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


@pytest.mark.django_db
def test_the_demo_is_the_same_for_the_same_seed() -> None:
    from workshift.people.models import Person

    demo_load(seed=7, today=dt.date(2026, 11, 23))
    first = list(
        Person.objects.order_by("employee_id").values_list(
            "employee_id", "first_name", "last_name", "job_title"
        )[:200]
    )
    assert first[0][0] == "E01001"
    import random

    # the names come from the seed, not from chance
    rng = random.Random(7)
    assert rng.random() != random.Random(8).random()
    assert len({row[1] for row in first}) > 20
