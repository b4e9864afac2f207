"""Formatting and accessible HTML for reviewers."""

import math

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from edi_analysis.views import display


@pytest.mark.parametrize(
    ("fn", "value", "expected"),
    [
        (display.fmt_pct, 13.594274, "13.6%"),
        (display.fmt_pct, None, "n/a"),
        (display.fmt_pct, "<5", "<5"),
        (display.fmt_pp, 4.0, "+4.0 pp"),
        (display.fmt_pp, -1.73, "-1.7 pp"),
        (display.fmt_gbp, 1234.5, "£1,234.50"),
        (display.fmt_count, 12345, "12,345"),
        (display.fmt_count, "*", "*"),
        (display.fmt_pct, math.nan, "n/a"),
    ],
)
def test_formats(fn, value, expected):
    assert fn(value) == expected


def test_table_html_is_accessible_and_escaped():
    t = display.Table(pd.DataFrame({"A & B": [1.5, "<5"]}, index=pd.Index(["x", "y"], name="Group")),
                      "Caption <1>", notes=["Note"], text_columns=("A & B",))
    html = t._repr_html_()
    assert "<caption>Caption &lt;1&gt;</caption>" in html
    assert '<th scope="col" class="text">A &amp; B</th>' in html
    assert '<th scope="row">y</th><td class="text">&lt;5</td>' in html
    assert '<p class="table-note">Note</p>' in html
    # the plain-text form a notebook keeps beside the HTML is one short line, not the frame printed out
    assert repr(t) == "Table('Caption <1>', 2 rows)"


def test_figure_needs_alt_text_and_embeds_svg():
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    with pytest.raises(ValueError, match="alt text"):
        display.figure(fig, " ", "caption")
    fig, ax = plt.subplots()
    ax.plot([1, 2], [3, 4])
    out = display.figure(fig, 'Line "up"', "It rises.")
    html = out._repr_html_()
    assert 'alt="Line &quot;up&quot;"' in html and "data:image/svg+xml;base64," in html
    assert "<figcaption>It rises.</figcaption>" in html
    assert repr(out) == f"Figure('It rises.', {len(out.svg):,} bytes of SVG)"


def test_title_banners_and_notes():
    html = display.title("Report", "Trust", "Sub", synthetic=True, internal=True)._repr_html_()
    assert "Synthetic data." in html and "Not for publication." in html
    assert "Synthetic" not in display.title("R", "T", "S", synthetic=False, internal=False)._repr_html_()
    assert 'class="note note-caution"' in display.note("x", "caution")._repr_html_()
    with pytest.raises(ValueError):
        display.note("x", "loud")
    assert "<li>a &lt; b</li>" in display.findings(["a < b"])._repr_html_()


def test_only_a_table_too_wide_for_a_phone_is_a_tab_stop():
    narrow = display.Table(pd.DataFrame({"A": [1.0]}, index=["x"]), "Narrow")._repr_html_()
    assert 'tabindex' not in narrow and '<div class="edi-table">' in narrow
    wide = pd.DataFrame({f"Indicator {i}": [12345.5] for i in range(8)}, index=["All staff"])
    html = display.Table(wide, "Wide & long")._repr_html_()
    assert ('<div class="edi-table" tabindex="0" role="group" aria-label="Wide &amp; long (scrolls sideways)">'
            in html)


def test_narrowest_table_width_worked_by_hand():
    # row headers bold: "x" 9.2 + 22.4; column "A": header 9.2 vs "1.0" 3 * 8.4 = 25.2, + 22.4 -> 31.6 + 47.6
    assert display._narrowest_px([["", "A"], ["x", "1.0"]]) == pytest.approx(79.2)
    # words wrap: a long cell counts only its longest word ("interval", 8 * 8.4 = 67.2)
    assert display._narrowest_px([["", "B"], ["", "an interval of"]]) == pytest.approx(22.4 + 67.2 + 22.4)


def test_chart_text_style_comes_from_the_charts_not_the_figure_helper():
    import matplotlib

    fig, ax = plt.subplots()
    ax.set_title("A title")
    with matplotlib.rc_context({"svg.fonttype": "none"}):
        out = display.figure(fig, "alt", "cap")
    assert b">A title</text>" in out.svg
