"""What the demo workgroups say and do: charters, opportunities, slices, reflections.

`impact.demo` seeds these into the demo pilot; each row names its fields.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class OpportunitySeed:
    title: str
    for_whom: str
    evidence: str
    # an opportunity nobody has rated yet leaves these out
    value: int | None = None
    confidence: float | None = None
    effort: int | None = None
    tied_to_metric: bool = False


@dataclass(frozen=True)
class SliceSeed:
    title: str
    hypothesis: str
    metric: int  # index into the frontline metrics
    expected_change: str
    start_week: int  # weeks after the pilot's start
    weeks: int
    stage: str
    # what a finished slice leads to, changed and taught; empty while it runs
    next_step: str = ""
    result: str = ""
    learned: str = ""


@dataclass(frozen=True)
class ReflectionSeed:
    kind: str
    expected: str
    happened: str
    why: str
    differently: str


METRICS = [
    # name, unit, direction, baseline, target, weekly noise, weekly drift once slices start
    ("Promise kept rate", "%", "up", 68.0, 76.0, 1.6, 1.1),
    ("Days to first contact after a missed payment", "days", "down", 6.0, 3.0, 0.5, -0.35),
    ("Customers offered a hardship plan", "%", "up", 12.0, 20.0, 1.2, 0.9),
]


CHARTERS = [
    (
        "Customers who fall behind stay with us and come out of it stronger.",
        "How might we make a missed payment the start of a better relationship rather than the end of one?",
    ),
    (
        "Nobody who wants to pay is lost because we reached them too late or with the wrong offer.",
        "How might we reach customers before a missed payment becomes a default?",
    ),
]


OPPORTUNITIES = [
    OpportunitySeed(
        title="Customers miss the first reminder letter",
        for_whom="Customers who moved in the last year",
        evidence="12 of 40 calls last week: the letter went to an old address.",
        value=4,
        confidence=0.75,
        effort=2,
        tied_to_metric=True,
    ),
    OpportunitySeed(
        title="Payday-aligned promise dates",
        for_whom="Customers paid monthly",
        evidence="Promises set before payday break twice as often in our call notes.",
        value=5,
        confidence=0.9,
        effort=1,
        tied_to_metric=True,
    ),
    OpportunitySeed(
        title="Hardship plans are hard to explain on the phone",
        for_whom="Customers in temporary hardship",
        evidence="Average call takes 14 minutes when a plan is discussed; many hang up.",
        value=3,
        confidence=0.5,
        effort=3,
        tied_to_metric=True,
    ),
    OpportunitySeed(
        title="Small-business owners mixed with personal accounts",
        for_whom="Sole traders",
        evidence="Three complaints this month; different needs entirely.",
        value=4,
        confidence=0.25,
        effort=4,
        tied_to_metric=False,
    ),
    OpportunitySeed(
        title="Evening call window",
        for_whom="Shift workers",
        evidence="Most answered calls for this segment happen after 18:00.",
        value=3,
        confidence=0.75,
        effort=2,
        tied_to_metric=True,
    ),
    OpportunitySeed(
        title="Duplicate contact from collections and care",
        for_whom="Customers with open complaints",
        evidence="Same customer contacted by two teams on the same day.",
    ),
]


SLICES = [
    SliceSeed(
        title="Promise dates on payday",
        hypothesis="If we set promise dates on the customer's payday, more promises will be kept because money is there.",
        metric=0,
        expected_change="+4 points",
        start_week=1,
        weeks=3,
        stage="done",
        next_step="scale",
        result="Promise kept rate rose from 68% to 73% in the slice group.",
        learned="Asking “when are you paid?” is welcomed, not intrusive.",
    ),
    SliceSeed(
        title="Evening call block",
        hypothesis="If two of us call between 18:00 and 20:00, we reach shift workers on the first try.",
        metric=1,
        expected_change="−1 day",
        start_week=3,
        weeks=3,
        stage="act",
    ),
    SliceSeed(
        title="Plain-language hardship plan card",
        hypothesis="If customers get a one-page card before the call, the plan is understood faster and offered more.",
        metric=2,
        expected_change="+3 points",
        start_week=5,
        weeks=3,
        stage="seek",
    ),
]


REFLECTIONS = [
    ReflectionSeed(
        kind="before",
        expected="Customers would be reluctant to share their payday.",
        happened="",
        why="",
        differently="Open with why we ask.",
    ),
    ReflectionSeed(
        kind="during",
        expected="Calls would take longer.",
        happened="They took two minutes longer at first, then got shorter.",
        why="People were relieved to be asked.",
        differently="Keep the question early in the call.",
    ),
    ReflectionSeed(
        kind="after",
        expected="A few more kept promises.",
        happened="Five points more than the baseline in three weeks.",
        why="Promises matched when money was available.",
        differently="Share the script with the other workgroup.",
    ),
    ReflectionSeed(
        kind="outside",
        expected="",
        happened="We talked with Customer Care about what they hear.",
        why="Care hears the same frustration about letters.",
        differently="Invite a Care agent to our next reflection.",
    ),
    ReflectionSeed(
        kind="after",
        expected="Evening calls would be answered more.",
        happened="Answer rate doubled after 18:00.",
        why="Shift workers cannot pick up during the day.",
        differently="Ask the workforce planner for a permanent evening slot.",
    ),
    ReflectionSeed(
        kind="before",
        expected="The hardship card will shorten calls.",
        happened="",
        why="",
        differently="Test the card with three customers first.",
    ),
]


VERSIONS = [
    "We keep our outcome on the wall and open every Monday with one customer story that shows it.",
    "Each slice starts from a “How might we…?” written on a card that we revisit on Friday.",
    "Fifteen minutes at the end of each day; a longer after-action review every Friday.",
    "Each slice pairs a specialist with someone from Quality or Care.",
]
