"""Statistical process control: Making Data Count XmR charts and p-charts.

:func:`spc` reproduces NHSRplotthedots 0.2.2 (CRAN 2025-09-29, commit
050b07d), the NHS-R Community's implementation of NHS England's Making Data
Count method, as specified in metrics.md section 10: XmR limits at mean +-
2.66 x mean moving range (after one pass of screening out moving ranges of
3.267 x their mean or more), then four rules, one label per point in the
order outside limits > 7-point trend > 2 of 3 beyond 2 sigma > run of 7.

:func:`p_chart` goes beyond the reference package: a chart for proportions
whose denominators change from period to period, with Laney's (2002) p'
adjustment when the data are over-dispersed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

__all__ = ["SpcResult", "spc", "PChartResult", "p_chart", "SpcInputError", "describe"]

Direction = Literal["increase", "decrease", "neutral"]

LIMIT_FACTOR = 2.66  # 3 / d2 with d2 = 1.128, rounded as in Making Data Count
SCREEN_FACTOR = 3.267  # upper range limit factor D4 for n = 2
TWO_SIGMA = 2 / 3 * LIMIT_FACTOR
RUN_LENGTH = 7
TREND_LENGTH = 7
SHORT_GROUP = 13  # groups with fewer points get a warning ("n < 12" in the package's words)

COMMON = "Common Cause"


class SpcInputError(ValueError):
    """Bad input to an SPC function; the message names the argument, the value and the fix."""


@dataclass(frozen=True)
class SpcResult:
    """An XmR chart's per-point table, per-group table and summary icons.

    Attributes
    ----------
    points
        One row per input point: ``index``, ``date``, ``value``,
        ``rebase_group``, ``mean``, ``lpl``, ``upl``, ``outside_limits``,
        ``relative_to_mean``, ``close_to_limits``, ``special_cause_type``,
        ``special_cause_flag``, ``point_type``, ``short_group_warning``,
        ``target`` (labels as in NHSRplotthedots).
    groups
        One row per rebase group: ``rebase_group``, ``n``, ``mean``, ``lpl``,
        ``upl``, ``common_cause``, ``special_cause_improvement``,
        ``special_cause_concern``, ``variation_type_last_point``.
    summary
        ``variation_type``, ``variation_icon``, ``assurance_type``,
        ``assurance_icon`` (the last two ``None`` without a target or with
        the neutral direction).
    improvement_direction, target
        As given.
    """

    points: pd.DataFrame
    groups: pd.DataFrame
    summary: dict[str, str | None]
    improvement_direction: str
    target: float | None

    @property
    def warnings(self) -> list[str]:
        """The package's short-group warning, when any group has fewer than 13 points."""
        if bool(self.points["short_group_warning"].any()):
            return ["Some groups have n < 12 observations. These have trial limits, which will be revised with "
                    "each additional observation until n = fix_after_n_points has been reached."]
        return []


