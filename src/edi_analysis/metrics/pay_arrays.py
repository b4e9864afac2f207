"""A staff snapshot's pay columns as arrays, found once and shared by every pay measure of that snapshot.

The pay gap report asks many questions of one staff table: the statutory measures of three comparisons, their
bootstrap intervals, quartiles, pay within bands, percentiles. Each used to filter the whole table again (who
is full-pay relevant, who is in which group), copying columns each time; at national scale (1.4 million staff,
``bench --scale``) that copying was most of the report's time. :class:`PayArrays` holds the answers once:
the full-pay flag, the rates and bonuses as numpy arrays, each group column as integer codes, and the blocks of
equal rates that quartiles and medians are counted from.

Every figure is the one pandas or numpy gives for the same people in the same (table) order: a mean is the
pairwise sum of the group's rates in table order (as :meth:`pandas.Series.mean`), a median the mean of the two
middle values (as :func:`numpy.median`); :func:`median_of_blocks` finds those two values by counting people per
distinct rate instead of partitioning the rates. (Rates of 0 and -0 are one block, as a sort has them tied: only
a median of exactly zero could differ, in its sign.)
"""

from __future__ import annotations

from functools import cached_property

import numpy as np
import pandas as pd

__all__ = ["PayArrays", "mean", "median", "median_of_blocks", "median_of_counts"]


def mean(values: np.ndarray) -> float | None:
    """Mean of ``values`` (``None`` when empty): the pairwise sum over ``n``, as :meth:`pandas.Series.mean`."""
    return float(np.mean(values)) if len(values) else None


def median(values: np.ndarray) -> float | None:
    """Median of ``values`` (``None`` when empty), as :func:`numpy.median` (and :meth:`pandas.Series.median`)."""
    return float(np.median(values)) if len(values) else None


def median_of_blocks(blocks: np.ndarray, block_values: np.ndarray) -> float | None:
    """The median of ``block_values[blocks]``, found by counting people per block instead of partitioning.

    ``block_values`` are distinct and ascending; ``blocks`` index them. The two middle order statistics are
    where the cumulative counts pass ``(n - 1) // 2`` and ``n // 2``; the median is their mean, as
    :func:`numpy.median` takes it (one value for odd n). One pass over the people and one over the blocks:
    cheaper than a partition when the group is at least as large as the number of blocks.
    """
    return median_of_counts(np.bincount(blocks, minlength=len(block_values)), block_values)


