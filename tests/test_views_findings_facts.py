"""Facts for the findings, from published results: data-quality warnings that change the reading (unrecorded
staff outnumbering the group, low survey base, few events), each case able to fail; hidden figures never facts."""

import sys
from pathlib import Path

import pytest

from edi_analysis.views.findings_facts import facts, report_of

sys.path.insert(0, str(Path(__file__).parent))  # the shared published results (tests use importlib mode)
from findings_fixtures import HIDDEN, edit, picked, published_reports, with_table


@pytest.fixture(scope="module")
def pubs(syn06, wres_pub, wdes_pub):
    return published_reports(syn06, wres_pub, wdes_pub)


def test_report_of_names_each_report(pubs):
    assert {name: report_of(pub) for name, pub in pubs.items()} == {name: name for name in pubs}


def test_no_fact_is_built_on_a_hidden_figure(pubs):
    for pub in pubs.values():
        for f in facts(pub):
            assert "<5" not in f.text and "suppressed" not in f.text and "nan" not in f.text.lower().split()


UNKNOWN_CASES = [("more unknown than disabled", 900, 500, True), ("fewer unknown", 300, 500, False),
                 ("hidden count", HIDDEN, 500, False)]


@pytest.mark.parametrize("case, unknown, focus, expected", UNKNOWN_CASES, ids=[c[0] for c in UNKNOWN_CASES])
def test_high_unknown_recording_in_pay(pubs, case, unknown, focus, expected):
    pub = pubs["pay_gaps"]
    pub = with_table(pub, "gaps", edit(pub.gaps, {"comparison": "disability", "year": pub.trust.year},
                                       n_full_pay_unknown=unknown, n_full_pay_focus=focus))
    assert (("data_quality", "unknown:disability") in picked(pub)) is expected


@pytest.mark.parametrize("declared, expected", [(80.0, True), (99.0, False), (HIDDEN, False)])
def test_high_unknown_recording_in_wdes(wdes_pub, declared, expected):
    rep = edit(wdes_pub.representation, {"staff_type": "All staff", "level": "All levels"}, pct_declared=declared)
    pub = with_table(wdes_pub, "representation", rep)
    assert (("data_quality", "unknown") in picked(pub)) is expected


@pytest.mark.parametrize("responses, expected", [(12, True), (2000, False)])
def test_low_survey_base_warning(wres_pub, responses, expected):
    s = edit(wres_pub.survey, {"year": 2026, "number": "6"}, focus_responses=responses)
    assert (("data_quality", "low_base") in picked(with_table(wres_pub, "survey", s))) is expected


@pytest.mark.parametrize("events, expected", [(3, True), (500, False)])
def test_volatile_ratio_warning(wres_pub, events, expected):
    lk = wres_pub.likelihoods
    row = {"indicator": "2", "split": "all", "focus": "BME", "reference": "White", "basis": "year", "years": "2026"}
    pub = with_table(wres_pub, "likelihoods", edit(lk, row, focus_events=events))
    assert (("data_quality", "volatile:2") in picked(pub)) is expected
