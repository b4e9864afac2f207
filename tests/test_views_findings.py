"""Key findings by rules written as data: one table of constructed published results per rule (largest significant
gap, off-track targets, significant changes), each case able to fail; the rules file checked; hidden figures never
quoted; every link target a heading of its report. Data-quality facts: test_views_findings_facts.py."""

import dataclasses
import re
import sys
from pathlib import Path

import pandas as pd
import pytest

from edi_analysis.disclosure import Hidden, Policy
from edi_analysis.views import findings
from edi_analysis.views.findings_facts import facts

sys.path.insert(0, str(Path(__file__).parent))  # the shared published results (tests use importlib mode)
from findings_fixtures import HIDDEN, edit, picked, published_reports, with_mapping, with_table

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def pubs(syn06, wres_pub, wdes_pub):
    return published_reports(syn06, wres_pub, wdes_pub)
# --- pay gaps: the largest significant gap, every off-track target, data quality ------------------------------

def _gaps(pub, sex, ethnicity, disability):
    """Latest-year median gaps as (value, low, high) for the three comparisons."""
    g = pub.gaps
    for comparison, (v, lo, hi) in (("sex", sex), ("ethnicity", ethnicity), ("disability", disability)):
        g = edit(g, {"comparison": comparison, "year": pub.trust.year}, median_gap=v, median_gap_low=lo,
                 median_gap_high=hi)
    return with_table(pub, "gaps", g)


PAY_GAP_CASES = [
    # sex, ethnicity, disability -> the one the largest_gap rule picks (None: no significant gap)
    ("largest of three significant", (5.0, 2.0, 8.0), (12.0, 10.0, 14.0), (8.0, 3.0, 13.0), "pay:ethnicity"),
    ("robust beats large but noisy", (5.0, 4.0, 6.0), (20.0, 1.0, 39.0), (-3.0, -6.0, -1.0), "pay:sex"),
    ("negative gap counts by size", (1.0, 0.5, 1.5), (2.0, 1.0, 3.0), (-9.0, -12.0, -7.0), "pay:disability"),
    ("nothing significant", (5.0, -1.0, 11.0), (2.0, -2.0, 6.0), (1.0, -3.0, 5.0), None),
    ("a hidden gap is never picked", (2.0, 1.0, 3.0), (HIDDEN, HIDDEN, HIDDEN), (1.0, -3.0, 5.0), "pay:sex"),
]


@pytest.mark.parametrize("case, sex, ethnicity, disability, expected", PAY_GAP_CASES, ids=[c[0] for c in PAY_GAP_CASES])
def test_largest_significant_pay_gap(pubs, case, sex, ethnicity, disability, expected):
    pub = _gaps(pubs["pay_gaps"], sex, ethnicity, disability)
    chosen = [key for rule, key in picked(pub) if rule == "largest_gap"]
    assert chosen == ([expected] if expected else [])


def test_largest_gap_sentence_quotes_its_number_interval_and_direction(pubs):
    pub = _gaps(pubs["pay_gaps"], (5.0, 2.0, 8.0), (12.3, 10.1, 14.6), (8.0, 3.0, 13.0))
    f = next(f for f in findings.select(pub) if f.rule == "largest_gap")
    assert "12.3% lower" in f.fact.text and "10.1% to 14.6%" in f.fact.text
    assert f.section == "Ethnicity pay gap" and f.anchor == "Ethnicity-pay-gap"
    assert "narrow" in f.so_what


def _pay_target(pub, status):
    t = pub.targets
    last = t[t["target"] == t["target"].min()]["year"].max()
    return with_table(pub, "targets", edit(t, {"target": t["target"].min(), "year": last}, status=status))


@pytest.mark.parametrize("status, expected", [("off_track", True), ("on_track", False),
                                              ("behind_within_uncertainty", False), ("reversed", False)])
