"""The quarterly trends report: charts where numbers allow, suppression where they do not, a narrative that agrees."""

import shutil
from pathlib import Path

import pytest
import yaml

from edi_analysis.views import display
from edi_analysis import trends_report as tr

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def rep(synthetic_root):
    return tr.build("SYN08", 2026, params_dir=ROOT / "params")


def test_every_series_has_seventeen_quarters(rep):
    assert len(rep.series) == 8
    assert all(len(s.data) == 17 for s in rep.series.values())


def test_small_counts_hide_a_chart_in_publish_mode_only(rep, synthetic_root):
    hidden = [k for k, s in rep.series.items() if s.result is None]
    assert "capability_disabled" in hidden
    s = rep.series["capability_disabled"]
    assert ((s.data["numerator"] > 0) & (s.data["numerator"] < 5)).any()
    note = tr.chart(rep, "capability_disabled")
    assert isinstance(note, display.Html) and "not charted" in note._repr_html_()
    internal = tr.build("SYN08", 2026, params_dir=ROOT / "params", sdc_mode="internal")
    assert all(s.result is not None for s in internal.series.values())


def test_narrative_agrees_with_the_icons(rep):
    html = tr.key_findings(rep)._repr_html_()
    for s in rep.series.values():
        if s.result is None:
            continue
        icon = s.result.summary["variation_icon"]
        if icon == "common_cause":
            assert s.name in html.split("Common cause variation only")[1]
        else:
            assert f"{s.title}: special cause variation" in html
    fig = tr.chart(rep, "disability_declared")
    assert isinstance(fig, display.Figure)
    assert tr.describe(rep.series["disability_declared"].result) in fig.caption


def test_table_suppresses_small_counts(rep):
    table = tr.table(rep, "capability_disabled").data
    assert "<5" in set(table["Counted"])
    assert table.loc[table["Counted"] == "<5", "entries per 1,000 staff"].eq("<5").all()


def test_p_chart_view_is_drawn_for_a_charted_event_series(synthetic_root):
    internal = tr.build("SYN08", 2026, params_dir=ROOT / "params", sdc_mode="internal")
    fig = tr.p_chart_view(internal, "disciplinary_bme")
    assert isinstance(fig, display.Figure) and "p-chart" in fig.alt or "p'-chart" in fig.alt


def test_missing_snapshots_say_what_to_add(tmp_path, synthetic_root):
    data = tmp_path / "data"
    shutil.copytree(synthetic_root / "SYN08" / "2026", data / "2026", ignore=shutil.ignore_patterns("staff_snapshots.csv"))
    params = yaml.safe_load((ROOT / "params" / "SYN08.yaml").read_text())
    params.update(data_dir=str(data), years=[2026], report_year=2026)
    (tmp_path / "SYN08.yaml").write_text(yaml.safe_dump(params))
    rep = tr.build("SYN08", 2026, params_dir=tmp_path)
    assert rep.missing and "staff_snapshots" in tr.missing_note(rep)._repr_html_()
    assert "staff_snapshots" in tr.key_findings(rep)._repr_html_()
