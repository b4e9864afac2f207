"""Code mappings of metrics.md section 1 and the 'Codes' cases of section 13."""

import warnings

import numpy as np
import pandas as pd
import pytest

from edi_analysis.metrics import groups


def test_national_codes_map_to_white_bme():
    codes = pd.Series(list("ABCDEFGHJKLMNPRS"))
    expected = pd.Series(["White"] * 3 + ["BME"] * 13, dtype="string")
    pd.testing.assert_series_equal(groups.ethnic_binary(codes), expected)


def test_unknowns_without_warning():
    codes = pd.Series(["Z", "99", "", None, "X"], dtype=object)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = groups.ethnic_binary(codes)
    assert out.tolist() == ["Unknown"] * 5


def test_subcode_and_whitespace():
    out5 = groups.ethnic_census5(pd.Series(["C1", " r ", "R", "S", "M"]))
    assert out5.tolist() == ["White", "Asian", "Asian", "Other", "Black"]
    assert groups.ethnic_binary(pd.Series([" r "])).tolist() == ["BME"]


def test_unrecognised_code_is_unknown_with_warning():
    with pytest.warns(groups.DataQualityWarning, match=r"'Q' \(2\)"):
        out = groups.ethnic_binary(pd.Series(["Q", "A", "Q"]))
    assert out.tolist() == ["Unknown", "White", "Unknown"]


def test_detailed_categories_are_exactly_sixteen():
    assert "".join(groups.DETAILED) == "ABCDEFGHJKLMNPRS"
    assert groups.ethnic_detailed(pd.Series(["H", "Z"])).tolist() == ["Asian: Indian", "Unknown"]


def test_valid_code_check():
    assert groups.is_valid_ethnic_code("c1")
    assert groups.is_valid_ethnic_code(None)
    assert not groups.is_valid_ethnic_code("Q")
    assert not groups.is_valid_ethnic_code("7")


def test_disability_mapping():
    values = pd.Series(["Yes", "no", "Not declared", "Prefer not to say", "Unspecified", None, " YES "])
    expected = ["Disabled", "Non-disabled", "Unknown", "Unknown", "Unknown", "Unknown", "Disabled"]
    assert groups.disability_group(values).tolist() == expected


def test_sex_mapping():
    assert groups.sex_group(pd.Series(["Male", "female", "", None])).tolist() == [
        "Male",
        "Female",
        "Not recorded",
        "Not recorded",
    ]


def test_declaration_rate():
    assert groups.declaration_rate(pd.Series(["Disabled", "Unknown", "Non-disabled", "Unknown"])) == 50.0
    assert pd.isna(groups.declaration_rate(pd.Series([], dtype="string")))


def test_analysis_groups_and_intersections():
    staff = pd.DataFrame({
        "sex": ["Male", "Female", "Female", None],
        "ethnic_code": ["A", "N", "Z", "H"],
        "disability": ["No", "Yes", "No", "No"],
        "religion": ["Islam", "Not declared", "", "Christianity"],
        "sexual_orientation": ["Bisexual", "Prefer not to say", "Heterosexual or Straight", ""],
        "age_band": ["25-34", "", "35-44", "65+"],
    })
    out = groups.add_analysis_groups(staff)
    assert out["sex_ethnicity"].tolist() == ["Men White", "Women BME", "Unknown", "Unknown"]
    assert out["sex_disability"].tolist() == ["Men Non-disabled", "Women Disabled", "Women Non-disabled", "Unknown"]
    assert out["religion_group"].tolist() == ["Islam", "Unknown", "Unknown", "Christianity"]
    assert out["sexual_orientation_group"].tolist()[1:] == ["Unknown", "Heterosexual or Straight", "Unknown"]
    assert out["age_group"].tolist()[1] == "Unknown"
    wb = groups.add_analysis_groups(staff, "White British")
    assert wb["ethnicity"].tolist() == ["White British", "Other ethnic groups", "Unknown", "Other ethnic groups"]
    assert "ethnicity" not in staff.columns


# Free text is never read by its first letter (metrics.md section 1.1; docs/metrics-decisions.md,
# "Metrics: ethnic category values"): "Asian" used to become White British (A), "Not stated" BME (N).
@pytest.mark.parametrize(("value", "code"), [
    ("A", "A"), ("99", ""), ("Z", "Z"), ("c1", "C"),
    ("white - british", "A"), ("White-British", "A"), ("  WHITE  -  BRITISH ", "A"),
    ("C - White - Any other White background", "C"), ("A White - British", "A"),
    ("Asian or Asian British - Indian", "H"), ("Not stated", "Z"), ("not known", ""),
])
def test_codes_and_published_descriptions(value, code):
    assert groups.normalise_ethnic_code(value) == code
    assert groups.is_valid_ethnic_code(value)