def test_every_off_track_pay_target(pubs, status, expected):
    if not len(pubs["pay_gaps"].targets):
        pytest.skip("this trust sets no pay gap target")
    pub = _pay_target(pubs["pay_gaps"], status)
    assert any(rule == "off_track_target" for rule, _ in picked(pub)) is expected


# --- WRES and WDES: significant change, largest gap by family, data quality ---------------------------------

@pytest.mark.parametrize("beyond, change, family", [(True, 0.9, "worse"), (True, -0.9, "better"), (False, 0.9, None),
                                                    (HIDDEN, 0.9, None)])
def test_every_significant_year_on_year_change(wres_pub, beyond, change, family):
    rl = edit(wres_pub.year_on_year["rl"], {"indicator": "2", "year": 2026}, beyond_noise=beyond, change=change)
    pub = with_mapping(wres_pub, "year_on_year", "rl", rl)
    chosen = [f for f in findings.select(pub, limit=50) if f.rule == "significant_change" and f.fact.key == "rl:2"]
    assert [f.fact.family for f in chosen] == ([family] if family else [])
    if family:
        assert "larger than chance" in chosen[0].fact.text
        assert ("what changed" in chosen[0].so_what) is (family == "worse")


def test_largest_gap_is_chosen_within_each_family(wres_pub):
    chosen = [f for f in findings.select(wres_pub, limit=50) if f.rule == "largest_gap"]
    assert sorted(f.fact.family for f in chosen) == sorted({f.fact.family for f in chosen})
    for f in chosen:
        rivals = [g for g in facts(wres_pub) if g.kind == "gap" and g.family == f.fact.family and g.significant]
        assert f.fact.rank == max(g.rank for g in rivals)


# --- HIA 6 and trends ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("status, expected", [("off_track", True), ("on_track", False)])
def test_every_off_track_harassment_target(pubs, status, expected):
    # A constructed two-year target: a 15% reduction in harassment from colleagues by 2027.
    targets = pd.DataFrame({
        "target": [0, 0], "measure": ["harassment_colleagues"] * 2, "kind": ["level"] * 2,
        "dimension": ["All staff"] * 2, "group": ["All staff"] * 2, "reference": [""] * 2,
        "baseline_year": [2024] * 2, "target_year": [2027] * 2, "year": [2024, 2025], "value": [24.0, 25.5],
        "low": [23.0, 24.6], "high": [25.0, 26.4], "milestone": [24.0, 22.8], "target_value": [20.4] * 2,
        "higher_is_better": [False] * 2, "status": ["on_track", status], "met": [False, False]})
    pub = with_table(pubs["bullying_harassment"], "targets", targets)
    chosen = [f for f in findings.select(pub, limit=50) if f.rule == "off_track_target"]
    assert bool(chosen) is expected
    if expected:
        assert "25.5% in 2025" in chosen[0].fact.text and "20.4% by 2027" in chosen[0].fact.text
        assert chosen[0].fact.since == "Up from 24.0% in 2024; not tested against chance."


@pytest.mark.parametrize("last, family", [("special_cause_concern", "worse"), ("special_cause_improvement", "better"),
                                          ("common_cause", None)])
def test_spc_signal_in_the_latest_quarter_is_a_significant_change(pubs, last, family):
    pub = pubs["trends"]
    key = next(k for k, t in pub.series.items() if len(t) and not any(isinstance(v, Hidden) for v in t["value"]))
    t = pub.series[key].copy()
    t["special_cause_type"] = t["special_cause_type"].astype(object)
    t["point_type"] = t["point_type"].astype(object)
    t.iloc[-1, t.columns.get_loc("point_type")] = last
    t.iloc[-1, t.columns.get_loc("special_cause_type")] = "Above UCL" if last != "common_cause" else "Common Cause"
    if last == "common_cause":
        t["special_cause_type"] = "Common Cause"
        t["point_type"] = "common_cause"
    chosen = [f for f in findings.select(with_mapping(pub, "series", key, t), limit=50) if f.fact.key == f"spc:{key}"]
    assert [f.fact.family for f in chosen] == ([family] if family else [])


