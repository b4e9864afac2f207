"""Trends views: charts where every figure is published, a plain sentence where not, a narrative that agrees."""

import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
import yaml

from edi_analysis.disclosure import Policy, is_hidden
from edi_analysis.io import load_trust
from edi_analysis.metrics.spc import describe
from edi_analysis.results import trends as rt
from edi_analysis.results.base import TrustInfo
from edi_analysis.views import display
from edi_analysis.pipeline.reader_text import developer_markers
from edi_analysis.views import trends as vt

ROOT = Path(__file__).resolve().parents[1]
TRUST = TrustInfo("XXX", "Test trust", "Acute", "London", "Test ICS", True, 2026)


def text(obj) -> str:
    return re.sub(r"<[^>]+>", " ", obj._repr_html_()).replace("&#x27;", "'")


@pytest.fixture(scope="module")
def res(synthetic_root):
    return rt.compute(load_trust("SYN08", 2026, params_dir=ROOT / "params"))


@pytest.fixture(scope="module")
def pub(res):
    return Policy().apply(res)


@pytest.fixture(scope="module")
def internal(res):
    return Policy(mode="internal").apply(res)


def test_views_read_published_results_only(res):
    with pytest.raises(TypeError, match="published"):
        vt.key_findings(res)


def test_small_counts_hide_a_chart_in_publish_mode_only(pub, internal):
    note = vt.chart(pub, "capability_disabled")
    assert isinstance(note, display.Html) and "not charted" in text(note)
    assert all(isinstance(vt.chart(internal, k), display.Figure) for k in internal.series)
    assert "Not for publication" in text(vt.title(internal)) and "Not for publication" not in text(vt.title(pub))


def test_narrative_agrees_with_the_charts(pub):
    html = text(vt.key_findings(pub))
    for key, t in pub.series.items():
        name = vt.TITLES[key][0]
        icon = vt.series_reading(t)
        if icon is None:
            assert vt._in_sentence(name) in html.split("Not charted")[1]
        elif (t["special_cause_type"] == "Common Cause").all():
            assert vt._in_sentence(name) in html.split("Common cause variation only")[1]
        else:  # special cause anywhere in the series, whatever the latest point
            assert f"{name}: special cause variation in " in html
    fig = vt.chart(pub, "disability_declared")
    assert isinstance(fig, display.Figure)
    assert describe(vt._spc_result(pub.series["disability_declared"])) in fig.caption


def test_table_shows_small_counts_as_hidden(pub):
    table = vt.table(pub, "capability_disabled").data
    assert str(Policy().primary_marker) in set(table["Counted"])
    # The rate of a hidden count is hidden too (now the derived marker, "suppressed").
    assert table.loc[table["Counted"] == str(Policy().primary_marker), "entries per 1,000 staff"].map(is_hidden).all()
    assert "Signal" not in table.columns  # no SPC label of a hidden series


def test_p_chart_view_is_drawn_for_a_charted_event_series(internal, pub):
    words = text(vt.p_chart_view(internal, "disciplinary_bme"))
    assert "p-chart" in words or "p'-chart" in words
    # the explanation comes once, with the chart, and the caption does not repeat it
    assert words.count("The same rate again as a p-chart") == 1 and words.count("Laney") <= 2
    assert "Laney's adjustment widens" not in words
    # no chart, no explanation (the XmR chart's note already says why the series is not charted)
    assert text(vt.p_chart_view(pub, "disciplinary_bme")).strip() == ""


def test_the_trends_notebook_explains_the_p_chart_only_through_the_view():
    source = (ROOT / "notebooks" / "trends.py").read_text()
    assert "again as a **p-chart**" not in source and "views.p_chart_view(pub" in source


def test_missing_snapshots_are_said_plainly(tmp_path, synthetic_root):
    data = tmp_path / "data"
    shutil.copytree(synthetic_root / "SYN08" / "2026", data / "2026",
                    ignore=shutil.ignore_patterns("staff_snapshots.csv"))
    params = yaml.safe_load((ROOT / "params" / "SYN08.yaml").read_text())
    params.update(data_dir=str(data), years=[2026], report_year=2026)
    (tmp_path / "SYN08.yaml").write_text(yaml.safe_dump(params))
    pub = Policy().apply(rt.compute(load_trust("SYN08", 2026, params_dir=tmp_path)))
    for shown in (vt.missing_note(pub), vt.key_findings(pub)):
        assert "Quarter-by-quarter staff figures were not available" in text(shown)
        assert developer_markers(shown._repr_html_()) == []
    assert text(vt.chart(pub, "bme_senior")) == ""


def constructed(numerators, denominators, unit="percent", direction="increase"):
    frame = pd.DataFrame({"period_end": pd.date_range("2022-03-31", periods=len(numerators), freq="QE"),
                          "group": "BME", "numerator": numerators, "denominator": denominators})
    frame["value"] = frame["numerator"] / frame["denominator"] * 100
    series = {k: rt.series_table(frame, unit=unit, direction=direction) for k in vt.TITLES}
    return Policy().apply(rt.TrendsResults(TRUST, 2026, series))


def test_one_hidden_quarter_gives_no_chart_and_no_quoted_figure():
    # 17 quarters rising from 20 to 84 of 400 (a clear special cause signal); the last quarter counts 3.
    nums = [20 + 4 * i for i in range(17)]
    nums[-1] = 3
    pub = constructed(nums, [400] * 17)
    out = vt.chart(pub, "bme_senior")
    assert isinstance(out, display.Html) and not isinstance(out, display.Figure)
    words = text(out)
    assert "not charted" in words and "1 of 17 quarters" in words
    findings = text(vt.key_findings(pub))
    assert "No series shows special cause variation" in findings and "Not charted" in findings
    figures = {f"{v / 4:.1f}" for v in nums}  # every quarter's value in %, the hidden one (0.8) included
    for shown in (words, findings):
        assert not any(f in shown for f in figures)
    assert text(vt.p_chart_view(pub, "bme_senior")).strip() == ""
    # The same series with every quarter shown is charted and read.
    nums[-1] = 88
    full = constructed(nums, [400] * 17)
    assert isinstance(vt.chart(full, "bme_senior"), display.Figure)
    assert ("BME staff in bands 8a and above: special cause variation in 17 of 17 points" in text(vt.key_findings(full))
            and "Latest 22.0%" in text(vt.key_findings(full)))


def test_signals_before_the_latest_quarter_are_reported():
    # quarters alternating 200 and 220 of 1,000, one far above and one far below the limits early on: the latest
    # quarter is common cause, the series is not
    nums = [200, 220] * 8 + [200]
    nums[2], nums[5] = 400, 20
    pub = constructed(nums, [1000] * 17)
    assert vt.series_reading(pub.series["bme_senior"]) == "common_cause"  # the icon reads the latest point only
    findings = text(vt.key_findings(pub))
    assert "No series shows special cause variation" not in findings
    assert ("BME staff in bands 8a and above: special cause variation in 2 of 17 points (2 outside the process "
            "limits; 1 improving, 1 a concern); the latest point is within common cause variation." in findings)
    assert "no significant change" not in text(vt.chart(pub, "bme_senior"))
