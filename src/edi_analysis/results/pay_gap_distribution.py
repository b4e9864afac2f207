"""How hourly pay is spread in each group: published percentiles, so a chart can show a distribution.

A distribution chart must never plot individual staff. These tables give, for each group of a comparison, the
10th, 25th, 50th, 75th and 90th percentiles of hourly pay (full-pay relevant employees, as the statutory
measures use), with the group's size. Every percentile is a pay figure of its group: it is published only when
the group reaches the policy's minimum pay group (``Derived(base="pay_group")``), like the mean and the median.

Two tables, each the same people as a table the report already publishes, so that one count has one mask:

- :func:`by_group` the report year's reference and focus groups of each comparison (sex, ethnicity, disability):
  the people of the ``gaps`` table's report-year row;
- :func:`by_band` women and men in each pay band and in all bands together: the people of the ``bands`` table,
  with the same protection of the band figures (a hidden band's pay must not be worked out from the rest).

Percentiles use linear interpolation between ranked values (Hyndman and Fan 1996, definition 7, the default of
numpy and pandas), so the 50th percentile is the median the report quotes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from ..disclosure import ColSum, Derived, Same, Spec
from ..metrics.pay_arrays import PayArrays

__all__ = [
    "BAND_DISTRIBUTION_SPEC",
    "DISTRIBUTION_SPEC",
    "QUANTILES",
    "QUANTILE_COLUMNS",
    "by_band",
    "by_group",
    "quantiles",
]

#: Percentile column stem -> fraction.
QUANTILES: dict[str, float] = {"p10": 0.10, "p25": 0.25, "median": 0.50, "p75": 0.75, "p90": 0.90}
_SIDES = ("reference", "focus")
QUANTILE_COLUMNS = tuple(f"{q}_{s}" for s in _SIDES for q in QUANTILES)

_DERIVED = {f"{q}_{s}": Derived(bases=(f"n_{s}",), base="pay_group") for s in _SIDES for q in QUANTILES}
_ON = {"comparison": "comparison", "year": "year"}

DISTRIBUTION_SPEC = Spec(
    counts=("n_reference", "n_focus"),
    derived=_DERIVED,
    # the report year's full-pay groups of the gaps table
    same=(Same("gaps", {"n_reference": "n_full_pay_reference", "n_focus": "n_full_pay_focus"}, on=_ON),))

BAND_DISTRIBUTION_SPEC = Spec(
    counts=("n_reference", "n_focus"),
    derived=_DERIVED,
    col_sums=(ColSum(label="level", total="All", within=("comparison",)),),
    # as the bands table: one hidden band's figure must not be left alone beside the whole group's
    derived_sums=tuple(ColSum(label="level", total="All", within=("comparison",), columns=(f"{q}_{s}",),
                              smallest_by=f"n_{s}") for q in QUANTILES for s in _SIDES),
    same=(Same("bands", {"n_reference": "n_reference", "n_focus": "n_focus"},
               on={"comparison": "comparison", "level": "level", "year": "year"}),))


def quantiles(rates: pd.Series | np.ndarray) -> dict[str, float]:
    """The percentiles of :data:`QUANTILES` of a group's hourly pay (NaN for an empty group).

    Parameters
    ----------
    rates
        Hourly pay of the group's full-pay relevant employees (missing values are left out).
    """
    x = rates.dropna().to_numpy(dtype="float64") if isinstance(rates, pd.Series) else rates[~np.isnan(rates)]
    if not len(x):
        return {q: np.nan for q in QUANTILES}
    values = np.quantile(x, list(QUANTILES.values()), method="linear")
    return {q: float(v) for q, v in zip(QUANTILES, values)}


def _row(pay: PayArrays, people: Sequence[np.ndarray]) -> dict:
    """The two sides' counts and percentiles, from their full-pay rows (positions into ``pay.full_rows``)."""
    row: dict = {}
    for side, at in zip(_SIDES, people):
        row[f"n_{side}"] = len(at)
        # a large group's rates come ranked from the blocks of equal rates (the values a partition would rank)
        rates = pay.sorted_rates_at(at) if len(at) >= len(pay.block_values) else pay.rates_at(at)
        row.update({f"{q}_{side}": v for q, v in quantiles(rates).items()})
    return row


