"""The six statutory pay gap measures (metrics.md sections 6 and 7), for one snapshot or a run of years.

The six measures of the Equality Act 2010 (Specific Duties and Public
Authorities) Regulations 2017, Schedule 1, computed for any two groups of one
characteristic: by default men (reference) and women (focus). A positive gap
means the focus group is paid less.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from .pay_arrays import PayArrays, mean, median
from .pay_by_group import gap_pct
from .pay_quartiles import QUARTILES, quartile_counts

__all__ = ["PayGapResult", "pay_gap_measures", "measures_of", "pay_gap_trend"]

_gap = gap_pct  # one definition of a gap (pay_by_group), used by every measure here


@dataclass(frozen=True)
class PayGapResult:
    """The six statutory measures for a reference and a focus group.

    Gaps are percentages of the reference value, positive when the focus
    group is paid less; ``None`` when undefined (empty group or a reference
    value of 0). Quartile tables cover the groups in ``quartile_counts``.
    """

    by: str
    reference: str
    focus: str
    n_full_pay: dict[str, int]
    n_relevant: dict[str, int]
    n_bonus: dict[str, int]
    mean_hourly: dict[str, float | None]
    median_hourly: dict[str, float | None]
    mean_gap: float | None
    median_gap: float | None
    bonus_proportion: dict[str, float | None]
    mean_bonus: dict[str, float | None]
    median_bonus: dict[str, float | None]
    mean_bonus_gap: float | None
    median_bonus_gap: float | None
    quartile_counts: pd.DataFrame = field(repr=False)

    @property
    def quartile_pct(self) -> pd.DataFrame:
        """Each group's share (%) of each quartile; rows sum to 100."""
        sizes = self.quartile_counts.sum(axis=1)
        return self.quartile_counts.div(sizes.where(sizes > 0), axis=0) * 100

    def headline(self) -> pd.Series:
        """The headline figures as one Series (the gov.uk return's fields)."""
        f, r = self.focus, self.reference
        data: dict[str, float | None] = {
            "mean_gap": self.mean_gap,
            "median_gap": self.median_gap,
            "mean_bonus_gap": self.mean_bonus_gap,
            "median_bonus_gap": self.median_bonus_gap,
            f"bonus_pct_{r}": self.bonus_proportion[r],
            f"bonus_pct_{f}": self.bonus_proportion[f],
        }
        for q in QUARTILES:
            key = q.lower().replace(" ", "_")
            data[f"{key}_pct_{f}"] = float(self.quartile_pct.loc[q, f]) if f in self.quartile_pct else None
        return pd.Series(data, dtype="float64")


def pay_gap_measures(
    staff: pd.DataFrame,
    by: str = "sex",
    reference: str = "Male",
    focus: str = "Female",
    *,
    rate_col: str = "hourly_rate",
    full_pay_col: str = "full_pay_relevant",
    bonus_col: str = "bonus_pay_12m",
) -> PayGapResult:
    """The six statutory pay gap measures (SI 2017/353 Sch. 1; metrics.md section 6).

    1-2. mean and median hourly gap, (ref - focus) / ref x 100, over
    full-pay relevant employees with an hourly rate; 3. % of each group's
    relevant employees paid any bonus in the 12 months; 4-5. mean and median
    bonus gap over bonus recipients, on each person's 12-month total;
    6. each group's share of each pay quartile (ties at boundaries shared,
    see :func:`allocate_quartiles`).

    Parameters
    ----------
    staff
        One row per relevant employee with the columns named below and ``by``.
        Rows whose ``by`` value is neither group are left out (for sex, people
        recorded as neither are counted elsewhere, section 1.3).
    by
        Column holding the groups.
    reference, focus
        The group paid the benchmark rate (men) and the group compared with it.
    rate_col, full_pay_col, bonus_col
        Hourly rate (NaN when not computable), full-pay relevant flag, and
        total bonus in the 12 months to the snapshot date (0 for none).

    Returns
    -------
    PayGapResult
    """
    for col in (by, rate_col, full_pay_col, bonus_col):
        if col not in staff.columns:
            raise KeyError(f"pay_gap_measures: column {col!r} is missing from the staff table.")
    if reference == focus:
        raise ValueError("pay_gap_measures: reference and focus must be different groups.")
    # the four columns read once as arrays (not every column of a large staff table copied by each filter)
    pay = PayArrays(staff[list(dict.fromkeys([by, rate_col, full_pay_col, bonus_col]))], rate_col=rate_col,
                    full_pay_col=full_pay_col, bonus_col=bonus_col)
    return measures_of(pay, by, reference, focus)


