"""Text to typed columns, at national scale: read a CSV's cells as text and parse each column once per value.

:func:`csv_cells` reads every cell of a CSV as text with the Arrow CSV reader (multi-threaded, no Python
object per cell) and falls back to pandas' reader for anything Arrow does not read the same way, so a file
that cannot be read is reported exactly as before. :func:`parse_column` parses a text column to its declared
kind (:class:`~edi_analysis.io.contract.Column`); every rule it applies looks at one cell only, so it works on
the column's distinct values and takes the results back to the rows: a coded column of 1.4 million rows has a
few dozen values to parse, not 1.4 million.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..errors import Problem
from .contract import _FALSE, _TRUE, Column

__all__ = ["arrow_memory", "csv_cells", "normalise_band", "parse_column", "strip_cells"]

#: A column with more distinct values than this share of its rows is parsed row by row (as many values as rows).
_DISTINCT_SHARE = 0.5
#: The text of a column with at most this many distinct values is kept as a categorical (2-byte codes) once parsed.
_FEW = 2**15


@cache
def _pool() -> pa.MemoryPool:
    """Where a file's text is held: jemalloc when this pyarrow has it, set to give freed memory back at once.

    Arrow's default pool keeps what a file freed for reuse; the next national file is read on top of it, and the
    process's peak (``bench --scale``) was the sum of the files read, not the largest one.
    """
    try:
        pool = pa.jemalloc_memory_pool()
        pa.jemalloc_set_decay_ms(0)
    except NotImplementedError:  # a build without jemalloc
        return pa.default_memory_pool()
    return pool


@contextmanager
def arrow_memory() -> Iterator[None]:
    """Arrow's memory for everything done inside (pandas' text operations too) from :func:`_pool`, then as before.

    Each buffer goes back to the pool it came from, so setting the default back afterwards is safe.
    """
    before = pa.default_memory_pool()
    pa.set_memory_pool(_pool())
    try:
        yield
    finally:
        pa.set_memory_pool(before)


def csv_cells(path: Path) -> pd.DataFrame:
    """Every cell of a CSV file as unstripped text (``str``), the header row included as row 0.

    The result is what ``pd.read_csv(path, dtype=str, header=None, keep_default_na=False, na_filter=False,
    encoding="utf-8-sig")`` gives, columns numbered from 0. Arrow reads the file when it can; a file it
    rejects (ragged rows, text that is not UTF-8, no rows) is read by pandas, whose error is the one reported.
    """
    try:
        table = _arrow_cells(path)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, pa.ArrowTypeError):
        return pd.read_csv(path, dtype=str, header=None, keep_default_na=False, na_filter=False,
                           encoding="utf-8-sig")
    return pd.DataFrame({i: pd.Series(pd.array(table.column(i), dtype="str"), copy=False)
                         for i in range(table.num_columns)})


def _arrow_cells(path: Path) -> pa.Table:
    read = pacsv.ReadOptions(autogenerate_column_names=True)
    parse = pacsv.ParseOptions(newlines_in_values=True)  # a quoted cell may hold a line break, as pandas reads it
    with pacsv.open_csv(path, read_options=pacsv.ReadOptions(autogenerate_column_names=True, block_size=1 << 20),
                        parse_options=parse) as first:
        names = first.schema.names  # how many columns: the first row's cells
    # every column as large_string, the storage of pandas' str: no copy of the text when it is made a Series
    convert = pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.large_string()), null_values=[],
                                   strings_can_be_null=False, quoted_strings_can_be_null=False)
    table = pacsv.read_csv(path, read_options=read, parse_options=parse, convert_options=convert, memory_pool=_pool())
    if table.num_rows == 0:
        raise pa.ArrowInvalid("no rows")
    return table


def strip_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Every text cell without leading and trailing whitespace (what ``Series.str.strip()`` does), in Arrow."""
    out = {}
    for col in frame.columns:
        s = frame[col]
        arr = getattr(s.array, "_pa_array", None)
        if arr is None or not isinstance(s.dtype, pd.StringDtype):
            out[col] = s.str.strip()
        else:
            out[col] = pd.Series(pd.array(_trim(arr), dtype=s.dtype), index=s.index, copy=False)
    return pd.DataFrame(out, index=frame.index, columns=frame.columns) if len(frame.columns) else frame.copy()


