"""Charts kept in the database once rendered, so every server process reads the same SVG."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from workshift.core.models import KeptFragment, RenderedChart

KEEP_DAYS = 30
# a fragment being rendered anew for longer than this is taken to be abandoned
REFRESH_GIVE_UP_SECONDS = 60
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"


def chart_svg(chart: Any) -> str:
    """An Altair chart as inline SVG: the house font, no frame, no XML prolog."""
    import vl_convert  # loaded on first render: it is slow to import

    spec = chart.configure(font=FONT).configure_view(stroke=None).to_dict()
    svg = vl_convert.vegalite_to_svg(spec)
    return svg[svg.index("<svg") :] if "<svg" in svg else svg


def chart_key(*, kind: str, inputs: Any) -> str:
    """A digest of the chart's kind and every input that changes what it shows."""
    text = json.dumps([kind, inputs], sort_keys=True, default=str, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def stored_svg(*, kind: str, inputs: Any, render: Callable[[], str]) -> str:
    """The kept SVG for these inputs, rendered and kept first if there is none."""
    key = chart_key(kind=kind, inputs=inputs)
    svg = RenderedChart.objects.filter(key=key).values_list("svg", flat=True).first()
    if svg is not None:
        return svg
    svg = render()
    try:
        with transaction.atomic():
            RenderedChart.objects.create(key=key, svg=svg)
    except IntegrityError:  # another process kept the same chart first
        pass
    return svg


def kept_fragment(
    *, kind: str, inputs: Any, max_age: float, render: Callable[[], str]
) -> tuple[SafeString, datetime]:
    """The fragment for these inputs and when it was computed: the kept one while younger than
    `max_age` seconds, else rendered now and kept for the next request of any server process.
    With `max_age` 0 it is always rendered and nothing is kept.

    Once a kept fragment is too old, one request claims it and renders it anew; requests that
    come meanwhile, in any process, get the old one with its own time instead of all rendering
    the same thing at once."""
    now = timezone.now()
    if max_age <= 0:
        return mark_safe(render()), now  # noqa: S308  (rendered by a template, escaped there)
    key = chart_key(kind=kind, inputs=inputs)
    kept = KeptFragment.objects.filter(key=key).values_list("html", "computed_at").first()
    if kept is not None:
        html, computed_at = kept
        if (now - computed_at).total_seconds() < max_age:
            return mark_safe(html), computed_at  # noqa: S308
        stuck = now - timedelta(seconds=REFRESH_GIVE_UP_SECONDS)
        claimed = (
            KeptFragment.objects.filter(key=key)
            .filter(Q(refreshing_since__isnull=True) | Q(refreshing_since__lt=stuck))
            .update(refreshing_since=now)
        )
        if not claimed:  # another request is rendering it anew
            return mark_safe(html), computed_at  # noqa: S308
    try:
        html = render()
    except BaseException:  # give the claim back: the next request tries again
        KeptFragment.objects.filter(key=key, refreshing_since=now).update(refreshing_since=None)
        raise
    try:
        with transaction.atomic():
            KeptFragment.objects.update_or_create(
                key=key, defaults={"html": html, "computed_at": now, "refreshing_since": None}
            )
    except IntegrityError:  # another process kept it first; ours is as fresh
        pass
    return mark_safe(html), now  # noqa: S308


def rendered_charts_prune(*, days: int = KEEP_DAYS) -> int:
    """Drop charts kept longer than `days`; a page that needs one renders it again."""
    cutoff = timezone.now() - timedelta(days=days)
    deleted, _ = RenderedChart.objects.filter(created_at__lt=cutoff).delete()
    stale, _ = KeptFragment.objects.filter(computed_at__lt=cutoff).delete()
    return deleted + stale
