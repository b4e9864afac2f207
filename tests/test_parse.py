"""io/parse.py: a CSV's cells as text (Arrow, pandas for what Arrow rejects), and columns parsed once per value."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest

from edi_analysis.io import parse
from edi_analysis.io.contract import Column
from edi_analysis.io.parse import (arrow_memory, csv_cells, factorize_text, normalise_band, parse_column,
                                   strip_cells)

_PANDAS = {"dtype": str, "header": None, "keep_default_na": False, "na_filter": False, "encoding": "utf-8-sig"}


def _write(tmp_path, data: bytes):
    path = tmp_path / "f.csv"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize("data", [
    b"\xef\xbb\xbfa, b ,c\n1,\"x, y\", 3 \n\n,,\n\"q\"\"r\",s,\n",  # BOM, quoted comma and quote, blank line, empties
    b"id,2024\n007,1\n008,2\n",  # a header that reads as a number: the column is still text ("007" keeps its zeros)
    b"a,b\r\n\"two\nlines\",x\r\n",  # a quoted line break and Windows line ends
    b"a\n",  # header only
])
def test_csv_cells_are_what_pandas_reads(tmp_path, data):
    path = _write(tmp_path, data)
    got = csv_cells(path)
    want = pd.read_csv(path, **_PANDAS)
    pd.testing.assert_frame_equal(got, want, check_column_type=False)
    assert [str(t) for t in got.dtypes] == ["str"] * got.shape[1]


def test_csv_cells_reads_the_header_row_as_data_with_text_kept_as_given(tmp_path):
    got = csv_cells(_write(tmp_path, b"id,2024\n007,1\n"))
    assert got.iloc[:, 0].tolist() == ["id", "007"] and got.iloc[:, 1].tolist() == ["2024", "1"]


@pytest.mark.parametrize("data", [
    b"a,b\n1,2,3\n",  # more cells than the header: pandas' error is the one reported
    b"a,b\n\xff\xfe,1\n",  # not UTF-8: pandas' UnicodeDecodeError
])
def test_files_arrow_rejects_fail_as_pandas_fails(tmp_path, data):
    path = _write(tmp_path, data)
    with pytest.raises(Exception) as want:
        pd.read_csv(path, **_PANDAS)
    with pytest.raises(type(want.value)) as got:
        csv_cells(path)
    assert str(got.value) == str(want.value)


def test_a_short_row_is_read_by_pandas_as_pandas_does(tmp_path):
    path = _write(tmp_path, b"a,b\n1\n")
    pd.testing.assert_frame_equal(csv_cells(path), pd.read_csv(path, **_PANDAS))


def test_strip_cells_trims_unicode_whitespace_like_str_strip_and_keeps_clean_columns():
    frame = pd.DataFrame({"a": pd.Series([" x", "y\t", "\u00a0z\u2003", "w"], dtype="str"),
                          "b": pd.Series(["1", "2", "3", "4"], dtype="str")})
    out = strip_cells(frame)
    assert out["a"].tolist() == ["x", "y", "z", "w"]
    pd.testing.assert_frame_equal(out, frame.apply(lambda s: s.str.strip()))
    def data(s: pd.Series) -> int:
        return s.array._pa_array.chunk(0).buffers()[2].address

    assert data(out["b"]) == data(frame["b"])  # nothing to trim: the same buffers, not a copy


def test_trim_keeps_the_clean_chunks_and_trims_the_others():
    arr = pa.chunked_array([pa.array(["a", "b"], pa.large_string()), pa.array([" c", "d"], pa.large_string())])
    out = parse._trim(arr)
    assert out.to_pylist() == ["a", "b", "c", "d"]
    assert out.chunk(0).buffers()[2].address == arr.chunk(0).buffers()[2].address
    assert out.chunk(1).buffers()[2].address != arr.chunk(1).buffers()[2].address


def test_normalise_band():
    got = normalise_band(pd.Series(["Band 5", "band  8A", "8b", "VSM", "Band6x"], dtype="string"))
    assert got.tolist() == ["5", "8a", "8b", "VSM", "Band6x"]


def test_factorize_text_matches_pandas_and_keeps_the_dtype():
    s = pd.Series(["b", "a", "b", "c"], dtype="str")
    codes, values = factorize_text(s)
    assert codes.tolist() == [0, 1, 0, 2] and values.tolist() == ["b", "a", "c"] and values.dtype == s.dtype
    with_missing = pd.Series(["b", None, "b"], dtype="str")  # missing values: pandas' own factorize
    codes, values = factorize_text(with_missing)
    assert codes.tolist() == [0, 1, 0] and values.iloc[0] == "b" and pd.isna(values.iloc[1])
    codes, values = factorize_text(pd.Series([], dtype="str"))
    assert len(codes) == 0 and len(values) == 0


BAND = Column("pay_band", "text", "", allowed=("5", "8a", "VSM"))
RATE = Column("hourly_rate", "float", "", nullable=True)
COUNT = Column("responses", "int", "")
FLAG = Column("bank", "bool", "")
DAY = Column("start_date", "date", "")


@pytest.mark.parametrize(("col", "cells"), [
    (BAND, ["Band 5", "vsm", "8A", "", "9", "Band 5", "vsm"]),
    (RATE, ["17.85", "1,250.50", "17,85", "", "inf", "x", "17.85"]),
    (COUNT, ["3", "3.0", "3.5", "", "three", "3"]),
    (FLAG, ["TRUE", "yes", "0", "", "maybe", "TRUE"]),
    (DAY, ["2025-06-01", "01/06/2025", "", "2025-13-01", "2025-06-01"]),
])
def test_parse_column_by_value_equals_parsing_every_row(col, cells):
    cells = cells * 3  # few distinct values for their rows: parsed by value
    raw = pd.Series(cells, dtype="str")
    parsed, problems, text = parse_column(col, raw, "f.csv")
    assert isinstance(text.dtype, pd.CategoricalDtype)
    want, comma, bad = parse._parse_values(col, raw)  # every row parsed on its own
    pd.testing.assert_series_equal(parsed, want, check_names=False)
    assert [p.row for p in problems] == [i + 2 for i in np.flatnonzero(comma)] + [i + 2 for i in np.flatnonzero(bad)]
    assert text.astype(object).tolist() == cells  # the text for messages reads as the file


def test_parse_column_problems_name_row_value_and_fix():
    raw = pd.Series(["17.85", "17,85", "x", "17.85"], dtype="str")
    _, problems, _ = parse_column(RATE, raw, "staff.csv")
    assert [(p.row, p.value) for p in problems] == [(3, "17,85"), (4, "x")]
    assert problems[0].message.startswith("has a decimal comma; use a point for decimals (e.g. 17.85)")
    assert problems[1].message.startswith("cannot be read as float; ")


def test_parse_column_coded_gives_sorted_categories_of_the_parsed_values():
    raw = pd.Series(["vsm", "Band 5", "", "5", "8A"] * 30, dtype="str")
    parsed, _, _ = parse_column(BAND, raw, "f.csv", coded=True)
    assert list(parsed.dtype.categories) == ["5", "8a", "VSM"]
    plain, _, _ = parse_column(BAND, raw, "f.csv")
    assert plain.dtype == "string"
    assert parsed.astype("string").equals(plain)


def test_parse_column_coded_leaves_identifiers_as_text():
    raw = pd.Series([f"P{i}" for i in range(200)] * 2, dtype="str")  # 200 distinct of 400: more than 64
    parsed, _, text = parse_column(Column("staff_id", "text", ""), raw, "f.csv", coded=True)
    assert parsed.dtype == "string" and parsed.tolist() == raw.tolist()
    assert isinstance(text.dtype, pd.CategoricalDtype)  # parsed by value: the text is held once per value


def test_mostly_distinct_looks_at_the_first_values_of_long_columns_only():
    assert not parse._mostly_distinct(pd.Series([str(i) for i in range(100)], dtype="str"), sample=100)
    assert parse._mostly_distinct(pd.Series([str(i) for i in range(101)], dtype="str"), sample=100)
    assert not parse._mostly_distinct(pd.Series(["a", "b"] * 60, dtype="str"), sample=100)


def test_parse_column_coded_sorts_the_categories_whatever_order_the_rows_come_in():
    letters = list("HGFEDCBA")
    parsed, _, _ = parse_column(Column("ethnic_code", "code", ""), pd.Series(letters * 20, dtype="str"), "f.csv",
                                coded=True)
    assert list(parsed.dtype.categories) == sorted(letters)
    assert parsed.astype(object).tolist() == letters * 20


def test_arrow_memory_sets_the_pool_inside_and_the_old_one_back_after_even_on_error():
    before = pa.default_memory_pool().backend_name
    with pytest.raises(RuntimeError), arrow_memory():
        assert pa.default_memory_pool().backend_name == parse._pool().backend_name
        raise RuntimeError
    assert pa.default_memory_pool().backend_name == before


def test_parsed_text_is_one_chunk_whatever_blocks_the_file_was_read_in():
    raw = pd.Series(pd.array(pa.chunked_array([pa.array(["P1", "P2"], pa.large_string()),
                                                pa.array(["P3", ""], pa.large_string())]), dtype="str"))
    parsed, _, _ = parse_column(Column("staff_id", "text", "", nullable=True), raw, "f.csv")
    assert parsed.array._pa_array.num_chunks == 1
    assert parsed.tolist()[:3] == ["P1", "P2", "P3"] and pd.isna(parsed.iloc[3])
