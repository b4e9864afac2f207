"""Statutory pay gap measures (metrics.md sections 6 and 7).

The six measures of the Equality Act 2010 (Specific Duties and Public
Authorities) Regulations 2017, Schedule 1, computed for any two groups of one
characteristic: by default men (reference) and women (focus). A positive gap
means the focus group is paid less.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from .pay_arrays import PayArrays, mean, median
from .pay_bootstrap import bootstrap_gap_ci, bootstrap_rates_ci
from .pay_by_group import GroupPay, gap_pct, pay_by_group, pool_gaps, pooled

__all__ = [
    "QUARTILES",
    "hourly_rate",
    "hourly_rates",
    "quartile_sizes",
    "allocate_quartiles",
    "PayGapResult",
    "pay_gap_measures",
    "measures_of",
    "quartile_counts",
    "quartile_table",
    "pay_gap_trend",
    "pay_gaps_within",
    "within_of",
    "merge_small_groups",
    "group_pay_gaps",
    "decompose_gap",
    "decompose_of",
    "bootstrap_gap_ci",
    "bootstrap_rates_ci",
    "bonus_by_type",
    "track_target",
]

#: Pay quartile names, lowest paid first (gov.uk wording).
QUARTILES: tuple[str, ...] = ("Lower", "Lower middle", "Upper middle", "Upper")
#: Decimal places kept in a worked-out hourly rate: removes floating-point noise, not pay.
RATE_DECIMALS = 9


def hourly_rates(
    ordinary_pay: ArrayLike,
    period_days: ArrayLike,
    weekly_hours: ArrayLike | None = None,
    *,
    hours_12_weeks: ArrayLike | None = None,
    bonus_in_period: ArrayLike | None = None,
    bonus_relates_to_days: ArrayLike | None = None,
) -> pd.Series:
    """Hourly rates of pay for the relevant pay period, one per employee (vectorised).

    The Equality Act 2010 (Specific Duties and Public Authorities) Regulations
    2017 (SI 2017/353), Schedule 1 paras 6-7, as in metrics.md section 7::

        weekly_hours    = weekly_hours, or hours_12_weeks / 12 where it is blank (variable hours)
        bonus_counted   = bonus_in_period x period_days / bonus_relates_to_days
        hourly_rate     = (ordinary_pay + bonus_counted) x 7 / period_days / weekly_hours

    Worked example GPG-10: 2,600.00 ordinary pay in a 30.44-day month at
    37.5 h/week gives 15.943933; with 1,200 of bonus paid in the month that
    relates to 365 days (100.076712 counted) it gives 16.557632.

    Parameters
    ----------
    ordinary_pay
        Ordinary pay in the pay period containing the snapshot date.
    period_days
        Days in that pay period: 30.44 for a month (``gpg.month_days``), 7 for
        a week, 28 for four weeks, 365 for a year.
    weekly_hours
        Contractual weekly working hours. Zero gives NaN (no hourly rate:
        the employee is out of the hourly measures, metrics.md section 6).
    hours_12_weeks
        For variable hours: hours worked in the 12 weeks ending with the last
        complete week of the pay period; used where ``weekly_hours`` is NaN
        (or not given), averaged to hours / 12.
    bonus_in_period
        Bonus pay received in the pay period; NaN or 0 for none.
    bonus_relates_to_days
        Days the bonus relates to (365 for a year's award); needed wherever
        ``bonus_in_period`` > 0.

    Returns
    -------
    pandas.Series
        ``float64`` hourly rates, on the index of ``ordinary_pay`` if it is a
        Series; NaN where weekly hours are 0 or unknown. Rounded to
        :data:`RATE_DECIMALS` places, far below a penny, so equal pay gives
        exactly equal rates (ties are shared between quartiles).

    Raises
    ------
    ValueError
        If a bonus is given without the days it relates to.
    """
    index = ordinary_pay.index if isinstance(ordinary_pay, pd.Series) else None
    shape = np.shape(np.atleast_1d(ordinary_pay))

    def arr(x: ArrayLike | None) -> np.ndarray:
        # Inputs line up by position; a scalar applies to every employee.
        return np.broadcast_to(np.asarray(np.nan if x is None else x, dtype=float), shape)

    pay, days = arr(ordinary_pay), arr(period_days)
    hours = arr(weekly_hours)
    hours = np.where(np.isnan(hours), arr(hours_12_weeks) / 12, hours)
    bonus = np.nan_to_num(arr(bonus_in_period), nan=0.0)
    relates = arr(bonus_relates_to_days)
    if np.any((bonus > 0) & ~(relates > 0)):
        raise ValueError("hourly_rates: give bonus_relates_to_days wherever there is a bonus in the period.")
    counted = np.divide(bonus * days, relates, out=np.zeros_like(bonus), where=bonus > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate = np.where(hours > 0, (pay + counted) * 7 / days / hours, np.nan)
    # Rounded far below a penny so that the same pay reached by different sums (a month or four weeks, say)
    # gives exactly the same float: quartile allocation shares exactly tied rates (metrics.md section 6).
    return pd.Series(np.round(rate, RATE_DECIMALS), index=index, dtype="float64")


def hourly_rate(
    ordinary_pay: float,
    weekly_hours: float,
    *,
    bonus_paid: float = 0.0,
    bonus_relates_to_days: float | None = None,
    period_days: float = 30.44,
) -> float:
    """Hourly rate of pay of one employee (SI 2017/353 Sch. 1 paras 6-7; metrics.md section 7).

    The scalar form of :func:`hourly_rates`:
    hourly = (ordinary_pay + bonus_paid x period_days / bonus_relates_to_days) x 7 / period_days / weekly_hours.

    Parameters
    ----------
    ordinary_pay
        Ordinary pay in the pay period containing the snapshot date.
    weekly_hours
        Contractual weekly working hours; 0 gives NaN (no hourly rate).
    bonus_paid
        Bonus paid in the period.
    bonus_relates_to_days
        Days of the period the bonus relates to (365 for a year's bonus).
    period_days
        Days in the pay period: 30.44 for a month, 365 for a year.

    Returns
    -------
    float
    """
    if bonus_paid and not bonus_relates_to_days:
        raise ValueError("hourly_rate: give bonus_relates_to_days with bonus_paid.")
    return float(hourly_rates(ordinary_pay, period_days, weekly_hours, bonus_in_period=bonus_paid,
                              bonus_relates_to_days=bonus_relates_to_days).iloc[0])


def quartile_sizes(n: int) -> list[int]:
    """Sizes of the four pay quartiles for ``n`` employees, lowest first.

    n = 4q + r; sizes = [q + (r>=1), q + (r=3), q + (r>=2), q] (gov.uk
    guidance: the remainder goes to the lower, then upper-middle, then
    lower-middle quartile).
    """
    if n < 0:
        raise ValueError(f"quartile_sizes: n must not be negative; got {n}.")
    q, r = divmod(n, 4)
    return [q + (r >= 1), q + (r == 3), q + (r >= 2), q]


def _share_block(composition: pd.Series, slots: Sequence[int]) -> list[dict[str, int]]:
    """Share a block of equal rates across bands in proportion to its mix (reg. 13(2))."""
    remaining = composition.astype(int).to_dict()
    original = dict(remaining)
    out: list[dict[str, int]] = []
    for s in slots:
        total = sum(remaining.values())
        if total == 0 or s == 0:
            out.append(dict.fromkeys(remaining, 0))
            continue
        quotas = {g: remaining[g] * s / total for g in remaining}
        take = {g: math.floor(q) for g, q in quotas.items()}
        leftover = s - sum(take.values())
        order = sorted(remaining, key=lambda g: (-(quotas[g] - take[g]), -original[g], str(g)))
        for g in order[:leftover]:
            take[g] += 1
        for g in take:
            remaining[g] -= take[g]
        out.append(take)
    return out


def allocate_quartiles(rates: pd.Series, groups: pd.Series) -> pd.DataFrame:
    """Count each group in each pay quartile, sharing tied rates at boundaries.

    Employees are sorted by hourly rate; quartile sizes follow
    :func:`quartile_sizes`. A block of equal rates that crosses a boundary
    is shared so each quartile gets, as far as possible, the block's mix of
    groups (SI 2017/172 reg. 13(2)); quotas are floored and leftover places
    go by largest fractional part, then larger count in the block, then
    label (metrics.md section 6).

    Parameters
    ----------
    rates
        Hourly rates of full-pay relevant employees.
    groups
        Group label of each employee, aligned with ``rates``.

    Returns
    -------
    pandas.DataFrame
        Index :data:`QUARTILES`, one column per group (sorted), int64 counts.
    """
    if len(rates) != len(groups):
        raise ValueError("allocate_quartiles: rates and groups differ in length.")
    # each distinct group made text once (not every person's label converted)
    codes, uniq = pd.factorize(groups, use_na_sentinel=False)
    names = np.array([str(u) for u in uniq], dtype=object)
    labels = sorted(set(names))
    counts = pd.DataFrame(0, index=list(QUARTILES), columns=labels, dtype="int64")
    if len(rates) == 0:
        return counts
    values = rates.to_numpy(dtype=float)
    column_of = pd.Index(labels, dtype=object).get_indexer(names)[codes]
    if np.isnan(values).any():  # not a rate: each missing value is a block of its own, ranked last
        cells = _blocks_by_sorting(values, column_of, len(labels))
    else:
        cells = _blocks_by_counting(values, column_of, len(labels))
    return quartile_table(cells, labels)


def quartile_table(cells: np.ndarray, labels: Sequence[str]) -> pd.DataFrame:
    """Each group's count in each pay quartile, from the people per (block of equal rates, group).

    The allocation of :func:`allocate_quartiles` (ties at boundaries shared, SI 2017/172 reg. 13(2)), given
    ``cells``: one row per non-empty block of equal rates, lowest rate first; one column per group of ``labels``
    (sorted). A caller that holds the blocks already (:meth:`~edi_analysis.metrics.pay_arrays.PayArrays.
    cells_by`) counts them without sorting or hashing the rates again.
    """
    labels = list(labels)
    counts = pd.DataFrame(0, index=list(QUARTILES), columns=labels, dtype="int64")
    n = int(cells.sum())
    if n == 0:
        return counts
    # cells: people of each (block of equal rates, group), blocks in rate order; their sorted positions follow
    size = cells.sum(axis=1)
    first_pos = np.r_[0, np.cumsum(size)[:-1]]
    last_pos = first_pos + size - 1
    band_of_pos = np.repeat(np.arange(4), quartile_sizes(n))
    crossing = band_of_pos[first_pos] != band_of_pos[last_pos]
    # blocks inside one quartile: every person counted in it, in integers
    whole = np.zeros((4, len(labels)), dtype="int64")
    np.add.at(whole, band_of_pos[first_pos[~crossing]], cells[~crossing])
    counts.iloc[:, :] = counts.to_numpy() + whole
    for blk in np.flatnonzero(crossing):
        bands = band_of_pos[first_pos[blk]:last_pos[blk] + 1]
        present = np.unique(bands)
        slots = [int((bands == b).sum()) for b in present]
        held = np.flatnonzero(cells[blk])
        composition = pd.Series(cells[blk, held], index=[labels[i] for i in held])
        for b, take in zip(present, _share_block(composition, slots)):
            for g, n_take in take.items():
                counts.iat[int(b), labels.index(str(g))] += n_take
    return counts


def _blocks_by_counting(values: np.ndarray, column: np.ndarray, width: int) -> np.ndarray:
    """People per (block of equal rates, group column), blocks in rate order, without sorting the people.

    A national trust has a million rates but a few thousand distinct ones: each distinct rate is found by
    hashing (:func:`pandas.factorize`) and only those are sorted. Equal rates (0 and -0 included) make one
    block, as a sort would.
    """
    codes, uniq = pd.factorize(values)
    order = np.argsort(uniq, kind="stable")
    ranked = uniq[order]
    block_of_rank = np.cumsum(np.r_[True, ranked[1:] != ranked[:-1]]) - 1
    block_of_code = np.empty(len(uniq), dtype=np.intp)
    block_of_code[order] = block_of_rank
    n_blocks = int(block_of_rank[-1]) + 1
    cells = np.bincount(block_of_code[codes] * width + column, minlength=n_blocks * width)
    return cells.reshape(n_blocks, width).astype("int64")


def _blocks_by_sorting(values: np.ndarray, column: np.ndarray, width: int) -> np.ndarray:
    """As :func:`_blocks_by_counting`, by sorting every value (missing values last, each a block of its own)."""
    order = np.argsort(values, kind="stable")
    sorted_rates = values[order]
    block = np.cumsum(np.r_[True, sorted_rates[1:] != sorted_rates[:-1]]) - 1
    n_blocks = int(block[-1]) + 1
    cells = np.bincount(block * width + column[order], minlength=n_blocks * width)
    return cells.reshape(n_blocks, width).astype("int64")


_gap = gap_pct  # one definition of a gap (pay_by_group), used by every measure here


def _mean(x: pd.Series) -> float | None:
    return float(x.mean()) if len(x) else None


def _median(x: pd.Series) -> float | None:
    return float(x.median()) if len(x) else None


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


def quartile_counts(pay: PayArrays, by: str, groups: Sequence[str] | None = None) -> pd.DataFrame:
    """:func:`allocate_quartiles` of the full-pay people of ``groups`` of column ``by`` (default: everyone,
    a missing group as ``"nan"``), counted from ``pay``'s people per (block of equal rates, group)."""
    cells, names = pay.cells_by(by)
    held = cells.sum(axis=0) > 0
    if groups is not None:
        held &= np.isin(names, [str(g) for g in groups])
    labels = sorted(set(names[held]))
    # one column per label (groups whose labels read the same are one group, as allocate_quartiles has them)
    picked = np.stack([cells[:, names == label].sum(axis=1) for label in labels], axis=1) if labels else \
        np.zeros((len(cells), 0), dtype="int64")
    return quartile_table(picked[picked.sum(axis=1) > 0], labels)


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


# --- Other characteristics (metrics.md section 7) -----------------------------

def merge_small_groups(
    sizes: Mapping[str, int], reference: str, parents: Mapping[str, str] | None = None, *, min_size: int
) -> dict[str, str | None]:
    """Decide how each focus group is reported: alone, pooled with other small groups, or suppressed.

    metrics.md section 7, "merge, then suppress": a group with at least
    ``min_size`` people is reported alone; small groups are pooled with the
    other small groups under the same parent (detailed -> Census five groups
    -> BME) and reported if the pool reaches ``min_size``; the small groups
    still left are pooled together, and suppressed if that pool is still
    too small. A pooled row is labelled by its members, e.g. "Mixed and
    Other (combined)".

    Parameters
    ----------
    sizes
        Group -> number of people (in the population the measure uses), in
        report order; Unknown must not be included (it is never merged).
    reference
        The reference group; it is always reported alone.
    parents
        Group -> parent group; groups without a parent share one.
    min_size
        Minimum group size: the disclosure policy's ``min_pay_group`` (``sdc.paygap_min_group``).

    Returns
    -------
    dict
        Each group other than the reference -> its reported label, or ``None`` if suppressed.
    """
    parents = parents or {}
    out: dict[str, str | None] = {}
    small = [g for g, n in sizes.items() if g != reference and n < min_size]
    for g, n in sizes.items():
        if g != reference and n >= min_size:
            out[g] = g
    remaining = []
    by_parent: dict[str, list[str]] = {}
    for g in small:
        by_parent.setdefault(parents.get(g, ""), []).append(g)
    for members in by_parent.values():
        if len(members) >= 2 and sum(sizes[m] for m in members) >= min_size:
            label = _pooled_label(members)
            out.update(dict.fromkeys(members, label))
        else:
            remaining += members
    if remaining:
        ok = len(remaining) >= 2 and sum(sizes[m] for m in remaining) >= min_size
        label = _pooled_label(remaining) if ok else None
        out.update(dict.fromkeys(remaining, label))
    return {g: out[g] for g in sizes if g != reference}


def _pooled_label(members: Sequence[str]) -> str:
    if len(members) == 1:
        return members[0]
    return ", ".join(members[:-1]) + f" and {members[-1]} (combined)"


def group_labels(values: pd.Series, unknown: str = "Unknown") -> pd.Series:
    """Each person's group with blanks as ``unknown``; coded groups stay categorical (integer comparisons at scale)."""
    if isinstance(values.dtype, pd.CategoricalDtype) and values.cat.categories.map(type).isin([str]).all():
        cats = values if unknown in values.cat.categories else values.cat.add_categories([unknown])
        return cats.fillna(unknown)
    return values.astype("string").fillna(unknown)


def pair_labels(values: pd.Series, reference: str, label: str) -> pd.Categorical:
    """``reference`` for the reference group's people, ``label`` for everyone else (a pooled focus group)."""
    return pd.Categorical.from_codes(np.where(values == reference, 0, 1), categories=[reference, label])


def group_pay_gaps(
    staff: pd.DataFrame,
    by: str,
    reference: str,
    *,
    order: Sequence[str] | None = None,
    parents: Mapping[str, str] | None = None,
    unknown: str = "Unknown",
    min_group: int,
    rate_col: str = "hourly_rate",
    full_pay_col: str = "full_pay_relevant",
    bonus_col: str = "bonus_pay_12m",
    parts: Mapping[str, GroupPay] | None = None,
) -> pd.DataFrame:
    """Pay gaps of every group of a characteristic against a reference group.

    Groups are first merged or suppressed with :func:`merge_small_groups`
    (on full-pay relevant counts); each reported group is then compared
    with the reference by :func:`pay_gap_measures`. Unknown is shown as its
    own row with its count, share of the workforce and pay, and excluded
    from every gap (metrics.md sections 1.4 and 7).

    Returns
    -------
    pandas.DataFrame
        One row per reported group (reference first, Unknown last), index
        ``group``: ``members`` (groups pooled into the row), ``n`` (full-pay
        relevant), ``n_relevant``, ``share_pct`` (of all relevant staff),
        ``mean_hourly``, ``median_hourly``, ``mean_gap``, ``median_gap``,
        ``bonus_pct``, ``n_bonus``, ``mean_bonus_gap``, ``median_bonus_gap``,
        ``suppressed`` (too small even after pooling; no figures shown).
        Gaps of groups whose measure population is below ``min_group`` are
        NaN; the caller shows them as suppressed.

    ``parts``: :func:`~edi_analysis.metrics.pay_by_group.pay_by_group` of the same staff, labelled with
    ``group_labels``, when the caller has it already (it is then not gathered again).
    """
    if parts is None:  # a caller that gathered the same labelled groups already passes them
        # the four columns read, labelled; then every group's pay gathered in one pass (pay_by_group): each row
        # and each comparison below pools arrays instead of filtering the whole staff table again
        frame = staff[list(dict.fromkeys([by, rate_col, full_pay_col, bonus_col]))].assign(
            **{by: group_labels(staff[by], unknown)})
        parts = pay_by_group(frame, by, rate_col=rate_col, full_pay_col=full_pay_col, bonus_col=bonus_col)
    have = set(parts)
    present = [g for g in (order or sorted(have)) if g in have and g != unknown]
    if reference not in present:
        raise ValueError(f"group_pay_gaps: the reference group {reference!r} has nobody in column {by!r}.")
    sizes = {g: parts[g].n for g in present}
    plan = merge_small_groups(sizes, reference, parents, min_size=min_group)
    rows: list[dict] = []
    total = len(staff)

    def describe_group(label: str, members: list[str]) -> dict:
        pay = pooled(parts, members)
        return {
            "group": label, "members": ", ".join(members), "n": pay.n, "n_relevant": pay.n_relevant,
            "share_pct": pay.n_relevant / total * 100 if total else np.nan,
            "mean_hourly": pay.mean_hourly(), "median_hourly": pay.median_hourly(),
            "n_bonus": pay.n_bonus, "bonus_pct": pay.n_bonus / pay.n_relevant * 100 if pay.n_relevant else np.nan,
        }

    ref_row = describe_group(reference, [reference])
    rows.append({**ref_row, "mean_gap": np.nan, "median_gap": np.nan, "mean_bonus_gap": np.nan,
                 "median_bonus_gap": np.nan, "suppressed": ref_row["n"] < min_group})
    seen: list[str] = []
    for g in present:
        if g == reference or plan[g] in seen:
            continue
        label = plan[g]
        if label is None:
            if "" in seen:
                continue
            seen.append("")
            members = [m for m in present if m != reference and plan[m] is None]
            row = describe_group(_pooled_label(members).replace(" (combined)", "") + " (too few to report)", members)
            row.update(mean_hourly=np.nan, median_hourly=np.nan, bonus_pct=np.nan)
            rows.append({**row, "mean_gap": np.nan, "median_gap": np.nan, "mean_bonus_gap": np.nan,
                         "median_bonus_gap": np.nan, "suppressed": True})
            continue
        seen.append(label)
        members = [m for m in present if plan.get(m) == label]
        row = describe_group(label, members)
        # the pooled members against the reference: pay_gap_measures' gaps, from the gathered pay
        ref_pay, focus_pay = parts[reference], pooled(parts, members)
        gaps = pool_gaps(ref_pay, focus_pay)
        hourly_ok = min(ref_pay.n, focus_pay.n) >= min_group
        bonus_ok = min(ref_pay.n_bonus, focus_pay.n_bonus) >= min_group

        def shown(key: str, ok: bool) -> float:
            return gaps[key] if ok and gaps[key] is not None else np.nan
        rows.append({
            **row,
            "mean_gap": shown("mean_gap", hourly_ok), "median_gap": shown("median_gap", hourly_ok),
            "mean_bonus_gap": shown("mean_bonus_gap", bonus_ok), "median_bonus_gap": shown("median_bonus_gap", bonus_ok),
            "suppressed": False,
        })
    if unknown in parts:  # someone's group is not recorded (every label held is a group of parts)
        row = describe_group(unknown, [unknown])
        if row["n"] < min_group:
            row.update(mean_hourly=np.nan, median_hourly=np.nan)
        rows.append({**row, "mean_gap": np.nan, "median_gap": np.nan, "mean_bonus_gap": np.nan,
                     "median_bonus_gap": np.nan, "suppressed": False})
    out = pd.DataFrame(rows).set_index("group")
    for col in ("n", "n_relevant", "n_bonus"):
        out[col] = out[col].astype("int64")
    for col in ("share_pct", "mean_hourly", "median_hourly", "bonus_pct", "mean_gap", "median_gap",
                "mean_bonus_gap", "median_bonus_gap"):
        out[col] = out[col].astype("float64")
    out["suppressed"] = out["suppressed"].astype(bool)
    return out


# --- Drivers and uncertainty --------------------------------------------------

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
