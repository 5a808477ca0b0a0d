"""`{% your_next_steps %}` on the home page and `{% your_next_step pilot %}` on the pilot page."""

from __future__ import annotations

from typing import Any

from django import template

from workshift.leadership.selectors import (
    NextStep,
    next_steps_for_user,
    playbook_view,
    viewer_playbook_role,
)

register = template.Library()


@register.inclusion_tag("leadership/_next_steps.html", takes_context=True)
def your_next_steps(context: Any) -> dict[str, Any]:
    user = context["request"].user
    items = next_steps_for_user(user=user)
    # the pilot's name only when there is a choice: the list of pilots below names them anyway
    return {"items": items, "show_pilot": len(items) > 1}


@register.inclusion_tag("leadership/_next_steps.html", takes_context=True)
def your_next_step(context: Any, pilot: Any) -> dict[str, Any]:
    user = context["request"].user
    role = viewer_playbook_role(user=user, pilot=pilot)
    if role is None:
        return {"items": []}
    view = playbook_view(pilot=pilot, role=role, user=user)
    return {"items": [NextStep(pilot=pilot, view=view, row=view.next_row)], "show_pilot": False}
