"""A new pilot starts on the current version of the default playbooks and keeps it."""

from __future__ import annotations

from typing import Any


def pin_new_pilot(sender: Any, instance: Any, created: bool, raw: bool = False, **_: Any) -> None:
    if not created or raw:
        return
    from workshift.leadership.services import pilot_playbook_pin

    pilot_playbook_pin(pilot=instance)
