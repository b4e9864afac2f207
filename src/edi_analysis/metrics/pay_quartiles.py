"""Pay quartiles: each group's count in each quarter of the hourly pay range (metrics.md section 6,
measure 6).

Quartile sizes follow the gov.uk guidance; a block of equal rates that crosses
a quartile boundary is shared across the quartiles in proportion to its mix of
groups (SI 2017/172 reg. 13(2)).
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import pandas as pd

from .pay_arrays import PayArrays

__all__ = ["QUARTILES", "quartile_sizes", "allocate_quartiles", "quartile_table", "quartile_counts"]

#: Pay quartile names, lowest paid first (gov.uk wording).
QUARTILES: tuple[str, ...] = ("Lower", "Lower middle", "Upper middle", "Upper")


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
