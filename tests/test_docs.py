"""``make docs``: pdoc builds the API reference from the numpy-style docstrings, a page per report's results."""

import pytest

from edi_analysis.__main__ import main as cli
from edi_analysis.pipeline import docs


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("api")
    index = docs.build(out, ["edi_analysis.results"])
    return out, index


def test_index_and_a_page_per_report(built):
    out, index = built
    assert index.exists()
    pages = {p.stem for p in (out / "edi_analysis" / "results").glob("*.html")}
    assert {"pay_gaps", "standards", "harassment", "trends", "benchmark"} <= pages


def test_results_columns_render_as_a_list_from_the_numpy_sections(built):
    out, _ = built
    page = (out / "edi_analysis" / "results" / "pay_gaps.html").read_text(encoding="utf-8")
    # the Attributes section becomes one list item per table, not one run-on paragraph
    assert "<li><strong>gaps</strong>" in page and "<li><strong>distribution, band_distribution</strong>" in page
    assert "n_full_pay_reference" in page
    overview = (out / "edi_analysis" / "results.html").read_text(encoding="utf-8")
    assert "<table>" in overview and 'href="results/pay_gaps.html#PayGapResults"' in overview


def test_command_writes_where_asked(tmp_path, monkeypatch, capsys):
    called = {}
    monkeypatch.setattr(docs, "build", lambda out: called.setdefault("out", out) / "index.html")
    assert cli(["docs", "--out", str(tmp_path / "api")]) == 0
    assert called["out"] == tmp_path / "api" and "API reference:" in capsys.readouterr().out
