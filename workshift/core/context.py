from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main navigation, limited to what the user's role may open."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [("home", "Home")]
    items.append(("pilots:list", "Pilots"))
    if user.can_browse_people:
        items += [("people:list", "People"), ("people:units", "Units")]
    if user.is_administrator:
        items.append(("core:audit", "Audit log"))
    return {"nav_items": items}
