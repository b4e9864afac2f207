"""Pay gap report context: who is counted, declaration on the record, the survey's disabled share, national data."""

import sys
from pathlib import Path

import pytest

from edi_analysis.disclosure import Policy
from edi_analysis.io import load_trust
from edi_analysis.results import pay_gap_context as context
from edi_analysis.results import pay_gaps

sys.path.insert(0, str(Path(__file__).parent))  # the shared constructed trust (tests use importlib mode)
from pay_gap_fixtures import base_rows, staff_table, trust

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def syn08(synthetic_root):
    return load_trust("SYN08", 2026, params_dir=ROOT / "params")


def test_survey_share_is_kept_as_counts(syn08):
    s = context.survey_disability(syn08).iloc[0]
    assert s["pct"] == pytest.approx(s["disabled"] / s["respondents"] * 100)


def test_survey_share_needs_the_survey_base():
    import pandas as pd
    from edi_analysis.disclosure import is_hidden
    frame = pd.DataFrame({"disabled": [3, 3], "respondents": [10, 11], "pct": [30.0, 3 / 11 * 100]})
    out, _ = Policy().suppress_tables({"t": frame}, {"t": context.SURVEY_SPEC})
    assert is_hidden(out["t"].loc[0, "pct"]) and is_hidden(out["t"].loc[0, "disabled"])


def test_records_and_scope_count_every_member_of_staff(syn08):
    staff = syn08.staff()
    rec = context.records(staff).set_index("measure")
    assert (rec["staff"] == len(staff)).all()
    assert rec.loc["disabled", "count"] == (staff["disability_status"] == "Disabled").sum()
    scope = context.scope(staff)
    assert scope["relevant"].sum() == len(staff) and (scope["full_pay"] <= scope["relevant"]).all()


def test_national_says_why_when_missing(syn08):
    import dataclasses
    data = dataclasses.replace(syn08, params=dataclasses.replace(syn08.params, reference_data=None))
    table, problem = context.national(data)
    assert table.empty and list(table.columns)[-1] == "median_gap" and "no national reference data" in problem


def test_declared_staff_are_all_staff_less_the_unknown():
    # Two staff of unrecorded ethnicity: "ethnicity recorded for x% of N staff" would give the two away.
    res = pay_gaps.compute(trust(staff_table(base_rows() + [("Female", "Z", "No", 19.5, 2)])))
    rec = res.records.set_index("measure")
    assert rec.loc["ethnicity_declared", "rest"] == 2 and rec.loc["ethnicity_declared", "count"] == 260
    assert rec.loc["disabled", "count"] == 40
    pub = Policy().apply(res).records.set_index("measure")
    assert pub.loc["ethnicity_declared", "rest"] == "<5" and pub.loc["ethnicity_declared", "count"] == "*"
    assert pub.loc["ethnicity_declared", "pct"] == "suppressed"
    assert pub.loc["disability_declared", "count"] == 262 and pub.loc["disabled", "count"] == 40


def test_scope_counts_missing_sex_as_not_recorded_when_sex_is_a_categorical():
    # the staff table holds its codes as categoricals (io.trust_data._coded); a blank sex has no category to fill
    import pandas as pd
    staff = pd.DataFrame({"sex": pd.Series(["Female", "Male", None, "Female"], dtype="category"),
                          "full_pay_relevant": [True, True, True, False], "hourly_rate": [20.0, 21.0, 19.0, None],
                          "bank": [False, False, True, False]})
    got = context.scope(staff).set_index("group")
    assert got.loc["Female"].tolist() == [2, 1, 0]
    assert got.loc["Male"].tolist() == [1, 1, 0]
    assert got.loc["Not recorded"].tolist() == [1, 1, 1]
