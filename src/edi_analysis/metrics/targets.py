"""Progress of a measure against a straight-line path to its target (metrics.md section 11).

Used for the HIA 6 targets and for pay gap targets: each year's milestone,
whether the estimate and its interval are on track, behind, off track or
(for a gap) reversed, and whether the target is met.
"""

from __future__ import annotations

import pandas as pd

__all__ = ["track_target"]

def track_target(
    observed: pd.DataFrame, *, baseline_year: int, target_value: float, target_year: int,
    baseline_value: float | None = None, higher_is_better: bool = False, parity: float | None = None,
) -> pd.DataFrame:
    """Progress of a measure against a straight-line path to its target, in the measure's own direction.

    Milestone m_y = baseline + (target - baseline) (y - baseline_year) /
    (target_year - baseline_year), as for the HIA 6 targets (metrics.md
    section 11), held at the target after the target year. "Better" is lower
    unless ``higher_is_better`` (the measure's definition says which; it is
    never guessed from the target). Each year's status, checked in this order:

    - ``insufficient_data``: no estimate or interval;
    - ``reversed`` (only with ``parity``, for gap targets): the whole interval
      lies beyond parity on the far side from the baseline - the gap has not
      closed but now runs the other way by more than chance;
    - ``on_track``: at the milestone or better (always so once the target is
      met);
    - ``behind_within_uncertainty``: worse than the milestone, but the interval
      contains it;
    - ``off_track``: the whole interval on the worse side of the milestone.

    Parameters
    ----------
    observed
        Index year; columns ``value``, ``low``, ``high`` (the measure and its interval).
    baseline_value
        Defaults to the observed value in ``baseline_year``.
    higher_is_better
        The measure's direction (e.g. a survey item with ``higher_is: better``).
    parity
        For a gap target, the value meaning no gap (0): see ``reversed``.

    Returns
    -------
    pandas.DataFrame
        ``observed`` for years from the baseline on, plus ``milestone``, ``status`` and ``met`` (bool: the
        estimate is at the target or better, early when before the target year; False without an estimate).
    """
    if target_year <= baseline_year:
        raise ValueError("track_target: the target year must come after the baseline year.")
    if baseline_value is None:
        if baseline_year not in observed.index or pd.isna(observed.loc[baseline_year, "value"]):
            raise ValueError(f"track_target: no observed value in the baseline year {baseline_year}; give one.")
        baseline_value = float(observed.loc[baseline_year, "value"])
    out = observed[observed.index >= baseline_year].copy()
    out["milestone"] = [baseline_value + (target_value - baseline_value) * (min(y, target_year) - baseline_year)
                        / (target_year - baseline_year) for y in out.index]
    sign = 1.0 if higher_is_better else -1.0  # sign * (a - b) > 0: a is better than b
    # the far side of parity from the baseline: a gap that starts positive is reversed once wholly below parity
    far = None if parity is None or baseline_value == parity else (-1.0 if baseline_value > parity else 1.0)

    def status(row: pd.Series) -> str:
        if pd.isna(row["value"]) or pd.isna(row["low"]) or pd.isna(row["high"]):
            return "insufficient_data"
        if far is not None and (row["high"] < parity if far < 0 else row["low"] > parity):
            return "reversed"
        if sign * (row["value"] - target_value) >= 0 or sign * (row["value"] - row["milestone"]) >= 0:
            return "on_track"
        best = row["high"] if sign > 0 else row["low"]  # the interval's end on the better side
        if sign * (best - row["milestone"]) >= 0:
            return "behind_within_uncertainty"
        return "off_track"

    out["status"] = out.apply(status, axis=1) if len(out) else pd.Series(dtype="object")
    out["met"] = [bool(pd.notna(v) and sign * (v - target_value) >= 0) and st != "reversed"
                  for v, st in zip(out["value"], out["status"])]
    return out
