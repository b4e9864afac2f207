"""Words shared by the views where a sentence must agree with the figures beside it.

Each function turns published figures (already checked to be shown) into the words a reader sees, so the
same rule words every report: target statuses in the measure's own direction, sign-aware changes of a gap,
and readings of a ratio against its non-adverse range that follow its interval (docs/metrics-decisions.md).
"""

from __future__ import annotations

from ..metrics.stats import within_non_adverse_range

__all__ = ["TARGET_STATUS", "target_status", "path_caption", "gap_change", "range_words", "range_reading"]

#: Target status (:func:`edi_analysis.metrics.pay_gaps.track_target`) -> plain words.
TARGET_STATUS: dict[str, str] = {
    "on_track": "on track",
    "behind_within_uncertainty": "behind the path, but within the uncertainty",
    "off_track": "off track: behind the path by more than chance explains",
    "reversed": ("not on track: the gap has passed parity and now runs the other way by more than chance, so a "
                 "gap in the other direction has opened"),
    "insufficient_data": "not yet judged (too little data)",
}


def target_status(status: str, met: object, year: int, target_year: int) -> str:
    """A year's status in words; a result at the target or better says it is met, "early" before the target year."""
    if met is True or (met is not None and not isinstance(met, str) and bool(met)):
        return "target met early" if int(year) < int(target_year) else "target met"
    return TARGET_STATUS[status]


def path_caption(higher_is_better: bool) -> str:
    """The chart caption's rule for off track, on the side of the path that is worse for this measure."""
    side = "below" if higher_is_better else "above"
    better = "higher" if higher_is_better else "lower"
    return (f"{better.capitalize()} is better for this measure. A year is off track only when its whole interval "
            f"lies {side} the path; once the result reaches the target it is met.")


def gap_change(first: float, last: float, *, unit: str = "%", decimals: int = 1) -> str:
    """How a signed gap moved between two years, judged on the figures as printed.

    ``closed`` (now 0), ``reversed`` (the other sign: the gap now runs the other way), ``narrowed`` or
    ``widened`` (same sign, smaller or larger in size), ``opened`` (from 0), ``not changed``. Returns the
    phrase after "the gap has", e.g. ``"reversed from 10.4% to -12.8%, so it now runs the other way"``.
    """
    a, b = round(float(first), decimals), round(float(last), decimals)
    span = f"from {a:.{decimals}f}{unit} to {b:.{decimals}f}{unit}"
    if a == b:
        return f"not changed ({b:.{decimals}f}{unit})"
    if b == 0:
        return f"closed ({span})"
    if a == 0:
        return f"opened ({span})"
    if (a > 0) != (b > 0):
        return f"reversed {span}, so it now runs the other way"
    return f"{'narrowed' if abs(b) < abs(a) else 'widened'} {span}"


def range_words(within: bool, significant: bool | None) -> str:
    """A relative likelihood against its non-adverse range, honest about chance.

    Inside the range: "within the non-adverse range". Outside it, "outside the range" is said plainly only
    when the ratio is statistically significant (its 95% interval excludes 1); otherwise "outside the range
    but within chance"; with no interval to judge, it says so.
    """
    if within:
        return "within the non-adverse range"
    if significant is None:
        return "outside the range (no interval to judge chance)"
    if significant:
        return "outside the range, by more than chance: the 95% interval excludes 1"
    return "outside the range but within chance: the 95% interval includes 1"


def range_reading(value: float, low: float | None, high: float | None, bounds: tuple[float, float]) -> str:
    """:func:`range_words` for a ratio with its interval: significant when the interval excludes 1."""
    within = within_non_adverse_range(float(value), bounds)  # exact band test: no float noise at 0.80 or 1.25
    significant = None if low is None or high is None else not float(low) <= 1.0 <= float(high)
    return range_words(within, significant)
