"""The shared test base: a small organization and one named user per role.

alice: administrator; lena: program lead of the pilot; carl: champion;
cora: coach; max: workgroup member; mona: manager; otto: outsider (a logged-in
user with no role in any pilot and no people access).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

from tests.orgs import PASSWORD, ROLE_USERNAMES  # noqa: F401 (imported by test modules)


@pytest.fixture
def org(db: Any) -> dict[str, Any]:
    """Units HQ > Contact Center > Collections, and Finance; one person per role plus a few colleagues."""
    from tests.orgs import org_build

    return org_build()


@pytest.fixture
def users(org: dict[str, Any]) -> dict[str, Any]:
    from tests.orgs import users_build

    return users_build(org=org)


@pytest.fixture
def pilot(users: dict[str, Any], org: dict[str, Any]) -> Any:
    """A running pilot in Collections with every role but the outsider (and the administrator, who sees all)."""
    from tests.orgs import pilot_build

    return pilot_build(users=users, org=org)


@pytest.fixture
def client_for(client: Any, users: dict[str, Any]) -> Callable[[str], Any]:
    """A test client logged in as the named role ('anonymous' for none)."""
    from django.test import Client

    def make(role: str) -> Any:
        c = Client()
        if role != "anonymous":
            c.force_login(users[role])
        return c

    return make


@pytest.fixture
def immediate_tasks(settings: Any) -> Any:
    """Background tasks run at once, in the request that enqueues them."""
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default"],
        }
    }
    return settings


@pytest.fixture
def volunteers(pilot: Any, org: dict[str, Any], users: dict[str, Any]) -> dict[str, Any]:
    """40 people of Collections applied to a closed call; 24 selected (the member among them)."""
    import datetime as dt

    from tests.conditions.pool import volunteer_pool

    return volunteer_pool(
        pilot=pilot,
        org=org,
        lead=users["lead"],
        deadline=dt.date.today() - dt.timedelta(days=1),
        selected=24,
    )
