"""The practices every pilot starts with: (position, name, suggested first, description)."""

from __future__ import annotations

STARTING_PRACTICES: list[tuple[int, str, bool, str]] = [
    (
        1,
        "Commit to a shared outcome",
        True,
        "Agree on a north star the whole group works toward: related to a metric that matters, but broader than the "
        "number, so it points at new value rather than at hitting a target.",
    ),
    (
        2,
        "Frame a powerful question",
        True,
        "Turn the outcome into an open question that invites answers nobody has yet and keeps the group curious "
        "(“How might we…?”).",
    ),
    (
        3,
        "Reflect more to learn faster",
        True,
        "Stop regularly to compare what you expected with what happened and why: before acting, during action, "
        "after action and outside action.",
    ),
    (
        4,
        "Maximize potential for friction",
        False,
        "Bring different perspectives, skills and backgrounds together on purpose, so ideas rub against each other.",
    ),
    (
        5,
        "Cultivate friction",
        False,
        "Keep disagreement productive: challenge ideas, not people, and make it safe to say what others do not want "
        "to hear.",
    ),
]


def practices_seed() -> None:
    """Make sure the starting practices exist (after a database flush, for instance)."""
    from workshift.impact.models import Practice

    for position, name, starter, description in STARTING_PRACTICES:
        Practice.objects.get_or_create(
            pilot=None,
            name=name,
            defaults={"position": position, "starter": starter, "description": description},
        )
