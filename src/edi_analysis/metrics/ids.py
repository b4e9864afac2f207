"""Identifier lookups between tables (staff, training, cases), done by Arrow's hashing of the text.

A national-scale trust has a million or more staff identifiers a year. pandas' ``isin``, ``unique`` and
``nunique`` on Arrow text make a Python object of every identifier; these functions hash the text in Arrow
instead, each table's identifiers once per question (``python -m edi_analysis bench --scale``). Every function
treats a missing identifier as ``pandas.Series.isin`` does: it matches a missing identifier, nothing else.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["as_text", "distinct_ids", "found_among", "ids_in"]


def as_text(values: pd.Series | pd.Index | list | pa.Array) -> pa.Array:
    """Identifiers as one Arrow ``large_string`` array (no copy for a column of Arrow text)."""
    if isinstance(values, pa.Array):
        return values.cast(pa.large_string())
    arr = pa.array(values if isinstance(values, (pd.Series, pd.Index)) else pd.Series(values, dtype=object),
                   from_pandas=True)
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr.cast(pa.large_string())


def ids_in(ids: pd.Series | pd.Index | pa.Array, among: pd.Series | pd.Index | list | pa.Array) -> np.ndarray:
    """``ids.isin(among)`` as one Arrow hash lookup (a missing identifier matches a missing one, as ``isin``).

    The Arrow strings' own ``isin`` makes a Python scalar of every identifier in ``among``, and a lookup of
    Python objects makes one of every identifier in ``ids``: seconds each for a national-scale staff table.
    """
    value_set = among if isinstance(among, pa.Array) else as_text(among)
    return pc.is_in(as_text(ids), value_set=value_set).to_numpy(zero_copy_only=False).astype(bool)


def distinct_ids(ids: pd.Series, rows: np.ndarray | None = None, *, dropna: bool = False) -> pa.Array:
    """The distinct identifiers of ``ids`` (of the ``rows`` mask only, when given), in order of appearance.

    A missing identifier is one value, as in ``pandas.Series.unique``, unless ``dropna``.
    """
    text = as_text(ids)
    if rows is not None and not rows.all():  # every row wanted (the usual case): no copy of the text
        text = text.filter(pa.array(rows, type=pa.bool_()))
    if dropna and text.null_count:
        text = text.drop_null()
    return pc.unique(text)


def found_among(ids: pd.Series, among: pa.Array) -> tuple[np.ndarray, int]:
    """Which rows of ``ids`` hold one of the distinct identifiers ``among``, and how many of ``among`` are held.

    The second answer is ``ids[found].nunique(dropna=False)`` counted from the positions in ``among`` that the
    same lookup gives (integers), not by hashing the found rows' text a second time.

    Parameters
    ----------
    ids
        Identifiers of a table's rows (e.g. the staff headcount's).
    among
        Distinct identifiers (:func:`distinct_ids`), e.g. of the people who took part in training.
    """
    at = pc.fill_null(pc.index_in(as_text(ids), value_set=among), -1).to_numpy(zero_copy_only=False)
    found = at >= 0
    held = int(np.count_nonzero(np.bincount(at[found], minlength=len(among)))) if len(among) else 0
    return found, held
