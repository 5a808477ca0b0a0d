"""When does a reading move beyond normal variation? An individuals control chart.

The rule, as shown to users:

* The first `baseline_count` readings of a series (the baseline period) set what
  "normal" looks like: their mean is the centre line, and the mean of the
  differences between consecutive baseline readings (the mean moving range,
  mR-bar) measures the routine variation.
* The natural process limits are centre ± 2.66 × mR-bar (2.66 = 3 / 1.128, the
  usual constant that turns a mean moving range of two points into three
  standard deviations).
* A reading outside those limits is flagged (rule 1). So is a run of
  `run_length` readings in a row on the same side of the centre line (rule 2):
  a shift too long to be chance, even when no single reading crosses a limit.

Pure computation: no Django, no database.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

SCALING = 2.66
DEFAULT_BASELINE = 8
DEFAULT_RUN = 8

ABOVE = "above_limit"
BELOW = "below_limit"
RUN_ABOVE = "run_above"
RUN_BELOW = "run_below"
RULES = (ABOVE, BELOW, RUN_ABOVE, RUN_BELOW)


@dataclass(frozen=True)
class ControlLimits:
    center: float
    lower: float
    upper: float
    mean_moving_range: float
    baseline_count: int


def control_limits(
    *, values: Sequence[float], baseline_count: int = DEFAULT_BASELINE
) -> ControlLimits | None:
    """Limits from the first `baseline_count` values; None until at least three readings exist."""
    if baseline_count < 3:
        raise ValueError("The baseline period needs at least 3 readings.")
    base = [float(v) for v in values[:baseline_count]]
    if len(base) < 3:
        return None
    center = sum(base) / len(base)
    ranges = [abs(b - a) for a, b in zip(base, base[1:], strict=False)]
    mr_bar = sum(ranges) / len(ranges)
    spread = SCALING * mr_bar
    return ControlLimits(
        center=center,
        lower=center - spread,
        upper=center + spread,
        mean_moving_range=mr_bar,
        baseline_count=len(base),
    )


def readings_flag(
    *,
    values: Sequence[float],
    baseline_count: int = DEFAULT_BASELINE,
    run_length: int = DEFAULT_RUN,
) -> list[str]:
    """One entry per value: '' when within normal variation, else the rule it breaks.

    Readings inside the baseline period are judged too (a baseline point far
    outside its own limits is worth a look), but only against rule 1.
    """
    if run_length < 2:
        raise ValueError("A run needs at least 2 readings.")
    limits = control_limits(values=values, baseline_count=baseline_count)
    flags = [""] * len(values)
    if limits is None:
        return flags
    side_run = 0
    side = 0
    for i, raw in enumerate(values):
        value = float(raw)
        if value > limits.upper:
            flags[i] = ABOVE
        elif value < limits.lower:
            flags[i] = BELOW
        current = 1 if value > limits.center else -1 if value < limits.center else 0
        if current != 0 and current == side:
            side_run += 1
        else:
            side, side_run = current, (1 if current != 0 else 0)
        if not flags[i] and i >= limits.baseline_count and side_run >= run_length:
            flags[i] = RUN_ABOVE if side > 0 else RUN_BELOW
    return flags


def flag_explanation(
    *, rule: str, limits: ControlLimits, unit: str = "", run_length: int = DEFAULT_RUN
) -> str:
    """A sentence a workgroup can read: which rule, against which numbers."""
    suffix = f" {unit}" if unit else ""
    if rule == ABOVE:
        return f"Above the upper limit {limits.upper:.4g}{suffix} (mean {limits.center:.4g} + 2.66 × mean moving range {limits.mean_moving_range:.4g})."
    if rule == BELOW:
        return f"Below the lower limit {limits.lower:.4g}{suffix} (mean {limits.center:.4g} − 2.66 × mean moving range {limits.mean_moving_range:.4g})."
    if rule == RUN_ABOVE:
        return f"{run_length} or more readings in a row above the baseline mean {limits.center:.4g}{suffix}: a sustained shift."
    if rule == RUN_BELOW:
        return f"{run_length} or more readings in a row below the baseline mean {limits.center:.4g}{suffix}: a sustained shift."
    return "Within normal variation."


def flag_is_good(*, rule: str, direction: str) -> bool | None:
    """Whether a flagged move goes the way the metric should move ('up' or 'down' is good)."""
    if not rule:
        return None
    upward = rule in (ABOVE, RUN_ABOVE)
    return upward == (direction == "up")
