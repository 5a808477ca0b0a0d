"""Kept charts and page parts: read back while fresh, dropped once old."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from workshift.core.models import KeptFragment, RenderedChart
from workshift.core.rendered import kept_fragment, rendered_charts_prune, stored_svg

pytestmark = pytest.mark.django_db


def test_a_chart_is_rendered_once_for_the_same_inputs() -> None:
    calls: list[int] = []

    def render() -> str:
        calls.append(1)
        return f"<svg>{len(calls)}</svg>"

    assert stored_svg(kind="k", inputs=[1, 2], render=render) == "<svg>1</svg>"
    assert stored_svg(kind="k", inputs=[1, 2], render=render) == "<svg>1</svg>"
    assert stored_svg(kind="k", inputs=[1, 3], render=render) == "<svg>2</svg>"
    assert len(calls) == 2


def test_a_fragment_is_kept_while_younger_than_allowed() -> None:
    count = iter(range(1, 100))
    first, at = kept_fragment(kind="f", inputs=[1], max_age=60, render=lambda: f"v{next(count)}")
    again, at_again = kept_fragment(kind="f", inputs=[1], max_age=60, render=lambda: "never")
    assert (first, again, at_again) == ("v1", "v1", at)
    KeptFragment.objects.update(computed_at=timezone.now() - dt.timedelta(seconds=61))
    assert kept_fragment(kind="f", inputs=[1], max_age=60, render=lambda: "v2")[0] == "v2"
    assert KeptFragment.objects.count() == 1
    assert kept_fragment(kind="f", inputs=[1], max_age=0, render=lambda: "v3")[0] == "v3"


def test_pruning_drops_only_what_is_older_than_a_month() -> None:
    stored_svg(kind="old", inputs=[], render=lambda: "<svg/>")
    stored_svg(kind="new", inputs=[], render=lambda: "<svg/>")
    kept_fragment(kind="old", inputs=[], max_age=60, render=lambda: "x")
    long_ago = timezone.now() - dt.timedelta(days=40)
    RenderedChart.objects.filter(pk=RenderedChart.objects.order_by("pk").first().pk).update(
        created_at=long_ago
    )
    KeptFragment.objects.update(computed_at=long_ago)
    assert rendered_charts_prune() == 2
    assert RenderedChart.objects.count() == 1 and not KeptFragment.objects.exists()


def test_while_one_request_renders_an_old_fragment_anew_others_get_the_old_one() -> None:
    first, at = kept_fragment(kind="f", inputs=[2], max_age=60, render=lambda: "old")
    KeptFragment.objects.update(computed_at=timezone.now() - dt.timedelta(seconds=61))
    old_time = KeptFragment.objects.get().computed_at
    meanwhile: list[tuple[str, dt.datetime]] = []

    def render() -> str:
        # a request that arrives while this one renders: it must not render too
        meanwhile.append(kept_fragment(kind="f", inputs=[2], max_age=60, render=lambda: "twice"))
        return "new"

    html, computed_at = kept_fragment(kind="f", inputs=[2], max_age=60, render=render)
    assert html == "new" and computed_at > old_time
    assert meanwhile == [("old", old_time)]
    assert kept_fragment(kind="f", inputs=[2], max_age=60, render=lambda: "never")[0] == "new"


def test_a_fragment_left_refreshing_by_a_stopped_process_is_rendered_again_later() -> None:
    kept_fragment(kind="f", inputs=[4], max_age=60, render=lambda: "old")
    long_ago = timezone.now() - dt.timedelta(seconds=600)
    KeptFragment.objects.update(computed_at=long_ago, refreshing_since=long_ago)
    assert kept_fragment(kind="f", inputs=[4], max_age=60, render=lambda: "new")[0] == "new"
    recent = timezone.now() - dt.timedelta(seconds=5)
    KeptFragment.objects.update(computed_at=long_ago, refreshing_since=recent)
    assert kept_fragment(kind="f", inputs=[4], max_age=60, render=lambda: "newer")[0] == "new"


def test_a_failed_render_leaves_the_old_fragment_to_be_tried_again() -> None:
    kept_fragment(kind="f", inputs=[3], max_age=60, render=lambda: "old")
    KeptFragment.objects.update(computed_at=timezone.now() - dt.timedelta(seconds=61))
    old_time = KeptFragment.objects.get().computed_at

    def broken() -> str:
        raise RuntimeError("the figures could not be computed")

    with pytest.raises(RuntimeError):
        kept_fragment(kind="f", inputs=[3], max_age=60, render=broken)
    assert KeptFragment.objects.get().computed_at == old_time
    assert KeptFragment.objects.get().refreshing_since is None
    # the next request tries again
    assert kept_fragment(kind="f", inputs=[3], max_age=60, render=lambda: "new")[0] == "new"
