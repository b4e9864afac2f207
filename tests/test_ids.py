"""Identifier lookups in Arrow (metrics/ids.py): the same answers as pandas' isin, unique and nunique."""

import numpy as np
import pandas as pd
import pyarrow as pa

from edi_analysis.metrics.ids import as_text, distinct_ids, found_among, ids_in


def test_ids_in_matches_isin_for_text_categorical_objects_and_missing_ids():
    ids = pd.Series(["P1", "P2", None, "P4"], dtype="str")
    among = pd.Index(["P4", "P9", "P1"], dtype=object)
    assert ids_in(ids, among).tolist() == [True, False, False, True]
    assert ids_in(ids.astype("category"), ["P2"]).tolist() == [False, True, False, False]
    assert ids_in(ids, pd.Series(["P2", None], dtype=object)).tolist() == ids.isin(["P2", None]).tolist()
    assert ids_in(ids, []).dtype == np.bool_ and not ids_in(ids, []).any()
    # an Arrow array of identifiers is looked up as it is
    assert ids_in(as_text(["P4", "P5"]), pa.array(["P5"], type=pa.large_string())).tolist() == [False, True]


def test_distinct_ids_of_the_rows_wanted_in_order_of_appearance():
    ids = pd.Series(["P3", "P1", "P3", None, "P2", None], dtype="string")
    assert distinct_ids(ids).to_pylist() == ["P3", "P1", None, "P2"]  # a missing identifier is one value
    assert distinct_ids(ids, dropna=True).to_pylist() == ["P3", "P1", "P2"]
    rows = np.array([False, True, True, True, False, False])
    assert distinct_ids(ids, rows).to_pylist() == ["P1", "P3", None]
    assert distinct_ids(ids, rows, dropna=True).to_pylist() == ["P1", "P3"]
    assert distinct_ids(ids, np.ones(6, dtype=bool)).to_pylist() == ["P3", "P1", None, "P2"]


def test_found_among_gives_the_rows_and_how_many_distinct_identifiers_they_hold():
    # staff P1, P2, P2 (held twice), P4, a missing one; training by P2, P4, P7 (not on the record) and a missing id
    staff = pd.Series(["P1", "P2", "P2", "P4", None], dtype="string")
    took = distinct_ids(pd.Series(["P2", "P7", "P4", "P2", None], dtype="string"))
    found, held = found_among(staff, took)
    assert found.tolist() == staff.isin(["P2", "P4", None]).tolist() == [False, True, True, True, True]
    # P2, P4 and the missing identifier: as staff[found].nunique(dropna=False)
    assert held == staff[found].nunique(dropna=False) == 3
    nothing, none_held = found_among(staff, pa.array([], type=pa.large_string()))
    assert not nothing.any() and nothing.dtype == np.bool_ and none_held == 0
