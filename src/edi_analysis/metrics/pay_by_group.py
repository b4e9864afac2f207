"""Each group's pay, gathered in one pass, so that any pool of groups can be compared with a reference.

A report's group tables compare dozens of groups and pools of groups (small groups merged, Census groups
pooled into BME) with one reference group. Filtering the staff table once per row and per comparison made
every row a pass over the whole table; at national scale (1.4 million staff, ``bench --scale``) that was most
of the pay gap report's time. Here the table is grouped once; a pool's figures come from its members' arrays.

The figures are those of :func:`edi_analysis.metrics.pay_gaps.pay_gap_measures` (SI 2017/353 Sch. 1;
metrics.md section 6): hourly pay over full-pay relevant employees with an hourly rate, bonus over relevant
employees paid a bonus in the 12 months, gaps as (reference - focus) / reference x 100.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd

__all__ = ["GroupPay", "gap_pct", "pay_by_group", "pool_gaps", "pooled"]


@dataclass(frozen=True)
class GroupPay:
    """One group's (or pool's) people and pay.

    ``n_relevant``: relevant employees; ``rates``: hourly rates of the full-pay relevant ones with a rate;
    ``bonuses``: the 12-month bonus of those relevant employees paid one (> 0).
    """

    n_relevant: int
    rates: np.ndarray
    bonuses: np.ndarray

    @property
    def n(self) -> int:
        """Full-pay relevant employees with an hourly rate (the hourly measures' population)."""
        return len(self.rates)

    @property
    def n_bonus(self) -> int:
        return len(self.bonuses)

    def mean_hourly(self) -> float | None:
        return self._hourly[0]

    def median_hourly(self) -> float | None:
        return self._hourly[1]

    @cached_property
    def _hourly(self) -> tuple[float | None, float | None]:
        # worked out once: the reference group is compared with every row of a table (a million rates)
        if not len(self.rates):
            return None, None
        return float(np.mean(self.rates)), float(np.median(self.rates))

    def mean_bonus(self) -> float | None:
        return float(np.mean(self.bonuses)) if len(self.bonuses) else None

    def median_bonus(self) -> float | None:
        return float(np.median(self.bonuses)) if len(self.bonuses) else None


def gap_pct(reference: float | None, focus: float | None) -> float | None:
    """(reference - focus) / reference x 100; ``None`` when either is missing or the reference is 0."""
    if reference is None or focus is None or reference == 0 or math.isnan(reference) or math.isnan(focus):
        return None
    return (reference - focus) / reference * 100


def pay_by_group(staff: pd.DataFrame, by: str, *, rate_col: str = "hourly_rate",
                 full_pay_col: str = "full_pay_relevant", bonus_col: str = "bonus_pay_12m") -> dict[str, GroupPay]:
    """Every group of column ``by`` with its people and pay, from one grouping of the staff table.

    Rows whose group is missing are left out (label them first, e.g. with ``group_labels``). A full-pay
    flag that is missing counts as not full-pay relevant; a missing bonus as none.
    """
    codes, uniques = pd.factorize(staff[by], use_na_sentinel=True)
    keep = codes >= 0
    rates = staff[rate_col].to_numpy(dtype=float, na_value=np.nan)
    full = staff[full_pay_col].fillna(False).to_numpy(dtype=bool) & ~np.isnan(rates)
    bonus = staff[bonus_col].fillna(0).to_numpy(dtype=float, na_value=0.0)
    n_relevant = np.bincount(codes[keep], minlength=len(uniques))

    # a few groups: 16-bit codes, which numpy's stable sort orders by radix (one pass, not a comparison sort)
    small = codes.astype(np.int16) if len(uniques) < np.iinfo(np.int16).max else codes

    def split(mask: np.ndarray, values: np.ndarray) -> list[np.ndarray]:
        # a stable sort by group keeps each group's values in table order
        sel = mask & keep
        order = np.argsort(small[sel], kind="stable")
        bounds = np.cumsum(np.bincount(codes[sel], minlength=len(uniques)))[:-1]
        return np.split(values[sel][order], bounds)

    by_rate, by_bonus = split(full, rates), split(bonus > 0, bonus)
    return {str(g): GroupPay(int(n_relevant[i]), by_rate[i], by_bonus[i]) for i, g in enumerate(uniques)}


def pooled(parts: Mapping[str, GroupPay], members: Sequence[str]) -> GroupPay:
    """The pool of ``members`` (groups absent from ``parts`` have nobody)."""
    have = [parts[m] for m in members if m in parts]
    if len(have) == 1:
        return have[0]
    empty = np.empty(0, dtype=float)
    return GroupPay(sum(p.n_relevant for p in have), np.concatenate([p.rates for p in have] or [empty]),
                    np.concatenate([p.bonuses for p in have] or [empty]))


def pool_gaps(reference: GroupPay, focus: GroupPay) -> dict[str, float | None]:
    """Mean and median hourly and bonus gaps of ``focus`` against ``reference`` (``None`` when undefined)."""
    return {"mean_gap": gap_pct(reference.mean_hourly(), focus.mean_hourly()),
            "median_gap": gap_pct(reference.median_hourly(), focus.median_hourly()),
            "mean_bonus_gap": gap_pct(reference.mean_bonus(), focus.mean_bonus()),
            "median_bonus_gap": gap_pct(reference.median_bonus(), focus.median_bonus())}
