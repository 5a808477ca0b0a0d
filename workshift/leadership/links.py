"""The registry of pages a playbook step can link to: a URL name and which record fills its argument.

`pilot` pages take the pilot's id; `workgroup` pages take the id of the
viewer's own workgroup in the pilot (the first one they coach or belong to,
or the first of the pilot's for leads), falling back to `fallback` when they
have none.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Link:
    key: str
    label: str
    url_name: str
    takes: str  # "pilot" or "workgroup"
    fallback: str = ""


LINKS: dict[str, Link] = {
    link.key: link
    for link in [
        Link("pilot", "Pilot overview", "pilots:detail", "pilot"),
        Link("catalyst", "Catalyst", "pilots:catalyst", "pilot"),
        Link("champion", "Champion", "pilots:champion", "pilot"),
        Link("entry_points", "Entry point", "pilots:candidates", "pilot"),
        Link("metrics", "Metrics that matter", "pilots:metrics", "pilot"),
        Link("members", "Pilot members", "pilots:members", "pilot"),
        Link("conditions", "Create the conditions", "conditions:overview", "pilot"),
        Link("capacity", "Freed capacity", "conditions:capacity", "pilot"),
        Link("coaches", "Coaches", "conditions:coaches", "pilot"),
        Link("call", "Volunteer call", "conditions:call", "pilot"),
        Link("expectations", "Expectations and guardrails", "conditions:expectations", "pilot"),
        Link("communities", "Communities of practice", "conditions:communities", "pilot"),
        Link("act", "Act for impact", "impact:pilot", "pilot"),
        Link("pilot_obstacles", "Obstacles across the pilot", "impact:pilot_obstacles", "pilot"),
        Link("spin_offs", "Spin-offs", "impact:spin_offs", "pilot"),
        Link("workgroup", "Workgroup space", "impact:workgroup", "workgroup", "act"),
        Link("charter", "Shared outcome and question", "impact:charter", "workgroup", "act"),
        Link("reflection_new", "Write a reflection", "impact:reflection_new", "workgroup", "act"),
        Link(
            "obstacles", "Workgroup obstacles", "impact:obstacles", "workgroup", "pilot_obstacles"
        ),
        Link("readings", "Metric readings", "impact:readings", "workgroup", "act"),
        Link("slices", "Thin slices", "impact:slices", "workgroup", "act"),
        Link("opportunities", "Opportunities", "impact:opportunities", "workgroup", "act"),
        Link("dashboard", "Champion's dashboard", "insights:dashboard", "pilot"),
        Link("pulse", "Pulse", "insights:pulse", "pilot"),
        Link("stories", "Stories", "insights:stories", "pilot"),
        Link("reports", "Pilot reports", "insights:reports", "pilot"),
        Link("scale", "Scale next", "insights:scale", "pilot"),
        Link("workload", "Workload and surges", "insights:connections", "pilot"),
        Link("rights", "Decision rights", "leadership:rights", "pilot"),
        Link("decisions", "Decision log", "leadership:decisions", "workgroup", "rights"),
        Link("playbook", "Playbook", "leadership:playbook", "pilot"),
    ]
}


def link_choices() -> list[tuple[str, str]]:
    return [(link.key, link.label) for link in LINKS.values()]


def link_url(*, key: str, pilot_id: int, workgroup_id: int | None) -> str:
    """The URL of the page a step links to; the pilot page when the key is unknown."""
    link = LINKS.get(key)
    if link is None:
        return reverse("pilots:detail", args=[pilot_id])
    if link.takes == "workgroup":
        if workgroup_id is None:
            return link_url(key=link.fallback or "pilot", pilot_id=pilot_id, workgroup_id=None)
        return reverse(link.url_name, args=[workgroup_id])
    return reverse(link.url_name, args=[pilot_id])
