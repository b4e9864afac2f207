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

from .pay_arrays import PayArrays, median_of_blocks

__all__ = ["GroupPay", "gap_pct", "pay_by_group", "pool_gaps", "pooled"]


@dataclass(frozen=True)
class GroupPay:
    """One group's (or pool's) people and pay.

    ``n_relevant``: relevant employees; ``rates``: hourly rates of the full-pay relevant ones with a rate;
    ``bonuses``: the 12-month bonus of those relevant employees paid one (> 0). Optionally ``blocks``: each
    rate's block of equal rates, ``block_values[blocks] == rates`` (:class:`~edi_analysis.metrics.pay_arrays.
    PayArrays`), from which a large group's median is counted instead of partitioned (the same value).
    """

    n_relevant: int
    rates: np.ndarray
    bonuses: np.ndarray
    blocks: np.ndarray | None = None
    block_values: np.ndarray | None = None

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
        if self.blocks is not None and self.block_values is not None and len(self.rates) >= len(self.block_values):
            return float(np.mean(self.rates)), median_of_blocks(self.blocks, self.block_values)
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
                 full_pay_col: str = "full_pay_relevant", bonus_col: str = "bonus_pay_12m",
                 pay: PayArrays | None = None) -> dict[str, GroupPay]:
    """Every group of column ``by`` with its people and pay, from one grouping of the staff table.

    Rows whose group is missing are left out (label them first, e.g. with ``group_labels``). A full-pay
    flag that is missing counts as not full-pay relevant; a missing bonus as none. ``pay``: the same rows'
    :class:`~edi_analysis.metrics.pay_arrays.PayArrays` when the caller holds them (several tables group one
    staff table): its rates and full-pay rows are used, and each group's blocks of equal rates are kept.
    """
    values = staff[by]
    if isinstance(values.dtype, pd.CategoricalDtype):  # its own codes: no hashing of a million labels
        codes, uniques = values.cat.codes.to_numpy(), values.cat.categories
    else:
        codes, uniques = pd.factorize(values, use_na_sentinel=True)
    keep = codes >= 0
    shared = pay is not None
    if pay is None:
        pay = PayArrays(staff, rate_col=rate_col, full_pay_col=full_pay_col, bonus_col=bonus_col)
    n_relevant = np.bincount(codes[keep], minlength=len(uniques))

    # a few groups: 16-bit codes, which numpy's stable sort orders by radix (one pass, not a comparison sort)
    small = codes.astype(np.int16) if len(uniques) < np.iinfo(np.int16).max else codes

    def split(sel: np.ndarray, group: np.ndarray, *columns: np.ndarray) -> list[list[np.ndarray]]:
        # a stable sort by group keeps each group's values in table order
        if sel.all():  # everyone has a group (a labelled column): no selection copied
            order, held = np.argsort(group, kind="stable"), group
        else:
            held = group[sel]
            order = np.flatnonzero(sel)[np.argsort(held, kind="stable")]
        bounds = np.cumsum(np.bincount(held, minlength=len(uniques)))[:-1]
        return [np.split(c[order], bounds) for c in columns]

    full_group = small[pay.full_rows]  # the full-pay rows' groups: split those rows only
    full_cols = (pay.full_rates, pay.blocks) if shared else (pay.full_rates,)
    by_full = split(full_group >= 0, full_group, *full_cols)
    paid = pay.paid
    (by_bonus,) = split(paid & keep, small, pay.bonus)
    blocks = by_full[1] if shared else [None] * len(uniques)
    values_of = pay.block_values if shared else None
    # the groups someone is in (a categorical may list more)
    return {str(g): GroupPay(int(n_relevant[i]), by_full[0][i], by_bonus[i], blocks[i], values_of)
            for i, g in enumerate(uniques) if n_relevant[i]}


def pooled(parts: Mapping[str, GroupPay], members: Sequence[str]) -> GroupPay:
    """The pool of ``members`` (groups absent from ``parts`` have nobody)."""
    have = [parts[m] for m in members if m in parts]
    if len(have) == 1:
        return have[0]
    empty = np.empty(0, dtype=float)
    # the members' blocks of equal rates pool with their rates when they share one ranking
    ranked = bool(have) and all(p.blocks is not None and p.block_values is have[0].block_values for p in have)
    return GroupPay(sum(p.n_relevant for p in have), np.concatenate([p.rates for p in have] or [empty]),
                    np.concatenate([p.bonuses for p in have] or [empty]),
                    np.concatenate([p.blocks for p in have]) if ranked else None,
                    have[0].block_values if ranked else None)


def pool_gaps(reference: GroupPay, focus: GroupPay) -> dict[str, float | None]:
    """Mean and median hourly and bonus gaps of ``focus`` against ``reference`` (``None`` when undefined)."""
    return {"mean_gap": gap_pct(reference.mean_hourly(), focus.mean_hourly()),
            "median_gap": gap_pct(reference.median_hourly(), focus.median_hourly()),
            "mean_bonus_gap": gap_pct(reference.mean_bonus(), focus.mean_bonus()),
            "median_bonus_gap": gap_pct(reference.median_bonus(), focus.median_bonus())}
