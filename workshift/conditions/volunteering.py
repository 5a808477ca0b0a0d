"""The public volunteer link's guard: a closed call refuses, and applications are rate limited.

The limits are kept in the database (workshift.core.throttle), so they hold
across every server process: per caller address and per call, per hour.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from workshift.conditions import selectors, services
from workshift.conditions.models import VolunteerCall
from workshift.core.throttle import client_address, rate_limit_hit

WINDOW = dt.timedelta(hours=1)


def _limited(request: HttpRequest, call: VolunteerCall, wait: int) -> HttpResponse:
    minutes = max(1, (wait + 59) // 60)
    response = render(
        request, "conditions/apply_limited.html", {"call": call, "minutes": minutes}, status=429
    )
    response["Retry-After"] = str(wait)
    return response


def public_application_guard(
    view: Callable[..., HttpResponse],
) -> Callable[..., HttpResponse]:
    """Wraps the public application view: 404 for an unknown link, a clear 410 page for a closed
    or expired call, a clear 429 page past the rate limits; everything else goes to the view."""

    @functools.wraps(view)
    def guarded(request: HttpRequest, token: str, *args: Any, **kwargs: Any) -> HttpResponse:
        call = selectors.call_by_token(token=token)
        if call is None:
            raise Http404("No such call.")
        reason = services.volunteer_call_closed_reason(call=call)
        if reason is not None:
            return render(
                request,
                "conditions/apply_closed.html",
                {"call": call, "reason": reason},
                status=410,
            )
        if request.method == "POST":
            limits = (
                ("apply-address", client_address(request), settings.APPLY_LIMIT_PER_ADDRESS),
                ("apply-call", str(call.pk), settings.APPLY_LIMIT_PER_CALL),
            )
            for scope, key, limit in limits:
                wait = rate_limit_hit(scope=scope, key=key, limit=limit, window=WINDOW)
                if wait is not None:
                    return _limited(request, call, wait)
        return view(request, token, *args, **kwargs)

    return guarded
