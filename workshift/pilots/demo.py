"""The demo pilot (Recognize phase details are added by the pilots app)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from workshift.pilots.models import Pilot, PilotMember, PilotRole


def load(*, ctx: Any) -> None:
    users = ctx.data["users"]
    pilot = Pilot.objects.create(
        name="Collections that keep customers",
        status=Pilot.Status.RUNNING,
        start_date=ctx.today - dt.timedelta(weeks=6),
        entry_unit=ctx.data["units"]["CC-COL"],
        vision_value="Keep more customers after a missed payment, instead of only recovering the amount due.",
        vision_focus="Collections specialists look for why customers fall behind and what would help them stay.",
        vision_capabilities="Curiosity, empathy and judgment grow as people solve problems no script covers.",
    )
    for role in (PilotRole.LEAD, PilotRole.CHAMPION, PilotRole.COACH, PilotRole.MEMBER, PilotRole.MANAGER):
        PilotMember.objects.create(pilot=pilot, user=users[role.value], role=role)
    ctx.data["pilot"] = pilot
