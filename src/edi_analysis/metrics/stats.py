"""Intervals and ratios used by every indicator (metrics.md section 8).

All functions compute in float64 at full precision; rounding is for display
only. The default confidence level is 95% with z = 1.959963984540054.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal

from statistics import NormalDist

__all__ = [
    "Z95",
    "z_value",
    "wilson",
    "relative_likelihood",
    "RelativeLikelihood",
    "newcombe",
    "NON_ADVERSE_RANGE",
    "exact_ratio",
    "within_non_adverse_range",
    "rl_summary",
]

Z95 = 1.959963984540054
#: The inclusive four-fifths band as exact fractions 4/5 and 5/4 (compared exactly, never as floats).
NON_ADVERSE_RANGE: tuple[Fraction, Fraction] = (Fraction(4, 5), Fraction(5, 4))
# A float without its counts is compared after rounding to this many decimals: far finer than the
# 2 dp a report shows, far coarser than the float error of a ratio of counts (4/10 / 5/10 = 0.7999999999999999).
_FLOAT_DECIMALS = 12


def z_value(level: float = 0.95) -> float:
    """Two-sided standard normal quantile for a confidence ``level``."""
    if not 0 < level < 1:
        raise ValueError(f"ci_level must be between 0 and 1 (exclusive); got {level!r}.")
    if level == 0.95:
        return Z95
    return NormalDist().inv_cdf(0.5 + level / 2)


def _check_counts(events: int, n: int, name: str) -> None:
    if n < 0 or events < 0:
        raise ValueError(f"{name}: counts must not be negative (events={events}, n={n}).")
    if events > n:
        raise ValueError(f"{name}: events ({events}) exceed the population ({n}).")


def wilson(events: int, n: int, level: float = 0.95) -> tuple[float, float, float]:
    """Proportion with its Wilson score interval.

    centre = (p + z^2/2n) / (1 + z^2/n); half-width =
    z * sqrt(p(1-p)/n + z^2/4n^2) / (1 + z^2/n) (Wilson 1927; Newcombe 1998,
    method 3).

    Parameters
    ----------
    events, n
        Number with the outcome and number at risk.
    level
        Confidence level.

    Returns
    -------
    tuple of float
        ``(p, low, high)`` as proportions (0-1); all NaN when ``n`` is 0.
    """
    _check_counts(events, n, "wilson")
    if n == 0:
        nan = float("nan")
        return nan, nan, nan
    z = z_value(level)
    p = events / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    # Guard the exact ends against rounding just outside [0, 1].
    return p, max(0.0, centre - half), min(1.0, centre + half)


@dataclass(frozen=True)
class RelativeLikelihood:
    """A relative likelihood (risk ratio) focus vs reference with its interval.

    Attributes
    ----------
    rl
        Unadjusted ratio p_focus / p_reference; 0 when the focus has no events,
        ``None`` when the reference has none (not calculable).
    low, high
        Interval limits, ``None`` when neither group has events.
    ci_method
        ``"katz_log"`` or ``"adjusted_log"`` (zero-cell fallback), or ``None``.
    rl_adjusted
        The 0.5-adjusted ratio behind an adjusted-log interval, else ``None``.
    """

    rl: float | None
    low: float | None
    high: float | None
    ci_method: str | None
    rl_adjusted: float | None
    focus_events: int
    focus_n: int
    reference_events: int
    reference_n: int

    @property
    def significant(self) -> bool:
        """True when the interval excludes 1."""
        if self.low is None or self.high is None:
            return False
        return self.low > 1 or self.high < 1


def relative_likelihood(
    focus_events: int,
    focus_n: int,
    reference_events: int,
    reference_n: int,
    *,
    level: float = 0.95,
    method: Literal["auto", "katz_log", "adjusted_log"] = "auto",
) -> RelativeLikelihood:
    """Relative likelihood p1/p2 with a Katz log interval and a zero-cell fallback.

    Katz et al. (1978): SE = sqrt(1/a - 1/n1 + 1/c - 1/n2), CI = RL exp(+-z SE).
    When a or c is 0, ``"auto"`` switches to the adjusted log method: add 0.5
    to a, c, n1 and n2 and use the same formula (equal to statsmodels
    ``confint_proportions_2indep(compare="ratio", method="log-adjusted")``).
    The reported ratio stays unadjusted (metrics.md section 8).

    Parameters
    ----------
    focus_events, focus_n
        Events (a) and population (n1) of the focus group.
    reference_events, reference_n
        Events (c) and population (n2) of the reference group.
    level
        Confidence level.
    method
        ``"auto"`` (Katz, adjusted log for zero cells), or force one method.

    Returns
    -------
    RelativeLikelihood
    """
    a, n1, c, n2 = focus_events, focus_n, reference_events, reference_n
    _check_counts(a, n1, "relative_likelihood focus")
    _check_counts(c, n2, "relative_likelihood reference")
    if n1 == 0 or n2 == 0:
        raise ValueError("relative_likelihood: both groups need a population above 0.")
    base = dict(focus_events=a, focus_n=n1, reference_events=c, reference_n=n2)
    if a == 0 and c == 0:
        return RelativeLikelihood(None, None, None, None, None, **base)
    p1, p2 = a / n1, c / n2
    rl = p1 / p2 if c > 0 else None
    z = z_value(level)
    use_katz = method == "katz_log" or (method == "auto" and a > 0 and c > 0)
    if use_katz:
        if a == 0 or c == 0:
            raise ValueError("relative_likelihood: the Katz interval needs events in both groups.")
        se = math.sqrt(1 / a - 1 / n1 + 1 / c - 1 / n2)
        assert rl is not None
        return RelativeLikelihood(rl, rl * math.exp(-z * se), rl * math.exp(z * se), "katz_log", None, **base)
    aa, cc, nn1, nn2 = a + 0.5, c + 0.5, n1 + 0.5, n2 + 0.5
    rl_adj = (aa / nn1) / (cc / nn2)
    se = math.sqrt(1 / aa - 1 / nn1 + 1 / cc - 1 / nn2)
    return RelativeLikelihood(
        rl, rl_adj * math.exp(-z * se), rl_adj * math.exp(z * se), "adjusted_log", rl_adj, **base
    )


def newcombe(
    focus_events: int, focus_n: int, reference_events: int, reference_n: int, *, level: float = 0.95
) -> tuple[float, float, float]:
    """Difference of two proportions with the Newcombe hybrid score interval.

    d = p1 - p2; L = d - sqrt((p1-l1)^2 + (u2-p2)^2), U = d + sqrt((u1-p1)^2 +
    (p2-l2)^2) from the Wilson limits of each group (Newcombe 1998, method 10).

    Returns
    -------
    tuple of float
        ``(d, low, high)`` as proportions (multiply by 100 for pp).
    """
    p1, l1, u1 = wilson(focus_events, focus_n, level)
    p2, l2, u2 = wilson(reference_events, reference_n, level)
    d = p1 - p2
    low = d - math.sqrt((p1 - l1) ** 2 + (u2 - p2) ** 2)
    high = d + math.sqrt((u1 - p1) ** 2 + (p2 - l2) ** 2)
    return d, low, high


def exact_ratio(focus_events: int, focus_n: int, reference_events: int, reference_n: int) -> Fraction | None:
    """The relative likelihood (a/n1)/(c/n2) as an exact fraction; ``None`` when it is not calculable."""
    if focus_n == 0 or reference_n == 0 or reference_events == 0:
        return None
    return Fraction(focus_events * reference_n, focus_n * reference_events)


def within_non_adverse_range(rl: float | Fraction | None,
                             bounds: tuple[float | Fraction, float | Fraction] = NON_ADVERSE_RANGE) -> bool | None:
    """True when ``rl`` lies in the inclusive four-fifths band 0.80-1.25.

    US Uniform Guidelines on Employee Selection Procedures (1978); 1/0.8 =
    1.25. The comparison is exact (docs/metrics-decisions.md, "Metrics:
    four-fifths boundary"): pass the ratio as a :class:`~fractions.Fraction`
    built from the four counts (:func:`exact_ratio`; :func:`rl_summary` does)
    and 4 of 10 against 5 of 10 is exactly 0.80, inside the band. A float
    without its counts (a published ratio, a mean of ratios) is rounded to 12
    decimals first, so float noise such as 0.7999999999999999 never decides
    the reading, while the unrounded value still does at the 2 dp a report
    shows (0.796 is outside although it displays as 0.80; metrics.md section 8).
    Bounds given as floats are read as their shortest decimal (0.8 -> 4/5).
    ``None`` when there is no ratio.
    """
    if rl is None:
        return None
    if not isinstance(rl, Fraction):
        if math.isnan(rl):
            return None
        rl = Fraction(str(round(float(rl), _FLOAT_DECIMALS)))
    low, high = (b if isinstance(b, Fraction) else Fraction(str(b)) for b in bounds)
    return low <= rl <= high


def rl_summary(
    focus_events: int, focus_n: int, reference_events: int, reference_n: int, *,
    volatile_events: int = 10, bounds: tuple[float, float] = NON_ADVERSE_RANGE, level: float = 0.95,
) -> dict[str, object]:
    """A relative likelihood with everything a report shows beside it (metrics.md section 8).

    Returns
    -------
    dict
        ``focus_events``, ``focus_n``, ``reference_events``, ``reference_n``,
        ``rl``, ``low``, ``high``, ``ci_method``, ``within_range`` (the
        inclusive 0.80-1.25 band), ``significant`` (interval excludes 1),
        ``volatile`` (fewer than ``volatile_events`` events in either group)
        and ``reading``: "within non-adverse range", "outside range,
        statistically significant", "outside range, not statistically
        significant", or "not calculable".
    """
    if focus_n == 0 or reference_n == 0:
        res = None
    else:
        res = relative_likelihood(focus_events, focus_n, reference_events, reference_n, level=level)
    rl = None if res is None else res.rl
    # exact: the reading of a ratio on the boundary must not depend on float rounding
    within = None if rl is None else within_non_adverse_range(
        exact_ratio(focus_events, focus_n, reference_events, reference_n), bounds)
    significant = bool(res.significant) if res is not None else False
    if rl is None:
        reading = "not calculable"
    elif within:
        reading = "within non-adverse range"
    else:
        reading = "outside range, " + ("statistically significant" if significant else "not statistically significant")
    return {
        "focus_events": focus_events, "focus_n": focus_n, "reference_events": reference_events,
        "reference_n": reference_n, "rl": rl, "low": None if res is None else res.low,
        "high": None if res is None else res.high, "ci_method": None if res is None else res.ci_method,
        "within_range": within, "significant": significant,
        "volatile": min(focus_events, reference_events) < volatile_events, "reading": reading,
    }
