"""The public volunteer link: rate limited per address and per call (in the database), bounded
fields, CSRF kept, and a clear page when the call is closed or expired."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from workshift.conditions import services
from workshift.conditions.models import Application, VolunteerCall
from workshift.core.models import RateLimitHit


@pytest.fixture
def open_call(pilot: Any) -> VolunteerCall:
    return services.volunteer_call_create(
        pilot=pilot,
        title="Join a workgroup",
        message="Help customers stay.",
        places=24,
        deadline=dt.date.today() + dt.timedelta(days=7),
        ask_attributes=["discipline"],
    )


def _answers(**overrides: str) -> dict[str, str]:
    data = {
        "employee_id": "T0005",
        "email": "max@example.com",
        "why": "Customers leave after one bad month.",
        "problem": "Plans that fail in month two.",
        "availability": "Full time from March",
    }
    data.update(overrides)
    return data


def _post(call: VolunteerCall, address: str = "10.0.0.1", **overrides: str) -> Any:
    return Client(REMOTE_ADDR=address).post(
        reverse("conditions:apply", args=[call.token]), _answers(**overrides)
    )


def test_applications_are_limited_per_address(open_call: VolunteerCall, settings: Any) -> None:
    settings.APPLY_LIMIT_PER_ADDRESS = 3
    for _ in range(3):
        assert _post(open_call, why="").status_code == 400  # counted even when refused
    limited = _post(open_call)
    assert limited.status_code == 429
    assert "Too many applications were sent from here" in limited.content.decode()
    assert 1 <= int(limited["Retry-After"]) <= 3600
    assert Application.objects.count() == 0
    # another address is not held back
    assert _post(open_call, address="10.0.0.2").status_code == 200
    assert Application.objects.count() == 1


def test_applications_are_limited_per_call(open_call: VolunteerCall, settings: Any) -> None:
    settings.APPLY_LIMIT_PER_CALL = 2
    assert _post(open_call, address="10.0.0.1", why="").status_code == 400
    assert _post(open_call, address="10.0.0.2", why="").status_code == 400
    assert _post(open_call, address="10.0.0.3").status_code == 429
    assert Application.objects.count() == 0


def test_the_limit_lives_in_the_database_so_it_holds_across_processes(
    open_call: VolunteerCall, settings: Any
) -> None:
    # given hits that another server process recorded (rows, not memory)
    settings.APPLY_LIMIT_PER_ADDRESS = 2
    now = timezone.now()
    for _ in range(2):
        RateLimitHit.objects.create(scope="apply-address", key="10.9.9.9", at=now)
    # then this process refuses the same address at once
    assert _post(open_call, address="10.9.9.9").status_code == 429
    # and hits older than the hour no longer count
    RateLimitHit.objects.update(at=now - dt.timedelta(hours=2))
    assert _post(open_call, address="10.9.9.9").status_code == 200


def test_behind_a_proxy_the_configured_header_names_the_address(
    open_call: VolunteerCall, settings: Any
) -> None:
    settings.APPLY_LIMIT_PER_ADDRESS = 1
    settings.CLIENT_IP_HEADER = "X-Forwarded-For"
    url = reverse("conditions:apply", args=[open_call.token])
    proxy = Client(REMOTE_ADDR="192.168.0.1")
    first = proxy.post(url, _answers(why=""), HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.5")
    assert first.status_code == 400
    assert proxy.post(url, _answers(why=""), HTTP_X_FORWARDED_FOR="203.0.113.5").status_code == 429
    assert proxy.post(url, _answers(why=""), HTTP_X_FORWARDED_FOR="203.0.113.6").status_code == 400


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("employee_id", "E" * 41),
        ("email", "a" * 250 + "@example.com"),
        ("why", "w" * 2001),
        ("problem", "p" * 2001),
        ("availability", "a" * 301),
    ],
)
def test_every_field_has_a_size_limit(open_call: VolunteerCall, field: str, value: str) -> None:
    response = _post(open_call, **{field: value})
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert Application.objects.count() == 0


def test_csrf_is_kept_on_the_public_form(open_call: VolunteerCall) -> None:
    url = reverse("conditions:apply", args=[open_call.token])
    client = Client(enforce_csrf_checks=True)
    assert client.post(url, _answers()).status_code == 403
    page = client.get(url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    assert client.post(url, {**_answers(), "csrfmiddlewaretoken": token}).status_code == 200
    assert Application.objects.count() == 1


def test_an_expired_call_refuses_with_a_clear_page(open_call: VolunteerCall) -> None:
    VolunteerCall.objects.filter(pk=open_call.pk).update(
        deadline=dt.date.today() - dt.timedelta(days=1)
    )
    for response in (
        Client().get(reverse("conditions:apply", args=[open_call.token])),
        _post(open_call),
    ):
        assert response.status_code == 410
        text = response.content.decode()
        assert "This call takes no more applications." in text and "This call closed on" in text
        assert "<form" not in text.split("<main", 1)[1]
    assert Application.objects.count() == 0


def test_a_call_of_a_closed_pilot_refuses_with_a_clear_page(
    open_call: VolunteerCall, pilot: Any
) -> None:
    pilot.status = "closed"
    pilot.save()
    response = _post(open_call)
    assert response.status_code == 410
    assert "The pilot this call was for has closed." in response.content.decode()
    assert Application.objects.count() == 0