def _validate(values: Sequence[float], dates: Sequence | None, direction: str, target: float | None,
              rebase_indices: Sequence[int], fix_after_n_points: int | None) -> tuple[np.ndarray, pd.Series]:
    try:
        x = np.asarray(values, dtype=float)
    except (TypeError, ValueError) as exc:
        raise SpcInputError(f"values: every value must be a number ({exc}); remove or correct text entries.") from exc
    if x.ndim != 1 or len(x) == 0:
        raise SpcInputError("values: give a one-dimensional series with at least one value.")
    missing = np.flatnonzero(~np.isfinite(x))
    if len(missing):
        raise SpcInputError(f"values: missing or infinite value at position(s) {missing.tolist()[:10]}; SPC needs a "
                            "value for every period (fill the gap or drop the period and its date).")
    if dates is None:
        d = pd.Series(pd.RangeIndex(len(x)))
    else:
        d = pd.Series(pd.to_datetime(pd.Series(list(dates)), errors="coerce"))
        if len(d) != len(x):
            raise SpcInputError(f"dates: {len(d)} dates for {len(x)} values; give one date per value.")
        if d.isna().any():
            bad = int(np.flatnonzero(d.isna())[0])
            raise SpcInputError(f"dates: position {bad} ({list(dates)[bad]!r}) is not a date; use YYYY-MM-DD.")
        steps = d.diff().iloc[1:]
        if (steps == pd.Timedelta(0)).any():
            pos = int(np.flatnonzero((steps == pd.Timedelta(0)).to_numpy())[0]) + 1
            raise SpcInputError(f"dates: duplicate date {d.iloc[pos].date()} at position {pos}; one value per period.")
        if (steps < pd.Timedelta(0)).any():
            pos = int(np.flatnonzero((steps < pd.Timedelta(0)).to_numpy())[0]) + 1
            raise SpcInputError(f"dates: not in time order at position {pos} ({d.iloc[pos].date()}); sort the series "
                                "by date first.")
    if direction not in ("increase", "decrease", "neutral"):
        raise SpcInputError(f"improvement_direction: {direction!r} is not allowed; use 'increase', 'decrease' or "
                            "'neutral'.")
    if target is not None and not (isinstance(target, (int, float)) and math.isfinite(target)):
        raise SpcInputError(f"target: {target!r} is not a number; give a number or None.")
    rb = list(rebase_indices)
    for r in rb:
        if not isinstance(r, (int, np.integer)) or not 0 < r < len(x):
            raise SpcInputError(f"rebase_indices: {r!r} is not a position between 1 and {len(x) - 1}; a rebase "
                                "position is the 0-based index of the first point of a new period.")
    if rb != sorted(set(rb)):
        raise SpcInputError(f"rebase_indices: {rb} must be increasing, without repeats.")
    if fix_after_n_points is not None and (not isinstance(fix_after_n_points, (int, np.integer))
                                           or fix_after_n_points < 12):
        raise SpcInputError(f"fix_after_n_points: {fix_after_n_points!r} is too small; use a whole number of at least "
                            "12, or None to use every point.")
    return x, d


def _limits(baseline: np.ndarray, screen: bool) -> tuple[float, float]:
    """Mean and mean moving range from a baseline (metrics.md section 10, steps 2-4)."""
    mean = float(sum(baseline) / len(baseline))
    mr = np.abs(np.diff(baseline))
    mr_bar = float(sum(mr) / len(mr)) if len(mr) else math.nan
    if screen and len(mr):
        kept = mr[mr < SCREEN_FACTOR * mr_bar]
        mr_bar = float(sum(kept) / len(kept)) if len(kept) else math.nan
    return mean, mr_bar


def _trend_flags(x: np.ndarray) -> np.ndarray:
    n = len(x)
    flagged = np.zeros(n, bool)
    steps = np.sign(np.diff(x))
    for i in range(n - TREND_LENGTH + 1):
        window = steps[i : i + TREND_LENGTH - 1]
        if (window > 0).all() or (window < 0).all():
            flagged[i : i + TREND_LENGTH] = True
    return flagged


def _group_labels(x: np.ndarray, mean: float, mr_bar: float) -> tuple[list[str], dict[str, np.ndarray]]:
    n = len(x)
    lpl, upl = mean - LIMIT_FACTOR * mr_bar, mean + LIMIT_FACTOR * mr_bar
    side = np.sign(x - mean).astype(int)
    nan_limits = math.isnan(lpl) or math.isnan(upl)
    if nan_limits:
        outside = np.zeros(n, bool)
        close = np.zeros(n, bool)
    else:
        outside = (x > upl) | (x < lpl)
        hi2, lo2 = mean + TWO_SIGMA * mr_bar, mean - TWO_SIGMA * mr_bar
        close = ((x > hi2) | (x < lo2)) & ~outside
    trend = _trend_flags(x)
    two_in_three = np.zeros(n, bool)
    for i in range(n - 2):
        s = side[i : i + 3]
        if s[0] != 0 and (s == s[0]).all() and close[i : i + 3].sum() >= 2:
            two_in_three[i : i + 3] |= close[i : i + 3]
    run = np.zeros(n, bool)
    for i in range(n - RUN_LENGTH + 1):
        s = side[i : i + RUN_LENGTH]
        if s[0] != 0 and (s == s[0]).all():
            run[i : i + RUN_LENGTH] = True
    labels = []
    for i in range(n):
        if outside[i]:
            labels.append("Above UCL" if x[i] > upl else "Below LCL")
        elif trend[i]:
            step = x[i + 1] - x[i] if i + 1 < n and trend[i + 1] else x[i] - x[i - 1]
            labels.append("7 Point Trend (Increasing)" if step > 0 else "7 Point Trend (Decreasing)")
        elif two_in_three[i]:
            labels.append("2 in 3 Above CL" if side[i] > 0 else "2 in 3 Below CL")
        elif run[i]:
            labels.append("7 Points Above CL" if side[i] > 0 else "7 Points Below CL")
        else:
            labels.append(COMMON)
    extra = {"outside": outside, "close": close, "side": side, "nan_limits": np.full(n, nan_limits)}
    return labels, extra


