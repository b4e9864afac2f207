"""The benchmark data set's rows are the trust reports' own published figures: one path from data to page."""

from pathlib import Path

import pandas as pd
import pytest

from edi_analysis import io as inputs
from edi_analysis.disclosure import Policy, is_hidden
from edi_analysis.pipeline.run import trust_headline
from edi_analysis.results import harassment, pay_gaps, standards
from edi_analysis.views import headline

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow  # computes a trust's four reports


@pytest.fixture(scope="module")
def published(synthetic_root):
    """SYN02's reports as its notebooks publish them (load -> compute -> publish)."""
    data = inputs.load_trust("SYN02", 2026, params_dir=ROOT / "params")
    policy = Policy.from_params(data.params)
    return {"wres": policy.apply(standards.compute(data, "WRES")), "wdes": policy.apply(standards.compute(data, "WDES")),
            "pay_gaps": policy.apply(pay_gaps.compute(data)),
            "bullying_harassment": policy.apply(harassment.compute(data))}


@pytest.fixture(scope="module")
def dataset_rows(synthetic_root):
    return trust_headline(inputs.load_params(ROOT / "params" / "SYN02.yaml"), 2026)


def test_one_row_per_metric_and_group(dataset_rows):
    assert list(dataset_rows.columns) == headline.COLUMNS
    assert not dataset_rows.duplicated(["trust_code", "metric", "group"]).any()
    staff = inputs.read_input(ROOT / "data" / "synthetic" / "SYN02" / "2026" / "staff.csv", "staff")
    in_post = dataset_rows.query("metric == 'Staff in post'")["value"].iloc[0]
    assert in_post == (~staff["bank"]).sum()
    hidden = dataset_rows[dataset_rows["suppressed"]]
    assert len(hidden) and hidden["value"].isna().all() and hidden["numerator"].isna().all()


def test_the_data_set_is_the_reports_figures(dataset_rows, published):
    # The pipeline's rows equal rows read from the results the report notebooks publish: same seeds, same settings.
    pd.testing.assert_frame_equal(dataset_rows, headline.rows(published))
    by = dataset_rows.set_index("metric")
    gaps = published["pay_gaps"].gaps
    sex = gaps[(gaps["comparison"] == "sex") & (gaps["year"] == 2026)].iloc[0]
    assert by.loc["Gender pay gap (median, %)", "value"] == sex["median_gap"]
    assert (by.loc["Gender pay gap (median, %)", "low"], by.loc["Gender pay gap (median, %)", "high"]) == (
        sex["median_gap_low"], sex["median_gap_high"])
    lk = published["wres"].likelihoods
    ind2 = lk[(lk["indicator"] == "2") & (lk["split"] == "all") & (lk["focus"] == "BME") & (lk["basis"] == "year")
              & (lk["years"] == "2026")].iloc[0]
    row = by.loc["WRES 2: appointment from shortlisting (White / BME)"]
    assert row["suppressed"] == is_hidden(ind2["rl"])
    if not row["suppressed"]:
        assert row["value"] == ind2["rl"]
    assert row["denominator"] == ind2["reference_n"]  # indicator 2's ratio has White applicants on top


def test_a_figure_hidden_in_the_report_is_hidden_in_the_data_set(published):
    rows = headline.rows(published).set_index("metric")
    rep = published["wres"].representation
    senior = rep[(rep["staff_type"] == "All staff") & (rep["level"] == "Bands 8a and above and VSM")].iloc[0]
    assert rows.loc["BME staff, % of bands 8a and above", "suppressed"] == is_hidden(senior["BME"])
    with pytest.raises(TypeError, match="published"):
        headline.rows({"wres": standards.compute(inputs.load_trust("SYN02", 2026, params_dir=ROOT / "params"),
                                                 "WRES")})