def _trim(arr: pa.ChunkedArray) -> pa.ChunkedArray:
    """:func:`pyarrow.compute.utf8_trim_whitespace` chunk by chunk, keeping every chunk that has nothing to trim.

    A clean national file is not copied a second time, and a dirty one only a chunk at a time.
    """
    chunks = []
    for chunk in arr.chunks:
        trimmed = pc.utf8_trim_whitespace(chunk, memory_pool=_pool())
        same = pc.all(pc.equal(pc.binary_length(trimmed), pc.binary_length(chunk))).as_py() is not False
        chunks.append(chunk if same else trimmed)
    return pa.chunked_array(chunks, type=arr.type)


def normalise_band(s: pd.Series) -> pd.Series:
    """``Band 5`` -> ``5`` and ``8A`` -> ``8a``: pay bands as the contract writes them."""
    out = s.str.replace(r"(?i)^band\s+", "", regex=True)
    return out.where(~out.str.fullmatch(r"(?i)8[a-d]"), out.str.lower())


def _parse_values(col: Column, raw: pd.Series) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """Parse text values to ``col``'s kind: (parsed, has a decimal comma, cannot be read), one per value."""
    blank = raw == ""
    none = np.zeros(len(raw), dtype=bool)
    if col.kind in ("text", "code"):
        parsed = raw.where(~blank, pd.NA).astype("string")
        if col.name == "pay_band":
            parsed = normalise_band(parsed)
        if col.allowed is not None:
            lookup = {v.lower(): v for v in col.allowed}
            canon = parsed.str.lower().map(lookup)
            parsed = canon.where(canon.notna(), parsed).astype("string")
        return parsed, none, none
    comma = none
    if col.kind in ("int", "float"):
        # A comma is read as a thousands separator only where it is one (1,250.50); "17,85" is a decimal comma.
        comma = raw.str.contains(",", regex=False) & ~raw.str.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")
        parsed = pd.to_numeric(raw.where(~blank & ~comma, None).str.replace(",", "", regex=False), errors="coerce")
        # "inf" and "nan" are read by to_numeric but are not figures a payroll or survey can give
        parsed = parsed.where(np.isfinite(parsed.astype("float64")))
        blank = blank | comma
        if col.kind == "int":
            frac = parsed.notna() & (parsed != parsed.round())
            bad = (parsed.isna() & ~blank) | frac
            parsed = parsed.where(~frac).astype("Int64")
        else:
            bad = parsed.isna() & ~blank
            parsed = parsed.astype("float64")
        comma = comma.to_numpy(dtype=bool)
    elif col.kind == "bool":
        low = raw.str.lower()
        parsed = pd.Series(pd.NA, index=raw.index, dtype="boolean")
        parsed[low.isin(_TRUE)] = True
        parsed[low.isin(_FALSE)] = False
        bad = parsed.isna() & ~blank
    else:  # date
        parsed = pd.to_datetime(raw.where(~blank, None), format="ISO8601", errors="coerce")
        uk = pd.to_datetime(raw.where(parsed.isna() & ~blank, None), format="%d/%m/%Y", errors="coerce")
        parsed = parsed.fillna(uk)
        bad = parsed.isna() & ~blank
    return parsed, comma, bad.to_numpy(dtype=bool)


