"""Hourly pay gaps within each level of a column, e.g. each pay band (metrics.md section 6, measures 1-2).

A like-for-like view: the statutory mean and median hourly gaps, worked out
among the people of each level alone.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .pay_arrays import PayArrays, mean
from .pay_by_group import gap_pct

__all__ = ["pay_gaps_within", "within_of"]

_gap = gap_pct  # one definition of a gap (pay_by_group), used by every measure here


def pay_gaps_within(
    staff: pd.DataFrame,
    within: str,
    by: str = "sex",
    reference: str = "Male",
    focus: str = "Female",
    *,
    order: Sequence[str] | None = None,
    rate_col: str = "hourly_rate",
    full_pay_col: str = "full_pay_relevant",
) -> pd.DataFrame:
    """Mean and median hourly pay and gaps within each level of ``within``.

    A like-for-like view (e.g. within each pay band): the same formulas as
    :func:`pay_gap_measures` measures 1-2, applied inside each level.

    Returns
    -------
    pandas.DataFrame
        Index the levels of ``within`` (in ``order`` if given); columns
        ``n_<ref>``, ``n_<focus>``, ``mean_<ref>``, ``mean_<focus>``,
        ``median_<ref>``, ``median_<focus>``, ``mean_gap``, ``median_gap``.
        Counts are not suppressed here; the caller passes the table through
        :func:`edi_analysis.disclosure.suppress`.
    """
    # the four columns read once as arrays; each level's people found by one sort of its codes
    pay = PayArrays(staff[list(dict.fromkeys([within, by, rate_col, full_pay_col]))], rate_col=rate_col,
                    full_pay_col=full_pay_col)
    return within_of(pay, within, by, reference, focus, order=order)


def within_of(pay: PayArrays, within: str, by: str, reference: str, focus: str, *,
              order: Sequence[str] | None = None, total: str | None = None) -> pd.DataFrame:
    """:func:`pay_gaps_within` of a staff table held as :class:`PayArrays`, with an optional last row.

    ``total``: the label of a last row holding everyone in the levels of ``order`` (e.g. ``All``).
    """
    _, labels = pay.codes(within)
    sides = {g: pay.in_full(by, g) for g in (reference, focus)}
    if order is not None:
        levels = list(order)
    else:
        held = np.unique(pay.full_codes(within)[sides[reference] | sides[focus]])
        levels = sorted(labels[held[held >= 0]])
    at = labels.get_indexer(levels) if labels.is_unique else np.full(len(levels), -1)
    split = {g: pay.split(sides[g], within) for g in sides}
    none = np.zeros(0, dtype=np.intp)

    def level_rows(g: str, i: int) -> np.ndarray:
        positions, bounds = split[g]
        return none if i < 0 else positions[bounds[i]:bounds[i + 1]]

    people = [[level_rows(g, i) for g in sides] for i in at]
    index = list(levels)
    if total is not None:  # everyone in the levels: table order, as their own table would hold them
        in_levels = np.isin(pay.full_codes(within), at[at >= 0])
        people.append([np.flatnonzero(sides[g] & in_levels) for g in sides])
        index.append(total)
    rows = []
    for r_at, f_at in people:
        r, f = pay.rates_at(r_at), pay.rates_at(f_at)
        mr, mf, dr, df_ = mean(r), mean(f), pay.median_at(r_at), pay.median_at(f_at)
        rows.append({f"n_{reference}": len(r), f"n_{focus}": len(f), f"mean_{reference}": mr, f"mean_{focus}": mf,
                     f"median_{reference}": dr, f"median_{focus}": df_, "mean_gap": _gap(mr, mf),
                     "median_gap": _gap(dr, df_)})
    out = pd.DataFrame(rows, index=pd.Index(index, name=within),
                       columns=[f"n_{reference}", f"n_{focus}", f"mean_{reference}", f"mean_{focus}",
                                f"median_{reference}", f"median_{focus}", "mean_gap", "median_gap"])
    for col in out.columns:
        if col.startswith("n_"):
            out[col] = out[col].astype("int64")
        else:
            out[col] = out[col].astype("float64")
    return out
