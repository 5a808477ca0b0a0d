"""A demo-like pool of volunteers for a test pilot (shared by the app tests and the browser test)."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

DISCIPLINES = ["collections", "collections", "collections", "quality", "customer care"]
SHIFTS = ["day", "day", "evening", "flex"]
SKILLS = [
    "negotiation",
    "empathy",
    "excel",
    "sql",
    "lean",
    "coaching",
    "customer research",
    "facilitation",
]


def volunteer_pool(
    *, pilot: Any, org: dict[str, Any], lead: Any, deadline: dt.date, selected: int
) -> dict[str, Any]:
    """39 new people of Collections plus the member applied to a call; the first `selected` are selected."""
    from workshift.conditions import services
    from workshift.conditions.models import Application
    from workshift.people.models import Person

    rng = random.Random(5)
    col = org["units"]["CC-COL"]
    today = dt.date.today()
    people = [org["people"]["member"]]
    for i in range(39):
        start = today - dt.timedelta(days=rng.randint(100, 8000))
        people.append(
            Person.objects.create(
                employee_id=f"V{i:04d}",
                first_name=f"Vol{i}",
                last_name=rng.choice(["Silva", "Chen", "Okafor", "Novak"]),
                email=f"vol{i}@example.com",
                unit=col,
                job_title="Collections Specialist",
                start_date=start,
                skills=sorted(set(rng.sample(SKILLS, k=rng.randint(1, 3)))),
                attributes={
                    "discipline": rng.choice(DISCIPLINES),
                    "shift": rng.choice(SHIFTS),
                    "languages": "; ".join(
                        ["English"]
                        + (
                            [rng.choice(["Spanish", "Polish", "Arabic"])]
                            if rng.random() < 0.4
                            else []
                        )
                    ),
                },
            )
        )
    call = services.volunteer_call_create(
        pilot=pilot,
        title="Join a workgroup",
        message="Help customers stay.",
        places=24,
        deadline=deadline,
        ask_attributes=["shift"],
    )
    apps = [
        Application.objects.create(
            call=call,
            person=p,
            why="It matters.",
            problem="Failed plans.",
            availability="Full time",
        )
        for p in people
    ]
    for a in apps[:selected]:
        services.application_decide(application=a, status="selected", reason="Available", user=lead)
    return {"call": call, "people": people, "selected": people[:selected], "applications": apps}
