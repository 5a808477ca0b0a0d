"""Template tags of the Act-for-impact pages."""

from __future__ import annotations

from typing import Any

from django import template

from workshift.impact.selectors import unread_count

register = template.Library()


@register.inclusion_tag("impact/_bell.html", takes_context=True)
def notification_bell(context: dict[str, Any]) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    return {"count": unread_count(user=user) if user is not None else 0}


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key) if mapping else None


@register.filter
def who(user: Any) -> str:
    """A user's full name (their login name if none is set), or a dash."""
    if user is None:
        return "–"
    return user.get_full_name() or user.username  # type: ignore[no-any-return]