def _coded(values: pd.Series, codes: np.ndarray) -> pd.Series | None:
    """``values`` taken at ``codes`` as a categorical of the sorted distinct strings, if there are few of them."""
    limit = max(64, len(codes) // 100)
    if values.nunique() > limit:  # identifiers: no Python string made for each
        return None
    distinct = sorted(set(values.dropna()))
    dtype = pd.CategoricalDtype(distinct)
    at = dtype.categories.get_indexer(values)  # missing values are -1: missing in the categorical too
    return pd.Series(pd.Categorical.from_codes(at[codes], dtype=dtype), copy=False)


def factorize_text(raw: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """``pd.factorize(raw, use_na_sentinel=False)``: codes, and the distinct values as a Series of ``raw``'s dtype.

    A column of Arrow text without missing values is encoded by Arrow (one dictionary for all chunks): pandas'
    factorize of it goes through int64 codes and Python objects, hundreds of MB for a national snapshot file.
    """
    arr = getattr(raw.array, "_pa_array", None)
    if isinstance(raw.dtype, pd.StringDtype) and arr is not None and arr.null_count == 0 and len(raw):
        encoded = pc.dictionary_encode(arr, memory_pool=_pool())
        codes = np.concatenate([c.indices.to_numpy() for c in encoded.chunks])
        return codes, pd.Series(pd.array(encoded.chunk(0).dictionary, dtype=raw.dtype), copy=False)
    codes, uniques = pd.factorize(raw, use_na_sentinel=False)
    return codes, pd.Series(uniques, dtype=raw.dtype)


def _mostly_distinct(raw: pd.Series, sample: int = 1 << 16) -> bool:
    """Whether most of the first ``sample`` values of a long column differ (a guess that only sets the method)."""
    if len(raw) <= sample:
        return False
    return raw.iloc[:sample].nunique(dropna=False) > _DISTINCT_SHARE * sample


def parse_column(col: Column, raw: pd.Series, file: str, *, coded: bool = False,
                 ) -> tuple[pd.Series, list[Problem], pd.Series]:
    """Parse one text column to its declared kind; unparseable cells become problems (row = index + 2).

    Each distinct value is parsed once (rules look at one cell only) unless most values are distinct. With
    ``coded``, a text column of few distinct values (at most 64, or one per 100 rows) is given as a categorical
    of its sorted strings instead of ``string`` (the same values; never held as a string per row).

    Returns
    -------
    tuple
        The parsed column, its problems, and the text again in less memory (a categorical of the same strings
        when parsed by value, else ``raw`` itself) for the messages of later checks.
    """
    text = raw
    if _mostly_distinct(raw):  # identifiers, amounts: encoding them first would only add work
        codes, uniques = None, raw
    else:
        codes, uniques = factorize_text(raw)
    if codes is None or len(uniques) > _DISTINCT_SHARE * len(raw):
        parsed, comma, bad = _parse_values(col, raw)
    else:
        values, comma, bad = _parse_values(col, uniques)
        parsed = _coded(values, codes) if coded and col.kind in ("text", "code") else None
        if parsed is None:
            parsed = pd.Series(values.array.take(codes), copy=False)
        parsed.index = raw.index
        comma, bad = comma[codes], bad[codes]
        if len(uniques) <= _FEW and not uniques.isna().any():
            text = pd.Series(pd.Categorical.from_codes(codes, categories=uniques.array), index=raw.index, copy=False)
    problems = [Problem(file, int(idx) + 2, col.name, raw[idx], "has a decimal comma; use a point for decimals "
                        f"(e.g. {raw[idx].replace(',', '.')}) and no other separators") for idx in raw.index[comma]]
    problems += [Problem(file, int(idx) + 2, col.name, raw[idx], f"cannot be read as {col.kind}; {col.fix()}")
                 for idx in raw.index[bad]]
    arr = getattr(parsed.array, "_pa_array", None)
    if arr is not None and arr.num_chunks > 1:  # one chunk per block of the file: later takes and joins are slow
        parsed = pd.Series(pd.array(arr.combine_chunks(), dtype=parsed.dtype), index=raw.index, copy=False)
    return parsed, problems, text
