"""The board summary: findings across reports in the rules file's order and numbers, links to each report's
section, only the reports built beside it, and nothing unpublished."""

import re
import sys
from pathlib import Path

import pytest

from edi_analysis.results import pay_gaps
from edi_analysis.views import findings, summary

sys.path.insert(0, str(Path(__file__).parent))  # the shared published results (tests use importlib mode)
from findings_fixtures import published_reports


@pytest.fixture(scope="module")
def pubs(syn06, wres_pub, wdes_pub):
    return published_reports(syn06, wres_pub, wdes_pub)


def test_summary_follows_the_limits_of_the_rules_file(pubs):
    spec = findings.rules()
    chosen = summary.select(pubs)
    limits = spec["limits"]
    assert 1 <= len(chosen) <= limits["summary"]
    order = [limits["summary_order"].index(f.fact.kind) for f in chosen]
    assert order == sorted(order)
    for kind, most in limits["summary_kind_max"].items():
        assert sum(f.fact.kind == kind for f in chosen) <= most


def test_summary_hears_every_report_before_a_second_finding_of_one(pubs):
    spec = dict(findings.rules())
    spec["limits"] = {**spec["limits"], "summary_order": ["gap"], "summary_kind_max": {"gap": 3}, "summary": 3}
    reports = [f.fact.report for f in summary.select(pubs, spec)]
    assert len(set(reports)) == len(reports)


def test_summary_page_links_each_finding_to_its_report_section(pubs):
    page = summary.board_summary(pubs)._repr_html_()
    links = re.findall(r'href="([^"#]+)#([^"]+)"', page)
    assert links and all(p in {f"{n}.html" for n in pubs} for p, _ in links)
    assert "Board summary" in page and page.count('class="finding-ask"') == len(summary.select(pubs))
    for name in pubs:
        assert f'href="{name}.html"' in page


def test_summary_covers_only_the_reports_built(pubs):
    page = summary.board_summary(pubs, ["summary", "pay_gaps"])._repr_html_()
    assert 'href="wres.html' not in page and 'href="pay_gaps.html"' in page


def test_summary_needs_published_results(syn06):
    with pytest.raises(TypeError, match="published"):
        summary.board_summary({"pay_gaps": pay_gaps.compute(syn06)})
