"""The demo organization: a regional financial services firm with a pilot under way.

`demo_load()` runs each app's `demo.load(ctx=...)` in dependency order. Steps
share what they create through `DemoContext.data`:

- "units": {code: OrgUnit}; "people": list[Person] (all of them)
- "cast": {role: Person} the people behind the demo logins
  (administrator, lead, champion, coach, member, manager, outsider)
- "users": {role: User} the demo logins; "pilot": the demo Pilot
Everything is generated from one seed, so two loads give the same data.
"""

from __future__ import annotations

import datetime as dt
import importlib
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

DEMO_STEPS = [
    "workshift.people.demo",
    "workshift.accounts.demo",
    "workshift.pilots.demo",
    "workshift.conditions.demo",
    "workshift.impact.demo",
    "workshift.leadership.demo",
    "workshift.insights.demo",
]


@dataclass
class DemoContext:
    seed: int
    today: dt.date
    rng: random.Random
    data: dict[str, Any] = field(default_factory=dict)


def demo_is_loaded() -> bool:
    from workshift.accounts.models import User

    return User.objects.filter(username="admin").exists()


def demo_load(
    *, seed: int = 2026, today: dt.date | None = None, progress: Callable[[str], None] | None = None
) -> DemoContext:
    ctx = DemoContext(seed=seed, today=today or dt.date.today(), rng=random.Random(seed))
    with transaction.atomic():
        for name in DEMO_STEPS:
            module = importlib.import_module(name)  # a missing step fails loudly
            if progress:
                progress(name.split(".")[1])
            module.load(ctx=ctx)
    return ctx
