"""Charts render, are reproducible byte for byte, never draw suppressed values, and are accessible: every series
has 3:1 contrast against the page and every text 4.5:1 (WCAG formula), text stays text in the SVG, and the smallest
text is still 9 px when the chart is scaled down to a phone's width."""

import re

import numpy as np
import pandas as pd
import pytest

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
    # Okabe-Ito blue and vermilion (their orange, #E69F00, has only 2.2:1 against white)
    assert charts.PALETTE["dark"] == "#0072B2" and charts.PALETTE["light"] == "#D55E00"


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


# --- accessibility ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("a", "b", "expected"), [
    ("#000000", "#FFFFFF", 21.0),  # the largest contrast there is
    ("#FFFFFF", "#FFFFFF", 1.0),
    ("#767676", "#FFFFFF", 4.54),  # the familiar lightest grey that passes 4.5:1 on white
    ("#E69F00", "#FFFFFF", 2.25),  # the orange the reports used to draw with
    ("#FFFFFF", "#0072B2", 5.19),  # order does not matter
])
def test_contrast_ratio_by_the_wcag_formula(a, b, expected):
    # hand-worked: #767676 -> 118/255 = 0.4627 -> ((0.4627 + 0.055) / 1.055) ** 2.4 = 0.1812; (1.05) / (0.2312) = 4.54
    assert charts.contrast_ratio(a, b) == pytest.approx(expected, abs=0.01)


def test_every_series_colour_has_3_to_1_and_every_text_colour_4_5_to_1():
    for role, colour in charts.PALETTE.items():
        assert charts.contrast_ratio(colour) >= 3.0, role
    assert charts._text_colour(charts.PALETTE["light"]) == charts.PALETTE["ink"]  # 3.9:1: not for text
    assert charts._text_colour(charts.PALETTE["dark"]) == charts.PALETTE["dark"]


def _spc_result():
    from edi_analysis.metrics.spc import spc

    dates = pd.date_range("2022-03-31", periods=20, freq="QE")
    values = [10.0, 11.0] * 6 + [14.0, 15.0, 14.5, 15.5, 14.0, 15.0, 14.5, 30.0]
    return spc(values, dates, improvement_direction="increase", target=12, rebase_indices=[12])


LONG = ["Black, Asian and minority ethnic staff", "White staff", "Staff who did not say", "Band 8c and above"]


def every_chart():
    from edi_analysis.metrics.spc import p_chart

    track = pd.DataFrame({"value": [12.0, 10.0, 9.5], "low": [10.0, 8.0, 7.0], "high": [14.0, 12.0, 12.0],
                          "milestone": [12.0, 10.0, 8.0], "status": ["on_track"] * 3}, index=[2024, 2025, 2026])
    dates = pd.Series(pd.date_range("2023-03-31", periods=12, freq="QE"))
    pres = p_chart([3, 5, 4, 6, 5, 4, 3, 6, 5, 4, 7, 5], [900, 1000, 950, 1000, 980, 990, 1000, 970, 960, 950, 990, 1000])
    rng = np.random.default_rng(1)
    return {
        "share_bars": charts.share_bars(pd.DataFrame({"Women": [70.0, 60.0, np.nan, 55.0], "Men": [30.0, 40.0, np.nan, 45.0]},
                                                     index=LONG), title="Who is in each pay quartile, women and men",
                                        alt="a", caption="c"),
        "paired_bars": charts.paired_bars(pd.DataFrame({"Median gap": [5.0, -2.0, np.nan, 12.5],
                                                        "Mean gap": [4.0, -3.5, 1.0, 14.0],
                                                        "Bonus gap": [20.0, 0.0, 3.0, -8.0]}, index=LONG),
                                          title="Pay gap by pay band and measure", xlabel="Gap (% of the higher pay)",
                                          alt="a", caption="c"),
        "trend_lines": charts.trend_lines({"Median gap": pd.Series([10.0, 9.0, 8.2], index=[2024, 2025, 2026]),
                                           "Mean gap": pd.Series([12.0, 11.5, 10.1], index=[2024, 2025, 2026]),
                                           "Bonus gap": pd.Series([30.0, 25.0, 28.0], index=[2024, 2025, 2026])},
                                          title="Gaps over time", ylabel="Gap (%)", alt="a", caption="c"),
        "spc_chart": charts.spc_chart(_spc_result(), title="Share of BME staff in bands 8a and above", ylabel="%"),
        "p_chart_plot": charts.p_chart_plot(dates, pres, title="Entry into the formal disciplinary process",
                                            ylabel="per 1,000 staff", alt="a", caption="c", scale=1000),
        "target_chart": charts.target_chart(track, target_year=2028, target_value=5.0, title="Median gap against its target",
                                            ylabel="Median gap (%)", alt="a", caption="c"),
        "distribution_chart": charts.distribution_chart(pd.Series(rng.normal(8, 5, 200)), 12.0,
                                                        peers=pd.Series(rng.normal(9, 4, 30)),
                                                        title="Median gender pay gap, every NHS trust", xlabel="Gap (%)",
                                                        marker_label="This trust", alt="a", caption="c"),
    }


