"""io/trust_data.py: codes held as categoricals (``_coded``, ``_coded_years``), values unchanged; shared masks."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from edi_analysis.io.trust_data import _coded, _coded_years
from edi_analysis.metrics import wres


def _frame(n: int, codes: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"staff_id": pd.Series([f"P{i}" for i in range(n)], dtype="str"),
                         "ethnic_code": pd.Series([codes[i % len(codes)] for i in range(n)], dtype="str"),
                         "rate": [float(i) for i in range(n)]})


def test_coded_makes_few_valued_text_categorical_and_leaves_identifiers_and_the_input_alone():
    frame = _frame(200, ["A", "B", None])
    out = _coded(frame)
    assert isinstance(out["ethnic_code"].dtype, pd.CategoricalDtype)
    assert list(out["ethnic_code"].cat.categories) == ["A", "B"]
    assert not isinstance(out["staff_id"].dtype, pd.CategoricalDtype)  # 200 distinct of 200: an identifier
    assert out["ethnic_code"].astype(object).where(out["ethnic_code"].notna(), None).tolist() == \
        frame["ethnic_code"].astype(object).where(frame["ethnic_code"].notna(), None).tolist()
    assert frame["ethnic_code"].dtype == "str"  # the input keeps its strings


def test_coded_years_share_categories_so_joining_years_keeps_them():
    years = _coded_years({2025: _frame(100, ["A", "B"]), 2026: _frame(100, ["C", "A"])})
    dtypes = {y: f["ethnic_code"].dtype for y, f in years.items()}
    assert dtypes[2025] == dtypes[2026] and list(dtypes[2025].categories) == ["A", "B", "C"]
    joined = pd.concat(years.values(), ignore_index=True)
    assert isinstance(joined["ethnic_code"].dtype, pd.CategoricalDtype)
    assert joined["ethnic_code"].value_counts().to_dict() == {"A": 100, "B": 50, "C": 50}
    assert _coded_years({}) == {}


def test_coded_years_from_years_already_coded_on_their_own_is_the_same():
    frames = {2025: _frame(100, ["A", "B"]), 2026: _frame(100, ["C", "A"])}
    at_once = _coded_years(frames)
    year_by_year = _coded_years({y: _coded(f) for y, f in frames.items()})
    for y in frames:
        pd.testing.assert_frame_equal(year_by_year[y], at_once[y])


def test_coded_years_makes_text_again_a_column_the_years_together_have_too_many_values_for():
    # each year: 64 values in 64 rows (coded on its own); together 128 values in 128 rows: too many. Text as
    # parsed (string): made text again, it is as if never coded
    frames = {y: _frame(64, [f"{p}{i}" for i in range(64)]).astype({"ethnic_code": "string"})
              for y, p in ((2025, "a"), (2026, "b"))}
    coded = {y: _coded(f) for y, f in frames.items()}
    assert isinstance(coded[2025]["ethnic_code"].dtype, pd.CategoricalDtype)
    out = _coded_years(coded)
    for y, f in frames.items():
        assert out[y]["ethnic_code"].dtype == "string"
        assert out[y]["ethnic_code"].tolist() == f["ethnic_code"].tolist()
    pd.testing.assert_frame_equal(_coded_years(frames)[2025].astype({"staff_id": "string"}),
                                  out[2025].astype({"staff_id": "string"}))


def test_as_category_is_astype():
    from edi_analysis.io.trust_data import _as_category
    s = pd.Series(["b", None, "a", "a", "b"], dtype="string")
    dtype = pd.CategoricalDtype(["a", "b"])
    pd.testing.assert_series_equal(_as_category(s, dtype), s.astype(dtype))


def test_training_access_and_entrant_masks_worked_out_once_as_the_metrics_and_read_only(syn06):
    y = syn06.year
    mask, unmatched = syn06.training_access(y)
    want_mask, want_unmatched = wres.training_access(syn06.table("training", y), syn06.workforce(y))
    assert np.array_equal(mask, want_mask) and unmatched == want_unmatched
    assert syn06.training_access(y)[0] is mask  # the second report reuses the first's
    entered = syn06.entrant_mask(y, ["disciplinary"])
    assert np.array_equal(entered, wres.entrant_mask(syn06.by_year("employee_relations").get(y),
                                                     syn06.workforce(y), ["disciplinary"]))
    assert entered.any() and syn06.entrant_mask(y, ("disciplinary",)) is entered
    assert not np.array_equal(entered, syn06.entrant_mask(y, ["capability-performance"]))
    with pytest.raises(ValueError):  # shared by every report: no caller may change it
        entered[0] = not entered[0]
