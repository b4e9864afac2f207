"""What lies behind a pay gap: where each group sits against pay within levels, and bonuses by award type.

The mean hourly gap split into a part from the groups' spread across levels
(e.g. pay bands) and a part from pay inside the same level (metrics.md
section 6, measure 1), and the bonus gaps (measures 4-5) for each type of award.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .pay_arrays import PayArrays
from .pay_by_group import gap_pct

__all__ = ["decompose_gap", "decompose_of", "bonus_by_type"]

_gap = gap_pct  # one definition of a gap (pay_by_group), used by every measure here


def _mean(x: pd.Series) -> float | None:
    return float(x.mean()) if len(x) else None


def _median(x: pd.Series) -> float | None:
    return float(x.median()) if len(x) else None


def decompose_gap(
    staff: pd.DataFrame, within: str, by: str = "sex", reference: str = "Male", focus: str = "Female",
    *, rate_col: str = "hourly_rate", full_pay_col: str = "full_pay_relevant",
) -> dict[str, float]:
    """Split the mean hourly gap into 'where each group sits' and 'pay within the same level'.

    With s_gb the share of group g's full-pay relevant staff in level b (e.g.
    pay band) and m_b the mean hourly pay of both groups together in level b:
    structure = sum_b (s_ref,b - s_focus,b) m_b, the gap that would remain
    if each group were paid the common average of its level; within = (mean_ref
    - mean_focus) - structure, the part from pay differences inside levels.
    Both are given as % of the reference mean, so they add up to the mean gap
    (a twofold decomposition with pooled level means; Oaxaca 1973, Neumark
    1988, applied to level shares instead of regression coefficients).

    Returns
    -------
    dict
        ``mean_gap``, ``structure``, ``within`` (% of the reference mean) and
        ``structure_share`` (structure / mean gap; NaN when the gap is 0).
    """
    pay = PayArrays(staff[list(dict.fromkeys([within, by, rate_col, full_pay_col]))], rate_col=rate_col,
                    full_pay_col=full_pay_col)
    return decompose_of(pay, within, by, reference, focus)


def decompose_of(pay: PayArrays, within: str, by: str, reference: str, focus: str) -> dict[str, float]:
    """:func:`decompose_gap` of a staff table held as :class:`PayArrays` (its groups found once)."""
    in_ref, in_foc = pay.in_full(by, reference), pay.in_full(by, focus)
    ref, foc = pay.group_rates(by, reference), pay.group_rates(by, focus)
    if len(ref) == 0 or len(foc) == 0:
        raise ValueError("decompose_gap: both groups need full-pay relevant staff.")
    mean_ref, mean_foc = float(ref.mean()), float(foc.mean())
    _, labels = pay.codes(within)
    level = pay.full_codes(within)
    both = (in_ref | in_foc) & (level >= 0)  # a level not recorded is in no level (as a groupby leaves it out)
    # pandas' grouped mean (compensated sums, people in table order), keyed by the levels' codes
    level_mean = pd.Series(pay.rates_at(np.flatnonzero(both))).groupby(level[both]).mean()
    at = level_mean.index.to_numpy()

    coded = pay.is_categorical(within)

    def shares(side: np.ndarray) -> np.ndarray:
        # each level's share, as value_counts(normalize=True) gives them: a group with no level recorded has
        # shares 0 / 0 (NaN) for a categorical column, none (0 once aligned) for another
        counts = np.bincount(level[side & (level >= 0)], minlength=len(labels))
        n = counts.sum()
        return counts[at] / n if n else np.full(len(at), np.nan if coded else 0.0)
    # a missing share is left out of the sum, as pandas' sum skips it
    structure = float(np.nansum((shares(in_ref) - shares(in_foc)) * level_mean.to_numpy()))
    total = mean_ref - mean_foc
    return {
        "mean_gap": total / mean_ref * 100,
        "structure": structure / mean_ref * 100,
        "within": (total - structure) / mean_ref * 100,
        "structure_share": structure / total if total != 0 else float("nan"),
    }


def bonus_by_type(
    staff: pd.DataFrame, by: str = "sex", reference: str = "Male", focus: str = "Female",
    *, type_col: str = "bonus_award_type", bonus_col: str = "bonus_pay_12m",
) -> pd.DataFrame:
    """Bonus recipients, mean and median bonus and the gaps, for each type of award.

    Returns
    -------
    pandas.DataFrame
        Index award type; ``n_<ref>``, ``n_<focus>``, ``mean_<ref>``,
        ``mean_<focus>``, ``mean_gap``, ``median_gap`` (gaps over recipients of
        that type, as in :func:`pay_gap_measures`).
    """
    paid = staff[(staff[bonus_col].fillna(0) > 0) & staff[by].isin((reference, focus))]
    types = paid[type_col].astype("string").fillna("Not recorded")
    rows = {}
    for t in sorted(types.unique()):
        part = paid[types == t]
        r, f = part.loc[part[by] == reference, bonus_col], part.loc[part[by] == focus, bonus_col]
        rows[t] = {f"n_{reference}": len(r), f"n_{focus}": len(f), f"mean_{reference}": _mean(r),
                   f"mean_{focus}": _mean(f), "mean_gap": _gap(_mean(r), _mean(f)),
                   "median_gap": _gap(_median(r), _median(f))}
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = type_col
    return out
