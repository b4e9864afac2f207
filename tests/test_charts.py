"""Charts render, are reproducible byte for byte, and never draw suppressed values."""

import numpy as np
import pandas as pd

from edi_analysis import charts


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