# --- never a hidden figure; the rules file; rendering -------------------------------------------------------

def test_no_finding_quotes_a_hidden_figure(wres_res):
    strict = Policy(min_count=50).apply(wres_res)
    lk = wres_res.likelihoods
    rl = lk[(lk["indicator"] == "2") & (lk["years"] == "2026") & (lk["focus"] == "BME") & (lk["split"] == "all")
            & (lk["basis"] == "year")]["rl"].iloc[0]
    text = findings.key_findings(strict)._repr_html_()
    assert f"{rl:.2f}" not in text
    assert not any(f.fact.key == "rl:2" for f in findings.select(strict, limit=50))


def test_views_need_published_results(wres_res):
    with pytest.raises(TypeError, match="published"):
        findings.key_findings(wres_res)


def test_rules_file_is_checked():
    spec = findings.rules()
    assert [r["id"] for r in spec["rules"]][:3] == ["off_track_target", "significant_change", "largest_gap"]
    with pytest.raises(ValueError, match="kind must be"):
        findings.check({**spec, "rules": [{"id": "x", "kind": "rumour", "so_what": {"any": "?"}}]})
    with pytest.raises(ValueError, match="select must be"):
        findings.check({**spec, "rules": [{"id": "x", "kind": "gap", "select": "some", "so_what": {"any": "?"}}]})


def test_rules_as_data_change_what_is_chosen(wres_pub):
    spec = dict(findings.rules())
    only_gaps = {**spec, "rules": [{"id": "every_gap", "kind": "gap", "select": "every", "where": {"significant": True},
                                    "so_what": {"any": "Ask about {subject}."}}]}
    chosen = findings.select(wres_pub, only_gaps, limit=50)
    assert chosen and {f.rule for f in chosen} == {"every_gap"} and all(f.fact.significant for f in chosen)
    assert chosen[0].so_what == f"Ask about {chosen[0].fact.subject}."


def _headings(notebook: str) -> set[str]:
    text = (ROOT / "notebooks" / f"{notebook}.py").read_text(encoding="utf-8")
    return {m.group(1).strip() for m in re.finditer(r"^# #+ (.+)$", text, re.MULTILINE)}


def test_every_section_named_in_the_rules_is_a_heading_of_its_report():
    for report, sections in findings.rules()["sections"].items():
        missing = set(sections.values()) - _headings(report)
        assert not missing, f"{report}: no heading {sorted(missing)}"


def test_findings_render_escaped_with_link_and_board_line(wres_pub):
    fact = facts(wres_pub)[0]
    odd = findings.Finding(dataclasses.replace(fact, text="<b>A & B</b>"), "largest_gap", "Ask <now>.",
                           "Indicator 2: appointment from shortlisting")
    page = findings.render([odd], link_to={"wres": "wres.html"})._repr_html_()
    assert "&lt;b&gt;A &amp; B&lt;/b&gt;" in page and "Ask &lt;now&gt;." in page
    assert 'href="wres.html#Indicator-2:-appointment-from-shortlisting"' in page
    assert "<b>" not in page


def test_every_report_notebook_opens_with_the_rules_findings():
    for notebook in ("pay_gaps", "wres", "wdes", "bullying_harassment", "trends"):
        text = (ROOT / "notebooks" / f"{notebook}.py").read_text(encoding="utf-8")
        assert text.count("findings.key_findings(pub)") == 1, notebook
        assert "views.key_findings(pub)" not in text and "views.so_what(pub)" not in text


def test_a_gap_without_last_years_figure_says_so(wres_pub):
    fact = next(f for f in facts(wres_pub) if f.kind == "gap")
    page = findings.render([findings.Finding(dataclasses.replace(fact, since=None), "largest_gap", "Ask.", "")])
    assert "Since last year:</strong> No published figure for last year" in page._repr_html_()