@pytest.mark.parametrize("value", ["Asian", "White British", "W", "Black", "B - White - British", "ZZ", "Other"])
def test_free_text_is_not_a_code(value):
    assert not groups.is_valid_ethnic_code(value)
    with pytest.warns(groups.DataQualityWarning, match="not NHS ethnic category codes"):
        assert groups.ethnic_binary(pd.Series([value])).tolist() == ["Unknown"]


def test_not_stated_is_unknown_not_bme():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = groups.ethnic_binary(pd.Series(["Not stated", "white - british", "Z", "99", "A"]))
    assert out.tolist() == ["Unknown", "White", "Unknown", "Unknown", "White"]


def test_categorical_labels_match_text_and_list_only_labels_present():
    codes = pd.Series(["A", None, "H", "A"], dtype="category", index=[10, 11, 12, 13])
    out = groups.ethnic_binary(codes, categorical=True)
    assert isinstance(out.dtype, pd.CategoricalDtype)
    assert list(out.cat.categories) == ["BME", "Unknown", "White"]
    assert out.tolist() == ["White", "Unknown", "BME", "White"] and list(out.index) == [10, 11, 12, 13]
    # no missing value and no BME: neither label is a category (a count by group shows no empty group)
    census = groups.ethnic_census5(pd.Series(["A", "C"]), categorical=True)
    assert list(census.cat.categories) == ["White"]
    disabled = groups.disability_group(pd.Series(["Yes", "No", "Yes"]), categorical=True)
    assert list(disabled.cat.categories) == ["Disabled", "Non-disabled"]
    assert disabled.tolist() == groups.disability_group(pd.Series(["Yes", "No", "Yes"])).tolist()


def test_labels_by_value_maps_each_distinct_value_once():
    seen = []

    def level(v):
        seen.append(v)
        return "Senior" if v in ("8a", "9") else "Other"
    out = groups.labels_by_value(pd.Series(["8a", "5", None, "8a", "9"], dtype=object), level)
    assert out.tolist() == ["Senior", "Other", "Other", "Senior", "Senior"]
    assert list(out.cat.categories) == ["Other", "Senior"]
    assert sorted(map(str, seen)) == ["5", "8a", "9", "None"]  # three values and the missing one, once each


def test_coded_column_classified_from_its_codes_as_text_is():
    # a categorical with a category nobody holds (C) and a missing value: the same groups as the text column
    text = pd.Series(["A", "N", None, "Z", "A"], dtype="string")
    coded = text.astype(pd.CategoricalDtype(["A", "C", "N", "Z"]))
    assert groups.ethnic_binary(coded).tolist() == groups.ethnic_binary(text).tolist() == [
        "White", "BME", "Unknown", "Unknown", "White"]
    as_codes = groups.ethnic_binary(coded, categorical=True)
    assert list(as_codes.cat.categories) == ["BME", "Unknown", "White"]  # only the groups someone is in
    answers = pd.Series(["Yes", None, "No"], dtype="category")
    assert groups.disability_group(answers).tolist() == ["Disabled", "Unknown", "Non-disabled"]


def test_held_positions_with_minus_one_as_the_last_whatever_the_code_width():
    from edi_analysis.metrics.groups import _held
    # codes 0 and 2 held, -1 (missing) picks the last of 4 positions; position 1 held by nobody
    for dtype in (np.int8, np.int16, np.int32, np.int64):
        assert _held(np.array([2, -1, 0, 2], dtype=dtype), 4).tolist() == [True, False, True, True]
        assert _held(np.array([1, 1], dtype=dtype), 4).tolist() == [False, True, False, False]
        assert _held(np.array([], dtype=dtype), 3).tolist() == [False, False, False]
    # the labelled categorical: only the labels held, sorted; -1 takes the missing value's label
    out = groups._labelled(["b", "a", "z"], np.array([1, -1, 1], dtype=np.int8), pd.RangeIndex(3), True)
    assert list(out.cat.categories) == ["a", "z"] and out.tolist() == ["a", "z", "a"]
