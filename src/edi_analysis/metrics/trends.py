"""Quarterly equality series from staff snapshots and employee relations cases.

Each function turns person-level inputs into one tidy series per group:
``period_end`` (the quarter's last snapshot date), ``group``, ``numerator``,
``denominator`` and ``value`` (a percentage, or a rate per 1,000 staff). The
series feed SPC charts (:mod:`edi_analysis.spc`); annual WRES/WDES figures
are computed elsewhere and are never mixed with these.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from . import groups

__all__ = ["SENIOR_BANDS", "quarter_ends", "quarterly_headcount", "quarterly_headcounts", "representation_series",
           "declaration_series", "share_series", "entry_rate_series"]

#: Agenda for Change bands 8a and above plus very senior managers (EDI Improvement Plan success metric 2c).
SENIOR_BANDS: tuple[str, ...] = ("8a", "8b", "8c", "8d", "9", "VSM")
_COLUMNS = ["period_end", "group", "numerator", "denominator", "value"]


def quarter_ends(snapshots: pd.DataFrame) -> pd.DataFrame:
    """Keep the last snapshot of each calendar quarter and drop bank-only workers.

    Parameters
    ----------
    snapshots
        Person-level snapshots with ``snapshot_date`` and ``bank`` (the
        ``staff_snapshots`` input); monthly snapshots are reduced to quarters.
    """
    return snapshots[_quarter_end_rows(snapshots)[0]]


#: Staff snapshots: one table, or several to be taken one after another (e.g. each year's file) without joining them.
Snapshots = pd.DataFrame | Sequence[pd.DataFrame]


def _tables(snapshots: Snapshots) -> list[pd.DataFrame]:
    return [snapshots] if isinstance(snapshots, pd.DataFrame) else list(snapshots)


def _quarter_end_rows(snapshots: pd.DataFrame) -> tuple[np.ndarray, np.ndarray, pd.Index]:
    """:func:`quarter_ends` as a row mask, with each row's date code and the distinct dates.

    A handful of distinct dates: each row's date as a code (one pass), each quarter's last date among
    those substantive staff have, then a mask of the rows (no copy of millions of rows). Which dates substantive
    staff have is asked of each run of one date (:func:`_date_runs`), not of every row.
    """
    parts, dates = _quarter_end_parts([snapshots])
    rows, codes = parts[0]
    return rows, codes, dates


def _quarter_end_parts(tables: Sequence[pd.DataFrame], *,
                       kept_only: bool = False) -> tuple[list[tuple[np.ndarray, np.ndarray]], pd.Index]:
    """:func:`_quarter_end_rows` of several snapshot tables as if joined one after another, without joining them.

    Each table's row mask and its rows' date codes among the distinct dates of all the tables (in order of
    appearance, as :func:`pandas.factorize` of the joined dates; -1 for a missing date), and those dates. A
    quarter's last date is found among the dates of every table: a national trust's yearly files are millions of
    rows each, and a joined copy of them was the largest allocation of the reports that read them.
    ``kept_only``: the date codes of the kept rows only (``codes[rows]``), made run by run without a code for
    every row.
    """
    runs = []
    for frame in tables:
        substantive = ~frame["bank"].fillna(False).to_numpy(dtype=bool)
        starts, run_codes, dates = _date_runs(frame["snapshot_date"])
        lengths = np.diff(np.r_[starts, len(substantive)])
        run_held = np.logical_or.reduceat(substantive, starts) if len(starts) else np.zeros(0, dtype=bool)
        held = np.bincount(run_codes[run_held & (run_codes >= 0)], minlength=len(dates)) > 0
        runs.append((substantive, starts, run_codes, lengths, pd.Index(dates), held))
    every = _union([r[4] for r in runs])
    uniq = pd.Series(_union([r[4][r[5]] for r in runs]))  # the dates substantive staff have
    last = uniq.groupby(uniq.dt.to_period("Q")).transform("max")
    kept = pd.Index(uniq[(uniq == last).to_numpy()])
    out = []
    for substantive, starts, run_codes, lengths, dates, _ in runs:
        # the extra slot: a missing date (code -1) is never kept and keeps its code
        at = np.append(every.get_indexer(dates), -1).astype(np.int32)
        keep = np.append(dates.isin(kept), False)
        rows = substantive & np.repeat(keep[run_codes], lengths)
        if kept_only:  # a run's code repeated once for each of its kept rows: the kept rows' codes, in order
            lengths = np.add.reduceat(rows, starts, dtype=np.intp) if len(starts) else lengths
        out.append((rows, np.repeat(at[run_codes], lengths)))
    return out, every


def _union(indexes: Sequence[pd.Index]) -> pd.Index:
    """The distinct values of the indexes taken one after another, in order of appearance."""
    return indexes[0].append(list(indexes[1:])).unique() if len(indexes) > 1 else indexes[0].unique()


def _date_runs(dates: pd.Series) -> tuple[np.ndarray, np.ndarray, pd.Index]:
    """Runs of one date: each run's first row, its code (32-bit, -1 for a missing date) and the distinct dates.

    Snapshot files come a snapshot after another: millions of rows but a few thousand runs of one date. Only the
    first row of each run is hashed. Repeating each run's code over its rows gives ``pandas.factorize(dates)``
    (the same codes, the dates in the same order of appearance); a column that is not dates has a run a row.
    """
    values = dates.to_numpy()
    if values.dtype.kind != "M" or not len(values):
        codes, uniq = pd.factorize(dates, use_na_sentinel=True)
        return np.arange(len(codes)), codes.astype(np.int32), uniq
    ticks = values.view("i8")  # a missing date is one integer: a run of them is one run
    starts = np.flatnonzero(np.r_[True, ticks[1:] != ticks[:-1]])
    run_codes, uniq = pd.factorize(dates.iloc[starts], use_na_sentinel=True)
    # 32-bit codes: a few dates, and half the memory of millions of 64-bit ones
    return starts, run_codes.astype(np.int32), uniq


def _series(frame: pd.DataFrame, hit: pd.Series, scale: float, group: str) -> pd.DataFrame:
    counts = pd.DataFrame({"period_end": frame["snapshot_date"], "hit": hit.astype(int)})
    agg = counts.groupby("period_end").agg(numerator=("hit", "sum"), denominator=("hit", "size")).reset_index()
    agg["group"] = group
    agg["value"] = agg["numerator"] / agg["denominator"] * scale
    return agg[_COLUMNS]


def representation_series(snapshots: Snapshots, bands: Sequence[str] = SENIOR_BANDS,
                          group: str = "BME") -> pd.DataFrame:
    """Percentage of staff in ``bands`` whose ethnicity is ``group`` (WRES binary), per quarter.

    Denominator: every substantive member of staff in those bands, Unknown
    ethnicity included (as WRES indicator 1, metrics.md section 2).
    """
    # one mask (quarter ends and bands) a table, then the few columns of the senior staff's rows: no quarter-end copy
    tables = _tables(snapshots)
    parts, _ = _quarter_end_parts(tables, kept_only=True)
    q = [t.loc[rows & _isin(t["pay_band"], bands), ["snapshot_date", "ethnic_code"]]
         for t, (rows, _) in zip(tables, parts)]
    q = q[0] if len(q) == 1 else pd.concat(q, ignore_index=True)
    return _series(q, groups.ethnic_binary(q["ethnic_code"], categorical=True) == group, 100.0, group)


def _isin(values: pd.Series, wanted: Sequence[str]) -> np.ndarray:
    """``values.isin(wanted)`` as a boolean array; a coded column by a lookup of its codes (one pass, not one
    a wanted value)."""
    if isinstance(values.dtype, pd.CategoricalDtype):
        hit = np.append(values.cat.categories.isin(wanted), False)  # the extra slot: a missing value (-1) is not in
        return hit[values.cat.codes.to_numpy()]
    return values.isin(wanted).to_numpy(dtype=bool)


def quarterly_headcount(snapshots: Snapshots, characteristic: str) -> pd.DataFrame:
    """Substantive staff at each quarter's last snapshot, by group of ``characteristic`` (Unknown included).

    The denominators (and the shares' numerators) of :func:`share_series`, :func:`declaration_series` and
    :func:`entry_rate_series`: a report that draws several series from one snapshot table works this out
    once per characteristic and passes it to each (at national scale the snapshots are millions of rows).

    Returns
    -------
    pandas.DataFrame
        Columns ``period_end``, ``group`` (str), ``headcount`` (int64), one row per quarter and group present.
    """
    return quarterly_headcounts(snapshots, [characteristic])[characteristic]


def quarterly_headcounts(snapshots: Snapshots, characteristics: Sequence[str]) -> dict[str, pd.DataFrame]:
    """:func:`quarterly_headcount` of each characteristic, the quarters' last snapshots found once for all.

    ``snapshots`` may be several tables (each year's): counted table by table, as their join would be.
    """
    tables = _tables(snapshots)
    parts, dates = _quarter_end_parts(tables, kept_only=True)
    kept_dates = [codes for _, codes in parts]
    out = {}
    for characteristic in characteristics:
        column = _COLUMN_OF.get(characteristic, "")
        coded = _cells_of(tables, parts, kept_dates, len(dates), column, characteristic)
        if coded is None:
            # the kept rows' values only (numbered afresh): a million-row index is neither made nor read
            values = [pd.Series(t[column].array[rows]) if column in t.columns else pd.Series([None] * int(rows.sum()))
                      for t, (rows, _) in zip(tables, parts)]
            kept = (pd.DataFrame({column: values[0] if len(values) == 1 else pd.concat(values, ignore_index=True)})
                    if any(column in t.columns for t in tables) else pd.DataFrame(index=pd.RangeIndex(
                        sum(int(rows.sum()) for rows, _ in parts))))
            grouped = _groups(kept, characteristic)  # categorical: counted by code below, no text per person
            n_groups = len(grouped.cat.categories)
            cells = np.bincount(np.concatenate(kept_dates) * n_groups + grouped.cat.codes.to_numpy(dtype=np.int32),
                                minlength=len(dates) * n_groups).reshape(len(dates), n_groups)
            coded = cells, list(grouped.cat.categories)
        cells, labels = coded
        d, g = np.nonzero(cells)
        head = pd.DataFrame({"period_end": dates[d], "group": np.asarray(labels, dtype=object)[g],
                             "headcount": cells[d, g]})
        out[characteristic] = head.sort_values(["period_end", "group"], ignore_index=True).astype(
            {"group": "str", "headcount": "int64"})
    return out


def _cells_of(tables: Sequence[pd.DataFrame], parts: Sequence[tuple[np.ndarray, np.ndarray]],
              kept_dates: Sequence[np.ndarray], n_dates: int, column: str,
              characteristic: str) -> tuple[np.ndarray, list[str]] | None:
    """:func:`_coded_cells` of each table added up by group (``None`` when any table's is)."""
    if not all(column in t.columns for t in tables):
        return None
    each = []
    for t, (rows, _), kept in zip(tables, parts, kept_dates):
        got = _coded_cells(t[column], rows, kept, n_dates, characteristic)
        if got is None:
            return None
        each.append(got)
    if len(each) == 1:
        return each[0]
    labels = sorted({label for _, held in each for label in held})
    cells = np.zeros((n_dates, len(labels)), dtype="int64")
    for part, held in each:
        for i, label in enumerate(held):
            cells[:, labels.index(label)] += part[:, i]
    return cells, labels


def _from_headcount(head: pd.DataFrame, hit: pd.Series, scale: float, group: str) -> pd.DataFrame:
    """:func:`_series` from the headcount table: ``hit`` marks the rows (groups) counted in the numerator."""
    agg = (head.assign(hit=head["headcount"].where(hit, 0)).groupby("period_end")
           .agg(numerator=("hit", "sum"), denominator=("headcount", "sum")).reset_index())
    agg["group"] = group
    agg["value"] = agg["numerator"] / agg["denominator"] * scale
    return agg.astype({"numerator": "int64", "denominator": "int64"})[_COLUMNS]


def share_series(snapshots: Snapshots, characteristic: str = "disability", group: str = "Disabled", *,
                 headcount: pd.DataFrame | None = None) -> pd.DataFrame:
    """Percentage of all substantive staff recorded as ``group`` on the staff record, per quarter.

    ``characteristic`` is ``"disability"`` (groups Disabled / Non-disabled /
    Unknown) or ``"ethnicity"`` (White / BME / Unknown). ``headcount``: :func:`quarterly_headcount` of the
    same snapshots and characteristic, when the caller has it already.
    """
    head = quarterly_headcount(snapshots, characteristic) if headcount is None else headcount
    return _from_headcount(head, head["group"] == group, 100.0, group)


def declaration_series(snapshots: Snapshots, characteristic: str, *,
                       headcount: pd.DataFrame | None = None) -> pd.DataFrame:
    """Declaration rate, (N - N_unknown) / N x 100, per quarter (metrics.md section 1.4)."""
    head = quarterly_headcount(snapshots, characteristic) if headcount is None else headcount
    return _from_headcount(head, head["group"] != groups.UNKNOWN, 100.0, f"{characteristic} declared")


#: The snapshot column each characteristic is classified from (:func:`_groups`).
_COLUMN_OF = {"disability": "disability", "ethnicity": "ethnic_code"}


def _coded_cells(values: pd.Series, rows: np.ndarray, kept_dates: np.ndarray, n_dates: int,
                 characteristic: str) -> tuple[np.ndarray, list[str]] | None:
    """People of the kept ``rows`` by (date, group of :func:`_groups`) from a coded (categorical) column.

    Counted by (date, category) in one pass, then the categories' counts added into their groups (a few
    values classified once): no column of the kept rows is made. The groups are those :func:`_groups` gives,
    in its order (only groups someone kept is in). ``None`` when the column is not coded, or a kept row holds
    an ethnic code that is not a national one (:func:`_groups` then warns, with the counts).

    Returns
    -------
    tuple
        ``(cells, groups)``: int64 counts, one row per date code and one column per group.
    """
    if not isinstance(values.dtype, pd.CategoricalDtype):
        return None
    categories = list(values.cat.categories)
    width = len(categories) + 1  # column 0: missing, i + 1: category i
    at = kept_dates * width  # 32-bit, in place below: the kept rows' (date, category) cell
    at += values.cat.codes.to_numpy()[rows]
    at += 1
    by_category = np.bincount(at, minlength=n_dates * width).reshape(n_dates, width)
    held = by_category.sum(axis=0) > 0
    if characteristic == "ethnicity" and any(h and not groups.is_valid_ethnic_code(c)
                                             for h, c in zip(held[1:], categories)):
        return None
    with warnings.catch_warnings():  # a category nobody kept holds is not the data's problem: no warning
        warnings.simplefilter("ignore", groups.DataQualityWarning)
        of = _groups(pd.DataFrame({_COLUMN_OF[characteristic]: pd.Series([None, *categories], dtype=object)}),
                     characteristic).astype(object).tolist()  # each category's group (a few values)
    labels = sorted({of[i] for i in np.flatnonzero(held)})
    cells = np.zeros((n_dates, len(labels)), dtype="int64")
    for i in np.flatnonzero(held):
        cells[:, labels.index(of[i])] += by_category[:, i]
    return cells, labels


def _groups(frame: pd.DataFrame, characteristic: str) -> pd.Series:
    # categoricals: a quarter's millions of rows are counted by integer code, the labels made once
    if characteristic == "disability":
        return groups.disability_group(frame["disability"], categorical=True)
    if characteristic == "ethnicity":
        return groups.ethnic_binary(frame["ethnic_code"], categorical=True)
    raise ValueError(f"characteristic must be 'disability' or 'ethnicity'; got {characteristic!r}.")


def entry_rate_series(cases: pd.DataFrame, snapshots: Snapshots | None, case_types: Sequence[str] | None,
                      characteristic: str, group_values: Sequence[str], *, date_col: str = "start_date",
                      type_col: str = "case_type", headcount: pd.DataFrame | None = None) -> pd.DataFrame:
    """Entries into a formal process per 1,000 staff in each quarter, by group.

    Numerator: cases of ``case_types`` whose ``start_date`` falls in the
    calendar quarter, classified by the subject's recorded characteristic;
    denominator: substantive headcount of the group at the quarter's last
    snapshot. Quarters without a snapshot are left out.

    Parameters
    ----------
    cases
        The ``employee_relations`` input (all years).
    snapshots
        The ``staff_snapshots`` input (all years; each year's table, or joined), not read when ``headcount``
        is given.
    case_types
        E.g. ``["disciplinary"]`` (WRES 3 process) or
        ``["capability-performance"]`` (WDES 3 process); ``None`` counts every row
        (e.g. the ``incidents`` input, with ``date_col="incident_date"``).
    characteristic
        ``"ethnicity"`` or ``"disability"``.
    group_values
        Groups to return, e.g. ``["BME", "White"]``.
    headcount
        :func:`quarterly_headcount` of the same snapshots and characteristic, when the caller has it already.
    """
    counts = quarterly_headcount(snapshots, characteristic) if headcount is None else headcount
    # the rows: each quarter's headcount of the groups asked for (a quarter without a snapshot has none)
    head = counts[counts["group"].isin(group_values)]
    # the events of those types, only the columns read (the date and the characteristic's column)
    column = _COLUMN_OF[characteristic]
    wanted = [date_col, *([column] if column in cases.columns else [])]
    chosen = cases[wanted] if case_types is None else cases.loc[cases[type_col].isin(case_types).to_numpy(dtype=bool),
                                                                 wanted]
    # each event counted by (calendar quarter, group) from integer codes (a quarter: year * 4 + quarter index),
    # not by making a period and a label for each of a national incident file's hundreds of thousands of rows
    grouped = _groups(chosen, characteristic)
    labels = list(grouped.cat.categories)
    dates = chosen[date_col]
    quarter = (dates.dt.year * 4 + (dates.dt.month - 1) // 3).to_numpy(dtype=float)
    dated = ~np.isnan(quarter)  # an event without a date is in no quarter
    cell, n = np.unique(quarter[dated].astype(np.int64) * len(labels) + grouped.cat.codes.to_numpy()[dated],
                        return_counts=True)
    entries = dict(zip(cell.tolist(), n.tolist()))
    ends = pd.DatetimeIndex(head["period_end"])
    at = (ends.year * 4 + (ends.month - 1) // 3).to_numpy(dtype=np.int64) * len(labels)
    code_of = {g: i for i, g in enumerate(labels)}
    numerator = [entries.get(a + code_of[g], 0) if g in code_of else 0 for a, g in zip(at.tolist(), head["group"])]
    out = pd.DataFrame({"period_end": head["period_end"].to_numpy(), "group": head["group"].to_numpy(),
                        "numerator": np.asarray(numerator, dtype="int64"),
                        "denominator": head["headcount"].to_numpy(dtype="int64")})
    out["value"] = out["numerator"] / out["denominator"] * 1000
    return out[_COLUMNS].sort_values(["group", "period_end"]).reset_index(drop=True)