def _label_sign(label: str) -> int:
    if "Above" in label or "Increasing" in label:
        return 1
    if "Below" in label or "Decreasing" in label:
        return -1
    return 0


def _point_type(label: str, direction: str) -> str:
    sign = _label_sign(label)
    if sign == 0:
        return "common_cause"
    if direction == "neutral":
        return "special_cause_neutral_high" if sign > 0 else "special_cause_neutral_low"
    good = sign > 0 if direction == "increase" else sign < 0
    return "special_cause_improvement" if good else "special_cause_concern"


_VARIATION_ICON = {
    ("common_cause", "increase"): "common_cause", ("common_cause", "decrease"): "common_cause",
    ("common_cause", "neutral"): "common_cause",
    ("special_cause_improvement", "increase"): "improvement_high",
    ("special_cause_improvement", "decrease"): "improvement_low",
    ("special_cause_concern", "increase"): "concern_low",
    ("special_cause_concern", "decrease"): "concern_high",
    ("special_cause_neutral_high", "neutral"): "neutral_high",
    ("special_cause_neutral_low", "neutral"): "neutral_low",
}


def _assurance(target: float | None, direction: str, lpl: float, upl: float) -> tuple[str | None, str | None]:
    if target is None or direction == "neutral":
        return None, None
    if target > upl:
        kind = "consistent_fail" if direction == "increase" else "consistent_pass"
    elif target < lpl:
        kind = "consistent_pass" if direction == "increase" else "consistent_fail"
    else:  # includes a target exactly on a limit, and NaN limits
        kind = "inconsistent"
    icon = {"consistent_pass": "pass", "consistent_fail": "fail", "inconsistent": "inconsistent"}[kind]
    return kind, icon