def _frame(rows: list[dict], keys: Sequence[str]) -> pd.DataFrame:
    cols = [*keys, "n_reference", "n_focus", *QUANTILE_COLUMNS]
    out = pd.DataFrame(rows, columns=cols)
    return out.astype({"n_reference": "int64", "n_focus": "int64", "year": "int64",
                       **{c: "float64" for c in QUANTILE_COLUMNS}})


def by_group(staff: pd.DataFrame, year: int, columns: Mapping[str, str],
             references: Mapping[str, tuple[str, str]], *, pay: PayArrays | None = None) -> pd.DataFrame:
    """Percentiles of hourly pay of each comparison's reference and focus groups in the report year.

    Parameters
    ----------
    staff
        The report year's staff snapshot with analysis groups.
    columns
        Comparison -> the staff column holding its groups (``sex`` -> ``sex_group``, ...).
    references
        Comparison -> (reference, focus) group labels.
    pay
        ``staff`` as :class:`~edi_analysis.metrics.pay_arrays.PayArrays`, when the caller holds it already.

    Returns
    -------
    pandas.DataFrame
        One row per comparison: ``comparison``, ``year``, ``reference``, ``focus`` (labels), ``n_reference``,
        ``n_focus`` (full-pay relevant employees) and ``p10_*``, ``p25_*``, ``median_*``, ``p75_*``, ``p90_*``
        (£ per hour) for each side.
    """
    pay = pay if pay is not None else PayArrays(staff)  # each group's full-pay people found once
    rows = []
    for key, column in columns.items():
        row: dict = {"comparison": key, "year": int(year), "reference": references[key][0],
                     "focus": references[key][1]}
        for side, g in zip(_SIDES, references[key]):
            rates = pay.group_rates(column, g)
            row[f"n_{side}"] = len(rates)
            # a large group's rates ranked from its count per block of equal rates (no partition of its rates)
            ranked = pay.group_sorted_rates(column, g) if len(rates) >= len(pay.block_values) else rates
            row.update({f"{q}_{side}": v for q, v in quantiles(ranked).items()})
        rows.append(row)
    return _frame(rows, ["comparison", "year", "reference", "focus"])


def by_band(staff: pd.DataFrame, year: int, order: Sequence[str], column: str = "sex_group",
            pair: tuple[str, str] = ("Male", "Female"), comparison: str = "sex", *,
            pay: PayArrays | None = None) -> pd.DataFrame:
    """Percentiles of hourly pay of two groups within each pay band, and in all those bands together.

    The bands are those of ``order`` that anyone in ``staff`` holds (as the report's pay-by-band table), then a
    last row, ``level`` ``All``, of everyone in them.

    Returns
    -------
    pandas.DataFrame
        One row per band: ``comparison``, ``level``, ``year``, ``n_reference``, ``n_focus`` and the percentiles
        ``p10_*`` ... ``p90_*`` of each side (£ per hour).
    """
    held = set(staff["pay_band"].dropna().unique())
    levels = [b for b in order if b in held]
    pay = pay if pay is not None else PayArrays(staff)
    # each side's full-pay people split by band once (not the whole table filtered per band)
    _, labels = pay.codes("pay_band")
    at = labels.get_indexer(levels)
    sides = [pay.in_full(column, g) for g in pair]
    split = [pay.split(side, "pay_band") for side in sides]
    rows = [{"comparison": comparison, "level": level, "year": int(year),
             **_row(pay, [positions[bounds[i]:bounds[i + 1]] for positions, bounds in split])}
            for level, i in zip(levels, at)]
    in_levels = np.isin(pay.full_codes("pay_band"), at)
    rows.append({"comparison": comparison, "level": "All", "year": int(year),
                 **_row(pay, [np.flatnonzero(side & in_levels) for side in sides])})
    return _frame(rows, ["comparison", "level", "year"])
