"""The disabled share of staff survey respondents is one figure: the pay gap and WDES reports publish the same
value, from :func:`edi_analysis.metrics.survey.disabled_share` (docs/metrics-decisions.md)."""

from pathlib import Path

import pytest

from edi_analysis.disclosure import Policy
from edi_analysis.io import load_trust
from edi_analysis.metrics import survey
from edi_analysis.results import pay_gaps, standards

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def data(synthetic_root):
    return load_trust("SYN06", 2026, params_dir=ROOT / "params")


def test_pay_gap_and_wdes_reports_give_the_same_disabled_share(data):
    policy = Policy.from_params(data.params)
    wdes = policy.apply(standards.compute(data, "WDES")).survey_disabled.iloc[0]
    pay = policy.apply(pay_gaps.compute(data)).survey_disability.iloc[0]
    assert wdes["pct"] == pay["pct"]
    assert (wdes["disabled"], wdes["responses"]) == (pay["disabled"], pay["respondents"])
    share = survey.disabled_share(data.table("staff_survey"), data.year - 1)
    assert wdes["pct"] == pytest.approx(share["pct"])
    assert wdes["question"] == pay["question"] == survey.respondent_question(data.year - 1)
