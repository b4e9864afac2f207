"""Charts render, are reproducible byte for byte, and never draw suppressed values."""

import numpy as np
import pandas as pd

from edi_analysis.views import charts


def shares():
    return pd.DataFrame({"Women": [70.0, 60.0], "Men": [30.0, 40.0]}, index=["Lower", "Upper"])


def test_share_bars_are_svg_and_reproducible():
    a = charts.share_bars(shares(), title="t", alt="alt text", caption="cap")
    b = charts.share_bars(shares(), title="t", alt="alt text", caption="cap")
    assert a.svg.startswith(b"<?xml") and a.svg == b.svg
    assert a.alt == "alt text"


def test_missing_values_are_not_drawn_as_bars():
    full = charts.paired_bars(pd.DataFrame({"Gap": [5.0, 2.0]}, index=["a", "b"]), title="t", xlabel="x", alt="a", caption="c")
    gap = charts.paired_bars(pd.DataFrame({"Gap": [5.0, np.nan]}, index=["a", "b"]), title="t", xlabel="x", alt="a", caption="c")
    assert full.svg != gap.svg  # the suppressed bar is replaced by a label, not drawn at zero height silently


def test_trend_lines_handles_gaps_in_years():
    s = pd.Series([10.0, np.nan, 8.0], index=[2022, 2023, 2024])
    fig = charts.trend_lines({"Median gap": s}, title="t", ylabel="%", alt="a", caption="c")
    assert fig.svg.startswith(b"<?xml")


def test_palette_is_okabe_ito():
    assert charts.PALETTE["dark"] == "#0072B2" and charts.PALETTE["light"] == "#E69F00"


def test_spc_chart_with_rebase_target_and_signals():
    from edi_analysis.metrics.spc import describe, spc

    dates = pd.date_range("2022-03-31", periods=20, freq="QE")
    values = [10.0, 11.0] * 6 + [14.0, 15.0, 14.5, 15.5, 14.0, 15.0, 14.5, 30.0]
    res = spc(values, dates, improvement_direction="increase", target=12, rebase_indices=[12])
    fig = charts.spc_chart(res, title="Share in band 8a+", ylabel="%")
    assert fig.svg.startswith(b"<?xml") and fig.svg == charts.spc_chart(res, title="Share in band 8a+", ylabel="%").svg
    assert describe(res) in fig.alt and fig.caption == describe(res)
    assert "latest 30.0" in fig.alt


def test_spc_chart_without_limits_or_target():
    from edi_analysis.metrics.spc import spc

    fig = charts.spc_chart(spc([5.0] * 13, improvement_direction="neutral"), title="Flat", ylabel="n")
    assert "process limits" not in fig.alt


def test_p_chart_plot_scales_to_the_unit():
    from edi_analysis.metrics.spc import p_chart

    res = p_chart([3, 5, 4, 6], [900, 1000, 950, 1000])
    fig = charts.p_chart_plot(pd.Series(pd.date_range("2025-03-31", periods=4, freq="QE")), res, title="t",
                              ylabel="per 1,000", alt="a", caption="c", scale=1000)
    assert fig.svg.startswith(b"<?xml")
