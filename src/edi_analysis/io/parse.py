"""Text to typed columns, at national scale: read a CSV's cells as text and parse each column once per value.

:func:`csv_cells` reads every cell of a CSV as text with the Arrow CSV reader (multi-threaded, no Python
object per cell) and falls back to pandas' reader for anything Arrow does not read the same way, so a file
that cannot be read is reported exactly as before. :func:`parse_column` parses a text column to its declared
kind (:class:`~edi_analysis.io.contract.Column`); every rule it applies looks at one cell only, so it works on
the column's distinct values and takes the results back to the rows: a coded column of 1.4 million rows has a
few dozen values to parse, not 1.4 million.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from ..errors import Problem
from .contract import _FALSE, _TRUE, Column

__all__ = ["csv_cells", "normalise_band", "parse_column", "strip_cells"]

#: A column with more distinct values than this share of its rows is parsed row by row (as many values as rows).
_DISTINCT_SHARE = 0.5


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

    def convert(types: dict | None) -> pacsv.ConvertOptions:
        return pacsv.ConvertOptions(column_types=types, null_values=[], strings_can_be_null=False,
                                    quoted_strings_can_be_null=False, true_values=[], false_values=[])

    table = pacsv.read_csv(path, read_options=read, parse_options=parse, convert_options=convert(None))
    if any(not pa.types.is_string(t) for t in table.schema.types):
        # a header that reads as a number or date let Arrow type the column: read it again, all text
        table = pacsv.read_csv(path, read_options=read, parse_options=parse,
                               convert_options=convert({n: pa.string() for n in table.column_names}))
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
            trimmed = pc.utf8_trim_whitespace(arr)
            # a column with nothing to trim keeps its buffers: a second copy of a national file is not needed
            same = pc.all(pc.equal(pc.binary_length(trimmed), pc.binary_length(arr))).as_py() is not False
            out[col] = s if same else pd.Series(pd.array(trimmed, dtype=s.dtype), index=s.index, copy=False)
    return pd.DataFrame(out, index=frame.index, columns=frame.columns) if len(frame.columns) else frame.copy()


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


def parse_column(col: Column, raw: pd.Series, file: str) -> tuple[pd.Series, list[Problem], pd.Series]:
    """Parse one text column to its declared kind; unparseable cells become problems (row = index + 2).

    Each distinct value is parsed once (rules look at one cell only) unless most values are distinct.

    Returns
    -------
    tuple
        The parsed column, its problems, and the text again in less memory (a categorical of the same strings
        when parsed by value, else ``raw`` itself) for the messages of later checks.
    """
    codes, uniques = pd.factorize(raw, use_na_sentinel=False)
    text = raw
    if len(uniques) > _DISTINCT_SHARE * len(raw):
        parsed, comma, bad = _parse_values(col, raw)
    else:
        values, comma, bad = _parse_values(col, pd.Series(uniques, dtype=raw.dtype))
        parsed = pd.Series(values.array.take(codes), index=raw.index, copy=False)
        comma, bad = comma[codes], bad[codes]
        if not pd.isna(uniques).any():
            text = pd.Series(pd.Categorical.from_codes(codes, categories=uniques), index=raw.index, copy=False)
    problems = [Problem(file, int(idx) + 2, col.name, raw[idx], "has a decimal comma; use a point for decimals "
                        f"(e.g. {raw[idx].replace(',', '.')}) and no other separators") for idx in raw.index[comma]]
    problems += [Problem(file, int(idx) + 2, col.name, raw[idx], f"cannot be read as {col.kind}; {col.fix()}")
                 for idx in raw.index[bad]]
    return parsed, problems, text