def measures_of(pay: PayArrays, by: str, reference: str, focus: str) -> PayGapResult:
    """:func:`pay_gap_measures` of a staff table already held as :class:`PayArrays`.

    A report that measures several comparisons of one snapshot shares its arrays: the full-pay people, each
    group column's codes and the blocks of equal rates are found once, not once per comparison.
    """
    if reference == focus:
        raise ValueError("pay_gap_measures: reference and focus must be different groups.")
    groups = (reference, focus)
    is_in = {g: pay.members(by, g) for g in groups}  # relevant employees of each group
    paid = pay.paid
    rates = {g: pay.group_rates(by, g) for g in groups}  # full-pay rates, table order
    bonuses = {g: pay.bonus[is_in[g] & paid] for g in groups}
    mean_hourly = {g: mean(rates[g]) for g in groups}
    median_hourly = {g: pay.group_median(by, g) for g in groups}
    mean_bonus = {g: mean(bonuses[g]) for g in groups}
    median_bonus = {g: median(bonuses[g]) for g in groups}
    n_relevant = {g: int(is_in[g].sum()) for g in groups}
    n_bonus = {g: len(bonuses[g]) for g in groups}
    bonus_proportion = {
        g: (n_bonus[g] / n_relevant[g] * 100 if n_relevant[g] else None) for g in groups
    }
    quartiles = quartile_counts(pay, by, groups)
    return PayGapResult(
        by=by,
        reference=reference,
        focus=focus,
        n_full_pay={g: len(rates[g]) for g in groups},
        n_relevant=n_relevant,
        n_bonus=n_bonus,
        mean_hourly=mean_hourly,
        median_hourly=median_hourly,
        mean_gap=_gap(mean_hourly[reference], mean_hourly[focus]),
        median_gap=_gap(median_hourly[reference], median_hourly[focus]),
        bonus_proportion=bonus_proportion,
        mean_bonus=mean_bonus,
        median_bonus=median_bonus,
        mean_bonus_gap=_gap(mean_bonus[reference], mean_bonus[focus]),
        median_bonus_gap=_gap(median_bonus[reference], median_bonus[focus]),
        quartile_counts=quartiles.reindex(columns=list(groups), fill_value=0),
    )


def pay_gap_trend(
    snapshots: dict[int, pd.DataFrame], by: str = "sex", reference: str = "Male", focus: str = "Female"
) -> pd.DataFrame:
    """Headline measures for each snapshot year, one row per year.

    Parameters
    ----------
    snapshots
        Staff tables keyed by snapshot year (31 March of that year).

    Returns
    -------
    pandas.DataFrame
        Index ``year``; the columns of :meth:`PayGapResult.headline` plus the
        full-pay relevant counts ``n_<reference>`` and ``n_<focus>``.
    """
    rows = {}
    for year in sorted(snapshots):
        res = pay_gap_measures(snapshots[year], by=by, reference=reference, focus=focus)
        row = res.headline()
        row[f"n_{reference}"] = res.n_full_pay[reference]
        row[f"n_{focus}"] = res.n_full_pay[focus]
        rows[year] = row
    out = pd.DataFrame.from_dict(rows, orient="index")
    out.index.name = "year"
    return out