def median_of_counts(counts: np.ndarray, block_values: np.ndarray) -> float | None:
    """The median of a group given as its number of people at each of ``block_values`` (distinct, ascending)."""
    cum = np.cumsum(counts)
    n = int(cum[-1]) if len(cum) else 0
    if not n:
        return None
    lo, hi = block_values[np.searchsorted(cum, [(n - 1) // 2, n // 2], side="right")]
    return float(lo) if n % 2 else float((lo + hi) / 2)


class PayArrays:
    """One staff table's pay columns as arrays, with each group column's codes found once (and cached).

    Parameters
    ----------
    staff
        One row per relevant employee.
    rate_col, full_pay_col, bonus_col
        Hourly rate (NaN when none), full-pay relevant flag (missing: not full-pay), 12-month bonus (missing: 0).

    Attributes
    ----------
    n : int
        Relevant employees (rows).
    rates : numpy.ndarray
        Every row's hourly rate (float64, NaN where none).
    full : numpy.ndarray
        Full-pay relevant with an hourly rate: the hourly measures' population (bool).
    """

    def __init__(self, staff: pd.DataFrame, *, rate_col: str = "hourly_rate",
                 full_pay_col: str = "full_pay_relevant", bonus_col: str = "bonus_pay_12m") -> None:
        self._staff = staff
        self.n = len(staff)
        self.rates = staff[rate_col].to_numpy(dtype=float, na_value=np.nan)
        self.full = staff[full_pay_col].fillna(False).to_numpy(dtype=bool) & ~np.isnan(self.rates)
        self._bonus_col = bonus_col
        self._codes: dict[str, tuple[np.ndarray, pd.Index]] = {}
        self._groups: dict[tuple[str, str, str], np.ndarray] = {}
        self._names: dict[str, np.ndarray] = {}

    def codes(self, column: str) -> tuple[np.ndarray, pd.Index]:
        """Each row's group in ``column`` as an integer code (-1: missing) and the labels of the codes.

        A categorical column gives its own codes (no hashing of a million labels).
        """
        if column not in self._codes:
            values = self._staff[column]
            if isinstance(values.dtype, pd.CategoricalDtype):
                found = values.cat.codes.to_numpy(), pd.Index(values.cat.categories)
            else:
                codes, uniques = pd.factorize(values, use_na_sentinel=True)
                found = codes, pd.Index(uniques)
            self._codes[column] = found
        return self._codes[column]

    def is_categorical(self, column: str) -> bool:
        """Whether the staff table holds ``column`` as a categorical (its codes are its own)."""
        return isinstance(self._staff[column].dtype, pd.CategoricalDtype)

    def code(self, column: str, label: str) -> int:
        """``label``'s code in ``column`` (-1 when nobody could hold it)."""
        _, labels = self.codes(column)
        return int(labels.get_indexer([label])[0]) if labels.is_unique else -1

    def members(self, column: str, label: str) -> np.ndarray:
        """Whether each row's ``column`` is ``label`` (bool; ``column == label`` as pandas compares it)."""
        at = self.code(column, label)
        return self.codes(column)[0] == at if at >= 0 else np.zeros(self.n, dtype=bool)

    @cached_property
    def bonus(self) -> np.ndarray:
        """Every row's 12-month bonus, 0 for none (float64); read when first asked (not every table has it)."""
        return self._staff[self._bonus_col].fillna(0).to_numpy(dtype=float, na_value=0.0)

    @cached_property
    def paid(self) -> np.ndarray:
        """Whether each row was paid a bonus in the 12 months (> 0), read-only."""
        return _frozen(self.bonus > 0)

    @cached_property
    def full_rows(self) -> np.ndarray:
        """Positions of the full-pay rows, in table order."""
        return np.flatnonzero(self.full)

    @cached_property
    def full_rates(self) -> np.ndarray:
        """The rates of the full-pay rows (:attr:`full_rows`), in table order (read-only)."""
        return _frozen(self.rates[self.full])

    def full_codes(self, column: str) -> np.ndarray:
        """``column``'s codes (:meth:`codes`) of the full-pay rows, in table order (cached, read-only)."""
        key = ("codes", column, "")
        if key not in self._groups:
            self._groups[key] = _frozen(self.codes(column)[0][self.full_rows])
        return self._groups[key]

    @cached_property
    def _blocks(self) -> tuple[np.ndarray, np.ndarray]:
        # each distinct rate found by hashing and only those sorted (a million rates, a few thousand distinct):
        # equal rates (0 and -0 included) make one block, as a sort would
        fp = self.full_rates
        if not len(fp):
            return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=float)
        codes, uniq = pd.factorize(fp)
        order = np.argsort(uniq, kind="stable")
        ranked = uniq[order]
        starts = np.r_[True, ranked[1:] != ranked[:-1]]
        block_of_code = np.empty(len(uniq), dtype=np.intp)
        block_of_code[order] = np.cumsum(starts) - 1
        return block_of_code[codes], ranked[starts]

    @property
    def blocks(self) -> np.ndarray:
        """Each full-pay row's block of equal rates (0 the lowest rate), in the order of :attr:`full_rows`."""
        return self._blocks[0]

    @property
    def block_values(self) -> np.ndarray:
        """The rate of each block, lowest first."""
        return self._blocks[1]

    def in_full(self, column: str, label: str) -> np.ndarray:
        """Whether each full-pay row (of :attr:`full_rows`) is in group ``label`` of ``column`` (cached)."""
        key = ("in_full", column, label)
        if key not in self._groups:
            at = self.code(column, label)
            full_codes = self.full_codes(column)
            self._groups[key] = _frozen(full_codes == at if at >= 0 else np.zeros(len(full_codes), dtype=bool))
        return self._groups[key]

    def group_rates(self, column: str, label: str) -> np.ndarray:
        """The full-pay rates of group ``label`` of ``column``, in table order (cached, read-only)."""
        key = ("rates", column, label)
        if key not in self._groups:
            self._groups[key] = _frozen(self.full_rates[self.in_full(column, label)])
        return self._groups[key]

    def cells_by(self, column: str) -> tuple[np.ndarray, np.ndarray]:
        """Full-pay people per (block of equal rates, group of ``column``), every block (cached, read-only).

        Returns ``(cells, names)``: ``cells[b, c]`` people of block ``b`` in group ``c``; ``names[c]`` the
        group's label as text, the last column those whose group is missing (``"nan"``, as
        :func:`~edi_analysis.metrics.pay_gaps.allocate_quartiles` labels them). One count over the full-pay people
        serves every group's median (:meth:`group_median`), percentiles and quartile table.
        """
        key = ("cells", column, "")
        if key not in self._groups:
            _, labels = self.codes(column)
            width = len(labels) + 1
            held = self.full_codes(column)
            held = np.where(held < 0, len(labels), held)
            n_blocks = len(self.block_values)
            cells = np.bincount(self.blocks * width + held, minlength=n_blocks * width).reshape(n_blocks, width)
            self._groups[key] = _frozen(cells.astype(np.int32))  # counts of people: held for every group
            self._names[column] = np.array([str(x) for x in labels] + ["nan"], dtype=object)
        return self._groups[key], self._names[column]

    def group_median(self, column: str, label: str) -> float | None:
        """Median full-pay rate of group ``label`` of ``column``, from :meth:`cells_by` (no partition)."""
        cells, _ = self.cells_by(column)
        at = self.code(column, label)
        return None if at < 0 else median_of_counts(cells[:, at], self.block_values)

    def group_sorted_rates(self, column: str, label: str) -> np.ndarray:
        """The full-pay rates of group ``label`` of ``column``, lowest first, from :meth:`cells_by` (no sort)."""
        cells, _ = self.cells_by(column)
        at = self.code(column, label)
        return np.repeat(self.block_values, cells[:, at]) if at >= 0 else np.zeros(0, dtype=float)

    def split(self, among: np.ndarray, column: str) -> tuple[np.ndarray, np.ndarray]:
        """The full-pay rows picked by ``among`` (mask over :attr:`full_rows`), grouped by ``column``'s codes.

        Returns ``(positions, bounds)``: positions into :attr:`full_rows`, each code's in table order (a stable
        sort of small integer codes: one radix pass), code ``c`` at ``positions[bounds[c]:bounds[c + 1]]``.
        Missing values (code -1) are left out.
        """
        _, labels = self.codes(column)
        picked = np.flatnonzero(among)
        held = self.full_codes(column)[picked]
        keep = held >= 0
        picked, held = picked[keep], held[keep]
        small = held.astype(np.int16) if len(labels) < np.iinfo(np.int16).max else held
        order = np.argsort(small, kind="stable")
        bounds = np.r_[0, np.cumsum(np.bincount(held, minlength=len(labels)))]
        return picked[order], bounds

    def rates_at(self, positions: np.ndarray) -> np.ndarray:
        """The rates of full-pay rows ``positions`` (into :attr:`full_rows`), in that order."""
        return self.full_rates[positions]

    def median_at(self, positions: np.ndarray) -> float | None:
        """Median rate of the full-pay rows ``positions``: counted per block for a group as large as the number
        of blocks (no partition), else :func:`numpy.median` of its rates."""
        if len(positions) and len(positions) >= len(self.block_values):
            return median_of_blocks(self.blocks[positions], self.block_values)
        return median(self.rates_at(positions))

    def sorted_rates_at(self, positions: np.ndarray) -> np.ndarray:
        """The rates of full-pay rows ``positions``, lowest first: each block's rate repeated by its count.

        One pass over the group and one over the blocks, no sort: for a group at least as large as the number
        of blocks, cheaper than ranking its rates (percentiles then read the ranked values directly).
        """
        counts = np.bincount(self.blocks[positions], minlength=len(self.block_values))
        return np.repeat(self.block_values, counts)


def _frozen(values: np.ndarray) -> np.ndarray:
    values.flags.writeable = False  # shared by every measure of the snapshot: none may change it
    return values