@pytest.fixture(scope="module")
def svgs():
    return {name: fig.svg.decode("utf-8") for name, fig in every_chart().items()}


def _colours(svg: str, text: bool) -> set[str]:
    tags = re.findall(r"<text\b[^>]*>", svg) if text else re.sub(r"<text\b[^>]*>", "", svg)
    found = re.findall(r"(?:fill|stroke)(?::\s*|=\")(#[0-9a-fA-F]{6})", " ".join(tags) if text else tags)
    return {c.lower() for c in found}


def test_chart_text_is_real_text_in_the_svg(svgs):
    for name, svg in svgs.items():
        assert svg.count("<text") >= 5, name
        assert "<text" in svg and "font-size" in svg, name
    # the title, in its words, is selectable text rather than glyph outlines
    assert ">Share of BME staff in bands 8a and above</text>" in svgs["spc_chart"]


def test_every_drawn_colour_has_3_to_1_and_every_text_4_5_to_1_against_the_page(svgs):
    for name, svg in svgs.items():
        shapes = _colours(svg, text=False) - {"#ffffff"}  # white: the page itself, gaps between bars
        assert shapes, name
        low = {c: round(charts.contrast_ratio(c), 2) for c in shapes if charts.contrast_ratio(c) < 3.0}
        assert not low, f"{name}: colours below 3:1 against the page: {low}"
        texts = _colours(svg, text=True)
        low = {c: round(charts.contrast_ratio(c), 2) for c in texts if charts.contrast_ratio(c) < 4.5}
        assert not low, f"{name}: text colours below 4.5:1: {low}"


def phone_px(svg: str) -> float:
    """The smallest text of a chart in CSS px once it is scaled to fit a phone's text column.

    The SVG's user unit is the point (width "Wpt" with viewBox width W), so text of size f is f * 4/3 px at
    full size, and the image is scaled by PHONE_CONTENT_PX / (W * 4/3) when it is wider than the column.
    """
    width_pt = float(re.search(r'<svg[^>]*\bwidth="([\d.]+)pt"', svg).group(1))
    smallest = min(float(f) for f in re.findall(r"font-size:\s*([\d.]+)px", svg))
    return smallest * 4 / 3 * min(1.0, charts.PHONE_CONTENT_PX / (width_pt * 4 / 3))


def test_smallest_text_is_9px_on_a_phone(svgs):
    sizes = {name: round(phone_px(svg), 2) for name, svg in svgs.items()}
    assert all(px >= charts.MIN_TEXT_PX for px in sizes.values()), sizes


def test_phone_size_rule_worked_by_hand():
    # 10 pt text on a chart 700 pt wide: 13.33 px at full size, scaled by 350 / 933.3 -> 5 px (the old reports)
    svg = '<svg width="700pt" height="100pt"><text style="font-size: 10px">x</text></svg>'
    assert phone_px(svg) == pytest.approx(5.0)


def test_series_differ_without_colour(svgs):
    # bars: hatched patterns; lines: different markers and dash styles
    assert svgs["paired_bars"].count("<pattern") >= 2 and svgs["share_bars"].count("<pattern") >= 1
    assert "stroke-dasharray" in svgs["trend_lines"]
    # SPC: common cause, improvement, concern and neither each have their own marker shape
    shapes = [charts._POINT_STYLE[k]["marker"] for k in ("special_cause_improvement", "special_cause_concern",
                                                          "special_cause_neutral_high")]
    assert len({"o", *shapes}) == 4