def spc(
    values: Sequence[float],
    dates: Sequence | None = None,
    *,
    improvement_direction: Direction = "increase",
    target: float | None = None,
    rebase_indices: Sequence[int] = (),
    fix_after_n_points: int | None = None,
    screen_outliers: bool = True,
) -> SpcResult:
    """XmR chart calculations as in NHSRplotthedots 0.2.2 (metrics.md section 10).

    Parameters
    ----------
    values
        The series, in time order; every value a finite number.
    dates
        One date per value, strictly increasing; ``None`` uses positions.
    improvement_direction
        ``"increase"`` (higher is better), ``"decrease"`` or ``"neutral"``.
    target
        Optional target, for the assurance icon.
    rebase_indices
        0-based positions where a new period starts (the point there is the
        first of the new group); limits never cross a rebase.
    fix_after_n_points
        Compute each group's mean and limits from its first N points only
        (N >= 12); a group shorter than N uses all its points.
    screen_outliers
        One pass removing moving ranges of 3.267 x their mean or more before
        the limits are computed (the package default).

    Returns
    -------
    SpcResult

    Raises
    ------
    SpcInputError
        For non-numeric or missing values, unsorted or duplicate dates, bad
        rebase positions or ``fix_after_n_points`` below 12.
    """
    x, d = _validate(values, dates, improvement_direction, target, rebase_indices, fix_after_n_points)
    bounds = [0, *rebase_indices, len(x)]
    rows = []
    group_rows = []
    for g, (start, stop) in enumerate(zip(bounds[:-1], bounds[1:])):
        xs = x[start:stop]
        n_base = len(xs) if fix_after_n_points is None else min(len(xs), fix_after_n_points)
        mean, mr_bar = _limits(xs[:n_base], screen_outliers)
        lpl, upl = mean - LIMIT_FACTOR * mr_bar, mean + LIMIT_FACTOR * mr_bar
        labels, extra = _group_labels(xs, mean, mr_bar)
        types = [_point_type(lab, improvement_direction) for lab in labels]
        for k, (lab, typ) in enumerate(zip(labels, types)):
            nan_limits = bool(extra["nan_limits"][k])
            rows.append({
                "index": start + k,
                "date": d.iloc[start + k],
                "value": xs[k],
                "rebase_group": g,
                "mean": mean,
                "lpl": lpl,
                "upl": upl,
                "outside_limits": pd.NA if nan_limits else bool(extra["outside"][k]),
                "relative_to_mean": int(extra["side"][k]),
                "close_to_limits": pd.NA if nan_limits else bool(extra["close"][k]),
                "special_cause_type": lab,
                "special_cause_flag": lab != COMMON,
                "point_type": typ,
                "short_group_warning": len(xs) < SHORT_GROUP,
                "target": target,
            })
        group_rows.append({
            "rebase_group": g, "n": len(xs), "mean": mean, "lpl": lpl, "upl": upl,
            "common_cause": types.count("common_cause"),
            "special_cause_improvement": types.count("special_cause_improvement"),
            "special_cause_concern": types.count("special_cause_concern"),
            "variation_type_last_point": types[-1],
        })
    points = pd.DataFrame(rows)
    for col in ("outside_limits", "close_to_limits"):
        points[col] = points[col].astype("boolean")
    groups = pd.DataFrame(group_rows)
    last = points.iloc[-1]
    last_group = groups.iloc[-1]
    variation_type = str(last["point_type"])
    assurance_type, assurance_icon = _assurance(target, improvement_direction, float(last_group["lpl"]),
                                                float(last_group["upl"]))
    summary = {
        "variation_type": variation_type,
        "variation_icon": _VARIATION_ICON[(variation_type, improvement_direction)],
        "assurance_type": assurance_type,
        "assurance_icon": assurance_icon,
    }
    return SpcResult(points, groups, summary, improvement_direction, target)


_VARIATION_WORDS = {
    "common_cause": "common cause variation: no significant change",
    "improvement_high": "special cause variation: improving (higher)",
    "improvement_low": "special cause variation: improving (lower)",
    "concern_high": "special cause variation: a concern (higher)",
    "concern_low": "special cause variation: a concern (lower)",
    "neutral_high": "special cause variation: higher, neither better nor worse",
    "neutral_low": "special cause variation: lower, neither better nor worse",
}
_ASSURANCE_WORDS = {
    "pass": "the target is consistently met",
    "fail": "the target is consistently not met",
    "inconsistent": "the target is not reliably met (it lies within the process limits, so it will be hit and "
                    "missed by chance)",
}


#: Signal families in the order the chart labels them: label prefix -> words.
_SIGNALS = (("Above UCL", "outside the process limits"), ("Below LCL", "outside the process limits"),
            ("7 Point Trend", "in a run of seven rising or falling (a trend)"),
            ("2 in 3", "two of three close to a limit"),
            ("7 Points", "in a run of seven on one side of the mean (a shift)"))
_SIDE_WORDS = {"special_cause_improvement": "improving", "special_cause_concern": "a concern",
               "special_cause_neutral_high": "higher, neither better nor worse",
               "special_cause_neutral_low": "lower, neither better nor worse"}


def _signal_words(points: pd.DataFrame) -> str:
    """The special-cause points of the whole series by kind and by side, e.g. "9 of 17 points: 5 outside ..."."""
    labels = points["special_cause_type"].astype(str)
    special = labels != COMMON
    kinds = {w: 0 for _, w in _SIGNALS}  # the chart's order of precedence
    for label in labels[special]:
        kinds[next(w for prefix, w in _SIGNALS if label.startswith(prefix))] += 1
    types = points.loc[special, "point_type"].astype(str)
    by_kind = ", ".join(f"{k} {w}" for w, k in kinds.items() if k)
    by_side = ", ".join(f"{int((types == t).sum())} {w}" for t, w in _SIDE_WORDS.items() if (types == t).any())
    return f"{int(special.sum())} of {len(points)} points ({by_kind}; {by_side})"


