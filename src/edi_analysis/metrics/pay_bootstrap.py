"""Percentile bootstrap intervals of the mean and median hourly pay gaps (metrics.md section 6).

The pay gap report gives each gap a 95% interval: each group's full-pay relevant staff resampled with
replacement, separately, with a fixed seed (the figures must not move between runs). A national-scale group is
resampled as multinomial counts of its distinct rates: the same bootstrap distribution, drawn in time that does
not grow with the group. :func:`bootstrap_gap_ci` reads a staff table; :func:`bootstrap_rates_ci` takes the two
groups' rates when the caller holds them already (:class:`~edi_analysis.metrics.pay_arrays.PayArrays`).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

__all__ = ["bootstrap_gap_ci", "bootstrap_rates_ci"]


#: Group size from which the bootstrap resamples counts of distinct rates instead of people (same distribution).
_RESAMPLE_BY_COUNTS_FROM = 20_000


def _resampled_mean_median(values: np.ndarray, n_boot: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Mean and median of ``n_boot`` resamples with replacement, drawn as multinomial counts of distinct values.

    Drawing n people with replacement is drawing how many times each distinct value is picked:
    Multinomial(n, value shares). That costs the number of distinct rates per resample, not the number of
    people, so a national-scale group is resampled in milliseconds. The median is the mean of the two middle
    order statistics (the lower and upper one coincide for odd n), as :func:`numpy.median` takes it.
    """
    uniq, counts = np.unique(values, return_counts=True)
    n = len(values)
    lo_k, hi_k = (n - 1) // 2, n // 2
    means, medians = [], []
    # the batch size is part of the method: the means' sums (BLAS) depend on the shape of the batch
    step = max(1, min(n_boot, 5_000_000 // max(len(uniq), 1)))  # bound the draws held at once
    for start in range(0, n_boot, step):
        draws = rng.multinomial(n, counts / n, size=min(step, n_boot - start))
        means.append(draws @ uniq / n)
        cum = np.cumsum(draws, axis=1, out=draws)  # in place: the counts are not read again
        medians.append((uniq[(cum > lo_k).argmax(axis=1)] + uniq[(cum > hi_k).argmax(axis=1)]) / 2)
    return np.concatenate(means), np.concatenate(medians)


def _bootstrap_by_counts(r: np.ndarray, f: np.ndarray, n_boot: int, level: float,
                         rng: np.random.Generator) -> dict[str, tuple[float, float]]:
    rm, rmed = _resampled_mean_median(r, n_boot, rng)
    fm, fmed = _resampled_mean_median(f, n_boot, rng)
    tail = (1 - level) / 2 * 100
    with np.errstate(divide="ignore", invalid="ignore"):
        gaps = {"mean_gap": (rm - fm) / rm * 100, "median_gap": np.where(rmed != 0, (rmed - fmed) / rmed * 100, np.nan)}
    return {k: tuple(float(x) for x in np.nanpercentile(v, [tail, 100 - tail])) for k, v in gaps.items()}


def bootstrap_gap_ci(
    staff: pd.DataFrame, by: str = "sex", reference: str = "Male", focus: str = "Female", *,
    n_boot: int = 1000, level: float = 0.95, seed: int = 20260331,
    rate_col: str = "hourly_rate", full_pay_col: str = "full_pay_relevant",
) -> dict[str, tuple[float, float]]:
    """Percentile bootstrap intervals for the mean and median hourly gaps.

    Each group's full-pay relevant staff are resampled with replacement,
    separately (a stratified bootstrap, Efron and Tibshirani 1993, ch. 13),
    ``n_boot`` times with a fixed seed; the interval is the central
    ``level`` share of the resampled gaps. The staff are the whole
    population, so the interval describes how much the gap could move with a
    slightly different set of people: a guide to noise, not sampling error. Groups of more than
    20,000 people are resampled as multinomial counts of their distinct rates (the same bootstrap
    distribution, drawn in time that does not grow with the group: :func:`_resampled_mean_median`).

    Returns
    -------
    dict
        ``{"mean_gap": (low, high), "median_gap": (low, high)}`` in % of the
        reference; NaN pairs when a group is empty.
    """
    fp = staff.loc[staff[full_pay_col].astype(bool) & staff[rate_col].notna(), [by, rate_col]]
    r = fp.loc[fp[by] == reference, rate_col].to_numpy(float)
    f = fp.loc[fp[by] == focus, rate_col].to_numpy(float)
    return bootstrap_rates_ci(r, f, n_boot=n_boot, level=level, seed=seed)


def bootstrap_rates_ci(r: np.ndarray, f: np.ndarray, *, n_boot: int = 1000, level: float = 0.95,
                       seed: int = 20260331) -> dict[str, tuple[float, float]]:
    """:func:`bootstrap_gap_ci` of the two groups' full-pay hourly rates ``r`` (reference) and ``f`` (focus).

    For a caller that holds the rates already (:class:`~edi_analysis.metrics.pay_arrays.PayArrays`); in table
    order, as a small group is resampled by position.
    """
    nan = (float("nan"), float("nan"))
    if len(r) == 0 or len(f) == 0:
        return {"mean_gap": nan, "median_gap": nan}
    rng = np.random.default_rng(seed)
    if max(len(r), len(f)) > _RESAMPLE_BY_COUNTS_FROM:
        return _bootstrap_by_counts(r, f, n_boot, level, rng)
    means, medians = [], []
    batch = max(1, min(n_boot, 2_000_000 // max(len(r), len(f))))
    done = 0
    while done < n_boot:
        b = min(batch, n_boot - done)
        rs = r[rng.integers(0, len(r), (b, len(r)))]
        fs = f[rng.integers(0, len(f), (b, len(f)))]
        rm, fm = rs.mean(axis=1), fs.mean(axis=1)
        rmed, fmed = np.median(rs, axis=1), np.median(fs, axis=1)
        means.append((rm - fm) / rm * 100)
        with np.errstate(divide="ignore", invalid="ignore"):
            medians.append(np.where(rmed != 0, (rmed - fmed) / rmed * 100, np.nan))
        done += b
    tail = (1 - level) / 2 * 100
    out = {}
    for name, values in (("mean_gap", np.concatenate(means)), ("median_gap", np.concatenate(medians))):
        lo, hi = np.nanpercentile(values, [tail, 100 - tail])
        out[name] = (float(lo), float(hi))
    return out
