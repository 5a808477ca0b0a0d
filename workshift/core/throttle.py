"""Rate limits kept in the database, so that they hold across every server process.

Like the login throttle (accounts), a hit is a row; a limit counts the rows of
one scope and key inside a sliding window.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from workshift.core.models import RateLimitHit


def client_address(request: HttpRequest) -> str:
    """The caller's address: REMOTE_ADDR, or the last hop of the header a trusted proxy sets
    (settings.CLIENT_IP_HEADER, e.g. X-Forwarded-For)."""
    header: str = getattr(settings, "CLIENT_IP_HEADER", "")
    if header:
        forwarded = request.META.get("HTTP_" + header.upper().replace("-", "_"), "")
        hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
        if hops:
            return str(hops[-1])[:200]
    return str(request.META.get("REMOTE_ADDR", ""))[:200]


def rate_limit_hit(*, scope: str, key: str, limit: int, window: dt.timedelta) -> int | None:
    """Count one request; None when it is within `limit` per `window`, else the seconds to wait."""
    now = timezone.now()
    since = now - window
    with transaction.atomic():
        hits = RateLimitHit.objects.filter(scope=scope, key=key, at__gte=since)
        if hits.count() >= limit:
            oldest = hits.order_by("at").values_list("at", flat=True).first() or now
            return max(1, int((oldest + window - now).total_seconds()) + 1)
        RateLimitHit.objects.create(scope=scope, key=key, at=now)
    if now.second == 0:  # now and then, forget what no window can see any more
        RateLimitHit.objects.filter(at__lt=now - dt.timedelta(days=1)).delete()
    return None