def describe(result: SpcResult) -> str:
    """Plain English reading the whole chart as it is drawn: every signal, the latest point, the assurance.

    With no special-cause point anywhere: "Common cause variation: no significant change". Otherwise the
    special-cause points are counted by kind (outside the limits, trend, two of three, shift) and by side
    (improving, a concern, neutral), then the latest point's reading (the variation icon) is given, so a
    series with signals earlier on is never summarised as "no significant change". The assurance icon
    follows where there is a target.
    """
    points = result.points
    icon = str(result.summary["variation_icon"])
    if (points["special_cause_type"].astype(str) == COMMON).all():
        sentence = _VARIATION_WORDS["common_cause"][0].upper() + _VARIATION_WORDS["common_cause"][1:]
    else:
        latest = ("the latest point is within common cause variation" if icon == "common_cause"
                  else "the latest point shows " + _VARIATION_WORDS[icon])
        sentence = f"Special cause variation in {_signal_words(points)}; {latest}"
    assurance = result.summary["assurance_icon"]
    if assurance is not None:
        sentence += "; " + _ASSURANCE_WORDS[str(assurance)]
    elif result.target is not None and result.improvement_direction == "neutral":
        sentence += "; no assurance is given for a neutral measure"
    return sentence + "."


@dataclass(frozen=True)
class PChartResult:
    """A p-chart (or Laney p'-chart): one row per period.

    ``points`` has ``numerator``, ``denominator``, ``p``, ``centre``, ``sigma``
    (per period), ``lpl``, ``upl`` (clipped to [0, 1]), ``outside_limits``.
    ``sigma_z`` is Laney's between-period factor (1 for a plain p-chart).
    """

    points: pd.DataFrame
    centre: float
    sigma_z: float
    laney: bool


def p_chart(numerators: Sequence[int], denominators: Sequence[int], *, laney: bool | None = None,
            dispersion_threshold: float = 1.0) -> PChartResult:
    """p-chart limits for proportions with varying denominators, with Laney's adjustment.

    p-chart (Shewhart): centre p-bar = sum(numerators) / sum(denominators);
    sigma_i = sqrt(p-bar (1 - p-bar) / n_i); limits p-bar +- 3 sigma_i.
    Laney (2002) p'-chart: z_i = (p_i - p-bar) / sigma_i; sigma_z = mean
    moving range of z / 1.128; limits p-bar +- 3 sigma_i sigma_z. With large
    denominators ordinary p-chart limits become too narrow when periods
    differ for reasons beyond sampling (over-dispersion); sigma_z > 1 widens
    them to match.

    Parameters
    ----------
    numerators, denominators
        Events and population of each period (e.g. staff in band 8a+ who are
        BME, and all staff in band 8a+).
    laney
        ``True`` always adjusts, ``False`` never, ``None`` (default) adjusts
        only when sigma_z exceeds ``dispersion_threshold``.

    Returns
    -------
    PChartResult
        Limits are clipped to [0, 1]; proportions are 0-1 (multiply by 100 for %).
    """
    a = np.asarray(numerators, dtype=float)
    n = np.asarray(denominators, dtype=float)
    if a.shape != n.shape or a.ndim != 1 or len(a) < 2:
        raise SpcInputError("p_chart: give numerators and denominators of the same length, at least two periods.")
    if (n <= 0).any() or (a < 0).any() or (a > n).any() or not np.isfinite(a).all() or not np.isfinite(n).all():
        raise SpcInputError("p_chart: each denominator must be above 0 and each numerator between 0 and its "
                            "denominator.")
    p = a / n
    centre = float(a.sum() / n.sum())
    sigma = np.sqrt(centre * (1 - centre) / n)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(sigma > 0, (p - centre) / sigma, 0.0)
    sigma_z = float(np.mean(np.abs(np.diff(z))) / 1.128)
    use = laney if laney is not None else sigma_z > dispersion_threshold
    factor = sigma_z if use else 1.0
    half = 3 * sigma * factor
    lpl = np.clip(centre - half, 0, 1)
    upl = np.clip(centre + half, 0, 1)
    points = pd.DataFrame({
        "numerator": a, "denominator": n, "p": p, "centre": centre, "sigma": sigma * factor,
        "lpl": lpl, "upl": upl, "outside_limits": (p > upl) | (p < lpl),
    })
    return PChartResult(points, centre, sigma_z, bool(use))
