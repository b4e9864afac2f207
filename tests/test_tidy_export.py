"""The long table for Power BI: one row per trust, report, table, group(s) and measure, as published."""

import sys
from pathlib import Path

import pandas as pd
import pytest

sys.path.insert(0, str(Path(__file__).parent))  # the shared constructed results (tests use importlib mode)
from edi_analysis.pipeline import exports
from edi_analysis.views import tidy
from export_fixtures import published_wres


@pytest.fixture(scope="module")
def rows() -> pd.DataFrame:
    return tidy.long_rows({"wres": published_wres()})


def _cell(rows: pd.DataFrame, level: str, measure: str) -> pd.Series:
    hit = rows[(rows["group_3"] == level) & (rows["measure"] == measure)]
    assert len(hit) == 1
    return hit.iloc[0]


def test_one_row_per_group_and_measure(rows):
    assert list(rows.columns) == tidy.LONG_COLUMNS
    assert not rows.duplicated(["trust_code", "report", "table", "row", "measure"]).any()
    assert set(rows["report"]) == {"WRES"} and set(rows["table"]) == {"representation"}
    assert list(rows.loc[0, ["group_1_name", "group_2_name", "group_3_name", "group_4_name"]]) == [
        "Year", "Staff type", "Pay level", ""]
    # 2 levels x (3 groups + total counts, 3 percentages); "Recorded" has no column here, so no row
    assert len(rows) == 2 * 7


def test_values_are_the_published_cells(rows):
    assert _cell(rows, "3", "BME: staff")["value"] == 10
    assert _cell(rows, "3", "BME: % of staff")["value"] == 33.3  # 10 / 30, rounded to 1 dp as the report shows
    small = _cell(rows, "2", "BME: staff")
    assert (small["value"], small["suppressed"], small["marker"]) == ("<5", True, "<5")
    assert _cell(rows, "2", "Unknown: staff")["marker"] == "*"
    assert _cell(rows, "2", "BME: % of staff")["marker"] == "suppressed"
    assert not _cell(rows, "3", "Unknown: staff")["suppressed"]  # zero is shown


def test_round_value():
    assert tidy.round_value(12.345, "percent") == 12.3
    assert tidy.round_value(1.2351, "ratio") == 1.24
    assert tidy.round_value(7.0, "count") == 7 and isinstance(tidy.round_value(7.0, "count"), int)
    assert tidy.round_value(float("nan"), "gbp") is None


def test_every_catalogue_unit_is_described():
    assert {m.unit for t in tidy.CATALOGUE if not callable(t.measures) for m in t.measures} <= set(tidy.UNITS)


def test_csv_parquet_and_dictionary(tmp_path):
    frames = [tidy.long_rows({"wres": published_wres()}),
              tidy.long_rows({"wres": published_wres(trust_name="=cmd|' /C calc'!A0", code="SYN98")})]
    path = exports.write_tidy(tmp_path, 2026, frames)
    assert path == tmp_path.resolve() / "2026" / "equality-tables.csv"
    csv = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert set(csv["trust_code"]) == {"SYN99", "SYN98"}
    assert "'=cmd|' /C calc'!A0" in set(csv["trust_name"])  # formula-safe
    hidden = csv[csv["suppressed"] == "True"]
    assert set(hidden["value"]) == {"<5", "*", "suppressed"} and (hidden["value"] == hidden["marker"]).all()
    parquet = pd.read_parquet(path.with_suffix(".parquet"))
    assert len(parquet) == len(csv) and parquet["value"].dtype == "float64"
    assert parquet.loc[parquet["suppressed"], "value"].isna().all()
    assert parquet.loc[~parquet["suppressed"], "value"].notna().all()
    dictionary = pd.read_csv(path.with_name("equality-tables-dictionary.csv"))
    assert list(dictionary["column"]) == list(csv.columns) == tidy.LONG_COLUMNS
    assert dictionary["meaning"].str.len().min() > 10


def test_an_empty_run_still_writes_the_columns(tmp_path):
    path = exports.write_tidy(tmp_path, 2026, [])
    assert list(pd.read_csv(path).columns) == tidy.LONG_COLUMNS


def test_an_internal_build_is_flagged():
    rows = tidy.long_rows({"wres": published_wres(mode="internal")})
    assert rows["not_for_publication"].all() and not rows["suppressed"].any()
    assert rows[(rows["group_3"] == "2") & (rows["measure"] == "BME: staff")]["value"].iloc[0] == 3
    assert not tidy.long_rows({"wres": published_wres()})["not_for_publication"].any()


def test_internal_directorate_breakdowns_carry_the_directorate_dimension(syn06):
    from edi_analysis.disclosure import Policy
    from edi_analysis.results import directorates
    from edi_analysis.views import tidy

    res = directorates.compute(syn06)
    internal = tidy.long_rows({"directorates": Policy(mode="internal").apply(res)})
    assert set(internal["report"]) == {"Directorates"}
    rep = internal[internal["table"] == "representation"]
    assert (rep["group_2_name"] == "Directorate").all()
    assert set(rep["group_2"]) == {*res.directorates, directorates.ALL_DIRECTORATES}
    # publish hides what the policy hides: the same cells are markers, never numbers
    published = tidy.long_rows({"directorates": Policy().apply(res)})
    assert published["suppressed"].any() and not internal["suppressed"].any()
